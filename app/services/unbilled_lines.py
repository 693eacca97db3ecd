"""The unbilled part of one invoice line along its correction chain (SPEC §5.3, §9).

A line's lineage is the line and every earlier line it re-bills, back to
the original invoice. What a chain leaves unbilled on a lineage is what one
correction of the original would: the quantity below the original's that
is no longer billed, valued as one amount (quantity × price, rounded once);
each new item takes the remainder so the open items add up to it (§3.9).
Reducing a quantity an earlier correction had raised above the original
only takes that increase back: nothing becomes unbilled.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from app.rules.money import ZERO, Currency, qty_from_milli, qty_to_milli
from models import fast
from models.db import database
from models.locks import hold, row_locks
from models.tables import Invoice, InvoiceLine, UnbilledItem

if TYPE_CHECKING:  # corrections imports this module
    from app.services.correction_plan import CorrectionLine


def lineage(line: InvoiceLine) -> list[int]:
    """The line and every earlier line it re-bills, back to the original."""
    ids = [line.id]
    while line.original_line_id is not None:
        line = fast.get(InvoiceLine, line.original_line_id)
        ids.append(line.id)
    return ids


def original_quantity(line: InvoiceLine) -> Decimal:
    """The quantity the lineage's original invoice billed."""
    return qty_from_milli(fast.get(InvoiceLine, lineage(line)[-1]).quantity)


def _open_items(line: InvoiceLine) -> list[UnbilledItem]:
    return _open_items_of(lineage(line))


def _open_items_of(line_ids: list[int]) -> list[UnbilledItem]:
    """The open unbilled items of these invoice lines, by id (read through `fast`:
    inside a batch, queued items count and nothing is sent)."""

    def read() -> list[UnbilledItem]:
        found = (
            item
            for line_id in line_ids
            for item in fast.select_where(UnbilledItem, original_line=line_id, status="open")
        )
        return sorted(found, key=lambda item: item.id)

    items = read()
    if items and row_locks() and database.in_transaction():  # a preview locks nothing
        hold(items=[i.id for i in items])  # locked first, then read as they are now
        items = read()
    return items


def lost(line: InvoiceLine, current: Decimal, new: Decimal) -> Decimal:
    """The quantity a reduction from `current` to `new` leaves unbilled."""
    return max(ZERO, min(current, original_quantity(line)) - new)


def added_amount(line: InvoiceLine, quantity: Decimal, cur: Currency) -> Decimal:
    """The amount of a new unbilled item of `quantity` on the line: the lineage's open
    quantity valued once, less what its open items already hold."""
    items = _open_items(line)
    held = sum((qty_from_milli(i.quantity) for i in items), ZERO)
    price = cur.from_minor(line.unit_price)
    return cur.round((held + quantity) * price) - cur.from_minor(sum(i.amount for i in items))


def consume(line: InvoiceLine, increase: Decimal, by: Invoice, cur: Currency) -> Decimal:
    """A correction that bills more of a line first uses up what earlier
    corrections of its lineage left unbilled, newest first; returns the amount consumed."""
    return _use(_open_items(line), increase, by, cur)


def order_line_items(order_line_id: int) -> list[UnbilledItem]:
    """The open unbilled items left by corrections of any invoice of one order line."""
    lines = fast.select_where(InvoiceLine, order_line=order_line_id)
    return _open_items_of([line.id for line in lines])


def order_line_of(item: UnbilledItem) -> int | None:
    """The order line an unbilled item's hours belong to (None: not an order's)."""
    if item.original_line_id is None:
        return None
    return fast.get(InvoiceLine, item.original_line_id).order_line_id


def use_on_order_line(order_line_id: int, quantity: Decimal, by: Invoice, cur: Currency) -> Decimal:
    """An order invoice that bills `quantity` more of an order line bills first the
    hours corrections left unbilled on it (their items close as billed by `by`), so the
    order line is never billed beyond its ordered quantity; returns the amount used."""
    return _use(order_line_items(order_line_id), quantity, by, cur)


def _use(items: list[UnbilledItem], increase: Decimal, by: Invoice, cur: Currency) -> Decimal:
    """Close `increase` of the open `items` as billed by `by`, newest first.

    A partly used item is closed as billed and its rest opens as a new item,
    so an item's quantity never changes once written.
    """
    held = sum((qty_from_milli(i.quantity) for i in items), ZERO)
    used = min(increase, held)
    if used <= 0:
        return ZERO
    price = cur.from_minor(items[0].unit_price)
    after = cur.round((held - used) * price)
    consumed = cur.from_minor(sum(i.amount for i in items)) - after
    # Newest first: the items left are then the oldest, whose amounts were each
    # written as the remainder of the lineage's total, so they add up to `after`.
    left = used
    for n in reversed(range(len(items))):
        if left <= 0:
            break
        item = items[n]
        qty = qty_from_milli(item.quantity)
        take = min(qty, left)
        left -= take
        item.status = "billed"
        item.billed_invoice = by
        fast.save(item)
        if take < qty:
            older = cur.from_minor(sum(i.amount for i in items[:n]))
            fast.create(
                UnbilledItem,
                customer=item.customer_id,
                invoice=item.invoice_id,
                original_line=item.original_line_id,
                description=item.description,
                quantity=qty_to_milli(qty - take),
                unit_price=item.unit_price,
                amount=cur.to_minor(after - older),
            )
    return consumed


def correction_moves(
    draft: Invoice,
    lines: Sequence[CorrectionLine],
    originals: dict[int, InvoiceLine],
    cur: Currency,
) -> Decimal:
    """What confirming correction `draft` does to unbilled items: a reduced quantity
    becomes one, an increased one bills the line's unbilled items first (`consume`).
    Returns the amount of unbilled items consumed."""
    for line in lines:
        ol = originals[line.seq]
        gone = lost(ol, line.original_quantity, line.new_quantity)
        if gone > 0:
            fast.create(
                UnbilledItem,
                customer=draft.customer_id,
                invoice=draft,
                original_line=ol.id,
                description=line.description,
                quantity=qty_to_milli(gone),
                unit_price=ol.unit_price,
                amount=cur.to_minor(added_amount(ol, gone, cur)),
            )
    consumed = ZERO
    for line in lines:
        if line.new_quantity > line.original_quantity:
            consumed += consume(
                originals[line.seq], line.new_quantity - line.original_quantity, draft, cur
            )
    return consumed
