"""Invoices: drafts, lines and posting (journal, terms, order effects)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.errors import UserError
from app.i18n import B_, N_, _
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
    Customer,
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
        for problem, value, what in (
            (limits.quantity_problem(line.quantity), line.quantity, N_("quantity {where}")),
            (limits.amount_problem(line.unit_price), line.unit_price, N_("unit price {where}")),
            (
                limits.amount_problem(line.quantity * line.unit_price),
                line.quantity * line.unit_price,
                N_("amount {where}"),
            ),
        ):
            if problem is not None:  # the words are made only for a refusal
                where = _('of line "{description}"').format(
                    description=limits.quote(line.description)
                )
                limits.refuse(problem, value, _(what).format(where=where))
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
        if draft:
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
            write_lines(inv, lines, cur, order_row, first_seq=1)
            return inv
        # Posted at once: the row is written whole, as posting a draft would leave it.
        rows, total = _line_rows(lines, cur, order_row, 1, 0)
        kind = (
            "standalone" if order_row is not None and order_row.status == "invoiced" else "invoice"
        )
        _refuse_total(kind, total)
        posted = {"due_date": on, **_posted_fields(kind, cust, on, number, terms)}
        inv = fast.create(
            Invoice, kind=kind, customer=cust, order=order_row, date=on, total=total, **posted
        )
        fast.insert_many(InvoiceLine, ({"invoice": inv.id, **row} for row in rows))
        _post_effects(inv, cur)
        return inv


def _line_rows(
    lines: Sequence[LineInput],
    cur: Currency,
    order_row: Order | None,
    first_seq: int,
    total_before: int,
) -> tuple[list[dict[str, Any]], int]:
    """The lines' rows (without their invoice) and the invoice's new total, in minor units."""
    from app.services.orders import order_line_by_seq

    total = ZERO
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
                "seq": seq,
                "description": line.description,
                "quantity": qty_to_milli(line.quantity),
                "unit_price": cur.to_minor(line.unit_price),
                "amount": cur.to_minor(amount),
                "order_line": ol,
            }
        )
    limits.check_amount(cur.from_minor(total_before) + total, _("invoice total"))
    return rows, total_before + cur.to_minor(total)


def write_lines(
    inv: Invoice,
    lines: Sequence[LineInput],
    cur: Currency,
    order_row: Order | None = None,
    first_seq: int | None = None,
    save: bool = True,
) -> None:
    if first_seq is None:  # lines added to a draft follow the ones it has
        first_seq = InvoiceLine.select().where(InvoiceLine.invoice == inv).count() + 1
    rows, inv.total = _line_rows(lines, cur, order_row, first_seq, inv.total)
    if rows:
        fast.insert_many(InvoiceLine, ({"invoice": inv.id, **row} for row in rows))
    if save:
        fast.save(inv)


def _refuse_total(kind: str, total: int) -> None:
    if total <= 0 and kind in ("invoice", "standalone"):
        raise UserError(_("An invoice must have a total above zero; use a credit note to credit."))


def _posted_fields(
    kind: str, cust: Customer, on: date, number: str | None, terms: str | None
) -> dict[str, Any]:
    """What posting decides of an invoice: its number, terms, due and discount dates."""
    series = kind if kind != "standalone" else "invoice"
    fields: dict[str, Any] = {
        "number": book.number_for(series, number),
        "status": "posted",
        "posted_at": audit_stamp(),
    }
    if kind in ("invoice", "standalone"):
        given = parse_terms(terms) if terms else book.customer_terms(cust)
        fields["terms_text"] = given.text
        fields["due_date"] = given.due_date(on)
        if given.tiers:
            fields["discount_date"] = given.discount_until(given.tiers[0], on)
            fields["discount_percent_bp"] = int(given.tiers[0].percent * 100)
    return fields


def _post_effects(inv: Invoice, cur: Currency) -> None:
    """The journal entry of a posted invoice, and what it does to its order."""
    from app.services.orders import invoice_posted_on_order

    post_entry(
        cur,
        inv.date,
        f"{_kind_word(inv)} {inv.number}",
        dr_cr(RECEIVABLES, SALES, cur.from_minor(inv.total)),
        invoice=inv,
    )
    if inv.order_id is not None and inv.kind == "invoice":
        invoice_posted_on_order(inv, cur)


def post_invoice_row(
    inv: Invoice, cur: Currency, *, number: str | None = None, terms: str | None = None
) -> None:
    """Post a draft invoice: number, terms, journal, order effects."""
    if inv.status != "draft":
        raise UserError(_("Invoice {number} is already posted.").format(number=inv.number))
    _refuse_total(inv.kind, inv.total)
    if inv.order is not None and inv.order.status in ("cancelled", "draft"):
        raise UserError(
            _(
                "Order {number} is {status}; invoice {number2} cannot be posted to it. Delete the draft or post it without the order."
            ).format(number=inv.order.number, status=inv.order.status, number2=inv.number)
        )
    if inv.order is not None and inv.order.status == "invoiced":
        inv.kind = "standalone"
    for name, value in _posted_fields(inv.kind, inv.customer, inv.date, number, terms).items():
        setattr(inv, name, value)
    fast.save(inv)
    _post_effects(inv, cur)


_KIND_WORDS = {
    "invoice": N_("Invoice"),
    "standalone": N_("Standalone invoice"),
    "credit_note": N_("Credit note"),
    "corrective": N_("Corrective invoice"),
}


def _kind_word(inv: Invoice) -> str:
    return B_(_KIND_WORDS[inv.kind])


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
