"""Issue 9 QA through the command line: chain rows, kept correction drafts (SPEC §5, §9)."""

from __future__ import annotations

import pytest


@pytest.fixture
def eight_hours(cli, make_customer):
    make_customer(terms="2% 10, net 30")
    return cli.ok(
        "invoice", "add", "--customer", "C1", "--date", "2026-01-01", "--line", "Hours;8;50"
    )


def _pay(cli, amount: str, on: str, *settle: str) -> None:
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", on, "--amount", amount)
    cli.ok("settle", pay, *settle)


def test_chain_rows_read_the_same_in_every_view(cli, eight_hours, tmp_path):
    _pay(cli, "392", "2026-01-05")
    ci = cli.ok("correct", eight_hours, "--qty", "1=10", "--date", "2026-01-06")
    _pay(cli, "98", "2026-01-08", ci)
    ci2 = cli.ok("correct", ci, "--qty", "1=4", "--date", "2026-01-09")
    assert cli.json("invoice", ci2)["total"] == "-300.00"
    expected = {3: (ci, "-98.00", "-2.00"), 4: (eight_hours, "-196.00", "-4.00")}
    for sid, (invoice, amount, discount) in expected.items():
        j = cli.json("settlement", str(sid))
        assert (j["source"], j["invoice"], j["amount"], j["discount"]) == (
            ci2,
            invoice,
            amount,
            discount,
        )
        text = cli.run("show", "settlement", str(sid)).out.splitlines()
        figures = {ln.split()[0]: ln.split()[-1] for ln in text[1:3]}
        assert figures == {"Applied": amount, "Discount": discount}
        own = [s for s in cli.json("invoice", invoice)["settlements"] if s["id"] == sid]
        assert [(s["amount"], s["discount"]) for s in own] == [(amount, discount)]
    rows = [(s["amount"], s["discount"]) for s in cli.json("invoice", ci2)["settlements"]]
    assert rows == [("-98.00", "-2.00"), ("-196.00", "-4.00")]
    assert cli.json("customer", "C1")["credit"] == "294.00"
    assert cli.ok("check") == "The book is consistent."


def test_kept_draft_shows_its_figures_and_posting_says_what_it_did(cli, eight_hours):
    _pay(cli, "392", "2026-01-05")
    draft = cli.ok("correct", eight_hours, "--qty", "1=6", "--date", "2026-01-06", "--draft")
    j = cli.json("invoice", draft)
    assert (j["status"], j["total"]) == ("draft", "-100.00")
    assert [(ln["original_quantity"], ln["quantity"], ln["amount"]) for ln in j["lines"]] == [
        ("8", "6", "-100.00")
    ]
    text = cli.run("show", "invoice", draft).out
    assert "Was" in text and "-100.00" in text
    listed = [ln for ln in cli.run("invoice", "list").out.splitlines() if ln.startswith(draft)]
    assert len(listed) == 1 and listed[0].split()[-2:] == ["-100.00", "-100.00"]
    r = cli.run("invoice", "post", draft)
    assert r.code == 0, r.err
    ci = r.last
    assert ci.startswith("CI-")
    assert f"Corrective invoice {ci} of {eight_hours}: -100.00." in r.out
    assert "reverses 2.00 of the cash discount" in r.out
    assert "Credit owed to C1: 98.00." in r.out
    assert "Unbilled item 1: Hours, 2 = 100.00." in r.out
    assert cli.json("customer", "C1")["credit"] == "98.00"
    assert cli.ok("check") == "The book is consistent."


def test_correct_refuses_while_a_draft_correction_is_kept(cli, eight_hours):
    draft = cli.ok("correct", eight_hours, "--qty", "1=6", "--date", "2026-01-06", "--draft")
    for extra in ((), ("--draft",)):
        r = cli.run("correct", eight_hours, "--qty", "1=7", "--date", "2026-01-06", *extra)
        assert r.code != 0
        assert f"already has a correction draft, {draft}" in r.err
        assert f"invoice delete {draft}" in r.err and "Traceback" not in r.err
    # Nothing changed: the draft still reads 6 h, the invoice is open in full.
    assert [ln["quantity"] for ln in cli.json("invoice", draft)["lines"]] == ["6"]
    assert cli.json("invoice", eight_hours)["balance"] == "400.00"
    cli.ok("invoice", "delete", draft)
    ci = cli.ok("correct", eight_hours, "--qty", "1=7", "--date", "2026-01-06")
    assert cli.json("invoice", ci)["total"] == "-50.00"
