"""A transaction that checks its foreign keys itself (models/references.py): whatever
it writes, it ends as the same transaction with SQLite's checks deferred to its
commit would (committed, or failed with nothing written), its DELETEs of rows
others may name are refused, and SQLite's checks are on again after it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from peewee import SqliteDatabase

from models import batch_writer, references
from models.batch_writer import AFTER_EVERY, Writer

SCHEMA = [
    'CREATE TABLE "parent" ("id" INTEGER PRIMARY KEY, "code" TEXT UNIQUE)',
    'CREATE TABLE "child" ("id" INTEGER PRIMARY KEY,'
    ' "parent_id" INTEGER REFERENCES "parent" ("id") ON DELETE CASCADE,'
    ' "code" TEXT REFERENCES "parent" ("code"), "n" INTEGER)',
    'CREATE TABLE "free" ("id" INTEGER PRIMARY KEY, "n" INTEGER)',
]


def _book(path: Path) -> SqliteDatabase:
    db = SqliteDatabase(str(path), pragmas={"foreign_keys": 1}, check_same_thread=False)
    db.connect()
    for sql in SCHEMA:
        db.execute_sql(sql)
    db.execute_sql("INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    db.execute_sql("INSERT INTO child VALUES (1, 1, 'a', 0), (2, 2, NULL, 0)")
    return db


def _rows(db: SqliteDatabase) -> list[tuple[object, ...]]:
    return [
        *db.execute_sql("SELECT 'p', * FROM parent ORDER BY id").fetchall(),
        *db.execute_sql("SELECT 'c', * FROM child ORDER BY id").fetchall(),
    ]


def _enforced(db: SqliteDatabase) -> int:
    return int(db.execute_sql("PRAGMA foreign_keys").fetchone()[0])


@pytest.mark.parametrize(
    "statements",
    [
        # a many-row insert naming a missing parent by id, and by code
        ["INSERT INTO child VALUES (3, 1, 'a', 0), (4, 9, NULL, 0)"],
        ["INSERT INTO child VALUES (3, NULL, 'zz', 0)"],
        # an update setting a reference to a missing parent
        ["UPDATE child SET parent_id = 9 WHERE id = 1"],
        # a new parent, named, then an insert naming a missing one
        [
            "INSERT INTO parent VALUES (4, 'd')",
            "INSERT INTO child VALUES (3, 4, 'd', 0)",
            "INSERT INTO child VALUES (5, 5, NULL, 0)",
        ],
    ],
)
def test_a_missing_parent_fails_the_transaction_and_writes_nothing(
    tmp_path: Path, statements: list[str]
) -> None:
    db = _book(tmp_path / "b.sqlite")
    before = _rows(db)
    with (
        pytest.raises(sqlite3.IntegrityError, match=references.FAILED),
        references.checked_at_end(db),
    ):
        assert _enforced(db) == 0
        for sql in statements:
            db.execute_sql(sql)
    assert _rows(db) == before
    assert _enforced(db) == 1


def test_good_references_are_committed_and_checks_are_on_again(tmp_path: Path) -> None:
    db = _book(tmp_path / "b.sqlite")
    with references.checked_at_end(db):
        db.execute_sql("INSERT INTO parent VALUES (4, 'd')")
        db.execute_sql("INSERT INTO child VALUES (3, 4, 'd', 0), (4, 1, NULL, 1)")
        db.execute_sql("UPDATE child SET parent_id = 3, code = 'c' WHERE id = 2")
        db.execute_sql("INSERT INTO free VALUES (1, 1)")
    assert ("c", 2, 3, "c", 0) in _rows(db) and ("c", 4, 1, None, 1) in _rows(db)
    assert _enforced(db) == 1
    with pytest.raises(peewee.IntegrityError):  # SQLite's own checks, row by row again
        db.execute_sql("INSERT INTO child VALUES (9, 9, NULL, 0)")


@pytest.mark.parametrize("table", ["parent", "child"])
def test_a_delete_where_references_are_is_refused(tmp_path: Path, table: str) -> None:
    """With SQLite's checks off, its CASCADE and RESTRICT would not act."""
    db = _book(tmp_path / "b.sqlite")
    before = _rows(db)
    refused = pytest.raises(peewee.DatabaseError, match="not authorized")
    with refused, references.checked_at_end(db):
        db.execute_sql(f'DELETE FROM "{table}" WHERE id = 1')
    assert _rows(db) == before
    with references.checked_at_end(db):  # a table no key names is free
        db.execute_sql("INSERT INTO free VALUES (1, 1)")
        db.execute_sql("DELETE FROM free")


def test_inside_a_transaction_it_is_one_savepoint_with_sqlites_checks(tmp_path: Path) -> None:
    db = _book(tmp_path / "b.sqlite")
    with db.atomic(), references.checked_at_end(db):
        assert _enforced(db) == 1 and references.active(db) is None
        with pytest.raises(peewee.IntegrityError):
            db.execute_sql("INSERT INTO child VALUES (3, 9, NULL, 0)")


CHILD = 'INSERT INTO "child" ("id", "parent_id", "code", "n") VALUES (?, ?, ?, ?)'


@contextmanager
def _writing(db: SqliteDatabase) -> Iterator[tuple[references.References, Writer]]:
    """Inside `checked_at_end`, failing with SQLite's words: its references, and a
    batch's writer thread checking them."""
    failed = pytest.raises(sqlite3.IntegrityError, match=references.FAILED)
    with failed, references.checked_at_end(db):
        refs = references.active(db)
        assert refs is not None
        writer = Writer(db.connection())
        writer.refs = refs
        try:
            yield refs, writer
        finally:
            writer.close()


@pytest.mark.skipif(not batch_writer.usable(), reason="SQLite older than 3.33")
def test_the_writer_thread_checks_new_rows_as_they_come(tmp_path: Path) -> None:
    """Every `AFTER_EVERY` inserts into a table, the writer checks its rows so far:
    the bad one is raised at the next wait, long before the end."""
    db = _book(tmp_path / "b.sqlite")
    with _writing(db) as (refs, writer):
        for k in range(AFTER_EVERY):
            bad = 9 if k == 2 else 1
            writer.insert(CHILD, [(10 + 2 * k, 1, "a", k), (11 + 2 * k, bad, None, k)])
        with pytest.raises(sqlite3.IntegrityError, match=references.FAILED):
            writer.join()
        assert refs.checked["child"] == 2  # nothing past the bad rows taken as good


@pytest.mark.skipif(not batch_writer.usable(), reason="SQLite older than 3.33")
@pytest.mark.parametrize("told", [False, True])
def test_a_savepoint_rolled_back_has_its_ids_checked_again(tmp_path: Path, told: bool) -> None:
    """Rows the writer checked, rolled back: their ids are given again to other rows,
    which are checked (heard from the ROLLBACK statement, or told by the batch)."""
    db = _book(tmp_path / "b.sqlite")
    with _writing(db) as (refs, writer):
        db.execute_sql('SAVEPOINT "s"')
        for k in range(AFTER_EVERY):
            writer.insert(CHILD, [(3 + k, 1, None, 0)])
        writer.join()
        assert refs.checked["child"] == 3 + AFTER_EVERY - 1
        if told:  # as models/batch.py's roll_back tells it, the statement unheard
            db.connection().set_authorizer(None)
            refs.rolled_back()
        db.execute_sql('ROLLBACK TO SAVEPOINT "s"')
        db.connection().set_authorizer(refs.authorize)
        db.execute_sql('RELEASE SAVEPOINT "s"')
        writer.insert(CHILD, [(3, 999, None, 0)])  # an id checked before, given again
        writer.join()
    assert db.execute_sql("SELECT count(*) FROM child").fetchone()[0] == 2


def test_a_key_others_name_cannot_change(tmp_path: Path) -> None:
    db = _book(tmp_path / "b.sqlite")
    before = _rows(db)
    refused = pytest.raises(peewee.DatabaseError, match="not authorized")
    with refused, references.checked_at_end(db):
        db.execute_sql("UPDATE parent SET id = 99 WHERE id = 1")
    assert _rows(db) == before


def test_a_schema_it_cannot_check_keeps_sqlites_checks(tmp_path: Path) -> None:
    db = _book(tmp_path / "b.sqlite")
    db.execute_sql(
        'CREATE TABLE "pair" ("a" INTEGER, "b" TEXT, FOREIGN KEY ("a", "b")'
        ' REFERENCES "parent" ("id", "code"))'
    )
    with references.checked_at_end(db):
        assert _enforced(db) == 1 and references.active(db) is None
        with pytest.raises(peewee.IntegrityError):
            db.execute_sql("INSERT INTO child VALUES (3, 9, NULL, 0)")


# One write of a transaction: (kind, a row's id, a parent id, a parent code).
writes = st.lists(
    st.tuples(
        st.sampled_from(["insert", "insert2", "update", "parent"]),
        st.integers(1, 6),
        st.one_of(st.none(), st.integers(1, 6)),
        st.one_of(st.none(), st.sampled_from("abcdef")),
    ),
    max_size=8,
)


def _run(db: SqliteDatabase, steps: list[tuple[str, int, int | None, str | None]]) -> None:
    for kind, at, parent, code in steps:
        if kind == "parent":
            db.execute_sql("INSERT OR IGNORE INTO parent VALUES (?, ?)", (at, code))
        elif kind == "update":
            db.execute_sql(
                "UPDATE child SET parent_id = ?, code = ? WHERE id = ?", (parent, code, at)
            )
        else:  # a row, or two in one statement (SQLite journals that one when it checks)
            rows = [(10 + at, parent, code)] + ([(20 + at, 1, None)] if kind == "insert2" else [])
            marks = ", ".join(["(?, ?, ?, 0)"] * len(rows))
            db.execute_sql(
                f"INSERT OR IGNORE INTO child VALUES {marks}", [v for r in rows for v in r]
            )


def _outcome(db: SqliteDatabase, ctx: object, steps: list, defer: bool) -> tuple[bool, list]:
    try:
        with ctx:  # type: ignore[attr-defined]
            if defer:
                db.execute_sql("PRAGMA defer_foreign_keys = ON")  # until this transaction ends
            _run(db, steps)
        ok = True
    except (sqlite3.IntegrityError, peewee.IntegrityError):  # ours, or SQLite's through peewee
        ok = False
    return ok, _rows(db)


@settings(max_examples=80, deadline=None)
@given(steps=writes)
def test_it_ends_as_the_transaction_with_sqlites_deferred_checks(tmp_path_factory, steps) -> None:
    """Whatever is written: committed with the same rows, or failed with nothing
    written, exactly as when SQLite checks every key at the commit (deferred: a row
    may name a parent written after it in the transaction, as SQLite's row-by-row
    checks would refuse; the services write a parent first, and then both agree)."""
    where = tmp_path_factory.mktemp("refs")
    plain, own = _book(where / "plain.sqlite"), _book(where / "own.sqlite")
    expected = _outcome(plain, plain.atomic(), steps, defer=True)
    assert _outcome(own, references.checked_at_end(own), steps, defer=False) == expected
    assert _enforced(own) == 1
