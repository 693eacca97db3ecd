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

`single_minor` is the same arithmetic in integers (minor units, days as
ordinals, each percent as an exact fraction): what the matcher runs for
100,000 lines, with no Decimal made until a figure is shown or stored.
Half-up rounding of a non-negative fraction a / b is (2a + b) // 2b; the
partial-payment discount money × p / (100 − p) is rounded from the exact
fraction, which is what Decimal's 28 digits give for any amount a book
holds (the nearest half cent is either hit exactly or at least 1 / 2b
away). tests/unit/test_bank_quick.py holds it to `plan_settlement` too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from app.rules.money import ZERO, Currency
from app.rules.settlement import OpenInvoice, Params
from app.rules.terms import Terms

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


class MinorParams(NamedTuple):
    """The book's settings the one-invoice arithmetic reads, tolerances in minor units."""

    under: int
    over: int
    partial: bool  # discount on partial payments
    in_full: bool  # the discount stays when the money covers the whole balance


def minor_params(params: Params, cur: Currency) -> MinorParams | None:
    """`params` in minor units; None when a tolerance is finer than the currency's
    minor unit (then only the Decimal arithmetic can follow the rule)."""
    try:
        under, over = cur.to_minor(params.max_underpayment), cur.to_minor(params.max_overpayment)
    except ValueError:
        return None
    return MinorParams(
        under, over, params.discount_on_partial_payments, params.discount_when_paid_in_full
    )


# (numerator, denominator, days) of each tier's percent, and of the largest percent
MinorTerms = tuple[tuple[tuple[int, int, int], ...], tuple[int, int]]


@lru_cache(maxsize=256)
def minor_terms(terms: Terms) -> MinorTerms:
    """Each tier's percent as an exact fraction, with its days; the largest percent."""
    tiers = []
    for t in terms.tiers:
        n, d = t.percent.as_integer_ratio()
        tiers.append((n, d, t.days))
    return tuple(tiers), terms.max_percent.as_integer_ratio()


def single_minor(
    bal: int,
    total: int,
    taken: int,
    day: int,
    terms: MinorTerms,
    money: int,
    on: int,
    p: MinorParams,
) -> tuple[int, int, int, int] | None:
    """`single` in minor units: invoice balance, total and discount taken, its date
    and the settlement date as ordinals, its terms from `minor_terms`."""
    if money <= 0 or bal <= 0:
        return None
    elapsed = on - day if on > day else 0  # never settled before the invoice's date
    discount = 0
    for n, d, days in terms[0]:
        if elapsed <= days:  # the tier in force
            mn, md = terms[1]
            room = (2 * total * mn + 100 * md) // (200 * md) - taken
            room = room if room > 0 else 0
            full = min((2 * bal * n + 100 * d) // (200 * d), room)
            needed = bal - full
            if money + p.under >= needed:
                amount, discount = min(money, needed), full
            elif p.partial:
                amount = money
                q = 100 * d - n
                discount = min((2 * money * n + q) // (2 * q), room, bal - money)
            else:
                amount = money
            break
    else:
        amount = min(money, bal)
    pool = money - amount
    if pool > 0 and discount > 0 and not p.in_full:
        back = min(pool, discount)  # money left pays the discount back (SPEC §9)
        amount, discount, pool = amount + back, discount - back, pool - back
    left = bal - amount - discount
    writeoff = left if 0 < left <= p.under else 0
    if 0 < pool <= p.over and left == writeoff and discount == 0:
        amount, writeoff, pool = amount + pool, writeoff - pool, 0
    return amount, discount, writeoff, pool
