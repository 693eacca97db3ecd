"""A write batch's statements run on a thread of their own, while the services go on (SQLite).

Bank accept-all (issue 11) spends about half its time in SQLite writing
rows whose every value the services decided before: the payments, the
journal, the settlements, the invoices' new balances. Python's sqlite3
lets other threads run while SQLite works on a statement, but an
`executemany` takes Python's lock back for every row it binds, so a
second thread would wait on it row by row. Here a table's rows go in a
few statements of many rows each, which SQLite works through without
Python:

    INSERT OR FAIL INTO "t" ("a", "b") VALUES (?, ?), (?, ?), ...
    UPDATE OR FAIL "t" SET "a" = v.column1 FROM (VALUES (?, ?), ...) AS v
        WHERE "t"."id" = v.column2

The values are bound by sqlite3 exactly as `executemany` binds them (its
adapters, any kind of value). `OR FAIL`, and no function called in the
statement, let SQLite run it without a statement journal: a many-row
statement that may abort first copies every page it changes into one
(an UPDATE over `json_each(?)`, the form before, wrote 1.7 million pages
to a temporary file at 1,000,000 invoices and took twice as long as
`executemany`). Nor may SQLite check foreign keys row by row, which makes
it journal the same way: the transaction checks them itself as the rows come
(models/references.py; the writer runs its checks among the statements). A
failure stops the statement where it is, as
`executemany` stops at the row; the transaction around is rolled back.
A statement holds up to `MOST_ROWS` rows, more than a table gets from one
chunk of accept-all's lines (its journal lines: about 840): one statement
a table each time, as the writer takes Python's lock back before and after
each, and the caller's thread waits for it (in pieces of powers of two it
waited 4 s of a 12 s run; in pieces of 256 rows, 0.5 s more of an 11 s run
than in one piece). SQLite prepares a statement of a new size without
Python's lock, on the writer's thread.

The order is kept: statements run one after another, in the order they
were given, and any other statement on the connection (a read, a
savepoint, the commit) first waits until all of them have run
(`join`, called by models/db.py's `cursor`). A statement that fails, or an
UPDATE that changed fewer rows than it was given (a row changed under its
guard: `LostRace`), is raised at that wait, and the transaction around is
rolled back as for any failed statement.
"""

from __future__ import annotations

import queue
import re
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache, partial
from itertools import chain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.references import References

# UPDATE ... FROM (SQLite 3.33).
LEAST_SQLITE = (3, 33, 0)
# Rows in one statement at most (a power of two; fewer when SQLite's limit on
# parameters says so: `Writer.most`).
MOST_ROWS = 1024
# Every so many inserts into a table, what follows them (`Writer.after`): the text
# box's index, brought up to date; the rest at the batch's end.
AFTER_EVERY = 8

_INSERT = re.compile(r'\s*INSERT INTO ("[^"]+") \(([^)]*)\) VALUES \(([^)]*)\)\s*$', re.IGNORECASE)
_UPDATE = re.compile(r'\s*UPDATE ("[^"]+") SET (.+?) WHERE (.+?)\s*$', re.IGNORECASE | re.DOTALL)
_ASSIGN = re.compile(r'\s*("[^"]+")\s*=\s*\?\s*$')
ROWS = "{rows}"  # where a many-row form takes its rows' marks


def usable() -> bool:
    return sqlite3.sqlite_version_info >= LEAST_SQLITE


def insert_sql(sql: str) -> str | None:
    """`INSERT INTO "t" (cols) VALUES (?, ...)` as a many-row form (`ROWS` for its rows)."""
    m = _INSERT.match(sql)
    if m is None or any(p.strip() != "?" for p in m.group(3).split(",")):
        return None
    return f"INSERT OR FAIL INTO {m.group(1)} ({m.group(2)}) VALUES {ROWS}"


def update_sql(sql: str) -> str | None:
    """`UPDATE "t" SET "a" = ?, ... WHERE "id" = ? AND "b" = ?` as a many-row form
    (`ROWS` for its rows; each row: the SET values, then the WHERE values)."""
    m = _UPDATE.match(sql)
    if m is None:
        return None
    table = m.group(1)
    sets, where = m.group(2).split(","), m.group(3).split(" AND ")
    columns = [_ASSIGN.match(s) for s in sets]
    guards = [_ASSIGN.match(w) for w in where]
    if not all(columns) or not all(guards):
        return None
    assign = ", ".join(f"{c.group(1)} = v.column{k}" for k, c in enumerate(columns, 1))  # type: ignore[union-attr]
    at = len(columns) + 1
    test = " AND ".join(
        f"{table}.{g.group(1)} = v.column{at + k}"  # type: ignore[union-attr]
        for k, g in enumerate(guards)
    )
    return f"UPDATE OR FAIL {table} SET {assign} FROM (VALUES {ROWS}) AS v WHERE {test}"


@lru_cache(maxsize=256)
def _rows_sql(form: str, row: str, rows: int) -> str:
    return form.replace(ROWS, ", ".join([row] * rows))


# Values sqlite3 binds slowly, holding Python's lock: None and a bool go through its
# adapting protocol (a tuple made, a dict and two attributes looked up: 200 ns a
# value, an int 25), a date through its registered adapter, a Python function (390
# ns, its text 60). Accept-all gives 16 of them a line (0.3 s of the writer thread
# holding the lock at 1,000,000 invoices, the caller's thread waiting). The rows of
# one call mostly share a shape, seen from their first row: a column None in every
# row, or the same bool, is written into the statement ("NULL", "0", "1": the value
# sqlite3 would bind), and a column of dates goes as the text the registered adapter
# makes of each (a date's once: a batch's rows repeat a few days). Not when an
# adapter is registered for None or bool: sqlite3 would call it.
_LITERAL = {False: "0", True: "1"}


def _shaped(flat: list[Any], width: int, n: int) -> tuple[str, list[Any], int]:
    """A many-row form's row (`(?, NULL, ?)`), the values it binds, and their width,
    for `n` rows of `width` values (`flat`, changed in place)."""
    marks = ["?"] * width
    adapters = sqlite3.adapters
    for i, v in enumerate(flat[:width]):
        adapt = adapters.get((type(v), sqlite3.PrepareProtocol))
        if adapt is not None:
            flat[i::width] = _adapted(flat[i::width], type(v), adapt)
        elif v is None and flat[i::width].count(None) == n:
            marks[i] = "NULL"
        elif type(v) is bool and all(x is v for x in flat[i::width]):
            marks[i] = _LITERAL[v]
    keep = [i for i, m in enumerate(marks) if m == "?"]
    if len(keep) == width or not keep:
        return "(" + ", ".join(["?"] * width) + ")", flat, width
    bound: list[Any] = [None] * (n * len(keep))
    for k, i in enumerate(keep):
        bound[k :: len(keep)] = flat[i::width]
    return "(" + ", ".join(marks) + ")", bound, len(keep)


def _adapted(column: list[Any], kind: type, adapt: Callable[[Any], Any]) -> list[Any]:
    """`column` with each value of type `kind` as `adapt` makes it. A date's text once
    a day; no other kind's: values equal but written differently (Decimal 1.5 and
    1.50, one instant at two offsets) would take the first one's text."""
    if kind is not date:
        return [adapt(x) if type(x) is kind else x for x in column]
    memo: dict[Any, Any] = {}
    out = []
    for x in column:
        if type(x) is kind:
            y = memo.get(x)
            if y is None:
                y = memo[x] = adapt(x)
            x = y
        out.append(x)
    return out


def pieces(n: int, most: int) -> list[int]:
    """`n` rows as statements of `most` rows, and one of the rows left."""
    return [most] * (n // most) + ([n % most] if n % most else [])


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


# A statement for the writer: its SQL (or many-row form), its values (each row's, or
# flat), the values a row binds in a form (0: executemany of rows), the rows it must
# change (-1: any; `CALL`: no statement, the one value is called), and a row of the
# form (`_shaped`).
_Job = tuple[str, list[Any], int, int, str]
CALL = -2


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
        self.jobs: queue.SimpleQueue[list[_Job] | None] = queue.SimpleQueue()
        self.held: list[_Job] | None = None  # jobs given inside `together`
        self.params = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        # Statements (no parameter) to run after rows are added to a table, by table
        # (models/text_search.py `catching_up`: the text box's indexes).
        self.after: dict[str, list[str]] = {}
        self.added: dict[str, int] = {}  # inserts given, by table
        # The transaction's references, when it checks them itself (models/references.py):
        # a table's new rows are checked every `AFTER_EVERY` inserts into it, here.
        self.refs: References | None = None
        self.left = 0  # jobs given and not yet run
        self.done = threading.Condition()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="acerto-batch-writer", daemon=True)
        self.thread.start()

    def insert(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Insert `rows` with `sql` (a queued row's statement); every `AFTER_EVERY`
        inserts into its table, run what follows rows added to it (`after`)."""
        self._give(sql, insert_sql(sql), rows, -1)
        m = _INSERT.match(sql)
        table = m.group(1).strip('"') if m else ""
        then = self.after.get(table)
        refs = self.refs if self.refs is not None and table in self.refs.keys else None
        if then or refs is not None:
            self.added[table] = n = self.added.get(table, 0) + 1
            if n % AFTER_EVERY == 0:
                for statement in then or ():
                    self._give(statement, None, [()], -1)
                if refs is not None:
                    self._call(partial(refs.check_new, self.conn, table))

    def update(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run the UPDATE `sql` for each of `rows`; each must change one row (else
        `LostRace` at the next `join`)."""
        self._give(sql, update_sql(sql), rows, len(rows))

    @contextmanager
    def together(self) -> Iterator[None]:
        """The statements given inside go to the thread as one job: it is woken, and
        takes Python's lock from the caller's thread, once for them all."""
        if self.held is not None:
            yield
            return
        self.held = []
        try:
            yield
        except BaseException:
            self.held = None  # the caller failed: what it gave is not run
            raise
        held, self.held = self.held, None
        if held:
            self._put(held)

    def _give(self, sql: str, form: str | None, rows: Sequence[Sequence[Any]], n: int) -> None:
        """`rows` for `sql`, in its many-row `form` (None: by executemany). The
        values are taken now (flat, in C): the caller may change its rows after."""
        width = len(rows[0]) if rows else 0
        flat = list(chain.from_iterable(rows))
        # Rows of unequal widths (even with a total that divides) as executemany has them.
        if form is None or not width or set(map(len, rows)) != {width}:
            job: _Job = (sql, [list(r) for r in rows], 0, n, "")  # executemany's own errors
        else:
            row, flat, width = _shaped(flat, width, len(rows))
            job = (form, flat, width, n, row)
        if self.held is not None:
            self.held.append(job)
        else:
            self._put([job])

    def _call(self, fn: Callable[[], None]) -> None:
        """Call `fn` on the thread, in its turn among the statements."""
        job: _Job = ("", [fn], 0, CALL, "")
        if self.held is not None:
            self.held.append(job)
        else:
            self._put([job])

    def _put(self, jobs: list[_Job]) -> None:
        with self.done:
            if self.error is not None:
                return  # raised at the next join; nothing more runs
            self.left += 1
        self.jobs.put(jobs)

    def _run(self) -> None:
        while True:
            jobs = self.jobs.get()
            if jobs is None:
                return
            try:
                for job in jobs:
                    if self.error is None:
                        self._one(*job)
            except BaseException as e:  # noqa: BLE001 - handed to the waiting thread
                with self.done:
                    self.error = e
            with self.done:
                self.left -= 1
                if not self.left:
                    self.done.notify_all()

    def _one(self, sql: str, params: list[Any], width: int, rows: int, row: str) -> None:
        if rows == CALL:
            params[0]()
            return
        cursor = self.conn.cursor()
        try:
            if not width:
                cursor.executemany(sql, params)
                changed = cursor.rowcount
            else:
                changed, at = 0, 0
                for size in pieces(len(params) // width, self.most(width)):
                    cursor.execute(_rows_sql(sql, row, size), params[at : at + size * width])
                    changed += cursor.rowcount
                    at += size * width
        finally:
            cursor.close()
        if rows >= 0 and changed != rows:
            from models.db import LostRace  # models.db imports this module

            raise LostRace(f"a row changed while this action ran: {sql}")

    def most(self, width: int) -> int:
        """Rows in one statement of `width` values a row at most: a power of two."""
        most = MOST_ROWS
        while most > 1 and most * width > self.params:
            most //= 2
        return most

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
