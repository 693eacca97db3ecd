"""Look-ups and small facts about documents that every service shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import fn

from app.errors import UserError
from app.i18n import _
from app.rules.frozen import quick_init
from app.rules.money import Currency
from app.rules.settlement import (
    CREDIT_NOTE,
    PAYMENT,
    OpenInvoice,
)
from app.services.book import terms_of_text
from models import fast
from models.tables import (
    Customer,
    Invoice,
    InvoiceLine,
    Order,
    Payment,
    Settlement,
)

RECEIVABLE_KINDS = ("invoice", "standalone", "corrective")


def get_customer(code: str) -> Customer:
    c = fast.get_by(Customer, Customer.code, str(code).strip(), keep=True)
    if c is None:
        raise UserError(_('There is no customer with code "{code}".').format(code=code))
    return c


def get_invoice(number: str) -> Invoice:
    inv = fast.get_by(Invoice, Invoice.number, str(number).strip())
    if inv is None:
        raise UserError(
            _('There is no invoice or credit note numbered "{number}".').format(number=number)
        )
    return inv


def get_payment(number: str) -> Payment:
    p = fast.get_by(Payment, Payment.number, str(number).strip())
    if p is None:
        raise UserError(_('There is no payment numbered "{number}".').format(number=number))
    return p


def get_order(number: str) -> Order:
    o = fast.get_by(Order, Order.number, str(number).strip())
    if o is None:
        raise UserError(_('There is no order numbered "{number}".').format(number=number))
    return o


def is_credit(inv: Invoice) -> bool:
    """A credit note, or a corrective invoice that reduces what is owed."""
    kind = inv.__data__.get("kind")  # what `inv.kind` reads
    return kind == "credit_note" or (kind == "corrective" and inv.total < 0)


def open_state(inv: Invoice, cur: Currency) -> OpenInvoice:
    d = inv.__data__  # the fields as the instance holds them (what each attribute reads)
    total = d.get("total")
    return OpenInvoice(
        d.get("number"),
        d.get("date"),
        d.get("due_date"),
        cur.from_minor(total),
        cur.from_minor(total - d.get("settled")),
        terms_of_text(d.get("terms_text") or "net 0"),
        cur.from_minor(d.get("discount_taken")),
    )


def settlement_source(row: Settlement) -> str:
    """The number of the payment or credit note a settlement applies."""
    source = row.payment if row.payment is not None else row.credit_note
    assert source is not None
    return str(source.number)


def number_of(doc: Order | Payment | Invoice | None) -> str | None:
    return None if doc is None else str(doc.number)


def refresh_status(inv: Invoice) -> None:
    d = inv.__data__  # as `open_state`: what each attribute reads
    if d.get("status") in ("draft", "corrected"):
        return
    settled, total = d.get("settled"), d.get("total")
    if settled == 0 and total != 0:
        inv.status = "posted"
    elif settled == total:
        inv.status = "settled"
    else:
        inv.status = "partially_settled"


@quick_init
@dataclass(frozen=True)
class Source:
    kind: str  # payment / credit_note
    number: str
    payment: Payment | None
    credit_note: Invoice | None
    available: Decimal
    date: date
    customer_id: int


def get_source(number: str, cur: Currency) -> Source:
    number = str(number).strip()
    pay = fast.get_by(Payment, Payment.number, number)
    if pay is not None:
        return source_of(pay, cur)
    inv = fast.get_by(Invoice, Invoice.number, number)
    if inv is None:
        raise UserError(
            _('There is no payment or credit note numbered "{number}".').format(number=number)
        )
    return source_of(inv, cur)


def source_of(row: Payment | Invoice, cur: Currency) -> Source:
    """What a payment, or a posted credit note, has to settle with (refused in words)."""
    if isinstance(row, Payment):
        d = row.__data__  # as `open_state`: what each attribute reads (a customer: the id stored)
        available = cur.from_minor(d.get("amount") - d.get("applied") - d.get("refunded"))
        return Source(
            PAYMENT, d.get("number"), row, None, available, d.get("date"), d.get("customer")
        )
    if not is_credit(row):
        raise UserError(
            _("{number} is an invoice, not a payment or credit note; it cannot pay.").format(
                number=row.number
            )
        )
    if row.status == "draft":
        raise UserError(
            _("Credit note {number} is a draft; post it first.").format(number=row.number)
        )
    available = cur.from_minor(row.settled - row.total)
    return Source(CREDIT_NOTE, row.number, None, row, available, row.date, row.customer_id)


def open_invoices_of(customer_id: int) -> list[Invoice]:
    """Open receivable invoices, oldest due first (what the dialog proposes)."""
    return list(
        Invoice.select()
        .where(
            (Invoice.customer == customer_id)
            & (Invoice.kind.in_(RECEIVABLE_KINDS))
            & (Invoice.total > 0)
            & (Invoice.status != "draft")
            & (Invoice.settled < Invoice.total)
        )
        .order_by(Invoice.due_date, Invoice.date, Invoice.id)
    )


def creditable(inv: Invoice) -> int:
    """What is left to credit on an invoice, in minor units."""
    credited = sum(
        -cn.total
        for cn in Invoice.select(Invoice.total).where(
            (Invoice.credits == inv.id) & (Invoice.status != "draft")
        )
    )
    return inv.total - credited


def credited(line: InvoiceLine) -> tuple[int, int]:
    """(quantity, amount) posted credit notes have taken off one line, as positive minor units."""
    row: tuple[int, int] = (
        InvoiceLine.select(
            fn.COALESCE(fn.SUM(InvoiceLine.quantity), 0), fn.COALESCE(fn.SUM(InvoiceLine.amount), 0)
        )
        .join(Invoice)
        .where(
            (InvoiceLine.original_line == line.id)
            & (InvoiceLine.role == "credit")
            & (Invoice.status != "draft")
        )
        .scalar(as_tuple=True)
    )
    return -int(row[0]), -int(row[1])
