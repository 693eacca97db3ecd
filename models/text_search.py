"""The indexes behind the panes' text box (issue 12): substrings found without
reading every row.

The text box keeps a document when the text is part of its number (and, for a
payment, its reference) or of its customer's code or name, compared as LIKE /
ILIKE compare (app/read/panes/text.py). Those columns get a trigram index:

- SQLite: one FTS5 table per searched table (`invoice_text`, `order_text`,
  `payment_text`, `customer_text`), trigram tokenizer (SQLite 3.34 or later),
  external content (the index only: the text stays in its own table), kept in
  step by triggers on insert, delete and a change of the searched columns. A
  customer's rename changes its own row of `customer_text` and nothing else:
  documents are matched through their customer's id, never through a copy of
  the name. Triggers, not the write batch (models/batch.py): they see every
  writer (services, the batch's executemany, the import, a migration) and cost
  an insert into the index's pending list per new row.
- PostgreSQL: pg_trgm GIN indexes on the same columns, which ILIKE uses.

Where the SQLite has no trigram tokenizer or PostgreSQL cannot create pg_trgm,
nothing is created and the text box scans with LIKE as before.
"""

from __future__ import annotations

from peewee import Database, DatabaseError, PostgresqlDatabase

# The searched columns of each table, as the text box reads them.
SEARCHED: dict[str, tuple[str, ...]] = {
    "customer": ("code", "name"),
    "invoice": ("number",),
    "order": ("number",),
    "payment": ("number", "reference"),
}


def index_name(table: str) -> str:
    """The FTS5 table of `table` (SQLite)."""
    return f"{table}_text"


def has_trigram(db: Database) -> bool:
    """Whether this SQLite has FTS5's trigram tokenizer (3.34 or later, FTS5 compiled in)."""
    try:
        db.execute_sql(
            "CREATE VIRTUAL TABLE temp.acerto_trigram_probe USING fts5(x, tokenize='trigram')"
        )
    except DatabaseError:
        return False
    db.execute_sql("DROP TABLE temp.acerto_trigram_probe")
    return True


def create(db: Database) -> None:
    """The text indexes of every searched table, filled from the rows there are."""
    if isinstance(db, PostgresqlDatabase):
        _create_postgres(db)
    elif has_trigram(db):
        for table, columns in SEARCHED.items():
            _create_sqlite(db, table, columns)


def _create_sqlite(db: Database, table: str, columns: tuple[str, ...]) -> None:
    fts = index_name(table)
    if db.table_exists(fts):
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    changed = " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in columns)
    db.execute_sql(
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5({cols}, '
        f"content='{table}', content_rowid='id', tokenize='trigram')"
    )
    insert = f'INSERT INTO "{fts}" (rowid, {cols}) VALUES (new."id", {new});'
    delete = f'INSERT INTO "{fts}" ("{fts}", rowid, {cols}) VALUES (\'delete\', old."id", {old});'
    db.execute_sql(f'CREATE TRIGGER "{fts}_insert" AFTER INSERT ON "{table}" BEGIN {insert} END')
    db.execute_sql(f'CREATE TRIGGER "{fts}_delete" AFTER DELETE ON "{table}" BEGIN {delete} END')
    db.execute_sql(
        f'CREATE TRIGGER "{fts}_update" AFTER UPDATE OF {cols} ON "{table}" '
        f"WHEN {changed} BEGIN {delete} {insert} END"
    )
    db.execute_sql(f'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')')


def _create_postgres(db: Database) -> None:
    """pg_trgm and its GIN indexes. pg_trgm is a trusted extension (PostgreSQL 13+): the
    book's owner may create it; where it may not (or the server lacks it), nothing is
    created and ILIKE scans as before."""
    try:
        with db.atomic():  # a savepoint: a refusal must not abort the migration's transaction
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            db.execute_sql(
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" '
                f'ON "{table}" USING gin ("{column}" gin_trgm_ops)'
            )


def available(db: Database, table: str) -> bool:
    """Whether `table`'s text index is there to use (SQLite)."""
    return bool(
        db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (index_name(table),)
        ).fetchone()
    )
