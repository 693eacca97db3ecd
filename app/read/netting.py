"""How a credit note's netting against a paid invoice reads (SPEC §9, §3.4).

A credit note of −100.00 against an invoice the customer paid with 98.00
and a 2.00 cash discount settles −98.00 and reverses −2.00: the customer
is owed 98.00. The settlement row stores what the rules need for the
cached figures (app/rules/credit_note.py: `plan_credit_note`): 2.00 taken
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
    by_note: dict[int, list[Settlement]] = {}
    for r in _posting_rows(notes):
        by_note.setdefault(int(r.credit_note_id or 0), []).append(r)
    for note, own in by_note.items():
        own.sort(key=lambda r: r.id)
        before = (
            Settlement.select(fn.COALESCE(fn.SUM(Settlement.amount), 0))
            .where((Settlement.credit_note == note) & (Settlement.id < own[0].id))
            .scalar()
        )
        # The posting's rows: a correction of a chain nets against several invoices
        # at once (app/services/chains.py), the rows between its first and last netting.
        posted = (
            Settlement.select(fn.COALESCE(fn.SUM(Settlement.amount), 0))
            .where(
                (Settlement.credit_note == note)
                & (Settlement.id >= own[0].id)
                & (Settlement.id <= own[-1].id)
            )
            .scalar()
        )
        credit = -int(totals[note]) - int(before or 0)
        released = credit - int(posted or 0)
        # What went back to the customer, split over the rows pro rata to the
        # discount each reversed, the last taking the remainder (§3.9).
        reversed_ = sum(-r.discount for r in own)
        left = released
        for n, r in enumerate(own):
            part = left if n == len(own) - 1 else released * -r.discount // reversed_
            left -= part
            out[r.id] = r.amount + r.discount - part  # what it reduces, less what it released
    return out


def _posting_rows(notes: set[Any]) -> list[Settlement]:
    """Every netting row of these notes, whichever of them the caller asked about.

    A correction of a chain nets against several invoices in one posting; each
    row's reading depends on all of them (the credit handed back is split pro
    rata), so one row shown alone (`show settlement 3`, an invoice's own list,
    a period of the settlement report) must read what it reads among its siblings."""
    query = Settlement.select().where(
        Settlement.credit_note.in_(notes)
        & (Settlement.discount < 0)
        & Settlement.reverses.is_null(True)
    )
    return [r for r in query.order_by(Settlement.id) if is_netting(r)]
