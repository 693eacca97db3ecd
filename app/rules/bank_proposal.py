"""A bank line's proposal and the settlement rule's preview of it (issue 11), as pure rules.

What app/rules/bank_match.py proposes for a statement line (`Proposal`),
the line as the matcher reads it (`SeenLine`, or a `StatementLine`), the
document numbers a payer wrote (`numbers_in`), and the settlement rule's
own preview of a line on some invoices (`_plan`), made when first asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple

from app.errors import UserError
from app.i18n import B_, _, book_day, said_money
from app.rules.bank_facts import OpenItem
from app.rules.bank_open import MatchBook
from app.rules.frozen import quick_init
from app.rules.money import Currency
from app.rules.settlement import PAYMENT, SettlementPreview, plan_settlement
from app.rules.statement import StatementLine

HUNDRED = Decimal(100)

COMBINE_OLDEST = 16  # open invoices looked at for a combination

COMBINE_MOST = 4  # invoices in one combination

SURE = Decimal("0.99")


class SeenLine(NamedTuple):
    """A stored line as the matcher reads it: what `StatementLine` says, lighter to
    make (100,000 at a time), with the amount also in minor units."""

    key: str
    booking_date: date
    value_date: date
    amount: Decimal
    minor: int
    currency: str
    counterparty: str = ""
    iban: str = ""
    remittance: str = ""


Line = StatementLine | SeenLine


@quick_init  # one a statement line
@dataclass(frozen=True)
class Proposal:
    """What one statement line should become; `confidence` from 0.00 to 1.00.

    `plan` is the settlement rule's preview, or a function that makes it
    when it is first asked for (`preview`): the matcher decides on the
    rule's figures (app/rules/bank_quick.py) and leaves the words, the
    journal and the dataclasses to the lines someone looks at or accepts."""

    line: str  # the line's key
    kind: str  # "invoices", "account" (money on account), "refund" or "none"
    confidence: Decimal
    # how it was found, in words (`reason`), or a function that says it when first
    # asked: accepting 100,000 lines, or listing them, asks for none of their words
    words: str | Callable[[], str] = field(compare=False, repr=False)
    customer: str | None = None
    plan: SettlementPreview | Callable[[], SettlementPreview | None] | None = field(
        default=None, compare=False, repr=False
    )  # for "invoices"
    refund: str | None = None  # for "refund"
    numbers: tuple[str, ...] = ()  # the invoices settled, when known before the preview
    # (invoice, what it takes off the balance, of which cash discount), when known before
    # the preview (one invoice: app/rules/bank_quick.py)
    effects: tuple[tuple[str, Decimal, Decimal], ...] = ()
    # accepting it remembers the line's bank account (IBAN) as the customer's: not when
    # the line's payer is known as another customer (app/rules/bank_customer.py `teaches`)
    teaches: bool = True

    @cached_property
    def reason(self) -> str:
        return self.words() if callable(self.words) else self.words

    @cached_property
    def preview(self) -> SettlementPreview | None:
        return self.plan() if callable(self.plan) else self.plan

    @property
    def invoices(self) -> tuple[str, ...]:
        if self.numbers:
            return self.numbers
        return () if self.preview is None else tuple(a.invoice for a in self.preview.applications)

    @property
    def explanation(self) -> str:
        if self.preview is None:
            return self.reason
        return self.reason + "\n" + self.preview.explanation


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_DIGIT = re.compile(r"\d")

_IN_TEXT = re.compile(
    r"(?<![A-Za-z])([A-Za-z]{2,5})\s*[-_/.#:ºª°]?\s*(?:n[º°o.]\s*)?0*(\d{1,12})(?!\d)"
)


def numbers_in(text: str) -> list[tuple[str, int]]:
    """Document numbers a payer wrote: "INV-000012", "inv 12", "INV00012", "INV nº 12"."""
    seen: list[tuple[str, int]] = []
    if not _DIGIT.search(text):
        return seen
    for prefix, digits in _IN_TEXT.findall(text):  # the two groups of each match
        key = (prefix.upper(), int(digits))
        if key not in seen:
            seen.append(key)
    return seen


def _new(
    line: Line,
    kind: str,
    confidence: Decimal,
    words: Callable[[], str],
    customer: str,
    plan: Callable[[], SettlementPreview | None] | SettlementPreview,
    numbers: tuple[str, ...],
    effects: tuple[tuple[str, Decimal, Decimal], ...],
    teaches: bool = True,
) -> Proposal:
    """A proposal of invoices."""
    return Proposal(
        line=line.key,
        kind=kind,
        confidence=confidence,
        words=words,
        customer=customer,
        plan=plan,
        refund=None,
        numbers=numbers,
        effects=effects,
        teaches=teaches,
    )


def _plan(line: Line, items: Sequence[OpenItem], book: MatchBook) -> SettlementPreview | None:
    try:
        return plan_settlement(
            source=B_("bank line of {date}").format(date=book_day(line.booking_date)),
            source_kind=PAYMENT,
            available=line.amount,
            invoices=[i.invoice for i in items],
            on=line.value_date,
            params=book.params,
            currency=book.currency,
        )
    except UserError:
        return None


def _exact(preview: SettlementPreview | None) -> bool:
    """Every invoice settled and every cent used."""
    return (
        preview is not None
        and preview.remaining_credit == 0
        and all(a.balance_after == 0 for a in preview.applications)
    )


def _how(preview: SettlementPreview, cur: Currency) -> str:
    return _how_figures(preview.discount, preview.writeoff, cur)


def _how_figures(discount: Decimal, writeoff: Decimal, cur: Currency) -> str:
    parts = []
    if discount:
        parts.append(_("cash discount {amount}").format(amount=said_money(cur)(discount)))
    if writeoff > 0:  # the rule's sign: what is written off the invoice
        parts.append(
            _("underpayment of {amount} within the tolerance").format(
                amount=said_money(cur)(writeoff)
            )
        )
    elif writeoff < 0:  # more than the invoice asked, kept as income
        parts.append(
            _("overpayment of {amount} within the tolerance").format(
                amount=said_money(cur)(-writeoff)
            )
        )
    return f" ({', '.join(parts)})" if parts else ""


def _later(
    line: Line, items: Sequence[OpenItem], book: MatchBook
) -> Callable[[], SettlementPreview | None]:
    """The rule's preview, made when first asked for."""
    return lambda: _plan(line, items, book)


def _plan_of(line: Line, snap: tuple[Any, ...], book: MatchBook) -> SettlementPreview | None:
    return _plan(line, [book.made(snap)], book)


def _as_money(value: Decimal | int, book: MatchBook) -> Decimal:
    return book.money(value) if type(value) is int else value  # type: ignore[return-value]


def _window(line: Line, book: MatchBook) -> tuple[int, int]:
    """The asks (minor units) this amount could settle: within the tolerance."""
    minor = book.currency.to_minor
    return (
        minor(line.amount - book.params.max_overpayment),
        minor(line.amount + book.params.max_underpayment),
    )
