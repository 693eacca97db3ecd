"""Orders, invoiced in parts, paid ahead, changed afterwards (SPEC §4).

An invoice posted against an order settles exactly its own amount from
money already received on that order; once the invoices reach the order
total the order is invoiced, and later invoices are standalone. A change
that leaves more money received than the new total refunds the difference.
Invoicing an order by an amount or by lines: order_invoicing.py (its names
are given here too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import B_, _
from app.rules import limits
from app.rules.money import ZERO, Currency, fmt_qty, qty_from_milli, qty_to_milli
from app.rules.order_changes import ChangeFacts, QuantityChange, describe
from app.services import book, order_returns, order_unbilled
from app.services.documents import get_customer, get_order
from app.services.invoices import LineInput, check_lines
from app.services.journal import last_entry
from app.services.order_invoicing import OrderInvoicePreview as OrderInvoicePreview
from app.services.order_invoicing import held_order as _held_order
from app.services.order_invoicing import invoice_order as invoice_order
from app.services.order_invoicing import order_invoice as order_invoice
from app.services.order_invoicing import preview_order_invoice as preview_order_invoice
from app.services.order_lines import order_line_by_seq
from app.services.order_settle import auto_settle as _auto_settle
from app.services.order_settle import order_payments as _order_payments
from app.services.order_settle import refund_order_money as _refund_order_money
from app.services.order_settle import refund_when_done as _refund_when_done
from models import fast
from models.db import database
from models.locks import hold, row_locks, save_guarded
from models.tables import Invoice, InvoiceLine, Order, OrderChange, OrderLine, Payment


def _status(order: Order) -> str:
    if order.status in ("cancelled", "draft"):
        return order.status
    if order.invoiced == 0:
        return "open"
    if order.invoiced >= order.total:
        return "invoiced"
    return "partially_invoiced"


def _recompute_total(order: Order) -> None:
    """The order's total: its lines not removed, less its discount (refused beyond the
    book's limits)."""
    lines_amount = fast.total_where(OrderLine, "amount", order=order.id, removed=False)
    order.total = _checked_total(lines_amount - order.discount, order.number, book.currency())


def _checked_total(total: int, number: str, cur: Currency) -> int:
    """An order's total, refused beyond the book's limits."""
    value = cur.from_minor(total)
    if not limits.amount_within(value):  # the words only for a refusal
        limits.check_amount(value, _("total of order {number}").format(number=number))
    return total


def _line_amount(line: LineInput, cur: Currency) -> int:
    """An order line's amount: its quantity times its price, rounded once."""
    return cur.to_minor(cur.round(line.quantity * line.unit_price))


def _received(order: Order) -> int:
    return order.paid - order.refunded


# ---------------------------------------------------------------- creating


def create_order(
    customer: str,
    on: date,
    lines: Sequence[LineInput],
    discount: Decimal = ZERO,
    draft: bool = False,
    notes: str = "",
    *,
    number: str | None = None,
) -> Order:
    with database.atomic():
        cur = book.currency()
        cust = get_customer(customer)
        check_lines(lines)
        if limits.date_problem(on) is not None:  # the words only for a refusal
            limits.check_date(on, _("order date"))
        if not limits.amount_within(discount):
            limits.check_amount(discount, _("order discount"))
        notes = limits.check_text("notes", notes)
        if discount < 0:
            raise UserError(_("An order discount cannot be negative."))
        number = book.next_number("draft") if draft else book.number_for("order", number)
        amounts = [_line_amount(line, cur) for line in lines]
        # Its total known before it is written: the order is inserted whole.
        total = _checked_total(sum(amounts) - cur.to_minor(discount), number, cur)
        if total < 0:
            raise UserError(_("The order discount is larger than the order."))
        order = fast.create(
            Order,
            number=number,
            customer=cust,
            date=on,
            status="draft" if draft else "open",
            discount=cur.to_minor(discount),
            notes=notes,
            total=total,
        )
        _add_lines(order, lines, cur, first=True, amounts=amounts)
        return order


ORDER_LINE_COLUMNS = ("order", "seq", "description", "quantity", "unit_price", "amount")


def _add_lines(
    order: Order,
    lines: Sequence[LineInput],
    cur: Currency,
    *,
    first: bool = False,
    amounts: Sequence[int] | None = None,
) -> None:
    """Add `lines` after the order's own (`first`: it has none yet, a new order);
    `amounts`: their `_line_amount`s, when the caller has them."""
    if not lines:
        return
    start = 0 if first else fast.count_where(OrderLine, order=order.id)
    if amounts is None:
        amounts = [_line_amount(line, cur) for line in lines]
    rows = [
        (
            order.id,
            seq,
            line.description,
            qty_to_milli(line.quantity),
            cur.to_minor(line.unit_price),
            amount,
        )
        for seq, (line, amount) in enumerate(zip(lines, amounts, strict=True), start=start + 1)
    ]
    fast.insert_rows(OrderLine, ORDER_LINE_COLUMNS, rows)


def post_order(number: str) -> Order:
    with database.atomic():
        order = _held_order(number)
        if order.status != "draft":
            raise UserError(_("Order {number} is already posted.").format(number=order.number))
        order.number = book.next_number("order")
        order.status = "open"
        fast.save(order)
        return order


def delete_draft_order(number: str) -> None:
    with database.atomic():
        order = _held_order(number)
        if order.status != "draft":
            raise UserError(
                _("Order {number} is posted; cancel or change it instead.").format(
                    number=order.number
                )
            )
        OrderLine.delete().where(OrderLine.order == order.id).execute()
        order.delete_instance()


# ---------------------------------------------------------------- money and invoices


def invoice_posted_on_order(
    inv: Invoice,
    cur: Currency,
    lines: Sequence[tuple[int, int]] | None = None,
    order: Order | None = None,
    *,
    alone: bool = False,
) -> None:
    """Called inside the posting transaction of an order invoice (the order locked).
    `lines`: the (order line id, quantity) of its lines that name one, when just written;
    `order`: its order as this posting read it under the lock; `alone`: the invoice is
    known to be its order's only document (else counted)."""
    if order is None:
        order = fast.get(Order, inv.order_id)
    if row_locks():
        hold(payments=[p.id for p in _order_payments(order)])
    _invoiced_on_order(order, inv, cur, lines, alone=alone)


def returned_on_order(doc: Invoice, cur: Currency) -> None:
    """A posted credit note or correction of an order invoice: the order's invoiced
    amount and quantities follow it (SPEC §9); an increase uses the order's money."""
    if not order_returns.counts_for_order(doc):
        return
    if row_locks():
        hold(orders=[doc.order_id])
    _invoiced_on_order(fast.get(Order, doc.order_id), doc, cur)


def _invoiced_on_order(
    order: Order,
    doc: Invoice,
    cur: Currency,
    lines: Sequence[tuple[int, int]] | None = None,
    *,
    alone: bool = False,
) -> None:
    """The order's invoiced figures follow a posted document on it; one that bills
    more is settled from the order's money (freed credit first, then its payments),
    and an order that ends fully invoiced refunds the money it has left."""
    invoiced = order.invoiced
    order.invoiced += doc.total
    if lines is None:
        lines = [
            (line.order_line_id, line.quantity)
            for line in fast.select_where(InvoiceLine, invoice=doc.id, order_by=("id",))
            if line.order_line_id is not None
        ]
    for order_line_id, quantity in lines:
        fast.add_to(OrderLine, order_line_id, "invoiced_quantity", quantity)
    order.status = _status(order)
    save_guarded(order, invoiced=invoiced)
    if doc.total <= 0:
        order_unbilled.bill_on_order(doc, cur)
        return
    # `doc` alone on its order (known, or counted, not read): nothing unbilled, no credit to read.
    first = alone or fast.count_where(Invoice, order=order.id) == 1
    order_unbilled.bill_on_order(doc, cur, first=first)
    credits = order_returns.order_credits(order, [doc] if first else None)
    order_returns.settle_from_credits(order, doc, doc.date, cur, credits)
    payments = _paying(order)
    for pay in payments:
        doc = fast.get(Invoice, doc.id)
        if doc.settled >= doc.total:
            break
        _auto_settle(pay, doc, max(doc.date, pay.date), cur)
    _refund_when_done(
        order,
        doc.date,
        cur,
        B_("order {number} fully invoiced").format(number=order.number),
        # None lists were changed by the settlements above: read again.
        payments=None if payments else [],
        credits=None if credits else [],
    )


def _paying(order: Order) -> list[Payment]:
    """The order's payments, not read when it was paid nothing: `paid` is their sum
    (`acerto check` proves it) and every payment is above zero."""
    return _order_payments(order) if order.paid else []


def payment_received_on_order(pay: Payment, order: Order, cur: Currency) -> None:
    """An order payment pays the order's open invoices first, then waits (the order locked)."""
    paid = order.paid
    order.paid += pay.amount
    save_guarded(order, paid=paid)
    on_order = fast.select_where(Invoice, order=order.id, order_by=("due_date", "id"))
    if row_locks():  # locked first, then read as they are now
        hold(invoices=[i.id for i in on_order])
        on_order = fast.select_where(Invoice, order=order.id, order_by=("due_date", "id"))
    invoices = [
        i for i in on_order if i.kind == "invoice" and i.status != "draft" and i.settled < i.total
    ]
    for inv in invoices:
        pay = fast.get(Payment, pay.id)
        if pay.applied + pay.refunded >= pay.amount:
            break
        _auto_settle(pay, inv, max(inv.date, pay.date), cur)


# ---------------------------------------------------------------- changing and cancelling


@dataclass(frozen=True)
class OrderChangePreview:
    order: str
    old_total: Decimal
    new_total: Decimal
    invoiced: Decimal
    received: Decimal
    refund: Decimal
    description: str
    facts: ChangeFacts


def _plan_change(
    order: Order,
    remove_lines: Sequence[int],
    add_lines: Sequence[LineInput],
    discount: Decimal,
    cur: Currency,
    quantities: Mapping[int, Decimal] | None = None,
) -> tuple[int, ChangeFacts]:
    if order.status == "cancelled":
        raise UserError(
            _("Order {number} is cancelled; it cannot be changed.").format(number=order.number)
        )
    if order.status == "draft":
        raise UserError(
            _("Order {number} is a draft; edit it freely or post it first.").format(
                number=order.number
            )
        )
    if not remove_lines and not add_lines and discount == 0 and not quantities:
        raise UserError(
            _(
                "The order change changes nothing: remove a line, add a line, change a quantity or give a discount."
            )
        )
    if discount < 0:
        raise UserError(_("A discount cannot be negative."))
    if add_lines:
        check_lines(add_lines)
    removed: list[tuple[int, str]] = []
    changed: list[QuantityChange] = []
    total = order.total
    for seq in sorted(set(remove_lines)):
        ol = order_line_by_seq(order, seq)
        if ol.invoiced_quantity:
            raise UserError(
                _(
                    "Order line {seq} ({description}) is already invoiced in part; it cannot be removed. Credit the invoice instead."
                ).format(seq=seq, description=ol.description)
            )
        order_unbilled.check_room(ol, 0)
        total -= ol.amount
        removed.append((seq, ol.description))
    for seq, qty in sorted((quantities or {}).items()):
        if seq in set(remove_lines):
            raise UserError(
                _("Order line {seq} is both removed and given a new quantity.").format(seq=seq)
            )
        total += _quantity_change(order, seq, qty, cur, changed)
    for line in add_lines:
        total += _line_amount(line, cur)
    total -= cur.to_minor(discount)
    if total < order.invoiced and total < order.total:
        # Only a decrease below what is invoiced is refused; adding to an
        # order already invoiced past its total is fine.
        raise UserError(
            _(
                "The new total {from_minor} of order {number} would be below the {from_minor2} already invoiced; credit an invoice instead."
            ).format(
                from_minor=cur.fmt(cur.from_minor(total)),
                number=order.number,
                from_minor2=cur.fmt(cur.from_minor(order.invoiced)),
            )
        )
    if total < 0:
        raise UserError(_("The order's new total would be below zero."))
    added = tuple(line.description for line in add_lines)
    return total, ChangeFacts(
        tuple(removed), tuple(changed), added, cur.to_minor(discount) if discount else 0
    )


def _quantity_change(
    order: Order, seq: int, qty: Decimal, cur: Currency, changed: list[QuantityChange]
) -> int:
    """A line's new quantity: never below what is invoiced of it net of credits (SPEC §9)."""
    ol = order_line_by_seq(order, seq)
    new = qty_to_milli(qty)
    if new <= 0:
        raise UserError(
            _("The new quantity of order line {seq} must be more than zero; remove it.").format(
                seq=seq
            )
        )
    if new == ol.quantity:
        raise UserError(
            _("Order line {seq} already has quantity {qty}.").format(seq=seq, qty=fmt_qty(qty))
        )
    if new < ol.invoiced_quantity:
        raise UserError(
            _(
                "Order line {seq} ({description}) has {qty_from_milli} invoiced net of credits; its quantity cannot go below that ({qty} was asked)."
            ).format(
                seq=seq,
                description=ol.description,
                qty_from_milli=fmt_qty(qty_from_milli(ol.invoiced_quantity)),
                qty=fmt_qty(qty),
            )
        )
    order_unbilled.check_room(ol, new)
    changed.append(
        QuantityChange(seq, ol.description, qty_from_milli(ol.quantity), qty_from_milli(new))
    )
    return cur.to_minor(cur.round(qty_from_milli(new) * cur.from_minor(ol.unit_price))) - ol.amount


def preview_order_change(
    number: str,
    remove_lines: Sequence[int] = (),
    add_lines: Sequence[LineInput] = (),
    discount: Decimal = ZERO,
    quantities: Mapping[int, Decimal] | None = None,
) -> OrderChangePreview:
    cur = book.currency()
    order = get_order(number)
    total, facts = _plan_change(order, remove_lines, add_lines, discount, cur, quantities)
    received = _received(order)
    refund = max(received - total, 0)
    if order.invoiced and total <= order.invoiced:
        # The order ends fully invoiced: all its money left goes back (SPEC §9).
        refund = max(refund, cur.to_minor(order_returns.money_left(order, cur)))
    return OrderChangePreview(
        order.number,
        cur.from_minor(order.total),
        cur.from_minor(total),
        cur.from_minor(order.invoiced),
        cur.from_minor(received),
        cur.from_minor(refund),
        describe(facts, cur),
        facts,
    )


def change_order(
    number: str,
    on: date,
    remove_lines: Sequence[int] = (),
    add_lines: Sequence[LineInput] = (),
    discount: Decimal = ZERO,
    quantities: Mapping[int, Decimal] | None = None,
) -> OrderChange:
    """Remove or add lines, change quantities or give a discount; refund any money
    received above the new total."""
    with database.atomic():
        cur = book.currency()
        order = _held_order(number, payments=True)
        preview = preview_order_change(number, remove_lines, add_lines, discount, quantities)
        before = last_entry()
        for seq in sorted(set(remove_lines)):
            ol = order_line_by_seq(order, seq)
            ol.removed = True
            fast.save(ol)
        for seq, qty in sorted((quantities or {}).items()):
            ol = order_line_by_seq(order, seq)
            ol.quantity = qty_to_milli(qty)
            ol.amount = cur.to_minor(
                cur.round(qty_from_milli(ol.quantity) * cur.from_minor(ol.unit_price))
            )
            fast.save(ol)
        _add_lines(order, add_lines, cur)
        read = {"discount": order.discount, "total": order.total, "invoiced": order.invoiced}
        order.discount += cur.to_minor(discount)
        old_total = order.total
        _recompute_total(order)
        assert order.total == cur.to_minor(preview.new_total)
        order.status = _status(order)
        save_guarded(order, **read)
        change = fast.create(
            OrderChange,
            order=order,
            date=on,
            description=preview.description,
            old_total=old_total,
            new_total=order.total,
            after_entry=before,
            facts=preview.facts.to_json(),
        )
        why = B_("order {number} changed: {description}").format(
            number=order.number, description=preview.description
        )
        if preview.refund > 0:
            _refund_order_money(order, preview.refund, on, cur, why, change=change)
        _refund_when_done(order, on, cur, why, change=change)
        return change


def cancel_order(number: str, on: date) -> Order:
    """Cancel an order with nothing invoiced (no invoice, or its invoices credited in full);
    the order's money left is refunded."""
    with database.atomic():
        cur = book.currency()
        order = _held_order(number, payments=True)
        if order.status == "cancelled":
            raise UserError(_("Order {number} is already cancelled.").format(number=order.number))
        if order.status == "draft":
            raise UserError(
                _("Order {number} is a draft; delete it instead.").format(number=order.number)
            )
        if order.invoiced != 0:
            raise UserError(
                _(
                    "Order {number} is {status} ({from_minor} of {from_minor2} invoiced); it cannot be cancelled. Change it instead: remove lines or give a discount."
                ).format(
                    number=order.number,
                    status=order.status.replace("_", " "),
                    from_minor=cur.fmt(cur.from_minor(order.invoiced)),
                    from_minor2=cur.fmt(cur.from_minor(order.total)),
                )
            )
        # Invoices credited in full leave nothing invoiced: the order can go (SPEC §9).
        left = order_returns.money_left(order, cur)
        facts = ChangeFacts(cancelled=True)
        # The change first, so the refunds name it (the workbook finds its posting by them).
        change = fast.create(
            OrderChange,
            order=order,
            date=on,
            description=describe(facts, cur),
            old_total=order.total,
            new_total=order.total,
            after_entry=last_entry(),
            facts=facts.to_json(),
        )
        if left > 0:
            why = B_("order {number} cancelled").format(number=order.number)
            _refund_order_money(order, left, on, cur, why, change=change)
            order = fast.get(Order, order.id)
        status = order.status
        order.status = "cancelled"
        save_guarded(order, status=status, invoiced=order.invoiced)
        return order
