"""Refunds of customer credit (payments and credit notes) to refunds payable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import B_, _, said_day
from app.rules import limits
from app.rules.money import Currency
from app.rules.settlement import (
    ADVANCES,
    RECEIVABLES,
    REFUNDS_PAYABLE,
)
from app.services import book
from app.services.documents import Source, get_source, refresh_status
from app.services.journal import dr_cr, post_entry
from models import fast
from models.db import database
from models.locks import hold, row_locks, save_guarded
from models.tables import (
    Invoice,
    Order,
    OrderChange,
    Payment,
    Refund,
)


def refund_credit(
    source: str,
    on: date,
    amount: Decimal | None = None,
    reason: str = "",
    *,
    number: str | None = None,
) -> Refund:
    """Pay back a customer's unapplied credit (a payment or a credit note)."""
    with database.atomic():
        cur = book.currency()
        reason = limits.check_text("reason", reason)
        if amount is not None:
            limits.check_amount(amount, _("refund amount"))
        if row_locks():
            _hold_source(get_source(source, cur))
        src = get_source(source, cur)  # read under the locks
        value = src.available if amount is None else amount
        if value <= 0:
            raise UserError(_("{number} has no credit left to refund.").format(number=src.number))
        if value > src.available:
            raise UserError(
                _("{number} has only {available} left to refund; {value} was asked.").format(
                    number=src.number, available=cur.fmt(src.available), value=cur.fmt(value)
                )
            )
        if on < src.date:
            raise UserError(
                _("The refund date {on} is before {number}.").format(
                    on=said_day(on), number=src.number
                )
            )
        ref = record_refund(
            src,
            value,
            on,
            reason or B_("Refund of credit on {number}").format(number=src.number),
            cur,
            number=number,
        )
        if src.payment is not None and src.payment.order_id is not None:
            # Money refunded off an order payment is no longer received on the
            # order (orders._received); without this a later change or cancel
            # would try to refund it a second time.
            Order.update(refunded=Order.refunded + cur.to_minor(value)).where(
                Order.id == src.payment.order_id
            ).execute()
        return ref


def _hold_source(src: Source) -> None:
    """Lock what a refund changes: the payment (and its order first) or the credit note."""
    pay = src.payment
    hold(
        orders=[pay.order_id if pay is not None else None],
        payments=[pay.id if pay is not None else None],
        invoices=[src.credit_note.id if src.credit_note is not None else None],
    )


def record_refund(
    src: Source,
    value: Decimal,
    on: date,
    reason: str,
    cur: Currency,
    *,
    number: str | None = None,
    change: OrderChange | None = None,
) -> Refund:
    minor = cur.to_minor(value)
    if src.payment is not None:
        pay = fast.get(Payment, src.payment.id)
        refunded = pay.refunded
        pay.refunded += minor
        if pay.applied + pay.refunded > pay.amount:
            raise UserError(
                _("Payment {number} has not enough unapplied money to refund.").format(
                    number=pay.number
                )
            )
        save_guarded(pay, applied=pay.applied, refunded=refunded)
        account = ADVANCES
        order = pay.order_id
    else:
        assert src.credit_note is not None
        cn = fast.get(Invoice, src.credit_note.id)
        settled = cn.settled
        cn.settled -= minor
        if cn.settled < cn.total:
            raise UserError(
                _("Credit note {number} has not enough credit left to refund.").format(
                    number=cn.number
                )
            )
        refresh_status(cn)
        save_guarded(cn, settled=settled)
        account = RECEIVABLES
        order = None
    ref = fast.create(
        Refund,
        number=book.number_for("refund", number),
        customer=src.customer_id,
        order=order,
        payment=src.payment,
        credit_note=src.credit_note,
        date=on,
        amount=minor,
        reason=reason,
        order_change=change,
    )
    post_entry(
        cur,
        on,
        B_("Refund {number}: {reason}").format(number=ref.number, reason=reason),
        dr_cr(account, REFUNDS_PAYABLE, value),
        refund=ref,
        payment=src.payment,
    )
    return ref
