"""SPEC §5, corrective invoices and unbilled items, through the command line."""

from __future__ import annotations

import pytest


@pytest.fixture
def hours(cli, make_customer):
    """8 hours billed at 50.00."""
    make_customer(terms="net 30")
    return cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--line",
        "Consultoria;8;50.00",
    )


def test_8_hours_corrected_to_6(cli, hours):
    r = cli.run("correct", hours, "--qty", "1=6", "--date", "2026-03-05")
    assert r.code == 0, r.err
    ci = r.last
    assert ci.startswith("CI-")
    j = cli.json("invoice", ci)
    assert (j["kind"], j["corrects"], j["total"]) == ("corrective", hours, "-100.00")
    assert [
        (x["description"], x["quantity"], x["unit_price"], x["amount"]) for x in j["lines"]
    ] == [
        ("Reversal: Consultoria", "-8", "50.00", "-400.00"),
        ("Consultoria", "6", "50.00", "300.00"),
    ]
    assert [(u["description"], u["quantity"], u["amount"]) for u in j["unbilled"]] == [
        ("Consultoria", "2", "100.00")
    ]
    original = cli.json("invoice", hours)
    assert original["status"] == "corrected"
    # The chain nets −100.00: 400.00 billed, 300.00 left owed.
    assert original["balance"] == "300.00"
    assert cli.json("customer", "C1")["open_balance"] == "300.00"
    assert cli.ok("check") == "The book is consistent."


def test_paid_invoice_corrected_becomes_credit(cli, hours):
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-02", "--amount", "400.00")
    cli.ok("settle", pay, hours)
    cli.ok("correct", hours, "--qty", "1=6", "--date", "2026-03-05")
    c = cli.json("customer", "C1")
    assert (c["open_balance"], c["credit"], c["net_balance"]) == ("0.00", "100.00", "-100.00")


def test_increase_is_a_new_amount_due(cli, hours):
    ci = cli.ok("correct", hours, "--qty", "1=10", "--date", "2026-03-05")
    j = cli.json("invoice", ci)
    assert (j["total"], j["balance"], j["unbilled"]) == ("100.00", "100.00", [])
    assert cli.json("customer", "C1")["open_balance"] == "500.00"


def test_correcting_a_corrected_invoice_names_the_newer_one(cli, hours):
    ci = cli.ok("correct", hours, "--qty", "1=6", "--date", "2026-03-05")
    cli.fails(
        "correct", hours, "--qty", "1=5", match=f"already corrected by {ci}.*correct {ci} instead"
    )


def test_correcting_the_correction(cli, hours):
    ci = cli.ok("correct", hours, "--qty", "1=6", "--date", "2026-03-05")
    # The correction bills 6 hours on its line 2; correct that to 7.
    ci2 = cli.ok("correct", ci, "--qty", "2=7", "--date", "2026-03-06")
    j = cli.json("invoice", ci2)
    assert (j["corrects"], j["total"]) == (ci, "50.00")
    assert cli.json("invoice", ci)["status"] == "corrected"
    assert cli.json("customer", "C1")["open_balance"] == "350.00"
    assert cli.ok("check") == "The book is consistent."


def test_full_reversal_and_removed_lines(cli, make_customer):
    make_customer()
    inv = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--line",
        "A;2;10.00",
        "--line",
        "B;1;30.00",
    )
    ci = cli.ok("correct", inv, "--remove-line", "2", "--date", "2026-03-02")  # line 1 to 0
    j = cli.json("invoice", ci)
    assert j["total"] == "-20.00"
    assert [x["description"] for x in j["lines"]] == ["Reversal: A"]


def test_unbilled_items_billed_or_written_off(cli, make_customer):
    make_customer()
    inv = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--line",
        "Horas;8;50.00",
        "--line",
        "Km;100;0.40",
    )
    ci = cli.ok("correct", inv, "--qty", "1=6", "--qty", "2=50", "--date", "2026-03-05")
    items = cli.json("invoice", ci)["unbilled"]
    assert [(u["description"], u["amount"], u["status"]) for u in items] == [
        ("Horas", "100.00", "open"),
        ("Km", "20.00", "open"),
    ]
    r = cli.run("unbilled", "list")
    assert r.code == 0 and "Horas" in r.out and "Km" in r.out
    billed = cli.ok("unbilled", "bill", str(items[0]["id"]), "--date", "2026-03-10")
    assert cli.json("invoice", billed)["total"] == "100.00"
    cli.ok("unbilled", "write-off", str(items[1]["id"]), "--date", "2026-03-10")
    statuses = [u["status"] for u in cli.json("invoice", ci)["unbilled"]]
    assert statuses == ["billed", "not_chargeable"]
    cli.fails("unbilled", "bill", str(items[0]["id"]), match="already billed")
    cli.fails("unbilled", "write-off", "999", match="no unbilled item 999")
    assert cli.ok("check") == "The book is consistent."
