"""What is open in the book, indexed for matching bank lines (issue 11): no database.

A book of 1,000,000 invoices is read as columns (`OpenFacts`: numbers,
customers, dates and minor units as the query gives them) and nothing is
made per invoice up front: an invoice becomes an `OpenInvoice` when a
line names it or its customer's amounts are looked at, and each
customer's amounts are indexed when a line first finds that customer.
So a run costs what its lines touch, plus one pass to number the rows.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Mapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from app.rules.money import Currency
from app.rules.settlement import OpenInvoice, Params
from app.rules.terms import Terms, parse_terms

HUNDRED = Decimal(100)
NAME_CUTOFF = 85  # rapidfuzz token_set_ratio a name must reach (0-100)


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
class OpenFacts:
    """The open invoices as columns, row i of each column one invoice: amounts in
    minor units, dates as `date` or ISO text (SQLite's), terms as `Terms` or text."""

    numbers: Sequence[str]
    customers: Sequence[str]  # codes
    dates: Sequence[Any]
    due_dates: Sequence[Any]
    totals: Sequence[int]
    balances: MutableSequence[int]  # changed as lines are accepted (`settled`)
    taken: MutableSequence[int]  # net cash discount so far
    terms: Sequence[Any]


def facts_of(items: Sequence[OpenItem], cur: Currency) -> OpenFacts:
    inv = [i.invoice for i in items]
    return OpenFacts(
        [i.number for i in inv],
        [i.customer for i in items],
        [i.date for i in inv],
        [i.due_date for i in inv],
        [cur.to_minor(i.total) for i in inv],
        [cur.to_minor(i.balance) for i in inv],
        [cur.to_minor(i.discount_taken) for i in inv],
        [i.terms for i in inv],
    )


_LEGAL = re.compile(r"\b(?:sl|slu|sa|lda|ltda|me|eireli|unipessoal|cb|sc|scp|e|y|and)\b")


def fold(text: str) -> str:
    """Text compared without accents, case, punctuation, legal forms ("S.L.",
    "Lda", "Ltda") or extra spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    plain = re.sub(r"[.'’]", "", plain)
    plain = re.sub(r"[^0-9a-z]+", " ", plain.replace("&", " "))
    return " ".join(_LEGAL.sub(" ", plain).split())


_NUMBER = re.compile(r"^([A-Za-z]+)-0*(\d+)$")


def number_key(number: str) -> tuple[str, int] | None:
    """("INV", 12) for "INV-000012"; None for a number of another form."""
    m = _NUMBER.match(number)
    return None if m is None else (m.group(1).upper(), int(m.group(2)))


@lru_cache(maxsize=256)
def _terms(text: str) -> Terms:
    return parse_terms(text or "net 0")


@lru_cache(maxsize=256)
def _tiers(terms: Terms | str) -> tuple[tuple[int, int], ...]:
    """(percent in hundredths, days) of each discount tier."""
    t = terms if isinstance(terms, Terms) else _terms(terms)
    return tuple((int(x.percent * HUNDRED), x.days) for x in t.tiers)


_from_iso = date.fromisoformat
_T = TypeVar("_T")


def _frozen(cls: type[_T], **values: Any) -> _T:
    """An instance of frozen dataclass `cls` with every field given, made without
    its generated __init__ (which sets each field through object.__setattr__: a
    third of the cost of the 100,000 invoices a run of proposals makes). The
    same object: equality, hash and repr read the same attributes."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass
class MatchBook:
    """What is open in the book, indexed for matching: `items` (a few, built by
    hand) or `facts` (a whole book's columns)."""

    params: Params
    currency: Currency
    items: Sequence[OpenItem] = ()
    customers: Mapping[str, str] = field(default_factory=dict)  # code -> name
    ibans: Mapping[str, str] = field(default_factory=dict)  # IBAN -> customer code
    refunds: Sequence[OpenRefund] = ()
    orders: Mapping[str, Sequence[str]] = field(default_factory=dict)  # order -> its invoices
    facts: OpenFacts | None = None

    def __post_init__(self) -> None:
        self._made: dict[int, OpenItem] = dict(enumerate(self.items))
        places = self.currency.places
        # Currency.from_minor's figure: an integer's exponent moved, already exact
        self._money = lambda minor: Decimal(minor).scaleb(-places)  # an int, from the book
        if self.facts is None:
            self.facts = facts_of(self.items, self.currency)
        f = self.facts
        self._at = dict(zip(f.numbers, range(len(f.numbers)), strict=True))
        self._lengths = sorted(set(map(len, f.numbers)))
        self._groups: dict[str, list[int]] | None = None
        self._by_customer: dict[str, list[OpenItem]] = {}
        self._asks: dict[str, list[int]] = {}
        self.order_keys = {k: v for o, v in self.orders.items() if (k := number_key(o))}
        self.refund_keys = {k: r for r in self.refunds if (k := number_key(r.number))}
        self.refunds_of: dict[Any, list[OpenRefund]] = {}
        self.refunds_by_amount: dict[Any, list[OpenRefund]] = {}
        for r in self.refunds:
            self.refunds_of.setdefault((r.customer, r.amount), []).append(r)
            self.refunds_by_amount.setdefault(r.amount, []).append(r)
        self.iban_keys = {i.replace(" ", "").upper(): c for i, c in self.ibans.items()}
        self.names = {code: fold(name) for code, name in self.customers.items()}
        self._name_codes = list(self.names)
        self._name_list = [self.names[c] for c in self._name_codes]
        self._exact_names: dict[str, str] = {}
        for code, name in self.names.items():
            self._exact_names.setdefault(name, code)
        self._name_cache: dict[str, tuple[str, int] | None] = {}
        self._text_cache: dict[str, tuple[str, int] | None] = {}

    # ------------------------------------------------------------ invoices

    def __len__(self) -> int:
        assert self.facts is not None
        return len(self.facts.numbers)

    def item(self, row: int) -> OpenItem:
        """Row `row` of the facts as an open invoice (made once)."""
        found = self._made.get(row)
        if found is None:
            f = self.facts
            assert f is not None
            terms, on, due = f.terms[row], f.dates[row], f.due_dates[row]
            money = self._money
            found = _frozen(
                OpenItem,
                customer=f.customers[row],
                invoice=_frozen(
                    OpenInvoice,
                    number=f.numbers[row],
                    date=_from_iso(on) if type(on) is str else on,
                    due_date=_from_iso(due) if type(due) is str else due,
                    total=money(f.totals[row]),
                    balance=money(f.balances[row]),
                    terms=terms if isinstance(terms, Terms) else _terms(terms),
                    discount_taken=money(f.taken[row]),
                ),
            )
            self._made[row] = found
        return found

    def all_items(self) -> list[OpenItem]:
        return [self.item(n) for n in range(len(self))]

    def by_invoice_number(self, number: str) -> OpenItem | None:
        row = self._at.get(number)
        return None if row is None else self.item(row)

    def by_number(self, key: tuple[str, int]) -> OpenItem | None:
        """The open invoice whose number reads as `key` ("INV", 12): INV-000012,
        INV-12, inv-0012 (whatever width the book's numbers have)."""
        prefix, value = key
        digits = str(value)
        for p in dict.fromkeys((prefix, prefix.lower(), prefix.capitalize())):
            for length in self._lengths:
                width = length - len(p) - 1
                if width >= len(digits):
                    row = self._at.get(f"{p}-{digits.zfill(width)}")
                    if row is not None:
                        return self.item(row)
        return None

    def _rows_of(self, customer: str) -> list[int]:
        if self._groups is None:
            groups: defaultdict[str, list[int]] = defaultdict(list)
            assert self.facts is not None
            for row, code in enumerate(self.facts.customers):
                groups[code].append(row)
            self._groups = dict(groups)
        return self._groups.get(customer, [])

    def has_open(self, customer: str) -> bool:
        f = self.facts
        assert f is not None
        return any(f.balances[r] > 0 for r in self._rows_of(customer))

    def _due_key(self, row: int) -> tuple[Any, Any, str]:
        f = self.facts
        assert f is not None
        return (f.due_dates[row], f.dates[row], f.numbers[row])

    def oldest(self, customer: str) -> list[int]:
        """The customer's open rows, oldest due first (due date, date, number)."""
        f = self.facts
        assert f is not None
        open_rows = [r for r in self._rows_of(customer) if f.balances[r] > 0]
        return sorted(open_rows, key=self._due_key)

    def by_customer(self, customer: str) -> list[OpenItem]:
        """The customer's open invoices, oldest due first (made on first asking)."""
        found = self._by_customer.get(customer)
        if found is None:
            found = [self.item(r) for r in self.oldest(customer)]
            self._by_customer[customer] = found
        return found

    def asks(self, customer: str) -> list[int]:
        """What each open invoice of `customer` may be paid with, sorted: the
        balance, and the balance less each tier's discount until that tier
        ends, in minor units, each as one number: amount << 32 | the row's
        place among the customer's rows << 4 | 0 for the balance, k for
        tier k. A first sieve; the rule decides."""
        found = self._asks.get(customer)
        if found is None:
            f = self.facts
            assert f is not None
            rows = self._rows_of(customer)
            balances = list(map(f.balances.__getitem__, rows))
            found = [b << 32 | n << 4 for n, b in enumerate(balances)]
            kinds: dict[Any, Sequence[int]]
            if len(distinct := set(map(f.terms.__getitem__, rows))) == 1:
                kinds = {distinct.pop(): range(len(rows))}  # one customer, one terms: usual
            else:
                kinds = defaultdict(list)
                for n, r in enumerate(rows):
                    kinds[f.terms[r]].append(n)  # type: ignore[attr-defined]
            for terms, places in kinds.items():
                for k, (hundredths, _days) in enumerate(_tiers(terms), start=1):
                    found += [
                        (balances[n] - (balances[n] * hundredths + 5000) // 10000) << 32
                        | n << 4
                        | k
                        for n in places
                    ]
            if balances and min(balances) <= 0:  # settled by lines accepted since
                found = [key for key in found if balances[(key >> 4) & 0xFFFFFFF] > 0]
            found.sort()
            self._asks[customer] = found
        return found

    def _entries(self, row: int, place: int) -> list[int]:
        """The asks of one row (see `asks`); none once it is settled."""
        f = self.facts
        assert f is not None
        balance = f.balances[row]
        if balance <= 0:
            return []
        return [balance << 32 | place << 4] + [
            (balance - (balance * hundredths + 5000) // 10000) << 32 | place << 4 | k
            for k, (hundredths, _days) in enumerate(_tiers(f.terms[row]), start=1)
        ]

    def singles(self, customer: str, lo: int, hi: int, on: date) -> list[OpenItem]:
        """Open invoices of `customer` one of whose asks on `on` lies in [lo, hi]
        (minor units), oldest due first."""
        asks = self.asks(customer)
        rows = self._rows_of(customer)
        f = self.facts
        assert f is not None
        hits: list[int] = []
        for at in range(bisect_left(asks, lo << 32), bisect_left(asks, (hi + 1) << 32)):
            key = asks[at]
            row, k = rows[(key >> 4) & 0xFFFFFFF], key & 0xF
            if row in hits:
                continue
            if k:
                days = _tiers(f.terms[row])[k - 1][1]
                if on > _day(f.dates[row]) + timedelta(days=days):
                    continue
            hits.append(row)
        return [self.item(r) for r in sorted(hits, key=self._due_key)]

    # ------------------------------------------------------------ after accepting

    def settled(self, number: str, settles: int, discount: int) -> None:
        """Invoice `number` had `settles` (minor units) taken off its balance, `discount`
        of it cash discount (what the settlement service stores on the invoice): the
        next line is matched against the book as it now is."""
        row = self._at.get(number)
        f = self.facts
        assert f is not None and row is not None
        customer = f.customers[row]
        asks = self._asks.get(customer)
        if asks is None:  # not indexed yet: it will be, from the figures below
            f.balances[row] -= settles
            f.taken[row] += discount
        else:
            place = self._rows_of(customer).index(row)
            for key in self._entries(row, place):
                del asks[bisect_left(asks, key)]
            f.balances[row] -= settles
            f.taken[row] += discount
            for key in self._entries(row, place):
                insort(asks, key)
        self._made.pop(row, None)
        if f.balances[row] <= 0:
            del self._at[number]  # a settled row stays in its customer's rows, never asked
        self._by_customer.pop(customer, None)

    def learned(self, iban: str, customer: str) -> None:
        """A bank account the book now knows (the first customer it was seen for keeps it)."""
        key = iban.replace(" ", "").upper()
        if key:
            self.iban_keys.setdefault(key, customer)

    def paid_out(self, number: str) -> None:
        """Refund `number` is paid: no longer open."""
        self.refund_keys = {k: r for k, r in self.refund_keys.items() if r.number != number}
        for index in (self.refunds_of, self.refunds_by_amount):
            for found in index.values():
                found[:] = [r for r in found if r.number != number]

    # ------------------------------------------------------------ customers

    def customer_by_name(self, text: str) -> tuple[str, int] | None:
        """The customer whose name is closest to `text`, with its score, or None."""
        if text in self._text_cache:  # payers write their names the same way each time
            return self._text_cache[text]
        key = fold(text)
        if not key:
            self._text_cache[text] = None
            return None
        if key in self._name_cache:
            self._text_cache[text] = self._name_cache[key]
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
        self._name_cache[key] = self._text_cache[text] = hit
        return hit
