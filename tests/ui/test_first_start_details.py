"""The first start's optional company details (issue 13): address, tax id, IBAN, logo,
checked before the book exists and stored as the book's settings."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from app.services import book
from tests.ui.test_first_start import dialog  # noqa: F401 - the fixture
from ui.dialogs.first_start import FirstStartDialog


def test_the_company_details_go_into_the_new_book(
    dialog: FirstStartDialog,  # noqa: F811
    tmp_path: Path,
) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), (0, 0, 0)).save(logo)
    dialog.company.setText("Loja <b> & Cª")
    dialog.address.setPlainText("Rua Augusta 1500\n01304-001 São Paulo")
    dialog.tax_id.setText("12.345.678/0001-90")
    dialog.iban.setText("gb82 west 1234 5698 7654 32")
    dialog.logo.setText(str(logo))
    dialog.accept()
    assert dialog.result() == FirstStartDialog.DialogCode.Accepted, dialog.error.text()
    s = book.settings()
    assert s["company_address"] == "Rua Augusta 1500\n01304-001 São Paulo"
    assert s["company_tax_id"] == "12.345.678/0001-90"
    assert s["company_iban"] == "GB82 WEST 1234 5698 7654 32"
    assert s["company_logo"] == str(logo.resolve())


def test_a_bad_iban_is_said_and_creates_nothing(dialog: FirstStartDialog) -> None:  # noqa: F811
    dialog.company.setText("Loja")
    dialog.iban.setText("GB82 WEST 1234 5698 7654 33")
    dialog.accept()
    assert "IBAN" in dialog.error.text()
    assert not Path(dialog.url).exists()
    dialog.iban.setText("")
    dialog.logo.setText("/nowhere/logo.png")
    dialog.accept()
    assert "logo" in dialog.error.text() and not Path(dialog.url).exists()
