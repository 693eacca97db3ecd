"""Schema 13 (issue 11): a payout taken back is remembered in payout_reversal. A
book of the version before, whose journal holds payouts taken back, gains the
table with those reversals found in its journal: the same rows reverse_payout
writes today, in the book's language too."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.services import book, customers, payments, payouts, refunds
from models.db import close_db, init_db
from models.migrations import LATEST, MIGRATIONS, _m13_payout_reversals


def _rows(path: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM payout_reversal ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("language", ["en", "pt_BR"])
def test_an_older_book_finds_its_reversed_payouts_in_the_journal(
    tmp_path: Path, language: str
) -> None:
    path = tmp_path / "older.sqlite"
    init_db(str(path))
    try:
        book.initialise("EUR", "Old, Lda")
        book.set_setting("language", language)
        customers.add_customer("C1", "Cliente")
        pay = payments.create_payment("C1", date(2026, 3, 1), Decimal("50.00"))
        one = refunds.refund_credit(pay.number, date(2026, 3, 2), Decimal("20.00")).number
        two = refunds.refund_credit(pay.number, date(2026, 3, 2), Decimal("10.00")).number
        payouts.pay_refund(one, date(2026, 3, 3), "TRF (7)")
        payouts.pay_refund(two, date(2026, 3, 3))
        payouts.reverse_payout(one, date(2026, 3, 4), "line 3: not it")
        payouts.reverse_payout(two, date(2026, 3, 4))
        payouts.pay_refund(one, date(2026, 3, 5), "TRF 8")
        payouts.reverse_payout(one, date(2026, 3, 6), "again")
        payouts.pay_refund(one, date(2026, 3, 7), "TRF 9")  # stands
    finally:
        close_db()
    written = _rows(path)
    assert [(r[1], r[3], r[6]) for r in written] == [
        (1, "TRF (7)", "line 3: not it"),
        (2, "", ""),
        (1, "TRF 8", "again"),
    ]
    con = sqlite3.connect(path)
    con.execute("DROP TABLE payout_reversal")
    # A book from before the migration (those after it run again: each is idempotent).
    before = MIGRATIONS.index(_m13_payout_reversals)
    con.execute("UPDATE schema_version SET version = ?", (before,))
    con.commit()
    con.close()
    init_db(str(path))
    close_db()
    assert _rows(path) == written
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version FROM schema_version").fetchone()[0] == LATEST
    finally:
        con.close()
