"""The demo's ordinary history: planned first (pure, seeded), then posted through the services.

`plan_history` decides what happened — invoices over the last year, some
from orders, and the payments customers made (early payers take the cash
discount, a few pay a little short or over) — from a seeded random
generator and the customers' terms, without touching the book.
`post_history` then posts each planned action with the same service
functions the window and the command line call, so every rule is the
services' own.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.demo.names import PRODUCTS
from app.errors import UserError
from app.rules.money import QTY_QUANTUM, ZERO, Currency
from app.rules.terms import Terms
from app.services import book, invoices, orders, payments, settlements
from app.services.invoices import InvoiceIn, LineInput
from app.services.payments import PaymentIn
from app.services.settlements import SettleIn


@dataclass
class PlannedPayment:
    on: date
    amount: Decimal
    reference: str
    settle: bool  # False: money on account, left as customer credit


@dataclass
class PlannedInvoice:
    customer: int  # index into the customer codes
    on: date
    lines: list[LineInput]
    order_on: date | None = None  # invoiced in full from an order placed that day
    payments: list[PlannedPayment] = field(default_factory=list)


def _random_line(
    rng: random.Random, cur: Currency, bounds: dict[tuple[str, str], tuple[int, int]]
) -> LineInput:
    """`bounds`: each product's price range in minor units (`_bounds`)."""
    desc, low, high, kind = rng.choice(PRODUCTS)
    lo, hi = bounds[low, high]
    price = cur.from_minor(rng.randint(lo, hi))
    if kind == "kg":
        qty = Decimal(rng.randint(500, 25000)) / 1000
    elif kind == "h":
        qty = Decimal(rng.randint(1, 16)) / 2
    else:
        qty = Decimal(rng.choice([1, 1, 2, 3, 4, 5, 6, 10, 12, 20, 24, 50]))
    return LineInput(desc, qty.quantize(QTY_QUANTUM), price)


def _bounds(cur: Currency) -> dict[tuple[str, str], tuple[int, int]]:
    """The products' price ranges in minor units, made once for a plan's lines."""
    return {
        (low, high): (cur.to_minor(Decimal(low)), cur.to_minor(Decimal(high)))
        for _desc, low, high, _kind in PRODUCTS
    }


def plan_history(
    count: int,
    terms: Sequence[Terms],
    today: date,
    rng: random.Random,
    cur: Currency,
    span_days: int = 400,
) -> list[PlannedInvoice]:
    """Ordinary invoices over the last `span_days`, with the payments customers made.

    Older invoices are mostly paid (early payers take the cash discount, a
    few pay a little short or over, within the tolerance), some partially;
    recent ones mostly open — so every aging bucket has items.
    """
    dates = sorted(today - timedelta(days=rng.randint(0, span_days)) for _ in range(count))
    plan: list[PlannedInvoice] = []
    ref = 0
    bounds = _bounds(cur)
    for on in dates:
        c = rng.randrange(len(terms))
        t = terms[c]
        lines = [_random_line(rng, cur, bounds) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
        total = sum((cur.round(x.quantity * x.unit_price) for x in lines), ZERO)
        item = PlannedInvoice(c, on, lines)
        if rng.random() < 0.15:
            item.order_on = max(
                on - timedelta(days=rng.randint(0, 10)), today - timedelta(days=span_days + 10)
            )
        age = (today - on).days
        paid_share = 0.9 if age > 90 else 0.75 if age > 45 else 0.5 if age > 20 else 0.25
        roll = rng.random()
        if roll < paid_share:
            early = bool(t.tiers) and rng.random() < 0.5
            if early:
                pay_on = on + timedelta(days=rng.randint(1, t.tiers[-1].days))
            else:
                pay_on = on + timedelta(
                    days=rng.randint(t.tiers[-1].days + 1 if t.tiers else 5, t.net_days + 45)
                )
            if pay_on <= today:
                tier = t.tier_on(on, pay_on)
                discount = cur.round(total * tier.percent / 100) if tier else ZERO
                money = total - discount
                quirk = rng.random()
                if quirk < 0.03:
                    money -= Decimal("0.20")  # short by cents: written off (tolerance 0.50)
                elif quirk < 0.05:
                    money += Decimal("0.30")  # over by cents: written off
                elif quirk < 0.07:
                    money += Decimal("5.00")  # over: stays as customer credit
                ref += 1
                item.payments.append(
                    PlannedPayment(pay_on, money, f"TRF {pay_on:%Y%m%d}-{ref:06d}", True)
                )
        elif roll < paid_share + 0.08:
            pay_on = on + timedelta(days=rng.randint(3, 40))
            if pay_on <= today:
                money = cur.round(total * Decimal(rng.randint(20, 80)) / 100)
                if money > 0:
                    ref += 1
                    item.payments.append(
                        PlannedPayment(pay_on, money, f"TRF {pay_on:%Y%m%d}-{ref:06d}", True)
                    )
        if rng.random() < 0.01:
            pay_on = min(on + timedelta(days=rng.randint(0, 30)), today)
            ref += 1
            item.payments.append(
                PlannedPayment(
                    pay_on, cur.from_minor(rng.randint(1000, 50000)), f"ON ACCOUNT {ref:06d}", False
                )
            )
        plan.append(item)
    return plan


# Planned invoices posted together: their invoices one by one, then their
# payments in one call and their settlements in one call (the services'
# many-at-once forms, which decide each row as alone).
CHUNK = 100


def post_history(
    plan: Sequence[PlannedInvoice], codes: Sequence[str], tick: Callable[[int], None]
) -> None:
    """Post the planned history through the services, a chunk of invoices at a time."""
    for start in range(0, len(plan), CHUNK):
        with book.together():  # the chunk's settlements change its rows where they wait
            _post_chunk(plan[start : start + CHUNK], codes, tick, start)


def _post_chunk(
    chunk: Sequence[PlannedInvoice], codes: Sequence[str], tick: Callable[[int], None], done: int
) -> None:
    # The orders first (each invoiced in full by its invoice below), then the
    # invoices in one call, in the plan's order.
    rows = []
    for item in chunk:
        code = codes[item.customer]
        if item.order_on is None:
            rows.append(InvoiceIn(code, item.on, lines=item.lines))
            continue
        order = orders.create_order(code, item.order_on, item.lines)
        qty = {seq: line.quantity for seq, line in enumerate(item.lines, start=1)}
        rows.append(orders.order_invoice(order.number, item.on, line_qty=qty))
    made_invoices = [_made(inv) for inv in invoices.create_invoices(rows)]
    numbers = [inv.number for inv in made_invoices]
    tick(done + len(chunk))
    money = [
        (number, item, p)
        for number, item in zip(numbers, chunk, strict=True)
        for p in item.payments
    ]
    made = payments.record_payments(
        PaymentIn(codes[item.customer], p.on, p.amount, reference=p.reference)
        for _number, item, p in money
    )
    requests = [
        SettleIn(_made(pay).number, (number,), on=p.on)
        for pay, (number, _item, p) in zip(made, money, strict=True)
        if p.settle
    ]
    # The payments and invoices just made are held as made (nothing changed them
    # since); only a refusal matters here, not the settlements as instances.
    held = [*(_made(p) for p in made), *made_invoices]
    for done_or_refused in settlements.settle_many(requests, held=held, made=False):
        _made(done_or_refused)


def _made(result: Any) -> Any:
    """What a many-at-once service made of one row; a refusal is the demo's own bug."""
    if isinstance(result, UserError):
        raise result
    return result
