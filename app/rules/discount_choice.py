"""The bookkeeper's say on a cash discount (SPEC §9), part of the settlement rules.

`app/rules/settlement.py: _apply_money` calls these for each invoice: a
payment covering the whole balance pays the discount back (the customer
did not deduct it), and a discount the bookkeeper chose is held to what
the rules allow. Pure functions over Decimals, like the rest of app/rules.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from app.errors import UserError
from app.rules.money import ZERO, Currency

if TYPE_CHECKING:
    from app.rules.settlement import OpenInvoice

# The mark of a cash discount the bookkeeper chose (`settle --discount`,
# `--no-discount`, the dialog's discount cell): the import replays a
# settlement whose stored explanation carries it with the same choice.
CHOSEN_MARK = "chosen by the bookkeeper"


def paid_back(
    bal: Decimal, amount: Decimal, discount: Decimal, extra: Decimal, note: str, cur: Currency
) -> tuple[Decimal, Decimal, str]:
    """Money beyond the discounted amount pays the discount back: the customer did
    not deduct it (SPEC §9, setting discount_when_paid_in_full is no)."""
    f = cur.fmt
    back = min(max(extra, ZERO), discount)
    if back == 0:
        return amount, discount, note
    if back == discount:
        return (
            amount + back,
            ZERO,
            f"no cash discount: the money covers the whole balance of {f(bal)}, so the invoice "
            f"is settled at full value (the customer did not deduct the discount the terms "
            f"allow, {note}; book setting discount_when_paid_in_full is no)",
        )
    kept = discount - back
    return (
        amount + back,
        kept,
        f"the customer deducted {f(kept)} of the {f(discount)} allowed ({note}): "
        f"{f(amount + back)} + {f(kept)} settles the balance of {f(bal)}",
    )


def chosen_discount(
    inv: OpenInvoice,
    money: Decimal,
    on: date,
    chosen: Decimal,
    allowed: Decimal,
    note: str,
    cur: Currency,
) -> tuple[Decimal, Decimal, str]:
    """The cash discount the bookkeeper set: 0 up to what the rules allow for this money."""
    f = cur.fmt
    if chosen < 0:
        raise UserError(f"The cash discount on {inv.number} cannot be negative ({f(chosen)}).")
    if chosen > allowed:
        raise UserError(
            f"The cash discount on {inv.number} can be at most {f(allowed)} on "
            f"{on.isoformat()} ({note}); {f(chosen)} was asked."
        )
    amount = min(money, inv.balance - chosen)
    if chosen == 0:
        return (
            amount,
            ZERO,
            f"no cash discount, {CHOSEN_MARK} (the rules allow {f(allowed)}: {note})",
        )
    return (
        amount,
        chosen,
        f"cash discount {f(chosen)} {CHOSEN_MARK} (the rules allow {f(allowed)}: {note})",
    )


def why_none(inv: OpenInvoice, allow_discount: bool) -> str:
    """Why no cash discount can be taken here, for the refusal of a chosen one."""
    if not allow_discount:
        return " from a credit note"
    if not inv.terms.tiers:
        return " (its terms give none)"
    until = inv.terms.discount_until(inv.terms.tiers[-1], inv.date)
    return f" (the last discount period ran until {until.isoformat()})"
