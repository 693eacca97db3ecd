"""The open invoices asked for as the lines need them, not read whole (issue 11): no database.

A `MatchBook` over a book's columns holds every open invoice: at
1,000,000 of them, handing their numbers, customers and balances to
Python cost more than proposing 100,000 lines against them. A
`PointBook` starts empty and asks a `Lookup` (app/read/bank_lookup.py
asks the book's indexes) only for what its lines need:

- the open invoices of the numbers the texts name, many at once
  (`expect`): the number index;
- the open invoices of a customer whose balance lies in a window, for
  every line's windows at once (`sieve`): the windows are those of
  `MatchBook.candidates` (the balance, or the balance less a discount
  of any percent the book's invoices have, within the tolerance), so a
  line gets the same candidates, and each candidate's own terms and
  date then decide as before (`single_rows`);
- whether a customer has anything open, and all of a customer's open
  invoices, only for the lines that go past one invoice (the oldest due,
  combinations): rare, one customer at a time.

Each invoice found becomes a row of the book's columns (all of them
known: nothing fetched later), once, whichever way it was found. The
numbers' spellings need the lengths of the book's numbers and the
sieve the discount percents of its terms: `Lookup.lengths` and
`Lookup.terms` may name more than the open invoices have (a spelling
no open invoice has is not found; a window more finds rows the terms
then refuse), never fewer.

A `PointBook` proposes against the book as it is stored: it does not
follow `settled`; a `FollowBook` (app/rules/bank_follow.py) does, for
accept-all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import Any, Protocol

from app.rules.bank_facts import OpenFacts, _terms, _tiers, _windows
from app.rules.bank_open import MatchBook
from app.rules.bank_quick import MinorTerms, minor_terms
from app.rules.terms import Terms

# An open invoice as a `Lookup` gives it: number, customer code, balance, date, due
# date, total, discount taken (minor units) and terms; dates as `date` or ISO text,
# terms as `Terms` or text.
Row = tuple[str, str, int, Any, Any, int, int, Any]


class Lookup(Protocol):
    """What a `PointBook` asks of the book. Every row given is of an open invoice."""

    @property
    def lengths(self) -> Collection[int]:
        """The lengths of the book's invoice numbers (at least the open ones')."""

    @property
    def terms(self) -> Collection[Any]:
        """The terms the book's invoices have (at least the open ones'), text or `Terms`."""

    def numbers(self, numbers: Sequence[str]) -> Iterable[Row]:
        """The open invoices among `numbers`."""

    def windows(self, asks: Sequence[tuple[str, int, int]]) -> Iterable[tuple[int, Row]]:
        """(k, row) for each open invoice of customer c whose balance lies in [lo, hi],
        `asks[k]` being (c, lo, hi)."""

    def customer(self, code: str) -> Iterable[Row]:
        """Every open invoice of customer `code`."""

    def with_open(self, codes: Collection[str]) -> Collection[str]:
        """Those of `codes` that have an open invoice."""


def _day(value: Any) -> date:
    return date.fromisoformat(value) if type(value) is str else value  # type: ignore[no-any-return]


def days(values: Sequence[Any]) -> tuple[date, ...]:
    """A column of dates as `date`s (ISO text from SQLite, `date` from PostgreSQL)."""
    try:
        return tuple(map(date.fromisoformat, values))
    except TypeError:
        return tuple(map(_day, values))


@dataclass
class PointBook(MatchBook):
    """A `MatchBook` whose open invoices are asked of `lookup` as lines need them."""

    lookup: Lookup | None = None
    stored = True

    def __post_init__(self) -> None:
        self.facts = OpenFacts([], [], [], [], [], [], [], [])
        super().__post_init__()
        assert self.lookup is not None
        self._lengths = sorted(set(self.lookup.lengths))
        self.hundredths = tuple(sorted({h for t in self.lookup.terms for h, _d in _tiers(t)}))
        self._row: dict[str, int] = {}  # number -> row
        self._whole: dict[str, list[int]] = {}  # customer -> all its open rows
        self._open: dict[str, bool] = {}  # customer -> has an open invoice
        self._rules: dict[Any, MinorTerms] = {}  # terms -> `minor_terms` of them

    def _add(self, found: Iterable[Row]) -> list[int]:
        """The rows of the invoices found, each added to the columns once (column by
        column: tens of thousands at a time)."""
        f = self.facts
        assert f is not None
        found = list(found)
        at = self._row
        fresh = list({r[0]: r for r in found if r[0] not in at}.values())
        if fresh:
            start = len(f.numbers)
            numbers, customers, balances, dates, dues, totals, taken, terms = zip(
                *fresh, strict=True
            )
            dates = days(dates)
            for column, values in zip(
                (f.numbers, f.customers, f.balances, f.dates, f.due_dates, f.totals, f.taken),
                (numbers, customers, balances, dates, days(dues), totals, taken),
                strict=True,
            ):
                column.extend(values)  # type: ignore[attr-defined]
            f.terms.extend(terms)
            at.update(zip(numbers, count(start)))
            # what `fixed` would make of each row
            rules = {t: self._rule(t) for t in set(terms)}
            ordinals = map(date.toordinal, dates)
            fixed = zip(ordinals, map(rules.__getitem__, terms), strict=True)
            self._fixed.update(zip(count(start), fixed))
        return [at[r[0]] for r in found]

    def _rule(self, terms: Any) -> MinorTerms:
        rule = self._rules.get(terms)
        if rule is None:
            rule = self._rules[terms] = minor_terms(
                terms if isinstance(terms, Terms) else _terms(terms)
            )
        return rule

    def expect(self, numbers: Collection[str]) -> None:
        """Ask for the open invoices of `numbers` now, all in one go."""
        new = set(numbers) - self._asked
        if not new:
            return
        assert self.lookup is not None
        f = self.facts
        assert f is not None
        for row in self._add(self.lookup.numbers(sorted(new))):
            self._known[f.numbers[row]] = row
        self._asked |= new

    def row_of(self, number: str) -> int | None:
        if number not in self._asked:
            self.expect((number,))
        return super().row_of(number)

    def _rows_of(self, customer: str) -> Sequence[int]:
        rows = self._whole.get(customer)
        if rows is None:
            assert self.lookup is not None
            rows = self._whole[customer] = self._add(self.lookup.customer(customer))
        return rows

    def has_open(self, customer: str) -> bool:
        known = self._open.get(customer)
        if known is None:
            known = self._open[customer] = bool(self._rows_of(customer))
        return known

    def candidates(self, customer: str, lo: int, hi: int) -> set[int]:
        (found,) = self.sieve([(customer, lo, hi)])
        return found

    def sieve(self, asks: Sequence[tuple[str, int, int]]) -> list[set[int]]:
        """`candidates(c, lo, hi)` for each of `asks`, asked of the book together; and
        whether each customer asked about has anything open."""
        out = self._in_windows(asks)
        for (customer, _lo, _hi), rows in zip(asks, out, strict=True):
            if rows:
                self._open[customer] = True
        unknown = {c for c, _lo, _hi in asks if c not in self._open}
        if unknown:
            assert self.lookup is not None
            with_open = set(self.lookup.with_open(unknown))
            for c in unknown:
                self._open[c] = c in with_open
        return out

    def _in_windows(self, asks: Sequence[tuple[str, int, int]]) -> list[set[int]]:
        """The rows the book holds of each ask's customer with a balance in one of its
        windows (`_windows`), asked together."""
        assert self.lookup is not None
        windows: list[tuple[str, int, int]] = []
        owner: list[int] = []  # the ask each window is of
        for k, (customer, lo, hi) in enumerate(asks):
            for first, last in _windows(self.hundredths, lo, hi):
                windows.append((customer, first, last))
                owner.append(k)
        out: list[set[int]] = [set() for _a in asks]
        found = list(self.lookup.windows(windows))
        for (w, _r), row in zip(found, self._add(r for _w, r in found), strict=True):
            out[owner[w]].add(row)
        return out

    def settled(self, number: str, settles: int, discount: int) -> None:
        raise TypeError("a PointBook proposes against the book as stored; accept with a FollowBook")
