"""The write batch on PostgreSQL (issue 12): the services' rows go in multi-row
INSERTs with ids reserved from the tables' sequences, and the book is the one
the same calls write one statement at a time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.services import book, customers, payments
from models.db import database
from tests.builders import PG_URL, fresh_postgres_book

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="set ACERTO_TEST_PG=postgresql://... to run against PostgreSQL"
)
DAY = date(2026, 3, 31)


def _post(batched: bool) -> tuple[list[Any], int]:
    """Customers and payments posted in one transaction; the rows written (ids
    left out) and the INSERT statements peewee sent one by one."""
    fresh_postgres_book(PG_URL)
    book.initialise("EUR", "Batch")
    inserts = 0
    db = database.obj
    real = db.execute_sql

    def spy(sql: str, params: Any = None) -> Any:
        nonlocal inserts
        inserts += sql.lstrip().upper().startswith('INSERT INTO "PAYMENT"')
        return real(sql, params)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        with book.transaction():
            if batched:
                with book.batch():
                    _write()
            else:
                _write()
    finally:
        del db.execute_sql
    rows = database.execute_sql(
        "SELECT p.number, c.code, p.date, p.amount, p.reference, e.description, l.account, "
        "l.debit, l.credit FROM payment p JOIN customer c ON c.id = p.customer_id "
        "JOIN journal_entry e ON e.payment_id = p.id JOIN journal_line l ON l.entry_id = e.id "
        "ORDER BY p.number, l.account"
    ).fetchall()
    return rows, inserts


def _write() -> None:
    for c in range(3):
        customers.add_customer(f"B{c}", f"Batch customer {c}")
    for n in range(60):
        payments.create_payment(f"B{n % 3}", DAY, Decimal("1.00") + n, reference=f"R{n}")


def test_a_batch_on_postgresql_writes_what_one_call_at_a_time_writes() -> None:
    one_by_one, sent_alone = _post(batched=False)
    batched, sent_batched = _post(batched=True)
    assert len(one_by_one) == 120  # two journal lines a payment
    assert batched == one_by_one
    assert sent_alone == 60 and sent_batched == 0  # the batch's INSERTs go past peewee
    # The ids came from the sequences: a plain insert afterwards takes a new one.
    top = database.execute_sql("SELECT max(id) FROM payment").fetchone()[0]
    with book.transaction():
        payments.create_payment("B0", DAY, Decimal("9.99"))
    assert database.execute_sql("SELECT max(id) FROM payment").fetchone()[0] > top


def test_the_tables_a_batch_filled_are_analyzed_at_its_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """The planner learns the tables' sizes when the batch ends: taking a
    100,000-payment table for empty, it ran the export's first-entry subquery
    as a scan of the whole journal per payment (over ten minutes)."""
    from models import pg_send

    monkeypatch.setattr(pg_send, "ANALYZE_AT", 50)
    fresh_postgres_book(PG_URL)
    book.initialise("EUR", "Batch")
    database.execute_sql("ANALYZE payment")  # empty: the planner's last word on it

    def counted(table: str) -> int:
        sql = "SELECT reltuples::bigint FROM pg_class WHERE relname = %s"
        return int(database.execute_sql(sql, (table,)).fetchone()[0])

    assert counted("payment") <= 0
    with book.transaction(), book.batch():
        _write()  # 60 payments, 120 journal lines; 3 customers (below the threshold)
    assert counted("payment") == 60 and counted("journal_line") == 120
    assert counted("customer") <= 0


def test_a_table_filling_up_is_analyzed_while_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Taken for empty until the batch's end, a table filled by an import was read
    whole for each look-up an index answers (the foreign keys' checks among them):
    2,000 invoices read the invoice table 10,470 times. The planner learns of the
    rows once the batch has written as many as the table held."""
    from models import pg_send

    monkeypatch.setattr(pg_send, "ANALYZE_EARLY", 20)
    fresh_postgres_book(PG_URL)
    book.initialise("EUR", "Batch")
    database.execute_sql("ANALYZE payment")
    sql = "SELECT reltuples::bigint FROM pg_class WHERE relname = 'payment'"
    with book.transaction(), book.batch() as queue:
        _write()
        queue.send()
        known = int(database.execute_sql(sql).fetchone()[0])
        assert known >= 20  # analyzed before the end: the planner knows the rows
        for n in range(60, 130):
            payments.create_payment("B1", DAY, Decimal("2.00") + n, reference=f"R{n}")
        queue.send()
        assert int(database.execute_sql(sql).fetchone()[0]) > known  # and again, grown


def test_the_gin_indexes_a_batch_filled_have_no_entries_pending_at_its_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A GIN index keeps new entries in a pending list that every search reads whole
    (the planner does not count it): after an import of 2,000 invoices, looking up
    500 invoice numbers took 520-820 ms, 2 ms once merged. The batch merges them."""
    from models import pg_send

    monkeypatch.setattr(pg_send, "ANALYZE_AT", 50)
    fresh_postgres_book(PG_URL)
    book.initialise("EUR", "Batch")
    with book.transaction(), book.batch():
        _write()
    merged = "SELECT gin_clean_pending_list('payment_reference_trgm'::regclass)"
    assert database.execute_sql(merged).fetchone()[0] == 0  # nothing left to merge
    with book.transaction():  # the same rows without a batch: the list holds them
        for n in range(60, 120):
            payments.create_payment("B2", DAY, Decimal("3.00") + n, reference=f"S{n}")
    assert database.execute_sql(merged).fetchone()[0] > 0
