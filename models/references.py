"""A transaction whose foreign keys are checked as a batch goes and at its end (SQLite; issue 11).

SQLite checks a foreign key as each row is written. A statement that writes
many rows (a write batch's: models/batch_writer.py) must then be undoable on
its own, should a later row of it name a missing parent, so SQLite first
copies every page the statement changes into a statement journal. At
1,000,000 invoices bank accept-all's statements copied 434,000 pages into
one (868,000 writes to a temporary file): its writer thread spent 7.8-8.1 s
of CPU with the checks made row by row, 6.3-6.8 s without them.

`checked_at_end(db)` opens a transaction with enforcement off (`PRAGMA
foreign_keys` changes nothing inside one) and checks every reference the
transaction may have written, as deferred constraints would, before the commit:

- the rows inserted: those of a table with foreign keys whose id is above the
  table's largest when the transaction began (new rows take the next ids:
  models/batch.py `take_id`, or SQLite's own). A batch's writer thread checks
  them as they come (`check_new`, every few inserts into the table), so little
  is left for the end; a savepoint rolled back (its ids are given again) has
  every row since the start checked again;
- the rows updated: every table whose foreign-key column an UPDATE sets is
  checked whole (`PRAGMA foreign_key_check`); SQLite says which, as it prepares
  each statement (an authorizer, whichever path the statement took);
- a DELETE of a row that another may name, or an UPDATE of a key another names,
  is refused: with enforcement off, RESTRICT and CASCADE would not act.

Not checked: a row written with an id at or below the table's largest at the
start (an explicit lower id, an INSERT OR REPLACE of a stored row): the services
write none (they append). A schema with a key of several columns, or naming a
parent with no primary key of one column, keeps SQLite's own checks.

A missing parent fails the transaction with SQLite's own words ("FOREIGN KEY
constraint failed"), and nothing of it is written. Enforcement is on again once
the transaction has ended, committed or not.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import Database, SqliteDatabase

# (column, parent table, parent column) of each of a table's foreign keys
Keys = dict[str, list[tuple[str, str, str]]]

FAILED = "FOREIGN KEY constraint failed"  # SQLite's words for a missing parent


def foreign_keys(conn: Any) -> Keys:
    """Every table's foreign keys, read from the schema (`conn`: a sqlite3 connection)."""
    tables = [
        t
        for (t,) in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%REFERENCES%'"
        ).fetchall()
    ]
    out: Keys = {}
    for t in tables:
        rows = conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall()
        # (id, seq, table, from, to, on_update, on_delete, match)
        if any(r[1] for r in rows):
            raise Unchecked(f"{t}: a key of several columns")
        if rows:
            out[t] = [(r[3], r[2], r[4] or _primary(conn, r[2])) for r in rows]
    return out


class Unchecked(Exception):
    """A schema this module does not check (SQLite's own checks are kept)."""


def _primary(conn: Any, table: str) -> str:
    """The one column of `table`'s primary key (a key naming no column names it)."""
    pk = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")').fetchall() if r[5]]
    if len(pk) != 1:
        raise Unchecked(f"{table}: no primary key of one column")
    return str(pk[0])


class References:
    """What one transaction may have written that names another row, and its checks."""

    def __init__(self, conn: Any, keys: Keys | None = None) -> None:
        self.keys = foreign_keys(conn) if keys is None else keys
        self.parents = {p for keys in self.keys.values() for _c, p, _pc in keys}
        self.columns = {(t, c) for t, keys in self.keys.items() for c, _p, _pc in keys}
        self.named = {(p, pc) for keys in self.keys.values() for _c, p, pc in keys}
        # Each table's largest id at the start (read inside the transaction), and up to
        # which id its rows are known good: new rows are checked from there on.
        self.start = {
            t: conn.execute(f'SELECT COALESCE(MAX(rowid), 0) FROM "{t}"').fetchone()[0]
            for t in self.keys
        }
        self.checked = dict(self.start)
        self.updated: set[str] = set()  # tables whose references an UPDATE set
        self._sql = {t: _missing_sql(t, keys) for t, keys in self.keys.items()}

    def authorize(self, action: int, arg1: Any, arg2: Any, _db: Any, _trigger: Any) -> int:
        """SQLite's authorizer: told of every statement as it is prepared."""
        if action == sqlite3.SQLITE_UPDATE:
            if (arg1, arg2) in self.named:  # a key others name, changed: refused as a DELETE
                return sqlite3.SQLITE_DENY
            if (arg1, arg2) in self.columns:
                self.updated.add(arg1)
        elif action == sqlite3.SQLITE_DELETE and (arg1 in self.keys or arg1 in self.parents):
            return sqlite3.SQLITE_DENY
        elif action == sqlite3.SQLITE_SAVEPOINT and arg1 == "ROLLBACK":
            self.rolled_back()  # (a batch's savepoint tells it too: its statement may be cached)
        return sqlite3.SQLITE_OK

    def rolled_back(self) -> None:
        """A savepoint was rolled back: rows checked may be gone and their ids given
        again, so every row since the start is checked again."""
        self.checked = dict(self.start)

    def check_new(self, conn: Any, table: str) -> None:
        """The rows of `table` inserted since the last check: each parent they name is there
        (raises sqlite3.IntegrityError if not). On the connection's writing thread."""
        sql = self._sql.get(table)
        if sql is None:
            return
        (top,) = conn.execute(f'SELECT MAX(rowid) FROM "{table}"').fetchone()
        below = self.checked[table]
        if top is None or top <= below:
            return
        if conn.execute(sql, (below, top)).fetchone() is not None:
            raise sqlite3.IntegrityError(FAILED)
        self.checked[table] = top

    def check_all(self, conn: Any) -> None:
        """Every reference the transaction may have written (before its commit)."""
        for table in self.keys:
            self.check_new(conn, table)
        for table in sorted(self.updated):
            if conn.execute(f'PRAGMA foreign_key_check("{table}")').fetchone() is not None:
                raise sqlite3.IntegrityError(FAILED)


def _missing_sql(table: str, keys: list[tuple[str, str, str]]) -> str:
    """A row of `table` with rowid in (?, ?] naming a parent that is not there."""
    tests = " OR ".join(
        f'(c."{col}" IS NOT NULL AND NOT EXISTS '
        f'(SELECT 1 FROM "{parent}" AS p WHERE p."{to}" = c."{col}"))'
        for col, parent, to in keys
    )
    return f'SELECT c.rowid FROM "{table}" AS c WHERE c.rowid > ? AND c.rowid <= ? AND ({tests}) LIMIT 1'


_open = threading.local()  # this thread's transaction checking its references: (db, References)


def active(db: Any) -> References | None:
    """The references of the transaction this thread has open on `db` that checks them
    itself (`checked_at_end`), or None."""
    held = getattr(_open, "held", None)
    return held[1] if held is not None and held[0] is db else None


@contextmanager
def checked_at_end(db: Database) -> Iterator[None]:
    """One transaction (`db.atomic()`) whose foreign keys are checked by this module
    instead of row by row (see the module doc). Anywhere else (PostgreSQL, which
    journals no statement; inside a transaction already; enforcement off) it is a
    plain `db.atomic()`."""
    if not isinstance(db, SqliteDatabase) or db.in_transaction() or not _enforced(db):
        with db.atomic():
            yield
        return
    conn = db.connection()
    try:
        keys = foreign_keys(conn)
    except Unchecked:
        with db.atomic():
            yield
        return
    db.execute_sql("PRAGMA foreign_keys = OFF")  # only outside a transaction
    try:
        with db.atomic():
            # read inside the transaction: no other writer adds a row meanwhile
            refs = References(conn, keys)
            conn.set_authorizer(refs.authorize)
            _open.held = (db, refs)
            yield
            conn.set_authorizer(None)
            refs.check_all(conn)
    except BaseException:
        _restore(db, conn, quiet=True)  # the transaction's own failure is the one said
        raise
    _restore(db, conn)


def _restore(db: Database, conn: Any, quiet: bool = False) -> None:
    """SQLite's checks on again, after the transaction (committed or not). If they
    cannot be, the connection is closed: the next one opens with them on."""
    _open.held = None
    try:
        conn.set_authorizer(None)
        db.execute_sql("PRAGMA foreign_keys = ON")
    except Exception:
        db.close()
        if not quiet:
            raise


def _enforced(db: Database) -> bool:
    return bool(db.execute_sql("PRAGMA foreign_keys").fetchone()[0])
