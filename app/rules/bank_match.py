"""Matching bank statement lines to what is open in the book (issue 11), as pure rules.

No database: the caller passes a `MatchBook` (open invoices with their
customers, customers' names and bank accounts, open refunds, the book's
settlement parameters) and gets, for each statement line, one `Proposal`:
what to settle, how sure, and why, in words. What a settlement would do
(discount, partial-payment discount, tolerance, money left on account) is
never computed here: every candidate is put to `plan_settlement`, the
settlement rule itself, and judged by its result.

For money in, in this order (the first that finds something decides):
  1. document numbers in the remittance text (invoice or order numbers,
     tolerant of spaces, separators, a missing dash and leading zeros);
  2. the customer, found by a bank account (IBAN) the book knows, or by
     name (rapidfuzz, accents and case aside); then one open invoice the
     amount settles exactly: its balance, its balance less the cash
     discount valid on the value date, or within the underpayment and
     overpayment tolerance;
  3. a combination of that customer's open invoices that the amount
     settles exactly (oldest 16, up to 4 at a time);
  4. otherwise that customer's oldest-due invoices in order, or money on
     account when nothing is open.
Money out is proposed against an open refund: its number in the text, or
the same amount for the customer found as above.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.rules.money import ZERO, Currency
from app.rules.settlement import PAYMENT, OpenInvoice, Params, SettlementPreview, plan_settlement
from app.rules.statement import StatementLine

HUNDRED = Decimal(100)
NAME_CUTOFF = 85  # rapidfuzz token_set_ratio a name must reach (0-100)
COMBINE_OLDEST = 16  # open invoices looked at for a combination
COMBINE_MOST = 4  # invoices in one combination

SURE = Decimal("0.99")


@dataclass(frozen=True)
class OpenItem:
    customer: str  # the customer's code
    invoice: OpenInvoice


@dataclass(frozen=True)
class OpenRefund:
    number: str
    customer: str
    amount: Decimal  # still to pay out


@dataclass(frozen=True)
class Proposal:
    """What one statement line should become; `confidence` from 0.00 to 1.00."""

    line: str  # the line's key
    kind: str  # "invoices", "account" (money on account), "refund" or "none"
    confidence: Decimal
    reason: str  # how it was found, in words
    customer: str | None = None
    preview: SettlementPreview | None = None  # for "invoices"
    refund: str | None = None  # for "refund"

    @property
    def invoices(self) -> tuple[str, ...]:
        return () if self.preview is None else tuple(a.invoice for a in self.preview.applications)

    @property
    def explanation(self) -> str:
        if self.preview is None:
            return self.reason
        return self.reason + "\n" + self.preview.explanation


_LEGAL = re.compile(r"\b(?:sl|slu|sa|lda|ltda|me|eireli|unipessoal|cb|sc|scp|e|y|and)\b")


def fold(text: str) -> str:
    """Text compared without accents, case, punctuation, legal forms ("S.L.",
    "Lda", "Ltda") or extra spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    plain = re.sub(r"[.'’]", "", plain)
    plain = re.sub(r"[^0-9a-z]+", " ", plain.replace("&", " "))
    return " ".join(_LEGAL.sub(" ", plain).split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_NUMBER = re.compile(r"^([A-Za-z]+)-0*(\d+)$")
_IN_TEXT = re.compile(
    r"(?<![A-Za-z])([A-Za-z]{2,5})\s*[-_/.#:ºª°]?\s*(?:n[º°o.]\s*)?0*(\d{1,12})(?!\d)"
)


def number_key(number: str) -> tuple[str, int] | None:
    """("INV", 12) for "INV-000012"; None for a number of another form."""
    m = _NUMBER.match(number)
    return None if m is None else (m.group(1).upper(), int(m.group(2)))


def numbers_in(text: str) -> list[tuple[str, int]]:
    """Document numbers a payer wrote: "INV-000012", "inv 12", "INV00012", "INV nº 12"."""
    seen: list[tuple[str, int]] = []
    for m in _IN_TEXT.finditer(text):
        key = (m.group(1).upper(), int(m.group(2)))
        if key not in seen:
            seen.append(key)
    return seen


@dataclass
class MatchBook:
    """What is open in the book, indexed for matching."""

    params: Params
    currency: Currency
    items: Sequence[OpenItem]
    customers: Mapping[str, str]  # code -> name
    ibans: Mapping[str, str] = field(default_factory=dict)  # IBAN -> customer code
    refunds: Sequence[OpenRefund] = ()
    orders: Mapping[str, Sequence[str]] = field(default_factory=dict)  # order -> its invoices

    def __post_init__(self) -> None:
        self.by_number: dict[tuple[str, int], OpenItem] = {}
        self.by_customer: dict[str, list[OpenItem]] = {}
        for item in self.items:
            key = number_key(item.invoice.number)
            if key is not None:
                self.by_number[key] = item
            self.by_customer.setdefault(item.customer, []).append(item)
        for open_items in self.by_customer.values():
            open_items.sort(key=lambda i: (i.invoice.due_date, i.invoice.date, i.invoice.number))
        self._asks: dict[str, list[tuple[int, date | None, int]]] = {}
        self.order_keys = {k: v for o, v in self.orders.items() if (k := number_key(o))}
        self.refund_keys = {k: r for r in self.refunds if (k := number_key(r.number))}
        self.iban_keys = {i.replace(" ", "").upper(): c for i, c in self.ibans.items()}
        self.names = {code: fold(name) for code, name in self.customers.items()}
        self._name_codes = list(self.names)
        self._name_list = [self.names[c] for c in self._name_codes]
        self._exact_names: dict[str, str] = {}
        for code, name in self.names.items():
            self._exact_names.setdefault(name, code)
        self._name_cache: dict[str, tuple[str, int] | None] = {}

    def asks(self, customer: str) -> list[tuple[int, date | None, int]]:
        """What each open invoice of `customer` may be paid with, in minor
        units, sorted: (amount, last day it holds or None, index in
        `by_customer`): the balance, and the balance less each tier's
        discount until that tier ends. A first sieve; the rule decides."""
        found = self._asks.get(customer)
        if found is None:
            minor = self.currency.to_minor
            found = []
            for n, item in enumerate(self.by_customer.get(customer, [])):
                inv = item.invoice
                balance = minor(inv.balance)
                found.append((balance, None, n))
                for tier in inv.terms.tiers:
                    # balance × percent / 100, rounded half up, in whole minor units
                    hundredths = int(tier.percent * HUNDRED)
                    off = (balance * hundredths + 5000) // 10000
                    found.append((balance - off, inv.terms.discount_until(tier, inv.date), n))
            found.sort(key=lambda a: a[0])
            self._asks[customer] = found
        return found

    def customer_by_name(self, text: str) -> tuple[str, int] | None:
        """The customer whose name is closest to `text`, with its score, or None."""
        key = fold(text)
        if not key:
            return None
        if key in self._name_cache:
            return self._name_cache[key]
        exact = self._exact_names.get(key)
        if exact is not None:
            hit: tuple[str, int] | None = (exact, 100)
        else:
            from rapidfuzz import fuzz, process

            best = process.extractOne(
                key, self._name_list, scorer=fuzz.token_set_ratio, score_cutoff=NAME_CUTOFF
            )
            hit = None if best is None else (self._name_codes[best[2]], int(best[1]))
        self._name_cache[key] = hit
        return hit


def propose_all(lines: Iterable[StatementLine], book: MatchBook) -> list[Proposal]:
    return [propose(line, book) for line in lines]


def propose(line: StatementLine, book: MatchBook) -> Proposal:
    if line.currency and line.currency != book.currency.code:
        return Proposal(
            line.key,
            "none",
            ZERO,
            f"The line is in {line.currency}; the book keeps {book.currency.code}.",
        )
    if line.amount < 0:
        return _money_out(line, book)
    if line.amount == 0:
        return Proposal(line.key, "none", ZERO, "The line moves no money.")
    return _by_numbers(line, book) or _by_customer(line, book)


# ---------------------------------------------------------------- money in


def _plan(
    line: StatementLine, items: Sequence[OpenItem], book: MatchBook
) -> SettlementPreview | None:
    try:
        return plan_settlement(
            source=f"bank line of {line.booking_date.isoformat()}",
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
    parts = []
    if preview.discount:
        parts.append(f"cash discount {cur.fmt(preview.discount)}")
    if preview.writeoff:
        parts.append(f"difference {cur.fmt(preview.writeoff)} within the tolerance")
    return f" ({', '.join(parts)})" if parts else ""


def _by_numbers(line: StatementLine, book: MatchBook) -> Proposal | None:
    found: list[OpenItem] = []
    for key in numbers_in(line.remittance):
        if key in book.by_number:
            found.append(book.by_number[key])
        for number in book.order_keys.get(key, ()):
            item = book.by_number.get(number_key(number) or ("", 0))
            if item is not None and item not in found:
                found.append(item)
    if not found:
        return None
    customers = {i.customer for i in found}
    if len(customers) > 1:
        return Proposal(
            line.key,
            "none",
            ZERO,
            "The text names invoices of more than one customer ("
            + ", ".join(i.invoice.number for i in found)
            + "); choose them by hand.",
        )
    customer = found[0].customer
    preview = _plan(line, found, book)
    if preview is None:
        return None
    named = ", ".join(i.invoice.number for i in found)
    if _exact(preview):
        return Proposal(
            line.key,
            "invoices",
            SURE,
            f"The text names {named}; {book.currency.fmt(line.amount)} settles "
            f"{'it' if len(found) == 1 else 'them'} exactly{_how(preview, book.currency)}.",
            customer,
            preview,
        )
    if preview.remaining_credit > 0:
        return Proposal(
            line.key,
            "invoices",
            Decimal("0.85"),
            f"The text names {named}; {book.currency.fmt(preview.remaining_credit)} more than "
            f"{'it needs' if len(found) == 1 else 'they need'} stays on the customer's account.",
            customer,
            preview,
        )
    return Proposal(
        line.key,
        "invoices",
        Decimal("0.90"),
        f"The text names {named}; {book.currency.fmt(line.amount)} pays part of "
        f"{'it' if len(found) == 1 else 'them'}.",
        customer,
        preview,
    )


def _customer(line: StatementLine, book: MatchBook) -> tuple[str, str, bool] | None:
    """(customer, how found, by bank account?)."""
    iban = line.iban.replace(" ", "").upper()
    if iban and iban in book.iban_keys:
        return book.iban_keys[iban], f"the account {iban} belongs to this customer", True
    for text, where in ((line.counterparty, "the payer's name"), (line.remittance, "the text")):
        hit = book.customer_by_name(text) if text else None
        if hit is not None:
            code, score = hit
            return (
                code,
                f'{where} "{text}" is the customer {book.customers[code]} ({score} %)',
                False,
            )
    return None


def _window(line: StatementLine, book: MatchBook) -> tuple[int, int]:
    """The asks (minor units) this amount could settle: within the tolerance."""
    minor = book.currency.to_minor
    return (
        minor(line.amount - book.params.max_overpayment),
        minor(line.amount + book.params.max_underpayment),
    )


def _singles(line: StatementLine, customer: str, book: MatchBook) -> list[OpenItem]:
    """Open invoices of `customer` one of whose asks on the value date this amount meets."""
    asks = book.asks(customer)
    lo, hi = _window(line, book)
    at = bisect_left(asks, lo, key=lambda a: a[0])
    items = book.by_customer[customer]
    hits: list[int] = []
    while at < len(asks) and asks[at][0] <= hi:
        _ask, until, n = asks[at]
        if (until is None or line.value_date <= until) and n not in hits:
            hits.append(n)
        at += 1
    return [items[n] for n in sorted(hits)]


def _by_customer(line: StatementLine, book: MatchBook) -> Proposal:
    found = _customer(line, book)
    if found is None:
        return Proposal(
            line.key,
            "none",
            ZERO,
            "No invoice number in the text, and no customer known by this account or name.",
        )
    customer, how, by_account = found
    step = Decimal("0.05") if by_account else ZERO
    open_items = book.by_customer.get(customer, [])
    name = book.customers[customer]
    if not open_items:
        return Proposal(
            line.key,
            "account",
            Decimal("0.45") + step,
            f"{_cap(how)}; nothing of {name} is open: the money goes on account.",
            customer,
        )
    single = _singles(line, customer, book)
    for item in single:
        preview = _plan(line, [item], book)
        if _exact(preview):
            assert preview is not None
            sure = Decimal("0.90") + step - (Decimal("0.10") if len(single) > 1 else ZERO)
            return Proposal(
                line.key,
                "invoices",
                sure,
                f"{_cap(how)}; {book.currency.fmt(line.amount)} settles {item.invoice.number} "
                f"exactly{_how(preview, book.currency)}"
                + (
                    f" (and {len(single) - 1} other invoice(s) of the same amount)"
                    if len(single) > 1
                    else ""
                )
                + ".",
                customer,
                preview,
            )
    combo = _combination(line, open_items, book)
    if combo is not None:
        return Proposal(
            line.key,
            "invoices",
            Decimal("0.75") + step,
            f"{_cap(how)}; {book.currency.fmt(line.amount)} settles "
            f"{', '.join(a.invoice for a in combo.applications)} "
            f"together exactly{_how(combo, book.currency)}.",
            customer,
            combo,
        )
    preview = _plan(line, open_items, book)
    if preview is None:
        return Proposal(line.key, "account", Decimal("0.40") + step, f"{_cap(how)}.", customer)
    return Proposal(
        line.key,
        "invoices",
        Decimal("0.40") + step,
        f"{_cap(how)}; no invoice or combination matches {book.currency.fmt(line.amount)}: "
        "it goes to the oldest due first.",
        customer,
        preview,
    )


def _combination(
    line: StatementLine, open_items: Sequence[OpenItem], book: MatchBook
) -> SettlementPreview | None:
    """Two to four of the oldest open invoices whose asks on the value date
    (all with their discount of the day, or all at their balance) add up
    to the amount within the tolerance, fewest and oldest first; the first
    the rule settles exactly."""
    oldest = list(open_items[:COMBINE_OLDEST])
    minor = book.currency.to_minor
    lo, hi = _window(line, book)
    for least in (True, False):
        values = [
            minor(_least(i, line.value_date, book) if least else i.invoice.balance) for i in oldest
        ]
        for combo in _sums_within(values, lo, hi):
            preview = _plan(line, [oldest[n] for n in combo], book)
            if _exact(preview):
                return preview
    return None


def _least(item: OpenItem, on: date, book: MatchBook) -> Decimal:
    """The invoice's balance less the cash discount of the tier in force on `on`."""
    inv = item.invoice
    tier = inv.terms.tier_on(inv.date, on)
    if tier is None:
        return inv.balance
    return inv.balance - book.currency.round(inv.balance * tier.percent / HUNDRED)


def _sums_within(values: list[int], lo: int, hi: int) -> Iterator[tuple[int, ...]]:
    """Index sets of 2 to COMBINE_MOST values whose sum lies in [lo, hi],
    fewer first; pairs are found by their sums, sorted (no full enumeration
    of larger sets unless their partial sums can still reach the window)."""
    n = len(values)
    pairs = sorted(
        ((values[i] + values[j], i, j) for i in range(n) for j in range(i + 1, n)),
        key=lambda p: p[0],
    )
    sums = [p[0] for p in pairs]
    yield from ((i, j) for _s, i, j in pairs[bisect_left(sums, lo) : bisect_right(sums, hi)])
    if COMBINE_MOST >= 3:
        for k in range(n):
            a, b = bisect_left(sums, lo - values[k]), bisect_right(sums, hi - values[k])
            for _s, i, j in pairs[a:b]:
                if k < i:  # each set once: k the smallest index
                    yield (k, i, j)
    if COMBINE_MOST >= 4:
        for _s1, i, j in pairs:
            a, b = bisect_left(sums, lo - _s1), bisect_right(sums, hi - _s1)
            for _s2, k, m in pairs[a:b]:
                if j < k:  # disjoint, each set once
                    yield (i, j, k, m)


# ---------------------------------------------------------------- money out


def _money_out(line: StatementLine, book: MatchBook) -> Proposal:
    out = -line.amount
    for key in numbers_in(line.remittance):
        refund = book.refund_keys.get(key)
        if refund is not None and refund.amount == out:
            return Proposal(
                line.key,
                "refund",
                SURE,
                f"The text names refund {refund.number} of {book.currency.fmt(out)}: paid out.",
                refund.customer,
                refund=refund.number,
            )
    found = _customer(line, book)
    if found is not None:
        customer, how, _ = found
        same = [r for r in book.refunds if r.customer == customer and r.amount == out]
        if same:
            return Proposal(
                line.key,
                "refund",
                Decimal("0.80"),
                f"{_cap(how)}; refund {same[0].number} of {book.currency.fmt(out)} is open: paid out.",
                customer,
                refund=same[0].number,
            )
    same = [r for r in book.refunds if r.amount == out]
    if len(same) == 1:
        return Proposal(
            line.key,
            "refund",
            Decimal("0.60"),
            f"Refund {same[0].number} is the only open refund of {book.currency.fmt(out)}.",
            same[0].customer,
            refund=same[0].number,
        )
    return Proposal(line.key, "none", ZERO, "Money out that matches no open refund.")
