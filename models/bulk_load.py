"""A load into a nearly empty book: the panes' sort indexes made once, at its end.

The panes' sort indexes (`models.schema.SORT_INDEXES`: amounts, what is
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

The other indexes of a load's small tables (`LaterIndexes`: foreign keys,
dates, the filters; never a unique one, which refuses what it must refuse
as the row goes in) are set aside too, but only until a statement names
their table: the services read through them, so each table's are made again,
in the book's order, just before the first statement that names it (any
delete or replace: every table's), and the rest at the load's end. A
statement therefore always runs with the indexes it would have had (the same
plan, the same rows in the same order), while the rows a load only writes
(an import's payments and their journal: about a third of SQLite's time)
go in without them and the indexes are made once, in one sort each.
A load whose first statements name every table and whose long rest names
none (the demo: its story reads through the services' queries, its history
only queues rows) sets them aside once more in between (`LaterIndexes.again`):
the history's rows (1.3 million in a 100,000-invoice demo) then go in without
them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from peewee import Database, DatabaseError, PostgresqlDatabase

from models.schema import SORT_INDEXES, make_sort_indexes

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


# A statement naming no table (by the name) that may still touch any: a delete's or a
# replace's foreign-key checks read the child tables through their indexes.
_EVERY = re.compile(r"\b(?:DELETE|REPLACE|DROP|ALTER|CREATE)\b", re.IGNORECASE)


class LaterIndexes:
    """The non-unique indexes of a load's small tables (other than the sort indexes),
    set aside until a statement names their table, or the load ends (see the module doc).
    A write batch tells it of each statement (`before`) and of each savepoint rolled
    back in the book (`rolled_back`: indexes made inside it are gone again)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.waiting: dict[str, list[tuple[str, str]]] = {}  # table -> (name, sql), in order
        self.made: dict[str, list[tuple[str, str]]] = {}
        self.queue: Any = None  # the batch that tells this of its statements
        self._named: dict[str, tuple[str, ...]] = {}  # statement -> the tables it names
        self._tables: dict[str, str] = {}  # the tables set aside, by their name in lower case
        self._pattern: re.Pattern[str] | None = None

    def set_aside(self) -> None:
        rows = self.db.execute_sql(
            "SELECT tbl_name, name, sql FROM sqlite_master "
            "WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
        by_table: dict[str, list[tuple[str, str]]] = {}
        for table, name, sql in rows:
            by_table.setdefault(table, []).append((name, sql))
        for table, indexes in by_table.items():
            # Only what follows the table's last unique index, so that made again
            # they stand in the book's order (the planner's ties go by that order).
            last = max((i for i, (_n, sql) in enumerate(indexes) if _unique(sql)), default=-1)
            tail = [(n, sql) for n, sql in indexes[last + 1 :] if n not in SORT_INDEXES]
            if tail and _fewer_than(self.db, table, LOAD_AT):
                self.waiting[table] = tail
        cursor = self.db.cursor()
        for tail in self.waiting.values():
            for name, _sql in tail:
                cursor.execute(f'DROP INDEX "{name}"')
        self._tables = {table.lower(): table for table in self.waiting}
        names = "|".join(re.escape(t) for t in sorted(self.waiting))
        if names:
            self._pattern = re.compile(rf'"({names})"|\b({names})\b(?!\s+by\b)', re.IGNORECASE)

    def watch(self, queue: Any) -> None:
        """Be told of `queue`'s statements; without a batch to tell it (or one telling
        another already), the indexes are made at once."""
        if queue is None or queue.watcher is not None:
            self.finish()
            return
        queue.watcher = self
        self.queue = queue

    def before(self, sql: str) -> None:
        if not self.waiting or self._pattern is None:
            return
        named = self._named.get(sql)
        if named is None:
            if _EVERY.search(sql):
                named = tuple(self._tables.values())
            else:
                found = {(a or b).lower() for a, b in self._pattern.findall(sql)}
                named = tuple(self._tables[name] for name in found)
            if len(self._named) > 4096:  # statements with their values in them
                self._named.clear()
            self._named[sql] = named
        for table in named:
            if table in self.waiting:
                self.make(table)

    def make(self, table: str) -> None:
        """Make the table's indexes again (outside the batch: nothing is sent for them)."""
        tail = self.waiting.pop(table)
        cursor = self.db.cursor()
        for _name, sql in tail:
            cursor.execute(sql)
        self.made[table] = tail

    def again(self) -> None:
        """Set aside once more the indexes made again so far, of the tables still
        small (a load whose first statements named every table, as the demo's
        story does, before a long run of rows that name none, its history)."""
        if self.queue is None or self.queue.marks:
            # Inside a savepoint a rollback would give back what is dropped here
            # while this took it for set aside (and made it twice).
            return
        cursor = self.db.cursor()  # not through the batch: no statement to be told of
        for table in list(self.made):
            found = cursor.execute(
                f'SELECT 1 FROM "{table}" LIMIT 1 OFFSET {LOAD_AT - 1}'
            ).fetchone()
            if found is not None:
                continue
            tail = self.made.pop(table)
            for name, _sql in tail:
                cursor.execute(f'DROP INDEX "{name}"')
            self.waiting[table] = tail

    def rolled_back(self) -> None:
        if not self.made:
            return
        present = {
            name
            for (name,) in self.db.cursor().execute(
                "SELECT name FROM sqlite_master WHERE type = 'index'"
            )
        }
        for table, tail in list(self.made.items()):
            if any(name not in present for name, _sql in tail):
                del self.made[table]
                self.waiting[table] = [(n, sql) for n, sql in tail if n not in present]

    def finish(self) -> None:
        if self.queue is not None:
            self.queue.watcher = None
            self.queue = None
        for table in list(self.waiting):
            self.make(table)


@contextmanager
def indexes_on_demand(db: Database) -> Iterator[LaterIndexes | None]:
    """Set the non-unique indexes of the load's small tables aside (`LaterIndexes`);
    every one is there again at the end, as the sort indexes are."""
    if isinstance(db, PostgresqlDatabase) or not db.in_transaction():
        yield None
        return
    later = LaterIndexes(db)
    later.set_aside()
    try:
        yield later
    except BaseException:
        with suppress(DatabaseError):
            later.finish()
        raise
    later.finish()


def _unique(sql: str) -> bool:
    return sql.lstrip().upper().startswith("CREATE UNIQUE")
