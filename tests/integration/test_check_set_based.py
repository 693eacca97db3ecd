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
from app.services import book
from models.db import close_db, init_db
from models.on_order import COUNTED_CREDITS_SQL, counted_on_order
from models.tables import Invoice
from tests.integration import test_check_invariants as planted
from tests.integration.conftest import Cli
from tests.integration.test_check_invariants import CASES, _params, tamper

template = planted.template  # its consistent book, made once per module


def _both_ways(path: Path) -> tuple[list[str], list[str]]:
    init_db(str(path))
    try:
        fast: list[str] = []
        plain: list[str] = []
        check_invariants(fast.append, book.currency())
        check_invariants(plain.append, book.currency(), suspects_only=False)
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
