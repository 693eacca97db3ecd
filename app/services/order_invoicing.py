"""Invoicing an order, by an amount or by lines and quantities (SPEC §4).

The invoice's lines come from the order's: a line invoiced takes the order
line's description and price, never more than the quantity it has left.
Moved out of orders.py, which gives these under their old names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import B_, _
from app.rules.money import ZERO, Currency, fmt_qty, qty_from_milli, qty_to_milli
from app.services import book, order_returns
from app.services.documents import get_order
from app.services.invoices import InvoiceIn, LineInput, create_invoice
from app.services.order_lines import order_line_by_seq, order_lines
from app.services.order_settle import order_payments
from models import fast
from models.db import database
from models.locks import hold, row_locks
from models.tables import Customer, Invoice, Order, OrderLine


def held_order(number: str, *, payments: bool = False) -> Order:
    """The order, locked (and its payments with `payments`), read under the locks."""
    order = get_order(number)
    if not row_locks():
        return order
    hold(orders=[order.id], payments=[p.id for p in order_payments(order)] if payments else [])
    return get_order(number)


@dataclass(frozen=True)
class OrderInvoicePreview:
    order: str
    total: Decimal
    invoiced: Decimal
    left_to_invoice: Decimal
    amount: Decimal
    standalone: bool
    settled_from_order_money: Decimal
    lines_left: tuple[tuple[int, str, Decimal, Decimal], ...]  # seq, description, qty left, price


def preview_order_invoice(
    number: str, amount: Decimal | None = None, line_qty: Mapping[int, Decimal] | None = None
) -> OrderInvoicePreview:
    cur = book.currency()
    order = get_order(number)
    lines = _order_invoice_lines(order, amount, line_qty, cur)
    value = sum((cur.round(x.quantity * x.unit_price) for x in lines), ZERO)
    money = sum((p.amount - p.applied - p.refunded for p in order_payments(order)), 0)
    standalone = order.status == "invoiced"
    left = [
        (
            ol.seq,
            ol.description,
            qty_from_milli(ol.quantity - ol.invoiced_quantity),
            cur.from_minor(ol.unit_price),
        )
        for ol in order.lines.order_by(OrderLine.seq)
        if not ol.removed
    ]
    return OrderInvoicePreview(
        order=order.number,
        total=cur.from_minor(order.total),
        invoiced=cur.from_minor(order.invoiced),
        left_to_invoice=cur.from_minor(max(order.total - order.invoiced, 0)),
        amount=value,
        standalone=standalone,
        settled_from_order_money=ZERO if standalone else min(value, cur.from_minor(money)),
        lines_left=tuple(left),
    )


def _order_invoice_lines(
    order: Order, amount: Decimal | None, line_qty: Mapping[int, Decimal] | None, cur: Currency
) -> list[LineInput]:
    if (amount is None) == (not line_qty):
        raise UserError(_("Invoice an order either by an amount or by lines and quantities."))
    if amount is not None:
        if amount <= 0:
            raise UserError(_("The invoice amount must be more than zero."))
        return [
            LineInput(
                B_("Partial invoice of order {number}").format(number=order.number),
                Decimal(1),
                amount,
            )
        ]
    assert line_qty is not None
    out = []
    known = order_lines(order)
    for seq, qty in sorted(line_qty.items()):
        ol = order_line_by_seq(order, seq, known)
        if qty <= 0:
            raise UserError(
                _("The quantity to invoice on order line {seq} must be more than zero.").format(
                    seq=seq
                )
            )
        left = ol.quantity - ol.invoiced_quantity
        if qty_to_milli(qty) > left:
            raise UserError(
                _(
                    "Order line {seq} ({description}) has only {qty_from_milli} left to invoice; {qty} was asked.{amount_hint}"
                ).format(
                    seq=seq,
                    description=ol.description,
                    qty_from_milli=fmt_qty(qty_from_milli(left)),
                    qty=fmt_qty(qty),
                    amount_hint=order_returns.amount_hint(order, cur),
                )
            )
        out.append(LineInput(ol.description, qty, cur.from_minor(ol.unit_price), order_line=seq))
    return out


def invoice_order(
    number: str,
    on: date,
    amount: Decimal | None = None,
    line_qty: Mapping[int, Decimal] | None = None,
    draft: bool = False,
) -> Invoice:
    """Invoice part of an order, by amount or by lines and quantities."""
    with database.atomic():
        row = order_invoice(number, on, amount, line_qty)
        return create_invoice(row.customer, on, lines=row.lines, order=row.order, draft=draft)


def order_invoice(
    number: str,
    on: date,
    amount: Decimal | None = None,
    line_qty: Mapping[int, Decimal] | None = None,
) -> InvoiceIn:
    """The invoice that invoices part of an order (refused in words), for
    `invoices.create_invoices`; call inside the posting transaction."""
    order = held_order(number)
    lines = _order_invoice_lines(order, amount, line_qty, book.currency())
    customer = fast.get_by(Customer, Customer.id, order.customer_id, keep=True)
    assert customer is not None  # an order's customer is never deleted
    return InvoiceIn(customer.code, on, lines=lines, order=order.number)
