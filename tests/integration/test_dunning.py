"""`acerto dunning`: a three-level run over a generated book, checked by hand.

The test computes, independently of app/rules/dunning.py, who is reminded
of what: invoices at least 14 days overdue (levels at 14, 30, 60 days),
the customer's unapplied credit set against them oldest due first (a
covered invoice is left out), one level up per run at most, nothing for an
excluded customer.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

from tests.integration.conftest import Cli
from tests.integration.test_reports_pdf import flat, text_of

DAYS = (14, 30, 60)
START = dt.date(2026, 1, 5)


def _book(cli: Cli) -> tuple[dict[str, list[tuple[str, dt.date, Decimal]]], dict[str, Decimal]]:
    """Customers with invoices (net 30), some paid, some in part, some with credit left."""
    rng = random.Random(13)
    invoices: dict[str, list[tuple[str, dt.date, Decimal]]] = {}
    credit: dict[str, Decimal] = {}
    for n in range(1, 9):
        code = f"K{n}"
        cli.ok("customer", "add", code, f"Cliente <{n}> & Cª", "--terms", "net 30")
        invoices[code] = []
        for _ in range(rng.randint(1, 4)):
            on = START + dt.timedelta(days=rng.randint(0, 90))
            amount = Decimal(rng.randint(50, 400))
            number = cli.ok("invoice", "add", "--customer", code, "--date", on.isoformat(),
                            "--amount", f"{amount}.00")  # fmt: skip
            invoices[code].append((number, on + dt.timedelta(days=30), amount))
        first, first_due, first_amount = invoices[code][0]
        if n % 3 == 0:  # the first invoice paid in full: never reminded
            pay = cli.ok("payment", "add", "--customer", code, "--date", "2026-02-01",
                         "--amount", f"{first_amount}")  # fmt: skip
            cli.ok("settle", pay, first)
            invoices[code][0] = (first, first_due, Decimal(0))
        elif n % 3 == 1:  # unapplied credit: covers the oldest invoices, or part of one
            amount = Decimal(rng.choice([40, 120, 500]))
            cli.ok("payment", "add", "--customer", code, "--date", "2026-02-01",
                   "--amount", f"{amount}.00")  # fmt: skip
            credit[code] = amount
    return invoices, credit


def _expected(
    invoices: dict[str, list[tuple[str, dt.date, Decimal]]],
    credit: dict[str, Decimal],
    as_of: dt.date,
    last: dict[str, int],
    excluded: set[str],
) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for code, items in invoices.items():
        if code in excluded:
            continue
        left = credit.get(code, Decimal(0))
        levels: dict[str, int] = {}
        for number, due, amount in sorted(items, key=lambda i: (i[1], i[0])):
            late = (as_of - due).days
            if amount == 0 or late < DAYS[0]:
                continue
            taken = min(left, amount)
            left -= taken
            if taken == amount:
                continue  # covered by the credit
            reached = sum(1 for d in DAYS if late >= d)
            levels[number] = max(min(reached, last.get(number, 0) + 1), last.get(number, 0))
        if any(level > last.get(number, 0) for number, level in levels.items()):
            out[code] = levels
    return out


def _ran(output: str) -> dict[str, dict[str, int]]:
    got: dict[str, dict[str, int]] = {}
    code = ""
    for line in output.splitlines():
        m = re.match(r"^(K\d+) .*: level (\d)", line)
        if m:
            code = m.group(1)
            got[code] = {}
            continue
        m = re.match(r"^  (INV-\d+) due .*: level (\d)", line)
        if m:
            got[code][m.group(1)] = int(m.group(2))
    return got


def test_three_runs_escalate_skip_excluded_and_credit_covered(cli: Cli, tmp_path: Path) -> None:
    invoices, credit = _book(cli)
    cli.ok("customer", "edit", "K2", "--no-dunning")
    excluded = {"K2"}
    last: dict[str, int] = {}
    runs = [dt.date(2026, 5, 20), dt.date(2026, 6, 10), dt.date(2026, 7, 20)]
    seen_levels: set[int] = set()
    for n, as_of in enumerate(runs):
        want = _expected(invoices, credit, as_of, last, excluded)
        dry = cli.run("dunning", "--as-of", as_of.isoformat(), "--dry-run")
        assert dry.code == 0, dry.err
        assert _ran(dry.out) == want
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        r = cli.run("dunning", "--as-of", as_of.isoformat(), "--out-dir", str(folder))
        assert r.code == 0, r.err
        assert _ran(r.out) == want, as_of
        assert "K2: excluded from reminders" in r.out or not any(a for _, _, a in invoices["K2"])
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            f"reminder-{code}-{as_of.isoformat()}.pdf" for code in want
        )
        for levels in want.values():
            for number, level in levels.items():
                last[number] = level
                seen_levels.add(level)
        # The same run again the next day raises nothing: the interval has not passed.
        again = cli.run("dunning", "--as-of", (as_of + dt.timedelta(days=1)).isoformat(),
                        "--dry-run")  # fmt: skip
        assert _ran(again.out) == {}
    assert seen_levels == {1, 2, 3}
    assert any(levels for levels in _expected(invoices, credit, runs[0], {}, set()).values())
    assert "K2" in _expected(invoices, credit, runs[0], {}, set())  # K2 would have been reminded


def test_the_letter_says_what_credit_was_taken_into_account(cli: Cli, tmp_path: Path) -> None:
    cli.ok("settings", "set", "company_iban", "GB82WEST12345698765432")
    cli.ok("customer", "add", "C1", "Ana <b>&", "--terms", "net 30")
    a = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-01-10", "--amount", "100.00")
    b = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-02-10", "--amount", "80.00")
    paid = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-01-05", "--amount", "30.00")
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "30.00")
    cli.ok("settle", pay, paid)
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-02", "--amount", "130.00")
    r = cli.run("dunning", "--as-of", "2026-04-20", "--out-dir", str(tmp_path))
    assert r.code == 0, r.err
    # 130.00 credit covers A (100.00) and 30.00 of B: B is reminded for 50.00; paid is not.
    assert f"covered by credit, not reminded: {a}" in r.out
    assert paid not in r.out
    text = flat(text_of(tmp_path / "reminder-C1-2026-04-20.pdf"))
    assert "Payment reminder" in text and "Ana <b>&" in text
    assert re.search(rf"{b} 2026-03-12 39 80\.00 30\.00 50\.00", text), text
    assert "Total owed (EUR) 50.00" in text
    assert "unapplied credit of 130.00" in text and f"It covers {a}, which are not reminded" in text
    assert "IBAN GB82 WEST 1234 5698 7654 32" in text
    cli.fails("dunning", "--as-of", "2999-01-01", match="after today")


def test_customer_edit_takes_a_customer_out_and_back(cli: Cli) -> None:
    cli.ok("customer", "add", "C1", "Ana", "--terms", "net 30")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-01-10", "--amount", "100.00")
    assert "C1 Ana: level 1" in cli.run("dunning", "--as-of", "2026-03-01", "--dry-run").out
    cli.ok("customer", "edit", "C1", "--no-dunning")
    out = cli.run("dunning", "--as-of", "2026-03-01", "--dry-run").out
    assert "C1: excluded from reminders" in out and "level 1" not in out
    cli.ok("customer", "edit", "C1", "--dunning")
    assert "C1 Ana: level 1" in cli.run("dunning", "--as-of", "2026-03-01", "--dry-run").out
    cli.fails("settings", "set", "dunning_days", "30,14,60", match="three increasing")
    cli.fails("customer", "edit", "NOPE", "--no-dunning", match="no customer")


def test_a_book_from_before_reminders_gains_their_tables(cli: Cli, tmp_path: Path) -> None:
    """The migration: a book without the dunning tables (the version before them) gets them as
    create_schema makes them, and a run records its levels in them."""
    cli.ok("customer", "add", "C1", "Ana", "--terms", "net 30")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-01-10", "--amount", "100.00")
    con = sqlite3.connect(cli.path)
    made = sorted(con.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'dunning%'"))
    from models.migrations import MIGRATIONS

    before = [m.__name__ for m in MIGRATIONS].index("_m8_dunning")  # the version before it
    con.execute("DROP TABLE dunning_notice")
    con.execute("DROP TABLE dunning_exclusion")
    con.execute("UPDATE schema_version SET version = ?", (before,))
    con.commit()
    con.close()
    assert "C1 Ana: level 1" in cli.run("dunning", "--as-of", "2026-03-01").out
    con = sqlite3.connect(cli.path)
    migrated = sorted(con.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'dunning%'"))
    assert migrated == made  # the same tables and indexes, to the letter
    assert con.execute("SELECT level, sent_on FROM dunning_notice").fetchall() == [
        (1, "2026-03-01")
    ]
    con.close()


def test_a_new_out_dir_is_made_once_the_run_is_accepted(cli: Cli, tmp_path: Path) -> None:
    cli.ok("customer", "add", "C1", "Ana", "--terms", "net 30")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-01-10", "--amount", "100.00")
    refused = tmp_path / "refused"
    r = cli.run("dunning", "--as-of", "2999-01-01", "--out-dir", str(refused))
    assert r.code != 0 and not refused.exists()
    new = tmp_path / "new" / "letters"
    r = cli.run("dunning", "--as-of", "2026-04-20", "--out-dir", str(new))
    assert r.code == 0, r.err
    assert [p.name for p in new.iterdir()] == ["reminder-C1-2026-04-20.pdf"]
