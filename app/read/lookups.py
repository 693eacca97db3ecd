"""Small look-ups the faces and the demo need: counts, ids by number, existence.

Each is a named query, so the command line and the demo hold no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import UserError
from models.tables import (
    Customer,
    Invoice,
    Order,
    Payment,
    Refund,
    Settlement,
    UnbilledItem,
)


def has_documents() -> bool:
    """True when the book holds customers, orders, invoices or payments."""
    return any(m.select().exists() for m in (Customer, Order, Invoice, Payment))


def unbilled_item_of(invoice: str) -> int:
    """The id of the (first) unbilled item a corrective invoice left."""
    item = (
        UnbilledItem.select(UnbilledItem.id)
        .join(Invoice, on=UnbilledItem.invoice == Invoice.id)
        .where(Invoice.number == invoice)
        .order_by(UnbilledItem.id)
        .first()
    )
    if item is None:
        raise UserError(f"{invoice} left no unbilled item.")
    return int(item.id)


@dataclass(frozen=True)
class DocumentCounts:
    customers: int
    orders: int
    invoices: int
    credit_notes: int
    corrective_invoices: int
    payments: int
    settlements: int
    refunds: int
    unbilled_items: int


def receivable_invoice_count() -> int:
    """Invoices proper (not credit notes or corrective invoices)."""
    return Invoice.select().where(Invoice.kind.in_(("invoice", "standalone"))).count()


def document_counts() -> DocumentCounts:
    return DocumentCounts(
        customers=Customer.select().count(),
        orders=Order.select().count(),
        invoices=receivable_invoice_count(),
        credit_notes=Invoice.select().where(Invoice.kind == "credit_note").count(),
        corrective_invoices=Invoice.select().where(Invoice.kind == "corrective").count(),
        payments=Payment.select().count(),
        settlements=Settlement.select().count(),
        refunds=Refund.select().count(),
        unbilled_items=UnbilledItem.select().count(),
    )
