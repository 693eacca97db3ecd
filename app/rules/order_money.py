"""One receipt over several orders (issue 9, item 3): how a payment splits.

Pure arithmetic over integer minor units: the payment's amount, the orders
the user named (each with the amount for it, or one bare order taking
everything), and what each order still needs. The result is the parts to
record: one per order, then the plain customer money left over. An order
part above what its order still needs is refused, unless the user said
where the excess goes (`credit`: it joins the plain customer money).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.errors import UserError
from app.i18n import _

EXCESS_CHOICES = ("credit",)


@dataclass(frozen=True)
class Part:
    """One payment to record: on `order` (None: plain customer money)."""

    order: str | None
    amount: int  # minor units
    asked: int  # what the user named for this order (minor units; the plain part: 0)
    need: int  # what the order still needed (minor units; the plain part: 0)


def split_payment(
    amount: int,
    wanted: Sequence[tuple[str, int | None]],
    need: Mapping[str, int],
    excess: str | None,
    fmt: Callable[[int], str],
) -> list[Part]:
    """The parts of a payment of `amount` named for the orders `wanted`.

    `wanted` is (order, amount) per order named; an amount of None is a bare
    order, which takes the whole payment and may be named alone only.
    `need` is what each order still needs. `fmt` writes an amount in words.
    """
    if excess is not None and excess not in EXCESS_CHOICES:
        raise UserError(
            _(
                '--excess takes "credit" (the excess stays as customer credit), not "{excess}".'
            ).format(excess=excess)
        )
    if amount <= 0:
        raise UserError(_("A payment amount must be more than zero."))
    bare = [o for o, a in wanted if a is None]
    if bare and len(wanted) > 1:
        raise UserError(
            _(
                "A payment for several orders names each order with its amount (--order ORDER=AMOUNT); an order without an amount may be named alone only."
            )
        )
    seen: set[str] = set()
    for order, part in wanted:
        if order in seen:
            raise UserError(_("Order {order} is named twice for one payment.").format(order=order))
        seen.add(order)
        if part is not None and part <= 0:
            raise UserError(
                _("The amount for order {order} must be more than zero.").format(order=order)
            )
    asked = {o: amount if a is None else a for o, a in wanted}
    total = sum(asked.values())
    if total > amount:
        raise UserError(
            _(
                "The amounts for the orders add up to {total}, more than the payment of {amount}."
            ).format(total=fmt(total), amount=fmt(amount))
        )
    parts = []
    for order, value in asked.items():
        room = max(need[order], 0)
        if value > room and excess is None:
            raise UserError(
                _(
                    "Order {order} still needs {room}; {value} was given for it. Name a smaller amount, or say where the excess goes (--excess credit keeps it as customer credit)."
                ).format(order=order, room=fmt(room), value=fmt(value))
            )
        kept = min(value, room)
        if kept > 0:
            parts.append(Part(order, kept, value, room))
    rest = amount - sum(p.amount for p in parts)
    if rest > 0:
        parts.append(Part(None, rest, 0, 0))
    return parts


def propose(amount: Decimal, needs: Sequence[Decimal]) -> list[Decimal]:
    """A split to propose: oldest order first, each up to what it still needs;
    what no order needs stays customer credit."""
    left = amount
    out = []
    for need in needs:
        part = max(min(need, left), Decimal(0))
        out.append(part)
        left -= part
    return out
