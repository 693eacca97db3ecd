"""Schema versions and the forward migration runner.

Each migration is a numbered function run inside `atomic()`. Before the
first migration of an existing SQLite book a backup copy is written beside
it; a book from a newer Acerto is refused rather than damaged.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import Database, SqliteDatabase

from models.tables import ALL_TABLES, SchemaVersion


class NewerBookError(Exception):
    """The book was written by a newer version of Acerto."""


def _m1_initial(db: Database) -> None:
    db.create_tables(ALL_TABLES)


def _m2_indexes(db: Database) -> None:
    # Composite indexes the panes sort and filter on.
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS invoice_customer_status_due ON invoice (customer_id, status, due_date)"
    )
    db.execute_sql("CREATE INDEX IF NOT EXISTS payment_customer_date ON payment (customer_id, date)")


MIGRATIONS: list[Callable[[Database], None]] = [_m1_initial, _m2_indexes]
LATEST = len(MIGRATIONS)


def current_version(db: Database) -> int:
    if not db.table_exists("schema_version"):
        return 0
    row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return row.version if row else 0


def migrate_forward(db: Database, url: str, backup: bool = True) -> int:
    version = current_version(db)
    if version > LATEST:
        raise NewerBookError(
            f"This book was written by a newer Acerto (schema {version}; this one knows {LATEST}). "
            "Update Acerto to open it."
        )
    if version == LATEST:
        return version
    if version > 0 and backup and isinstance(db, SqliteDatabase):
        backup_sqlite(db, Path(db.database).with_suffix(f".v{version}.bak"))
    for number in range(version + 1, LATEST + 1):
        with db.atomic():
            if number == 1:
                db.create_tables([SchemaVersion])
            MIGRATIONS[number - 1](db)
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=number)
    return LATEST


def backup_sqlite(db: SqliteDatabase, dest: Path) -> Path:
    """Copy a live SQLite book with the online backup API (consistent under WAL)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    target = sqlite3.connect(str(tmp))
    try:
        db.connection().backup(target)
    finally:
        target.close()
    shutil.move(str(tmp), str(dest))
    return dest
