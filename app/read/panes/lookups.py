"""Small look-ups the window's dialogs need, so the window never runs a query.

A customer picker that searches as the user types, a customer's open
invoices and credit sources for the settle dialog, open orders, and an
order's lines with what is left to invoice. Amounts come back as Decimals
in the book's currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from peewee import JOIN, Case, fn

from app.read.panes.conditions import unapplied_expr
from app.read.panes.pages import as_date
from app.rules.money import qty_from_milli
from app.services import book
from models.tables import Customer, Invoice, Order, OrderLine, Payment, PaymentTerms


@dataclass(frozen=True)
class CustomerItem:
    code: str
    name: str
    terms: str


@dataclass(frozen=True)
class OpenItem:
    """An open invoice or a credit source, as the settle dialog lists it."""

    number: str
    kind: str  # invoice kinds, or "payment"
    date: dt.date
    due_date: dt.date
    total: Decimal
    balance: Decimal  # open balance; for a credit source, what is left to apply


@dataclass(frozen=True)
class OrderItem:
    number: str
    customer: str
    status: str
    total: Decimal
    invoiced: Decimal


def customers(text: str = "", limit: int = 200) -> list[CustomerItem]:
    """At most `limit` customers whose code or name contains `text` (any case).

    The pickers search as the user types, so a book with any number of
    customers reads only one short page; codes that start with the text
    come first, then the rest by code.
    """
    text = text.strip()
    q: Any = Customer.select(Customer.code, Customer.name, PaymentTerms.text).join(
        PaymentTerms, JOIN.LEFT_OUTER, on=(Customer.terms == PaymentTerms.id)
    )
    if text:
        q = q.where(Customer.code.contains(text) | Customer.name.contains(text)).order_by(
            Case(None, [(Customer.code.startswith(text), 0)], 1), Customer.code
        )
    else:
        q = q.order_by(Customer.code)
    default = book.setting("default_terms")
    return [
        CustomerItem(code, name, terms or default)
        for code, name, terms in q.limit(max(int(limit), 1)).tuples()
    ]


def customer(code: str) -> CustomerItem | None:
    """The customer with exactly this code (any case), or None."""
    code = code.strip()
    if not code:
        return None
    row = (
        Customer.select(Customer.code, Customer.name, PaymentTerms.text)
        .join(PaymentTerms, JOIN.LEFT_OUTER, on=(Customer.terms == PaymentTerms.id))
        .where(fn.LOWER(Customer.code) == code.lower())
        .order_by(Case(None, [(Customer.code == code, 0)], 1), Customer.code)
        .tuples()
        .first()
    )
    if row is None:
        return None
    found, name, terms = row
    return CustomerItem(found, name, terms or book.setting("default_terms"))


def open_invoices(customer: str) -> list[OpenItem]:
    """A customer's open receivable invoices, oldest due first."""
    from app.services.documents import RECEIVABLE_KINDS  # lazy: the window starts without it

    cur = book.currency()
    q = (
        Invoice.select()
        .join(Customer, on=(Invoice.customer == Customer.id))
        .where(
            (Customer.code == customer)
            & (Invoice.kind.in_(RECEIVABLE_KINDS))
            & (Invoice.total > 0)
            & (Invoice.status != "draft")
            & (Invoice.settled < Invoice.total)
        )
        .order_by(Invoice.due_date, Invoice.date, Invoice.id)
    )
    return [
        OpenItem(
            i.number,
            i.kind,
            as_date(i.date),
            as_date(i.due_date),
            cur.from_minor(i.total),
            cur.from_minor(i.total - i.settled),
        )
        for i in q
    ]


def credit_sources(customer: str | None = None) -> list[OpenItem]:
    """Payments and credit notes with credit left to apply, oldest first."""
    cur = book.currency()
    out: list[OpenItem] = []
    pq = (
        Payment.select(Payment, Customer)
        .join(Customer, on=(Payment.customer == Customer.id))
        .where(unapplied_expr() > 0)
        .order_by(Payment.date, Payment.id)
    )
    cq = (
        Invoice.select(Invoice, Customer)
        .join(Customer, on=(Invoice.customer == Customer.id))
        .where(
            (Invoice.status != "draft") & (Invoice.total < 0) & (Invoice.settled > Invoice.total)
        )
        .order_by(Invoice.date, Invoice.id)
    )
    if customer:
        pq = pq.where(Customer.code == customer)
        cq = cq.where(Customer.code == customer)
    for p in pq.limit(500):
        left = cur.from_minor(p.amount - p.applied - p.refunded)
        out.append(
            OpenItem(
                p.number,
                "payment",
                as_date(p.date),
                as_date(p.date),
                cur.from_minor(p.amount),
                left,
            )
        )
    for c in cq.limit(500):
        left = cur.from_minor(c.settled - c.total)
        out.append(
            OpenItem(
                c.number, c.kind, as_date(c.date), as_date(c.date), cur.from_minor(-c.total), left
            )
        )
    return out


def source_customer(number: str) -> str | None:
    """The customer code of a payment or an invoice number."""
    p = Payment.select(Customer.code).join(Customer).where(Payment.number == number).scalar()
    if p:
        return str(p)
    i = Invoice.select(Customer.code).join(Customer).where(Invoice.number == number).scalar()
    return str(i) if i else None


def open_orders(customer: str) -> list[OrderItem]:
    cur = book.currency()
    q = (
        Order.select(Order, Customer)
        .join(Customer, on=(Order.customer == Customer.id))
        .where(
            (Customer.code == customer)
            & Order.status.in_(("open", "partially_invoiced", "invoiced"))
        )
        .order_by(Order.date.desc(), Order.id.desc())
        .limit(200)
    )
    return [
        OrderItem(
            o.number, o.customer.code, o.status, cur.from_minor(o.total), cur.from_minor(o.invoiced)
        )
        for o in q
    ]


def is_empty() -> bool:
    """True when the book holds no documents at all."""
    return not (Invoice.select().exists() or Payment.select().exists() or Order.select().exists())


@dataclass(frozen=True)
class OrderLineItem:
    seq: int
    description: str
    quantity: Decimal
    invoiced: Decimal
    left: Decimal  # quantity still to invoice
    unit_price: Decimal
    amount: Decimal
    removed: bool


def order_lines(number: str) -> list[OrderLineItem]:
    """An order's lines with what is left to invoice on each."""
    from app.services.documents import get_order  # lazy: the window starts without it

    cur = book.currency()
    order = get_order(number)
    return [
        OrderLineItem(
            ln.seq,
            ln.description,
            qty_from_milli(ln.quantity),
            qty_from_milli(ln.invoiced_quantity),
            qty_from_milli(max(ln.quantity - ln.invoiced_quantity, 0)),
            cur.from_minor(ln.unit_price),
            cur.from_minor(ln.amount),
            bool(ln.removed),
        )
        for ln in OrderLine.select().where(OrderLine.order == order.id).order_by(OrderLine.seq)
    ]
