"""The import's posting order (app/exchange/ops.py: `_sort`) and its runs (`_run_of`).

`_sort` works out the first int of a row placed by its date alone once per
date; the property sorts random operations with it and with the plain key
of each (`posting_key` of the row's own values, as the sort's docstring
says) and asks for the same keys and the same order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.exchange.cells import Rec
from app.exchange.ops import PAYOUT_RANK, RANK, Op, _payment_of, _run_of, _sort, posting_key
from app.exchange.schema import CHECK_EVERY, SHEET_ORDER

SHEETS = [name for name in RANK if name in SHEET_ORDER]
DAYS = [dt.date(2026, 3, d) for d in (1, 2, 9)] + [None, "bad date"]


def _plain_key(op: Op, numbered: list[tuple[dt.date, int]]) -> tuple[Any, ...]:
    """The key of one operation computed from its own row alone."""
    rec = op.rec
    sheet_no = SHEET_ORDER.index(rec.sheet)
    rank = RANK[rec.sheet] if op.rank is None else op.rank
    on = rec["date"] if isinstance(rec["date"], dt.date) else dt.date.max
    if isinstance(rec["posted"], int):
        return posting_key(rec["posted"], 0, on, rank, sheet_no, rec.row)
    if rec.sheet == "OrderChanges" and isinstance(rec.get("after"), int):
        return posting_key(rec["after"], 0, dt.date.max, rank, sheet_no, rec.row)
    before = [posted for day, posted in numbered if day <= on]
    return posting_key(max(before, default=0), 1, on, rank, sheet_no, rec.row)


row = st.fixed_dictionaries(
    {
        "sheet": st.sampled_from(SHEETS),
        "date": st.sampled_from(DAYS),
        "posted": st.one_of(st.none(), st.none(), st.integers(0, 40)),
        "after": st.one_of(st.none(), st.integers(0, 40)),
        "payout": st.booleans(),
    }
)


@settings(max_examples=200, deadline=None)
@given(st.lists(row, max_size=30))
def test_sort_gives_each_row_its_plain_key(rows: list[dict[str, Any]]) -> None:
    ops = []
    for n, r in enumerate(rows, 2):
        rec = Rec(r["sheet"], n, {}, [("date", r["date"]), ("posted", r["posted"])])
        if r["sheet"] == "OrderChanges":
            rec["after"] = r["after"]
        rank = PAYOUT_RANK if r["payout"] and r["sheet"] == "Refunds" else None
        ops.append(Op(rec, "date", lambda: None, rank=rank))
    numbered = sorted(
        (op.rec["date"], op.rec["posted"])
        for op in ops
        if isinstance(op.rec["posted"], int) and isinstance(op.rec["date"], dt.date)
    )
    plain = sorted(ops, key=lambda op: _plain_key(op, numbered))
    _sort(ops)
    assert [op.key for op in ops] == [_plain_key(op, numbered) for op in plain]
    assert [id(op) for op in ops] == [id(op) for op in plain]


def test_a_run_of_payments_stops_at_the_first_other_op_or_at_check_every() -> None:
    rec = Rec("Payments", 2, {})
    pay = Op(rec, "amount", lambda: None, payment=object())  # type: ignore[arg-type]
    other = Op(rec, "amount", lambda: None)
    ops = [other, pay, pay, other, pay] + [pay] * (CHECK_EVERY + 3)
    assert _run_of(ops, 1, _payment_of) == [pay, pay]
    assert _run_of(ops, 0, _payment_of) == []
    assert len(_run_of(ops, 4, _payment_of)) == CHECK_EVERY
    assert len(_run_of(ops, 4 + CHECK_EVERY, _payment_of)) == 4
