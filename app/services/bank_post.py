"""Posting many bank lines in one call (accept-all): `post_line` of each, together.

Each line is posted as `bank.post_line` posts it alone — a payment of the
customer on the line's value date with the line as its reference, settled
against the invoices named under the normal rules, the line's IBAN
remembered as the customer's when the item says it teaches it (`teach`);
money out pays a refund — but the payments go in one call of
`payments.record_payments` and their settlements in one call of
`settlements.settle_many`, which decide each row exactly as alone. A line
the services refuse leaves nothing of the whole call: `LineRefused` names
it, and the caller posts the lines before it and goes on after it. Every
refusal is known before anything is written (`settlements.plan_many`), so
the settlements are written after the call's savepoint is left: the
savepoint, never used, is never sent to SQLite, which would otherwise copy
each page the chunk writes into its statement journal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from app.errors import UserError
from app.services import book, payments, settlements
from app.services.bank import HeldLine, post_line, reference_of, remember_iban
from app.services.payments import PaymentIn
from app.services.settlements import SettleIn
from models import fast_bulk
from models.db import database
from models.tables import Invoice, Payment, Refund


class LinePost(NamedTuple):
    """A line and what to post for it (`post_line`'s arguments); a named tuple, one a line."""

    row: HeldLine
    customer: str | None = None
    invoices: Sequence[str] = ()
    refund: str | None = None
    amounts: Mapping[str, Decimal] | None = None
    teach: bool = False  # the line's IBAN remembered as the customer's (`post_line`)


class LineRefused(Exception):
    """Line `items[index]` of a `post_lines` call was refused; nothing was written."""

    def __init__(self, index: int, error: UserError) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


@dataclass
class Kept:
    """The invoices a run of `post_lines` calls has read, kept from call to call (one
    instance each: a call's settlements move their figures, and the next call
    starts from them), and how to have the invoices none of the calls has read
    (those the run has not changed): made of the whole rows the matcher read
    (`rows`, by number: app/read/bank_lookup.py), else read from a connection
    reading the book as last committed (`committed`, models/db.py
    `committed_reader`). A call that raises LineRefused may have moved the
    figures of the invoices it read: the run goes on without them (reading the
    book again)."""

    committed: Any
    rows: dict[str, Any] = field(default_factory=dict)
    invoices: dict[str, Invoice] = field(default_factory=dict)

    # Rows the matcher read and no call has taken (its other candidates), kept at most:
    # beyond, they are let go (an invoice named later is then read again).
    MOST = 50_000

    def held(self, items: Sequence[LinePost]) -> list[Invoice]:
        """The invoices `items` name, those not kept yet made or read as committed."""
        names = {str(n).strip() for item in items for n in item.invoices}
        # Not `names - self.invoices.keys()`: a set minus a dict's keys walks every key
        # kept (tens of thousands by the end of a large run), each call.
        missing = [n for n in names if n not in self.invoices]
        if missing:
            rows = self.rows
            whole = [r for n in missing if (r := rows.pop(n, None)) is not None]
            self.invoices.update((inv.number, inv) for inv in fast_bulk.loaded(Invoice, whole))
            unread = [n for n in missing if n not in self.invoices]
            if unread:
                self.invoices.update(
                    fast_bulk.get_many_by(Invoice, Invoice.number, unread, committed=self.committed)
                )
            if len(rows) > self.MOST:
                rows.clear()
        return [self.invoices[n] for n in names if n in self.invoices]


def post_lines(items: Sequence[LinePost], kept: Kept | None = None) -> list[Payment | Refund]:
    """`post_line` of every item, in order, in one savepoint; what each posted.
    Raises LineRefused for the first line the services refuse (the refusals of
    every phase weighed together) and writes nothing. `kept`: the invoices the
    run has read, and how to read the others (see `Kept`)."""
    posted: dict[int, Payment | Refund] = {}
    refused: dict[int, UserError] = {}
    with database.atomic():
        cur = book.currency()
        money_in = []
        for k, item in enumerate(items):
            if item.row.amount < 0 or item.customer is None:  # refused or paid out alone
                try:
                    posted[k] = post_line(
                        item.row, customer=item.customer, invoices=item.invoices, refund=item.refund
                    )
                except UserError as e:
                    refused[k] = e
            else:
                money_in.append(k)
        made = payments.record_payments(
            PaymentIn(
                str(items[k].customer),
                items[k].row.value_date,
                cur.from_minor(items[k].row.amount),
                reference=reference_of(items[k].row),
            )
            for k in money_in
        )
        for k, pay in zip(money_in, made, strict=True):
            if isinstance(pay, UserError):
                refused[k] = pay
            else:
                posted[k] = pay
        asked = [k for k in money_in if items[k].invoices and k in posted]
        done, plans = settlements.plan_many(
            (
                SettleIn(
                    posted[k].number,
                    tuple(items[k].invoices),
                    on=items[k].row.value_date,
                    amounts=items[k].amounts,
                )
                for k in asked
            ),
            held=[
                *(p for k in asked if isinstance(p := posted[k], Payment)),
                *(kept.held([items[k] for k in asked]) if kept is not None else ()),
            ],
        )
        for k, result in zip(asked, done, strict=True):
            if isinstance(result, UserError):
                refused[k] = result
        if refused:  # the first refused line; leaving the savepoint undoes everything
            first = min(refused)
            raise LineRefused(first, refused[first])
        for k in money_in:
            if items[k].teach:
                remember_iban(items[k].row, posted[k].customer_id)
    # Nothing refused: the settlements written after the savepoint, which no
    # statement then ran inside (settlements.plan_many: SQLite journals no page).
    plans.flush(made=False)
    return [posted[k] for k in range(len(items))]
