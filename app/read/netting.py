"""How a credit note's netting against a paid invoice reads (SPEC §9, §3.4).

A credit note of −100.00 against an invoice the customer paid with 98.00
and a 2.00 cash discount settles −98.00 and reverses −2.00: the customer
is owed 98.00. The settlement row stores what the rules need for the
cached figures (app/rules/settlement.py: `plan_credit_note`): 2.00 taken
from the credit note to pay back the reversed discount, discount −2.00,
with the 98.00 left on the credit note as credit owed. Read as the
bookkeeper reads it, that row is amount −98.00, discount −2.00: what it
reduces of the open balance, less the money it hands back to the
customer. `show --json`, the window's detail and the settlement report
all read it through `shown_amounts`, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from peewee import fn

from models.tables import Invoice, Settlement


def is_netting(row: Settlement) -> bool:
    """A credit note's own netting that reversed cash discount (not an unsettlement)."""
    return row.credit_note_id is not None and row.discount < 0 and row.reverses_id is None


def shown_amounts(rows: Iterable[Settlement]) -> dict[int, int]:
    """Settlement id → the amount its row reads (minor units), for netting rows only.

    The credit at the netting is the credit note's credit less what it applied
    before (its netting comes first); of it, the stored amount less the reversal
    reduced the open balance and what the row did not take went back to the
    customer as credit."""
    netting = [r for r in rows if is_netting(r)]
    if not netting:
        return {}
    notes = {r.credit_note_id for r in netting}
    query: Any = Invoice.select(Invoice.id, Invoice.total).where(Invoice.id.in_(notes)).tuples()
    totals: dict[int, int] = dict(query)
    out: dict[int, int] = {}
    for r in netting:
        note = int(r.credit_note_id or 0)
        before = (
            Settlement.select(fn.COALESCE(fn.SUM(Settlement.amount), 0))
            .where((Settlement.credit_note == note) & (Settlement.id < r.id))
            .scalar()
        )
        credit = -int(totals[note]) - int(before or 0)
        reduces = r.amount + r.discount  # the reversal is paid back from the stored amount
        released = credit - r.amount
        out[r.id] = reduces - released
    return out
