"""`acerto pdf statement`: balances that agree with `show customer` and the aging workbook."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import openpyxl

from app.read.statement import Statement, statement, statements
from app.services import book
from models.db import close_db
from reports.customer_jobs import statement_pdfs
from tests.integration.conftest import Cli
from tests.integration.test_reports_pdf import flat, text_of

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def _adds_up(s: Statement) -> None:
    running = s.opening
    for ln in s.lines:
        running += ln.debit - ln.credit
        assert ln.balance == running, (s.customer.code, ln)
    assert s.closing == running


def _summary(path: Path) -> dict[str, list[Decimal]]:
    ws = openpyxl.load_workbook(path, read_only=True)["Summary"]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    end = header.index("Net") + 1
    return {
        str(r[0]): [Decimal(str(v)).quantize(Decimal("0.01")) for v in r[2:end]]
        for r in rows
        if r[0] and r[0] != "Total"
    }


def test_a_paid_invoice_with_its_discount_reads_line_by_line(cli: Cli, tmp_path: Path) -> None:
    cli.ok("customer", "add", "C1", "Ana <b>&", "--terms", "2% 10, net 30")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100.00")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-02-01", "--amount", "50.00")
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-09", "--amount", "98.00")
    cli.ok("settle", pay, inv)
    out = tmp_path / "s.pdf"
    assert cli.ok("pdf", "statement", "C1", "--from", "2026-03-01", "--to", "2026-03-31",
                  "--out", str(out)) == str(out)  # fmt: skip
    text = flat(text_of(out))
    assert "Ana <b>&" in text
    assert "Opening balance 50.00" in text  # the February invoice
    assert f"{inv} Invoice, due 2026-03-31 100.00 150.00" in text
    assert f"{pay} Payment 98.00 52.00" in text
    assert re.search(
        rf"{pay} applied to {inv}: 98\.00; discount (or write-off )?2\.00 50\.00", text
    )
    assert "Closing balance 50.00" in text
    assert cli.json("customer", "C1")["net_balance"] == "50.00"
    # Footer as of 31 March: the February invoice is 28 days overdue (bucket 1–30).
    assert "Current 1–30 31–60 61–90 91–120 over 120 Open Unapplied" in text
    assert "0.00 50.00 0.00 0.00 0.00 0.00 50.00 0.00 50.00" in text


def test_statements_of_a_generated_book_agree_with_show_and_aging(cli: Cli, tmp_path: Path) -> None:
    r = cli.run("demo", "--customers", "8", "--invoices", "120", "--today", "2026-06-30", "--quiet")
    assert r.code == 0, r.err
    aging = tmp_path / "aging.xlsx"
    cli.ok("aging", "--as-of", END.isoformat(), "--out", str(aging))
    summary = _summary(aging)
    net = {code: Decimal(cli.json("customer", code)["net_balance"]) for code in summary}
    folder = tmp_path / "all"
    folder.mkdir()
    r = cli.run("pdf", "statement", "--all", "--from", START.isoformat(), "--to", END.isoformat(),
                "--out-dir", str(folder))  # fmt: skip
    assert r.code == 0, r.err
    assert f"{len(summary)} of {len(summary)} statements" in r.err  # progress on stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"statement-{code}.pdf" for code in summary
    )
    book.open_book(str(cli.path))
    try:
        for code, figures in summary.items():
            s = statement(code, START, END)
            _adds_up(s)
            assert s.closing == net[code], code
            assert s.aging is not None
            assert [*s.aging.buckets, s.aging.total, s.aging.credit, s.aging.net] == figures
            assert s.closing == s.aging.net  # nothing is dated after the period
            # The opening balance is the closing balance of the period before.
            before = statement(code, dt.date(2025, 1, 1), dt.date(2026, 3, 31))
            after = statement(code, dt.date(2026, 4, 1), END)
            assert after.opening == before.closing
            _adds_up(before)
            _adds_up(after)
    finally:
        close_db()
    code = next(iter(summary))
    text = flat(text_of(folder / f"statement-{code}.pdf"))
    assert f"Closing balance {net[code]:,.2f}" in text
    assert " ".join(f"{v:,.2f}" for v in summary[code]) in text


def test_the_batch_reads_and_prints_each_statement_as_the_single_command(
    cli: Cli, tmp_path: Path
) -> None:
    """`--all` reads the whole batch in a few set-based queries; every customer's
    statement (data and PDF text) is the one `pdf statement CODE` gives."""
    r = cli.run("demo", "--customers", "6", "--invoices", "90", "--today", "2026-06-30", "--quiet")
    assert r.code == 0, r.err
    # A credit note netted against a discounted, paid invoice (its settlement reads
    # differently from its stored row) and a refund of the credit left over.
    cli.ok("customer", "add", "CN1", "Netting <b>&", "--terms", "2% 10, net 30")
    inv = cli.ok("invoice", "add", "--customer", "CN1", "--date", "2026-03-01", "--amount", "100")
    pay = cli.ok("payment", "add", "--customer", "CN1", "--date", "2026-03-09", "--amount", "98")
    cli.ok("settle", pay, inv)
    cn = cli.ok("credit-note", inv, "--amount", "100", "--date", "2026-03-20",
                "--reason", "Devolução & <i>")  # fmt: skip
    cli.ok("refund", cn, "--amount", "50", "--date", "2026-03-25", "--reason", "Cash <back>")
    cli.ok("invoice", "add", "--customer", "CN1", "--date", "2026-02-01", "--amount", "10")
    folder = tmp_path / "all"
    folder.mkdir()
    start = dt.date(2026, 3, 1)
    assert cli.run("pdf", "statement", "--all", "--from", start.isoformat(), "--to",
                   END.isoformat(), "--out-dir", str(folder)).code == 0  # fmt: skip
    files = sorted(folder.iterdir())
    assert "statement-CN1.pdf" in [p.name for p in files]
    book.open_book(str(cli.path))
    try:
        count, each = statements(start, END)
        batch = list(each)
        assert count == len(batch) == len(files)
        for s in batch:
            assert s == statement(s.customer.code, start, END), s.customer.code
        netting = next(s for s in batch if s.customer.code == "CN1")
        assert netting.opening == Decimal("10.00")
        assert [ln.kind for ln in netting.lines].count("settlement") == 2
        # Two worker processes (what large batches use) write the same files.
        pooled = tmp_path / "pooled"
        pooled.mkdir()
        done: list[int] = []
        written = statement_pdfs(
            pooled, start, END, workers=2, progress=lambda n, _t: done.append(n)
        )
        assert sorted(p.name for p in written) == [p.name for p in files]
        assert done == list(range(len(files) + 1))
        for path in files:
            assert text_of(pooled / path.name) == text_of(path), path.name
    finally:
        close_db()
    for path in files:
        code = path.stem.removeprefix("statement-")
        single = tmp_path / f"one-{code}.pdf"
        cli.ok("pdf", "statement", code, "--from", start.isoformat(), "--to", END.isoformat(),
               "--out", str(single))  # fmt: skip
        assert text_of(path) == text_of(single), code
