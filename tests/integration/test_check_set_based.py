"""`acerto check`'s set-based SQL finds what the straightforward way finds (issue 12).

The checks' WHERE clauses send only the rows that break a rule to Python;
`check_invariants(..., suspects_only=False)` sends every row through the same
comparisons, as the check did before. Each defect of test_check_invariants is
planted in a copy of its book, then both ways must say the same sentences, and
the SQL walk of correction chains must pick the documents the Python walk picks.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, cast

import pytest

from app.read.invariants import check_invariants
from app.services import book as book_service
from models.db import close_db, init_db
from models.on_order import COUNTED_CREDITS_SQL, counted_on_order
from models.tables import Invoice
from tests.builders import BookHandle
from tests.integration import test_check_invariants as planted
from tests.integration.conftest import Cli
from tests.integration.test_check_invariants import CASES, _params, tamper

template = planted.template  # its consistent book, made once per module


def _both_ways(path: Path) -> tuple[list[str], list[str]]:
    init_db(str(path))
    try:
        fast: list[str] = []
        plain: list[str] = []
        check_invariants(fast.append, book_service.currency())
        check_invariants(plain.append, book_service.currency(), suspects_only=False)
        return fast, plain
    finally:
        close_db()


@pytest.mark.parametrize(("sql", "sentence"), CASES, ids=[c[0][:40] for c in CASES])
def test_set_based_check_says_what_the_plain_one_says(
    tmp_path: Path, template: tuple[Path, dict[str, str]], sql: str, sentence: str
) -> None:
    path = tmp_path / "book.sqlite"
    shutil.copyfile(template[0], path)
    tamper(path, re.sub(r":(order|pay|inv|cn)\b", "?", sql), *_params(sql, template[1]))
    fast, plain = _both_ways(path)
    assert fast == plain
    if not sentence.startswith("Receivables"):
        want = sentence.format(**{k: re.escape(v) for k, v in template[1].items()})
        assert any(re.search(want, s) for s in fast), (want, fast)


def test_every_defect_at_once(tmp_path: Path, template: tuple[Path, dict[str, str]]) -> None:
    path = tmp_path / "book.sqlite"
    shutil.copyfile(template[0], path)
    for sql, _sentence in CASES:
        tamper(path, re.sub(r":(order|pay|inv|cn)\b", "?", sql), *_params(sql, template[1]))
    fast, plain = _both_ways(path)
    assert fast == plain and len(fast) >= 15


def test_a_sound_book_sends_no_row(tmp_path: Path, template: tuple[Path, dict[str, str]]) -> None:
    path = tmp_path / "book.sqlite"
    shutil.copyfile(template[0], path)
    assert _both_ways(path) == ([], [])


def test_sql_walk_of_chains_picks_the_python_walk(cli: Cli) -> None:
    """Invoices on an order, a credit note on one, a correction chain two deep on
    another, a standalone invoice and a credit note on it: the same documents count."""
    cli.ok("init", "--currency", "EUR")
    cli.ok("customer", "add", "C1", "Cliente")
    order = cli.ok("order", "add", "--customer", "C1", "--date", "2026-03-01",
                   "--line", "Caixa;10;50.00")  # fmt: skip
    first = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-02",
                   "--order", order, "--amount", "100")  # fmt: skip
    second = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-02",
                    "--order", order, "--amount", "100")  # fmt: skip
    cli.ok("credit-note", first, "--amount", "20")
    ci = cli.ok("correct", second, "--qty", "1=2", "--date", "2026-03-04")
    cli.ok("correct", ci, "--qty", "2=3", "--date", "2026-03-05")
    init_db(str(cli.path))
    try:
        from peewee import SQL

        in_sql = Invoice.select(Invoice.id).where(Invoice.id.in_(SQL(COUNTED_CREDITS_SQL)))
        walked = {i for (i,) in cast(Any, in_sql.tuples())}
        invoices = Invoice.select(Invoice.id).where(
            (Invoice.kind == "invoice") & Invoice.order.is_null(False) & (Invoice.status != "draft")
        )
        by_sql = walked | {i for (i,) in cast(Any, invoices.tuples())}
        assert by_sql == set(counted_on_order())
        assert len(walked) == 3  # the credit note and both corrections
    finally:
        close_db()


TAMPER_ON_EVERY_BACKEND = [
    "UPDATE invoice SET settled = 0 WHERE kind = 'invoice'",
    "UPDATE payment SET applied = applied + 1",
    "UPDATE \"order\" SET paid = paid + 7, status = 'open'",
    "UPDATE order_line SET invoiced_quantity = invoiced_quantity + 1",
    "UPDATE counter SET value = 0",
    "UPDATE journal_line SET debit = debit + 1 WHERE debit > 0",
]


def test_the_same_on_every_backend(book: BookHandle) -> None:
    """On SQLite and, with ACERTO_TEST_PG, PostgreSQL: a sound book says nothing either
    way; a damaged one says the same sentences both ways, for every document."""
    from datetime import date
    from decimal import Decimal

    from app.services import credit_notes, customers, invoices, orders, payments, settlements
    from app.services.invoices import LineInput
    from models.db import database

    book_service.initialise("EUR", "")
    customers.add_customer("C1", "Cliente")
    on = date(2026, 3, 2)
    order = orders.create_order(
        "C1", on, lines=[LineInput("Caixa", Decimal("4"), Decimal("25.00"))]
    )
    inv = invoices.create_invoice("C1", on, amount=Decimal("40.00"), order=order.number)
    pay = payments.create_payment("C1", on, Decimal("40.00"))
    settlements.settle(pay.number, [inv.number], on=on)
    credit_notes.create_credit_note(inv.number, on, amount=Decimal("10.00"))
    cur = book_service.currency()
    fast: list[str] = []
    check_invariants(fast.append, cur)
    assert fast == []
    for sql in TAMPER_ON_EVERY_BACKEND:
        database.execute_sql(sql)
    fast, plain = [], list[str]()
    check_invariants(fast.append, cur)
    check_invariants(plain.append, cur, suspects_only=False)
    assert fast == plain and len(fast) >= 6, fast
