"""What the Bank view offers to post a line as, besides invoices (issue 11).

A money-out line is posted as the payout of an open refund, money in as a
customer's payment left on their account (app/exchange/bank/accept.py,
`refund=` and `customer=`): the window's field lists the open refunds and
the customers, and reads a customer typed by code or by name. The figures
are returned as Decimals: the window formats them in its own language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from peewee import fn

from app.services import book
from models.tables import Customer, Invoice, Refund


class RefundChoice(NamedTuple):
    number: str
    customer: str  # the customer's name
    amount: Decimal


def open_refunds() -> list[RefundChoice]:
    """Every refund not yet paid out, oldest first: what a money-out line may have paid."""
    cur = book.currency()
    query: Any = (
        Refund.select(Refund.number, Customer.name, Refund.amount)
        .join(Customer, on=(Refund.customer == Customer.id))
        .where(Refund.paid_on.is_null())
        .order_by(Refund.date, Refund.number)
    )
    return [RefundChoice(n, name, cur.from_minor(a)) for n, name, a in query.tuples()]


def customers() -> list[tuple[str, str]]:
    """(code, name) of every customer, by code: whom money in may be posted to."""
    query: Any = Customer.select(Customer.code, Customer.name).order_by(Customer.code)
    return [(str(code), str(name)) for code, name in query.tuples()]


def customer_named(text: str) -> str | None:
    """The code of the customer `text` names (its code or its whole name, any case),
    or None: no such customer, or `text` is an invoice's number (an invoice first)."""
    text = text.strip()
    if not text or Invoice.select().where(Invoice.number == text).exists():
        return None
    folded = text.lower()
    row = (
        Customer.select(Customer.code)
        .where((fn.LOWER(Customer.code) == folded) | (fn.LOWER(Customer.name) == folded))
        .order_by(fn.LOWER(Customer.code) != folded, Customer.code)
        .first()
    )
    return None if row is None else str(row.code)
