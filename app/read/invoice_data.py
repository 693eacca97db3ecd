"""What the invoice PDF shows, read from the book (issue 13).

Every receivable kind prints from here: an invoice, a standalone invoice,
an order invoice (with the order money already applied to it) and a
corrective invoice that bills more. The schedule of cash-discount dates
and amounts comes from `app/rules/schedule.py`, the rule the settlements
follow. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.errors import UserError
from app.i18n import _
from app.read.report_data import DocLine, Party, _party, company
from app.rules.money import ZERO, Currency, qty_from_milli
from app.rules.schedule import PayBy, payment_schedule
from app.rules.terms import Terms, parse_terms
from app.services import book
from app.services.documents import get_invoice, is_credit
from models.tables import Invoice, InvoiceLine, Order, Payment, Settlement

KINDS = ("invoice", "standalone", "corrective")


@dataclass(frozen=True)
class InvoiceData:
    currency: Currency
    company: Party
    customer: Party
    number: str
    kind: str  # invoice / standalone / corrective
    date: dt.date
    due_date: dt.date
    terms: Terms | None  # None when the stored terms no longer parse
    order: str | None  # the order it belongs to
    corrects: str | None  # the invoice a corrective corrects
    lines: tuple[DocLine, ...]  # amounts as billed (a reversal negative)
    total: Decimal
    order_money: Decimal  # applied from the order's payments (order invoices)
    other_settled: Decimal  # settled otherwise (payments, credit notes, discounts)
    schedule: tuple[PayBy, ...]

    @property
    def balance(self) -> Decimal:
        return self.total - self.order_money - self.other_settled


def invoice_data(number: str) -> InvoiceData:
    """Invoice `number` as its PDF shows it; a credit note or draft is refused."""
    cur = book.currency()
    inv = get_invoice(number)
    if inv.kind == "corrective" and is_credit(inv):
        raise UserError(
            _(
                "{number} is a corrective invoice that credits; print it with "
                "`acerto pdf corrective`."
            ).format(number=inv.number)
        )
    if is_credit(inv) or inv.kind not in KINDS:
        raise UserError(
            _("{number} is a credit; print it with `acerto pdf credit-note`.").format(
                number=inv.number
            )
        )
    if inv.status == "draft":
        raise UserError(
            _("Invoice {number} is a draft; post it before printing it.").format(number=inv.number)
        )
    total = cur.from_minor(inv.total)
    order_money, other = _settled(inv, cur)
    terms = _terms(inv.terms_text)
    schedule: list[PayBy] = []
    if terms is not None:
        schedule = payment_schedule(terms, inv.date, total, cur)
        if schedule:  # the due date as stored on the invoice
            schedule[-1] = PayBy(inv.due_date, total, None)
    return InvoiceData(
        currency=cur,
        company=company(),
        customer=_party(inv.customer),
        number=inv.number,
        kind=inv.kind,
        date=inv.date,
        due_date=inv.due_date,
        terms=terms,
        order=Order.get_by_id(inv.order_id).number if inv.order_id else None,
        corrects=Invoice.get_by_id(inv.corrects_id).number if inv.corrects_id else None,
        lines=_lines(inv, cur),
        total=total,
        order_money=order_money,
        other_settled=other,
        schedule=tuple(schedule),
    )


def _terms(text: str) -> Terms | None:
    try:
        return parse_terms(text) if text else None
    except UserError:
        return None


def _lines(inv: Invoice, cur: Currency) -> tuple[DocLine, ...]:
    return tuple(
        DocLine(
            ln.seq,
            ln.description,
            qty_from_milli(ln.quantity),
            cur.from_minor(ln.unit_price),
            cur.from_minor(ln.amount),
        )
        for ln in InvoiceLine.select()
        .where(InvoiceLine.invoice == inv.id)
        .order_by(InvoiceLine.seq)
    )


def _settled(inv: Invoice, cur: Currency) -> tuple[Decimal, Decimal]:
    """(money from the invoice's order applied to it, everything else settled), as of now."""
    order_money = ZERO
    if inv.order_id:
        rows = (
            Settlement.select(Settlement.amount)
            .join(Payment, on=(Settlement.payment == Payment.id))
            .where((Settlement.invoice == inv.id) & (Payment.order == inv.order_id))
        )
        order_money = cur.from_minor(sum(int(r.amount) for r in rows))
    return order_money, cur.from_minor(inv.settled) - order_money
