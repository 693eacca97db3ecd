"""PDFs built with reports.pdf_base, checked by their text and fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus import PageBreak

from app.errors import UserError
from reports.pdf_base import build_doc, make_table, para

HOSTILE = "<b>&amp; =1+1 Conceição €"


def test_three_pages_print_hostile_text_literally(tmp_path: Path) -> None:
    story = [para(f"Credit note {HOSTILE}", "title"), para("ç ã é ñ € São João")]
    story += [PageBreak(), para(HOSTILE), PageBreak(), para("last page")]
    path = build_doc(
        tmp_path / "doc.pdf", story, title=f"Nota {HOSTILE}", header_text=f"Empresa {HOSTILE}"
    )
    reader = PdfReader(path)
    assert len(reader.pages) == 3
    assert reader.metadata is not None and reader.metadata.title == f"Nota {HOSTILE}"
    texts = [page.extract_text() for page in reader.pages]
    assert f"Credit note {HOSTILE}" in texts[0]
    assert "ç ã é ñ € São João" in texts[0]
    assert HOSTILE in texts[1]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of 3" in text
        assert f"Empresa {HOSTILE}" in text


def test_only_the_shipped_fonts_are_used_and_embedded(tmp_path: Path) -> None:
    path = build_doc(tmp_path / "f.pdf", [para("<b> ç", "bold"), para("x")], title="t")
    fonts = set()
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            obj = font.get_object()
            fonts.add(obj["/BaseFont"].split("+")[-1])
            assert "/FontFile2" in obj["/FontDescriptor"].get_object()  # embedded TrueType
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}


def test_a_long_table_repeats_its_header_and_landscape_works(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Invoice", "Customer", "Amount"]]
    rows += [[f"F-{n}", f"Cliente {HOSTILE}", f"{n},00 €"] for n in range(200)]
    rows.append(["", "Total", "19 900,00 €"])
    table = make_table(rows, [80, 400, 120], numeric_cols=[2], total_row=True)
    path = build_doc(
        tmp_path / "t.pdf",
        [table],
        title="Table",
        landscape=True,
        page_label="Página {page} de {pages}",
    )
    reader = PdfReader(path)
    pages = len(reader.pages)
    assert pages > 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Invoice" in text and "Customer" in text
        assert f"Página {number} de {pages}" in text
    assert "19 900,00 €" in reader.pages[-1].extract_text()
    assert f"Cliente {HOSTILE}" in reader.pages[-1].extract_text()


def test_an_unwritable_place_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "doc.pdf").mkdir()
    with pytest.raises(UserError, match='"doc.pdf" could not be saved'):
        build_doc(tmp_path / "doc.pdf", [para("x")], title="t")
