"""What a customer pays by which date: an invoice's cash-discount schedule.

"2% 10, net 30" on a 100.00 invoice of 1 March reads: pay 98.00 by 11
March, 100.00 by 31 March. Each tier's discount is the total × percent,
rounded once, as `app/rules/settlement.py` grants it to money that pays the
whole invoice inside the tier's period (SPEC §3.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.rules.money import Currency
from app.rules.terms import Terms

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PayBy:
    """Pay `amount` by `until` (inclusive); `percent` is the discount earned, None at net."""

    until: date
    amount: Decimal
    percent: Decimal | None

    @property
    def discounted(self) -> bool:
        return self.percent is not None


def payment_schedule(
    terms: Terms, invoice_date: date, total: Decimal, cur: Currency
) -> list[PayBy]:
    """The tiers then the due date; a total of zero or less has no schedule."""
    if total <= 0:
        return []
    out = [
        PayBy(
            terms.discount_until(t, invoice_date),
            total - cur.round(total * t.percent / HUNDRED),
            t.percent,
        )
        for t in terms.tiers
    ]
    out.append(PayBy(terms.due_date(invoice_date), total, None))
    return out
