"""Small look-ups the faces and the demo need: counts, ids by number, existence.

Each is a named query, so the command line and the demo hold no SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.errors import UserError
from app.i18n import _
from app.read.queries import Json, settlements_json
from app.services.book import currency
from app.services.documents import get_customer, get_invoice, get_order
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
        raise UserError(_("{invoice} left no unbilled item.").format(invoice=invoice))
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


# ---------------------------------------------------------------- for the command line's lists


@dataclass(frozen=True)
class RefundFact:
    id: int
    number: str
    amount: int  # minor units
    reason: str


def order_refunds(number: str) -> list[RefundFact]:
    """An order's refunds, oldest first."""
    order = get_order(number)
    return [
        RefundFact(r.id, r.number, r.amount, r.reason)
        for r in Refund.select().where(Refund.order == order.id).order_by(Refund.id)
    ]


@dataclass(frozen=True)
class OrderRow:
    number: str
    date: dt.date
    customer: str
    status: str
    total: int
    invoiced: int
    received: int


def list_orders(customer: str | None, limit: int) -> list[OrderRow]:
    """Orders by date (one customer's when `customer` is given)."""
    q = Order.select(Order, Customer).join(Customer).order_by(Order.date, Order.id)
    if customer:
        q = q.where(Customer.code == get_customer(customer).code)
    return [
        OrderRow(
            o.number,
            o.date,
            o.customer.code,
            o.status,
            o.total,
            o.invoiced,
            o.paid - o.refunded,
        )
        for o in q.limit(limit)
    ]


@dataclass(frozen=True)
class InvoiceRow:
    number: str
    kind: str
    status: str
    customer: str
    date: dt.date
    due_date: dt.date
    total: int
    balance: int


def list_invoices(customer: str | None, open_only: bool, limit: int) -> list[InvoiceRow]:
    """Invoices and credits, oldest due first."""
    q = Invoice.select(Invoice, Customer).join(Customer).order_by(Invoice.due_date, Invoice.id)
    if customer:
        q = q.where(Invoice.customer == get_customer(customer).id)
    if open_only:
        q = q.where((Invoice.status != "draft") & (Invoice.settled != Invoice.total))
    return [
        InvoiceRow(
            i.number,
            i.kind,
            i.status,
            i.customer.code,
            i.date,
            i.due_date,
            i.total,
            i.total - i.settled,
        )
        for i in q.limit(limit)
    ]


@dataclass(frozen=True)
class UnbilledRow:
    id: int
    customer: str
    invoice: str
    description: str
    quantity: int  # thousandths
    amount: int
    status: str


def list_unbilled(customer: str | None, include_closed: bool) -> list[UnbilledRow]:
    """Unbilled items left by corrections (only the open ones unless `include_closed`)."""
    q = (
        UnbilledItem.select(UnbilledItem, Customer, Invoice)
        .join(Customer)
        .switch(UnbilledItem)
        .join(Invoice, on=(UnbilledItem.invoice == Invoice.id))
        .order_by(UnbilledItem.id)
    )
    if customer:
        q = q.where(UnbilledItem.customer == get_customer(customer).id)
    if not include_closed:
        q = q.where(UnbilledItem.status == "open")
    return [
        UnbilledRow(
            u.id,
            u.customer.code,
            u.invoice.number,
            u.description,
            u.quantity,
            u.amount,
            u.status,
        )
        for u in q
    ]


def unbilled_of(invoice: str) -> list[UnbilledRow]:
    """The unbilled items a corrective invoice left."""
    inv = get_invoice(invoice)
    return [
        UnbilledRow(
            u.id, inv.customer.code, inv.number, u.description, u.quantity, u.amount, u.status
        )
        for u in inv.unbilled
    ]


def settlement_date(settlement_id: int) -> dt.date | None:
    row = Settlement.get_or_none(Settlement.id == settlement_id)
    return None if row is None else row.date


def settlement_explanations(credit_note: str) -> list[tuple[int, str]]:
    """(id, explanation) of the settlements a credit note made, in order."""
    cn = get_invoice(credit_note)
    return [
        (s.id, s.explanation)
        for s in Settlement.select().where(Settlement.credit_note == cn.id).order_by(Settlement.id)
    ]


def show_settlement(settlement_id: int) -> Json:
    """One settlement as `show settlement --json` prints it."""
    row = Settlement.get_or_none(Settlement.id == settlement_id)
    if row is None:
        raise UserError(
            _("There is no settlement {settlement_id}.").format(settlement_id=settlement_id)
        )
    return settlements_json([row], currency())[0]


def correction_draft_of(invoice: str) -> str | None:
    """The number of the correction draft kept for an invoice, if one is (the window reopens it)."""
    inv = Invoice.get_or_none(Invoice.number == str(invoice).strip())
    if inv is None:
        return None
    draft = (
        Invoice.select(Invoice.number)
        .where((Invoice.corrects == inv.id) & (Invoice.status == "draft"))
        .first()
    )
    return None if draft is None else str(draft.number)
