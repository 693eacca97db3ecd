"""Credit notes: crediting an invoice by amount or by lines (SPEC §3.4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.errors import UserError
from app.i18n import B_, _, said_day
from app.rules import limits
from app.rules.credit_note import plan_credit_note
from app.rules.money import ZERO, Currency, fmt_qty, qty_from_milli, qty_to_milli
from app.rules.settlement import (
    CREDIT_NOTE,
    RECEIVABLES,
    SALES,
    SettlementPreview,
)
from app.services import book, order_returns, orders
from app.services.documents import (
    RECEIVABLE_KINDS,
    Source,
    creditable,
    credited,
    get_invoice,
    number_of,
    open_state,
)
from app.services.journal import dr_cr, post_entry
from app.services.settlements import store_preview
from models import fast
from models.db import database
from models.locks import hold, row_locks
from models.tables import (
    Invoice,
    InvoiceLine,
    audit_stamp,
)


def _credit_lines(
    inv: Invoice, amount: Decimal | None, line_qty: Mapping[int, Decimal] | None, cur: Currency
) -> list[dict[str, Any]]:
    if (amount is None) == (not line_qty):
        raise UserError(_("Give the credit either as an amount or as lines with quantities."))
    if amount is not None:
        if amount <= 0:
            raise UserError(_("The amount to credit must be more than zero."))
        left = cur.from_minor(creditable(inv))
        if amount > left:
            raise UserError(
                _("Invoice {number} has only {left} left to credit; {amount} was asked.").format(
                    number=inv.number, left=cur.fmt(left), amount=cur.fmt(amount)
                )
            )
        whole = _whole_credit_rows(inv) if cur.to_minor(amount) == creditable(inv) else []
        rest = cur.to_minor(amount) + sum(x["amount"] for x in whole)
        if not rest:
            return whole
        return [
            *whole,
            {
                "description": B_("Credit on invoice {number}").format(number=inv.number),
                "quantity": -1000,
                "unit_price": rest,
                "amount": -rest,
                "original_line": None,
            },
        ]
    assert line_qty is not None
    out = []
    lines = {ln.seq: ln for ln in inv.lines}
    for seq, qty in sorted(line_qty.items()):
        ln = lines.get(seq)
        if ln is None:
            raise UserError(
                _("Invoice {number} has no line {seq}.").format(number=inv.number, seq=seq)
            )
        if qty <= 0:
            raise UserError(
                _("The quantity to credit on line {seq} must be more than zero.").format(seq=seq)
            )
        credited_qty, credited_amt = credited(ln)
        left = ln.quantity - credited_qty
        if qty_to_milli(qty) > left:
            raise UserError(
                _(
                    "Line {seq} of invoice {number} has only {qty_from_milli} left to credit; {qty} was asked."
                ).format(
                    seq=seq,
                    number=inv.number,
                    qty_from_milli=fmt_qty(qty_from_milli(left)),
                    qty=fmt_qty(qty),
                )
            )
        amount_ = cur.round(qty * cur.from_minor(ln.unit_price))
        if qty_to_milli(qty) == left:
            # The last part takes the remainder, so the parts add up to the line (§3.9).
            amount_ = cur.from_minor(ln.amount - credited_amt)
        out.append(
            {
                "description": ln.description,
                "quantity": -qty_to_milli(qty),
                "unit_price": ln.unit_price,
                "amount": -cur.to_minor(amount_),
                "original_line": ln.id,
            }
        )
    total = -sum(x["amount"] for x in out)
    if total > creditable(inv):
        raise UserError(
            _("Invoice {number} has only {from_minor} left to credit.").format(
                number=inv.number, from_minor=cur.fmt(cur.from_minor(creditable(inv)))
            )
        )
    return out


def _whole_credit_rows(inv: Invoice) -> list[dict[str, Any]]:
    """A credit by amount of an order invoice's whole remaining total returns what
    the invoice still holds of each order line, as crediting every line would (SPEC §9).

    Per order line: the invoice's net quantity (a corrective's bill less its
    reversal) less what credit notes took off by line; its amount is the
    line's remaining value, capped at the money left to credit (earlier credits
    by amount lowered the price, not the quantity). A partial credit by amount
    returns no quantity: it cannot say which line it is for, so the bookkeeper
    reads it as a price reduction; the order's freed money is invoiced by amount.
    """
    if not order_returns.counts_for_order(inv):
        return []
    left = creditable(inv)
    held: dict[int, list[int]] = {}  # order line id -> [quantity, amount, target line]
    for ln in inv.lines.order_by(InvoiceLine.seq):
        if ln.order_line_id is None:
            continue
        qty, amt = credited(ln)
        row = held.setdefault(ln.order_line_id, [0, 0, ln.id])
        row[0] += ln.quantity - qty
        row[1] += ln.amount - amt
        if ln.quantity > 0:
            row[2] = ln.id
    out = []
    for qty, amt, target in held.values():
        if qty <= 0:
            continue
        part = max(min(amt, left), 0)
        left -= part
        ln = fast.get(InvoiceLine, target)
        out.append(
            {
                "description": ln.description,
                "quantity": -qty,
                "unit_price": ln.unit_price,
                "amount": -part,
                "original_line": ln.id,
            }
        )
    return out


@dataclass(frozen=True)
class CreditNotePreview:
    invoice: str
    credit: Decimal
    discount_reversed: Decimal
    owed_to_customer: Decimal
    reduces_balance: Decimal
    lines: tuple[tuple[str, Decimal, Decimal, Decimal], ...]  # description, qty, price, amount
    settlement: SettlementPreview


def preview_credit_note(
    invoice: str,
    on: date,
    amount: Decimal | None = None,
    lines: Mapping[int, Decimal] | None = None,
) -> CreditNotePreview:
    """What crediting would do, without posting anything."""
    return _credit_plan(get_invoice(invoice), on, amount, lines, book.currency())[1]


def _credit_plan(
    inv: Invoice,
    on: date,
    amount: Decimal | None,
    lines: Mapping[int, Decimal] | None,
    cur: Currency,
) -> tuple[list[dict[str, Any]], CreditNotePreview]:
    """The credit note's lines and its preview, checked once for both uses."""
    if inv.status == "draft":
        raise UserError(
            _("Invoice {number} is a draft; delete or change it instead of crediting.").format(
                number=inv.number
            )
        )
    if inv.kind not in RECEIVABLE_KINDS or inv.total <= 0:
        raise UserError(
            _("{number} is not an invoice that can be credited.").format(number=inv.number)
        )
    if inv.status == "corrected":
        newer = Invoice.get_or_none((Invoice.corrects == inv.id) & (Invoice.status != "draft"))
        raise UserError(
            _(
                "Invoice {number} was corrected by {number_of}; credit or correct {number_of} instead."
            ).format(number=inv.number, number_of=number_of(newer))
        )
    if on < inv.date:
        raise UserError(
            _("The credit note date {on} is before invoice {number}.").format(
                on=said_day(on), number=inv.number
            )
        )
    raw = _credit_lines(inv, amount, lines, cur)
    credit = -cur.from_minor(sum(x["amount"] for x in raw))
    plan = plan_credit_note(
        # In the book's language: the preview shows the explanation the book will store.
        source=B_("(number on posting)"),
        credit=credit,
        invoice=open_state(inv, cur),
        on=on,
        params=book.params(),
        currency=cur,
        uncredited=cur.from_minor(creditable(inv)),
    )
    preview = CreditNotePreview(
        invoice=inv.number,
        credit=credit,
        discount_reversed=-sum((a.discount for a in plan.applications), ZERO),
        owed_to_customer=plan.remaining_credit,
        reduces_balance=sum((a.settles for a in plan.applications), ZERO),
        lines=tuple(
            (
                str(x["description"]),
                qty_from_milli(x["quantity"]),
                cur.from_minor(x["unit_price"]),
                cur.from_minor(x["amount"]),
            )
            for x in raw
        ),
        settlement=plan,
    )
    return raw, preview


def create_credit_note(
    invoice: str,
    on: date,
    amount: Decimal | None = None,
    lines: Mapping[int, Decimal] | None = None,
    reason: str = "",
    *,
    number: str | None = None,
) -> Invoice:
    """Credit an invoice; the credit first reduces its open balance (SPEC §3.4)."""
    with database.atomic():
        cur = book.currency()
        reason = limits.check_text("reason", reason)
        if amount is not None:
            limits.check_amount(amount, _("credit note amount"))
        if row_locks():
            target = get_invoice(invoice)
            hold(
                orders=[target.order_id],  # a return on an order invoice changes the order
                payments=order_returns.order_payment_ids([target.order_id]),
                invoices=[target.id],
            )
        inv = get_invoice(invoice)  # read under the lock
        raw, preview = _credit_plan(inv, on, amount, lines, cur)
        cn = fast.create(
            Invoice,
            number=book.number_for("credit_note", number),
            kind="credit_note",
            status="posted",
            customer=inv.customer_id,
            order=inv.order_id,
            date=on,
            due_date=on,
            total=-cur.to_minor(preview.credit),
            credits=inv.id,
            reason=reason,
            posted_at=audit_stamp(),
        )
        on_order = order_returns.counts_for_order(inv)
        for seq, x in enumerate(raw, start=1):
            order_line = None
            if on_order and x["original_line"] is not None:
                order_line = fast.get(InvoiceLine, x["original_line"]).order_line_id
            fast.create(InvoiceLine, invoice=cn, seq=seq, role="credit", order_line=order_line, **x)
        post_entry(
            cur,
            on,
            B_("Credit note {number} on {invoice}").format(number=cn.number, invoice=inv.number),
            dr_cr(SALES, RECEIVABLES, preview.credit),
            invoice=cn,
        )
        apply_credit_to_invoice(cn, inv, on, cur)
        orders.returned_on_order(cn, cur)
        return cn


def apply_credit_to_invoice(cn: Invoice, inv: Invoice, on: date, cur: Currency) -> None:
    """Net a new credit against the invoice it credits (also used by corrections)."""
    credit = cur.from_minor(-cn.total)
    # Earlier credits on the invoice, not counting this one (already stored).
    uncredited = creditable(inv) + (-cn.total if cn.credits_id == inv.id else 0)
    plan = plan_credit_note(
        source=cn.number,
        credit=credit,
        invoice=open_state(inv, cur),
        on=on,
        params=book.params(),
        currency=cur,
        uncredited=cur.from_minor(uncredited),
    )
    src = Source(CREDIT_NOTE, cn.number, None, cn, credit, on, cn.customer_id)
    store_preview(plan, src, cur)
