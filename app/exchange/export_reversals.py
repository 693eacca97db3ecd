"""Export, the PayoutReversals sheet: each refund's payouts taken back
(`payouts.reverse_payout`, issue 11), read from their `payout_reversal` rows.

The Refunds sheet holds a refund's payout as it stands; a payout taken back
is no longer on the refund, so each one is a row here: the payout (its date,
reference and place in the posting history) and its reversal (date, reason,
place). `seq` numbers a refund's reversals 1, 2, 3 … in the order made. The
same iterator, filtered by `where` (on `Refund`), reads back what an import
or a replay stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from app.rules.money import Currency
from models.tables import PayoutReversal, Refund


def payout_reversals(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q: Any = PayoutReversal.select(
        Refund.number,
        PayoutReversal.paid_on,
        PayoutReversal.paid_reference,
        PayoutReversal.paid_entry,
        PayoutReversal.date,
        PayoutReversal.reason,
        PayoutReversal.entry,
    ).join(Refund, on=(PayoutReversal.refund == Refund.id))
    if where is not None:
        q = q.where(where)
    seq: dict[str, int] = defaultdict(int)
    for number, paid_on, paid_ref, paid_entry, on, reason, entry in (
        q.order_by(PayoutReversal.id).tuples().iterator()
    ):
        seq[number] += 1
        yield {
            "refund": number,
            "seq": seq[number],
            "paid_on": paid_on,
            "paid_reference": paid_ref,
            "paid_posted": paid_entry,
            "date": on,
            "reason": reason,
            "posted": entry,
        }
