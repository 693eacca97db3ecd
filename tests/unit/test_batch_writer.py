"""The batch's writer thread (models/batch_writer.py): what it stores is what
executemany stores, in the order given; its failures are raised at the next
statement; reads of the tables declared unchanged go to the book as committed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import batch_writer
from models.batch_writer import MOST_ROWS, Committed, Writer, insert_sql, pieces, update_sql
from models.db import LostRace

pytestmark = pytest.mark.skipif(not batch_writer.usable(), reason="SQLite older than 3.33")

SCHEMA = (
    '"id" INTEGER PRIMARY KEY, "n" INTEGER, "t" VARCHAR(40), "d" DATE, "m" DECIMAL(10, 2),'
    ' "b" INTEGER, "x"'
)
COLUMNS = '"id", "n", "t", "d", "m", "b", "x"'
INSERT = f'INSERT INTO "{{table}}" ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)'

values = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=12),
    st.booleans(),
    st.floats(allow_nan=False),
    st.binary(max_size=6),
    st.dates(),
    st.datetimes(),
)
rows = st.lists(st.tuples(*[values] * 6), min_size=1, max_size=8)
# Now and then more rows than one statement holds (MOST_ROWS): a few, repeated.
many_rows = st.builds(lambda r, k: r * k, rows, st.sampled_from([1, 1, MOST_ROWS // 7 + 1]))


def _book() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    for table in ("a", "b"):
        conn.execute(f'CREATE TABLE "{table}" ({SCHEMA})')
    return conn


def _stored(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    typed = ", ".join(f'typeof("{c}"), "{c}"' for c in ["n", "t", "d", "m", "b", "x"])
    return conn.execute(f'SELECT "id", {typed} FROM "{table}" ORDER BY "id"').fetchall()


def _params(made: list[tuple[object, ...]]) -> list[list[object]]:
    return [[k, *row] for k, row in enumerate(made, 1)]


def _adapted(conn: sqlite3.Connection, table: str, params: list[list[object]]) -> None:
    """executemany, with the adapters sqlite3 has for dates (as the book's batch binds them)."""
    conn.executemany(
        INSERT.format(table=table),
        [
            [v.isoformat(" ") if isinstance(v, datetime) else v for v in p]
            if any(isinstance(v, datetime) for v in p)
            else p
            for p in params
        ],
    )


@settings(max_examples=60, deadline=None)
@given(made=many_rows, changed=many_rows)
def test_what_the_writer_stores_is_what_executemany_stores(
    made: list[tuple[object, ...]], changed: list[tuple[object, ...]]
) -> None:
    conn = _book()
    params = _params(made)
    _adapted(conn, "a", params)
    writer = Writer(conn)
    try:
        writer.insert(INSERT.format(table="b"), params)
        writer.join()
        assert _stored(conn, "b") == _stored(conn, "a")
        # Updates, guarded by a value the rows hold: one row changed each.
        k = min(len(made), len(changed))
        update = 'UPDATE "{table}" SET "n" = ?, "t" = ?, "d" = ? WHERE "id" = ? AND "id" = ?'
        assert update_sql(update) is not None  # the one-statement form, tried here
        ups = [[*changed[i][:3], i + 1, i + 1] for i in range(k)]
        conn.executemany(update.format(table="a"), [_plain(u) for u in ups])
        writer.update(update.format(table="b"), ups)
        writer.join()
        assert _stored(conn, "b") == _stored(conn, "a")
    finally:
        writer.stop()


def _plain(row: list[object]) -> list[object]:
    return [v.isoformat(" ") if isinstance(v, datetime) else v for v in row]


def test_statements_not_in_the_one_form_run_as_they_were() -> None:
    """Rows of unequal width, or SQL not in the forms: executemany, in its turn."""
    conn = _book()
    writer = Writer(conn)
    try:
        writer.insert(INSERT.format(table="b"), [[1, 1, "a", None, 0.1, 0, b"\x00\x01"]])
        writer.insert('INSERT INTO "b" ("id", "t") VALUES (?, ? || \'!\')', [[2, "b\x00c"]])
        writer.update('UPDATE "b" SET "n" = "n" + ? WHERE "id" = ?', [[5, 1]])
        writer.join()
        assert conn.execute('SELECT "n", "m", "x", "t" FROM "b" ORDER BY "id"').fetchall() == [
            (6, 0.1, b"\x00\x01", "a"),
            (None, None, None, "b\x00c!"),
        ]
    finally:
        writer.stop()


def test_rows_go_in_statements_of_at_most_so_many() -> None:
    assert pieces(200, 256) == [200]
    assert pieces(600, 256) == [256, 256, 88]
    assert pieces(0, 256) == []
    conn = _book()
    writer = Writer(conn)
    try:
        assert writer.most(7) * 7 <= writer.params
        writer.params = 20  # SQLite's limit on parameters, as an old build has it
        assert writer.most(7) == 2
        writer.insert(INSERT.format(table="b"), _params([(1, "", None, None, 0, None)] * 5))
        writer.join()
        assert conn.execute('SELECT count(*) FROM "b"').fetchone() == (5,)
    finally:
        writer.stop()


def test_values_bound_slowly_are_written_or_adapted_once() -> None:
    """A column None (or the same bool) in every row is written into the statement, a
    date column goes as the adapter's text: stored as executemany stores them."""
    conn = _book()
    day, moment = date(2026, 3, 1), datetime(2026, 3, 1, 9, 30)
    made = [(k, None, day if k % 2 else date(2026, 3, 2), None, True, moment) for k in range(9)]
    params = _params(made)
    flat = [v for p in params for v in p]
    row, bound, width = batch_writer._shaped(list(flat), 7, len(params))
    assert row == "(?, ?, NULL, ?, NULL, 1, ?)" and width == 4
    assert bound[:8] == [1, 0, "2026-03-02", "2026-03-01 09:30:00", 2, 1, "2026-03-01", bound[3]]
    # Mixed: kept as values (a None or a bool among others binds as it is).
    mixed = _params([(1, None, day, None, False, None), (2, "t", day, None, True, None)])
    row, _bound, _width = batch_writer._shaped([v for p in mixed for v in p], 7, 2)
    assert row == "(?, ?, ?, ?, NULL, ?, NULL)"
    _adapted(conn, "a", params + [[10 + p[0], *p[1:]] for p in mixed])
    writer = Writer(conn)
    try:
        writer.insert(INSERT.format(table="b"), params)
        writer.insert(INSERT.format(table="b"), [[10 + p[0], *p[1:]] for p in mixed])
        writer.join()
        assert _stored(conn, "b") == _stored(conn, "a")
    finally:
        writer.stop()


def test_values_equal_but_written_differently_keep_their_own_text() -> None:
    """Adapted once a value only for dates: a Decimal 1.5 and 1.50, or one instant at
    two offsets, are equal but stored as different texts, as executemany stores them."""
    conn = _book()
    utc, lisbon = UTC, timezone(timedelta(hours=1))
    made = [  # into the text column and the untyped one, which keep the texts as given
        (1, datetime(2026, 3, 1, 9, 0, tzinfo=utc), None, 0, 0, Decimal("1.5")),
        (2, datetime(2026, 3, 1, 10, 0, tzinfo=lisbon), None, 0, 0, Decimal("1.50")),
    ]
    params = _params(made)
    conn.executemany(INSERT.format(table="a"), params)  # sqlite3's own adapters
    writer = Writer(conn)
    try:
        writer.insert(INSERT.format(table="b"), params)
        writer.join()
        stored = _stored(conn, "b")
        assert stored == _stored(conn, "a")
        assert [(r[4], r[12]) for r in stored] == [
            ("2026-03-01 09:00:00+00:00", "1.5"),
            ("2026-03-01 10:00:00+01:00", "1.50"),
        ]
    finally:
        writer.stop()


def test_rows_of_unequal_widths_are_refused_as_executemany_refuses_them() -> None:
    """Three rows of 2, 3 and 1 values hold 6, as two rows of 3 would: not re-cut."""
    conn = _book()
    writer = Writer(conn)
    try:
        writer.insert('INSERT INTO "b" ("id", "n", "t") VALUES (?, ?, ?)', [[1, 2], [3, 4, 5], [6]])
        with pytest.raises(sqlite3.ProgrammingError):
            writer.join()
        assert conn.execute('SELECT count(*) FROM "b"').fetchone() == (0,)
    finally:
        writer.stop()


def test_a_guard_on_none_changes_no_row_as_executemany() -> None:
    """A None guard in the one-statement UPDATE (written NULL into it when every row's
    is None) finds no row, as `= ?` bound to None finds none: a lost race."""
    conn = _book()
    conn.execute('INSERT INTO "b" ("id", "n", "t") VALUES (1, 10, NULL)')
    writer = Writer(conn)
    try:
        writer.update('UPDATE "b" SET "n" = ? WHERE "id" = ? AND "t" = ?', [[11, 1, None]])
        with pytest.raises(LostRace):
            writer.join()
        assert conn.execute('SELECT "n" FROM "b"').fetchall() == [(10,)]
    finally:
        writer.stop()


def test_the_one_statement_forms() -> None:
    # OR FAIL and no function: SQLite needs no statement journal (see the module doc).
    assert insert_sql('INSERT INTO "t" ("a", "b") VALUES (?, ?)') == (
        'INSERT OR FAIL INTO "t" ("a", "b") VALUES {rows}'
    )
    assert update_sql('UPDATE "t" SET "a" = ?, "b" = ? WHERE "id" = ? AND "c" = ?') == (
        'UPDATE OR FAIL "t" SET "a" = v.column1, "b" = v.column2 FROM (VALUES {rows}) AS v'
        ' WHERE "t"."id" = v.column3 AND "t"."c" = v.column4'
    )
    # Anything else is run as it was.
    assert update_sql('UPDATE "t" SET "a" = "a" + ? WHERE "id" = ?') is None
    assert insert_sql('INSERT INTO "t" ("a") SELECT 1') is None


def test_a_failure_is_raised_at_the_next_wait_and_stops_what_follows() -> None:
    conn = _book()
    writer = Writer(conn)
    try:
        writer.insert(INSERT.format(table="b"), [[1, 1, "a", None, None, 0, None]])
        writer.insert(INSERT.format(table="b"), [[1, 2, "again", None, None, 0, None]])
        writer.insert(INSERT.format(table="b"), [[3, 3, "after", None, None, 0, None]])
        with pytest.raises(sqlite3.IntegrityError):
            writer.join()
        assert conn.execute('SELECT "id" FROM "b"').fetchall() == [(1,)]
    finally:
        writer.stop()


def test_an_update_that_finds_its_row_changed_is_a_lost_race() -> None:
    conn = _book()
    conn.execute('INSERT INTO "b" ("id", "n") VALUES (1, 10)')
    writer = Writer(conn)
    try:
        writer.update('UPDATE "b" SET "n" = ? WHERE "id" = ? AND "n" = ?', [[11, 1, 9]])
        with pytest.raises(LostRace):
            writer.join()
        assert conn.execute('SELECT "n" FROM "b"').fetchall() == [(10,)]
    finally:
        writer.stop()


def test_reads_of_unchanged_tables_alone_go_to_the_committed_book(tmp_path: Path) -> None:
    committed = Committed(
        sqlite3.connect(":memory:"), ["customer"], ["customer", "invoice", "customer_bank_account"]
    )
    reader = committed.reader
    assert committed.reader_for('SELECT "t1"."code" FROM "customer" AS "t1"') is reader
    assert committed.reader_for("select code from CUSTOMER where id = ?") is reader
    # Another table named (quoted or not), a view, or no table: the book itself.
    assert committed.reader_for('SELECT * FROM "customer" JOIN invoice ON 1') is None
    assert committed.reader_for('SELECT * FROM "customer_bank_account"') is None
    assert committed.reader_for('SELECT * FROM "customer_text_source"') is None
    assert committed.reader_for("SELECT 1") is None
    assert committed.reader_for('UPDATE "customer" SET "name" = ?') is None
    with pytest.raises(RuntimeError, match="declared unchanged"):
        committed.check('UPDATE "customer" SET "name" = ? WHERE "id" = ?')
    committed.check('UPDATE "invoice" SET "settled" = ? WHERE "id" = ?')


def _writers() -> list[str]:
    import threading

    return [t.name for t in threading.enumerate() if t.name == "acerto-batch-writer"]


def test_statements_given_together_run_as_one_job_in_order() -> None:
    conn = _book()
    writer = Writer(conn)
    try:
        with writer.together():
            writer.insert(INSERT.format(table="b"), [[1, 1, "a", None, None, 0, None]])
            writer.update('UPDATE "b" SET "n" = ? WHERE "id" = ?', [[2, 1]])
            assert writer.left == 0  # nothing given to the thread yet
        assert writer.left in (0, 1)
        writer.join()
        assert conn.execute('SELECT "n" FROM "b"').fetchall() == [(2,)]
        # A failure inside stops what follows it in the job, and what is given after.
        with writer.together():
            writer.insert(INSERT.format(table="b"), [[1, 5, "again", None, None, 0, None]])
            writer.update('UPDATE "b" SET "n" = ? WHERE "id" = ?', [[3, 1]])
        writer.update('UPDATE "b" SET "n" = ? WHERE "id" = ?', [[4, 1]])
        with pytest.raises(sqlite3.IntegrityError):
            writer.join()
        assert conn.execute('SELECT "n" FROM "b"').fetchall() == [(2,)]
        # The caller failing inside: what it gave there is not run.
        with pytest.raises(RuntimeError), writer.together():  # noqa: PT012
            writer.update('UPDATE "b" SET "n" = ? WHERE "id" = ?', [[5, 1]])
            raise RuntimeError("the caller's own")
        writer.join()
        assert conn.execute('SELECT "n" FROM "b"').fetchall() == [(2,)]
    finally:
        writer.stop()


def test_a_threaded_batch_keeps_the_order_and_a_failure_leaves_nothing(
    sqlite_book: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import book
    from models import fast
    from models.tables import Customer

    monkeypatch.setattr(batch_writer, "AFTER_EVERY", 1)  # the text index after each insert
    before = Customer.select().count()
    with book.transaction(), book.batch(threaded=True) as queue:
        assert queue.writer is not None and queue.committed is not None
        fast.insert(Customer, code="W1", name="Queued")
        queue.send()  # given to the writer thread
        # The next statement runs after it, so it sees the row.
        assert Customer.select().where(Customer.code == "W1").count() == 1
        # The text box's index took it as it came (models/text_search.py `catching_up`).
        made = fast.get_by(Customer, Customer.code, "W1")
        assert made is not None
        assert _indexed(made.id)
    assert Customer.select().count() == before + 1
    # The failure comes at the wait (the next statement).
    with pytest.raises(Exception, match="UNIQUE"), book.transaction(), book.batch(threaded=True):  # noqa: PT012
        fast.insert(Customer, code="W2", name="Fine")
        fast.insert(Customer, code="W1", name="Twice")
        fast.active_batch().send()  # type: ignore[union-attr]
        Customer.select().count()
    assert Customer.select().where(Customer.code == "W2").count() == 0
    assert not _writers()


def _indexed(customer: int) -> bool:
    from models import text_search
    from models.db import database

    (upto,) = database.execute_sql(
        f'SELECT "upto" FROM "{text_search.MARK}" WHERE "source" = \'customer\''
    ).fetchone()
    found = database.execute_sql(
        'SELECT rowid FROM "customer_text" WHERE "customer_text" MATCH \'"Queued"\''
    ).fetchall()
    return bool(upto >= customer and (customer,) in found)


def test_reads_of_the_declared_tables_skip_the_writer(sqlite_book: object) -> None:
    from app.services import book
    from models import fast
    from models.tables import Customer

    with book.transaction(), book.batch(threaded=True, unchanged=("customer",)) as queue:
        reader = queue.committed.reader
        assert fast.get_by(Customer, Customer.code, "nobody") is None
        # Asked of the committed book: the same rows, not waiting for the writer.
        seen: list[str] = []
        reader.set_trace_callback(seen.append)
        fast.get_by(Customer, Customer.code, "nobody")
        assert any('"customer"' in s for s in seen)
    refused = pytest.raises(RuntimeError, match="declared unchanged")
    with refused, book.transaction(), book.batch(threaded=True, unchanged=("customer",)):
        fast.insert(Customer, code="W3", name="Refused")
    assert Customer.select().where(Customer.code == "W3").count() == 0
    assert not _writers()
