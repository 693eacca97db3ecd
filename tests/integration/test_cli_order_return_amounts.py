"""Issue 9, item 2 (QA pass), through the command line: a whole credit by amount on an
order invoice, and hours a correction left unbilled invoiced again on the order."""

from __future__ import annotations


def _order(cli, make_customer, line: str, paid: str) -> str:  # type: ignore[no-untyped-def]
    make_customer(terms="net 30")
    order = cli.ok("order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", line)
    cli.ok(
        "payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", paid,
        "--order", order,
    )  # fmt: skip
    return order


def _invoice(cli, order: str, qty: str, on: str) -> str:  # type: ignore[no-untyped-def]
    return cli.ok(
        "invoice", "add", "--customer", "C1", "--date", on, "--order", order, "--order-line", qty
    )


def test_shirt_credited_by_amount_can_be_invoiced_again(cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    order = _order(cli, make_customer, "Shirt;3;100", "300")
    inv = _invoice(cli, order, "1=1", "2026-03-02")
    cli.ok("credit-note", inv, "--amount", "100", "--date", "2026-03-02")
    o = cli.json("order", order)
    assert (o["invoiced"], o["lines"][0]["invoiced_quantity"]) == ("0.00", "0")
    cli.ok("order", "change", order, "--qty", "1=2", "--date", "2026-03-03")
    _invoice(cli, order, "1=1", "2026-03-03")
    last = _invoice(cli, order, "1=1", "2026-03-04")
    assert cli.json("invoice", last)["balance"] == "0.00"
    o = cli.json("order", order)
    assert (o["status"], o["invoiced"], o["total"], o["refunded"]) == (
        "invoiced",
        "200.00",
        "200.00",
        "100.00",
    )
    assert o["lines"][0]["invoiced_quantity"] == "2"
    assert cli.json("customer", "C1")["credit"] == "0.00"
    cli.fails(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-05", "--order", order,
        "--order-line", "1=1", match="has only 0 left to invoice",
    )  # fmt: skip
    assert cli.ok("check") == "The book is consistent."


def test_partial_credit_by_amount_says_to_invoice_the_money_by_amount(cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    order = _order(cli, make_customer, "Shirt;3;100", "300")
    inv = _invoice(cli, order, "1=3", "2026-03-02")
    cli.ok("credit-note", inv, "--amount", "40", "--date", "2026-03-02")
    o = cli.json("order", order)
    assert (o["invoiced"], o["lines"][0]["invoiced_quantity"]) == ("260.00", "3")
    cli.fails(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-03", "--order", order,
        "--order-line", "1=1", match=r"still has 40\.00 to invoice.*--amount",
    )  # fmt: skip
    cli.ok(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-03", "--order", order,
        "--amount", "40",
    )  # fmt: skip
    assert cli.json("order", order)["status"] == "invoiced"
    assert cli.ok("check") == "The book is consistent."


def test_hours_corrected_then_invoiced_again_are_billed_once(cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    order = _order(cli, make_customer, "Hours;10;50", "500")
    inv = _invoice(cli, order, "1=8", "2026-03-02")
    cli.ok("correct", inv, "--qty", "1=6", "--date", "2026-03-03")
    r = cli.run("unbilled", "list")
    assert r.code == 0 and "open" in r.out, r.out
    cli.fails(
        "unbilled", "bill", "1", "--date", "2026-03-03", match=f"bill it on the order.*{order}"
    )
    more = _invoice(cli, order, "1=4", "2026-03-04")
    assert cli.json("invoice", more)["balance"] == "0.00"
    cli.fails("unbilled", "bill", "1", "--date", "2026-03-05", match="already billed")
    assert "No unbilled items." in cli.run("unbilled", "list").out
    o = cli.json("order", order)
    assert (o["status"], o["invoiced"], o["lines"][0]["invoiced_quantity"]) == (
        "invoiced",
        "500.00",
        "10",
    )
    assert cli.json("customer", "C1")["net_balance"] == "0.00"
    assert cli.json("customer", "C1")["credit"] == "0.00"
    assert cli.ok("check") == "The book is consistent."
