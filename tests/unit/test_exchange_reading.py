"""The import's reading a column at a time gives what reading cell by cell gives.

`app.exchange.reading.read_sheet` accepts a chunk's column in a few passes
when every cell is of the usual valid kind and falls back to `read_cell`
otherwise; here random sheets (mostly one kind a column, with bad and odd
cells among them) are read both ways: the same values, the same problems,
with the same sheet, row, column and sentence.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.exchange import reading
from app.exchange.cells import INVALID, Bad, Checker, Formula, Problem, read_cell, shown
from app.exchange.schema import SHEETS
from app.rules.money import Currency

SHEET = "Payments"
COLS = SHEETS[SHEET]
CUR = Currency.of("EUR")

_ODD: list[Any] = [None, "", "   ", True, Formula(None), Formula(Decimal(1))]
_POOL: dict[str, list[Any]] = {
    "text": ["PAY-1", " C1 ", "x" * 400, "a\x01b", "ok", "tab\there", "\ud800", 5, Decimal("1.5")],
    "money": [
        Decimal("1.00"),
        Decimal("12.5"),
        Decimal("1.005"),
        3,
        Decimal("-5.25"),
        Decimal("1E+20"),
        "12.50",
        dt.date(2024, 1, 1),
    ],
    "date": [
        dt.date(2024, 1, 1),
        dt.date(1800, 1, 1),
        dt.datetime(2024, 1, 1),
        dt.datetime(2024, 1, 1, 5),
        45000,
        "2024-01-02",
        Decimal("45000.5"),
    ],
    "int": [0, 5, -1, 10**20, Decimal("3"), Decimal("3.5"), "7"],
}


# Cells of a column's own type that are still refused (or read otherwise): a
# column of valid cells with one of these must leave the column-wise path.
_NEAR: dict[str, list[Any]] = {
    "text": ["x" * 400, "a\x01b", "   ", "", "\ud800"],
    "money": [Decimal("1.005"), Decimal("1E+20"), Decimal("-1E+20"), 3],
    "date": [dt.date(1800, 1, 1), dt.date(9999, 1, 1)],
    "int": [-1, 10**20],
}


def _column(kind: str) -> st.SearchStrategy[list[Any]]:
    usual = st.sampled_from(_POOL[kind][:2])
    any_ = st.sampled_from(_POOL[kind] + _ODD)
    valid = st.lists(usual, min_size=1, max_size=9)
    return st.one_of(
        valid,  # every cell valid: the column at once
        st.lists(st.one_of(usual, usual, any_), min_size=1, max_size=9),
        st.tuples(valid, st.sampled_from(_NEAR[kind]), st.integers(0, 8)).map(
            lambda t: [*t[0][: t[2]], t[1], *t[0][t[2] :]]
        ),
    )


def _one_by_one(rows: list[tuple[int, list[Any]]]) -> tuple[list[Any], list[str]]:
    """The straightforward reading: `read_cell` for every cell of every row."""
    recs, problems = [], []
    for number, values in rows[1:]:
        rec = {}
        for i, col in enumerate(COLS):
            raw = values[i] if i < len(values) else None
            try:
                rec[col.name] = read_cell(col, raw, CUR, False)
            except Bad as e:
                letter = chr(65 + i)
                problems.append(
                    str(Problem(SHEET, number, f"{letter} ({col.name})", shown(raw), str(e)))
                )
                rec[col.name] = INVALID
        recs.append((number, rec))
    return recs, problems


@settings(max_examples=150, deadline=None)
@given(st.tuples(*(_column(c.kind) for c in COLS)), st.integers(1, 4), st.booleans())
def test_a_sheet_read_a_column_at_a_time_as_cell_by_cell(
    columns: tuple[list[Any], ...], chunk: int, short_row: bool
) -> None:
    height = max(map(len, columns))  # a shorter column goes on with its first cell
    columns = tuple(col + [col[0]] * (height - len(col)) for col in columns)
    rows = [(1, [c.name for c in COLS])]
    rows += [(n + 2, [col[n] for col in columns]) for n in range(height)]
    if short_row:  # a row that ends early: its missing cells are blanks
        rows.append((height + 5, rows[-1][1][:3]))
    chk = Checker(CUR, False)
    was = reading.CHECK_EVERY
    reading.CHECK_EVERY = chunk  # several chunks, so a column is taken in pieces
    try:
        reading.read_sheet(chk, SHEET, iter(rows))
    finally:
        reading.CHECK_EVERY = was
    want_recs, want_problems = _one_by_one(rows)
    got = [(r.row, dict(r)) for r in chk.recs[SHEET]]
    assert got == want_recs
    assert [[type(v) for v in rec.values()] for _n, rec in got] == [
        [type(v) for v in rec.values()] for _n, rec in want_recs
    ]
    assert [str(p) for p in chk.problems] == want_problems
    assert all(r.cols["amount"] == "E" for r in chk.recs[SHEET])


def test_a_missing_required_column_leaves_its_cells_invalid() -> None:
    chk = Checker(CUR, False)
    rows: list[tuple[int, list[Any]]] = [
        (1, ["number", "customer", "date"]),
        (2, ["P1", "C1", dt.date(2024, 1, 1)]),
    ]
    reading.read_sheet(chk, SHEET, iter(rows))
    (rec,) = chk.recs[SHEET]
    assert rec["amount"] is INVALID and rec["number"] == "P1"
    assert [str(p) for p in chk.problems] == [
        'Payments row 1: "amount" is a column this sheet must have'
    ]
