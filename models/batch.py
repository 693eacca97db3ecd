"""Batched writes: the services' own statements, sent in bulk.

An import or a demo calls the posting services tens of thousands of
times in one transaction. Each call decides for itself (the rules are the
services' code, called, not copied) and writes a handful of rows: a
payment, its journal entry and lines, a settlement. Sent one by one, those
statements cost far more than the decisions. Inside `batch()`:

- inserts made through `models.fast` (`insert`, `create`, `insert_many`)
  take their ids up front (the next id after the table's largest) and
  wait in a queue, in posting order;
- `models.fast`'s own reads and updates work on the queue where they
  can: a row read by id or by a unique column, or the rows (a count, a
  sum) whose columns equal given values, come from the queue and the book
  together; an update of a row that still waits changes it where it waits
  (undone if the savepoint around is rolled back);
- any other statement (a read naming a table with rows waiting, an update
  of a stored row, a delete, peewee's own queries) first sends the queue,
  table by table in foreign-key order, one `executemany` each; so every
  statement sees exactly the book it would have seen without the batch;
- savepoints (`database.atomic()` nested in the transaction, one per
  service call) are only sent when a statement runs inside them; a
  refused call whose rows are all still queued is rolled back by dropping
  them from the queue;
- a few values a service keeps in the book (the document series
  counters) may be held here and written when the queue is sent.

On PostgreSQL other clerks insert at the same time, so ids are not taken
from the largest one: a block of them is reserved from the table's
sequence (`nextval`, never given twice), and each table's rows go in one
COPY (or, a few rows, INSERTs of many rows: models/pg_send.py).
Leaving the batch sends what waits; an exception drops it (the
transaction around is rolled back anyway).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from peewee import (  # type: ignore[attr-defined]
    Database,
    Model,
    PostgresqlDatabase,
    SqliteDatabase,
    _savepoint,
    sort_models,
)

from models import batch_writer, pg_send, references, text_search
from models.batch_writer import Committed, Writer

_READ = re.compile(r"\s*(?:SELECT|WITH)\b", re.IGNORECASE)
_WRITE = re.compile(r'\s*(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"([^"]+)"', re.IGNORECASE)


# Rows queued before they are sent between two service calls: enough for
# executemany to pay, few enough that the queue stays small in memory (and
# for the garbage collector, which walks every object still held).
SEND_AT = 2000
# PostgreSQL: ids reserved from a table's sequence at a time, and rows sent in one
# INSERT (a round trip).
ID_BLOCK = 1000


@dataclass
class _Mark:
    """A savepoint of a service call: where the queue stood when it began."""

    sid: str
    pos: int
    values: dict[Any, Any]
    undo: int  # len(Batch.undo) when it began
    sent: bool = False


@dataclass
class Batch:
    db: Database
    rows: list[tuple[int, str, list[Any], str, int]] = field(default_factory=list)
    # (rank, sql, params, table, id); the same params lists by table, with their ids:
    by_table: dict[str, list[list[Any]]] = field(default_factory=dict)
    ids: dict[str, list[int]] = field(default_factory=dict)
    # A table's queued rows by id: made when a row of it is first asked for by id, then
    # kept up to date until the queue is sent. Only those tables: an import's rows, and
    # a demo's journal, never read back by id, are not indexed.
    by_id: dict[str, dict[int, list[Any]]] = field(default_factory=dict)
    undo: list[tuple[list[Any], int, Any]] = field(default_factory=list)  # (params, pos, old)
    # (table, column's place) -> value -> the queued rows holding it; made when first asked
    indexes: dict[str, dict[int, dict[Any, list[list[Any]]]]] = field(default_factory=dict)
    next_id: dict[type[Model], int] = field(default_factory=dict)
    values: dict[Any, Any] = field(default_factory=dict)
    writers: dict[Any, Callable[[Any], None]] = field(default_factory=dict)
    dirty: set[Any] = field(default_factory=set)
    tables: dict[Any, str] = field(default_factory=dict)  # held value -> its table, quoted
    cache: dict[str, dict[Any, Any]] = field(default_factory=dict)  # table -> key -> row
    marks: list[_Mark] = field(default_factory=list)
    reserved: dict[type[Model], list[int]] = field(default_factory=dict)  # PostgreSQL
    waiting: set[str] = field(default_factory=set)  # tables with queued rows
    _pattern: re.Pattern[str] | None = None  # their names, for `_waiting_in`
    sending: bool = False
    _sids: int = 0
    holding: int = 0  # inside `together`: no send between service calls
    written: dict[str, int] = field(default_factory=dict)  # rows sent, by table
    statistics: pg_send.Statistics | None = None  # PostgreSQL: the planner's, kept true
    # Told of every statement before it runs and of every savepoint rolled back in
    # the book (`before(sql)`, `rolled_back()`): a load's indexes set aside
    # (models/bulk_load.py: LaterIndexes).
    watcher: Any = None
    # SQLite: the thread that runs the queued rows' statements while the services go
    # on (models/batch_writer.py; `batch(db, threaded=True)`), or None: sent here.
    writer: Writer | None = None
    committed: Committed | None = None  # reads that need not wait for the writer

    # ------------------------------------------------------------ queued inserts

    def take_id(self, model: type[Model]) -> int:
        if isinstance(self.db, PostgresqlDatabase):
            return self._reserved_id(model)
        nxt = self.next_id.get(model)
        if nxt is None:
            pk = model._meta.primary_key.column_name  # type: ignore[attr-defined,union-attr]
            table = model._meta.table_name  # type: ignore[attr-defined]
            # The table's largest id, read through its key alone: the watcher (a
            # load's indexes set aside) is not told of it.
            watcher, self.watcher = self.watcher, None
            try:
                cur = self.db.execute_sql(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
            finally:
                self.watcher = watcher
            nxt = int(cur.fetchone()[0]) + 1
        self.next_id[model] = nxt + 1
        return nxt

    def take_ids(self, model: type[Model], count: int) -> list[int]:
        """`count` ids for new rows of `model`, in order (as `take_id` `count` times)."""
        if count <= 0:
            return []
        if isinstance(self.db, PostgresqlDatabase):
            return [self._reserved_id(model) for _ in range(count)]
        first = self.take_id(model)
        self.next_id[model] = first + count
        return list(range(first, first + count))

    def _reserved_id(self, model: type[Model]) -> int:
        """The next of a block of ids reserved from the table's sequence (PostgreSQL)."""
        ids = self.reserved.get(model)
        if not ids:
            pk = model._meta.primary_key.column_name  # type: ignore[attr-defined,union-attr]
            table = model._meta.table_name  # type: ignore[attr-defined]
            cur = self.db.execute_sql(
                f"SELECT nextval(pg_get_serial_sequence('\"{table}\"', '{pk}')) "
                f"FROM generate_series(1, {ID_BLOCK})"
            )
            ids = self.reserved[model] = sorted((int(r[0]) for r in cur.fetchall()), reverse=True)
        return ids.pop()

    def queue(self, model: type[Model], sql: str, params: list[Any], row_id: int) -> None:
        """Queue one row; `sql` names every column of the table, so a table has one statement."""
        table = model._meta.table_name  # type: ignore[attr-defined]
        self.rows.append((_rank(model), sql, params, table, row_id))
        queued = self.by_table.get(table)
        if queued is None:
            queued = self.by_table[table] = []
            self.ids[table] = []
            self.waiting.add(table)
            self._pattern = None
        queued.append(params)
        self.ids[table].append(row_id)
        known = self.by_id.get(table)
        if known is not None:
            known[row_id] = params
        kept = self.indexes.get(table)
        if kept:
            for pos, index in kept.items():
                index.setdefault(params[pos], []).append(params)

    def queue_many(
        self, model: type[Model], sql: str, params: list[list[Any]], ids: list[int]
    ) -> None:
        """Queue rows as `queue` queues each (one loop, for the many rows of an import)."""
        if not params:
            return
        table = model._meta.table_name  # type: ignore[attr-defined]
        rank = _rank(model)
        self.rows.extend([(rank, sql, p, table, i) for p, i in zip(params, ids, strict=True)])
        queued = self.by_table.get(table)
        if queued is None:
            queued = self.by_table[table] = []
            self.ids[table] = []
            self.waiting.add(table)
            self._pattern = None
        queued.extend(params)
        self.ids[table].extend(ids)
        known = self.by_id.get(table)
        if known is not None:
            known.update(zip(ids, params, strict=True))
        kept = self.indexes.get(table)
        if kept:
            for pos, index in kept.items():
                for p in params:
                    index.setdefault(p[pos], []).append(p)

    # ------------------------------------------------------------ queued rows read and changed

    def queued(self, table: str, row_id: int) -> list[Any] | None:
        """The parameters of row `row_id` of `table` if it still waits in the queue."""
        known = self.by_id.get(table)
        if known is None:
            known = self.by_id[table] = dict(
                zip(self.ids.get(table, ()), self.by_table.get(table, ()), strict=True)
            )
        return known.get(row_id)

    def queued_in(self, table: str) -> list[list[Any]]:
        """The parameters of `table`'s rows still waiting, in queue order."""
        return self.by_table.get(table, [])

    def queued_with(self, table: str, pos: int, value: Any) -> list[list[Any]]:
        """The queued rows of `table` whose column at `pos` holds `value`."""
        kept = self.indexes.setdefault(table, {})
        index = kept.get(pos)
        if index is None:
            index = kept[pos] = {}
            for params in self.by_table.get(table, ()):
                index.setdefault(params[pos], []).append(params)
        return index.get(value, [])

    def change(self, table: str, params: list[Any], pos: int, value: Any) -> None:
        """Change a column of a queued row where it waits (what an UPDATE of it
        would do once sent); undone if the savepoint around is rolled back."""
        old = params[pos]
        if self.marks:
            self.undo.append((params, pos, old))
        params[pos] = value
        self.cache.pop(table, None)
        index = self.indexes.get(table, {}).get(pos)
        if index is not None and old != value:  # the row moves to its new value's list
            held = index.get(old, [])
            for i, p in enumerate(held):
                if p is params:
                    del held[i]
                    break
            index.setdefault(value, []).append(params)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Run reads that see the queue for themselves: nothing is sent before them."""
        was, self.sending = self.sending, True
        try:
            yield
        finally:
            self.sending = was

    def _waiting_in(self, sql: str) -> bool:
        """Does `sql` name a table with queued rows or held values (quoted or not)?"""
        if not self.waiting and not self.dirty:
            return False
        if self._pattern is None:
            names = self.waiting | {self.tables[k].strip('"') for k in self.dirty}
            alt = "|".join(re.escape(n) for n in sorted(names))
            # Unquoted, a name is not the keyword of ORDER BY (the "order" table):
            # taken for it, every sorted read sent the queue.
            self._pattern = re.compile(rf'"(?:{alt})"|\b(?:{alt})\b(?!\s+by\b)', re.IGNORECASE)
        return self._pattern.search(sql) is not None

    # ------------------------------------------------------------ held values

    def value(self, key: Any, load: Callable[[], Any]) -> Any:
        if key not in self.values:
            self.values[key] = load()
        return self.values[key]

    def hold(self, key: Any, value: Any, write: Callable[[Any], None], table: str) -> None:
        """Keep `value` for `key`; `write(value)` puts it in the book before a
        statement names `table`, and when the batch ends."""
        self.values[key] = value
        self.writers[key] = write
        self.tables[key] = f'"{table}"'
        if key not in self.dirty:
            self.dirty.add(key)
            self._pattern = None

    # ------------------------------------------------------------ reads kept

    def cached(self, table: str, key: Any) -> Any:
        return self.cache.get(table, {}).get(key)

    def keep(self, table: str, key: Any, row: Any) -> None:
        self.cache.setdefault(table, {})[key] = row

    # ------------------------------------------------------------ sending

    def before(self, sql: str) -> None:
        """A statement is about to run: send what waits, forget what it may change.

        A read that names none of the tables with rows or values waiting
        runs as it is: nothing it can see is held back (and a read needs no
        savepoint)."""
        if self.watcher is not None:
            self.watcher.before(sql)
        if self.sending:
            return
        if _READ.match(sql) and not self._waiting_in(sql):
            return
        m = _WRITE.match(sql)
        if m is not None:
            self.cache.pop(m.group(1), None)
            if sql.lstrip()[:1].upper() != "U":
                self.next_id.clear()  # an insert or delete of our own: ids read afresh
        self.send(sql)

    def send(self, sql: str | None = None) -> None:
        """Send the queued rows, and the held values (all of them, or those of
        the tables `sql` names)."""
        if self.sending:
            return
        self.sending = True
        try:
            pos = 0
            for mark in self.marks:
                if not mark.sent:
                    self._write(self.rows[pos : mark.pos])
                    pos = mark.pos
                    self._raw(f'SAVEPOINT "{mark.sid}"')
                    mark.sent = True
            self._write(self.rows[pos:])
            self.rows.clear()
            self.by_table.clear()
            self.ids.clear()
            self.by_id.clear()
            self.indexes.clear()
            self.waiting.clear()
            self._pattern = None
            for mark in self.marks:
                mark.pos = 0
            for key in sorted(self.dirty, key=repr):
                if sql is None or self.tables[key] in sql:
                    self.writers[key](self.values[key])
                    self.dirty.discard(key)
                    self._pattern = None
        finally:
            self.sending = False

    def _write(self, rows: list[tuple[int, str, list[Any], str, int]]) -> None:
        """Send rows table by table in foreign-key order; within a table, in id order."""
        if not rows:
            return
        postgres = isinstance(self.db, PostgresqlDatabase)
        # With a writer thread, the rows go to it (taking a cursor would wait for it).
        cursor: Any = self.db.cursor() if self.writer is None else None
        # With a writer thread, a send's statements go to it as one job.
        with self.writer.together() if self.writer is not None else nullcontext():
            for _, group in groupby(sorted(rows, key=_by_rank), key=_by_rank):
                run = list(group)
                self.written[run[0][3]] = self.written.get(run[0][3], 0) + len(run)
                if postgres:
                    # A COPY, or INSERTs of many rows (models/pg_send.py): a statement
                    # per row, even sent in pages, costs the server a parse and plan each.
                    pg_send.send(cursor, run[0][1], [row[2] for row in run])
                    if self.statistics is None:
                        self.statistics = pg_send.Statistics(self.db.cursor())
                    self.statistics.wrote(run[0][3], len(run))
                elif self.writer is not None:
                    if self.committed is not None:
                        self.committed.check(run[0][1])
                    self.writer.insert(run[0][1], [row[2] for row in run])
                else:
                    cursor.executemany(run[0][1], [row[2] for row in run])

    def _index(self) -> None:
        """Index the queue afresh (after rows were dropped from its end)."""
        self.by_table.clear()
        self.ids.clear()
        self.by_id.clear()  # made again when a row is asked for by id
        for _rank, _sql, params, table, row_id in self.rows:
            self.by_table.setdefault(table, []).append(params)
            self.ids.setdefault(table, []).append(row_id)
        self.waiting = set(self.by_table)
        self._pattern = None

    def _raw(self, sql: str) -> None:
        self.db.cursor().execute(sql)

    def analyze(self) -> None:
        """PostgreSQL: the planner's statistics of the tables this batch filled
        made true again, and their GIN indexes' pending entries merged
        (models/pg_send.py `Statistics`). Right after an import of 100,000
        payments the planner still took the tables for empty, and the export's
        first-entry subquery per payment scanned the whole journal for each one
        (over ten minutes) until autovacuum came by. SQLite keeps no statistics
        in a book."""
        if self.statistics is not None:
            self.statistics.finish()

    @contextmanager
    def together(self) -> Iterator[None]:
        """Keep the rows of the service calls made inside queued until its end
        (a chunk of a demo or of bank accept-all: its settlements then change
        the payments and invoices the chunk made where they wait, instead of
        sending them and updating them in the book)."""
        self.holding += 1
        try:
            yield
        finally:
            self.holding -= 1
        if not self.holding and not self.marks and len(self.rows) >= SEND_AT:
            self.send()

    # ------------------------------------------------------------ savepoints

    def begin(self) -> _Mark:
        self._sids += 1
        mark = _Mark(f"b{self._sids}", len(self.rows), dict(self.values), len(self.undo))
        self.marks.append(mark)
        return mark

    def release(self, mark: _Mark) -> None:
        assert self.marks and self.marks[-1] is mark, "savepoints end in order"
        self.marks.pop()
        if mark.sent:
            self._raw(f'RELEASE SAVEPOINT "{mark.sid}"')
        if not self.marks:
            self.undo.clear()  # nothing left to roll back to
            if len(self.rows) >= SEND_AT and not self.holding:
                self.send()  # between two service calls: the queue stays small

    def roll_back(self, mark: _Mark) -> None:
        assert self.marks and self.marks[-1] is mark, "savepoints end in order"
        self.marks.pop()
        for params, pos, old in reversed(self.undo[mark.undo :]):
            params[pos] = old
        self.indexes.clear()
        del self.undo[mark.undo :]
        if len(self.rows) > mark.pos:
            del self.rows[mark.pos :]
            self._index()
        self.values = mark.values
        self.dirty = set(self.values) & set(self.writers)
        self._pattern = None
        self.next_id.clear()
        self.cache.clear()
        if mark.sent:
            self._raw(f'ROLLBACK TO SAVEPOINT "{mark.sid}"')
            self._raw(f'RELEASE SAVEPOINT "{mark.sid}"')
            for told in (self.watcher, references.active(self.db)):  # ids given again
                if told is not None:
                    told.rolled_back()


class BatchSavepoint(_savepoint):  # type: ignore[misc]
    """peewee's savepoint, sent only when a statement runs inside it."""

    def __init__(self, db: Any, batch: Batch) -> None:
        self.db = db
        self.batch = batch
        self.mark: _Mark | None = None

    def _begin(self) -> None:
        self.mark = self.batch.begin()

    def commit(self, begin: bool = True) -> None:
        assert self.mark is not None
        self.batch.release(self.mark)
        if begin:
            self._begin()

    def rollback(self, begin: bool = True) -> None:
        assert self.mark is not None
        self.batch.roll_back(self.mark)
        if begin:
            self._begin()


_ranks: dict[type[Model], int] = {}


def _rank(model: type[Model]) -> int:
    """A table's place in foreign-key order (what a row refers to is sent first)."""
    rank = _ranks.get(model)
    if rank is None:
        from models import tables

        _ranks.update({m: i for i, m in enumerate(sort_models(tables.ALL_TABLES))})
        rank = _ranks.setdefault(model, len(_ranks))
    return rank


def _tables() -> list[type[Model]]:
    from models import tables

    return list(tables.ALL_TABLES)


_by_rank = itemgetter(0)  # a queued row's rank (C: called for every row, twice)


def active(db: Any) -> Batch | None:
    return getattr(db, "batch", None)


@contextmanager
def batch(
    db: Any, threaded: bool = False, reader: Any = None, unchanged: tuple[str, ...] = ()
) -> Iterator[Batch | None]:
    """Batch the writes made inside (inside a transaction); see the module doc.
    `threaded` (SQLite): the queued rows' statements run on a thread of their own
    while the caller goes on, and reads of the `unchanged` tables alone go to
    `reader`, the book as committed (models/batch_writer.py)."""
    if not hasattr(db, "batch") or db.batch is not None:
        yield active(db)
        return
    if not db.in_transaction():
        raise RuntimeError("a batch runs inside a transaction")
    b = db.batch = Batch(db)
    if threaded and isinstance(db, SqliteDatabase) and batch_writer.usable():
        b.writer = Writer(db.connection())
        b.writer.after = text_search.catching_up(db)  # as the rows come, not at the end
        b.writer.refs = references.active(db)  # checked as the rows come (if so)
        if reader is not None:
            names = [m._meta.table_name for m in _tables()]  # type: ignore[attr-defined]
            b.committed = Committed(reader, unchanged, names)
    # A batch makes objects by the hundred thousand that live until its end
    # (the queue, a replay's operations): the cycle collector would walk
    # them again and again (40% of an import's time). What lives now is set
    # aside, and the collector runs a hundred times less often; both are
    # given back at the end.
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 10_000), 100, 100)
    try:
        yield b
        b.send()
        if b.marks:
            raise RuntimeError("a batch ended inside a savepoint")
        b.analyze()
        if b.writer is not None:
            b.writer.join()  # what it was given, run (or its error raised) before the commit
    finally:
        if b.writer is not None:
            b.writer.stop()
        db.batch = None
        gc.set_threshold(*thresholds)
        gc.unfreeze()
