"""The cached TrueType fonts write the very bytes reportlab's own `TTFont` writes (issue 12).

`reports/pdf_fonts.py` keeps each subset's font program, deflated streams,
widths, ToUnicode map and font dictionaries per process, and encodes text
whose characters already have codes without reportlab's loop. A credit note
made with the house fonts — first with empty caches, then from them, then
with characters the first never used — is byte for byte the PDF made with
plain `TTFont`s registered under the same names.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.read.report_data import CreditNoteData, DocLine, Party
from app.rules.money import Currency
from reports import pdf_base
from reports.credit_note_pdf import write_credit_note


def _note(name: str, description: str) -> CreditNoteData:
    return CreditNoteData(
        currency=Currency.of("EUR"),
        company=Party("Conceição & Filhos, Lda", address="Rua da Alfândega 10\n1100-016 Lisboa"),
        customer=Party(name, code="C1", address="Calle Ñandú 3, Madrid"),
        number="CN-000007",
        date=date(2026, 3, 9),
        kind="credit_note",
        invoice="INV-000003",
        invoice_date=date(2026, 3, 1),
        invoice_total=Decimal("100.00"),
        reason="Devolução — peças € partidas",
        lines=(DocLine(1, description, Decimal(1), Decimal("100.00"), Decimal("100.00")),),
        credit=Decimal("100.00"),
        reduces_invoice=Decimal("98.00"),
        discount_reversed=Decimal("2.00"),
        owed_to_customer=Decimal("98.00"),
        open_credit=Decimal("98.00"),
    )


NOTES = [
    _note("Muñoz Peña S.L.", "Parafusos"),
    _note("Muñoz Peña S.L.", "Parafusos"),  # the same again: every cache hit
    _note("Łódź Ørsted ŽŠ ÆØÅ ĳ", "ẞ ŋ ŧ ȷ ǆ ǈ ǋ"),  # characters of a later subset
]


def _plain_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    registered = pdfmetrics._fonts
    for name in pdf_base._FONT_FILES:
        monkeypatch.setitem(registered, name, TTFont(name, registered[name].face.filename))


def test_cached_fonts_write_the_bytes_of_plain_ttfonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf_base.register_fonts()
    cached = [
        write_credit_note(tmp_path / f"c{i}.pdf", n).read_bytes() for i, n in enumerate(NOTES)
    ]
    _plain_fonts(monkeypatch)
    plain = [write_credit_note(tmp_path / f"p{i}.pdf", n).read_bytes() for i, n in enumerate(NOTES)]
    assert cached[0] == cached[1]
    assert cached[2] != cached[0]
    assert cached == plain
