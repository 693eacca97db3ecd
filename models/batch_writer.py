"""A write batch's statements run on a thread of their own, while the services go on (SQLite).

Bank accept-all (issue 11) spends about half its time in SQLite writing
rows whose every value the services decided before: the payments, the
journal, the settlements, the invoices' new balances. Python's sqlite3
lets other threads run while SQLite works on a statement, but an
`executemany` takes Python's lock back for every row it binds, so a
second thread would wait on it row by row. Here each table's rows go in
*one* statement that SQLite works through without Python:

    INSERT INTO "t" ("a", "b") SELECT j.value->>0, j.value->>1 FROM json_each(?) AS j
    UPDATE "t" SET "a" = j.value->>0 FROM json_each(?) AS j WHERE "t"."id" = j.value->>1 ...

the rows being one JSON text (made with the C encoder). What SQLite stores
is what `executemany` stored: a JSON number gives an integer, a string a
text, null a NULL (dates go as the ISO text sqlite3's adapter makes of
them); rows holding any other kind of value (a float, bytes) are sent as
they were, by `executemany`, after what waits.

The order is kept: statements run one after another, in the order they
were given, and any other statement on the connection (a read, a
savepoint, the commit) first waits until all of them have run
(`join`, called by models/db.py's `cursor`). A statement that fails, or an
UPDATE that changed fewer rows than it was given (a row changed under its
guard: `LostRace`), is raised at that wait, and the transaction around is
rolled back as for any failed statement.
"""

from __future__ import annotations

import json
import queue
import re
import sqlite3
import sys
import threading
from collections.abc import Sequence
from datetime import date, datetime
from itertools import chain
from typing import Any

# json_each and ->> (SQLite 3.38), UPDATE ... FROM (3.33).
LEAST_SQLITE = (3, 38, 0)

_INSERT = re.compile(r'\s*INSERT INTO ("[^"]+") \(([^)]*)\) VALUES \(([^)]*)\)\s*$', re.IGNORECASE)
_UPDATE = re.compile(r'\s*UPDATE ("[^"]+") SET (.+?) WHERE (.+?)\s*$', re.IGNORECASE | re.DOTALL)
_ASSIGN = re.compile(r'\s*("[^"]+")\s*=\s*\?\s*$')


def usable() -> bool:
    return sqlite3.sqlite_version_info >= LEAST_SQLITE


def _value(v: Any) -> Any:
    """A value as JSON carries it to SQLite the way sqlite3's binding stores it."""
    if isinstance(v, datetime):
        return v.isoformat(" ")  # sqlite3's default adapter
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(type(v).__name__)


# The kinds of value JSON carries as sqlite3 binds them (exactly these types: a
# subclass, a float or bytes goes by executemany).
_KINDS = frozenset({int, bool, str, type(None), date, datetime})


def _text(rows: Sequence[Sequence[Any]]) -> str | None:
    """The rows as one JSON text, or None when a value has no exact JSON form here.
    The kinds are gathered in C (`map(type, ...)`: this runs on the thread the
    writer relieves, over every value of every row)."""
    if not set(map(type, chain.from_iterable(rows))) <= _KINDS:
        return None
    text = json.dumps(rows, default=_value, ensure_ascii=False, separators=(",", ":"))
    # A NUL in a text (JSON's \u0000): executemany, which stores it whole. A
    # text holding a backslash and "u0000" is sent that way too (harmless).
    return None if "\\u0000" in text else text


def insert_sql(sql: str) -> str | None:
    """`INSERT INTO "t" (cols) VALUES (?, ...)` as one statement over a JSON array of rows."""
    m = _INSERT.match(sql)
    if m is None or any(p.strip() != "?" for p in m.group(3).split(",")):
        return None
    columns = m.group(2)
    n = len(columns.split(","))
    picks = ", ".join(f"j.value->>{k}" for k in range(n))
    return f"INSERT INTO {m.group(1)} ({columns}) SELECT {picks} FROM json_each(?) AS j"


def update_sql(sql: str) -> str | None:
    """`UPDATE "t" SET "a" = ?, ... WHERE "id" = ? AND "b" = ?` as one statement over a
    JSON array of rows (each row: the SET values, then the WHERE values)."""
    m = _UPDATE.match(sql)
    if m is None:
        return None
    table = m.group(1)
    sets, where = m.group(2).split(","), m.group(3).split(" AND ")
    columns = [_ASSIGN.match(s) for s in sets]
    guards = [_ASSIGN.match(w) for w in where]
    if not all(columns) or not all(guards):
        return None
    assign = ", ".join(f"{c.group(1)} = j.value->>{k}" for k, c in enumerate(columns))  # type: ignore[union-attr]
    at = len(columns)
    test = " AND ".join(
        f"{table}.{g.group(1)} = j.value->>{at + k}"  # type: ignore[union-attr]
        for k, g in enumerate(guards)
    )
    return f"UPDATE {table} SET {assign} FROM json_each(?) AS j WHERE {test}"


_READ = re.compile(r"\s*(?:SELECT|WITH)\b", re.IGNORECASE)
_WRITE = re.compile(r'\s*(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class Committed:
    """Reads answered by the book as last committed, while the writer holds the book.

    `reader`: a connection reading the book as last committed (models/db.py
    `committed_reader`); `unchanged`: tables the batch's caller never writes
    (bank accept-all: the customers). A read naming those tables alone
    (every table name is looked for as a word, quoted or not, so a view or
    any other table keeps it on the book) finds the same rows there as in the
    transaction, so it runs there without waiting for the writer. A write
    naming one of them is a mistake of the caller's and is refused."""

    def __init__(
        self, reader: sqlite3.Connection, unchanged: Sequence[str], tables: Sequence[str]
    ) -> None:
        self.reader = reader
        self.unchanged = frozenset(t.lower() for t in unchanged)
        names = sorted(tables, key=len, reverse=True)
        self._names = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)", re.I)

    def reader_for(self, sql: str) -> sqlite3.Connection | None:
        """The committed reader when `sql` reads only unchanged tables, else None."""
        if not self.unchanged or not _READ.match(sql):
            return None
        named = {n.lower() for n in self._names.findall(sql)}
        return self.reader if named and named <= self.unchanged else None

    def check(self, sql: str) -> None:
        m = _WRITE.match(sql)
        if m is not None and m.group(1).lower() in self.unchanged:
            raise RuntimeError(f"table {m.group(1)} was declared unchanged by this batch: {sql}")


class Writer:
    """The thread running a batch's statements on `conn`, in order (see the module doc).
    While it runs, Python hands its lock from thread to thread every half
    millisecond (5 by default): the writer, done with a statement, waits for
    the lock to go on."""

    SWITCH = 0.0005

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.switch = sys.getswitchinterval()
        sys.setswitchinterval(self.SWITCH)
        self.jobs: queue.SimpleQueue[tuple[str, Any, bool, int] | None] = queue.SimpleQueue()
        self.left = 0  # statements given and not yet run
        self.done = threading.Condition()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="acerto-batch-writer", daemon=True)
        self.thread.start()

    def insert(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Insert `rows` with `sql` (a queued row's statement)."""
        one, text = insert_sql(sql), _text(rows)
        if one is None or text is None:
            self._give(sql, [list(r) for r in rows], True, -1)
        else:
            self._give(one, (text,), False, -1)

    def update(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run the UPDATE `sql` for each of `rows`; each must change one row (else
        `LostRace` at the next `join`)."""
        one, text = update_sql(sql), _text(rows)
        if one is None or text is None:
            self._give(sql, [list(r) for r in rows], True, len(rows))
        else:
            self._give(one, (text,), False, len(rows))

    def _give(self, sql: str, params: Any, many: bool, rows: int) -> None:
        with self.done:
            if self.error is not None:
                return  # raised at the next join; nothing more runs
            self.left += 1
        self.jobs.put((sql, params, many, rows))

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            sql, params, many, rows = job
            try:
                if self.error is None:
                    cursor = self.conn.cursor()
                    if many:
                        cursor.executemany(sql, params)
                    else:
                        cursor.execute(sql, params)
                    if rows >= 0 and cursor.rowcount != rows:
                        from models.db import LostRace  # models.db imports this module

                        raise LostRace(f"a row changed while this action ran: {sql}")
                    cursor.close()
            except BaseException as e:  # noqa: BLE001 - handed to the waiting thread
                with self.done:
                    self.error = e
            with self.done:
                self.left -= 1
                if not self.left:
                    self.done.notify_all()

    def join(self) -> None:
        """Wait until every statement given has run; raise the first that failed."""
        with self.done:
            while self.left:
                self.done.wait()
            error, self.error = self.error, None
        if error is not None:
            raise error

    def stop(self) -> None:
        """What was given run, and the thread stopped. Called as the batch ends: when
        it fails, with its own error, the transaction around is rolled back after the
        statement running, never during it (its failure, if any, is left unsaid)."""
        try:
            self.join()
        except Exception:  # noqa: BLE001,S110 - the batch is already failing with its own
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Stop the thread (after `join`: nothing left to run)."""
        self.jobs.put(None)
        self.thread.join()
        sys.setswitchinterval(self.switch)
