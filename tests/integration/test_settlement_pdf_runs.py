"""The settlement report laid out a page at a time (issue 12: it grows linearly).

`reports/paged_table.py` measures a window of rows per page instead of
letting reportlab split one giant table (n² work). Laid out both ways — the
paged table, and one reportlab Table of every row as before — the report
prints the same pages with the same text; the column header shows at the
top of each page and nowhere else (runs of separate tables used to repeat
it in the middle of a page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reports import paged_table, settlement_pdf
from tests.integration.test_reports_pdf import _report, text_of

HEADER = (
    "Date\nInvoice\nDue\nApplied\nDiscount\nWrite-off\nFull settl.\nBalance after\nExplanation\n"
)


def _words(pages: list[str]) -> list[list[str]]:
    """Each page's text as lines without the spacing pypdf puts between table parts."""
    return [[ln.strip() for ln in page.splitlines() if ln.strip()] for page in pages]


def _one_table(make: Any, keep: list[int]) -> Any:
    return make(0, len(keep), True, None)  # the one giant Table of before


def _both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blocks: int, each: int
) -> tuple[Path, Path]:
    report = _report(blocks, each)
    paged = settlement_pdf.write_settlement_report(tmp_path / "paged.pdf", report)
    monkeypatch.setattr(settlement_pdf, "PagedTable", _one_table)
    one = settlement_pdf.write_settlement_report(tmp_path / "one.pdf", report)
    return paged, one


@pytest.mark.parametrize(("blocks", "each"), [(90, 3), (41, 1), (4, 2), (7, 40)])
def test_the_paged_table_prints_the_pages_of_the_one_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blocks: int, each: int
) -> None:
    paged, one = _both(tmp_path, monkeypatch, blocks, each)
    assert text_of(paged) == text_of(one)


def test_small_windows_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _report(60, 3)
    want = _words(text_of(settlement_pdf.write_settlement_report(tmp_path / "a.pdf", report)))
    monkeypatch.setattr(paged_table, "WINDOW", 5)
    monkeypatch.setattr(paged_table, "MIN_WINDOW", 5)
    got = _words(text_of(settlement_pdf.write_settlement_report(tmp_path / "b.pdf", report)))
    assert got == want


def test_the_header_tops_every_page_and_shows_nowhere_else(tmp_path: Path) -> None:
    pages = text_of(settlement_pdf.write_settlement_report(tmp_path / "s.pdf", _report(200, 3)))
    assert len(pages) > 5
    for page in pages:
        assert page.count(HEADER) == 1, page[:300]
        assert page.index(HEADER) < page.index("\nF-")
