"""Issue 9, items 1 and 8, through the command line: correction chains and kept drafts."""

from __future__ import annotations

import pytest


@pytest.fixture
def eight_hours(cli, make_customer):
    """8 h × 50.00 on "2% 10, net 30"."""
    make_customer(terms="2% 10, net 30")
    return cli.ok(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Hours;8;50.00"
    )


def _pay(cli, amount: str, on: str, invoice: str) -> None:
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", on, "--amount", amount)
    cli.ok("settle", pay, invoice)


def test_paid_chain_8_10_4_owes_294(cli, eight_hours):
    _pay(cli, "392.00", "2026-03-03", eight_hours)
    ci = cli.ok("correct", eight_hours, "--qty", "1=10", "--date", "2026-03-04")
    _pay(cli, "98.00", "2026-03-05", ci)
    assert cli.json("invoice", ci)["discount_taken"] == "2.00"
    # The corrective's lines as shown: 1 "Reversal: Hours", 2 "Hours"; line 1 names the hours.
    ci2 = cli.ok("correct", ci, "--qty", "1=4", "--date", "2026-03-06")
    assert cli.json("invoice", ci2)["total"] == "-300.00"
    customer = cli.json("customer", "C1")
    assert (customer["open_balance"], customer["credit"]) == ("0.00", "294.00")
    assert cli.json("invoice", eight_hours)["discount_taken"] == "4.00"
    assert cli.json("invoice", ci)["discount_taken"] == "0.00"
    assert cli.ok("check") == "The book is consistent."


def test_unpaid_chain_8_10_4_leaves_200_open_and_no_credit(cli, eight_hours):
    ci = cli.ok("correct", eight_hours, "--qty", "1=10", "--date", "2026-03-04")
    cli.ok("correct", ci, "--qty", "1=4", "--date", "2026-03-06")
    assert cli.json("invoice", eight_hours)["balance"] == "200.00"
    assert cli.json("invoice", ci)["balance"] == "0.00"
    customer = cli.json("customer", "C1")
    assert (customer["open_balance"], customer["credit"]) == ("200.00", "0.00")


def test_chain_is_visible_both_ways(cli, eight_hours):
    ci = cli.ok("correct", eight_hours, "--qty", "1=10", "--date", "2026-03-04")
    ci2 = cli.ok("correct", ci, "--qty", "2=9", "--date", "2026-03-05")
    original = cli.json("invoice", eight_hours)
    assert (original["corrects"], original["corrected_by"]) == (None, [ci])
    middle = cli.json("invoice", ci)
    assert (middle["corrects"], middle["corrected_by"]) == (eight_hours, [ci2])
    assert cli.json("invoice", ci2)["corrected_by"] == []


def test_correction_kept_as_draft_then_edited_and_posted(cli, eight_hours):
    r = cli.run("correct", eight_hours, "--qty", "1=6", "--date", "2026-03-04", "--draft")
    assert r.code == 0, r.err
    draft = r.last
    assert "Draft correction" in r.out and "-100.00" in r.out
    assert cli.json("invoice", draft)["status"] == "draft"
    assert cli.json("invoice", eight_hours)["balance"] == "400.00"
    assert cli.json("invoice", eight_hours)["corrected_by"] == []
    edited = cli.run("invoice", "edit", draft, "--qty", "1=5", "--date", "2026-03-05")
    assert edited.code == 0, edited.err
    assert "-150.00" in edited.out
    cli.fails("invoice", "edit", draft, "--line", "X;1;1.00", match="draft correction")
    ci = cli.ok("invoice", "post", draft)
    j = cli.json("invoice", ci)
    assert (j["status"], j["total"], j["date"]) == ("settled", "-150.00", "2026-03-05")
    assert cli.json("invoice", eight_hours)["balance"] == "250.00"
    assert cli.json("invoice", eight_hours)["corrected_by"] == [ci]
    assert cli.ok("check") == "The book is consistent."
