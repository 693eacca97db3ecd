"""The indexes behind the panes' text box (issue 12): substrings found without
reading every row.

The text box keeps a document when the text is part of its number (and, for a
payment, its reference) or of its customer's code or name, compared as LIKE /
ILIKE compare (app/read/panes/text.py). Those columns get a trigram index:

- SQLite: one FTS5 table per searched table (`invoice_text`, `order_text`,
  `payment_text`, `customer_text`), trigram tokenizer (SQLite 3.34 or later),
  external content (the index only: the text stays in its own table), kept in
  step by triggers, which see every writer (the services, the write batch's
  executemany, the import, a migration, raw SQL). A customer's rename changes
  its own row of `customer_text` and nothing else: documents are matched
  through their customer's id, never through a copy of the name.
  A new row is not put into the index by its own trigger: FTS5 writes what it
  holds to disk at every statement savepoint, and a trigger gives every insert
  one, so a row per statement cost some 30 µs (+7 % CPU on a 10,000-invoice
  demo). The trigger only notes the id in `<table>_text_pending`; when that
  list reaches PENDING_MAX rows, a trigger on it moves them all into the index
  in one statement (about 5 µs a row in all). A search reads the index and
  the (short) pending list together, so it never misses a row. A changed
  number or reference takes the row out of the index and back onto the list;
  a deleted row leaves both.
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


# Rows wait in a table's pending list until this many have gathered, then go into
# its index in one statement (see the module's docstring).
PENDING_MAX = 1000


def pending_name(table: str) -> str:
    """The ids of `table`'s rows not yet in its FTS5 table (SQLite)."""
    return f"{table}_text_pending"


def _create_sqlite(db: Database, table: str, columns: tuple[str, ...]) -> None:
    fts, pending = index_name(table), pending_name(table)
    if db.table_exists(fts):
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    changed = " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in columns)
    db.execute_sql(
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5({cols}, '
        f"content='{table}', content_rowid='id', tokenize='trigram')"
    )
    db.execute_sql(f'CREATE TABLE "{pending}" ("id" INTEGER NOT NULL PRIMARY KEY)')
    wait = f'INSERT OR IGNORE INTO "{pending}" ("id") VALUES (new."id");'
    # Out of the index, unless it is not in yet (a pending row was never added).
    out = (
        f'INSERT INTO "{fts}" ("{fts}", rowid, {cols}) SELECT \'delete\', old."id", {old} '
        f'WHERE NOT EXISTS (SELECT 1 FROM "{pending}" WHERE "id" = old."id");'
    )
    db.execute_sql(f'CREATE TRIGGER "{fts}_insert" AFTER INSERT ON "{table}" BEGIN {wait} END')
    db.execute_sql(
        f'CREATE TRIGGER "{fts}_delete" AFTER DELETE ON "{table}" '
        f'BEGIN {out} DELETE FROM "{pending}" WHERE "id" = old."id"; END'
    )
    db.execute_sql(
        f'CREATE TRIGGER "{fts}_update" AFTER UPDATE OF {cols} ON "{table}" '
        f"WHEN {changed} BEGIN {out} {wait} END"
    )
    db.execute_sql(
        f'CREATE TRIGGER "{pending}_full" AFTER INSERT ON "{pending}" '
        f'WHEN (SELECT count(*) FROM "{pending}") >= {PENDING_MAX} BEGIN {_drain(table)} END'
    )
    db.execute_sql(f'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')')


def _drain(table: str) -> str:
    fts, pending = index_name(table), pending_name(table)
    cols = ", ".join(f'"{c}"' for c in SEARCHED[table])
    picked = ", ".join(f'd."{c}"' for c in SEARCHED[table])
    return (
        f'INSERT INTO "{fts}" (rowid, {cols}) SELECT d."id", {picked} '
        f'FROM "{table}" d JOIN "{pending}" p ON p."id" = d."id"; DELETE FROM "{pending}";'
    )


def drain(db: Database) -> None:
    """Every pending row into its index now (SQLite; searches find them either way)."""
    for table in SEARCHED:
        if db.table_exists(index_name(table)):
            for statement in _drain(table).split("; "):
                db.execute_sql(statement.rstrip(";"))


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
