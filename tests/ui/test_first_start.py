"""The window's first start (issue 10): a missing default book opens a dialog
that makes the book on purpose — company, currency from a searchable list,
language, default terms, optionally a demo — instead of silently creating a
EUR book with no company. A named path that does not exist is refused like
the command line refuses it, and no display is one sentence, not an abort."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from app.services import book
from models.db import close_db
from ui import i18n
from ui.dialogs.first_start import FirstStartDialog, currency_names
from ui.main import window_problem


@pytest.fixture
def dialog(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    close_db()
    dlg = FirstStartDialog(str(tmp_path / "new" / "book.sqlite"), today=date(2026, 4, 15))
    qtbot.addWidget(dlg)
    yield dlg
    close_db()
    i18n.install("en")  # the dialog installs the language it was given


def _type_currency(qtbot, dlg: FirstStartDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = dlg.currency.lineEdit()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_the_currency_list_comes_from_the_locale_data() -> None:
    names = currency_names("en")
    assert {"EUR", "BRL", "JPY", "USD", "CHF"} <= set(names)
    assert len(names) > 100
    assert "Real" in names["BRL"] or "real" in names["BRL"]


def test_the_dialog_makes_the_book_with_the_chosen_currency_and_company(
    qtbot, dialog: FirstStartDialog
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.company, "Loja Paulista Ltda")
    _type_currency(qtbot, dialog, "BRL")
    assert dialog.currency_code() == "BRL"
    dialog.terms.setText("2% 10, net 30")
    dialog.language.setCurrentIndex(dialog.language.findData("pt_BR"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == FirstStartDialog.DialogCode.Accepted, dialog.error.text()
    assert Path(dialog.url).exists()
    s = book.settings()
    assert (s["currency"], s["company_name"]) == ("BRL", "Loja Paulista Ltda")
    assert s["default_terms"] == "2% 10, net 30"
    assert QSettings().value("language") == "pt_BR"
    assert s["language"] == "pt_BR"  # the book's: its customers' documents


def test_a_picked_entry_of_the_searchable_list_is_its_code(qtbot, dialog: FirstStartDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.currency.setCurrentIndex(dialog.currency.findData("JPY"))
    assert dialog.currency.currentText().startswith("JPY — ")
    assert dialog.currency_code() == "JPY"
    dialog.company.setText("Tanaka KK")
    dialog.accept()
    assert book.settings()["currency"] == "JPY"


@pytest.mark.parametrize(
    ("currency", "terms", "demo", "said"),
    [
        ("EURO", "net 30", False, "ISO 4217"),
        ("EUR", "net thirty", False, "terms|term"),
        ("JPY", "net 30", True, "cents"),
    ],
)
def test_a_refused_value_is_said_in_the_dialog_and_creates_nothing(
    qtbot, dialog: FirstStartDialog, currency: str, terms: str, demo: bool, said: str
) -> None:  # type: ignore[no-untyped-def]
    import re

    _type_currency(qtbot, dialog, currency)
    dialog.terms.setText(terms)
    dialog.demo.setChecked(demo)
    dialog.accept()
    assert dialog.result() != FirstStartDialog.DialogCode.Accepted
    assert re.search(said, dialog.error.text(), re.I), dialog.error.text()
    assert not Path(dialog.url).parent.exists()


def test_cancel_creates_nothing(qtbot, dialog: FirstStartDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.reject()
    assert not Path(dialog.url).parent.exists()


def test_fill_with_a_demo_book(qtbot, dialog: FirstStartDialog) -> None:  # type: ignore[no-untyped-def]
    from app.read.lookups import has_documents

    dialog.company.setText("Minha Empresa")
    dialog.demo.setChecked(True)
    dialog.accept()
    assert dialog.result() == FirstStartDialog.DialogCode.Accepted, dialog.error.text()
    assert book.settings()["company_name"] == "Minha Empresa"
    assert has_documents()


def test_a_named_missing_book_is_refused_before_qt_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    default = tmp_path / "default.sqlite"
    monkeypatch.setenv("ACERTO_BOOK", str(default))
    typo = tmp_path / "typo" / "shop.sqlite"
    problem = window_problem(str(typo))
    assert problem is not None and problem.startswith(f"No book at {typo}.")
    assert window_problem(str(default)) is None  # the first start opens the dialog
    assert not typo.parent.exists() and not default.exists()


def test_no_display_is_one_sentence_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from app.cli import main

    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ACERTO_BOOK", str(tmp_path / "book.sqlite"))
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("No display is available for the window:"), err
    assert "xvfb-run" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_window_on_a_missing_default_book_opens_the_first_start_dialog(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from ui import excepthook, main

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    default = tmp_path / "data" / "book.sqlite"
    monkeypatch.setenv("ACERTO_BOOK", str(default))
    monkeypatch.setattr(excepthook, "install", lambda: None)
    asked: list[str] = []

    def cancelled(self: FirstStartDialog) -> int:
        asked.append(self.url)
        return 0

    monkeypatch.setattr(FirstStartDialog, "exec", cancelled)
    assert main.run_window(str(default)) == 0  # Cancel: no window, no book
    assert asked == [str(default)]
    assert not default.parent.exists()


def test_open_book_refuses_a_path_where_no_book_is(
    qtbot, ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from ui import main

    said: list[str] = []
    monkeypatch.setattr(main.QMessageBox, "warning", lambda *a: said.append(a[2]))
    window = main.MainWindow(ctx)
    qtbot.addWidget(window)
    gone = tmp_path / "gone" / "old.sqlite"
    assert window.switch_book(str(gone)) is False
    assert "No book at" in said[0]
    assert not gone.parent.exists()
    assert window.ctx.url == ctx.url


def test_the_language_offered_is_the_one_the_window_speaks(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # `acerto screenshot --lang pt_BR` (and a saved choice) showed "English" here.
    close_db()
    i18n.install("pt_BR")
    try:
        dlg = FirstStartDialog(str(tmp_path / "book.sqlite"), today=date(2026, 4, 15))
        qtbot.addWidget(dlg)
        assert dlg.language.currentData() == "pt_BR"
    finally:
        close_db()
        i18n.install("en")
