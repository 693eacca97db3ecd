"""SPEC §4, orders and partial invoicing, through the command line."""

from __future__ import annotations

import pytest


@pytest.fixture
def order300(cli, make_customer):
    """Order 300.00 (three lines of 100.00), paid in full on the order."""
    make_customer(terms="net 30")
    number = cli.ok(
        "order",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--line",
        "Caixa de bacalhau;2;100.00",
        "--line",
        "Azeite;4;25.00",
    )
    assert number.startswith("SO-")
    return number


def test_spec_example_discount_refund_and_completion(cli, order300):
    o = order300
    pay = cli.ok(
        "payment",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--amount",
        "300.00",
        "--order",
        o,
        "--ref",
        "TPA 8812",
        "--method",
        "card",
    )
    inv1 = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-05",
        "--order",
        o,
        "--amount",
        "100.00",
    )
    j1 = cli.json("invoice", inv1)
    assert (j1["kind"], j1["order"], j1["status"], j1["balance"]) == (
        "invoice",
        o,
        "settled",
        "0.00",
    )
    s = j1["settlements"][0]
    assert (s["source"], s["amount"]) == (pay, "100.00")
    assert cli.json("order", o)["status"] == "partially_invoiced"
    assert cli.json("payment", pay)["unapplied"] == "200.00"

    r = cli.run("order", "change", o, "--discount", "50.00", "--date", "2026-03-06")
    assert r.code == 0, r.err
    assert r.last.startswith("REF-")
    order = cli.json("order", o)
    assert (order["total"], order["paid"], order["refunded"]) == ("250.00", "300.00", "50.00")
    assert order["refunds"] == [
        {
            "number": r.last,
            "amount": "50.00",
            "date": "2026-03-06",
            "paid": False,  # issue 9: until `payout`
            "paid_on": None,
            "paid_reference": "",
            "payouts_taken_back": [],
        }
    ]
    p = cli.json("payment", pay)
    assert (p["refunded"], p["unapplied"]) == ("50.00", "150.00")
    assert any(x["account"] == "refunds_payable" and x["credit"] == "50.00" for x in p["journal"])

    inv2 = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-10",
        "--order",
        o,
        "--amount",
        "150.00",
    )
    assert cli.json("invoice", inv2)["balance"] == "0.00"
    order = cli.json("order", o)
    assert (order["status"], order["invoiced"], order["invoices"]) == (
        "invoiced",
        "250.00",
        [inv1, inv2],
    )
    p = cli.json("payment", pay)
    assert (p["applied"], p["refunded"], p["unapplied"]) == ("250.00", "50.00", "0.00")
    assert cli.ok("check") == "The book is consistent."


def test_invoice_by_chosen_lines_and_quantities(cli, order300):
    o = order300
    inv = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-02",
        "--order",
        o,
        "--order-line",
        "1=1",
        "--order-line",
        "2=2",
    )
    j = cli.json("invoice", inv)
    assert j["total"] == "150.00"
    assert [(x["line"], x["description"], x["quantity"], x["amount"]) for x in j["lines"]] == [
        (1, "Caixa de bacalhau", "1", "100.00"),
        (2, "Azeite", "2", "50.00"),
    ]
    order = cli.json("order", o)
    assert [x["invoiced_quantity"] for x in order["lines"]] == ["1", "2"]
    assert order["status"] == "partially_invoiced"
    cli.fails(
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
        match=r"only 1 left to invoice",
    )
    cli.fails(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--order",
        o,
        "--order-line",
        "9=1",
        match="has no line 9",
    )


def test_payment_arrives_after_invoice_of_order(cli, order300):
    o = order300
    inv = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-02",
        "--order",
        o,
        "--amount",
        "120.00",
    )
    assert cli.json("invoice", inv)["balance"] == "120.00"
    pay = cli.ok(
        "payment",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-03",
        "--amount",
        "200.00",
        "--order",
        o,
    )
    assert cli.json("invoice", inv)["balance"] == "0.00"
    assert cli.json("payment", pay)["unapplied"] == "80.00"


def test_invoice_after_order_is_invoiced_is_standalone(cli, order300):
    o = order300
    pay = cli.ok(
        "payment",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--amount",
        "350.00",
        "--order",
        o,
        # Issue 9: the 50.00 the order does not need is refused unless it is
        # kept as customer credit; the last line is then that plain part.
        "--excess",
        "credit",
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
        "--amount",
        "300.00",
    )
    assert cli.json("order", o)["status"] == "invoiced"
    extra = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-03",
        "--order",
        o,
        "--line",
        "Portes;1;20.00",
    )
    j = cli.json("invoice", extra)
    assert (j["kind"], j["status"], j["balance"], j["settlements"]) == (
        "standalone",
        "posted",
        "20.00",
        [],
    )
    order = cli.json("order", o)
    assert (order["status"], order["invoiced"]) == ("invoiced", "300.00")
    assert cli.json("payment", pay)["unapplied"] == "50.00"
    # Collectable like any other invoice.
    cli.ok("settle", pay, extra)
    assert cli.json("invoice", extra)["status"] == "settled"


def test_cancel_order_without_invoice_refunds_its_money(cli, order300):
    o = order300
    pay = cli.ok(
        "payment",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--amount",
        "100.00",
        "--order",
        o,
    )
    r = cli.run("order", "cancel", o, "--date", "2026-03-04")
    assert r.code == 0, r.err
    assert r.last == o
    order = cli.json("order", o)
    assert (order["status"], order["refunded"]) == ("cancelled", "100.00")
    assert cli.json("payment", pay)["unapplied"] == "0.00"
    cli.fails(
        "invoice", "add", "--customer", "C1", "--order", o, "--amount", "10.00", match="cancelled"
    )
    cli.fails(
        "payment", "add", "--customer", "C1", "--order", o, "--amount", "10.00", match="cancelled"
    )
    cli.fails("order", "cancel", o, match="already cancelled")


def test_partially_invoiced_order_cannot_be_cancelled(cli, order300):
    o = order300
    cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-02",
        "--order",
        o,
        "--amount",
        "50.00",
    )
    cli.fails(
        "order", "cancel", o, match=r"partially invoiced .*cannot be cancelled.*Change it instead"
    )


def test_change_order_remove_and_add_lines(cli, order300):
    o = order300
    r = cli.run(
        "order", "change", o, "--remove-line", "2", "--line", "Sal;10;1.50", "--date", "2026-03-02"
    )
    assert r.code == 0, r.err
    assert r.last == o  # no refund: the last line is the order
    order = cli.json("order", o)
    assert order["total"] == "215.00"
    assert [x["removed"] for x in order["lines"]] == [False, True, False]


def test_draft_order_post_and_delete(cli, make_customer):
    make_customer()
    draft = cli.ok(
        "order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "X;1;10", "--draft"
    )
    assert draft.startswith("DRAFT-")
    cli.fails(
        "payment", "add", "--customer", "C1", "--order", draft, "--amount", "5", match="draft"
    )
    number = cli.ok("order", "post", draft)
    assert number.startswith("SO-")
    cli.fails("order", "delete", number, match="posted")
    other = cli.ok("order", "add", "--customer", "C1", "--line", "Y;1;10", "--draft")
    cli.ok("order", "delete", other)
    cli.fails("show", "order", other, match="no order")


def test_standalone_invoices_and_drafts(cli, make_customer):
    make_customer()
    draft = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--line",
        "Horas;3;40",
        "--draft",
    )
    assert cli.json("invoice", draft)["status"] == "draft"
    cli.ok("invoice", "edit", draft, "--line", "Horas;4;40", "--date", "2026-03-02")
    j = cli.json("invoice", draft)
    assert (j["total"], j["date"]) == ("160.00", "2026-03-02")
    number = cli.ok("invoice", "post", draft)
    j = cli.json("invoice", number)
    assert (j["number"], j["status"], j["due_date"]) == (number, "posted", "2026-04-01")
    cli.fails("invoice", "delete", number, match="posted documents are never changed or deleted")
    cli.fails(
        "invoice",
        "edit",
        number,
        "--line",
        "Horas;1;40",
        match="posted documents are never changed or deleted",
    )
    cli.fails("invoice", "post", number, match="already posted")
