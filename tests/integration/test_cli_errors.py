"""Bad input on the command line: one clear sentence on stderr, exit 1, the book unchanged."""

from __future__ import annotations

import pytest


@pytest.fixture
def booked(cli, make_customer):
    """A customer with an invoice of 100.00 and a payment of 60.00."""
    make_customer(terms="2% 10, net 30")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100.00")
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-05", "--amount", "60.00")
    return inv, pay


@pytest.mark.parametrize(
    "text, match",
    [
        ("abc", r'The payment amount "abc" is not a number'),
        ("1.2.3", r'"1.2.3" is not a number'),
        ("12,345.678", r'"12,345.678" has more than 2 decimal places'),
        ("", r"empty"),
    ],
)
def test_malformed_amounts(cli, booked, text, match):
    cli.fails(
        "payment", "add", "--customer", "C1", "--date", "2026-03-05", "--amount", text, match=match
    )


@pytest.mark.parametrize("text", ["abc", "1.2.3", "12,345.678"])
def test_malformed_amounts_elsewhere(cli, booked, text):
    inv, pay = booked
    cli.fails("invoice", "add", "--customer", "C1", "--amount", text, match=f'"{text}"')
    cli.fails("settle", pay, inv, "--amount", text, match=f'"{text}"')
    cli.fails("credit-note", inv, "--amount", text, match=f'"{text}"')
    cli.fails("invoice", "add", "--customer", "C1", "--line", f"Horas;1;{text}", match=f'"{text}"')
    cli.fails("settings", "set", "max_underpayment", text, match=f'"{text}"')


@pytest.mark.parametrize(
    "text, match",
    [
        ("2026-02-30", r'"2026-02-30" does not exist in the calendar'),
        ("2026-13-01", r'"2026-13-01" does not exist in the calendar'),
        ("01/03/2026", r"write it as YYYY-MM-DD"),
    ],
)
def test_impossible_dates(cli, booked, text, match):
    inv, pay = booked
    cli.fails("invoice", "add", "--customer", "C1", "--date", text, "--amount", "5", match=match)
    cli.fails("payment", "add", "--customer", "C1", "--date", text, "--amount", "5", match=match)
    cli.fails("settle", pay, inv, "--date", text, match=match)
    cli.fails("credit-note", inv, "--amount", "5", "--date", text, match=match)


def test_unknown_things(cli, booked):
    inv, pay = booked
    cli.fails(
        "invoice",
        "add",
        "--customer",
        "NOPE",
        "--amount",
        "5",
        match='no customer with code "NOPE"',
    )
    cli.fails(
        "payment",
        "add",
        "--customer",
        "NOPE",
        "--amount",
        "5",
        match='no customer with code "NOPE"',
    )
    cli.fails("show", "customer", "NOPE", match='no customer with code "NOPE"')
    cli.fails(
        "show", "invoice", "INV-999999", match='no invoice or credit note numbered "INV-999999"'
    )
    cli.fails("show", "payment", "PAY-999999", match='no payment numbered "PAY-999999"')
    cli.fails("show", "order", "SO-999999", match='no order numbered "SO-999999"')
    cli.fails("settle", "PAY-999999", inv, match='no payment or credit note numbered "PAY-999999"')
    cli.fails("settle", pay, "INV-999999", match='no invoice or credit note numbered "INV-999999"')
    cli.fails("unsettle", "999", match="no settlement 999")
    cli.fails("unsettle", "abc", match='settlement "abc" is not a whole number')
    cli.fails("credit-note", "INV-999999", "--amount", "5", match="INV-999999")
    cli.fails("correct", "INV-999999", "--qty", "1=1", match="INV-999999")
    cli.fails("order", "cancel", "SO-999999", match='no order numbered "SO-999999"')
    cli.fails(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--order",
        "SO-999999",
        "--amount",
        "5",
        match='no order numbered "SO-999999"',
    )
    cli.fails(
        "payment",
        "add",
        "--customer",
        "C1",
        "--order",
        "SO-999999",
        "--amount",
        "5",
        match='no order numbered "SO-999999"',
    )
    cli.fails("refund", "PAY-999999", match="PAY-999999")


def test_settling_more_than_the_payment(cli, booked):
    inv, pay = booked
    cli.fails(
        "settle",
        pay,
        inv,
        "--amount",
        "60.01",
        match=r"has only 60.00 left to apply; 60.01 was asked",
    )
    cli.ok("settle", pay, inv)
    cli.fails("settle", pay, inv, match="nothing left to apply|already settled")


def test_settling_with_an_invoice_or_a_foreign_invoice(cli, booked):
    inv, pay = booked
    cli.fails("settle", inv, match="is an invoice, not a payment or credit note")
    cli.ok("customer", "add", "C2", "Peña Hermanos S.L.")
    other = cli.ok("invoice", "add", "--customer", "C2", "--date", "2026-03-01", "--amount", "10")
    cli.fails("settle", pay, other, match="belongs to another customer")
    cli.fails("settle", pay, inv, inv, match="named twice")


def test_refund_more_than_left(cli, booked):
    inv, pay = booked
    cli.fails("refund", pay, "--amount", "70.00", match="only 60.00 left to refund")


def test_posting_to_a_cancelled_order(cli, booked):
    o = cli.ok(
        "order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Sardinhas;10;2.50"
    )
    cli.ok("order", "cancel", o, "--date", "2026-03-02")
    cli.fails(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-03",
        "--order",
        o,
        "--amount",
        "5",
        match=f"Order {o} is cancelled",
    )
    cli.fails(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-03",
        "--order",
        o,
        "--line",
        "X;1;5",
        match=f"Order {o} is cancelled",
    )
    cli.fails(
        "payment",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-03",
        "--order",
        o,
        "--amount",
        "5",
        match=f"Order {o} is cancelled",
    )


def test_cancelling_a_partially_invoiced_order(cli, booked):
    o = cli.ok(
        "order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Sardinhas;10;2.50"
    )
    cli.ok(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-02", "--order", o, "--amount", "5"
    )
    cli.fails("order", "cancel", o, match="cannot be cancelled")


def test_order_change_errors(cli, booked):
    o = cli.ok(
        "order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Sardinhas;10;2.50"
    )
    cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-02",
        "--order",
        o,
        "--order-line",
        "1=2",
    )
    cli.fails("order", "change", o, "--remove-line", "1", match="already invoiced in part")
    cli.fails("order", "change", o, "--discount", "24.00", match="below the 5.00 already invoiced")
    cli.fails("order", "change", o, match="changes nothing")
    cli.fails("order", "change", o, "--remove-line", "x", match='"x" is not a whole number')


def test_deleting_or_editing_a_posted_invoice(cli, booked):
    inv, _ = booked
    sentence = f"Invoice {inv} is posted; posted documents are never changed or deleted"
    cli.fails("invoice", "delete", inv, match=sentence)
    cli.fails("invoice", "edit", inv, "--date", "2026-03-02", match=sentence)


def test_bad_terms(cli, booked):
    cli.fails("customer", "add", "C9", "Nome", "--terms", "2% ten", match="not understood")
    cli.fails(
        "customer",
        "add",
        "C9",
        "Nome",
        "--terms",
        "2% 10",
        match="do not say when the invoice is due",
    )
    cli.fails(
        "customer", "add", "C9", "Nome", "--terms", "1% 5, 2% 14, net 30", match="smaller percent"
    )
    cli.fails("customer", "edit", "C1", "--terms", "net thirty", match="not understood")
    cli.fails("settings", "set", "default_terms", "whenever", match="not understood")


def test_duplicate_customer(cli, booked):
    cli.fails("customer", "add", "C1", "Outro", match='already a customer with code "C1"')


def test_unknown_setting_and_bad_values(cli, booked):
    cli.fails("settings", "set", "colour", "blue", match='There is no setting "colour"')
    cli.fails("settings", "set", "discount_on_partial_payments", "maybe", match="takes yes or no")
    cli.fails("settings", "set", "max_overpayment", "-1.00", match="cannot be negative")
    cli.fails("settings", "set", "aging_basis", "weekly", match='takes "due" or "invoice"')
    cli.fails("settings", "set", "aging_buckets", "60,30", match="increasing")
    cli.fails(
        "settings", "set", "currency", "USD", match="cannot change once the book has invoices"
    )
    cli.fails("settings", "set", "currency", "EURO", match="not an ISO 4217 currency code")


def test_init_refuses_another_currency_once_documents_exist(cli, booked):
    cli.fails("init", "--currency", "BRL", "--company", "Outra", match="currency cannot change")


def test_credit_note_errors(cli, booked):
    inv, _ = booked
    cli.fails("credit-note", inv, "--amount", "100.01", match="only 100.00 left to credit")
    cli.fails("credit-note", inv, "--line", "2=1", match="has no line 2")
    cli.fails("credit-note", inv, "--line", "1=2", match="only 1 left to credit")
    cli.fails("credit-note", inv, "--line", "one=2", match="not a whole number")
    cli.fails("credit-note", inv, "--line", "1", match="LINE=QUANTITY")
    cli.fails("credit-note", inv, "--amount", "5", "--date", "2026-02-01", match="before invoice")


def test_correction_errors(cli, booked):
    inv, _ = booked
    cli.fails("correct", inv, "--qty", "2=1", match="has no line 2")
    cli.fails("correct", inv, "--qty", "1=-1", match="cannot be negative")
    cli.fails("correct", inv, "--remove-line", "1", match="at least one line")


def test_bad_lines(cli, booked):
    cli.fails(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--line",
        "Horas;8",
        match="DESCRIPTION;QUANTITY;UNIT PRICE",
    )
    cli.fails("invoice", "add", "--customer", "C1", "--line", "Horas;0;50", match="more than zero")
    cli.fails("invoice", "add", "--customer", "C1", "--line", ";1;50", match="no description")
    cli.fails(
        "order",
        "add",
        "--customer",
        "C1",
        "--line",
        "Horas;1.0005;50",
        match="more than 3 decimal places",
    )


def test_usage_errors_exit_2(cli, booked):
    r = cli.run("payment", "add", "--customer", "C1")
    assert r.code == 2 and "--amount" in r.err
    r = cli.run("credit-note", "INV-000001", "--amount", "5", "--line", "1=1")
    assert r.code == 2 and "not allowed with" in r.err
    r = cli.run("frobnicate")
    assert r.code == 2


def test_nothing_to_undo_twice(cli, booked):
    inv, pay = booked
    sid = cli.ok("settle", pay, inv)
    rev = cli.ok("unsettle", sid, "--date", "2026-03-06")
    cli.fails("unsettle", rev, match="itself an unsettlement")
    cli.fails("unsettle", sid, match=f"already undone by settlement {rev}")
