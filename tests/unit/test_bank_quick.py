"""app/rules/bank_quick.single, and single_minor (the same in integers: what the matcher runs),
give the settlement rule's own figures for one payment on one invoice, for every invoice,
terms, date, amount and book setting drawn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules import bank_quick
from app.rules.money import Currency
from app.rules.settlement import PAYMENT, OpenInvoice, Params, plan_settlement
from app.rules.terms import parse_terms

EUR = Currency.of("EUR")
DAY0 = date(2026, 3, 2)
TERMS = [
    "net 30",
    "2% 10, net 30",
    "3% 5, 1.5% 15, net 45",
    "2.5% 10, net 30",
    "1.125% 7, 0.333% 20, net 30",
    "33.3% 3, net 10",
]
cents = st.integers(min_value=1, max_value=200_000).map(lambda c: Decimal(c) / 100)
small = st.integers(min_value=0, max_value=500).map(lambda c: Decimal(c) / 100)


@pytest.fixture(autouse=True, scope="module")
def _no_book() -> Iterator[None]:
    """Pure rules: no book open. An earlier test of the same worker may have left
    its closed (and deleted) book bound, and the rule's words ask the open book's
    language (app/services/book_language.py)."""
    from models.db import database

    held, database.obj = database.obj, None
    try:
        yield
    finally:
        database.obj = held


@settings(max_examples=400, deadline=None)
@given(
    balance=cents,
    paid_before=st.integers(min_value=0, max_value=100_000).map(lambda c: Decimal(c) / 100),
    taken=small,
    terms=st.sampled_from(TERMS),
    days=st.integers(min_value=-3, max_value=50),
    money=cents,
    near=st.sampled_from([None, "balance", "discounted"]),
    under=small,
    over=small,
    partial=st.booleans(),
    in_full=st.booleans(),
)
def test_single_is_the_rules_arithmetic(
    balance, paid_before, taken, terms, days, money, near, under, over, partial, in_full
):
    t = parse_terms(terms)
    inv = OpenInvoice(
        "INV-000001", DAY0, DAY0 + timedelta(days=30), balance + paid_before, balance, t, taken
    )
    if near == "balance":  # amounts near the balance are where the rule turns
        money = max(balance + (money % 3) - 1, Decimal("0.01"))
    elif near == "discounted":
        money = max(balance - EUR.round(balance * 2 / 100) + (money % 3) - 1, Decimal("0.01"))
    params = Params(
        discount_on_partial_payments=partial,
        max_underpayment=under,
        max_overpayment=over,
        discount_when_paid_in_full=in_full,
    )
    on = DAY0 + timedelta(days=days)
    plan = plan_settlement(
        source="bank line",
        source_kind=PAYMENT,
        available=money,
        invoices=[inv],
        on=on,
        params=params,
        currency=EUR,
    )
    (app,) = plan.applications
    figures = bank_quick.single(inv, money, on, params, EUR)
    assert figures == (app.amount, app.discount, app.writeoff, plan.remaining_credit)
    assert bank_quick.exact(figures, inv) == (plan.remaining_credit == 0 and app.balance_after == 0)
    minor = bank_quick.single_minor(
        EUR.to_minor(balance),
        EUR.to_minor(inv.total),
        EUR.to_minor(taken),
        DAY0.toordinal(),
        bank_quick.minor_terms(t),
        EUR.to_minor(money),
        on.toordinal(),
        bank_quick.minor_params(params, EUR),
    )
    assert minor == tuple(EUR.to_minor(x) for x in figures)


def test_nothing_to_pay_is_no_figures():
    inv = OpenInvoice("INV-1", DAY0, DAY0, Decimal(10), Decimal(0), parse_terms("net 30"))
    assert bank_quick.single(inv, Decimal(5), DAY0, Params(), EUR) is None
    assert not bank_quick.exact(None, inv)
    p = bank_quick.minor_params(Params(), EUR)
    assert (
        bank_quick.single_minor(0, 1000, 0, 1, bank_quick.minor_terms(inv.terms), 5, 1, p) is None
    )


def test_a_tolerance_finer_than_the_minor_unit_has_no_integer_form():
    assert bank_quick.minor_params(Params(max_underpayment=Decimal("0.005")), EUR) is None
    assert bank_quick.minor_params(Params(max_overpayment=Decimal("0.05")), EUR) == (
        0,
        5,
        True,
        False,
    )
