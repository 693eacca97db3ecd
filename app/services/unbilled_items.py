"""Unbilled items a correction left (SPEC §5): billed on a new invoice, or
marked not chargeable. Moved out of corrections.py, which re-exports both."""

from __future__ import annotations

from datetime import date

from app.errors import UserError
from app.i18n import B_, _
from app.rules.money import qty_from_milli
from app.rules.settlement import SALES, UNBILLED
from app.services import book, order_unbilled
from app.services.invoices import LineInput, create_invoice
from app.services.journal import dr_cr, last_entry, post_entry
from models import fast
from models.db import database
from models.locks import hold
from models.tables import Invoice, UnbilledItem


def _unbilled(item_id: int) -> UnbilledItem:
    """The open item, locked (a clerk billing it while another writes it off bills it once)."""
    hold(items=[item_id])
    item = UnbilledItem.get_or_none(UnbilledItem.id == item_id)
    if item is None:
        raise UserError(_("There is no unbilled item {item_id}.").format(item_id=item_id))
    if item.status != "open":
        raise UserError(
            _("Unbilled item {item_id} is already {status}.").format(
                item_id=item_id, status=item.status.replace("_", " ")
            )
        )
    return item


def _posted_since(before: int) -> int | None:
    """The entry that closed an item (the export reads its date and place from it);
    None when a zero amount posted none."""
    after = last_entry()
    return after if after != before else None


def bill_unbilled(item_id: int, on: date, *, number: str | None = None) -> Invoice:
    """Bill an unbilled item on a new invoice."""
    with database.atomic():
        cur = book.currency()
        item = _unbilled(item_id)
        order_unbilled.check_billable_alone(item)
        inv = create_invoice(
            item.customer.code,
            on,
            lines=[
                LineInput(
                    item.description, qty_from_milli(item.quantity), cur.from_minor(item.unit_price)
                )
            ],
            number=number,
        )
        amount = cur.from_minor(item.amount)
        before = last_entry()
        post_entry(
            cur,
            on,
            B_("Unbilled item {id} billed on {number}").format(id=item.id, number=inv.number),
            dr_cr(SALES, UNBILLED, amount),
            invoice=inv,
        )
        item.status = "billed"
        item.billed_invoice = inv
        item.closed_entry = _posted_since(before)
        fast.save(item)
        return inv


def write_off_unbilled(item_id: int, on: date) -> UnbilledItem:
    """Mark an unbilled item not chargeable."""
    with database.atomic():
        cur = book.currency()
        item = _unbilled(item_id)
        before = last_entry()
        post_entry(
            cur,
            on,
            B_("Unbilled item {id} not chargeable").format(id=item.id),
            dr_cr(SALES, UNBILLED, cur.from_minor(item.amount)),
            invoice=item.invoice_id,
        )
        item.status = "not_chargeable"
        item.closed_entry = _posted_since(before)
        fast.save(item)
        return item
