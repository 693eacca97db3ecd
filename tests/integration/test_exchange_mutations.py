"""Mutation test of the importer: one cell of an exported history changed at a time.

Each changed workbook is imported into an empty book. Either it is refused,
and every problem names a sheet, a row and a column; or it is accepted, and
then the book holds what the services made of it: re-exported, the changed
cell reads back as written (the import compared every filled cell with
what the services stored), the book checks, and `check --replay` finds no
difference.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

from app.exchange import ImportRefused, export_sheets, import_book, replay_check
from app.exchange.check_replay import _Rows
from app.exchange.schema import SHEETS
from app.read.check import check_book
from app.services import book
from models.db import close_db, init_db
from tests.integration.test_exchange_replay import _run_ops

HISTORY = [
    ("invoice", 1, 0, 120_00), ("lines", 2, 1, 300_00), ("payment", 1, 2, 80_00),
    ("settle", 0, 1, 0), ("order", 0, 1, 250_00), ("order_pay", 0, 1, 90_00),
    ("order_invoice", 0, 2, 100_00), ("credit", 0, 3, 40_00), ("payment", 2, 1, 500_00),
    ("settle_part", 1, 1, 50_00), ("correct", 1, 2, 0), ("refund", 1, 4, 20_00),
    ("order_change", 0, 1, 60_00), ("full", 2, 1, 0), ("unsettle", 3, 2, 0),
]


def _exported() -> dict[str, list[list[Any]]]:
    init_db(":memory:", backup=False)
    book.initialise("EUR", "Origem")
    _run_ops(HISTORY)
    return {name: list(rows) for name, _cols, rows in export_sheets()}


def _mutate(value: Any, kind: str, rng: random.Random) -> Any:
    if kind == "money":
        return (value or Decimal(0)) + rng.choice([Decimal("1.00"), Decimal("-0.01"), Decimal("-5.00")])
    if kind == "qty":
        return (value or Decimal(0)) + rng.choice([Decimal(1), Decimal("-0.5")])
    if kind == "date":
        return (value or dt.date(2026, 1, 1)) + dt.timedelta(days=rng.choice([1, -3, 30]))
    if kind == "int":
        return (value or 0) + rng.choice([1, -1])
    if kind == "bool":
        return not value
    return rng.choice(["X-1", "", "C9", "invoice", "2% 10, net 30"])


def _cases(n: int, seed: int) -> list[tuple[str, int, int, Any]]:
    sheets = _exported()
    close_db()
    rng = random.Random(seed)
    cells = [(s, r, c) for s, rows in sheets.items() if s != "Book"
             for r in range(len(rows)) for c in range(len(SHEETS[s]))]
    out = []
    for _ in range(n):
        s, r, c = rng.choice(cells)
        out.append((s, r, c, _mutate(sheets[s][r][c], SHEETS[s][c].kind, rng)))
    return out


def _one(sheets: dict[str, list[list[Any]]], case: tuple[str, int, int, Any]) -> str:
    sheet, r, c, value = case
    changed = {k: [list(row) for row in v] for k, v in sheets.items()}
    changed[sheet][r][c] = value
    init_db(":memory:", backup=False)
    try:
        book.initialise("EUR", "Destino")
        try:
            import_book(_Rows(changed))
        except ImportRefused as e:
            assert e.problems
            for p in e.problems:
                assert p.sheet in SHEETS and p.row >= 2 and p.column, p
            return "refused"
        assert check_book().ok
        again = {name: list(rows) for name, _cols, rows in export_sheets()}
        col = SHEETS[sheet][c].name
        if col != "posted" and value not in (None, ""):
            key_cols = [i for i, cc in enumerate(SHEETS[sheet]) if cc.name in _keys(sheet)]
            key = tuple(changed[sheet][r][i] for i in key_cols)
            match = [row for row in again[sheet] if tuple(row[i] for i in key_cols) == key]
            assert match and match[0][c] == value, (case, match[:1])
        assert replay_check().differences == []
        return "accepted"
    finally:
        close_db()


def _keys(sheet: str) -> tuple[str, ...]:
    from app.exchange.schema import KEYS

    return KEYS[sheet]


def _run(n: int, seed: int) -> dict[str, int]:
    cases = _cases(n, seed)
    sheets = _exported()
    close_db()
    seen = {"refused": 0, "accepted": 0}
    for case in cases:
        seen[_one(sheets, case)] += 1
    return seen


def test_single_cell_changes_are_refused_or_replayed() -> None:
    seen = _run(40, seed=7)
    assert seen["refused"] and seen["accepted"], seen


@pytest.mark.slow
def test_single_cell_changes_are_refused_or_replayed_many() -> None:
    seen = _run(320, seed=11)
    assert seen["refused"] + seen["accepted"] == 320
