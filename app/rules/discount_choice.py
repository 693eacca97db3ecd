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
from app.i18n import B_, LANGUAGES, N_, _, book_money, said_day, translations
from app.rules.money import ZERO, Currency

if TYPE_CHECKING:
    from app.rules.settlement import OpenInvoice

# The mark of a cash discount the bookkeeper chose (`settle --discount`,
# `--no-discount`, the dialog's discount cell): the import replays a
# settlement whose stored explanation carries it with the same choice.
CHOSEN_MARK = N_("chosen by the bookkeeper")


def chosen_marks() -> tuple[str, ...]:
    """The mark as a book in any language writes it (a replay looks for it)."""
    return tuple(sorted({translations(lang).gettext(CHOSEN_MARK) for lang in LANGUAGES}))


def paid_back(
    bal: Decimal, amount: Decimal, discount: Decimal, extra: Decimal, note: str, cur: Currency
) -> tuple[Decimal, Decimal, str]:
    """Money beyond the discounted amount pays the discount back: the customer did
    not deduct it (SPEC §9, when the book grants no discount on a payment in full)."""
    back = min(max(extra, ZERO), discount)
    if back == 0:
        return amount, discount, note
    f = book_money(cur)
    if back == discount:
        return (
            amount + back,
            ZERO,
            B_(
                "no cash discount: the money covers the whole balance of {bal}, so the invoice is settled at full value (the customer did not deduct the discount the terms allow, {note}, and the book grants no cash discount when an invoice is paid in full)"
            ).format(bal=f(bal), note=note),
        )
    kept = discount - back
    return (
        amount + back,
        kept,
        B_(
            "the customer deducted {kept} of the {discount} allowed ({note}): {paid} + {kept} settles the balance of {bal}"
        ).format(kept=f(kept), discount=f(discount), note=note, paid=f(amount + back), bal=f(bal)),
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
    f = book_money(cur)
    if chosen < 0:
        raise UserError(
            _("The cash discount on {number} cannot be negative ({chosen}).").format(
                number=inv.number, chosen=f(chosen)
            )
        )
    if chosen > allowed:
        raise UserError(
            _(
                "The cash discount on {number} can be at most {allowed} on {on} ({note}); {chosen} was asked."
            ).format(
                number=inv.number,
                allowed=f(allowed),
                on=said_day(on),
                note=note,
                chosen=f(chosen),
            )
        )
    amount = min(money, inv.balance - chosen)
    if chosen == 0:
        return (
            amount,
            ZERO,
            B_("no cash discount, {CHOSEN_MARK} (the rules allow {allowed}: {note})").format(
                CHOSEN_MARK=B_(CHOSEN_MARK), allowed=f(allowed), note=note
            ),
        )
    return (
        amount,
        chosen,
        B_("cash discount {chosen} {CHOSEN_MARK} (the rules allow {allowed}: {note})").format(
            chosen=f(chosen), CHOSEN_MARK=B_(CHOSEN_MARK), allowed=f(allowed), note=note
        ),
    )


def why_none(inv: OpenInvoice, allow_discount: bool) -> str:
    """Why no cash discount can be taken here, for the refusal of a chosen one."""
    if not allow_discount:
        return _(" from a credit note")
    if not inv.terms.tiers:
        return _(" (its terms give none)")
    until = inv.terms.discount_until(inv.terms.tiers[-1], inv.date)
    return _(" (the last discount period ran until {until})").format(until=said_day(until))
