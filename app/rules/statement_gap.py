"""Whether a statement's opening balance follows what the book holds of its account (issue 11).

A statement's opening balance is the account's balance before the
movements of its first day. The book knows that balance from the nearest
balance it holds on or before that day — a statement's closing balance
(after the movements of its closing day) or a statement's opening balance
(before those of its opening day) — plus the lines it holds booked between
that balance and the day. So the next month's statement is checked against
the last one's closing, and a statement that overlaps one held (an MT940
from the 6th inside November's camt.053) against the held one's opening and
the lines since; a statement of the same days with another
opening balance is named too (one account has one balance a day). The first
statement of an account, and a file without an opening balance (CSV; OFX
gives only the balance at its end), have nothing to follow: no gap is said.

Pure: the store (app/services/bank.py) reads the held balances and sums the
lines `since` names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.i18n import _, said_day, said_money
from app.rules.money import Currency


@dataclass(frozen=True, slots=True)
class HeldBalance:
    """A balance the book holds of an account, from a statement it stored."""

    ident: str  # the statement's id
    on: date
    amount: int  # minor units
    closing: bool  # True: after the movements of day `on`; False: before them
    name: str = ""  # the statement as the bank names it (statement.statement_name)


def nearest(first: date, held: Iterable[HeldBalance]) -> HeldBalance | None:
    """The balance nearest before a statement that opens on `first`: the latest
    held balance on or before that day (a closing before an opening of the same
    day: a statement dated by its last day's close, as MT940's often are)."""
    before = [b for b in held if b.on <= first]
    return max(before, key=lambda b: (b.on, b.closing), default=None)


def since(base: HeldBalance, first: date) -> tuple[date, date]:
    """The booking dates of the held lines that lie between `base` and a statement
    opening on `first`: from the first (inclusive) to the second (exclusive)."""
    start = base.on + timedelta(days=1) if base.closing else base.on
    return start, first


def gap(
    statement: str, opening: int, base: HeldBalance, between: int, lines: int, cur: Currency
) -> str | None:
    """The gap between `base` (plus `between`, the sum of the `lines` held lines
    after it) and statement `statement` (as the bank names it) opening at `opening`,
    in words and the reader's figures; None when it follows."""
    expected = base.amount + between
    if opening == expected:
        return None
    said = said_money(cur)
    figures = {
        "statement": statement,
        "opening": said(cur.from_minor(opening)),
        "previous": base.name or base.ident,
        "day": said_day(base.on),
        "gap": said(cur.from_minor(abs(opening - expected))),
    }
    higher = opening > expected
    if lines == 0 and base.closing:
        text = (
            _(
                "Statement {statement} opens at {opening}, but the statement before it "
                "({previous}) closed at {closing} on {day}: it opens {gap} higher, so "
                "{gap} of money in (net) is missing between them."
            )
            if higher
            else _(
                "Statement {statement} opens at {opening}, but the statement before it "
                "({previous}) closed at {closing} on {day}: it opens {gap} lower, so "
                "{gap} of money out (net) is missing between them."
            )
        )
        return text.format(closing=said(cur.from_minor(base.amount)), **figures)
    held = (
        _("statement {previous} closed at {amount} on {day}")
        if base.closing
        else _("statement {previous} opened at {amount} on {day}")
    ).format(amount=said(cur.from_minor(base.amount)), **figures)
    text = (
        _(
            "Statement {statement} opens at {opening}, but the book makes the account "
            "{expected} by then ({held}; lines since then: {lines}): it opens {gap} higher, "
            "so movements are missing or differ."
        )
        if higher
        else _(
            "Statement {statement} opens at {opening}, but the book makes the account "
            "{expected} by then ({held}; lines since then: {lines}): it opens {gap} lower, "
            "so movements are missing or differ."
        )
    )
    return text.format(expected=said(cur.from_minor(expected)), held=held, lines=lines, **figures)
