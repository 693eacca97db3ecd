"""An order's lines as invoicing reads them, and whether an order takes an invoice.

Used by the order services and by invoice posting (an invoice line that
invoices an order line names it by its seq)."""

from __future__ import annotations

from collections.abc import Mapping

from app.errors import UserError
from app.i18n import _
from models import fast
from models.tables import Customer, Order, OrderLine


def order_lines(order: Order) -> dict[int, OrderLine]:
    """The order's lines by their seq (removed ones too), read together."""
    return {ol.seq: ol for ol in fast.select_where(OrderLine, order=order.id)}


def order_line_by_seq(
    order: Order, seq: int, lines: Mapping[int, OrderLine] | None = None
) -> OrderLine:
    """Line `seq` of the order (from `lines` when they were read), refused when it has none."""
    if lines is not None:
        line = lines.get(seq)
    else:
        line = fast.get_where(OrderLine, order=order.id, seq=seq)
    if line is None or line.removed:
        raise UserError(_("Order {number} has no line {seq}.").format(number=order.number, seq=seq))
    return line


def check_invoiceable(order: Order, customer: Customer) -> None:
    if order.customer_id != customer.id:
        raise UserError(
            _("Order {number} belongs to another customer.").format(number=order.number)
        )
    if order.status == "cancelled":
        raise UserError(
            _("Order {number} is cancelled; nothing can be posted to it.").format(
                number=order.number
            )
        )
    if order.status == "draft":
        raise UserError(
            _("Order {number} is a draft; post it before invoicing it.").format(number=order.number)
        )
