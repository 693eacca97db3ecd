"""The schema is versioned: new books are current, old ones migrate forward
after a backup copy, books from a newer Acerto are refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import customers
from models.db import close_db, init_db
from models.migrations import LATEST, MIGRATIONS, NewerBookError, current_version
from models.tables import Customer, SchemaVersion
from tests.builders import dump_book


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    yield
    close_db()


def stored_version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT max(version) FROM schema_version").fetchone()[0])
    finally:
        con.close()


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))


def test_a_new_book_is_at_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = init_db(str(path))
    assert current_version(db) == LATEST == len(MIGRATIONS)
    assert [r.version for r in SchemaVersion.select()] == [LATEST]
    assert backups(tmp_path) == []  # nothing to back up in a new book


def test_reopening_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    init_db(str(path))
    customers.add_customer("C1", "First")
    before = dump_book()
    close_db()
    db = init_db(str(path))
    assert current_version(db) == LATEST
    assert dump_book() == before
    assert backups(tmp_path) == []


def test_a_book_from_a_newer_acerto_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    init_db(str(path))
    SchemaVersion.update(version=LATEST + 1).execute()
    close_db()
    raw_before = path.read_bytes()
    with pytest.raises(NewerBookError) as err:
        init_db(str(path))
    message = str(err.value)
    assert "newer Acerto" in message
    assert f"schema {LATEST + 1}" in message
    assert f"knows {LATEST}" in message
    close_db()
    assert stored_version(path) == LATEST + 1
    assert backups(tmp_path) == []
    assert path.read_bytes()[:100] == raw_before[:100]


def test_an_older_book_is_migrated_forward_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    # A book as version 1 wrote it: the first migration only, version 1.
    db = init_db(str(path), migrate=False)
    with db.atomic():
        db.create_tables([SchemaVersion])
        MIGRATIONS[0](db)
        SchemaVersion.create(version=1)
    customers.add_customer("OLD", "Customer from version 1")
    for index in ("invoice_customer_status_due", "payment_customer_date"):
        db.execute_sql(f"DROP INDEX IF EXISTS {index}")
    close_db()
    assert stored_version(path) == 1

    db = init_db(str(path))
    assert current_version(db) == LATEST
    assert Customer.get(Customer.code == "OLD").name == "Customer from version 1"
    indexes = {
        row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    if LATEST >= 2:
        assert "invoice_customer_status_due" in indexes
    close_db()

    [backup] = backups(tmp_path)
    assert backup.parent == path.parent
    assert backup.name == "old.v1.bak"
    assert stored_version(backup) == 1
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT name FROM customer").fetchall() == [("Customer from version 1",)]
    finally:
        con.close()
    # Opening again migrates nothing and writes no second backup.
    init_db(str(path))
    assert backups(tmp_path) == [backup]
