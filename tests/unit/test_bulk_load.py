"""A load sets the panes' sort indexes aside and makes them again at its end
(models/bulk_load.py): the book ends with exactly the schema it began with,
whatever happens inside, and a table that already holds many rows keeps its
indexes. The services deciding the same with the indexes set aside is shown by
tests/unit/test_batch.py (the state machine runs in a load)."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.demo import make_demo
from app.errors import UserError
from app.services import book, customers, invoices, payments, settlements
from models import bulk_load
from models.db import close_db, database
from models.schema import SORT_INDEXES
from models.tables import Invoice
from tests.builders import dump_book, open_memory_book


def _indexes() -> dict[str, str]:
    rows = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    return dict(rows)


@pytest.fixture
def new_book() -> Any:
    open_memory_book()
    book.initialise("EUR", "Carga, Lda")
    customers.add_customer("C1", "Açores Pescas")
    yield
    close_db()


def _in_order() -> dict[str, list[str]]:
    """Each table's indexes in the book's order (the planner breaks its ties by it)."""
    rows = database.execute_sql(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' ORDER BY rowid"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, name in rows:
        out.setdefault(table, []).append(name)
    return out


def _after_a_load(order: dict[str, list[str]]) -> dict[str, list[str]]:
    """The order a load leaves: the sort indexes, made at its end, last; every
    other index where it was (made again in the book's order)."""
    return {
        table: [n for n in names if n not in SORT_INDEXES] + [n for n in SORT_INDEXES if n in names]
        for table, names in order.items()
    }


def test_a_load_sets_the_sort_indexes_aside_and_makes_them_again(new_book: Any) -> None:
    before, order = _indexes(), _in_order()
    assert set(SORT_INDEXES) <= set(before)
    with database.atomic(), book.batch(load=True):
        inside = _indexes()
        for n in range(3):
            payments.create_payment("C1", date(2026, 3, 1 + n), Decimal("10.00"))
    assert not set(SORT_INDEXES) & set(inside)
    assert set(inside) < set(before) - set(SORT_INDEXES)
    assert {"payment_number", "invoice_number", "customer_code"} <= set(inside)  # unique
    assert _indexes() == before  # the same definitions, not just the names
    assert _in_order() == _after_a_load(order)


def _payment_indexes() -> list[str]:
    return [n for n in _in_order().get("payment", []) if n not in SORT_INDEXES]


def test_a_table_gets_its_indexes_back_before_a_statement_names_it(new_book: Any) -> None:
    every = _payment_indexes()
    assert "payment_customer_id" in every
    with database.atomic(), book.batch(load=True):
        for n in range(3):
            payments.create_payment("C1", date(2026, 3, 1 + n), Decimal("10.00"))
        assert _payment_indexes() == ["payment_number"]  # the rows went in without them
        plan = database.execute_sql(
            'EXPLAIN QUERY PLAN SELECT "id" FROM "payment" WHERE "customer_id" = 1'
        ).fetchall()
        assert "payment_customer_id" in str(plan), "made before the statement ran"
        assert _payment_indexes() == every
        assert "journal_entry" not in _in_order()  # not named yet
        database.execute_sql('DELETE FROM "setting" WHERE "key" = \'none\'')
        assert "journal_entry_payment_id" in _in_order()["journal_entry"]  # a delete: all


def test_indexes_made_in_a_savepoint_rolled_back_are_made_again(new_book: Any) -> None:
    before, order = _indexes(), _in_order()
    every = _payment_indexes()
    with database.atomic(), book.batch(load=True):
        payments.create_payment("C1", date(2026, 3, 1), Decimal("10.00"))
        with pytest.raises(RuntimeError), database.atomic():
            database.execute_sql('UPDATE "setting" SET "value" = "value"')  # sends the savepoint
            database.execute_sql('SELECT count(*) FROM "payment"')  # made inside it
            assert _payment_indexes() == every
            raise RuntimeError("rolled back, and the indexes with it")
        assert _payment_indexes() == ["payment_number"]
        found = database.execute_sql(
            'EXPLAIN QUERY PLAN SELECT "id" FROM "payment" WHERE "customer_id" = 1'
        ).fetchall()
        assert "payment_customer_id" in str(found), "made again for the next statement"
    assert _indexes() == before
    assert _in_order() == _after_a_load(order)


def test_a_failed_load_leaves_the_indexes_as_they_were(new_book: Any) -> None:
    before = _indexes()
    with pytest.raises(RuntimeError), database.atomic(), book.batch(load=True):
        payments.create_payment("C1", date(2026, 3, 1), Decimal("10.00"))
        raise RuntimeError("the load stops")
    assert _indexes() == before
    assert database.execute_sql("SELECT count(*) FROM payment").fetchone() == (0,)


def test_a_failure_caught_inside_the_transaction_still_ends_with_the_indexes(
    new_book: Any,
) -> None:
    before = _indexes()
    with database.atomic():
        try:
            with book.batch(load=True):
                raise RuntimeError("caught below, and the transaction commits")
        except RuntimeError:
            pass
    assert _indexes() == before


def test_tables_with_many_rows_keep_their_indexes(
    new_book: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        payments.create_payment("C1", date(2026, 3, 1 + n), Decimal("10.00"))
    monkeypatch.setattr(bulk_load, "LOAD_AT", 3)
    with database.atomic(), bulk_load.sort_indexes_at_end(database.obj) as dropped:
        assert dropped  # the invoices' and orders' (empty tables)
        assert not [name for name in dropped if name.startswith("payment_")]
        assert {n for n in SORT_INDEXES if n.startswith("payment_")} <= set(_indexes())


def test_outside_a_transaction_nothing_is_set_aside(new_book: Any) -> None:
    with bulk_load.sort_indexes_at_end(database.obj) as dropped:
        assert dropped == []
        assert set(SORT_INDEXES) <= set(_indexes())


def test_a_demo_ends_with_the_schema_of_a_new_book(new_book: Any) -> None:
    close_db()
    open_memory_book()
    book.initialise("EUR", "Demo, Lda")
    before = _indexes()
    make_demo(customers=3, invoices=40, seed=2, today=date(2026, 6, 30))
    assert _indexes() == before
    plan = database.execute_sql(
        'EXPLAIN QUERY PLAN SELECT id FROM payment ORDER BY "amount" LIMIT 1'
    ).fetchall()
    assert "payment_amount" in str(plan)  # the pane's sort reads its index again


def _cache() -> int:
    return int(database.execute_sql("PRAGMA cache_size").fetchone()[0])


def test_a_large_load_reads_with_a_larger_cache_and_gives_it_back(new_book: Any) -> None:
    was = _cache()
    assert -was < bulk_load.LOAD_CACHE_KIB  # the everyday cache (KiB) is the smaller
    with database.atomic(), book.batch(load=True, large=True):
        assert _cache() == -bulk_load.LOAD_CACHE_KIB
        payments.create_payment("C1", date(2026, 3, 1), Decimal("10.00"))
    assert _cache() == was
    with pytest.raises(RuntimeError), database.atomic(), book.batch(load=True, large=True):
        raise RuntimeError("the load stops")
    assert _cache() == was
    with database.atomic(), book.batch(load=True):  # the import's load: the cache as it is
        assert _cache() == was
    with database.atomic(), book.batch():  # not a load
        assert _cache() == was


def test_a_cache_already_larger_is_kept(new_book: Any) -> None:
    database.execute_sql(f"PRAGMA cache_size = {-2 * bulk_load.LOAD_CACHE_KIB}")
    with database.atomic(), book.batch(load=True, large=True):
        assert _cache() == -2 * bulk_load.LOAD_CACHE_KIB
    assert _cache() == -2 * bulk_load.LOAD_CACHE_KIB


# ---------------------------------------------------------------- set aside again


def _plan(sql: str) -> str:
    return str(database.execute_sql(f"EXPLAIN QUERY PLAN {sql}").fetchall())


# Reads through the indexes a load sets aside: each must run with its plan of a
# book that never set them aside.
_READS = {
    "payment": 'SELECT "id" FROM "payment" WHERE "customer_id" = 1',
    "invoice": 'SELECT "id" FROM "invoice" WHERE "customer_id" = 1 AND "status" = \'open\'',
    "journal_entry": 'SELECT "id" FROM "journal_entry" WHERE "payment_id" = 1',
    "journal_line": 'SELECT "id" FROM "journal_line" WHERE "entry_id" = 1',
}


def test_indexes_set_aside_again_come_back_before_their_table_is_named(new_book: Any) -> None:
    before, order = _indexes(), _in_order()
    every = _payment_indexes()
    plans = {table: _plan(sql) for table, sql in _READS.items()}
    with database.atomic(), book.batch(load=True):
        payments.create_payment("C1", date(2026, 3, 1), Decimal("10.00"))
        assert _plan(_READS["payment"]) == plans["payment"]  # made for the statement
        assert _payment_indexes() == every
        book.indexes_aside_again()
        assert _payment_indexes() == ["payment_number"]  # the unique one stays
        payments.create_payment("C1", date(2026, 3, 2), Decimal("12.00"))
        assert _payment_indexes() == ["payment_number"]  # the rows went in without them
        assert _plan(_READS["payment"]) == plans["payment"]
        assert _payment_indexes() == every
    assert _indexes() == before
    assert _in_order() == _after_a_load(order)


def test_tables_grown_large_keep_their_indexes_when_set_aside_again(
    new_book: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.atomic(), book.batch(load=True):
        for n in range(3):
            payments.create_payment("C1", date(2026, 3, 1 + n), Decimal("10.00"))
        database.execute_sql('SELECT count(*) FROM "payment"')  # sends the rows, makes them
        every = _payment_indexes()
        monkeypatch.setattr(bulk_load, "LOAD_AT", 3)
        book.indexes_aside_again()
        assert _payment_indexes() == every


def test_setting_aside_again_inside_a_savepoint_does_nothing(new_book: Any) -> None:
    before = _indexes()
    with database.atomic(), book.batch(load=True):
        database.execute_sql('SELECT count(*) FROM "payment"')
        every = _payment_indexes()
        with pytest.raises(RuntimeError), database.atomic():
            database.execute_sql('UPDATE "setting" SET "value" = "value"')  # sends the savepoint
            book.indexes_aside_again()  # a rollback would give back what it dropped
            assert _payment_indexes() == every
            raise RuntimeError("rolled back")
        assert _payment_indexes() == every
    assert _indexes() == before


def test_outside_a_load_setting_aside_again_does_nothing(new_book: Any) -> None:
    before = _in_order()
    book.indexes_aside_again()
    with database.atomic(), book.batch():
        book.indexes_aside_again()
    assert _in_order() == before


_STEPS = st.lists(
    st.sampled_from(["pay", "invoice", "settle", "again", "rollback", *_READS]), max_size=14
)


@settings(max_examples=40, deadline=None)
@given(steps=_STEPS)
def test_every_statement_of_a_load_sees_the_indexes_it_would_have(steps: list[str]) -> None:
    """Random writes, reads, savepoints rolled back and sets aside again inside a
    load: every read runs with the plan it has in a book that sets nothing aside,
    and the load ends with every index, in the book's order."""
    open_memory_book()
    book.initialise("EUR", "Carga, Lda")
    customers.add_customer("C1", "Açores Pescas", terms="2% 10, net 30")
    try:
        before, order = _indexes(), _in_order()
        plans = {table: _plan(sql) for table, sql in _READS.items()}
        with database.atomic(), book.batch(load=True):
            for n, step in enumerate(steps):
                _step(step, date(2026, 3, 1 + n), plans)
        assert _indexes() == before
        assert _in_order() == _after_a_load(order)
    finally:
        close_db()


def _step(step: str, on: date, plans: dict[str, str]) -> None:
    if step == "pay":
        payments.create_payment("C1", on, Decimal("10.00"))
    elif step == "invoice":
        invoices.create_invoice(
            "C1", on, lines=[invoices.parse_line("Sal;1;10.00", book.currency())]
        )
    elif step == "settle":
        with contextlib.suppress(UserError):
            settlements.settle(payments.create_payment("C1", on, Decimal("4.00")).number)
    elif step == "again":
        book.indexes_aside_again()
    elif step == "rollback":
        with contextlib.suppress(RuntimeError), database.atomic():
            payments.create_payment("C1", on, Decimal("3.00"))
            database.execute_sql(_READS["journal_entry"])  # made inside, then undone
            raise RuntimeError("rolled back")
    else:
        assert _plan(_READS[step]) == plans[step], step


def _demo_book(monkeypatch: pytest.MonkeyPatch, again: bool) -> tuple[Any, Any]:
    open_memory_book()
    book.initialise("EUR", "Demo, Lda")
    if not again:
        monkeypatch.setattr(book, "indexes_aside_again", lambda: None)
    try:
        make_demo(customers=6, invoices=300, seed=3, today=date(2026, 6, 30))
        stamp = [f.name for f in Invoice._meta.sorted_fields].index("posted_at")
        rows = dump_book()
        rows["invoice"] = [row[:stamp] + row[stamp + 1 :] for row in rows["invoice"]]
        return rows, _in_order()
    finally:
        monkeypatch.undo()
        close_db()


def test_a_demo_whose_history_goes_in_without_indexes_is_the_same_book(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain, plain_order = _demo_book(monkeypatch, again=False)
    rows, order = _demo_book(monkeypatch, again=True)
    assert len(plain["invoice"]) > 300
    for table in plain:
        assert rows[table] == plain[table], table
    assert order == plain_order  # each table's indexes, in the book's order


def test_a_demo_posts_its_history_without_the_indexes_set_aside(
    new_book: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.demo as demo

    seen: list[dict[str, list[str]]] = []
    post = demo.post_history

    def watched(*args: Any) -> None:
        seen.append(_in_order())
        post(*args)
        seen.append(_in_order())

    monkeypatch.setattr(demo, "post_history", watched)
    close_db()
    open_memory_book()
    book.initialise("EUR", "Demo, Lda")
    make_demo(customers=3, invoices=60, seed=2, today=date(2026, 6, 30))
    for order in seen:  # its start and its end: nothing named the tables between
        assert order["invoice"] == ["invoice_number"]
        assert order["payment"] == ["payment_number"]
        assert "journal_entry" not in order and "journal_line" not in order
