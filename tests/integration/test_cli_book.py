"""The book on the command line: JSON shapes of §8, settings, check, backup, the
console script, the window's fallback and the report commands' hook."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from app.cli import main

AMOUNT = re.compile(r"^-?\d+\.\d{2}$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_amount(v: object) -> bool:
    return isinstance(v, str) and bool(AMOUNT.match(v))


def is_date(v: object) -> bool:
    return isinstance(v, str) and bool(ISO.match(v))


def is_text_or_none(v: object) -> bool:
    return v is None or isinstance(v, str)


@pytest.fixture
def full_book(cli, make_customer):
    """One of everything: an order with a refund, invoices, a payment, a settlement,
    a credit note and a correction with an unbilled item."""
    make_customer(terms="2% 10, net 30")
    o = cli.ok(
        "order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Caixa;3;100.00"
    )
    op = cli.ok(
        "payment",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--amount",
        "300",
        "--order",
        o,
    )
    oi = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-02",
        "--order",
        o,
        "--amount",
        "100",
    )
    cli.ok("order", "change", o, "--discount", "50", "--date", "2026-03-03")
    inv = cli.ok(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Horas;8;50.00"
    )
    pay = cli.ok(
        "payment",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-05",
        "--amount",
        "196.00",
        "--ref",
        "TRF 1",
    )
    cli.ok("settle", pay, inv)
    cn = cli.ok(
        "credit-note", oi, "--amount", "10.00", "--date", "2026-03-06", "--reason", "Avaria"
    )
    ci = cli.ok("correct", inv, "--qty", "1=6", "--date", "2026-03-07")
    return {
        "order": o,
        "order_payment": op,
        "order_invoice": oi,
        "invoice": inv,
        "payment": pay,
        "cn": cn,
        "ci": ci,
    }


def test_invoice_json_fields(cli, full_book):
    for key in ("invoice", "ci", "cn", "order_invoice"):
        j = cli.json("invoice", full_book[key])
        assert {
            "number",
            "kind",
            "status",
            "customer",
            "order",
            "date",
            "due_date",
            "total",
            "settled",
            "balance",
            "corrects",
            "lines",
            "unbilled",
            "settlements",
            "journal",
        } <= set(j)
        assert j["kind"] in {"invoice", "standalone", "credit_note", "corrective"}
        assert j["status"] in {"draft", "posted", "partially_settled", "settled", "corrected"}
        assert isinstance(j["number"], str) and isinstance(j["customer"], str)
        assert is_text_or_none(j["order"]) and is_text_or_none(j["corrects"])
        assert is_date(j["date"]) and is_date(j["due_date"])
        assert all(is_amount(j[k]) for k in ("total", "settled", "balance"))
        for ln in j["lines"]:
            assert {"line", "description", "quantity", "unit_price", "amount"} <= set(ln)
            assert isinstance(ln["line"], int) and isinstance(ln["description"], str)
            assert (
                isinstance(ln["quantity"], str)
                and is_amount(ln["unit_price"])
                and is_amount(ln["amount"])
            )
        for u in j["unbilled"]:
            assert {"description", "quantity", "amount"} <= set(u) and is_amount(u["amount"])
        for s in j["settlements"]:
            assert {
                "id",
                "source",
                "amount",
                "discount",
                "writeoff",
                "full_settlement",
                "date",
                "explanation",
            } <= set(s)
            assert isinstance(s["id"], int) and isinstance(s["source"], str) and is_date(s["date"])
            assert all(
                is_amount(s[k]) for k in ("amount", "discount", "writeoff", "full_settlement")
            )
            assert isinstance(s["explanation"], str) and s["explanation"]
        assert j["journal"]
        for x in j["journal"]:
            assert (
                {"account", "debit", "credit"} <= set(x)
                and is_amount(x["debit"])
                and is_amount(x["credit"])
            )
    ci = cli.json("invoice", full_book["ci"])
    assert ci["corrects"] == full_book["invoice"] and ci["unbilled"]
    assert (
        cli.json("invoice", full_book["invoice"])["settlements"][0]["source"]
        == full_book["payment"]
    )


def test_payment_json_fields(cli, full_book):
    for key in ("payment", "order_payment"):
        j = cli.json("payment", full_book[key])
        assert {
            "number",
            "customer",
            "order",
            "date",
            "amount",
            "applied",
            "unapplied",
            "refunded",
            "settlements",
            "journal",
        } <= set(j)
        assert is_date(j["date"]) and is_text_or_none(j["order"])
        assert all(is_amount(j[k]) for k in ("amount", "applied", "unapplied", "refunded"))
        assert j["settlements"] and all(isinstance(s["id"], int) for s in j["settlements"])
    j = cli.json("payment", full_book["order_payment"])
    assert (j["order"], j["amount"], j["applied"], j["refunded"], j["unapplied"]) == (
        full_book["order"],
        "300.00",
        "100.00",
        "50.00",
        "150.00",
    )


def test_customer_json_fields(cli, full_book):
    j = cli.json("customer", "C1")
    assert {"code", "name", "terms", "open_balance", "credit", "net_balance"} <= set(j)
    assert (j["code"], j["name"], j["terms"]) == ("C1", "Açores Pescas", "2% 10, net 30")
    assert all(is_amount(j[k]) for k in ("open_balance", "credit", "net_balance"))
    from decimal import Decimal

    assert Decimal(j["net_balance"]) == Decimal(j["open_balance"]) - Decimal(j["credit"])


def test_order_json_fields(cli, full_book):
    j = cli.json("order", full_book["order"])
    assert {
        "number",
        "customer",
        "status",
        "total",
        "invoiced",
        "paid",
        "refunded",
        "invoices",
        "refunds",
    } <= set(j)
    assert j["status"] in {"open", "partially_invoiced", "invoiced", "cancelled"}
    assert all(is_amount(j[k]) for k in ("total", "invoiced", "paid", "refunded"))
    assert j["invoices"][0] == full_book["order_invoice"]
    assert [set(r) >= {"number", "amount", "date"} for r in j["refunds"]] == [True]
    assert is_amount(j["refunds"][0]["amount"]) and is_date(j["refunds"][0]["date"])


def test_show_text_renderings(cli, full_book):
    r = cli.run("show", "invoice", full_book["invoice"])
    assert r.code == 0
    assert "Total" in r.out and "Balance" in r.out and "Settlements" in r.out and "Journal" in r.out
    assert "196.00 × 2 / 98 = 4.00, partial-payment discount" in r.out
    # Amounts are aligned on the right: the three figures end in the same column.
    figures = [
        ln for ln in r.out.splitlines() if ln.split(" ")[0] in ("Total", "Settled", "Balance")
    ]
    assert len({len(ln) for ln in figures}) == 1
    for what, key in (
        ("payment", full_book["payment"]),
        ("customer", "C1"),
        ("order", full_book["order"]),
    ):
        r = cli.run("show", what, key)
        assert r.code == 0 and key in r.out
    sid = cli.json("payment", full_book["payment"])["settlements"][0]["id"]
    r = cli.run("show", "settlement", str(sid))
    assert r.code == 0 and "Settlement" in r.out
    assert json.loads(cli.run("show", "settlement", str(sid), "--json").out)["id"] == sid


def test_settings_show_and_set(cli):
    s = json.loads(cli.run("settings", "--json").out)
    assert s["currency"] == "EUR" and s["company_name"] == "Conceição & Filhos, Lda"
    assert (s["discount_on_partial_payments"], s["max_underpayment"], s["aging_buckets"]) == (
        "yes",
        "0.00",
        "30,60,90,120",
    )
    assert cli.ok("settings", "set", "max_underpayment", "0,5") == "max_underpayment = 0.50"
    assert (
        cli.ok("settings", "set", "full_settlement_allowed", "off")
        == "full_settlement_allowed = no"
    )
    r = cli.run("settings")
    assert r.code == 0 and "max_underpayment" in r.out and "0.50" in r.out


def test_customer_edit_and_list(cli, make_customer):
    make_customer("C1")
    make_customer("C2", terms="2% 5, 1% 14, net 30", name="Peña Hermanos S.L.")
    cli.ok("customer", "edit", "C1", "--terms", "1% 14, net 30", "--email", "contas@acores.pt")
    assert cli.json("customer", "C1")["terms"] == "1% 14, net 30"
    r = cli.run("customer", "list")
    assert r.code == 0 and "Peña Hermanos S.L." in r.out and "Açores Pescas" in r.out
    cli.fails("customer", "edit", "C1", match="Nothing to change")


def test_terms_copied_when_posted(cli, make_customer):
    make_customer(terms="2% 10, net 30")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100")
    cli.ok("customer", "edit", "C1", "--terms", "net 60")
    j = cli.json("invoice", inv)
    assert (j["due_date"], j["terms"]) == ("2026-03-31", "2% 10, net 30")


def test_check_healthy_book(cli, full_book):
    r = cli.run("check")
    assert r.code == 0 and r.err == ""
    assert "The journal balances to zero." in r.out
    assert r.last == "The book is consistent."


def test_check_reports_problems_on_stderr(cli, full_book, book_path):
    import sqlite3

    con = sqlite3.connect(book_path)
    con.execute(
        "UPDATE invoice SET settled = settled + 1 WHERE number = ?", (full_book["invoice"],)
    )
    con.commit()
    con.close()
    r = cli.run("check")
    assert r.code == 1
    assert full_book["invoice"] in r.err and "problem" in r.err


def test_backup_opens_as_a_book_with_the_same_data(cli, full_book, tmp_path, monkeypatch):
    dest = tmp_path / "copy" / "backup.sqlite"
    assert cli.ok("backup", str(dest)) == str(dest)
    assert dest.exists()
    before = cli.dump()
    from tests.integration.conftest import dump_tables

    assert dump_tables(dest) == before
    r = cli.run("--book", str(dest), "show", "invoice", full_book["invoice"], "--json")
    assert r.code == 0
    assert json.loads(r.out) == cli.json("invoice", full_book["invoice"])
    assert cli.run("--book", str(dest), "check").code == 0
    cli.fails("backup", str(dest), match="already exists")


def test_book_option_overrides_environment(cli, tmp_path):
    other = tmp_path / "other.sqlite"
    assert (
        cli.run(
            "--book",
            str(other),
            "init",
            "--currency",
            "BRL",
            "--company",
            "Padaria Pão de Açúcar Ltda.",
        ).code
        == 0
    )
    assert json.loads(cli.run("--book", str(other), "settings", "--json").out)["currency"] == "BRL"
    assert json.loads(cli.run("settings", "--json").out)["currency"] == "EUR"


def test_window_is_called_with_the_book(cli, book_path, monkeypatch):
    calls = []
    fake = types.ModuleType("ui.main")
    fake.run_window = lambda url: calls.append(url) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.main", fake)
    assert main([]) == 0
    assert calls == [str(book_path)]


def test_window_not_available(cli, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ui.main", None)  # makes the import fail
    monkeypatch.setitem(sys.modules, "ui.screenshot", None)
    capsys.readouterr()
    assert main([]) == 1
    assert "The window is not available" in capsys.readouterr().err
    assert main(["screenshot", "shots"]) == 1
    assert "The window is not available" in capsys.readouterr().err


def test_report_commands_registered_from_cli_reports(cli, monkeypatch, capsys):
    seen = []

    def register(sub):
        p = sub.add_parser("aging")
        p.add_argument("--as-of")
        p.set_defaults(func=lambda args: seen.append(args.as_of) or 0)

    fake = types.ModuleType("app.cli.reports")
    fake.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.cli.reports", fake)
    assert main(["aging", "--as-of", "2026-03-31"]) == 0
    assert seen == ["2026-03-31"]


def test_unexpected_error_is_an_internal_error(cli, make_customer, monkeypatch):
    import app.read.queries

    def boom(code):
        raise RuntimeError("kaput")

    monkeypatch.setattr(app.read.queries, "show_customer", boom)
    r = cli.run("show", "customer", "C1")
    assert r.code == 3
    assert "Internal error: RuntimeError: kaput" in r.err and "Traceback" in r.err


def test_help_exits_0(cli):
    r = cli.run("--help")
    assert r.code == 0 and "settle" in r.out and "credit-note" in r.out


def _console(tmp_path: Path) -> list[list[str]]:
    script = Path(sys.executable).parent / "acerto"
    runs = [[sys.executable, "-m", "app"]]
    if script.exists():
        runs.insert(0, [str(script)])
    return runs


@pytest.mark.slow
def test_console_script_and_python_m_app(tmp_path):
    env = dict(os.environ, ACERTO_BOOK=str(tmp_path / "sub.sqlite"), QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    root = Path(__file__).resolve().parents[2]
    for n, cmd in enumerate(_console(tmp_path)):
        book = str(tmp_path / f"sub{n}.sqlite")

        def run(*args: str, cmd=cmd, book=book) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*cmd, "--book", book, *args],
                capture_output=True,
                text=True,
                env=env,
                cwd=root,
                timeout=120,
            )

        assert run("init", "--currency", "EUR", "--company", "Açores Pescas").returncode == 0
        assert run("customer", "add", "C1", "Peña Hermanos S.L.").returncode == 0
        r = run("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100.00")
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip().splitlines()[-1] == "INV-000001"
        r = run("payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "abc")
        assert r.returncode == 1 and 'The payment amount "abc" is not a number' in r.stderr
        assert "Traceback" not in r.stderr
        r = run("show", "invoice", "INV-000001", "--json")
        assert json.loads(r.stdout)["total"] == "100.00"


def test_a_file_that_is_not_a_book(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("not a database, " * 100)
    assert main(["--book", str(path), "check"]) == 1
    err = capsys.readouterr().err
    assert "cannot be opened" in err and "Traceback" not in err
    assert path.read_text() == "not a database, " * 100
