"""The settlement report in runs of about a page (issue 12: it grows linearly).

One table per run of whole payment blocks instead of one table for the whole
report. Laid out both ways (`CHUNK_ROWS` huge: the one table of before), the
report prints the same headings, settlement rows and totals in the same
order, and a small report prints exactly the same text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reports import settlement_pdf
from tests.integration.test_reports_pdf import _report, text_of


def _rows(path: Path) -> list[str]:
    keep = ("Payment PAY-", "2026-03-02", "Money received", "1 payment(s)")
    return [ln for page in text_of(path) for ln in page.splitlines() if ln.startswith(keep)]


def _both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blocks: int, each: int
) -> tuple[Path, Path]:
    report = _report(blocks, each)
    runs = settlement_pdf.write_settlement_report(tmp_path / "runs.pdf", report)
    monkeypatch.setattr(settlement_pdf, "CHUNK_ROWS", 10**9)
    one = settlement_pdf.write_settlement_report(tmp_path / "one.pdf", report)
    return runs, one


def test_runs_print_the_rows_of_the_one_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(settlement_pdf._chunks(_report(90, 3).sources)) > 3  # several runs
    runs, one = _both(tmp_path, monkeypatch, 90, 3)
    got, want = _rows(runs), _rows(one)
    assert sum(ln.startswith("Payment PAY-") for ln in want) == 90
    assert any(ln.startswith("Money received (270 settlements)") for ln in want)
    assert got == want


def test_a_small_report_prints_the_same_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs, one = _both(tmp_path, monkeypatch, 4, 2)
    assert text_of(runs) == text_of(one)


def test_a_block_longer_than_a_run_stays_whole() -> None:
    chunks = settlement_pdf._chunks(_report(3, settlement_pdf.CHUNK_ROWS + 5).sources)
    assert [len(c) for c in chunks] == [1, 1, 1]
    assert settlement_pdf._chunks([]) == [[]]  # the empty report: one table, its header
