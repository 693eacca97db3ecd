"""Two to four of a customer's oldest open invoices that a bank line pays together (issue 11).

The matcher's third step (app/rules/bank_match.py), and the invoices the
oldest-due-first proposal reaches: pure rules over the matcher's book,
every candidate put to the settlement rule itself (`_plan`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import ROUND_CEILING, Decimal

from app.rules.bank_facts import OpenItem
from app.rules.bank_open import MatchBook
from app.rules.bank_proposal import (
    COMBINE_MOST,
    COMBINE_OLDEST,
    HUNDRED,
    Line,
    _exact,
    _plan,
    _window,
)
from app.rules.money import ZERO
from app.rules.settlement import SettlementPreview


def _reaching(line: Line, rows: Sequence[int], book: MatchBook) -> list[OpenItem]:
    """The first of `rows` (oldest due first) that the line's money can reach: each
    invoice the rule serves takes all the money left or at least its balance less its
    largest cash discount, so no money goes past the first ones whose such least
    amounts exceed the line's."""
    got, out = ZERO, []
    for r in rows:
        item = book.item(r)
        out.append(item)
        inv = item.invoice
        most_off = (inv.balance * inv.terms.max_percent / HUNDRED).quantize(
            book.currency.quantum, rounding=ROUND_CEILING
        )
        got += inv.balance - most_off
        if got > line.amount:
            break
    return out


def _combination(
    line: Line, open_items: Sequence[OpenItem], book: MatchBook
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
