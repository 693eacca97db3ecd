"""What is open in the book, indexed for matching bank lines (issue 11): no database.

A book of 1,000,000 invoices is read as columns (`OpenFacts`: numbers,
customers, dates and minor units as the query gives them) and nothing is
made per invoice up front: an invoice becomes an `OpenInvoice` when a
line names it or its customer's amounts are looked at, and each
customer's amounts are indexed when a line first finds that customer.
So a run costs what its lines touch, plus one pass to number the rows.

A book read lean (`OpenFacts.fetch` given) holds only each open invoice's
number, customer and balance for the whole book; its dates, total,
discount taken and terms are asked of `fetch` for the rows a line
touches, many at once (`MatchBook.load`): `propose_all` collects them
for all its lines first (app/rules/bank_match.py). Which invoices a
customer's amount may settle is sieved from the customer's balances,
sorted, with every discount percent the book's open invoices have
(`MatchBook.single_rows`): a superset, then each candidate's own terms
and date decide, as the settlement rule would.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import compress, count, groupby
from typing import Any

from app.rules.bank_facts import (
    NAME_CUTOFF,
    OpenFacts,
    OpenItem,
    OpenRefund,
    _from_iso,
    _off,
    _terms,
    _tiers,
    _windows,
    day,
    facts_of,
    fold,
    name_in_text,
    number_key,
)
from app.rules.bank_quick import MinorParams, MinorTerms, minor_params, minor_terms
from app.rules.money import Currency
from app.rules.settlement import OpenInvoice, Params
from app.rules.terms import Terms


@dataclass
class MatchBook:
    """What is open in the book, indexed for matching: `items` (a few, built by
    hand) or `facts` (a whole book's columns, maybe lean: see `OpenFacts`)."""

    params: Params
    currency: Currency
    items: Sequence[OpenItem] = ()
    customers: Mapping[str, str] = field(default_factory=dict)  # code -> name
    ibans: Mapping[str, str] = field(default_factory=dict)  # IBAN -> customer code
    refunds: Sequence[OpenRefund] = ()
    orders: Mapping[str, Sequence[str]] = field(default_factory=dict)  # order -> its invoices
    facts: OpenFacts | None = None
    stored = False  # its rows never change (a `PointBook`): a proposal keeps the row, not a copy

    def __post_init__(self) -> None:
        self._made: dict[int, OpenItem] = dict(enumerate(self.items))
        places = self.currency.places
        # Currency.from_minor's figure: an integer's exponent moved, already exact
        self._money = lambda minor: Decimal(minor).scaleb(-places)  # an int, from the book
        if self.facts is None:
            self.facts = facts_of(self.items, self.currency)
        f = self.facts
        self.lean = f.fetch is not None
        # the settings in minor units, for the integer arithmetic (None: Decimal only)
        self.minor: MinorParams | None = minor_params(self.params, self.currency)
        self._at: dict[str, int] | None = None  # number -> row, made when first needed
        self._known: dict[str, int] = {}  # rows of numbers looked for in advance (`expect`)
        self._asked: set[str] = set()  # numbers looked for in advance, found or not
        self._gone: set[str] = set()  # numbers settled since the book was read
        self._lengths = sorted(set(map(len, f.numbers)))
        self._spelled: dict[tuple[str, int], list[str]] = {}
        self._groups: dict[str, Sequence[int]] | None = None
        self._by_customer: dict[str, list[OpenItem]] = {}
        self._sorted: dict[str, tuple[list[int], list[int]]] = {}  # see `_balances`
        self._fixed: dict[int, tuple[int, MinorTerms]] = {}  # see `fixed`
        kinds = f.all_terms if self.lean else set(f.terms)
        self.hundredths = tuple(sorted({h for t in kinds for h, _days in _tiers(t)}))
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
        self._free_cache: dict[str, tuple[str, int] | None] = {}
        self.said: dict[Any, Callable[[], str]] = {}  # how a customer was found, in words

    # ------------------------------------------------------------ invoices

    def __len__(self) -> int:
        assert self.facts is not None
        return len(self.facts.numbers)

    def load(self, rows: Iterable[int]) -> None:
        """Read the dates, total, discount taken and terms of `rows` where the book
        was read lean and they are not known yet: one `fetch` for all of them."""
        f = self.facts
        assert f is not None
        if f.fetch is None:
            return
        dates = f.dates
        wanted = {f.numbers[r]: r for r in rows if r not in dates}
        if not wanted:
            return
        fixed = self._fixed
        for number, on, due, total, taken, terms in f.fetch(list(wanted)):
            r = wanted[number]
            dates[r] = day = _from_iso(on) if type(on) is str else on
            f.due_dates[r] = _from_iso(due) if type(due) is str else due
            f.totals[r], f.taken[r], f.terms[r] = total, taken, terms
            rule = terms if isinstance(terms, Terms) else _terms(terms)
            fixed[r] = (day.toordinal(), minor_terms(rule))

    def item(self, row: int) -> OpenItem:
        """Row `row` of the facts as an open invoice (made once)."""
        found = self._made.get(row)
        if found is None:
            f = self.facts
            assert f is not None
            if self.lean:
                self.load((row,))
            found = self.made(self.snapshot(row))
            self._made[row] = found
        return found

    def snapshot(self, row: int) -> tuple[Any, ...]:
        """Row `row` as it is now (loaded): what `made` makes an open invoice of."""
        f = self.facts
        assert f is not None
        return (
            f.customers[row],
            f.numbers[row],
            f.dates[row],
            f.due_dates[row],
            f.totals[row],
            f.balances[row],
            f.terms[row],
            f.taken[row],
        )

    def fixed(self, row: int) -> tuple[int, MinorTerms]:
        """Row `row`'s date as an ordinal and its terms for `bank_quick.single_minor`
        (the row loaded; neither changes)."""
        got = self._fixed.get(row)
        if got is None:
            f = self.facts
            assert f is not None
            got = (day(f.dates[row]).toordinal(), minor_terms(self.terms_of(row)))
            self._fixed[row] = got
        return got

    def terms_of(self, row: int) -> Terms:
        terms = self.facts.terms[row]  # type: ignore[union-attr]
        return terms if isinstance(terms, Terms) else _terms(terms)

    def money(self, minor: int) -> Decimal:
        """An amount of the book's rows as the rules' Decimal."""
        return self._money(minor)  # type: ignore[no-any-return]

    def made(self, snap: tuple[Any, ...]) -> OpenItem:
        customer, number, on, due, total, balance, terms, taken = snap
        money = self._money
        # By place, as the classes list their fields (a run of proposals makes 100,000).
        invoice = OpenInvoice(
            number,
            _from_iso(on) if type(on) is str else on,
            _from_iso(due) if type(due) is str else due,
            money(total),
            money(balance),
            terms if isinstance(terms, Terms) else _terms(terms),
            money(taken),
        )
        return OpenItem(customer, invoice)

    def all_items(self) -> list[OpenItem]:
        self.load(range(len(self)))
        return [self.item(n) for n in range(len(self))]

    def expect(self, numbers: Collection[str]) -> None:
        """Look for `numbers` among the open invoices now, all in one pass over the
        book's numbers, so that asking for them costs no index of every number."""
        if self._at is not None:
            return
        new = set(numbers) - self._asked
        if not new:
            return
        f = self.facts
        assert f is not None
        names = f.numbers
        for row in compress(count(), map(new.__contains__, names)):
            self._known.setdefault(names[row], row)
        self._asked |= new

    def row_of(self, number: str) -> int | None:
        """The row of open invoice `number`, or None."""
        if number in self._gone:
            return None
        if self._at is None:
            row = self._known.get(number)
            if row is not None or number in self._asked:
                return row
            f = self.facts
            assert f is not None
            self._at = {}
            for n, name in enumerate(f.numbers):
                self._at.setdefault(name, n)
        return self._at.get(number)

    def by_invoice_number(self, number: str) -> OpenItem | None:
        row = self.row_of(number)
        return None if row is None else self.item(row)

    def spellings(self, key: tuple[str, int]) -> list[str]:
        """The numbers `key` ("INV", 12) may be, in the order they are tried: INV-000012,
        INV-12, inv-0012 (whatever width the book's numbers have)."""
        out = self._spelled.get(key)
        if out is None:
            prefix, value = key
            digits = str(value)
            out = self._spelled[key] = []
            for p in dict.fromkeys((prefix, prefix.lower(), prefix.capitalize())):
                for length in self._lengths:
                    width = length - len(p) - 1
                    if width >= len(digits):
                        out.append(f"{p}-{digits.zfill(width)}")
        return out

    def first_spelling(self, key: tuple[str, int]) -> str | None:
        """`spellings(key)[0]`, made alone: the one found in most books."""
        prefix, value = key
        digits = str(value)
        for length in self._lengths:
            width = length - len(prefix) - 1
            if width >= len(digits):
                return f"{prefix}-{digits.zfill(width)}"
        return None

    def row_by_number(self, key: tuple[str, int]) -> int | None:
        """The row of the open invoice whose number reads as `key`, or None."""
        first = self.first_spelling(key)
        if first is None:
            return None
        row = self.row_of(first)
        if row is not None:
            return row
        for number in self.spellings(key)[1:]:
            row = self.row_of(number)
            if row is not None:
                return row
        return None

    def _rows_of(self, customer: str) -> Sequence[int]:
        if self._groups is None:
            assert self.facts is not None
            codes = self.facts.customers
            runs = (
                [(c, len(list(rows))) for c, rows in groupby(codes)] if self.facts.grouped else []
            )
            if runs and len(runs) == len({c for c, _n in runs}):  # each customer's rows together
                self._groups, start = {}, 0
                for code, n in runs:
                    self._groups[code], start = range(start, start + n), start + n
            else:
                groups: defaultdict[str, list[int]] = defaultdict(list)
                for row, code in enumerate(codes):
                    groups[code].append(row)
                self._groups = dict(groups)
        return self._groups.get(customer, ())

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
        self.load(open_rows)
        return sorted(open_rows, key=self._due_key)

    def by_customer(self, customer: str) -> list[OpenItem]:
        """The customer's open invoices, oldest due first (made on first asking)."""
        found = self._by_customer.get(customer)
        if found is None:
            found = [self.item(r) for r in self.oldest(customer)]
            self._by_customer[customer] = found
        return found

    def _balances(self, customer: str) -> tuple[list[int], list[int]]:
        """The customer's balances, sorted, and its rows in that order."""
        found = self._sorted.get(customer)
        if found is None:
            f = self.facts
            assert f is not None
            get = f.balances.__getitem__
            order = sorted(self._rows_of(customer), key=get)
            found = self._sorted[customer] = (list(map(get, order)), order)
        return found

    def candidates(self, customer: str, lo: int, hi: int) -> set[int]:
        """Rows of `customer` one of whose asks may lie in [lo, hi] (minor units): the
        balance, or the balance less a discount of any percent the book's open
        invoices have. A superset: `single_rows` decides with each row's own terms."""
        values, order = self._balances(customer)
        out: set[int] = set()
        for first, last in _windows(self.hundredths, lo, hi):
            out.update(order[bisect_left(values, first) : bisect_right(values, last)])
        return out

    def sieve(self, asks: Sequence[tuple[str, int, int]]) -> list[set[int]]:
        """`candidates(customer, lo, hi)` of each of `asks`."""
        return [self.candidates(c, lo, hi) for c, lo, hi in asks]

    def _asks_on(self, row: int, lo: int, hi: int, on: date) -> bool:
        """Whether open row `row` may be paid on `on` with an amount in [lo, hi]: its
        balance, or its balance less a tier's discount until that tier ends."""
        f = self.facts
        assert f is not None
        balance = f.balances[row]
        if balance <= 0:
            return False
        if lo <= balance <= hi:
            return True
        for hundredths, days in _tiers(f.terms[row]):
            if lo <= _off(balance, hundredths) <= hi and on <= day(f.dates[row]) + timedelta(
                days=days
            ):
                return True
        return False

    def single_rows(
        self, customer: str, lo: int, hi: int, on: date, found: set[int] | None = None
    ) -> list[int]:
        """Open rows of `customer` one of whose asks on `on` lies in [lo, hi]
        (minor units), oldest due first; `found`: its `candidates`, when known."""
        if found is None:
            found = self.candidates(customer, lo, hi)
        self.load(found)
        hits = [r for r in found if self._asks_on(r, lo, hi, on)]
        return sorted(hits, key=self._due_key)

    def singles(self, customer: str, lo: int, hi: int, on: date) -> list[OpenItem]:
        """`single_rows` as open invoices."""
        return [self.item(r) for r in self.single_rows(customer, lo, hi, on)]

    # ------------------------------------------------------------ after accepting

    def settled(self, number: str, settles: int, discount: int) -> None:
        """Invoice `number` had `settles` (minor units) taken off its balance, `discount`
        of it cash discount (what the settlement service stores on the invoice): the
        next line is matched against the book as it now is."""
        row = self.row_of(number)
        f = self.facts
        assert f is not None and row is not None
        self.load((row,))
        customer = f.customers[row]
        index = self._sorted.get(customer)
        if index is not None:  # kept in step: the row moves to its new balance's place
            values, order = index
            at = bisect_left(values, f.balances[row])
            while order[at] != row:
                at += 1
            del values[at], order[at]
            at = bisect_left(values, f.balances[row] - settles)
            values.insert(at, f.balances[row] - settles)
            order.insert(at, row)
        f.balances[row] -= settles
        f.taken[row] += discount
        self._made.pop(row, None)
        if f.balances[row] <= 0:
            self._gone.add(number)  # a settled row stays in its customer's rows, never asked
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

    def customer_by_name(self, text: str, free: bool = False) -> tuple[str, int] | None:
        """The customer whose name is closest to `text`, with its score, or None (none
        close enough, or two customers as close). `free`: the line's free text,
        whose name is what is left without the bank's words (`name_in_text`)."""
        cache = self._free_cache if free else self._text_cache
        if text in cache:  # payers write their names the same way each time
            return cache[text]
        key = name_in_text(text) if free else fold(text)
        if len(key.replace(" ", "")) < 3:  # no name: an initial or nothing left
            cache[text] = None
            return None
        if key in self._name_cache:
            cache[text] = self._name_cache[key]
            return self._name_cache[key]
        exact = self._exact_names.get(key)
        if exact is not None:
            hit: tuple[str, int] | None = (exact, 100)
        else:
            from rapidfuzz import fuzz, process

            best = process.extract(
                key, self._name_list, scorer=fuzz.token_set_ratio, score_cutoff=NAME_CUTOFF, limit=2
            )
            tied = len(best) == 2 and best[0][1] == best[1][1] and best[0][0] != best[1][0]
            hit = None if not best or tied else (self._name_codes[best[0][2]], int(best[0][1]))
        self._name_cache[key] = cache[text] = hit
        return hit
