"""The book as a SQLite file: its integrity checks, storage faults by kind,
an exclusive hold on it, and a look inside a file that is not open.

Above this module the faults become sentences (app/services/storage.py);
here they are only named, from the SQLite result code where the driver
gives one and from SQLite's message otherwise (peewee re-raises the
driver's error as its own class with the same message).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from peewee import Database, DatabaseError, SqliteDatabase

# Storage faults, by the SQLite primary result code (sqlite3.h).
DAMAGED = "damaged"
FULL = "full"
READ_ONLY = "read-only"
IO_ERROR = "io-error"
CANNOT_OPEN = "cannot-open"
LOST = "connection-lost"  # a PostgreSQL server gone mid-action (it keeps nothing unfinished)

# What libpq and peewee say when the server's connection is gone.
_LOST = (
    "server closed the connection",
    "terminating connection",
    "connection already closed",
    "could not receive data from server",
    "could not send data to server",
    "no connection to the server",
    "ssl connection has been closed",
)

_CODES = {11: DAMAGED, 26: DAMAGED, 13: FULL, 8: READ_ONLY, 10: IO_ERROR, 14: CANNOT_OPEN}
_MESSAGES = (
    ("database disk image is malformed", DAMAGED),
    ("file is not a database", DAMAGED),
    ("malformed database schema", DAMAGED),
    ("database or disk is full", FULL),
    ("readonly database", READ_ONLY),
    ("read-only", READ_ONLY),
    ("disk i/o error", IO_ERROR),
    ("unable to open database file", CANNOT_OPEN),
)


def fault_kind(exc: BaseException, files: bool = False) -> str | None:
    """The storage fault behind `exc` (one of the constants above), or None.

    Only the database's errors count, unless `files` (a copy Acerto makes
    itself: a backup, a restore), where the operating system's count too."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if files and isinstance(e, OSError) and e.errno == 28:  # ENOSPC
            return FULL
        if files and isinstance(e, OSError) and e.errno in (30, 13):  # EROFS, EACCES
            return READ_ONLY
        code = getattr(e, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _CODES:
            return _CODES[code & 0xFF]
        if type(e).__module__.split(".")[0] in ("psycopg2", "peewee") and any(
            needle in str(e).lower() for needle in _LOST
        ):
            return LOST
        if isinstance(e, sqlite3.Error | DatabaseError):
            text = str(e).lower()
            for needle, kind in _MESSAGES:
                if needle in text:
                    return kind
        todo.extend([e.__cause__, e.__context__])
    return None


def integrity_problems(db: Database, quick: bool = False, limit: int = 20) -> list[str]:
    """SQLite's own check of the open book: [] when sound, else what it found.

    `quick` runs `PRAGMA quick_check` (no index-against-table comparison:
    linear in the file, about a tenth of the full check). A book too broken
    for the check to run reports the error it raised. PostgreSQL checks its
    own pages; there this returns [].
    """
    if not isinstance(db, SqliteDatabase):
        return []
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = db.execute_sql(f"PRAGMA {pragma}({int(limit)})").fetchall()
    except (DatabaseError, sqlite3.Error) as exc:
        return [str(exc).strip() or type(exc).__name__]
    lines = [
        line.strip()
        for row in rows
        for line in str(row[0]).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    return [] if lines == ["ok"] else lines


def foreign_key_problems(db: Database) -> int:
    """How many rows of a SQLite book point at a row that is not there."""
    if not isinstance(db, SqliteDatabase):
        return 0
    return len(db.execute_sql("PRAGMA foreign_key_check").fetchall())


def file_is_read_only(path: str) -> bool:
    """True when an existing book file (or its folder, for the WAL's side files) is not
    writable by this process: such a book is opened read-only."""
    p = Path(path)
    if not p.exists():
        return False
    return not os.access(p, os.W_OK) or folder_is_read_only(path)


def folder_is_read_only(path: str) -> bool:
    """True when the book's folder cannot be written: SQLite cannot make the
    WAL's side files there."""
    return not os.access(Path(os.path.abspath(path)).parent, os.W_OK)


def has_wal(path: str) -> bool:
    """Does the book have a write-ahead log with something in it beside it?"""
    wal = Path(path + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def side_files(path: Path) -> list[Path]:
    """The WAL and shared-memory files SQLite keeps beside a book."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


class BookInUse(Exception):
    """Another connection (a window, a command) has the book open."""


# SQLite's lock bytes (os_unix.c): PENDING, RESERVED, then the 510 SHARED bytes.
# An open connection to a WAL book holds a read lock in the SHARED range.
_LOCK_START = 0x40000000
_LOCK_LEN = 512


@contextlib.contextmanager
def held_exclusively(path: Path) -> Iterator[None]:
    """Hold SQLite's lock bytes of the book at `path` for writing, or raise BookInUse.

    While held, no other process can open the book (SQLite waits, then says
    "database is locked"). This process must not open the book meanwhile:
    closing any descriptor of the file would drop the lock (POSIX).
    Where there are no POSIX locks (Windows), replacing an open file fails
    by itself, so nothing is held.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(path, os.O_RDWR)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, _LOCK_LEN, _LOCK_START, os.SEEK_SET)
        except OSError:
            raise BookInUse(str(path)) from None
        yield
    finally:
        os.close(fd)


def inspect_file(path: Path) -> tuple[list[str], object]:
    """SQLite's full integrity check of a closed book file, and its schema version.

    Returns (problems, version): problems [] when sound; version None when
    the file has no schema_version table (not an Acerto book), else the
    value stored (validated by the caller). The file is opened read-write
    so that SQLite removes the WAL side files it makes when it closes.
    """
    from urllib.request import pathname2url  # lazy: http.client and email with it

    con = sqlite3.connect(f"file:{pathname2url(os.path.abspath(path))}?mode=rw", uri=True)
    try:
        try:
            rows = con.execute("PRAGMA integrity_check(20)").fetchall()
            problems = [] if [r[0] for r in rows] == ["ok"] else [str(r[0]) for r in rows]
            if problems:
                return problems, None
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "schema_version" not in tables:
                return [], None
            values = [r[0] for r in con.execute("SELECT version FROM schema_version")]
        except sqlite3.DatabaseError as exc:
            return [str(exc).strip() or type(exc).__name__], None
        return [], values[0] if len(values) == 1 else values
    finally:
        con.close()
