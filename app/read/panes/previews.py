"""What a dialog shows before anything is posted.

Typed lines parsed and totalled the way the services will total them, and
dry runs: the real posting service run inside a transaction that is rolled
back, for actions the engine has no pure preview of (cancelling an order,
undoing a settlement), so a refusal carries the service's own reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from app import formats
from app.errors import UserError
from app.rules.money import ZERO, Currency, parse_quantity
from app.rules.settlement import JournalLine
from app.rules.terms import parse_terms
from app.services import book
from app.services.invoices import LineInput
from app.services.journal import reverse_lines
from app.services.orders import cancel_order
from app.services.settlements import unsettle
from models.db import database
from models.tables import Customer, JournalEntry, Order


@dataclass(frozen=True)
class LinesPreview:
    """What a set of typed lines would come to (a new order or invoice)."""

    amounts: tuple[Decimal, ...]
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    terms: str = ""
    due_date: dt.date | None = None
    discount_until: dt.date | None = None
    discount_percent: Decimal | None = None
    notes: tuple[str, ...] = field(default=())


def parse_lines(
    rows: Sequence[tuple[str, str, str]], cur: Currency | None = None, lang: str | None = None
) -> list[LineInput]:
    """Lines typed in a dialog as (description, quantity, unit price) text.

    Blank rows are skipped; a bad cell is a `UserError` naming its row. The
    unit price is read in `lang`'s way (app/formats.py; default: the current
    language).
    """
    cur = cur or book.currency()
    out = []
    for n, (desc, qty, price) in enumerate(rows, start=1):
        if not (desc.strip() or qty.strip() or price.strip()):
            continue
        if not desc.strip():
            raise UserError(f"Line {n} has no description.")
        q = parse_quantity(qty, f"quantity of line {n}")
        p = formats.parse_amount(price, cur, f"unit price of line {n}", lang)
        out.append(LineInput(desc.strip(), q, p))
    return out


def preview_lines(
    lines: Sequence[LineInput],
    discount: Decimal = ZERO,
    customer: str | None = None,
    on: date | None = None,
) -> LinesPreview:
    """Line amounts and total (rounded once each), and for an invoice its terms and dates."""
    cur = book.currency()
    amounts = tuple(cur.round(line.quantity * line.unit_price) for line in lines)
    subtotal = sum(amounts, ZERO)
    total = subtotal - discount
    terms_text = ""
    due = until = None
    pct = None
    if customer and on is not None:
        c = Customer.get_or_none(Customer.code == customer)
        if c is not None:
            terms = book.customer_terms(c)
            terms_text = terms.text
            due = terms.due_date(on)
            if terms.tiers:
                until = terms.discount_until(terms.tiers[0], on)
                pct = terms.tiers[0].percent
    return LinesPreview(amounts, subtotal, discount, total, terms_text, due, until, pct)


def check_terms(text: str) -> str:
    """The normal form of payment terms text, or a `UserError`."""
    return parse_terms(text).text


# ---------------------------------------------------------------- dry runs

T = TypeVar("T")


class _Rollback(Exception):
    pass


def dry_run(action: Callable[[], T]) -> T:
    """Run a posting service and roll it back: a preview of what it would do.

    Used where the engine has no preview of its own (cancelling an order):
    the service's own checks run, so a refusal carries its real reason.
    """
    result: list[T] = []
    try:
        with database.atomic():
            result.append(action())
            raise _Rollback
    except _Rollback:
        pass
    return result[0]


@dataclass(frozen=True)
class CancelPreview:
    order: str
    total: Decimal
    received: Decimal
    refund: Decimal


def preview_cancel_order(number: str, on: date) -> CancelPreview:
    cur = book.currency()

    def run() -> CancelPreview:
        before = Order.get(Order.number == number)
        received = before.paid - before.refunded
        after = cancel_order(number, on)
        return CancelPreview(
            after.number,
            cur.from_minor(before.total),
            cur.from_minor(received),
            cur.from_minor(after.refunded - before.refunded),
        )

    return dry_run(run)


@dataclass(frozen=True)
class UnsettlePreview:
    settlement: int
    source: str
    invoice: str
    amount: Decimal
    discount: Decimal
    writeoff: Decimal
    full_settlement: Decimal
    explanation: str
    journal: tuple[JournalLine, ...]


def preview_unsettle(settlement_id: int, on: date | None = None) -> UnsettlePreview:
    """What undoing a settlement would post (a dry run of `settlements.unsettle`)."""
    cur = book.currency()

    def run() -> UnsettlePreview:
        rev = unsettle(settlement_id, on)
        entry = JournalEntry.get_or_none(JournalEntry.settlement == settlement_id)
        journal = tuple(reverse_lines(entry, cur)) if entry is not None else ()
        src: Any = rev.payment if rev.payment_id else rev.credit_note
        source = str(src.number)
        return UnsettlePreview(
            settlement_id,
            source,
            rev.invoice.number,
            cur.from_minor(rev.amount),
            cur.from_minor(rev.discount),
            cur.from_minor(rev.writeoff),
            cur.from_minor(rev.full_settlement),
            rev.explanation,
            tuple(JournalLine(x.account, x.debit, x.credit) for x in journal),
        )

    return dry_run(run)
