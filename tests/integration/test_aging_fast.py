"""Issue 12: the fast aging workbook says what the straightforward one said.

The reference is today's path before the change: `compute_aging` for the
totals, the Detail read again by `Aging.rows()` and written cell by cell
through `SheetWriter.row`. The fast path reads each kind of item once
(`plan_aging`) and writes the Detail's XML itself (`SheetWriter.rows`).
Both workbooks are read back by openpyxl and python-calamine and compared
cell by cell: values and number formats, in en, pt_BR and es.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from app import i18n
from app.read import aging
from models.db import close_db, init_db
from reports import aging_job, jobs
from reports.xlsx_write import SheetWriter
from tests.integration.conftest import Cli

AS_OF = dt.date(2026, 3, 31)
WHEN = dt.datetime(2026, 4, 1, 9)


@pytest.fixture
def book(cli: Cli, book_path: Path) -> Path:
    """Customers with hostile names; invoices in every bucket, payments, credit notes."""
    names = ("Conceição & Filhos", "=1+1 <b>Núñez</b>", "'Aspas", "@SUM(A1)", "a_x0041_b")
    for i, name in enumerate(names, 1):
        cli.ok("customer", "add", f"C{i}", name, "--terms", "net 30")
    days = (400, 200, 100, 75, 45, 20, 5)
    for i, back in enumerate(days):
        code = f"C{i % len(names) + 1}"
        on = (AS_OF - dt.timedelta(days=back)).isoformat()
        inv = cli.ok(
            "invoice", "add", "--customer", code, "--date", on, "--amount", f"{100 + i}.25"
        )
        if i % 3 == 0:
            pay = cli.ok("payment", "add", "--customer", code, "--date", on, "--amount", "40.00")
            cli.ok("settle", pay, inv)
        if i == 1:
            cli.ok("credit-note", inv, "--amount", "10.00", "--reason", "damaged")
    cli.ok("payment", "add", "--customer", "C2", "--date", "2026-03-25", "--amount", "30.00")
    cli.ok("payment", "add", "--customer", "C5", "--date", "2026-02-25", "--amount", "7.10")
    return book_path


def _per_cell(self: SheetWriter, rows: Iterable[Sequence[object]]) -> int:
    """`SheetWriter.rows` the straightforward way: one `row` call a row."""
    n = 0
    for values in rows:
        self.row(values)
        n += 1
    return n


def _write(book_path: Path, out: Path, lang: str, *, basis: str = "due") -> aging.Aging:
    init_db(str(book_path))
    try:
        with i18n.language(lang):
            return jobs.aging_workbook(out, AS_OF, basis, (30, 60, 90, 120), generated_at=WHEN)
    finally:
        close_db()


def _cells(path: Path) -> dict[str, list[list[tuple[Any, str]]]]:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: [[(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
        for ws in wb.worksheets
    }


def _calamine(path: Path) -> dict[str, list[list[Any]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.mark.parametrize(("lang", "basis"), [("en", "due"), ("pt_BR", "invoice"), ("es", "due")])
def test_fast_workbook_equals_the_straightforward_one(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, basis: str
) -> None:
    fast = tmp_path / "fast.xlsx"
    got = _write(book, fast, lang, basis=basis)
    with monkeypatch.context() as m:
        m.setattr(SheetWriter, "rows", _per_cell)
        m.setattr(aging_job, "plan_aging", lambda *a: aging.compute_aging(*a))
        slow = tmp_path / "slow.xlsx"
        want = _write(book, slow, lang, basis=basis)
    assert not want.pending and not got.pending
    assert [(c.code, c.buckets, c.credit) for c in got.customers] == [
        (c.code, c.buckets, c.credit) for c in want.customers
    ]
    assert got.item_count == want.item_count >= 8  # invoices, payments and a credit
    cells, reference = _cells(fast), _cells(slow)
    assert list(cells) == list(reference) and len(cells) == 3
    for name, rows in reference.items():
        assert cells[name] == rows, name
    assert _calamine(fast) == _calamine(slow)
    detail = reference[list(reference)[1]]
    assert len(detail) == 1 + got.item_count + 1  # header, the items, the totals row
    assert isinstance(detail[1][4][0], dt.datetime)  # real dates and numbers, as before
    assert detail[1][4][1] == ("yyyy-mm-dd" if lang == "en" else "dd/mm/yyyy")
    assert detail[1][7][1].startswith("#,##0.00")


def test_plan_aging_totals_equal_compute_aging(book: Path) -> None:
    init_db(str(book))
    try:
        for basis in ("due", "invoice"):
            want = aging.compute_aging(AS_OF, basis, (30, 60))
            planned = aging.plan_aging(AS_OF, basis, (30, 60))
            assert planned.pending and planned.customers == [] and planned.item_count == 0
            rows = list(planned.rows())
            assert not planned.pending
            assert [(c.code, c.name, c.buckets, c.credit) for c in planned.customers] == [
                (c.code, c.name, c.buckets, c.credit) for c in want.customers
            ]
            assert planned.item_count == want.item_count == len(rows)
            assert rows == list(want.rows())
    finally:
        close_db()
