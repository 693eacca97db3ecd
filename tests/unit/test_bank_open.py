"""The matcher's copy of the book kept in step (app/rules/bank_open.MatchBook.settled)
answers as a copy read afresh from the book as it now is."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules.bank_facts import OpenItem
from app.rules.bank_open import MatchBook
from app.rules.money import Currency
from app.rules.settlement import OpenInvoice, Params
from app.rules.terms import parse_terms

EUR = Currency.of("EUR")
DAY0 = date(2026, 3, 2)
TERMS = [parse_terms("net 30"), parse_terms("2% 10, net 30"), parse_terms("3% 5, 1% 15, net 45")]


def _items(balances: list[int], terms: list[int]) -> list[OpenItem]:
    return [
        OpenItem(
            "C1" if n % 3 else "C2",
            OpenInvoice(
                f"INV-{n:06d}",
                DAY0 + timedelta(days=n),
                DAY0 + timedelta(days=n + 30),
                Decimal(b) / 100,
                Decimal(b) / 100,
                TERMS[terms[n % len(terms)]],
            ),
        )
        for n, b in enumerate(balances, start=1)
    ]


@settings(max_examples=60, deadline=None)
@given(
    balances=st.lists(st.integers(100, 50_000), min_size=1, max_size=15),
    terms=st.lists(st.integers(0, 2), min_size=1, max_size=3),
    paid=st.lists(st.tuples(st.integers(0, 14), st.integers(1, 60_000)), max_size=8),
    probes=st.lists(st.tuples(st.integers(0, 60_000), st.integers(0, 40)), max_size=8),
)
def test_a_book_kept_in_step_answers_as_one_read_afresh(balances, terms, paid, probes):
    items = _items(balances, terms)
    kept = MatchBook(Params(), EUR, items, {"C1": "A", "C2": "B"})
    for code in ("C1", "C2"):
        kept.singles(code, 0, 0, DAY0)  # indexed before the changes: they must be kept in step
    now = {i.invoice.number: i.invoice.balance for i in items}
    for n, amount in paid:
        number = items[n % len(items)].invoice.number
        settles = min(Decimal(amount) / 100, now[number])
        if now[number] <= 0 or settles <= 0:
            continue
        kept.settled(number, EUR.to_minor(settles), 0)
        now[number] -= settles
    fresh_items = [
        OpenItem(
            i.customer,
            OpenInvoice(
                *[getattr(i.invoice, f) for f in ("number", "date", "due_date", "total")],
                now[i.invoice.number],
                i.invoice.terms,
            ),
        )
        for i in items
        if now[i.invoice.number] > 0
    ]
    fresh = MatchBook(Params(), EUR, fresh_items, {"C1": "A", "C2": "B"})
    for code in ("C1", "C2"):
        assert kept.has_open(code) == fresh.has_open(code)
        assert [i.invoice for i in kept.by_customer(code)] == [
            i.invoice for i in fresh.by_customer(code)
        ]
        for amount, day in probes:
            on = DAY0 + timedelta(days=day)
            got = [i.invoice.number for i in kept.singles(code, amount - 50, amount + 50, on)]
            want = [i.invoice.number for i in fresh.singles(code, amount - 50, amount + 50, on)]
            assert got == want
    for n in range(1, len(items) + 1):
        number = f"INV-{n:06d}"
        found = kept.by_invoice_number(number)
        assert (found is not None) == (now[number] > 0)
        if found is not None:
            assert found.invoice.balance == now[number]
