"""SPEC §3, the settlement rules, worked through the command line with the spec's numbers."""

from __future__ import annotations

from decimal import Decimal


def _invoice(cli, amount: str, on: str = "2026-03-01", customer: str = "C1") -> str:
    return cli.ok("invoice", "add", "--customer", customer, "--date", on, "--amount", amount)


def _payment(cli, amount: str, on: str, customer: str = "C1") -> str:
    return cli.ok("payment", "add", "--customer", customer, "--date", on, "--amount", amount)


def test_1_partial_payment_without_discount(cli, make_customer):
    make_customer(terms="net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "60.00", "2026-03-05")
    sid = cli.ok("settle", pay, inv)
    assert sid.isdigit()
    j = cli.json("invoice", inv)
    assert (j["status"], j["settled"], j["balance"]) == ("partially_settled", "60.00", "40.00")
    assert j["settlements"][0]["discount"] == "0.00"
    assert cli.json("customer", "C1")["open_balance"] == "40.00"


def test_2_cash_discount_within_period(cli, make_customer):
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "98.00", "2026-03-09")  # day 8
    cli.ok("settle", pay, inv)
    j = cli.json("invoice", inv)
    s = j["settlements"][0]
    assert (s["amount"], s["discount"], s["writeoff"]) == ("98.00", "2.00", "0.00")
    assert (j["status"], j["balance"]) == ("settled", "0.00")
    assert {"account": "cash_discount", "debit": "2.00", "credit": "0.00"}.items() <= next(
        x for x in j["journal"] if x["account"] == "cash_discount"
    ).items()


def test_2_cash_discount_period_over(cli, make_customer):
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "98.00", "2026-03-12")  # day 11
    cli.ok("settle", pay, inv)
    j = cli.json("invoice", inv)
    assert j["settlements"][0]["discount"] == "0.00"
    assert (j["status"], j["balance"]) == ("partially_settled", "2.00")
    assert "no cash discount" in j["settlements"][0]["explanation"]


def test_3_discount_on_partial_payment_and_explanation(cli, make_customer):
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "49.00", "2026-03-05")
    r = cli.run("settle", pay, inv)
    assert r.code == 0
    # §3.8: the settlement explains itself, on the command line too.
    assert "49.00 × 2 / 98 = 1.00, partial-payment discount, 2 % until 2026-03-11" in r.out
    j = cli.json("invoice", inv)
    s = j["settlements"][0]
    assert (s["amount"], s["discount"]) == ("49.00", "1.00")
    assert (j["settled"], j["balance"]) == ("50.00", "50.00")
    assert (
        "49.00 × 2 / 98 = 1.00, partial-payment discount, 2 % until 2026-03-11" in s["explanation"]
    )


def test_3_full_balance_left_as_amount_to_settle(cli, make_customer):
    """The bookkeeper leaves 100.00 to settle; only 49.00 came: the discount is from the money."""
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "49.00", "2026-03-05")
    cli.ok("settle", pay, inv, "--apply", f"{inv}=100.00")
    j = cli.json("invoice", inv)
    s = j["settlements"][0]
    assert (s["amount"], s["discount"], j["balance"]) == ("49.00", "1.00", "50.00")


def test_3_discounts_never_exceed_total_times_percent(cli, make_customer):
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    for day in ("2026-03-04", "2026-03-06", "2026-03-08"):
        pay = _payment(cli, "49.00", day)
        r = cli.run("settle", pay, inv)
        if r.code != 0:
            assert "already settled" in r.err or "nothing" in r.err or "no open invoice" in r.err
    j = cli.json("invoice", inv)
    discounts = sum(Decimal(s["discount"]) for s in j["settlements"])
    assert discounts <= Decimal("2.00")
    assert j["balance"] == "0.00"
    assert discounts == Decimal("2.00")


def test_3_partial_payment_discount_parameter_off(cli, make_customer):
    cli.ok("settings", "set", "discount_on_partial_payments", "no")
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "49.00", "2026-03-05")
    cli.ok("settle", pay, inv)
    j = cli.json("invoice", inv)
    assert j["settlements"][0]["discount"] == "0.00"
    assert j["balance"] == "51.00"


def test_4_credit_note_reduces_open_balance_first(cli, make_customer):
    make_customer(terms="net 30")
    inv = _invoice(cli, "100.00")
    cn = cli.ok(
        "credit-note", inv, "--amount", "30.00", "--date", "2026-03-10", "--reason", "Devolução"
    )
    j = cli.json("invoice", inv)
    assert j["balance"] == "70.00"
    c = cli.json("invoice", cn)
    assert (c["kind"], c["total"], c["credits"], c["reason"]) == (
        "credit_note",
        "-30.00",
        inv,
        "Devolução",
    )
    assert cli.json("customer", "C1")["credit"] == "0.00"


def test_4_credit_note_with_discount_netting(cli, make_customer):
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "98.00", "2026-03-05")
    cli.ok("settle", pay, inv)
    cn = cli.ok("credit-note", inv, "--amount", "100.00", "--date", "2026-03-20")
    s = cli.json("invoice", cn)["settlements"][0]
    # Settles −98.00 and reverses −2.00 of cash discount (SPEC §9: the row reads so;
    # from_source is the 2.00 the stored row took from the credit note).
    assert (s["amount"], s["discount"], s["from_source"]) == ("-98.00", "-2.00", "2.00")
    cust = cli.json("customer", "C1")
    assert cust["credit"] == "98.00"
    assert cust["net_balance"] == "-98.00"
    assert cli.json("invoice", inv)["discount_taken"] == "0.00"


def test_4_partial_return_pro_rata(cli, make_customer):
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "98.00", "2026-03-05")
    cli.ok("settle", pay, inv)
    cn = cli.ok("credit-note", inv, "--amount", "50.00", "--date", "2026-03-20")
    cust = cli.json("customer", "C1")
    assert cust["credit"] == "49.00"  # −50.00 → −49.00 owed and −1.00 discount reversed
    s = cli.json("invoice", cn)["settlements"][0]
    assert (s["amount"], s["discount"]) == ("-49.00", "-1.00")
    assert cli.json("invoice", inv)["discount_taken"] == "1.00"


def test_4_credit_note_credit_refunded_or_applied(cli, make_customer):
    make_customer(terms="net 30")
    inv1 = _invoice(cli, "100.00")
    inv2 = _invoice(cli, "40.00", on="2026-03-02")
    pay = _payment(cli, "100.00", "2026-03-05")
    cli.ok("settle", pay, inv1)
    cn = cli.ok("credit-note", inv1, "--amount", "100.00", "--date", "2026-03-20")
    assert cli.json("customer", "C1")["credit"] == "100.00"
    cli.ok("settle", cn, inv2)
    assert cli.json("invoice", inv2)["balance"] == "0.00"
    ref = cli.ok("refund", cn, "--date", "2026-03-21")
    assert ref.startswith("REF-")
    cust = cli.json("customer", "C1")
    assert (cust["credit"], cust["open_balance"]) == ("0.00", "0.00")
    assert cli.ok("check") == "The book is consistent."


def test_5_underpayment_within_tolerance(cli, make_customer):
    cli.ok("settings", "set", "max_underpayment", "0.50")
    make_customer(terms="net 30")
    inv = _invoice(cli, "1000.00")
    pay = _payment(cli, "999.90", "2026-03-10")
    cli.ok("settle", pay, inv)
    j = cli.json("invoice", inv)
    s = j["settlements"][0]
    assert (s["amount"], s["writeoff"]) == ("999.90", "0.10")
    assert (j["status"], j["balance"]) == ("settled", "0.00")
    assert "underpayment 0.10 ≤ maximum 0.50, written off" in s["explanation"]
    assert any(x["account"] == "over_underpayment" and x["debit"] == "0.10" for x in j["journal"])


def test_5_overpayment_within_and_beyond_tolerance(cli, make_customer):
    cli.ok("settings", "set", "max_overpayment", "0.50")
    make_customer(terms="net 30")
    inv = _invoice(cli, "1000.00")
    pay = _payment(cli, "1000.30", "2026-03-10")
    cli.ok("settle", pay, inv)
    s = cli.json("invoice", inv)["settlements"][0]
    assert (s["amount"], s["writeoff"]) == ("1000.30", "-0.30")
    assert cli.json("payment", pay)["unapplied"] == "0.00"
    inv2 = _invoice(cli, "1000.00")
    pay2 = _payment(cli, "1001.00", "2026-03-10")
    cli.ok("settle", pay2, inv2)
    assert cli.json("invoice", inv2)["settlements"][0]["writeoff"] == "0.00"
    assert cli.json("payment", pay2)["unapplied"] == "1.00"
    assert cli.json("customer", "C1")["credit"] == "1.00"


def test_5_underpayment_beyond_tolerance_stays_open(cli, make_customer):
    cli.ok("settings", "set", "max_underpayment", "0.50")
    make_customer(terms="net 30")
    inv = _invoice(cli, "1000.00")
    pay = _payment(cli, "990.00", "2026-03-10")
    cli.ok("settle", pay, inv)
    assert cli.json("invoice", inv)["balance"] == "10.00"


def test_6_full_settlement(cli, make_customer):
    cli.ok("settings", "set", "max_underpayment", "0.50")
    make_customer(terms="net 30")
    inv = _invoice(cli, "1000.00")
    pay = _payment(cli, "990.00", "2026-03-10")
    cli.ok("settle", pay, inv, "--full-settlement")
    j = cli.json("invoice", inv)
    s = j["settlements"][0]
    assert (s["amount"], s["full_settlement"], s["writeoff"]) == ("990.00", "10.00", "0.00")
    assert (j["status"], j["balance"]) == ("settled", "0.00")
    assert "full settlement" in s["explanation"]
    assert any(x["account"] == "cash_discount" and x["debit"] == "10.00" for x in j["journal"])


def test_6_full_settlement_not_allowed(cli, make_customer):
    cli.ok("settings", "set", "full_settlement_allowed", "no")
    make_customer(terms="net 30")
    inv = _invoice(cli, "1000.00")
    pay = _payment(cli, "990.00", "2026-03-10")
    cli.fails("settle", pay, inv, "--full-settlement", match="Full settlement is not allowed")


def test_7_one_payment_several_invoices_oldest_due_first(cli, make_customer):
    make_customer(terms="net 30")
    a = _invoice(cli, "100.00", on="2026-02-01")
    b = _invoice(cli, "50.00", on="2026-01-15")
    c = _invoice(cli, "80.00", on="2026-03-01")
    pay = _payment(cli, "170.00", "2026-03-10")
    r = cli.run("settle", pay)  # no invoices named: oldest due first
    assert r.code == 0, r.err
    ids = r.out.strip().splitlines()[-3:]
    assert all(x.isdigit() for x in ids) and len(set(ids)) == 3
    assert r.last == ids[-1]
    assert cli.json("invoice", b)["balance"] == "0.00"
    assert cli.json("invoice", a)["balance"] == "0.00"
    assert cli.json("invoice", c)["balance"] == "60.00"
    assert [s["invoice"] for s in cli.json("payment", pay)["settlements"]] == [b, a, c]


def test_7_one_invoice_several_payments_with_tiers(cli, make_customer):
    make_customer(terms="2% 5, 1% 14, net 30")
    inv = _invoice(cli, "1000.00", on="2026-03-01")
    p1 = _payment(cli, "294.00", "2026-03-04")  # day 3
    cli.ok("settle", p1, inv)
    j = cli.json("invoice", inv)
    assert (j["settlements"][0]["discount"], j["balance"]) == ("6.00", "700.00")
    p2 = _payment(cli, "693.00", "2026-03-11")  # day 10
    cli.ok("settle", p2, inv)
    j = cli.json("invoice", inv)
    s = j["settlements"][1]
    assert (s["amount"], s["discount"]) == ("693.00", "7.00")
    assert (j["status"], j["balance"]) == ("settled", "0.00")


def test_7_settlement_date_decides_tier(cli, make_customer):
    make_customer(terms="2% 5, 1% 14, net 30")
    inv = _invoice(cli, "1000.00", on="2026-03-01")
    pay = _payment(cli, "990.00", "2026-03-04")
    cli.ok("settle", pay, inv, "--date", "2026-03-11")  # day 10: the 1 % tier
    s = cli.json("invoice", inv)["settlements"][0]
    assert (s["amount"], s["discount"], s["date"]) == ("990.00", "10.00", "2026-03-11")


def test_amount_caps_what_is_applied(cli, make_customer):
    make_customer(terms="net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "100.00", "2026-03-05")
    cli.ok("settle", pay, inv, "--amount", "25.00")
    assert cli.json("payment", pay)["unapplied"] == "75.00"
    assert cli.json("invoice", inv)["balance"] == "75.00"


def test_9_parts_add_up_to_the_whole(cli, make_customer):
    """Three partial credits of a discounted invoice reverse exactly the 2.00 taken."""
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "98.00", "2026-03-05")
    cli.ok("settle", pay, inv)
    for amount in ("33.33", "33.33", "33.34"):
        cli.ok("credit-note", inv, "--amount", amount, "--date", "2026-03-20")
    assert cli.json("invoice", inv)["discount_taken"] == "0.00"
    assert cli.json("customer", "C1")["credit"] == "98.00"


def test_10_unsettle_reverses_everything(cli, make_customer):
    cli.ok("settings", "set", "max_underpayment", "0.50")
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "1000.00")
    pay = _payment(cli, "979.60", "2026-03-05")
    sid = cli.ok("settle", pay, inv)
    s = cli.json("invoice", inv)["settlements"][0]
    assert (s["discount"], s["writeoff"], s["amount"]) == ("20.00", "0.40", "979.60")
    rev = cli.ok("unsettle", sid, "--date", "2026-03-06")
    assert rev.isdigit() and rev != sid
    j = cli.json("invoice", inv)
    assert (j["status"], j["settled"], j["balance"], j["discount_taken"]) == (
        "posted",
        "0.00",
        "1000.00",
        "0.00",
    )
    r = j["settlements"][1]
    assert (r["amount"], r["discount"], r["writeoff"]) == ("-979.60", "-20.00", "-0.40")
    assert r["reverses"] == int(sid)
    p = cli.json("payment", pay)
    assert (p["applied"], p["unapplied"]) == ("0.00", "979.60")
    cli.fails("unsettle", sid, match="already undone")
    # Open again as before: the same payment settles it again.
    cli.ok("settle", pay, inv)
    assert cli.json("invoice", inv)["status"] == "settled"
    assert cli.ok("check") == "The book is consistent."
