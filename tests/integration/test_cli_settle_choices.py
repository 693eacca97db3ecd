"""Issue 9, items 4–6 through the command line, with the issue's numbers:
settle --no-discount / --discount INVOICE=AMOUNT / --full-settlement [INVOICE],
the setting discount_when_paid_in_full, a credit note against a paid invoice."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.conftest import Cli
from tests.integration.test_reports_pdf import flat, text_of


def _invoice(cli: Cli, amount: str, on: str = "2026-03-01") -> str:
    return cli.ok("invoice", "add", "--customer", "C1", "--date", on, "--amount", amount)


def _payment(cli: Cli, amount: str, on: str) -> str:
    return cli.ok("payment", "add", "--customer", "C1", "--date", on, "--amount", amount)


def _parts(cli: Cli, inv: str, n: int = 0) -> tuple[str, str, str, str]:
    s = cli.json("invoice", inv)["settlements"][n]
    return s["amount"], s["discount"], s["writeoff"], s["full_settlement"]


def test_full_payment_on_day_4_settles_at_full_value(cli: Cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "100.00", "2026-03-05")
    cli.ok("settle", pay, inv, "--apply", f"{inv}=100.00")
    assert _parts(cli, inv) == ("100.00", "0.00", "0.00", "0.00")
    assert cli.json("payment", pay)["unapplied"] == "0.00"
    assert cli.json("customer", "C1")["credit"] == "0.00"


def test_overpayment_tolerance_never_books_a_discount_too(cli: Cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    cli.ok("settings", "set", "max_overpayment", "5.00")
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "100.00", "2026-03-05")
    cli.ok("settle", pay, inv)
    assert _parts(cli, inv) == ("100.00", "0.00", "0.00", "0.00")


def test_setting_discount_when_paid_in_full(cli: Cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    assert '"discount_when_paid_in_full": "no"' in cli.run("settings", "--json").out
    cli.ok("settings", "set", "discount_when_paid_in_full", "yes")
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "100.00", "2026-03-05")
    cli.ok("settle", pay, inv)
    assert _parts(cli, inv) == ("98.00", "2.00", "0.00", "0.00")
    assert cli.json("payment", pay)["unapplied"] == "2.00"


def test_no_discount_and_discount_options(cli: Cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    make_customer(terms="2% 10, net 30")
    a = _invoice(cli, "100.00")
    b = _invoice(cli, "100.00")
    pay = _payment(cli, "98.00", "2026-03-05")
    cli.ok("settle", pay, a, "--no-discount")
    assert _parts(cli, a) == ("98.00", "0.00", "0.00", "0.00")
    assert cli.json("invoice", a)["balance"] == "2.00"
    pay2 = _payment(cli, "100.00", "2026-03-05")
    cli.fails(
        "settle", pay2, b, "--discount", f"{b}=2.50", match="can be at most 2.00 on 2026-03-05"
    )
    cli.fails("settle", pay2, b, "--discount", f"{b}=x", match="cash discount on")
    cli.fails("settle", pay2, b, "--discount", f"{a}=1.00", match=f"does not settle {a}")
    cli.ok("settle", pay2, b, "--discount", f"{b}=1.00")
    assert _parts(cli, b) == ("99.00", "1.00", "0.00", "0.00")
    assert cli.json("payment", pay2)["unapplied"] == "1.00"


def test_full_settlement_names_its_invoice(cli: Cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    make_customer(terms="net 30")
    a = _invoice(cli, "100.00", "2026-03-01")
    b = _invoice(cli, "1000.00", "2026-03-02")
    pay = _payment(cli, "990.00", "2026-03-05")
    cli.fails("settle", pay, "--full-settlement", match=f"settles {a}, {b}: name the invoice")
    cli.fails("settle", pay, "--full-settlement", a, match=f"Invoice {a} is settled in full")
    out = cli.run("settle", pay, "--full-settlement", b)
    assert out.code == 0, out.err
    assert "the remaining 110.00 is waived" in out.out
    assert _parts(cli, a) == ("100.00", "0.00", "0.00", "0.00")
    assert _parts(cli, b) == ("890.00", "0.00", "0.00", "110.00")


def test_bare_full_settlement_with_one_invoice(cli: Cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    make_customer(terms="net 30")
    inv = _invoice(cli, "1000.00")
    pay = _payment(cli, "990.00", "2026-03-05")
    cli.ok("settle", pay, inv, "--full-settlement")
    assert _parts(cli, inv) == ("990.00", "0.00", "0.00", "10.00")


def test_credit_note_against_paid_invoice_reads_minus_98(
    cli: Cli, make_customer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    make_customer(terms="2% 10, net 30")
    inv = _invoice(cli, "100.00")
    pay = _payment(cli, "98.00", "2026-03-05")
    cli.ok("settle", pay, inv)
    cn = cli.ok("credit-note", inv, "--amount", "100.00", "--date", "2026-03-20")
    s = cli.json("invoice", inv)["settlements"][1]
    assert (s["source"], s["amount"], s["discount"]) == (cn, "-98.00", "-2.00")
    assert cli.json("invoice", cn)["settlements"][0]["amount"] == "-98.00"
    out = tmp_path / "s.pdf"
    cli.ok("pdf", "settlement", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(out))
    text = flat(text_of(out))
    assert "Money received (1 settlement) 98.00 2.00" in text
    assert "Credit notes (1 settlement) -98.00 -2.00" in text
    assert "Applied 100.00" not in text
    assert "2026-03-20 " + inv + " 2026-03-31 -98.00 -2.00" in text


def test_choices_survive_export_import_and_check_replay(
    cli: Cli, make_customer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The import replays each settlement through the same service: a chosen
    discount, a declined one, a payment in full and a named waiver come back alike."""
    make_customer(terms="2% 10, net 30")
    a = _invoice(cli, "100.00")
    b = _invoice(cli, "100.00")
    c = _invoice(cli, "100.00")
    d = _invoice(cli, "1000.00", "2026-03-02")
    cli.ok("settle", _payment(cli, "100.00", "2026-03-05"), a)  # in full: no discount
    cli.ok("settle", _payment(cli, "100.00", "2026-03-05"), b, "--discount", f"{b}=1.00")
    cli.ok("settle", _payment(cli, "98.00", "2026-03-05"), c, "--no-discount")
    cli.ok("settle", _payment(cli, "900.00", "2026-03-20"), d, "--full-settlement", d)
    cli.ok("credit-note", a, "--amount", "100.00", "--date", "2026-03-21")
    assert "no difference" in cli.ok("check", "--replay")
    out = tmp_path / "book.xlsx"
    cli.ok("export", str(out))
    before = {n: cli.json("invoice", n) for n in (a, b, c, d, "CN-000001")}
    other = ["--book", str(tmp_path / "other.sqlite")]
    cli.ok(*other, "init", "--currency", "EUR")
    cli.ok(*other, "import", str(out))
    for number, shown in before.items():
        r = cli.run(*other, "show", "invoice", number, "--json")
        assert json.loads(r.out) == shown, number
    assert "no difference" in cli.ok(*other, "check", "--replay")


def test_invoices_may_follow_the_options(cli, make_customer) -> None:  # type: ignore[no-untyped-def]
    """`settle PAY --amount 500 INV-2 --full-settlement`: the invoice after an option is
    still one of the invoices (argparse alone refused it as an unrecognized argument)."""
    make_customer("C1", terms="net 30")
    for amount in ("100", "1000"):
        cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", amount)
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-02", "--amount", "990")
    cli.ok("settle", "PAY-000001", "--amount", "500", "INV-000002", "--full-settlement")
    assert cli.json("invoice", "INV-000002")["status"] == "settled"
    assert cli.json("invoice", "INV-000001")["balance"] == "100.00"
    r = cli.run("settle", "PAY-000001", "--bogus", "INV-000001")
    assert r.code == 2 and "unrecognized arguments: --bogus" in r.err
