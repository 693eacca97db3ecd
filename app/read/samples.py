"""Documents worth showing: for `acerto screenshot`, which opens every dialog
on a document that makes it show something real (a settled invoice with a
cash discount, a payment with money left, a partly invoiced order...).

A read model like the others, so the window never queries a table itself.
"""

from __future__ import annotations

from typing import Any

from models.tables import Invoice, Order, Payment, Settlement


def _first(query: Any) -> str | None:
    row = query.first()
    return str(row.number) if row is not None else None


def screenshot_picks() -> dict[str, str | None]:
    """The latest document of each interesting kind, by name (None when the book has none)."""
    settled = (
        Invoice.select()
        .join(Settlement, on=(Settlement.invoice == Invoice.id))
        .where((Settlement.discount > 0) & (Invoice.kind == "invoice"))
        .order_by(Invoice.id.desc())
    )
    open_pay = (
        Payment.select()
        .where(Payment.amount - Payment.applied - Payment.refunded > 0)
        .order_by(Payment.id.desc())
    )
    with_settlements = (
        Payment.select()
        .join(Settlement, on=(Settlement.payment == Payment.id))
        .order_by(Payment.id.desc())
    )
    open_order = Order.select().where(Order.status == "open").order_by(Order.id.desc())
    partial = Order.select().where(Order.status == "partially_invoiced").order_by(Order.id.desc())
    invoice = (
        Invoice.select()
        .where((Invoice.kind == "invoice") & (Invoice.status != "corrected"))
        .order_by(Invoice.id.desc())
    )
    corrected = (
        Invoice.select()
        .where((Invoice.status == "corrected") & (Invoice.kind == "invoice"))
        .order_by(Invoice.id.desc())
    )
    return {
        "corrected_invoice": _first(corrected),
        "settled_invoice": _first(settled),
        "open_payment": _first(open_pay),
        "paid_payment": _first(with_settlements),
        "open_order": _first(open_order),
        "partial_order": _first(partial) or _first(open_order),
        "invoice": _first(invoice),
        "discount_payment": discount_payment(),
    }


def screenshot_candidates(limit: int = 12) -> dict[str, list[str]]:
    """Several documents of each kind, newest first: `acerto screenshot` opens each
    dialog on the first one it accepts (no dialog is shown in an error state)."""

    def numbers(query: Any) -> list[str]:
        return [str(row.number) for row in query.limit(limit)]

    corrected = Invoice.status == "corrected"
    bills = (Invoice.kind == "invoice") & ~corrected & (Invoice.status != "draft")
    open_orders = Order.select().where(Order.status == "open").order_by(Order.id.desc())
    partial = Order.select().where(Order.status == "partially_invoiced").order_by(Order.id.desc())
    return {
        "settled_invoice": numbers(
            Invoice.select()
            .join(Settlement, on=(Settlement.invoice == Invoice.id))
            .where((Settlement.discount > 0) & bills)
            .distinct()
            .order_by(Invoice.id.desc())
        ),
        "open_payment": numbers(
            Payment.select()
            .where(Payment.amount - Payment.applied - Payment.refunded > 0)
            .order_by(Payment.id.desc())
        ),
        "paid_payment": numbers(
            Payment.select()
            .join(Settlement, on=(Settlement.payment == Payment.id))
            .where(Settlement.reverses.is_null())
            .distinct()
            .order_by(Payment.id.desc())
        ),
        "open_order": numbers(open_orders),
        "partial_order": numbers(partial) + numbers(open_orders),
        "invoice": numbers(Invoice.select().where(bills).order_by(Invoice.id.desc())),
        "corrected_invoice": numbers(
            Invoice.select()
            .where(corrected & (Invoice.kind == "invoice"))
            .order_by(Invoice.id.desc())
        ),
    }


def discount_payment() -> str | None:
    """A payment with money left whose customer has an open invoice still in its
    discount period on the payment's date (the settle dialog's editable discount)."""
    row = (
        Payment.select(Payment.number)
        .join(Invoice, on=(Invoice.customer == Payment.customer))
        .where(
            (Payment.amount - Payment.applied - Payment.refunded > 0)
            & (Invoice.kind == "invoice")
            & (Invoice.settled < Invoice.total)
            & (Invoice.status != "draft")
            & Invoice.discount_date.is_null(False)
            & (Invoice.date <= Payment.date)
            & (Invoice.discount_date >= Payment.date)
        )
        .order_by(Payment.id.desc())
        .first()
    )
    return str(row.number) if row is not None else None
