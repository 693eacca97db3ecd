"""What the window's money-going-out dialogs read and preview (issue 9, item 7).

Refund customer credit, pay a refund out, bill or write off an unbilled
item: the look-ups each dialog lists, and a preview that is the posting
service itself run in a transaction rolled back (`previews.dry_run`), so
the figures, the journal and any refusal are the service's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import JOIN

from app.i18n import _
from app.read.panes.previews import dry_run
from app.rules import order_money
from app.rules.settlement import JournalLine
from app.services import book, corrections, order_payments, payouts, refunds
from app.services.journal import last_entry
from models.tables import Customer, Invoice, JournalEntry, Order, Payment, Refund, UnbilledItem
from models.tables import JournalLine as JournalRow


@dataclass(frozen=True)
class Posting:
    """What an action would post: its journal lines and a sentence."""

    amount: Decimal
    journal: tuple[JournalLine, ...]
    explanation: str
    document: str = ""  # the number of what it would create (a refund, an invoice)


def _posted(action: Callable[[], tuple[Decimal, str, str]]) -> Posting:
    """Run `action` (a posting service) and roll it back: the lines it wrote."""
    cur = book.currency()

    def run() -> Posting:
        before = last_entry()
        amount, explanation, document = action()
        rows = (
            JournalRow.select()
            .join(JournalEntry)
            .where(JournalEntry.id > before)
            .order_by(JournalRow.entry, JournalRow.id)
        )
        journal = tuple(
            JournalLine(r.account, cur.from_minor(r.debit), cur.from_minor(r.credit)) for r in rows
        )
        return Posting(amount, journal, explanation, document)

    return dry_run(run)


# ---------------------------------------------------------------- refund of credit


def preview_refund(source: str, on: date, amount: Decimal | None = None) -> Posting:
    """What refunding `amount` (default: all that is left) of a source's credit posts."""
    cur = book.currency()

    def run() -> tuple[Decimal, str, str]:
        ref = refunds.refund_credit(source, on, amount)
        value = cur.from_minor(ref.amount)
        return (
            value,
            _(
                "{value} of the credit on {source} is owed back to {code}: it moves to refunds payable until it is paid out."
            ).format(value=cur.fmt(value), source=source, code=ref.customer.code),
            ref.number,
        )

    return _posted(run)


# ---------------------------------------------------------------- paying a refund out


@dataclass(frozen=True)
class RefundItem:
    number: str
    customer: str
    source: str
    date: date
    amount: Decimal


def unpaid_refunds(customer: str | None = None, limit: int = 500) -> list[RefundItem]:
    """Refunds not yet paid out, oldest first."""
    cur = book.currency()
    cn = Invoice.alias("cn")
    q: Any = (
        Refund.select(Refund, Customer.code, Payment.number, cn.number)
        .join(Customer, on=(Refund.customer == Customer.id))
        .switch(Refund)
        .join(Payment, on=(Refund.payment == Payment.id), join_type=JOIN.LEFT_OUTER)
        .switch(Refund)
        .join(cn, on=(Refund.credit_note == cn.id), join_type=JOIN.LEFT_OUTER)
        .where(Refund.paid_on.is_null())
        .order_by(Refund.date, Refund.id)
    )
    if customer:
        q = q.where(Customer.code == customer)
    return [
        RefundItem(number, code, pay or cnn or "", on, cur.from_minor(amount))
        for number, on, amount, code, pay, cnn in q.select(
            Refund.number, Refund.date, Refund.amount, Customer.code, Payment.number, cn.number
        )
        .limit(limit)
        .tuples()
    ]


def preview_payout(number: str, on: date) -> Posting:
    p = payouts.preview_payout(number, on)
    return Posting(p.amount, p.journal, p.explanation, p.refund)


# ---------------------------------------------------------------- unbilled items


@dataclass(frozen=True)
class UnbilledItemRow:
    id: int
    customer: str
    invoice: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


def open_unbilled(customer: str | None = None, limit: int = 500) -> list[UnbilledItemRow]:
    """Open unbilled items left by corrections, oldest first."""
    cur = book.currency()
    q: Any = (
        UnbilledItem.select(UnbilledItem, Customer.code, Invoice.number)
        .join(Customer, on=(UnbilledItem.customer == Customer.id))
        .switch(UnbilledItem)
        .join(Invoice, on=(UnbilledItem.invoice == Invoice.id))
        .where(UnbilledItem.status == "open")
        .order_by(UnbilledItem.id)
    )
    if customer:
        q = q.where(Customer.code == customer)
    return [
        UnbilledItemRow(
            iid,
            code,
            inv,
            desc,
            Decimal(qty) / 1000,
            cur.from_minor(price),
            cur.from_minor(amount),
        )
        for iid, desc, qty, price, amount, code, inv in q.select(
            UnbilledItem.id,
            UnbilledItem.description,
            UnbilledItem.quantity,
            UnbilledItem.unit_price,
            UnbilledItem.amount,
            Customer.code,
            Invoice.number,
        )
        .limit(limit)
        .tuples()
    ]


def preview_unbilled(item_id: int, on: date, bill: bool) -> Posting:
    """Billing the item on a new invoice (`bill`) or writing it off as not chargeable."""
    cur = book.currency()

    def run() -> tuple[Decimal, str, str]:
        item = UnbilledItem.get_or_none(UnbilledItem.id == item_id)
        if not bill:
            done = corrections.write_off_unbilled(item_id, on)
            value = cur.from_minor(done.amount)
            return (
                value,
                _(
                    "Unbilled item {item_id} ({description}) is not chargeable: {value} leaves the unbilled account and sales."
                ).format(item_id=item_id, description=done.description, value=cur.fmt(value)),
                "",
            )
        inv = corrections.bill_unbilled(item_id, on)
        value = cur.from_minor(inv.total)
        what = item.description if item is not None else ""
        return (
            value,
            _(
                "Unbilled item {item_id} ({what}) is billed on a new invoice {number} of {value}, due as the customer's terms say."
            ).format(item_id=item_id, what=what, number=inv.number, value=cur.fmt(value)),
            inv.number,
        )

    return _posted(run)


# ---------------------------------------------------------------- one payment for several orders


@dataclass(frozen=True)
class OrderNeed:
    number: str
    status: str
    date: date
    total: Decimal
    need: Decimal  # what the order still needs to be paid in full


def order_customer(number: str) -> str | None:
    """The customer code of an order."""
    code = Order.select(Customer.code).join(Customer).where(Order.number == number).scalar()
    return str(code) if code else None


def order_needs(customer: str) -> list[OrderNeed]:
    """The customer's orders that still need money, oldest first, with what each needs."""
    cur = book.currency()
    q = (
        Order.select()
        .join(Customer, on=(Order.customer == Customer.id))
        .where((Customer.code == customer) & Order.status.not_in(("draft", "cancelled")))
        .order_by(Order.date, Order.id)
        .limit(200)
    )
    needs = [(o, order_payments.order_need(o)) for o in q]
    return [
        OrderNeed(o.number, o.status, o.date, cur.from_minor(o.total), cur.from_minor(need))
        for o, need in needs
        if need > 0
    ]


def propose_split(amount: Decimal, needs: list[OrderNeed]) -> list[Decimal]:
    """What the payment dialog proposes for each order (`order_money.propose`)."""
    return order_money.propose(amount, [n.need for n in needs])
