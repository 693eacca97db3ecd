"""Money received for orders: one order, or one receipt split over several (issue 9).

A receipt named for orders is recorded as parts: one payment per order
(each pays its order's open invoices at once, SPEC §4.1), then the plain
customer money left over. Every part after the first names the first
(`split_of`), so the receipt stays one in the book and in `show`. How the
money splits is `app.rules.order_money.split_payment`; the writing is
`payments.record_payments`, the same code as every other payment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import fn

from app.errors import UserError
from app.i18n import _
from app.rules import limits
from app.rules.money import Currency
from app.rules.order_money import Part, split_payment
from app.rules.settlement import ADVANCES, BANK
from app.rules.settlement import JournalLine as Line
from app.services import book
from app.services.documents import get_customer, get_order
from app.services.journal import dr_cr
from app.services.payments import PaymentIn, record_payments, why_not_payment
from models.db import database
from models.locks import hold, row_locks
from models.tables import Customer, Invoice, Order, Payment

Wanted = Sequence[tuple[str, Decimal | None]]  # (order, amount for it or None: all of it)


def order_need(order: Order) -> int:
    """What an order still needs to be paid in full (minor units): what is not
    yet invoiced, plus its invoices' open balances, less its order money not
    yet applied."""
    uninvoiced = max(order.total - order.invoiced, 0)
    open_balance = (
        Invoice.select(fn.COALESCE(fn.SUM(Invoice.total - Invoice.settled), 0))
        .where(
            (Invoice.order == order.id)
            & (Invoice.kind == "invoice")
            & (Invoice.status != "draft")
            & (Invoice.settled < Invoice.total)
        )
        .scalar()
    )
    free = (
        Payment.select(fn.COALESCE(fn.SUM(Payment.amount - Payment.applied - Payment.refunded), 0))
        .where(Payment.order == order.id)
        .scalar()
    )
    return max(uninvoiced + int(open_balance or 0) - int(free or 0), 0)


@dataclass(frozen=True)
class PartPreview:
    order: str | None  # None: plain customer money
    amount: Decimal
    asked: Decimal
    need: Decimal


@dataclass(frozen=True)
class ReceiptPreview:
    """What `receive_payment` would record: the parts and the journal."""

    customer: str
    amount: Decimal
    parts: tuple[PartPreview, ...]
    journal: tuple[Line, ...]
    explanation: str


def _plan(
    cust: Customer, amount: Decimal, wanted: Wanted, excess: str | None, cur: Currency
) -> list[Part]:
    limits.check_amount(amount, _("payment amount"))
    needs: dict[str, int] = {}
    asked: list[tuple[str, int | None]] = []
    for number, value in wanted:
        if value is not None:
            limits.check_amount(value, _("amount for order {number}").format(number=number))
        order = get_order(number)
        reason = why_not_payment(amount, order, cust)
        if reason:
            raise UserError(reason)
        needs[order.number] = order_need(order)
        asked.append((order.number, None if value is None else cur.to_minor(value)))
    return split_payment(
        cur.to_minor(amount), asked, needs, excess, lambda m: cur.fmt(cur.from_minor(m))
    )


def _explain(parts: Sequence[Part], cur: Currency) -> str:
    words = []
    for p in parts:
        money = cur.fmt(cur.from_minor(p.amount))
        if p.order is None:
            words.append(_("{money} stays as customer credit").format(money=money))
        elif p.asked > p.amount:
            words.append(
                _(
                    "{money} on order {order} (all it still needs; the other {from_minor} stays as customer credit)"
                ).format(
                    money=money,
                    order=p.order,
                    from_minor=cur.fmt(cur.from_minor(p.asked - p.amount)),
                )
            )
        else:
            words.append(_("{money} on order {order}").format(money=money, order=p.order))
    return "; ".join(words) + "."


def preview_payment(
    customer: str, amount: Decimal, wanted: Wanted, excess: str | None = None
) -> ReceiptPreview:
    """The parts a payment named for these orders would make (nothing written)."""
    cur = book.currency()
    cust = get_customer(customer)
    parts = _plan(cust, amount, wanted, excess, cur)
    return ReceiptPreview(
        cust.code,
        amount,
        tuple(
            PartPreview(p.order, *(cur.from_minor(m) for m in (p.amount, p.asked, p.need)))
            for p in parts
        ),
        tuple(x for x in dr_cr(BANK, ADVANCES, amount) if x is not None),
        _explain(parts, cur),
    )


def receive_payment(
    customer: str,
    on: date,
    amount: Decimal,
    wanted: Wanted,
    *,
    excess: str | None = None,
    reference: str = "",
    method: str = "bank transfer",
    number: str | None = None,
) -> list[Payment]:
    """Record money received for one or several orders; the parts, first one first."""
    with database.atomic():
        cur = book.currency()
        cust = get_customer(customer)
        if row_locks():
            # Each order's need is read under its lock, as the part paid on it is written.
            hold(orders=[get_order(n).id for n, _ in wanted])
        parts = _plan(cust, amount, wanted, excess, cur)
        rows = [
            PaymentIn(cust.code, on, cur.from_minor(p.amount), p.order, reference, method, None)
            for p in parts
        ]
        first = _recorded(record_payments([rows[0]._replace(number=number)]))
        head = first[0].number
        return first + _recorded(record_payments(r._replace(split_of=head) for r in rows[1:]))


def _recorded(results: list[Payment | UserError]) -> list[Payment]:
    for r in results:
        if isinstance(r, UserError):
            raise r
    return [r for r in results if isinstance(r, Payment)]
