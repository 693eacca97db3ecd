"""A load into a nearly empty book: the panes' sort indexes made once, at its end.

The panes' sort indexes (`models.migrations.SORT_INDEXES`: amounts, what is
applied or settled, balances, methods, references) serve the window's sorts
and nothing else: no service reads through them while an import, the demo or
a replay writes. Kept during such a load, every row inserted goes into each of
them where its value falls, which for amounts and references is anywhere in
the index; on a 100,000-payment import that was about a third of SQLite's
time for the payments. Made at the end instead, each is one sort of the rows.

SQLite only (PostgreSQL takes a lock on the whole table to drop an index), only
inside a transaction, and only for tables holding fewer than `LOAD_AT` rows when
the load begins: with more rows already there, making the index again costs
more than the load saves. The DROP and the CREATE run in the load's
transaction, so another connection never sees the book without them, and a
load rolled back gives them back as they were.

A load of a whole book's history (the demo, a replay) also reads and writes
with a larger page cache (`larger_cache`, `LOAD_CACHE_KIB`, given back at its
end): the indexes whose keys fall anywhere (balances, open items, statuses)
outgrow the everyday 32 MB on a book of 100,000 invoices, and every page
pushed out is read again for the next row that falls there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from peewee import Database, DatabaseError, PostgresqlDatabase

from models.migrations import SORT_INDEXES, make_sort_indexes

LOAD_AT = 10_000  # rows in a table at the start above which its indexes stay
LOAD_CACHE_KIB = 256 * 1024  # SQLite's page cache during a load (pages are taken as needed)


@contextmanager
def larger_cache(db: Database) -> Iterator[None]:
    """SQLite's page cache at `LOAD_CACHE_KIB` for the block (never smaller than it
    was), and as it was after it."""
    if isinstance(db, PostgresqlDatabase):
        yield
        return
    (was,) = db.execute_sql("PRAGMA cache_size").fetchone()
    # Negative: KiB; positive: pages. Compared in KiB with the book's page size.
    (page,) = db.execute_sql("PRAGMA page_size").fetchone()
    kib = -int(was) if int(was) < 0 else int(was) * int(page) // 1024
    if kib >= LOAD_CACHE_KIB:
        yield
        return
    db.execute_sql(f"PRAGMA cache_size = {-LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(was)}")


@contextmanager
def sort_indexes_at_end(db: Database) -> Iterator[list[str]]:
    """Drop the sort indexes of the load's small tables, and make them again at the
    end; yields the names dropped."""
    if isinstance(db, PostgresqlDatabase) or not db.in_transaction():
        yield []
        return
    small = {table for table in _tables() if _fewer_than(db, table, LOAD_AT)}
    dropped = [name for name, on in SORT_INDEXES.items() if _table(on) in small]
    for name in dropped:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield dropped
    except BaseException:
        # The transaction is on its way back, which gives the indexes back; made
        # here too in case a caller goes on and commits (their failure is not
        # the one to report).
        with suppress(DatabaseError):
            make_sort_indexes(db)
        raise
    make_sort_indexes(db)


def _table(on: str) -> str:
    """The table an index definition of SORT_INDEXES is on."""
    return on.split(" ", 1)[0].strip('"')


def _tables() -> set[str]:
    return {_table(on) for on in SORT_INDEXES.values()}


def _fewer_than(db: Database, table: str, rows: int) -> bool:
    """Whether `table` holds fewer than `rows` rows (without counting them all)."""
    found = db.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1 OFFSET {int(rows) - 1}').fetchone()
    return found is None
