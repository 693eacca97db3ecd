"""A customer's statement of account over a period (issue 13), read from the book.

The balance is what the customer owes net of credit: invoices and
corrective invoices add their total, credit notes take theirs off,
payments take their amount off, refunds add theirs back, and a settlement
moves money from credit to an invoice, so only its cash discount,
write-off and full-settlement waiver change the balance. The opening
balance sums everything dated before the period; each line after it adds
its debit and takes its credit; the closing balance is `show customer`'s
net balance when nothing is dated after the period. The aging footer is
the book's aging as of the period's end (`app/read/aging.py`), the same
figures as the aging workbook. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.errors import Cancelled, UserError
from app.i18n import _, said_day
from app.read import statement_batch as batch
from app.read.aging import Aging, Bucket, CustomerAging, compute_aging
from app.read.report_data import Party, _party, company
from app.rules.money import ZERO, Currency
from app.services import book
from app.services.documents import get_customer
from models.tables import Customer


@dataclass(frozen=True)
class StatementLine:
    date: dt.date
    document: str
    kind: str  # invoice / standalone / corrective / credit_note / payment / refund / settlement
    detail: str  # a payment's reference, a credit note's or refund's reason
    debit: Decimal  # adds to what the customer owes
    credit: Decimal  # takes from it
    balance: Decimal  # after this line
    due: dt.date | None = None  # an invoice's due date
    source: str = ""  # a settlement's payment or credit note
    invoice: str = ""  # the invoice a settlement settles
    applied: Decimal = ZERO  # what a settlement applied (as the book reads it)


@dataclass(frozen=True)
class Statement:
    currency: Currency
    company: Party
    customer: Party
    date_from: dt.date
    date_to: dt.date
    opening: Decimal
    lines: tuple[StatementLine, ...]
    buckets: tuple[Bucket, ...]
    aging: CustomerAging | None  # None: nothing open and no credit at the end
    language: str = ""  # the customer's own document language ("": the book's)

    @property
    def closing(self) -> Decimal:
        return self.lines[-1].balance if self.lines else self.opening

    @property
    def credit(self) -> Decimal:
        return self.aging.credit if self.aging else ZERO


def check_period(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise UserError(
            _("The statement runs from {start} to {end}: the end is before the start.").format(
                start=said_day(date_from), end=said_day(date_to)
            )
        )


def statement(code: str, date_from: date, date_to: date, aging: Aging | None = None) -> Statement:
    """The statement of customer `code`; `aging` as of `date_to` when already computed."""
    check_period(date_from, date_to)
    c = get_customer(code)
    if aging is None or aging.as_of != date_to:
        aging = compute_aging(date_to)
    return _statement(c, date_from, date_to, aging, company())


def statements(
    date_from: date,
    date_to: date,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[int, Iterator[Statement]]:
    """(how many, the statements) of every customer with a balance or credit at `date_to`.

    The whole batch is read in a few set-based queries (`app/read/statement_batch.py`),
    then each statement is assembled as `statement` assembles one."""
    check_period(date_from, date_to)
    aging = compute_aging(date_to, cancelled=cancelled)
    codes = [c.code for c in aging.customers if c.total or c.credit]
    sender = company()
    wanted = set(codes)
    customers = {c.code: c for c in Customer.select() if c.code in wanted}
    ids = {c.id for c in customers.values()}
    cur = book.currency()
    opening = batch.balances_before(date_from)
    moves = batch.movements(ids, date_from, date_to, cur)
    ages = {a.code: a for a in aging.customers}

    def each() -> Iterator[Statement]:
        for code in codes:
            if cancelled is not None and cancelled():
                raise Cancelled(_("The statements were cancelled."))
            c = customers[code]
            yield assemble(
                c, cur.from_minor(opening.get(c.id, 0)), moves.get(c.id, []), date_from,
                date_to, aging, ages.get(code), sender,
            )  # fmt: skip

    return len(codes), each()


def _statement(
    c: Customer, date_from: date, date_to: date, aging: Aging, sender: Party
) -> Statement:
    cur = book.currency()
    opening = cur.from_minor(batch.balances_before(date_from, c.id).get(c.id, 0))
    mine = next((a for a in aging.customers if a.code == c.code), None)
    moves = batch.movements({c.id}, date_from, date_to, cur, c.id).get(c.id, [])
    return assemble(c, opening, moves, date_from, date_to, aging, mine, sender)


def assemble(
    c: Customer,
    opening: Decimal,
    moves: Iterable[batch.Movement],
    date_from: date,
    date_to: date,
    aging: Aging,
    mine: CustomerAging | None,
    sender: Party,
) -> Statement:
    """The statement from its opening balance and the period's movements (any order)."""
    balance = opening
    lines: list[StatementLine] = []
    for on, _order, number, kind, detail, debit, credit, extra in sorted(
        moves, key=lambda m: (m[0], m[1], len(m[2]), m[2])
    ):
        balance += debit - credit
        lines.append(StatementLine(on, number, kind, detail, debit, credit, balance, **extra))
    cur = book.currency()
    return Statement(
        cur, sender, _party(c), date_from, date_to, opening, tuple(lines), aging.buckets, mine,
        c.language or "",
    )  # fmt: skip
