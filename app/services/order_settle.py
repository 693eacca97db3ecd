"""An order's money (SPEC §4, §9): an order invoice settled from the payments
received on its order, and the money an order keeps no more refunded.
Moved out of orders.py, which imports these under their old names."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import B_, _, book_money
from app.rules.money import Currency
from app.rules.settlement import PAYMENT, Application, SettlementPreview, journal_for
from app.services import order_returns
from app.services.documents import Source, number_of, open_state
from app.services.refunds import record_refund
from app.services.settlements import store_preview
from models import fast
from models.locks import save_guarded
from models.tables import Invoice, Order, OrderChange, Payment


def order_payments(order: Order) -> list[Payment]:
    return fast.select_where(Payment, order=order.id, order_by=("date", "id"))


def auto_settle(pay: Payment, inv: Invoice, on: date, cur: Currency) -> None:
    money = cur.from_minor(pay.amount - pay.applied - pay.refunded)
    state = open_state(inv, cur)
    amount = min(money, state.balance)
    if amount <= 0:
        return
    outcome = (
        B_("invoice settled")
        if amount == state.balance
        else B_("balance now {balance_after}").format(
            balance_after=book_money(cur)(state.balance - amount)
        )
    )
    app = Application(
        inv.number,
        state.balance,
        amount,
        source=pay.number,
        explanation=B_(
            "{amount} from {number} to {number2} (balance {balance}): money received on order {number_of} settles exactly the invoice's own amount; {outcome}."
        ).format(
            amount=book_money(cur)(amount),
            number=pay.number,
            number2=inv.number,
            balance=book_money(cur)(state.balance),
            number_of=number_of(inv.order),
            outcome=outcome,
        ),
    )
    src = Source(PAYMENT, pay.number, pay, None, money, pay.date, pay.customer_id)
    preview = SettlementPreview(pay.number, PAYMENT, on, money, (app,), journal_for([app], PAYMENT))
    store_preview(preview, src, cur, automatic=True)


def refund_when_done(
    order: Order,
    on: date,
    cur: Currency,
    reason: str,
    *,
    change: OrderChange | None = None,
    payments: list[Payment] | None = None,
    credits: list[Invoice] | None = None,
) -> None:
    """An order fully invoiced keeps no money: what is left is refunded (SPEC §9).
    `payments`, `credits`: as `order_returns.money_left` takes them."""
    if payments == [] and credits == []:
        return  # neither payments nor freed credit: no money to refund
    order = fast.get(Order, order.id)
    if order.status != "invoiced":
        return
    left = order_returns.money_left(order, cur, payments=payments, credits=credits)
    if left > 0:
        refund_order_money(order, left, on, cur, reason, change=change)


def refund_order_money(
    order: Order,
    amount: Decimal,
    on: date,
    cur: Currency,
    reason: str,
    *,
    change: OrderChange | None = None,
) -> None:
    """Refund `amount` of the order's money, its payments newest first, then its freed
    credit; `change` is the order change or cancel that made the refund, if one did."""
    left = amount
    for pay in reversed(order_payments(order)):
        if left <= 0:
            break
        free = cur.from_minor(pay.amount - pay.applied - pay.refunded)
        part = min(free, left)
        if part <= 0:
            continue
        src = Source(PAYMENT, pay.number, pay, None, free, pay.date, pay.customer_id)
        why = B_("Refund: {reason}").format(reason=reason)
        record_refund(src, part, max(on, pay.date), why, cur, change=change)
        left -= part
    if left > 0:
        # Money a return freed is the order's too (order_returns), refunded after its payments.
        left -= order_returns.refund_credits(order, left, on, cur, reason, change=change)
    if left > 0:
        raise UserError(
            _(
                "Order {number} should refund {amount}, but only {fmt} of its money is unapplied; unsettle what was applied elsewhere first."
            ).format(number=order.number, amount=cur.fmt(amount), fmt=cur.fmt(amount - left))
        )
    order = fast.get(Order, order.id)
    refunded = order.refunded
    order.refunded += cur.to_minor(amount)
    save_guarded(order, refunded=refunded)
