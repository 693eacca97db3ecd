"""The settlement report drawn by reports/row_table.py (issue 12: it grows linearly).

`RowTable` measures each row once and draws a page's rows itself instead of
building reportlab `Table`s. Laid out both ways — `RowTable`, and the one
reportlab Table of every row it stands for (`Rows.as_table`) — the report
prints the same pages with the same text, every row has the same height,
and the column header shows at the top of each page and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.read.report_data import Party, SettlementReport, SourceBlock
from app.rules.money import Currency
from reports import settlement_pdf
from tests.integration.test_reports_pdf import _report, text_of

HEADER = "Date Invoice Due Applied Discount Write-off Full settl. Balance after Explanation "
WORDS = "the invoice was paid in full with a cash discount of two per cent Conceição € — ñandú"


_LINE = _report(1, 1).sources[0].lines[0]


def _words_from(n: int) -> str:
    """One to 70 words, starting at word n."""
    words = WORDS.split(" ")
    return " ".join(words[(n + i) % len(words)] for i in range(n % 70 + 1))


def _varied(blocks: int) -> SettlementReport:
    """Blocks of 1-5 rows whose explanations run from one word to four lines, some
    automatic, some credit notes, names long enough to wrap the heading."""
    d = dt.date(2026, 3, 2)
    sources = []
    for b in range(1, blocks + 1):
        lines = [
            replace(
                _LINE,
                settlement=b * 10 + k,
                invoice=f"F-{b}-{k}",
                applied=Decimal("6.00") * k,
                discount=Decimal("0.12") if k % 2 else Decimal(0),
                full_settlement=Decimal("1.05") if b % 7 == 0 else Decimal(0),
                balance_after=Decimal("-4.00") + k,
                explanation=_words_from(b * 7 + k * 11),
                automatic=b % 5 == 0,
            )
            for k in range(1, b % 5 + 2)
        ]
        kind = "credit_note" if b % 6 == 0 else "payment"
        name = "Muñoz & Filhos " * (1 + (b % 9 == 0) * 12)
        sources.append(
            SourceBlock(f"PAY-{b:04d}", kind, d, "C1", name, Decimal("6.00"), "ref <b>", lines)
        )
    return SettlementReport(Currency.of("EUR"), Party("Conceição Lda"), d, d, None, sources)


def _words(pdf: Path) -> list[str]:
    """Each page's words (text extraction breaks lines differently for one text object
    a page and one a cell)."""
    return [" ".join(page.split()) + " " for page in text_of(pdf)]


def _one_table(rows: Any) -> Any:
    return rows.as_table()  # the one giant reportlab Table it stands for


@pytest.mark.parametrize(
    "report",
    [_report(90, 3), _report(41, 1), _report(4, 2), _report(7, 40), _varied(60), _varied(3)],
)
def test_the_row_table_prints_the_pages_of_the_one_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, report: SettlementReport
) -> None:
    drawn = _words(settlement_pdf.write_settlement_report(tmp_path / "rows.pdf", report))
    monkeypatch.setattr(settlement_pdf, "RowTable", _one_table)
    one = _words(settlement_pdf.write_settlement_report(tmp_path / "one.pdf", report))
    assert drawn == one


def test_every_row_is_as_high_as_reportlab_makes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Any] = []

    def capture(rows: Any) -> Any:
        made.append(rows)
        return rows.as_table()

    monkeypatch.setattr(settlement_pdf, "RowTable", capture)
    settlement_pdf.write_settlement_report(tmp_path / "s.pdf", _varied(40))
    rows = made[0]
    table = rows.as_table()
    table.wrap(rows.width, 1e9)
    assert len(set(rows.heights)) > 3  # rows of one to four lines, headings of one and two
    assert rows.heights == pytest.approx(table._rowHeights[1:])
    assert rows.header_height == pytest.approx(table._rowHeights[0])


def test_the_header_tops_every_page_and_shows_nowhere_else(tmp_path: Path) -> None:
    pages = _words(settlement_pdf.write_settlement_report(tmp_path / "s.pdf", _report(200, 3)))
    assert len(pages) > 5
    for page in pages:
        assert page.count(HEADER) == 1, page[:300]
        assert page.index(HEADER) < page.index(" F-")
