"""A `FollowBook` proposes what a book of every open invoice does, line after line
accepted (issue 11, accept-all: app/rules/bank_follow.py).

Accept-all proposes each line against the book as the lines before it
leave it, and writes the book a chunk of lines at a time: in between,
what the book answers of an invoice a line settled is behind. Here a
`MatchBook` of every invoice (the plain matcher, which follows in
memory) and a `FollowBook` over a `Lookup` whose stored balances catch
up only every few lines are given the same lines, each accepted (`take`)
when it proposes something: every proposal must be the same (kind,
confidence, customer, invoices, figures, preview and words). The
`FollowBook` is given its lines as accept-all gives them: the stored
lines' lighter form (`SeenLine`), and the numbers each text names as the
read-ahead found them (`propose(..., keys)`).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules.bank_follow import FollowBook, take
from app.rules.bank_match import Keys, MatchBook, OpenItem, propose, read_ahead
from app.rules.settlement import Params
from app.rules.statement import StatementLine
from tests.unit.test_bank_lean import (
    CUSTOMERS,
    EUR,
    IBAN,
    _items,
    _line,
    _Lookup,
    _pure_rules,  # noqa: F401 - the fixture: no book bound while the rules run
    _said,
    _seen,
    invoice,
    line,
)


class _Stored(_Lookup):
    """The book's answers as last written: balances and discounts caught up with the
    matcher's only when `post` is called (accept-all writes a chunk at a time)."""

    def __init__(self, items: list[OpenItem], texts: list[str]) -> None:
        super().__init__(items, texts, extra=False)
        self.all = list(self.rows)
        self.asked = 0

    def post(self, book: MatchBook) -> None:
        f = book.facts
        assert f is not None
        now = {n: (b, t) for n, b, t in zip(f.numbers, f.balances, f.taken, strict=True)}
        self.all = [(r[0], r[1], now[r[0]][0], *r[3:6], now[r[0]][1], r[7]) for r in self.all]
        self.rows = [r for r in self.all if r[2] > 0]  # what the book calls open

    def open_besides(self, code, numbers):  # type: ignore[no-untyped-def]
        self.asked += 1
        return next((r for r in self.rows if r[1] == code and r[0] not in set(numbers)), None)


@settings(max_examples=150, deadline=None)
@given(
    draws=st.lists(invoice, min_size=1, max_size=10),
    lines=st.lists(line, min_size=1, max_size=14),
    every=st.integers(1, 6),
    under=st.sampled_from([0, 5, 300]),
    over=st.sampled_from([0, 5, 300]),
    partial=st.booleans(),
    rests=st.lists(st.tuples(st.integers(0, 13), st.integers(0, 30)), max_size=6),
)
def test_a_follow_book_proposes_what_the_whole_book_does_line_after_line(
    draws, lines, every, under, over, partial, rests
):
    params = Params(
        discount_on_partial_payments=partial,
        max_underpayment=Decimal(under) / 100,
        max_overpayment=Decimal(over) / 100,
    )
    items, texts = _items(draws)
    said = [_line(d, items, k) for k, d in enumerate(lines)]
    whole = MatchBook(params, EUR, items, CUSTOMERS, {IBAN: "C2"})
    stored = _Stored(items, texts)
    follow = FollowBook(params, EUR, (), CUSTOMERS, {IBAN: "C2"}, lookup=stored)
    keys: list[Keys] = []
    for k, x in enumerate(said):
        if k % every == 0:  # accept-all reads a chunk's lines ahead, then proposes each
            keys = read_ahead([_seen(y) for y in said[k : k + every]], follow)
        # a payer paying by name what is left of an invoice now (a part paid before)
        now = [_rest(items[i % len(items)], whole, x) for at, i in rests if at == k]
        for y in [*filter(None, now), x]:
            want = propose(y, whole)
            # the numbers its text names as the read-ahead found them, as accept-all does
            got = propose(_seen(y), follow, keys[k % every] if y is x else None)
            assert _said(got) == _said(want), k
            if want.kind != "none":
                take(whole, want, y.iban)
                take(follow, got, y.iban)
        if k % every == every - 1:
            stored.post(whole)  # the chunk written: the book catches up
    f, w = follow.facts, whole.facts
    assert f is not None and w is not None
    held = dict(zip(f.numbers, f.balances, strict=True))
    assert held == {n: b for n, b in zip(w.numbers, w.balances, strict=True) if n in held}


def _rest(item: OpenItem, book: MatchBook, x: StatementLine) -> StatementLine | None:
    """A line from the customer's name paying what `book` says is left of `item`."""
    row = book.row_of(item.invoice.number)
    f = book.facts
    if row is None or f is None:
        return None
    left = EUR.from_minor(f.balances[row])
    name = CUSTOMERS[item.customer]
    return StatementLine(x.booking_date, x.value_date, left, "EUR", name, key="rest")


def test_what_is_left_of_an_invoice_part_paid_in_the_same_chunk_is_found():
    """Line 1 pays 40.00 of INV-000001 (100.00), line 2 the 60.00 left by the payer's
    name, before the book is written: the book's window for 60.00 finds nothing, the
    row changed here does. Line 3 pays INV-000002 (the customer's last open one) and
    line 4 finds nothing open: the book still says it is."""
    items, texts = _items([("C1", 10000, 0, 0, 0, 5, 0), ("C1", 7000, 0, 0, 0, 9, 0)])
    day = items[0].invoice.date
    name = CUSTOMERS["C1"]
    lines = [
        StatementLine(day, day, Decimal("40"), "EUR", "", "", "Pagamento INV-000001", key="1"),
        StatementLine(day, day, Decimal("60"), "EUR", name, key="2"),
        StatementLine(day, day, Decimal("70"), "EUR", "", "", "INV-000002", key="3"),
        StatementLine(day, day, Decimal("5"), "EUR", name, key="4"),
    ]
    whole = MatchBook(Params(), EUR, items, CUSTOMERS)
    follow = FollowBook(Params(), EUR, (), CUSTOMERS, lookup=_Stored(items, texts))
    keys = read_ahead([_seen(x) for x in lines], follow)
    said = []
    for x, named in zip(lines, keys, strict=True):
        want, got = propose(x, whole), propose(_seen(x), follow, named)
        assert _said(got) == _said(want)
        take(whole, want, "")
        take(follow, got, "")
        said.append((got.kind, got.confidence, got.invoices))
    assert said == [
        ("invoices", Decimal("0.90"), ("INV-000001",)),
        ("invoices", Decimal("0.90"), ("INV-000001",)),
        ("invoices", Decimal("0.99"), ("INV-000002",)),
        ("account", Decimal("0.45"), ()),
    ]
