"""Matching statement lines to open invoices (app/rules/bank_match.py), the cases of issue 11.

Each case is one line against a small book; what the proposal settles is
what `plan_settlement` (the settlement rule) makes of it, so the figures
below are the rule's, reached through the matcher.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules.bank_match import (
    MatchBook,
    OpenItem,
    OpenRefund,
    numbers_in,
    propose,
)
from app.rules.money import Currency
from app.rules.settlement import OpenInvoice, Params
from app.rules.statement import StatementLine
from app.rules.terms import parse_terms

D = Decimal
EUR = Currency.of("EUR")
DAY0 = date(2026, 11, 2)
TWO_TEN = parse_terms("2% 10, net 30")
NET30 = parse_terms("net 30")

CUSTOMERS = {
    "C1": "Peña Hermanos S.L.",
    "C2": "Açores Pescas, Lda",
    "C3": "Conceição & Filhos",
    "C4": "Padaria Bom Dia",
}


def _inv(number: str, balance: str, terms=TWO_TEN, on: date = DAY0, total: str | None = None):
    return OpenInvoice(
        number, on, on + timedelta(days=terms.net_days), D(total or balance), D(balance), terms
    )


def _book(items, params=Params(), refunds=(), ibans=None, orders=None) -> MatchBook:
    return MatchBook(
        params=params,
        currency=EUR,
        items=[OpenItem(c, i) for c, i in items],
        customers=CUSTOMERS,
        ibans=ibans or {"ES9121000418450200051332": "C1"},
        refunds=list(refunds),
        orders=orders or {},
    )


def _line(amount: str, text: str = "", name: str = "", iban: str = "", day: int = 4):
    on = DAY0 + timedelta(days=day - 2)
    return StatementLine(on, on, D(amount), "EUR", name, iban, text, key=f"k{amount}{text}")


def test_numbers_in_text_are_found_whatever_their_spelling() -> None:
    text = "Pago fact. INV-000001, inv 2 / INV00003 e INV nº 4; ref 2026"
    assert numbers_in(text)[:4] == [("INV", 1), ("INV", 2), ("INV", 3), ("INV", 4)]


def test_an_invoice_number_with_the_two_percent_discount_deducted() -> None:
    book = _book([("C1", _inv("INV-000001", "100.00")), ("C1", _inv("INV-000002", "98.00"))])
    p = propose(_line("98.00", "Pagamento INV-000001"), book)
    assert (p.kind, p.customer, p.invoices, p.confidence) == (
        "invoices",
        "C1",
        ("INV-000001",),
        D("0.99"),
    )
    (app,) = p.preview.applications
    assert (app.amount, app.discount, app.balance_after) == (D("98.00"), D("2.00"), D("0.00"))
    assert "names INV-000001" in p.explanation and "cash discount 2.00" in p.explanation


def test_a_partial_payment_inside_the_discount_period() -> None:
    book = _book([("C2", _inv("INV-000001", "100.00"))])
    p = propose(_line("49.00", "INV 1", name="Acores Pescas"), book)
    (app,) = p.preview.applications
    assert (p.kind, p.confidence) == ("invoices", D("0.90"))
    assert (app.amount, app.discount, app.balance_after) == (D("49.00"), D("1.00"), D("50.00"))
    assert "partial-payment discount" in p.explanation


def test_an_underpayment_inside_the_tolerance_by_bank_account() -> None:
    book = _book([("C1", _inv("INV-000007", "100.00", NET30))], Params(max_underpayment=D("5.00")))
    p = propose(_line("97.00", "", iban="ES91 2100 0418 4502 0005 1332"), book)
    (app,) = p.preview.applications
    assert (p.kind, p.customer, p.invoices) == ("invoices", "C1", ("INV-000007",))
    assert (app.amount, app.writeoff, app.balance_after) == (D("97.00"), D("3.00"), D("0.00"))
    assert p.confidence == D("0.95")
    assert "account ES9121000418450200051332 belongs" in p.explanation


def test_one_transfer_pays_three_invoices() -> None:
    items = [
        ("C3", _inv("INV-000010", "100.00", NET30, DAY0 - timedelta(days=20))),
        ("C3", _inv("INV-000011", "70.00", NET30, DAY0 - timedelta(days=15))),
        ("C3", _inv("INV-000012", "200.00", NET30, DAY0 - timedelta(days=10))),
        ("C3", _inv("INV-000013", "50.00", NET30, DAY0 - timedelta(days=5))),
    ]
    p = propose(_line("350.00", "três faturas", name="CONCEICAO E FILHOS"), _book(items))
    assert p.kind == "invoices"
    assert set(p.invoices) == {"INV-000010", "INV-000012", "INV-000013"}
    assert all(a.balance_after == 0 for a in p.preview.applications)
    assert p.preview.remaining_credit == 0
    assert p.confidence == D("0.75")


def test_a_customer_found_only_by_bank_account() -> None:
    book = _book([("C1", _inv("INV-000020", "250.00", NET30))])
    p = propose(_line("250.00", "transferencia", name="", iban="ES9121000418450200051332"), book)
    assert (p.kind, p.customer, p.invoices) == ("invoices", "C1", ("INV-000020",))


def test_a_customer_found_only_by_a_misspelled_name() -> None:
    book = _book([("C1", _inv("INV-000030", "80.00", NET30))])
    p = propose(_line("80.00", "", name="PENA HERMANOZ SL"), book)
    assert (p.kind, p.customer, p.invoices) == ("invoices", "C1", ("INV-000030",))
    assert p.confidence == D("0.90")
    assert "payer's name" in p.explanation


@pytest.mark.parametrize(
    ("text", "name", "customer"),
    [
        # MT940's :86: and Norma 43's concepts: the name in the text, misspelled, its legal
        # form spelled apart, among the bank's own words, numbers and an account
        ("Pena Hermnaos S L", "", "C1"),
        ("TRANSFERENCIA PENA HERMNAOS S L", "", "C1"),
        ("Pagamento faturas novembro PENA HERMNAOS SL PT50000201231234567890154", "", "C1"),
        ("", "P E N A HERMANOS S L", "C1"),
        ("TRF de Acores Pescas L D A ref 2026", "", "C2"),
    ],
)
def test_a_payer_named_in_the_free_text_as_banks_write_it(
    text: str, name: str, customer: str
) -> None:
    items = [("C1", _inv("INV-000031", "80.00", NET30)), ("C2", _inv("INV-000032", "70.00", NET30))]
    book = _book(items, ibans={})
    p = propose(_line("80.00" if customer == "C1" else "70.00", text, name=name), book)
    assert (p.kind, p.customer) == ("invoices", customer)


@pytest.mark.parametrize(
    "text", ["TRANSFERENCIA", "Pagamento faturas novembro", "TRF 2026 ref 12", "X", "pago de A B"]
)
def test_a_text_of_the_bank_s_words_alone_names_nobody(text: str) -> None:
    book = _book([("C1", _inv("INV-000033", "80.00", NET30))], ibans={})
    assert book.customer_by_name(text, free=True) is None
    assert propose(_line("80.00", text), book).customer is None


_NOISE = st.sampled_from(
    [
        "TRANSFERENCIA",
        "TRF",
        "Pagamento",
        "faturas",
        "novembro",
        "Fra",
        "ref",
        "de",
        "nº",
        "2026",
        "INV-000031",
        "PT50000201231234567890154",
        "12/11",
        "SEPA",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    code=st.sampled_from(sorted(CUSTOMERS)),
    before=st.lists(_NOISE, max_size=4),
    after=st.lists(_NOISE, max_size=4),
    upper=st.booleans(),
    typo=st.booleans(),
)
def test_a_name_among_the_bank_s_words_is_found_as_the_name_alone(
    code: str, before: list[str], after: list[str], upper: bool, typo: bool
) -> None:
    """A payer's name (as the book spells it, or with two letters swapped, as a bank
    clerk types it) in a line's text is the customer the name alone is."""
    book = _book([("C1", _inv("INV-000035", "80.00", NET30))], ibans={})
    name = CUSTOMERS[code].upper() if upper else CUSTOMERS[code]
    if typo:  # the longest word's second and third letters swapped
        word = max(name.split(), key=len)
        name = name.replace(word, word[0] + word[2] + word[1] + word[3:], 1)
    text = " ".join([*before, name, *after])
    alone = book.customer_by_name(name)
    assert alone is not None and alone[0] == code
    assert book.customer_by_name(text, free=True) == alone


def test_two_customers_as_close_to_the_text_name_neither() -> None:
    customers = {"C1": "Ortega Hermanos", "C2": "Talleres Ortega", "C3": "Padaria Bom Dia"}
    book = MatchBook(
        params=Params(),
        currency=EUR,
        items=[OpenItem("C1", _inv("INV-000034", "80.00", NET30))],
        customers=customers,
        ibans={},
        refunds=[],
        orders={},
    )
    assert book.customer_by_name("TRANSFERENCIA ORTEGA", free=True) is None  # both hold "ortega"
    assert book.customer_by_name("TRANSFERENCIA TALERES ORTEGA", free=True) == ("C2", 96)
    assert book.customer_by_name("Ortega Hnos", free=False) is None  # 80: under the cutoff


def test_a_payment_with_no_usable_reference_goes_oldest_due_first() -> None:
    items = [
        ("C4", _inv("INV-000041", "60.00", NET30, DAY0 - timedelta(days=40))),
        ("C4", _inv("INV-000042", "60.00", NET30, DAY0 - timedelta(days=10))),
    ]
    p = propose(_line("90.00", "obrigado", name="Padaria Bom Dia"), _book(items))
    assert (p.kind, p.confidence) == ("invoices", D("0.40"))
    assert [(a.invoice, a.amount) for a in p.preview.applications] == [
        ("INV-000041", D("60.00")),
        ("INV-000042", D("30.00")),
    ]
    nobody = propose(_line("90.00", "obrigado", name="Someone Else"), _book(items))
    assert (nobody.kind, nobody.confidence) == ("none", D("0"))


def test_an_outgoing_refund() -> None:
    refunds = [
        OpenRefund("REF-000001", "C2", D("50.00")),
        OpenRefund("REF-000002", "C4", D("50.00")),
    ]
    book = _book([], refunds=refunds)
    p = propose(_line("-50.00", "Devolução REF-000001"), book)
    assert (p.kind, p.refund, p.customer, p.confidence) == ("refund", "REF-000001", "C2", D("0.99"))
    by_name = propose(_line("-50.00", "", name="Padaria Bom Dia"), book)
    assert (by_name.kind, by_name.refund) == ("refund", "REF-000002")
    assert propose(_line("-51.00", ""), book).kind == "none"


def test_an_order_number_proposes_that_orders_invoices() -> None:
    book = _book(
        [("C2", _inv("INV-000050", "120.00", NET30))], orders={"SO-000007": ["INV-000050"]}
    )
    p = propose(_line("120.00", "encomenda SO 7"), book)
    assert (p.kind, p.invoices, p.confidence) == ("invoices", ("INV-000050",), D("0.99"))


def test_a_line_in_another_currency_is_not_matched() -> None:
    book = _book([("C1", _inv("INV-000001", "100.00"))])
    line = StatementLine(DAY0, DAY0, D("100.00"), "USD", remittance="INV-000001", key="u")
    p = propose(line, book)
    assert p.kind == "none" and "USD" in p.reason


@settings(max_examples=60, deadline=None)
@given(
    balances=st.lists(st.integers(100, 500_000), min_size=1, max_size=12),
    pick=st.integers(0, 11),
    day=st.integers(0, 40),
    text_form=st.sampled_from(["INV-{n:06d}", "inv {n}", "INV{n:05d}", "Fatura INV nº {n}"]),
)
def test_a_line_naming_one_invoice_with_what_the_rule_asks_settles_exactly_that_invoice(
    balances: list[int], pick: int, day: int, text_form: str
) -> None:
    """Whatever the other open invoices, a line quoting an invoice's number
    with the amount the rule asks that day (balance, less the discount in
    its period) is proposed against that invoice alone, settled in full."""
    items = [
        ("C1", _inv(f"INV-{n:06d}", f"{b / 100:.2f}")) for n, b in enumerate(balances, start=1)
    ]
    n = pick % len(balances) + 1
    inv = items[n - 1][1]
    on = DAY0 + timedelta(days=day)
    tier = inv.terms.tier_on(inv.date, on)
    asked = inv.balance - (EUR.round(inv.balance * tier.percent / 100) if tier else 0)
    line = StatementLine(on, on, asked, "EUR", remittance=text_form.format(n=n), key="h")
    p = propose(line, _book(items))
    assert p.kind == "invoices" and p.invoices == (inv.number,)
    (app,) = p.preview.applications
    assert app.balance_after == 0 and p.preview.remaining_credit == 0
