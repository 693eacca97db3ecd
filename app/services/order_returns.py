"""Money held for an order beyond its payments: credit freed by returns (SPEC §4, §9).

A credit note or a correction that lowers an order invoice lowers what the
order has invoiced; the credit it leaves is the order's money again: it
settles the order's next invoice before the order payments do, and what is
left when the order ends fully invoiced or cancelled is refunded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.i18n import B_, _, book_money
from app.rules.money import ZERO, Currency, qty_from_milli
from app.rules.settlement import CREDIT_NOTE, Application, SettlementPreview, journal_for
from app.services.documents import Source, open_state
from app.services.refunds import record_refund
from app.services.settlements import store_preview
from models import fast
from models.db import database
from models.locks import hold, row_locks
from models.tables import Invoice, Order, OrderChange, Payment


def counts_for_order(inv: Invoice) -> bool:
    """Whether a document changes its order's invoiced figures: an order invoice
    (not a standalone one), and the credit notes and corrections of one."""
    if inv.order_id is None:
        return False
    if inv.kind == "invoice":
        return True
    before = inv.credits_id if inv.kind == "credit_note" else inv.corrects_id
    if inv.kind not in ("credit_note", "corrective") or before is None:
        return False
    return counts_for_order(fast.get(Invoice, before))


def order_payment_ids(order_ids: list[int | None]) -> list[int]:
    """The payments of these orders (what a return on their invoices may lock)."""
    wanted = [i for i in order_ids if i is not None]
    if not wanted:
        return []
    return [p.id for p in Payment.select(Payment.id).where(Payment.order.in_(wanted))]


def order_credits(order: Order, rows: list[Invoice] | None = None) -> list[Invoice]:
    """The order's credit notes and reducing corrections with credit still unapplied, oldest
    first; `rows`: all the order's documents, by id, when the caller has them as they are now."""
    if rows is None:
        rows = fast.select_where(Invoice, order=order.id, order_by=("id",))
    found = [
        r
        for r in rows
        if r.kind in ("credit_note", "corrective")
        and r.status != "draft"
        and r.total < 0
        and r.settled > r.total
        and counts_for_order(r)
    ]
    if row_locks() and found and database.in_transaction():  # a preview locks nothing
        hold(invoices=[r.id for r in found])
    return found


def settle_from_credits(
    order: Order, inv: Invoice, on: date, cur: Currency, credits: list[Invoice] | None = None
) -> None:
    """Freed order money settles the order's invoice `inv` (its own amount at most);
    `credits`: the order's, as `order_credits` just found them."""
    for cn in order_credits(order) if credits is None else credits:
        inv = fast.get(Invoice, inv.id)
        state = open_state(inv, cur)
        money = cur.from_minor(cn.settled - cn.total)
        amount = min(money, state.balance)
        if amount <= 0:
            return
        app = Application(
            inv.number,
            state.balance,
            amount,
            source=cn.number,
            explanation=B_(
                "{amount} of credit {number} to {number2} (balance {balance}): money of order {number3} freed by the return settles the order's next invoice."
            ).format(
                amount=book_money(cur)(amount),
                number=cn.number,
                number2=inv.number,
                balance=book_money(cur)(state.balance),
                number3=order.number,
            ),
        )
        src = Source(CREDIT_NOTE, cn.number, None, cn, money, cn.date, cn.customer_id)
        when = max(on, cn.date)
        preview = SettlementPreview(
            cn.number, CREDIT_NOTE, when, money, (app,), journal_for([app], CREDIT_NOTE)
        )
        store_preview(preview, src, cur, automatic=True)


def money_left(
    order: Order,
    cur: Currency,
    *,
    payments: list[Payment] | None = None,
    credits: list[Invoice] | None = None,
) -> Decimal:
    """Order money not applied: its payments' unapplied money and its freed credit.
    `payments`, `credits`: the order's, when the caller knows them as they are now."""
    if payments is None:
        payments = fast.select_where(Payment, order=order.id)
    if credits is None:
        credits = order_credits(order)
    held = sum((p.amount - p.applied - p.refunded for p in payments), 0)
    return cur.from_minor(held + sum(c.settled - c.total for c in credits))


def refund_credits(
    order: Order,
    amount: Decimal,
    on: date,
    cur: Currency,
    reason: str,
    *,
    change: OrderChange | None = None,
) -> Decimal:
    """Refund up to `amount` of the order's freed credit; returns what was refunded."""
    left = amount
    for cn in reversed(order_credits(order)):
        if left <= 0:
            break
        free = cur.from_minor(cn.settled - cn.total)
        part = min(free, left)
        src = Source(CREDIT_NOTE, cn.number, None, cn, free, cn.date, cn.customer_id)
        why = B_("Refund: {reason}").format(reason=reason)
        ref = record_refund(src, part, max(on, cn.date), why, cur, change=change)
        ref.order = order  # order money going back: the order lists it and counts it
        fast.save(ref)
        left -= part
    return amount - left


def amount_hint(order: Order, cur: Currency) -> str:
    """Why an order can have money left to invoice but no quantity: a credit by amount
    of part of an order invoice lowers the invoiced amount, not the quantities."""
    by_lines = sum(
        (
            cur.round(
                qty_from_milli(ol.quantity - ol.invoiced_quantity) * cur.from_minor(ol.unit_price)
            )
            for ol in order.lines
            if not ol.removed
        ),
        ZERO,
    )
    by_amount = cur.from_minor(order.total - order.invoiced)
    if by_amount <= by_lines:
        return ""
    return _(
        " Order {number} still has {by_amount} to invoice, {fmt} more than its quantities left: a credit by amount on part of an order invoice lowers the price of what was delivered and returns no quantity; invoice that money by amount (--amount), or credit by lines to return items."
    ).format(number=order.number, by_amount=cur.fmt(by_amount), fmt=cur.fmt(by_amount - by_lines))
