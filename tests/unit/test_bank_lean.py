"""The matcher's fast path proposes what its plain path does (issue 11, match11).

`propose_all` over a book read lean (numbers, customers and balances, the
rest fetched for the rows the lines touch) decides one invoice in minor
units (`bank_quick.single_minor`) and sieves a customer's candidates from
its sorted balances; `propose` over the same invoices given whole, with
the integer arithmetic turned off, takes the Decimal path
(`bank_quick.single`, itself held to `plan_settlement`). Both must give
every line the same proposal: kind, confidence, customer, invoices,
figures, preview and words. So must a `PointBook`, which reads no invoice
up front and asks its `Lookup` (here the same invoices in a list; in the
app the book's indexes, tests/integration/test_bank_point.py) for those
its lines name or may settle. The sieve itself is held to its definition
(a row's balance, or its balance less a tier's discount until the tier
ends, within the window), tried on every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules.bank_match import (
    MatchBook,
    OpenFacts,
    OpenItem,
    Proposal,
    SeenLine,
    propose,
    propose_all,
)
from app.rules.bank_point import PointBook
from app.rules.money import Currency
from app.rules.settlement import OpenInvoice, Params
from app.rules.statement import StatementLine
from app.rules.terms import parse_terms

EUR = Currency.of("EUR")
DAY0 = date(2026, 3, 2)
TERMS = [
    "net 30",
    "2% 10, net 30",
    "3% 5, 1.5% 15, net 45",
    "2.5% 10, net 30",
    "33.3% 3, net 10",
    "99.99% 1, net 2",
]
CUSTOMERS = {"C1": "Padaria Bom Dia", "C2": "Peña Hermanos S.L.", "C3": "Açores Pescas, Lda"}
IBAN = "PT50000201231234567890154"
NUMBERS = ["INV-{n:06d}", "INV-{n}", "inv-{n:03d}", "FT-{n:04d}"]


@pytest.fixture(autouse=True, scope="module")
def _pure_rules() -> Iterator[None]:
    """No book bound while these pure rules run: a preview's stored words ask the
    open book's language, and a worker's earlier test may leave its deleted book."""
    from models.db import database

    bound = database.obj
    database.obj = None
    yield
    database.obj = bound


invoice = st.tuples(
    st.sampled_from(list(CUSTOMERS)),
    st.integers(1, 60_000),  # balance, cents
    st.integers(0, 20_000),  # paid before, cents
    st.integers(0, 300),  # discount taken, cents
    st.integers(0, len(TERMS) - 1),
    st.integers(0, 40),  # days before DAY0
    st.integers(0, len(NUMBERS) - 1),
)
line = st.tuples(
    st.sampled_from(["number", "two numbers", "name", "iban", "nothing", "other spelling"]),
    st.integers(0, 30),  # which invoice(s)
    st.sampled_from(["balance", "discounted", "less", "more", "any"]),
    st.integers(-300, 300),  # cents off
    st.integers(0, 30),  # value date, days after DAY0 - 20
)


def _items(draws: list[tuple[int, ...]]) -> tuple[list[OpenItem], list[str]]:
    items, texts = [], []
    for n, (cust, bal, paid, taken, terms, ago, form) in enumerate(draws, start=1):
        on = DAY0 - timedelta(days=ago)
        t = parse_terms(TERMS[terms])
        b, total = Decimal(bal) / 100, Decimal(bal + paid) / 100
        number = NUMBERS[form].format(n=n)
        took = Decimal(taken) / 100
        inv = OpenInvoice(number, on, on + timedelta(days=t.net_days), total, b, t, took)
        items.append(OpenItem(str(cust), inv))
        texts.append(TERMS[terms])
    return items, texts


def _lean(items: list[OpenItem], texts: list[str], params: Params) -> MatchBook:
    """The book as app/read/bank.py reads it: rows by customer then balance, only
    number, customer and balance up front; the rest from `fetch`."""
    order = sorted(range(len(items)), key=lambda i: (items[i].customer, items[i].invoice.balance))
    rest = {
        items[i].invoice.number: (
            items[i].invoice.number,
            items[i].invoice.date.isoformat(),
            items[i].invoice.due_date.isoformat(),
            EUR.to_minor(items[i].invoice.total),
            EUR.to_minor(items[i].invoice.discount_taken),
            texts[i],
        )
        for i in order
    }
    facts = OpenFacts.lean(
        [items[i].invoice.number for i in order],
        [items[i].customer for i in order],
        [EUR.to_minor(items[i].invoice.balance) for i in order],
        lambda numbers: [rest[n] for n in numbers],
        sorted(set(texts)),
        grouped=True,
    )
    return MatchBook(params, EUR, (), CUSTOMERS, {IBAN: "C2"}, facts=facts)


class _Lookup:
    """The book's answers to a `PointBook` (what app/read/bank_lookup.py asks SQL),
    over the same invoices. `extra`: lengths and terms
    no open invoice has (the book's settled invoices may), which must change nothing."""

    def __init__(self, items: list[OpenItem], texts: list[str], extra: bool) -> None:
        self.rows = [
            (
                i.invoice.number,
                i.customer,
                EUR.to_minor(i.invoice.balance),
                i.invoice.date.isoformat(),
                i.invoice.due_date.isoformat(),
                EUR.to_minor(i.invoice.total),
                EUR.to_minor(i.invoice.discount_taken),
                text,
            )
            for i, text in zip(items, texts, strict=True)
        ]
        self.lengths = {len(r[0]) for r in self.rows} | ({3, 12} if extra else set())
        self.terms = set(texts) | ({"4% 3, net 20"} if extra else set())

    def numbers(self, numbers):  # type: ignore[no-untyped-def]
        return [r for r in self.rows if r[0] in set(numbers)]

    def windows(self, asks):  # type: ignore[no-untyped-def]
        return [
            (k, r)
            for k, (c, lo, hi) in enumerate(asks)
            for r in self.rows
            if r[1] == c and lo <= r[2] <= hi
        ]

    def customer(self, code):  # type: ignore[no-untyped-def]
        return [r for r in self.rows if r[1] == code]

    def with_open(self, codes):  # type: ignore[no-untyped-def]
        return {r[1] for r in self.rows if r[1] in codes}


def _line(draw: tuple, items: list[OpenItem], k: int) -> StatementLine:
    how, pick, amount_of, off, day = draw
    item = items[pick % len(items)]
    inv = item.invoice
    on = DAY0 - timedelta(days=20) + timedelta(days=day)
    tier = inv.terms.tier_on(inv.date, max(on, inv.date))
    cut = EUR.round(inv.balance * tier.percent / 100) if tier else Decimal(0)
    amount = {
        "balance": inv.balance,
        "discounted": inv.balance - cut,
        "less": inv.balance - cut + Decimal(off) / 100,
        "more": inv.balance + abs(Decimal(off)) / 100,
        "any": Decimal(abs(off) * 37 + 1) / 100,
    }[amount_of]
    amount = max(amount, Decimal("0.01"))
    text, name, iban = "", "", ""
    if how == "number":
        text = f"Pagamento {inv.number}"
    elif how == "two numbers":
        other = items[(pick + 1) % len(items)].invoice.number
        text = f"{inv.number} e {other}"
    elif how == "other spelling":
        text = inv.number.replace("-", " ").lower().replace(" 0", " ")
    elif how == "name":
        name = CUSTOMERS[item.customer].upper()
    elif how == "iban":
        iban = IBAN
    return StatementLine(on, on, amount, "EUR", name, iban, text, key=str(k))


def _seen(line: StatementLine) -> SeenLine:
    return SeenLine(
        line.key,
        line.booking_date,
        line.value_date,
        line.amount,
        EUR.to_minor(line.amount),
        line.currency,
        line.counterparty,
        line.iban,
        line.remittance,
    )


def _said(p: Proposal) -> tuple:
    preview = p.preview
    figures = None
    if preview is not None:
        figures = (
            [
                (a.invoice, a.amount, a.discount, a.writeoff, a.full_settlement)
                for a in preview.applications
            ],
            preview.remaining_credit,
            preview.explanation,
        )
    effects = [(n, EUR.to_minor(s), EUR.to_minor(d)) for n, s, d in p.effects]
    return (p.kind, p.confidence, p.customer, p.invoices, p.refund, p.reason, effects, figures)


@settings(max_examples=120, deadline=None)
@given(
    draws=st.lists(invoice, min_size=1, max_size=14),
    lines=st.lists(line, min_size=1, max_size=8),
    under=st.sampled_from([0, 0, 5, 300]),
    over=st.sampled_from([0, 0, 5, 300]),
    partial=st.booleans(),
    in_full=st.booleans(),
)
def test_the_fast_path_proposes_what_the_plain_path_does(
    draws, lines, under, over, partial, in_full
):
    params = Params(
        discount_on_partial_payments=partial,
        max_underpayment=Decimal(under) / 100,
        max_overpayment=Decimal(over) / 100,
        discount_when_paid_in_full=in_full,
    )
    items, texts = _items(draws)
    said = [_line(d, items, k) for k, d in enumerate(lines)]
    plain = MatchBook(params, EUR, items, CUSTOMERS, {IBAN: "C2"})
    plain.minor = None  # the Decimal arithmetic throughout
    want = [_said(propose(x, plain)) for x in said]
    lean = _lean(items, texts, params)
    assert [_said(p) for p in propose_all([_seen(x) for x in said], lean)] == want
    one_by_one = _lean(items, texts, params)
    assert [_said(propose(_seen(x), one_by_one)) for x in said] == want
    for extra in (False, True):
        lookup = _Lookup(items, texts, extra)
        point = PointBook(params, EUR, (), CUSTOMERS, {IBAN: "C2"}, lookup=lookup)
        assert [_said(p) for p in propose_all([_seen(x) for x in said], point)] == want
        point = PointBook(
            params, EUR, (), CUSTOMERS, {IBAN: "C2"}, lookup=_Lookup(items, texts, extra)
        )
        assert [_said(propose(_seen(x), point)) for x in said] == want


def _hit(item: OpenItem, lo: int, hi: int, on: date) -> bool:
    """A row the customer's amount may settle, by definition (what the matcher's
    sorted asks of each row gave before the sieve)."""
    inv = item.invoice
    b = EUR.to_minor(inv.balance)
    if b <= 0:
        return False
    if lo <= b <= hi:
        return True
    for t in inv.terms.tiers:
        h = int(t.percent * 100)
        if lo <= b - (b * h + 5000) // 10000 <= hi and on <= inv.date + timedelta(days=t.days):
            return True
    return False


@settings(max_examples=150, deadline=None)
@given(
    draws=st.lists(invoice, min_size=1, max_size=20),
    amount=st.integers(-100, 60_000),
    width=st.tuples(st.integers(0, 500), st.integers(0, 500)),
    day=st.integers(0, 60),
)
def test_the_sieve_finds_every_row_the_definition_does(draws, amount, width, day):
    items, _texts = _items(draws)
    book = MatchBook(Params(), EUR, items, CUSTOMERS)
    lo, hi = amount - width[0], amount + width[1]
    on = DAY0 - timedelta(days=30) + timedelta(days=day)
    for code in CUSTOMERS:
        got = [book.item(r).invoice.number for r in book.single_rows(code, lo, hi, on)]
        rows = [i for i in items if i.customer == code and _hit(i, lo, hi, on)]
        rows.sort(key=lambda i: (i.invoice.due_date, i.invoice.date, i.invoice.number))
        assert got == [i.invoice.number for i in rows]
