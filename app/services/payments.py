"""Payments received, with their journal and order effects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.rules.settlement import (
    ADVANCES,
    BANK,
)
from app.services import book
from app.services.documents import get_customer, get_order
from app.services.journal import dr_cr, post_entry
from models import fast
from models.db import database
from models.locks import hold, row_locks
from models.tables import (
    Payment,
)


def create_payment(
    customer: str,
    on: date,
    amount: Decimal,
    order: str | None = None,
    reference: str = "",
    method: str = "bank transfer",
    *,
    number: str | None = None,
) -> Payment:
    with database.atomic():
        cur = book.currency()
        cust = get_customer(customer)
        if amount <= 0:
            raise UserError("A payment amount must be more than zero.")
        order_row = None
        if order:
            if row_locks():
                hold(orders=[get_order(order).id])  # checked and paid under the lock
            order_row = get_order(order)
            if order_row.customer_id != cust.id:
                raise UserError(f"Order {order_row.number} belongs to another customer.")
            if order_row.status == "cancelled":
                raise UserError(f"Order {order_row.number} is cancelled; it takes no payments.")
            if order_row.status == "draft":
                raise UserError(
                    f"Order {order_row.number} is a draft; post it before taking payments."
                )
        pay = fast.create(
            Payment,
            number=book.number_for("payment", number),
            customer=cust,
            order=order_row,
            date=on,
            amount=cur.to_minor(amount),
            reference=reference,
            method=method,
        )
        post_entry(cur, on, f"Payment {pay.number}", dr_cr(BANK, ADVANCES, amount), payment=pay)
        if order_row is not None:
            from app.services.orders import payment_received_on_order

            payment_received_on_order(pay, order_row, cur)
        return pay
