"""A `PointBook` that follows accepting (issue 11: accept-all at 1,000,000 invoices): no database.

Accept-all proposes each line against the book as the lines before it
leave it. A `MatchBook` of every open invoice follows them in memory, but
reading 1,000,000 open invoices costs seconds before the first line. A
`FollowBook` asks its `Lookup` only for what its lines need, as a
`PointBook` does (app/rules/bank_point.py), and follows what accepting
does to the rows it holds (`settled`, `take`).

What the book says of an invoice this matcher changed may be behind it
(accept-all writes a chunk of lines at a time); of every other invoice it
says the truth, since nothing else changes while accept-all runs in its
transaction and nothing opens. A changed invoice is always one held here
(a proposal names only rows its matcher holds). So:

- a number: a row settled here is gone; any other, the book's answer;
- a customer's candidates (`candidates`, `sieve`): the rows the book finds
  in the windows of the amount (kept for the next line with the same ask),
  with the customer's rows changed here and still open: a superset, which
  each row's own balance as it is now decides (`single_rows`), as in a
  `MatchBook`;
- whether a customer has anything open (`has_open`): a row held here and
  still open, else an open invoice the book holds besides those (none:
  the answer stays, as nothing opens);
- a customer's open invoices, all of them (the oldest due, combinations):
  what the book gives, each row as it is here (a row settled here, still
  open in the book, is left out by its balance).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.rules.bank_open import MatchBook
from app.rules.bank_point import Lookup, PointBook, Row
from app.rules.bank_proposal import Proposal

# Numbers of a customer named in one `open_besides` ask; past them, its invoices are read whole.
BESIDES = 800


class FollowLookup(Lookup, Protocol):
    """A `Lookup` that also finds an open invoice of a customer besides some."""

    def open_besides(self, code: str, numbers: Collection[str]) -> Row | None:
        """An open invoice of customer `code` whose number is none of `numbers`, or None."""


@dataclass
class FollowBook(PointBook):
    """A `PointBook` that follows accepting (see the module doc)."""

    stored = False  # its rows change: a proposal keeps a copy of its row

    def __post_init__(self) -> None:
        super().__post_init__()
        self._asks: dict[tuple[str, int, int], set[int]] = {}  # what the book found of an ask
        self._held: dict[str, list[str]] = {}  # customer -> numbers of its rows held
        self._live: dict[str, set[int]] = {}  # customer -> its rows held and still open
        self._moved: dict[str, set[int]] = {}  # customer -> rows changed here, still open
        self._complete: set[str] = set()  # customers the book holds no other open invoice of

    def _add(self, found: Iterable[Row]) -> list[int]:
        found = list(found)
        known = self._row
        fresh = {r[0]: r[1] for r in found if r[0] not in known}
        rows = super()._add(found)
        for number, customer in fresh.items():  # every row the book gives is open
            self._held.setdefault(customer, []).append(number)
            self._live.setdefault(customer, set()).add(known[number])
        return rows

    def _rows_of(self, customer: str) -> Sequence[int]:
        rows = super()._rows_of(customer)
        self._complete.add(customer)  # every open invoice of it is held now
        return rows

    def has_open(self, customer: str) -> bool:
        if self._live.get(customer):
            return True
        if customer in self._complete:
            return False
        held = self._held.get(customer, [])
        if len(held) > BESIDES:
            self._rows_of(customer)
            return bool(self._live.get(customer))
        lookup: FollowLookup = self.lookup  # type: ignore[assignment]
        found = lookup.open_besides(customer, held)
        if found is None:
            self._complete.add(customer)
            return False
        self._add((found,))
        return True

    def candidates(self, customer: str, lo: int, hi: int) -> set[int]:
        (found,) = self.sieve([(customer, lo, hi)])
        return found

    def sieve(self, asks: Sequence[tuple[str, int, int]]) -> list[set[int]]:
        new = [a for a in dict.fromkeys(asks) if a not in self._asks]
        if new:
            self._asks.update(zip(new, self._in_windows(new), strict=True))
        out = []
        for ask in asks:
            moved = self._moved.get(ask[0])
            found = self._asks[ask]
            out.append(found | moved if moved else set(found))
        return out

    def settled(self, number: str, settles: int, discount: int) -> None:
        """`MatchBook.settled`, on a row held here."""
        f = self.facts
        assert f is not None
        row = self._row[number]
        customer = f.customers[row]
        f.balances[row] -= settles
        f.taken[row] += discount
        self._made.pop(row, None)
        self._by_customer.pop(customer, None)
        if f.balances[row] <= 0:
            self._gone.add(number)  # as in a MatchBook: never asked again
            self._live[customer].discard(row)
            self._moved.get(customer, set()).discard(row)
        else:
            self._moved.setdefault(customer, set()).add(row)


def take(book: MatchBook, p: Proposal, iban: str) -> None:
    """What accepting `p` (of a line from account `iban`) changes of what `book` knows:
    the invoices' balances and discounts, the account learned (when accepting `p`
    teaches it: a third party's account is not its customer's), the refund paid."""
    if p.refund is not None:
        book.paid_out(p.refund)
        return
    cur = book.currency
    if p.customer is not None and p.teaches:  # as posting it remembers (`Proposal.teaches`)
        book.learned(iban, p.customer)
    if p.effects:  # known without the preview (one invoice)
        for number, settles, discount in p.effects:
            book.settled(number, cur.to_minor(settles), cur.to_minor(discount))
        return
    for a in p.preview.applications if p.preview is not None else ():
        book.settled(
            a.invoice, cur.to_minor(a.settles), cur.to_minor(a.discount + a.full_settlement)
        )
