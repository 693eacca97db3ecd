"""Import, second step, the PayoutReversals sheet: each row a refund's payout
taken back, checked against the workbook and the book (keys, the refund it
names, its sequence); `Plan` calls it. Whether the payout may be taken back
is the service's to say when the row is replayed (app/exchange/replay_reversals.py)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from app.exchange.export_reversals import payout_reversals
from app.i18n import _
from models.tables import Refund

if TYPE_CHECKING:
    from app.exchange.plan import Plan

SHEET = "PayoutReversals"


def check_reversals(plan: Plan) -> None:
    recs = plan._dupes(SHEET)
    numbers = sorted({r["refund"] for r in recs if isinstance(r["refund"], str)})
    existing: dict[tuple[str, int], dict[str, Any]] = {}
    counted: dict[str, int] = defaultdict(int)
    in_book: set[str] = set()
    for i in range(0, len(numbers), 500):
        chunk = numbers[i : i + 500]
        for d in payout_reversals(plan.cur, Refund.number.in_(chunk)):
            existing[d["refund"], d["seq"]] = d
            counted[d["refund"]] += 1
        found: Any = Refund.select(Refund.number).where(Refund.number.in_(chunk)).tuples()
        in_book.update(str(row[0]) for row in found)
    in_workbook = {r["number"] for r in plan.chk.recs["Refunds"] if isinstance(r["number"], str)}
    next_seq: dict[str, int] = {}
    for rec in recs:
        number = rec["refund"]
        key = (number, rec["seq"])
        if key in existing:
            plan._same_or_refuse(
                rec, existing[key], _("the payout reversal"), skip=("paid_posted",)
            )
            plan.result_.unchanged[SHEET] += 1
            continue
        if number not in in_book and number not in in_workbook:
            plan.chk.fault(rec, "refund", _("is not a refund in this workbook or in the book"))
            continue
        expected = next_seq.get(number, 1 + counted[number])
        if rec["seq"] != expected:
            plan.chk.fault(
                rec,
                "seq",
                _(
                    "should be {expected}: the payout reversals of refund {number} are numbered 1, 2, 3 … without gaps"
                ).format(expected=expected, number=number),
            )
            continue
        next_seq[number] = expected + 1
        plan.new[SHEET].append(rec)
