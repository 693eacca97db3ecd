"""What the settlement rule makes of one payment on one invoice, without its words (issue 11).

The matcher asks, for each statement line, whether its money settles one
candidate invoice exactly. `plan_settlement` answers that with a whole
preview — explanations, journal, dataclasses — at about 0.1 ms a call,
and 100,000 lines ask it at least once each. `single` follows the same
arithmetic for the one case the matcher asks most (one invoice, the
payment's whole money, no choices: `plan_settlement(available=M,
invoices=[inv])`) and returns only the figures:

    (amount, discount, writeoff, left on account)

It is the rule's arithmetic in the rule's order (app/rules/settlement.py:
`_apply_money`, `_rule_discount`, `paid_back`, `_pay_discounts_back`,
`_write_off_overpayment`); tests/unit/test_bank_quick.py draws invoices,
terms, dates, amounts and book settings and requires the same four
figures as `plan_settlement` for every draw. A proposal's preview, its
explanation and what accepting posts are still the rule's own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.rules.money import ZERO, Currency
from app.rules.settlement import OpenInvoice, Params

HUNDRED = Decimal(100)


def single(
    inv: OpenInvoice, money: Decimal, on: date, params: Params, cur: Currency
) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    """The rule's (amount, discount, writeoff, remaining credit) for `money` paid on `on`
    against `inv` alone; None where the rule refuses (no money, nothing open)."""
    bal = inv.balance
    if money <= 0 or bal <= 0:
        return None
    on = max(on, inv.date)
    under = params.max_underpayment  # all the money goes to this one invoice: last money
    tier = inv.terms.tier_on(inv.date, on)
    discount = ZERO
    if tier is not None:
        p = tier.percent
        room = max(
            cur.round(inv.total * inv.terms.max_percent / HUNDRED) - inv.discount_taken, ZERO
        )
        full = min(cur.round(bal * p / HUNDRED), room)
        needed = bal - full
        if money + under >= needed:
            amount, discount = min(money, needed), full
        elif params.discount_on_partial_payments:
            amount = money
            discount = min(cur.round(money * p / (HUNDRED - p)), room, bal - money)
        else:
            amount = money
    else:
        amount = min(money, bal)
    pool = money - amount
    if pool > 0 and discount > 0 and not params.discount_when_paid_in_full:
        back = min(pool, discount)  # money left pays the discount back (SPEC §9)
        amount, discount, pool = amount + back, discount - back, pool - back
    left = bal - amount - discount
    writeoff = left if 0 < left <= under else ZERO
    if 0 < pool <= params.max_overpayment and left == writeoff and discount == 0:
        amount, writeoff, pool = amount + pool, writeoff - pool, ZERO
    return amount, discount, writeoff, pool


def exact(figures: tuple[Decimal, Decimal, Decimal, Decimal] | None, inv: OpenInvoice) -> bool:
    """The invoice settled and every cent used."""
    if figures is None:
        return False
    amount, discount, writeoff, pool = figures
    return pool == 0 and inv.balance - amount - discount - writeoff == 0
