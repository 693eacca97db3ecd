"""`acerto check` finds a book changed behind the application's back, and a damaged file.

Each case makes one inconsistency with SQL straight into a consistent test
book and asserts the sentence naming the document; the corruption cases
overwrite pages of the SQLite file and assert a sentence, a non-zero exit
and no traceback, and that posting and backup refuse the damaged book.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from tests.integration.conftest import Cli


def _made(book: Path, *args: str) -> str:
    """Run one command on `book`; the number it printed last."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--book", str(book), *args]) == 0, args
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A consistent book, made once: an order paid in part and invoiced in part, an
    invoice settled by a payment, a credit note on the order's invoice."""
    book = tmp_path_factory.mktemp("template") / "book.sqlite"
    _made(book, "init", "--currency", "EUR")
    _made(book, "customer", "add", "C1", "Açores Pescas")
    d = {"order": _made(book, "order", "add", "--customer", "C1", "--date", "2026-03-01",
                        "--line", "Caixa;2;50.00")}  # fmt: skip
    d["order_pay"] = _made(book, "payment", "add", "--customer", "C1", "--date", "2026-03-01",
                           "--amount", "30", "--order", d["order"])  # fmt: skip
    d["order_inv"] = _made(book, "invoice", "add", "--customer", "C1", "--date", "2026-03-02",
                           "--order", d["order"], "--amount", "40")  # fmt: skip
    d["inv"] = _made(book, "invoice", "add", "--customer", "C1", "--date", "2026-03-01",
                     "--line", "Horas;2;50.00")  # fmt: skip
    d["pay"] = _made(book, "payment", "add", "--customer", "C1", "--date", "2026-03-05",
                     "--amount", "100")  # fmt: skip
    _made(book, "settle", d["pay"], d["inv"])
    d["cn"] = _made(book, "credit-note", d["order_inv"], "--amount", "20")
    _settle_wal(book)
    return book, d


@pytest.fixture
def docs(cli: Cli, template: tuple[Path, dict[str, str]]) -> dict[str, str]:
    """The template book copied into the test's own book."""
    shutil.copyfile(template[0], cli.path)
    r = cli.run("check")
    assert r.code == 0, r.err  # consistent before anything is changed behind its back
    return template[1]


def tamper(path: Path, sql: str, *params: object) -> None:
    con = sqlite3.connect(path)
    try:
        assert con.execute(sql, params).rowcount >= 1, sql
        con.commit()
    finally:
        con.close()


CASES = [
    (
        "UPDATE \"order\" SET status = 'cancelled' WHERE number = :order",
        # 40.00 invoiced less the 20.00 credit note on it (issue 9)
        r"Order {order} is cancelled but invoiced: 1 posted invoice for 20\.00 is on it\.",
    ),
    (
        "UPDATE payment SET amount = 5000 WHERE number = :pay",
        r"Payment {pay} \(50\.00\) is used beyond its amount: its settlements apply 100\.00",
    ),
    (
        "UPDATE invoice SET total = 6000 WHERE number = :inv",
        r"Invoice {inv} is settled beyond its total: its settlements settle 100\.00 of 60\.00\.",
    ),
    (
        "UPDATE payment SET applied = 0 WHERE number = :pay",
        r"Payment {pay}: the applied figure \(0\.00\) differs from its settlements \(100\.00\)\.",
    ),
    (
        "UPDATE payment SET refunded = 500 WHERE number = :pay",
        r"Payment {pay}: the refunded figure \(5\.00\) differs from its refunds \(0\.00\)\.",
    ),
    (
        "UPDATE invoice SET settled = 0, status = 'posted' WHERE number = :inv",
        r"Invoice {inv}: the settled figure \(0\.00\) differs from its settlements and refunds "
        r"\(100\.00\)\.",
    ),
    (
        "UPDATE invoice SET discount_taken = 500 WHERE number = :inv",
        r"Invoice {inv}: the discount taken \(5\.00\) differs from its settlements' discounts",
    ),
    (
        "UPDATE invoice SET status = 'posted' WHERE number = :inv",
        r'Invoice {inv}: the status "posted" should be "settled"',
    ),
    (
        "UPDATE invoice_line SET amount = 100 WHERE invoice_id = "
        "(SELECT id FROM invoice WHERE number = :inv)",
        r"Invoice {inv}: the total \(100\.00\) differs from its lines \(1\.00\)\.",
    ),
    (
        "UPDATE invoice SET settled = 0 WHERE number = :cn",
        r"Credit note {cn}: the settled figure \(0\.00\) differs from its settlements and refunds",
    ),
    (
        'UPDATE "order" SET invoiced = 0 WHERE number = :order',
        r"Order {order}: the invoiced figure \(0\.00\) differs from its rows \(20\.00\)\.",
    ),
    (
        'UPDATE "order" SET paid = 0 WHERE number = :order',
        r"Order {order}: the paid figure \(0\.00\) differs from its rows \(30\.00\)\.",
    ),
    (
        'UPDATE "order" SET refunded = 700 WHERE number = :order',
        r"Order {order}: the refunded figure \(7\.00\) differs from its rows \(0\.00\)\.",
    ),
    (
        'UPDATE "order" SET total = 9000 WHERE number = :order',
        r"Order {order}: the total \(90\.00\) differs from its lines less its discount "
        r"\(100\.00\)\.",
    ),
    (
        "UPDATE \"order\" SET status = 'open' WHERE number = :order",
        r'Order {order}: the status "open" should be "partially_invoiced"',
    ),
    (
        "UPDATE order_line SET invoiced_quantity = 1500 WHERE order_id = "
        '(SELECT id FROM "order" WHERE number = :order)',
        r"Order {order} line 1: the invoiced quantity \(1\.5\) differs from its invoice lines "
        r"\(0\)\.",
    ),
    (
        "UPDATE order_line SET amount = amount + 1 WHERE order_id = "
        '(SELECT id FROM "order" WHERE number = :order)',
        r"Order {order} line 1: the amount \(100\.01\) is not its quantity times its price "
        r"\(100\.00\)\.",
    ),
    (
        "UPDATE invoice_line SET quantity = -2000, amount = -9999 WHERE invoice_id = "
        "(SELECT id FROM invoice WHERE number = :inv)",
        r"Invoice {inv} line 1: the amount \(-99\.99\) is not its quantity times its price "
        r"\(-100\.00\)\.",
    ),
    (
        "UPDATE counter SET value = 1 WHERE name = 'INV'",
        r"The numbering series INV stands at 1 but INV-000002 exists: the next number would be "
        r"taken twice\.",
    ),
    (
        "UPDATE journal_line SET debit = debit + 1 WHERE id = "
        "(SELECT min(id) FROM journal_line WHERE debit > 0)",
        r'Journal entry \d+ \("[^"]+"\) does not balance: debits exceed credits by 0\.01\.',
    ),
]


@pytest.mark.parametrize(("sql", "sentence"), CASES, ids=[c[0][:40] for c in CASES])
def test_check_names_each_inconsistency(cli: Cli, docs, sql: str, sentence: str) -> None:
    tamper(cli.path, re.sub(r":(order|pay|inv|cn)\b", "?", sql), *_params(sql, docs))
    r = cli.run("check")
    assert r.code == 1
    assert "Traceback" not in r.err and "Internal error" not in r.err
    want = sentence.format(**{k: re.escape(v) for k, v in docs.items()})
    assert re.search(want, r.err), f"{want!r} not in {r.err!r}"
    data = json.loads(cli.run("check", "--json").out)
    assert data["ok"] is False and data["damaged"] is False
    assert any(re.search(want, p) for p in data["problems"])


def _params(sql: str, docs: dict[str, str]) -> list[str]:
    return [docs[m] for m in re.findall(r":(order|pay|inv|cn)\b", sql)]


def test_check_json_of_a_sound_book(cli: Cli, docs) -> None:
    r = cli.run("check", "--json")
    assert r.code == 0
    data = json.loads(r.out)
    assert data["ok"] is True and data["damaged"] is False and data["problems"] == []
    assert data["integrity_check"] == ["ok"]
    assert any("cached figure" in f for f in data["facts"])


# ---------------------------------------------------------------- a damaged file


def _settle_wal(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _page_of(path: Path, table: str) -> tuple[int, int]:
    con = sqlite3.connect(path)
    try:
        size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        return int(root[0]), int(size)
    finally:
        con.close()


def overwrite_page(path: Path, table: str) -> None:
    """Garbage over the root page of `table`, as a failing disk would leave it."""
    _settle_wal(path)
    page, size = _page_of(path, table)
    with open(path, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(bytes((i * 37 + 11) % 256 for i in range(size)))


def test_a_damaged_book_is_reported_and_refused(cli: Cli, docs, tmp_path: Path) -> None:
    overwrite_page(cli.path, "payment")
    r = cli.run("check")
    assert r.code == 1
    assert "Traceback" not in r.err and "Internal error" not in r.err
    assert "The book's file is damaged: SQLite's integrity check found" in r.err
    assert "acerto restore BACKUP" in r.err
    data = json.loads(cli.run("check", "--json").out)
    assert data["damaged"] is True and data["integrity_check"] != ["ok"]

    r = cli.run("payment", "add", "--customer", "C1", "--date", "2026-03-09", "--amount", "5")
    assert r.code == 1 and "Traceback" not in r.err
    assert re.search(r"is damaged \(SQLite quick check: .+\), so it cannot be posted to\.", r.err)
    assert "restore BACKUP" in r.err

    dest = tmp_path / "copy.sqlite"
    r = cli.run("backup", str(dest))
    assert r.code == 1 and "so it cannot be backed up" in r.err
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name] == []


def test_a_book_whose_first_page_is_garbage_is_a_sentence(cli: Cli, docs) -> None:
    _settle_wal(cli.path)
    with open(cli.path, "r+b") as f:
        f.write(b"\x00" * 100)  # the SQLite header
    for args in (("check",), ("show", "invoice", docs["inv"])):
        r = cli.run(*args)
        assert r.code == 1, args
        assert "Traceback" not in r.err and "Internal error" not in r.err
        assert re.search(r"is damaged \(.+\): it cannot be opened\. Restore the last backup", r.err)
