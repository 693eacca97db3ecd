"""Issue 9, item 2, through the command line: returns and corrections on order invoices."""

from __future__ import annotations

import pytest


@pytest.fixture
def shirts(cli, make_customer):
    """Order of 3 shirts at 100.00, paid 300.00 on the order; (order, payment)."""
    make_customer(terms="net 30")
    order = cli.ok(
        "order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Shirt;3;100.00"
    )
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
        order,
    )
    return order, pay


def _invoice(cli, order: str, qty: str, on: str) -> str:
    return cli.ok(
        "invoice", "add", "--customer", "C1", "--date", on, "--order", order, "--order-line", qty
    )


def test_shirt_returned_then_reshipped_uses_the_order_money(cli, shirts):
    order, pay = shirts
    inv = _invoice(cli, order, "1=1", "2026-03-02")
    cn = cli.ok("credit-note", inv, "--line", "1=1", "--date", "2026-03-03")
    o = cli.json("order", order)
    assert (o["status"], o["invoiced"]) == ("open", "0.00")
    assert o["lines"][0]["invoiced_quantity"] == "0"
    again = _invoice(cli, order, "1=1", "2026-03-04")
    j = cli.json("invoice", again)
    assert (j["kind"], j["balance"]) == ("invoice", "0.00")
    assert [s["source"] for s in j["settlements"]] == [cn]
    rest = _invoice(cli, order, "1=2", "2026-03-05")
    assert cli.json("invoice", rest)["balance"] == "0.00"
    o = cli.json("order", order)
    assert (o["status"], o["invoiced"], o["refunded"]) == ("invoiced", "300.00", "0.00")
    assert cli.json("payment", pay)["unapplied"] == "0.00"
    assert cli.json("customer", "C1")["credit"] == "0.00"
    assert cli.ok("check") == "The book is consistent."


def test_returned_order_changed_by_quantity_refunds_100(cli, shirts):
    order, pay = shirts
    inv = _invoice(cli, order, "1=1", "2026-03-02")
    cli.ok("credit-note", inv, "--line", "1=1", "--date", "2026-03-03")
    r = cli.run("order", "change", order, "--qty", "1=2", "--date", "2026-03-04")
    assert r.code == 0, r.err
    assert "quantity 3 -> 2" in r.out
    assert "Refund REF-" in r.out and "100.00" in r.out
    o = cli.json("order", order)
    assert (o["total"], o["refunded"]) == ("200.00", "100.00")
    assert cli.json("payment", pay)["refunded"] == "100.00"


def test_returned_order_cancelled_refunds_everything(cli, shirts):
    order, _pay = shirts
    inv = _invoice(cli, order, "1=1", "2026-03-02")
    cli.ok("credit-note", inv, "--line", "1=1", "--date", "2026-03-03")
    cli.ok("order", "cancel", order, "--date", "2026-03-04")
    o = cli.json("order", order)
    assert (o["status"], o["refunded"]) == ("cancelled", "300.00")
    assert cli.json("customer", "C1")["credit"] == "0.00"
    assert cli.ok("check") == "The book is consistent."


def test_order_invoice_corrected_8_to_6_then_4_more_hours(cli, make_customer):
    make_customer(terms="net 30")
    order = cli.ok(
        "order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Hours;10;50.00"
    )
    inv = _invoice(cli, order, "1=8", "2026-03-02")
    cli.ok("correct", inv, "--qty", "1=6", "--date", "2026-03-03")
    o = cli.json("order", order)
    assert (o["status"], o["invoiced"]) == ("partially_invoiced", "300.00")
    more = _invoice(cli, order, "1=4", "2026-03-04")
    assert cli.json("invoice", more)["total"] == "200.00"
    assert cli.json("order", order)["status"] == "invoiced"


def test_quantity_below_invoiced_is_refused(cli, shirts):
    order, _pay = shirts
    _invoice(cli, order, "1=2", "2026-03-02")
    cli.fails(
        "order", "change", order, "--qty", "1=1", "--date", "2026-03-03", match="net of credits"
    )


def test_returns_quantity_changes_and_chains_replay_the_same(cli, shirts):
    """check --replay takes the book through the exchange rows and the same services."""
    order, _pay = shirts
    inv = _invoice(cli, order, "1=1", "2026-03-02")
    cli.ok("credit-note", inv, "--line", "1=1", "--date", "2026-03-03")
    cli.ok("order", "change", order, "--qty", "1=2", "--date", "2026-03-04")
    _invoice(cli, order, "1=2", "2026-03-05")
    hours = cli.ok(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Hours;8;50.00"
    )
    ci = cli.ok("correct", hours, "--qty", "1=10", "--date", "2026-03-04")
    cli.ok("correct", ci, "--qty", "1=4", "--date", "2026-03-06")
    assert "no difference" in cli.ok("check", "--replay")


def test_a_line_added_by_a_change_and_changed_again_replays_the_same(cli, make_customer):
    """The replay adds such a line at the quantity it was added with (the next
    change's "old"), not at its last one; twice changed, and on a first line too."""
    make_customer("C1")
    cli.ok("order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Shirt;3;100")
    cli.ok("order", "change", "SO-000001", "--line", "Hat;2;50", "--date", "2026-03-02")
    cli.ok("order", "change", "SO-000001", "--qty", "2=5", "--date", "2026-03-03")
    cli.ok("order", "change", "SO-000001", "--qty", "2=1", "--qty", "1=2", "--date", "2026-03-04")
    assert cli.json("order", "SO-000001")["total"] == "250.00"
    assert "no difference" in cli.ok("check", "--replay")
