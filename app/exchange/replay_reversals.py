"""Import, third step, the PayoutReversals sheet: each row replayed through
`payouts` (issue 11), never a second rule.

A row of a refund the workbook brings (replayed from its start) is two
postings, each at its own place in the history: the payout (`pay_refund`,
at `paid_on` / `paid_posted`), then its reversal (`reverse_payout`, at
`date` / `posted`). A row of a refund already in the book takes back the
payout the book holds: the service refuses a refund that is not paid out
(never paid, or taken back already) with its own sentence, named on the
row's `paid_on`, and `compare` names a payout that is not the row's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.exchange.cells import Rec
from app.exchange.ops import Op, _call, _on
from app.services import payouts

if TYPE_CHECKING:
    from app.exchange.replay import Replay

SHEET = "PayoutReversals"


def reversal_ops(replay: Replay) -> list[Op]:
    replayed = {r["number"] for r in replay.p.new["Refunds"]}
    ops = []
    for rec in replay.p.new[SHEET]:
        number = rec["refund"]
        needs: tuple[str, ...] = (number,)
        if number in replayed:
            paid = f"{number} #{rec['seq']}"  # the payout, so a refused one skips its reversal
            at = Rec(rec.sheet, rec.row, rec.cols)
            at.update(rec, date=rec["paid_on"], posted=rec["paid_posted"])
            run = _call(payouts.pay_refund, number, rec["paid_on"], rec["paid_reference"] or "")
            ops.append(Op(at, "paid_on", run, needs=needs, makes=paid))
            needs = (number, paid)
        # A refused reversal leaves the refund out of what follows (its later payout).
        ops.append(Op(rec, "date", _reverse(rec), needs=needs, makes=number))
    return ops


def _reverse(rec: Rec) -> Callable[[], None]:
    def run() -> None:
        _on("paid_on", payouts.paid_out, rec["refund"])
        payouts.reverse_payout(rec["refund"], rec["date"], rec["reason"] or "")

    return run
