"""Unbilled items of an order line: never billed beyond the order (SPEC §4, §5.3; issue 9).

A correction of an order invoice that bills fewer hours lowers the order
line's invoiced quantity and leaves the hours as an unbilled item. Those
hours are still part of the order: invoicing the order line again bills
them first (the item closes as billed by that invoice, as a correction that
bills more uses up its lineage's items), and the item alone cannot be billed
on a standalone invoice while its order is live, or the hours would be
billed twice: once by the item, once by the order line they are still left on.
"""

from __future__ import annotations

from decimal import Decimal

from app.errors import UserError
from app.i18n import B_, _
from app.rules.money import ZERO, Currency, fmt_qty, qty_from_milli
from app.rules.settlement import SALES, UNBILLED
from app.services import unbilled_lines
from app.services.journal import dr_cr, post_entry
from models import fast
from models.tables import Invoice, InvoiceLine, Order, OrderLine, UnbilledItem


def bill_on_order(doc: Invoice, cur: Currency, *, first: bool = False) -> Decimal:
    """After the order's figures took `doc` in: the hours it bills more of an order line
    close that line's unbilled items first (an order invoice), or as far as the line
    would otherwise be billed beyond its ordered quantity (a corrective). Returns the
    amount of the items closed; their value leaves the unbilled account.

    `first`: `doc` is the only document on its order. An order line's items are left
    by corrections of the lines that name it, which are all on its order (an invoice,
    and its credit notes and corrections, name only their own order's lines): none yet."""
    if first:
        return ZERO
    if not fast.count_where(UnbilledItem, customer=doc.customer_id, status="open"):
        return ZERO  # nothing left unbilled anywhere of the customer's: nothing to close
    more: dict[int, int] = {}
    for ln in fast.select_where(InvoiceLine, invoice=doc.id, order_by=("id",)):
        if ln.order_line_id is not None:
            more[ln.order_line_id] = more.get(ln.order_line_id, 0) + ln.quantity
    used = ZERO
    for order_line_id, added in more.items():
        if added <= 0:
            continue
        take = qty_from_milli(added)
        if doc.kind != "invoice":
            take = min(take, _beyond(order_line_id))
        if take > 0:
            used += unbilled_lines.use_on_order_line(order_line_id, take, doc, cur)
    if used:
        post_entry(
            cur,
            doc.date,
            B_("{number} bills hours corrections left unbilled on its order").format(
                number=doc.number
            ),
            dr_cr(SALES, UNBILLED, used),
            invoice=doc,
        )
    return used


def _beyond(order_line_id: int) -> Decimal:
    """How far the order line's invoiced quantity and its open items pass what was ordered."""
    ol = fast.get(OrderLine, order_line_id)
    items = unbilled_lines.order_line_items(order_line_id)
    held = sum((i.quantity for i in items), 0)
    return qty_from_milli(max(ol.invoiced_quantity + held - ol.quantity, 0))


def check_room(ol: OrderLine, new: int) -> None:
    """An order line's new quantity (thousandths; 0: removed) keeps room for the hours
    corrections left unbilled on it: write them off or invoice them first."""
    held = sum((i.quantity for i in unbilled_lines.order_line_items(ol.id)), 0)
    if held and new < ol.invoiced_quantity + held:
        raise UserError(
            _(
                "Order line {seq} ({description}) has {qty_from_milli} left unbilled by corrections besides {qty_from_milli2} invoiced; it cannot go below {qty_from_milli3}. Write the unbilled items off (unbilled write-off) or invoice them on the order first."
            ).format(
                seq=ol.seq,
                description=ol.description,
                qty_from_milli=fmt_qty(qty_from_milli(held)),
                qty_from_milli2=fmt_qty(qty_from_milli(ol.invoiced_quantity)),
                qty_from_milli3=fmt_qty(qty_from_milli(ol.invoiced_quantity + held)),
            )
        )


def check_billable_alone(item: UnbilledItem) -> None:
    """Refuse billing an order line's item on its own while the order is live."""
    order_line_id = unbilled_lines.order_line_of(item)
    if order_line_id is None:
        return
    ol = fast.get(OrderLine, order_line_id)
    order = fast.get(Order, ol.order_id)
    if order.status in ("cancelled", "draft"):
        return
    qty = fmt_qty(qty_from_milli(item.quantity))
    raise UserError(
        _(
            "Unbilled item {id} ({description}, {qty}) is left on order {number} line {seq}, which still has it to invoice; bill it on the order (invoice add --order {number} --order-line {seq}={qty}), which closes the item and uses the order's money, or write it off as not chargeable."
        ).format(id=item.id, description=item.description, qty=qty, number=order.number, seq=ol.seq)
    )
