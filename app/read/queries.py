"""Read models: what `show ... --json`, the window's detail area and the
reports display. Amounts are strings with the currency's decimals, dates
ISO (SPEC §8). Nothing here writes.
"""

from __future__ import annotations

from typing import Any

from peewee import fn

from app.read.dunning_status import dunning_status
from app.read.netting import shown_amounts
from app.rules.money import Currency, fmt_qty, qty_from_milli
from app.services import book
from app.services.documents import (
    get_customer,
    get_invoice,
    get_order,
    get_payment,
    is_credit,
    number_of,
    settlement_source,
)
from models.tables import (
    Customer,
    Invoice,
    InvoiceLine,
    JournalEntry,
    JournalLine,
    Order,
    OrderLine,
    Payment,
    PayoutReversal,
    Refund,
    Settlement,
    UnbilledItem,
)

Json = dict[str, Any]


def _d(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _journal(entries: Any, cur: Currency) -> list[Json]:
    lines = (
        JournalLine.select(JournalLine, JournalEntry)
        .join(JournalEntry)
        .where(JournalLine.entry.in_(entries))
        .order_by(JournalEntry.id, JournalLine.id)
    )
    return [
        {
            "entry": ln.entry.id,
            "date": _d(ln.entry.date),
            "description": ln.entry.description,
            "account": ln.account,
            "debit": cur.fmt(cur.from_minor(ln.debit)),
            "credit": cur.fmt(cur.from_minor(ln.credit)),
        }
        for ln in lines
    ]


def settlements_json(rows: Any, cur: Currency) -> list[Json]:
    """Settlements as JSON, with what reversed each found in one query."""
    rows = list(rows)
    reversed_by: dict[int, int] = {
        r.reverses_id: r.id
        for r in Settlement.select(Settlement.id, Settlement.reverses).where(
            Settlement.reverses.in_([s.id for s in rows])
        )
        if r.reverses_id is not None
    }
    shown = shown_amounts(rows)
    return [settlement_json(s, cur, reversed_by.get(s.id), shown.get(s.id)) for s in rows]


def settlement_json(
    s: Settlement, cur: Currency, reversed_by: int | None, shown: int | None = None
) -> Json:
    """One settlement row; `shown` is how a credit note's netting reads (app/read/netting.py)."""
    return {
        "id": s.id,
        "source": settlement_source(s),
        "invoice": s.invoice.number,
        "amount": cur.fmt(cur.from_minor(s.amount if shown is None else shown)),
        # What the row took from its payment or credit note (= amount but for a netting).
        "from_source": cur.fmt(cur.from_minor(s.amount)),
        "discount": cur.fmt(cur.from_minor(s.discount)),
        "writeoff": cur.fmt(cur.from_minor(s.writeoff)),
        "full_settlement": cur.fmt(cur.from_minor(s.full_settlement)),
        "date": _d(s.date),
        "explanation": s.explanation,
        "automatic": bool(s.automatic),
        "reverses": s.reverses_id,
        "reversed_by": reversed_by,
    }


def invoice_settled(inv: Invoice) -> int:
    """Settled as stored, so that balance = total − settled holds for every
    kind; for a credit note it is negative: minus what the note has applied."""
    return int(inv.settled)


def corrected_by(inv: Invoice) -> list[str]:
    """The posted corrective invoices that corrected this one (the chain seen from behind)."""
    return [
        i.number
        for i in Invoice.select(Invoice.number)
        .where((Invoice.corrects == inv.id) & (Invoice.status != "draft"))
        .order_by(Invoice.id)
    ]


def draft_line_json(inv: Invoice, ln: InvoiceLine, cur: Currency) -> Json:
    """A kept correction draft's line also reads the original it corrects: its `quantity`
    is the new quantity and its `amount` the change posting it would make (SPEC §5)."""
    if inv.kind != "corrective" or inv.status != "draft" or ln.original_line_id is None:
        return {}
    original = ln.original_line
    return {
        "original_quantity": fmt_qty(qty_from_milli(original.quantity)),
        "original_amount": cur.fmt(cur.from_minor(original.amount)),
        "new_amount": cur.fmt(cur.from_minor(original.amount + ln.amount)),
    }


def show_invoice(number: str) -> Json:
    cur = book.currency()
    inv = get_invoice(number)
    if is_credit(inv):
        rows = Settlement.select().where(Settlement.credit_note == inv.id).order_by(Settlement.id)
    else:
        rows = Settlement.select().where(Settlement.invoice == inv.id).order_by(Settlement.id)
    entries = JournalEntry.select(JournalEntry.id).where(
        (JournalEntry.invoice == inv.id)
        | JournalEntry.settlement.in_(
            Settlement.select(Settlement.id).where(
                (Settlement.invoice == inv.id) | (Settlement.credit_note == inv.id)
            )
        )
        | JournalEntry.refund.in_(Refund.select(Refund.id).where(Refund.credit_note == inv.id))
    )
    return {
        "number": inv.number,
        "kind": inv.kind,
        "status": inv.status,
        "customer": inv.customer.code,
        "customer_name": inv.customer.name,
        "order": number_of(inv.order),
        "date": _d(inv.date),
        "due_date": _d(inv.due_date),
        "terms": inv.terms_text,
        "discount_date": _d(inv.discount_date),
        "discount_percent": f"{(inv.discount_percent_bp / 100):g}"
        if inv.discount_percent_bp
        else None,
        "total": cur.fmt(cur.from_minor(inv.total)),
        "settled": cur.fmt(cur.from_minor(invoice_settled(inv))),
        "balance": cur.fmt(cur.from_minor(inv.total - inv.settled)),
        "discount_taken": cur.fmt(cur.from_minor(inv.discount_taken)),
        "corrects": number_of(inv.corrects),
        "corrected_by": corrected_by(inv),
        "credits": number_of(inv.credits),
        "reason": inv.reason,
        "lines": [
            {
                "line": ln.seq,
                "description": ln.description,
                "quantity": fmt_qty(qty_from_milli(ln.quantity)),
                "unit_price": cur.fmt(cur.from_minor(ln.unit_price)),
                "amount": cur.fmt(cur.from_minor(ln.amount)),
                **draft_line_json(inv, ln, cur),
            }
            for ln in inv.lines.order_by(InvoiceLine.seq)
        ],
        "unbilled": [
            {
                "id": u.id,
                "description": u.description,
                "quantity": fmt_qty(qty_from_milli(u.quantity)),
                "amount": cur.fmt(cur.from_minor(u.amount)),
                "status": u.status,
            }
            for u in UnbilledItem.select()
            .where(UnbilledItem.invoice == inv.id)
            .order_by(UnbilledItem.id)
        ],
        "settlements": settlements_json(rows, cur),
        # Refunds of a credit note's credit, each with whether it was paid out (issue 9).
        "refunds": [
            refund_json(r, cur)
            for r in Refund.select().where(Refund.credit_note == inv.id).order_by(Refund.id)
        ],
        "journal": _journal(entries, cur),
    }


def refund_json(r: Refund, cur: Currency) -> Json:
    """A refund as `show` lists it; `paid_on` once `payout` paid it out (issue 9), and
    each payout taken back since (`payout --take-back` or a bank line unmatched, issue 11)."""
    return {
        "number": r.number,
        "amount": cur.fmt(cur.from_minor(r.amount)),
        "date": _d(r.date),
        "paid": r.paid_on is not None,
        "paid_on": _d(r.paid_on),
        "paid_reference": r.paid_reference,
        "payouts_taken_back": [
            {
                "paid_on": _d(t.paid_on),
                "paid_reference": t.paid_reference,
                "date": _d(t.date),
                "reason": t.reason,
            }
            for t in PayoutReversal.select()
            .where(PayoutReversal.refund == r.id)
            .order_by(PayoutReversal.id)
        ],
    }


def split_parts(pay: Payment, cur: Currency) -> list[Json]:
    """Every part of the receipt `pay` belongs to, first part first (empty: not split)."""
    head = pay.split_of_id or pay.id
    rows = Payment.select().where((Payment.id == head) | (Payment.split_of == head))
    parts = [
        {
            "number": p.number,
            "order": number_of(p.order),
            "amount": cur.fmt(cur.from_minor(p.amount)),
        }
        for p in rows.order_by(Payment.id)
    ]
    return parts if len(parts) > 1 else []


def show_payment(number: str) -> Json:
    cur = book.currency()
    pay = get_payment(number)
    rows = Settlement.select().where(Settlement.payment == pay.id).order_by(Settlement.id)
    entries = JournalEntry.select(JournalEntry.id).where(
        (JournalEntry.payment == pay.id)
        | JournalEntry.settlement.in_(
            Settlement.select(Settlement.id).where(Settlement.payment == pay.id)
        )
    )
    return {
        "number": pay.number,
        "customer": pay.customer.code,
        "order": number_of(pay.order),
        "date": _d(pay.date),
        "amount": cur.fmt(cur.from_minor(pay.amount)),
        "applied": cur.fmt(cur.from_minor(pay.applied)),
        "unapplied": cur.fmt(cur.from_minor(pay.amount - pay.applied - pay.refunded)),
        "refunded": cur.fmt(cur.from_minor(pay.refunded)),
        "method": pay.method,
        "reference": pay.reference,
        # One receipt split over orders (issue 9): the first part, and every part.
        "split_of": number_of(pay.split_of),
        "parts": split_parts(pay, cur),
        "settlements": settlements_json(rows, cur),
        "refunds": [
            refund_json(r, cur)
            for r in Refund.select().where(Refund.payment == pay.id).order_by(Refund.id)
        ],
        "journal": _journal(entries, cur),
    }


def customer_figures(customer_id: int) -> tuple[int, int]:
    """(open balance, credit) in minor units for one customer."""
    open_balance = (
        Invoice.select(fn.COALESCE(fn.SUM(Invoice.total - Invoice.settled), 0))
        .where(
            (Invoice.customer == customer_id)
            & (Invoice.status != "draft")
            & (Invoice.total - Invoice.settled > 0)
        )
        .scalar()
    )
    credit_notes = (
        Invoice.select(fn.COALESCE(fn.SUM(Invoice.settled - Invoice.total), 0))
        .where(
            (Invoice.customer == customer_id)
            & (Invoice.status != "draft")
            & (Invoice.total - Invoice.settled < 0)
        )
        .scalar()
    )
    unapplied = (
        Payment.select(fn.COALESCE(fn.SUM(Payment.amount - Payment.applied - Payment.refunded), 0))
        .where(Payment.customer == customer_id)
        .scalar()
    )
    return int(open_balance), int(credit_notes) + int(unapplied)


def show_customer(code: str) -> Json:
    cur = book.currency()
    c = get_customer(code)
    open_balance, credit = customer_figures(c.id)
    return {
        "code": c.code,
        "name": c.name,
        "address": c.address,
        "tax_id": c.tax_id,
        "email": c.email,
        "terms": c.terms.text if c.terms is not None else book.setting("default_terms"),
        "language": c.language,
        "open_balance": cur.fmt(cur.from_minor(open_balance)),
        "credit": cur.fmt(cur.from_minor(credit)),
        "net_balance": cur.fmt(cur.from_minor(open_balance - credit)),
        "dunning": dunning_status(c.id),
    }


def show_order(number: str) -> Json:
    cur = book.currency()
    o = get_order(number)
    return {
        "number": o.number,
        "customer": o.customer.code,
        "date": _d(o.date),
        "status": o.status,
        "total": cur.fmt(cur.from_minor(o.total)),
        "discount": cur.fmt(cur.from_minor(o.discount)),
        "invoiced": cur.fmt(cur.from_minor(o.invoiced)),
        "paid": cur.fmt(cur.from_minor(o.paid)),
        "refunded": cur.fmt(cur.from_minor(o.refunded)),
        "lines": [
            {
                "line": ln.seq,
                "description": ln.description,
                "quantity": fmt_qty(qty_from_milli(ln.quantity)),
                "unit_price": cur.fmt(cur.from_minor(ln.unit_price)),
                "amount": cur.fmt(cur.from_minor(ln.amount)),
                "invoiced_quantity": fmt_qty(qty_from_milli(ln.invoiced_quantity)),
                "removed": bool(ln.removed),
            }
            for ln in o.lines.order_by(OrderLine.seq)
        ],
        "invoices": [
            i.number
            for i in Invoice.select(Invoice.number)
            .where(
                (Invoice.order == o.id)
                & (Invoice.status != "draft")
                & (Invoice.kind != "credit_note")
            )
            .order_by(Invoice.id)
        ],
        "credit_notes": [
            i.number
            for i in Invoice.select(Invoice.number)
            .where((Invoice.order == o.id) & (Invoice.kind == "credit_note"))
            .order_by(Invoice.id)
        ],
        "payments": [
            p.number
            for p in Payment.select(Payment.number)
            .where(Payment.order == o.id)
            .order_by(Payment.id)
        ],
        "refunds": [
            refund_json(r, cur)
            for r in Refund.select().where(Refund.order == o.id).order_by(Refund.id)
        ],
        "changes": [
            {
                "date": _d(ch.date),
                "description": ch.description,
                "old_total": cur.fmt(cur.from_minor(ch.old_total)),
                "new_total": cur.fmt(cur.from_minor(ch.new_total)),
            }
            for ch in o.changes
        ],
    }


def find_customers(text: str = "", limit: int = 50) -> list[Customer]:
    q = Customer.select().order_by(Customer.code)
    if text:
        like = f"%{text}%"
        q = q.where(Customer.code**like | Customer.name**like)
    return list(q.limit(limit))


__all__ = [
    "show_customer",
    "show_invoice",
    "show_order",
    "show_payment",
    "customer_figures",
    "find_customers",
    "Order",
]
