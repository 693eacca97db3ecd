"""One place for the database: the proxy, connecting from a URL, pragmas,
and the SQLite backup copy.

`init_db(url)` accepts a SQLite file path (or `sqlite:///path`, or
`:memory:`) and `postgresql://user@host:port/dbname` URLs, binds the proxy
and brings the schema to the latest version (models/migrations.py).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase

from models import pg_driver
from models.batch import Batch, BatchSavepoint
from models.bookfile import file_is_read_only, folder_is_read_only, has_wal


class BookProxy(DatabaseProxy):  # type: ignore[misc]
    """The proxy, asking the database for its savepoints (a batch keeps its own)."""

    def savepoint(self) -> Any:
        if self.obj is not None and getattr(self.obj, "batch", None) is not None:
            return self.obj.savepoint()
        return super().savepoint()

    def atomic(self, *args: Any, **kwargs: Any) -> Any:
        batch = getattr(self.obj, "batch", None)
        if batch is not None and not args and not kwargs:
            return BatchSavepoint(self.obj, batch)  # inside a batch: a nested call's savepoint
        return super().atomic(*args, **kwargs)


database = BookProxy()


class _Batched:
    """A database with room for a write batch (models/batch.py): while one is
    open, every statement first sends the batch's queued rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._batches = threading.local()

    @property
    def batch(self) -> Batch | None:
        """This thread's batch: the window reads on its own thread while a worker imports."""
        return getattr(self._batches, "batch", None)

    @batch.setter
    def batch(self, value: Batch | None) -> None:
        self._batches.batch = value

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        b = self.batch
        if b is not None:
            b.before(sql)
            if b.committed is not None:  # a threaded batch (models/batch_writer.py)
                b.committed.check(sql)
                reader = b.committed.reader_for(sql)
                if reader is not None:
                    return reader.execute(sql, params or ())
        return super().execute_sql(sql, params)  # type: ignore[misc]

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        """The connection's cursor, once the batch's writer thread has run every
        statement given to it (models/batch_writer.py): every statement, savepoint
        and commit of this thread comes through here, so each one runs after those."""
        b = self.batch
        if b is not None and b.writer is not None:
            b.writer.join()
        return super().cursor(*args, **kwargs)  # type: ignore[misc]

    def savepoint(self) -> Any:
        if self.batch is not None:
            return BatchSavepoint(self, self.batch)
        return super().savepoint()  # type: ignore[misc]


class BookPostgresqlDatabase(_Batched, PostgresqlDatabase):  # type: ignore[misc]
    """PostgreSQL with room for a write batch: its rows go in INSERTs of many rows,
    a round trip each, instead of one statement each (issue 12: 100,000 payments
    were some 600,000 round trips)."""


class BookSqliteDatabase(_Batched, SqliteDatabase):  # type: ignore[misc]
    """SQLite with room for a write batch (models/batch.py)."""

    # Opened with mode=ro because the file is not writable (models/bookfile.py):
    # reading works, a posting ends in SQLite's "readonly" error, put in words above.
    read_only = False


SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "full",
    "cache_size": -32000,
}


# Seconds a server may take to answer before opening the book fails (libpq's
# connect_timeout); a URL's own ?connect_timeout= wins.
CONNECT_TIMEOUT = 10


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def make_database(url: str) -> Database:
    """A peewee database for `url`, not yet bound."""
    if is_postgres_url(url):
        from playhouse.db_url import parse  # lazy: it loads every backend and urllib.request

        pg_driver.load()  # psycopg2, when hidden from peewee's import (models/pg_driver.py)
        params = {} if "connect_timeout=" in url else {"connect_timeout": CONNECT_TIMEOUT}
        db = BookPostgresqlDatabase(
            **parse(url.replace("postgres://", "postgresql://", 1)), **params
        )
        db.autorollback = True  # type: ignore[attr-defined]
        return db
    path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else url
    if path != ":memory:":
        Path(os.path.dirname(os.path.abspath(path))).mkdir(parents=True, exist_ok=True)
        if file_is_read_only(path):
            return _read_only_sqlite(path)
    # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE):
    # a deferred one that reads and then writes cannot wait for the lock (its
    # snapshot would be stale), so SQLite refuses it at once, busy timeout or
    # not. Begun immediately, the second writer waits (busy_timeout) and then
    # reads what the first one wrote. A reader that wants no write lock asks
    # for `database.atomic(lock_type="DEFERRED")` (app/services/book.py: reading).
    # check_same_thread off: a write batch's writer thread runs statements of this
    # thread's transaction on its connection (models/batch_writer.py), each after
    # this thread's last and before its next. Every other thread has a connection
    # of its own (peewee's per-thread state), as before.
    return BookSqliteDatabase(
        path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", check_same_thread=False
    )


def _read_only_uri(path: str) -> str:
    """The URI opening the SQLite file `path` for reading only."""
    from urllib.request import pathname2url  # lazy: http.client and email with it

    return "file:" + pathname2url(os.path.abspath(path)) + "?mode=ro"


def _read_only_sqlite(path: str) -> BookSqliteDatabase:
    """A book whose file cannot be written, opened for reading (show, check, export, reports)."""
    uri = _read_only_uri(path)
    if folder_is_read_only(path) and not has_wal(path):
        # No side files can be made in the folder, and none are needed: with no
        # log beside it the file holds the whole book, which nobody can change.
        uri += "&immutable=1"
    pragmas = {k: v for k, v in SQLITE_PRAGMAS.items() if k not in ("journal_mode", "synchronous")}
    db = BookSqliteDatabase(uri, uri=True, pragmas=pragmas)
    db.read_only = True
    return db


def init_db(url: str, migrate: bool = True, backup: bool = True, create: bool = True) -> Database:
    """Open the book at `url`, bind the models to it, bring its schema up to date
    (a database without a book becomes one only when `create`)."""
    from models.migrations import migrate_forward

    close_db()
    db = make_database(url)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        if migrate:
            migrate_forward(db, backup=backup, create=create)
    except BaseException:
        # A book that did not open is not left bound: a later query would open
        # its file again (SQLite makes an empty one) and ask it for tables it lacks.
        close_db()
        database.initialize(None)
        raise
    return db


def close_db() -> None:
    obj = database.obj
    if obj is not None and not obj.is_closed():
        obj.close()


@contextmanager
def committed_reader(db: Any = None) -> Iterator[sqlite3.Connection | None]:
    """A second connection to this SQLite book (`db`: the open book's database, as
    the caller found it), for reading only, or None (PostgreSQL, a book in memory
    or opened read-only).

    It reads the book as last committed: inside this thread's write transaction
    (BEGIN IMMEDIATE: no other writer commits meanwhile), the book as it was
    when the transaction began, whatever the transaction wrote since. Its use:
    a reader that knows what its own transaction changed, and asks this one of
    every other row while the batch's writer thread holds the main connection
    (bank accept-all's matcher: app/rules/bank_follow.py)."""
    db = database.obj if db is None else db
    if not isinstance(db, BookSqliteDatabase) or db.read_only or db.database == ":memory:":
        yield None
        return
    conn = sqlite3.connect(_read_only_uri(db.database), uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA cache_size = {SQLITE_PRAGMAS['cache_size']}")
        yield conn
    finally:
        conn.close()


# SQLite's "database is locked" (SQLITE_BUSY) and "database table is locked"
# (SQLITE_LOCKED); PostgreSQL's serialization failure, deadlock and lock not available.
_SQLITE_BUSY = {5, 6}
_PG_RETRY = {"40001", "40P01", "55P03"}


class LostRace(Exception):
    """A row changed after this transaction read it (a guarded update found it
    different): the whole action runs again from the start."""


def is_contention(exc: BaseException) -> bool:
    """True when `exc` says another writer was in the way: the action may be tried again."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, LostRace):
            return True
        if isinstance(cause, sqlite3.OperationalError):
            code = getattr(cause, "sqlite_errorcode", None)
            if code is not None and code & 0xFF in _SQLITE_BUSY:
                return True
            if "database is locked" in str(cause) or "table is locked" in str(cause):
                return True
        if getattr(cause, "pgcode", None) in _PG_RETRY:
            return True
        # peewee wraps the driver's error, keeping it as `orig`.
        inner = getattr(cause, "orig", None)
        cause = inner if isinstance(inner, BaseException) else cause.__cause__
    return False


def sqlite_path(url: str) -> str | None:
    """The file behind a SQLite URL (None for PostgreSQL or memory)."""
    if is_postgres_url(url):
        return None
    path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else url
    return None if path == ":memory:" else path


def backup_sqlite(db: SqliteDatabase, dest: Path) -> Path:
    """Copy a live SQLite book with the online backup API (consistent under WAL).

    The copy is written beside `dest` and moved into place when complete, so
    a crash never leaves a half-written file under the final name.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    try:
        target = sqlite3.connect(str(tmp))
        try:
            db.connection().backup(target)
        finally:
            target.close()
        shutil.move(str(tmp), str(dest))
    finally:
        tmp.unlink(missing_ok=True)  # a failed copy (a full disk) leaves no partial file
    return dest


def backup_path(db: SqliteDatabase, version: int) -> Path:
    """Where the copy taken before migrating a version-`version` book goes."""
    return Path(db.database).with_suffix(f".v{version}.bak")
