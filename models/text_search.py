"""The indexes behind the panes' text box (issue 12): substrings found without
reading every row.

The text box keeps a document when the text is part of its number (and, for a
payment, its reference) or of its customer's code or name, compared as LIKE /
ILIKE compare (app/read/panes/text.py). Those columns get a trigram index:

- SQLite: one FTS5 table per searched table (`invoice_text`, `order_text`,
  `payment_text`, `customer_text`), trigram tokenizer (SQLite 3.34 or later),
  external content (the index only: the text stays in its own table). A
  customer's rename changes its own row of `customer_text` and nothing else:
  documents are matched through their customer's id, never a copy of the name.
  The index holds the rows up to an id (`text_search_mark`); the rows above it
  (the latest) are searched by a scan of that range of ids, and `catch_up`
  puts them into the index in one statement: at the end of every write batch
  (the demo, the import, the bank's accepting) and in the migration. Each
  value is indexed with two characters no text holds after it (through a view,
  `{table}_text_source`, the index's content), so every one or two characters
  of it begin one of its trigrams: a text that short is looked up among the
  terms it begins (`{table}_text_terms`, fts5vocab), which a trigram index
  cannot otherwise answer. No
  trigger on insert: any trigger on a table gives each INSERT a statement
  journal, which on the documents' tables (a dozen indexes each) cost 55 µs a
  row even with a trigger that does nothing (3x the insert itself: +2.9 s of
  SQLite time in a 10,000-invoice demo). Triggers keep the index right when a
  searched column changes or a row is deleted, both rare (the services write
  only the columns they change).
- PostgreSQL: pg_trgm GIN indexes on the same columns, which ILIKE uses; and,
  for a text of one or two characters (which no trigram index can look up),
  GIN indexes of each document column's grams (`acerto_grams`: every character
  and every pair of adjacent characters of its lower case, in the column's
  collation, as ILIKE lowers it).

Where the SQLite has no trigram tokenizer or PostgreSQL cannot create pg_trgm
(or the grams' function), nothing is created and the text box scans with LIKE
as before.
"""

from __future__ import annotations

import weakref

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


MARK = "text_search_mark"  # per table: the largest id its FTS5 table holds rows up to


def _upto(table: str) -> str:
    return f'(SELECT "upto" FROM "{MARK}" WHERE "source" = \'{table}\')'


# Each indexed value ends with two characters no text holds (PAD): then every one or
# two characters of it begin one of its trigrams (the last ones too), and the index's
# terms beginning with a short text name the rows holding it (`short_terms`).
PAD = "char(1, 1)"


def _padded(prefix: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f'{prefix}"{c}" || {PAD}' for c in columns)


def source_name(table: str) -> str:
    """The view the FTS5 table of `table` reads its padded values from (SQLite)."""
    return f"{table}_text_source"


def terms_name(table: str) -> str:
    """The fts5vocab table listing the terms of `table`'s FTS5 table (SQLite)."""
    return f"{table}_text_terms"


def _create_sqlite(db: Database, table: str, columns: tuple[str, ...]) -> None:
    fts = index_name(table)
    if db.table_exists(fts):
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    old = _padded("old.", columns)
    new = _padded("new.", columns)
    changed = " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in columns)
    padded = ", ".join(f'"{c}" || {PAD} AS "{c}"' for c in columns)
    db.execute_sql(
        f'CREATE VIEW IF NOT EXISTS "{source_name(table)}" AS SELECT "id", {padded} FROM "{table}"'
    )
    db.execute_sql(
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5({cols}, '
        f"content='{source_name(table)}', content_rowid='id', tokenize='trigram')"
    )
    db.execute_sql(
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{terms_name(table)}" USING fts5vocab("{fts}", row)'
    )
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "{MARK}" '
        '("source" VARCHAR(40) NOT NULL PRIMARY KEY, "upto" INTEGER NOT NULL)'
    )
    out = f'INSERT INTO "{fts}" ("{fts}", rowid, {cols}) SELECT \'delete\', old."id", {old}'
    top = f'coalesce((SELECT max("id") FROM "{table}"), 0)'
    db.execute_sql(
        f'CREATE TRIGGER "{fts}_delete" AFTER DELETE ON "{table}" BEGIN '
        f'{out} WHERE old."id" <= {_upto(table)}; '
        # The largest id gone: SQLite may give it again, to a row the index must not
        # think it holds (the mark never above the table's largest id).
        f'UPDATE "{MARK}" SET "upto" = {top} WHERE "source" = \'{table}\' AND "upto" > {top}; END'
    )
    db.execute_sql(
        f'CREATE TRIGGER "{fts}_update" AFTER UPDATE OF {cols} ON "{table}" '
        f'WHEN ({changed}) AND old."id" <= {_upto(table)} BEGIN {out}; '
        f'INSERT INTO "{fts}" (rowid, {cols}) VALUES (new."id", {new}); END'
    )
    db.execute_sql(f'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')')
    db.execute_sql(f'INSERT INTO "{MARK}" ("source", "upto") VALUES (\'{table}\', {top})')


def catch_up(db: Database) -> None:
    """The rows added since (ids above the mark) into their FTS5 tables, in one
    statement each (SQLite; a search finds them either way, by scanning them)."""
    with db.atomic():  # the rows and the mark move together, or neither
        for statements in catching_up(db).values():
            for sql in statements:
                db.execute_sql(sql)


def catching_up(db: Database) -> dict[str, list[str]]:
    """For each table whose rows go into an FTS5 table (SQLite), the statements that
    put the rows added since (ids above the mark) into it and move the mark. No
    parameter, nothing read first: `catch_up` runs them, and a batch's writer thread
    in its turn as rows are added (models/batch_writer.py), which relies on what a
    batch does: its rows come in id order."""
    if isinstance(db, PostgresqlDatabase):
        return {}
    out = {}
    for table, columns in SEARCHED.items():
        if db.table_exists(index_name(table)):
            cols = ", ".join(f'"{c}"' for c in columns)
            top = f'(SELECT max("id") FROM "{table}")'
            out[table] = [
                f'INSERT INTO "{index_name(table)}" (rowid, {cols}) SELECT "id", '
                f'{_padded("", columns)} FROM "{table}" WHERE "id" > {_upto(table)} ORDER BY "id"',
                f'UPDATE "{MARK}" SET "upto" = {top} WHERE "source" = \'{table}\' AND "upto" < {top}',
            ]
    return out


def drop_sqlite(db: Database) -> None:
    """Every FTS5 table, its view, terms and triggers, and the marks (SQLite): a
    migration makes them again (`create`)."""
    for table in SEARCHED:
        fts = index_name(table)
        for what in ("delete", "update"):
            db.execute_sql(f'DROP TRIGGER IF EXISTS "{fts}_{what}"')
        db.execute_sql(f'DROP TABLE IF EXISTS "{terms_name(table)}"')
        db.execute_sql(f'DROP TABLE IF EXISTS "{fts}"')
        db.execute_sql(f'DROP VIEW IF EXISTS "{source_name(table)}"')
    db.execute_sql(f'DROP TABLE IF EXISTS "{MARK}"')


def short_terms(db: Database, table: str, text: str) -> tuple[list[str], int]:
    """The terms of `table`'s FTS5 table that begin with `text` (one or two ASCII
    characters, lower case as the index folds them), and the sum of their rows (at
    least the rows holding one of them): the rows holding `text` in a searched column
    are those with one of these terms (every value padded), and the latest rows, not
    in the index yet."""
    high = text + "\U0010ffff"
    rows = db.execute_sql(
        f'SELECT "term", "doc" FROM "{terms_name(table)}" WHERE "term" >= ? AND "term" < ?',
        (text, high),
    ).fetchall()
    return [str(r[0]) for r in rows], sum(int(r[1]) for r in rows)


def padded(db: Database, table: str) -> bool:
    """Whether `table`'s FTS5 table holds padded values and lists its terms (SQLite)."""
    return bool(
        db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (terms_name(table),)
        ).fetchone()
    )


def upto_sql(table: str) -> str:
    """SQL for the largest id `table`'s FTS5 table holds rows up to (rows above: not in it)."""
    return _upto(table)


def _create_postgres(db: Database) -> None:
    _create_trigrams(db)
    create_grams(db)


def _create_trigrams(db: Database) -> None:
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


GRAMS = "acerto_grams"  # PostgreSQL: a text's lower case, character by character and in pairs
# The grams of a value: its characters and each pair of adjacent ones, of its lower
# case (the collation is the call's: the column's, as ILIKE's). A text of one or two
# characters is part of a value's lower case exactly when it is one of these, so an
# index of them answers it (app/read/panes/text.py). PL/pgSQL: 13 us a number, where
# one SQL statement over generate_series took 57 us (the migration's time at 1M).
# COST 1000 (10x PL/pgSQL's default): the planner reads the index rather than compute
# the grams of every row a scan passes (5000 pushed plans' costs over jit_above_cost:
# 100 ms of JIT compiling for a count).
_GRAMS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {GRAMS}(s text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $grams$
DECLARE
  u text[] := string_to_array(lower(s), NULL);
  r text[] := u;
BEGIN
  FOR i IN 1 .. coalesce(cardinality(u), 0) - 1 LOOP
    r := r || (u[i] || u[i + 1]);
  END LOOP;
  RETURN r;
END
$grams$"""


# The documents' tables; the customers (a few thousand) are tested row by row.
GRAMMED = ("invoice", "order", "payment")


def gram_index(table: str, column: str) -> str:
    """The GIN index of `table`.`column`'s grams (PostgreSQL)."""
    return f"{table}_{column}_grams"


def create_grams(db: Database) -> None:
    """PostgreSQL: the grams' function and a GIN index of each searched column's grams,
    then the tables' statistics (the planner's estimate of how many rows hold a pair
    comes from them). A role that may not create the function gets nothing, and a
    short text scans as before. SQLite: nothing."""
    if not isinstance(db, PostgresqlDatabase):
        return
    _SEEN.pop(db, None)
    try:
        with db.atomic():  # a savepoint: a refusal must not abort the migration's transaction
            db.execute_sql(_GRAMS_FUNCTION)
    except DatabaseError:
        return
    for table in GRAMMED:
        for column in SEARCHED[table]:
            db.execute_sql(
                f'CREATE INDEX IF NOT EXISTS "{gram_index(table, column)}" '
                f'ON "{table}" USING gin ({GRAMS}("{column}"))'
            )
        db.execute_sql(f'ANALYZE "{table}"')


# Per open book (a database object), per table: whether its grams' indexes are there,
# asked once (a round trip saved on each of a pane's queries; the migration that
# makes them forgets the answers).
_SEEN: weakref.WeakKeyDictionary[Database, dict[str, bool]] = weakref.WeakKeyDictionary()


def has_grams(db: Database, table: str) -> bool:
    """Whether the grams' indexes of every searched column of `table` are there (PostgreSQL)."""
    seen = _SEEN.setdefault(db, {})
    if table not in seen:
        names = [gram_index(table, c) for c in SEARCHED[table]]
        row = db.execute_sql(
            "SELECT bool_and(to_regclass(n) IS NOT NULL) FROM unnest(%s::text[]) AS n", (names,)
        ).fetchone()
        seen[table] = bool(row and row[0])
    return seen[table]


def gram_common(db: Database, table: str, gram: str, share: float) -> bool:
    """Whether at least `share` of `table`'s rows hold `gram` (one or two characters,
    lower case) in a searched column, as the grams' indexes' statistics have it (the
    most common grams only: a gram not among them is rare). PostgreSQL."""
    names = [gram_index(table, c) for c in SEARCHED[table]]
    row = db.execute_sql(
        "SELECT coalesce(max(e.f), 0) >= %s FROM pg_stats AS s, "
        "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(g, f) "
        "WHERE s.tablename = ANY(%s) AND e.g = %s",
        (share, names, gram),
    ).fetchone()
    return bool(row and row[0])


def available(db: Database, table: str) -> bool:
    """Whether `table`'s text index is there to use (SQLite)."""
    return bool(
        db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (index_name(table),)
        ).fetchone()
    )
