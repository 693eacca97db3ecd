"""Invoices: drafts, lines and posting (journal, terms, order effects)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import B_, _
from app.rules import limits
from app.rules.money import ZERO, Currency, parse_quantity, qty_to_milli
from app.rules.settlement import (
    RECEIVABLES,
    SALES,
)
from app.rules.terms import parse_terms
from app.services import book
from app.services.documents import get_customer, get_invoice, get_order
from app.services.journal import dr_cr, post_entry
from models import fast
from models.db import database
from models.locks import hold, row_locks
from models.tables import (
    Invoice,
    InvoiceLine,
    Order,
    audit_stamp,
)


@dataclass(frozen=True)
class LineInput:
    description: str
    quantity: Decimal
    unit_price: Decimal
    order_line: int | None = None  # seq of the order line this invoices


def parse_line(text: str, cur: Currency) -> LineInput:
    """'DESC;QTY;PRICE' as typed on the command line."""
    parts = str(text).split(";")
    if len(parts) != 3:
        raise UserError(
            _('The line "{text}" must be written as "DESCRIPTION;QUANTITY;UNIT PRICE".').format(
                text=limits.quote(text)
            )
        )
    desc = limits.check_text("description", parts[0].strip())
    if not desc:
        raise UserError(_('The line "{text}" has no description.').format(text=limits.quote(text)))
    qty = parse_quantity(parts[1], _('quantity of line "{desc}"').format(desc=desc))
    price = cur.parse(parts[2], _('unit price of line "{desc}"').format(desc=desc))
    return LineInput(desc, qty, price)


def _check_lines(lines: Sequence[LineInput]) -> None:
    if not lines:
        raise UserError(_("A document needs at least one line."))
    for line in lines:
        limits.check_text("description", line.description)
        where = _('of line "{description}"').format(description=limits.quote(line.description))
        limits.check_quantity(line.quantity, _("quantity {where}").format(where=where))
        limits.check_amount(line.unit_price, _("unit price {where}").format(where=where))
        limits.check_amount(
            line.quantity * line.unit_price, _("amount {where}").format(where=where)
        )
        if line.quantity <= 0:
            raise UserError(
                _('The quantity of line "{description}" must be more than zero.').format(
                    description=line.description
                )
            )
        if line.unit_price < 0:
            raise UserError(
                _('The unit price of line "{description}" cannot be negative.').format(
                    description=line.description
                )
            )


def create_invoice(
    customer: str,
    on: date,
    lines: Sequence[LineInput] | None = None,
    amount: Decimal | None = None,
    order: str | None = None,
    draft: bool = False,
    *,
    number: str | None = None,
    terms: str | None = None,
) -> Invoice:
    """A new invoice, posted at once unless `draft`.

    `number` and `terms` keep an imported invoice's number and the terms it
    was posted under (default: the next number, the customer's terms).
    """
    with database.atomic():
        cur = book.currency()
        cust = get_customer(customer)
        order_row = get_order(order) if order else None
        if order_row is not None:
            if row_locks():
                # Locked before it is checked: an order cancelled meanwhile takes no invoice.
                hold(orders=[order_row.id])
                order_row = get_order(order_row.number)
            from app.services.orders import check_invoiceable

            check_invoiceable(order_row, cust)
        if (lines is None) == (amount is None):
            raise UserError(_("Give either invoice lines or an amount, not both or neither."))
        limits.check_date(on, _("invoice date"))
        if amount is not None:
            limits.check_amount(amount, _("invoice amount"))
            if amount <= 0:
                raise UserError(_("The invoice amount must be more than zero."))
            desc = (
                B_("Partial invoice of order {number}").format(number=order_row.number)
                if order_row
                else B_("Invoice")
            )
            lines = [LineInput(desc, Decimal(1), amount)]
        assert lines is not None
        _check_lines(lines)
        inv = fast.create(
            Invoice,
            number=book.next_number("draft"),
            kind="invoice",
            status="draft",
            customer=cust,
            order=order_row,
            date=on,
            due_date=on,
        )
        # A posted invoice is saved whole by posting; only a draft saves its total here.
        write_lines(inv, lines, cur, order_row, first_seq=1, save=draft)
        if not draft:
            post_invoice_row(inv, cur, number=number, terms=terms)
        return inv


def write_lines(
    inv: Invoice,
    lines: Sequence[LineInput],
    cur: Currency,
    order_row: Order | None = None,
    first_seq: int | None = None,
    save: bool = True,
) -> None:
    from app.services.orders import order_line_by_seq

    total = ZERO
    if first_seq is None:  # lines added to a draft follow the ones it has
        first_seq = InvoiceLine.select().where(InvoiceLine.invoice == inv).count() + 1
    rows = []
    for seq, line in enumerate(lines, start=first_seq):
        amount = cur.round(line.quantity * line.unit_price)
        total += amount
        ol = None
        if line.order_line is not None:
            if order_row is None:
                raise UserError(_("Order lines can only be invoiced on an invoice for that order."))
            ol = order_line_by_seq(order_row, line.order_line)
        rows.append(
            {
                "invoice": inv.id,
                "seq": seq,
                "description": line.description,
                "quantity": qty_to_milli(line.quantity),
                "unit_price": cur.to_minor(line.unit_price),
                "amount": cur.to_minor(amount),
                "order_line": ol,
            }
        )
    limits.check_amount(cur.from_minor(inv.total) + total, _("invoice total"))
    if rows:
        fast.insert_many(InvoiceLine, rows)
    inv.total += cur.to_minor(total)
    if save:
        fast.save(inv)


def post_invoice_row(
    inv: Invoice, cur: Currency, *, number: str | None = None, terms: str | None = None
) -> None:
    """Post a draft invoice: number, terms, journal, order effects."""
    from app.services.orders import invoice_posted_on_order

    if inv.status != "draft":
        raise UserError(_("Invoice {number} is already posted.").format(number=inv.number))
    if inv.total <= 0 and inv.kind in ("invoice", "standalone"):
        raise UserError(_("An invoice must have a total above zero; use a credit note to credit."))
    if inv.order is not None and inv.order.status in ("cancelled", "draft"):
        raise UserError(
            _(
                "Order {number} is {status}; invoice {number2} cannot be posted to it. Delete the draft or post it without the order."
            ).format(number=inv.order.number, status=inv.order.status, number2=inv.number)
        )
    if inv.order is not None and inv.order.status == "invoiced":
        inv.kind = "standalone"
    series = inv.kind if inv.kind != "standalone" else "invoice"
    inv.number = book.number_for(series, number)
    if inv.kind in ("invoice", "standalone"):
        given = parse_terms(terms) if terms else book.customer_terms(inv.customer)
        inv.terms_text = given.text
        inv.due_date = given.due_date(inv.date)
        if given.tiers:
            inv.discount_date = given.discount_until(given.tiers[0], inv.date)
            inv.discount_percent_bp = int(given.tiers[0].percent * 100)
    inv.status = "posted"
    inv.posted_at = audit_stamp()
    fast.save(inv)
    total = cur.from_minor(inv.total)
    post_entry(
        cur,
        inv.date,
        f"{_kind_word(inv)} {inv.number}",
        dr_cr(RECEIVABLES, SALES, total),
        invoice=inv,
    )
    if inv.order_id is not None and inv.kind == "invoice":
        invoice_posted_on_order(inv, cur)


def _kind_word(inv: Invoice) -> str:
    return {
        "invoice": B_("Invoice"),
        "standalone": B_("Standalone invoice"),
        "credit_note": B_("Credit note"),
        "corrective": B_("Corrective invoice"),
    }[inv.kind]


def _held_invoice(number: str) -> Invoice:
    """The invoice (and its order), locked and read under the locks."""
    inv = get_invoice(number)
    if not row_locks():
        return inv
    hold(orders=[inv.order_id], invoices=[inv.id])
    return get_invoice(number)


def post_invoice(number: str) -> Invoice:
    if get_invoice(number).kind == "corrective":
        # A kept correction draft posts as the correction it is (SPEC §9).
        from app.services.corrections import confirm_correction

        return confirm_correction(number)
    with database.atomic():
        inv = _held_invoice(number)
        post_invoice_row(inv, book.currency())
        return inv


def delete_draft(number: str) -> None:
    with database.atomic():
        inv = _held_invoice(number)
        if inv.status != "draft":
            raise UserError(
                _(
                    "{kind_word} {number} is posted; posted documents are never changed or deleted. Issue a credit note or a corrective invoice instead."
                ).format(kind_word=_kind_word(inv), number=inv.number)
            )
        from models.tables import UnbilledItem

        UnbilledItem.delete().where(UnbilledItem.invoice == inv).execute()
        InvoiceLine.delete().where(InvoiceLine.invoice == inv).execute()
        inv.delete_instance()


def refuse_if_posted(number: str) -> None:
    inv = get_invoice(number)
    if inv.status != "draft":
        raise UserError(
            _(
                "{kind_word} {number} is posted; posted documents are never changed or deleted. Issue a credit note or a corrective invoice instead."
            ).format(kind_word=_kind_word(inv), number=inv.number)
        )


def edit_draft(number: str, on: date | None = None, lines: Sequence[LineInput] = ()) -> Invoice:
    """Change a draft invoice: its date (and due date) and/or replace all its lines."""
    with database.atomic():
        _held_invoice(number)
        refuse_if_posted(number)
        inv = get_invoice(number)
        if inv.kind == "corrective":
            raise UserError(
                _("{number} is a draft correction; use `acerto correct` instead.").format(
                    number=inv.number
                )
            )
        if on is not None:
            inv.date = on
            inv.due_date = on
        if lines:
            _check_lines(lines)
            InvoiceLine.delete().where(InvoiceLine.invoice == inv.id).execute()
            inv.total = 0
            write_lines(inv, lines, book.currency(), inv.order if inv.order_id else None)
        fast.save(inv)
        return inv
