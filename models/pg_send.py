"""A write batch's queued rows sent to PostgreSQL (models/batch.py), and the
planner's knowledge of the tables it fills kept near the truth (`Statistics`).

A table's queued rows share one statement, `INSERT INTO "t" ("a", ...) VALUES (%s,
...)`. Many of them go in one `COPY "t" ("a", ...) FROM STDIN` in PostgreSQL's text
format: the server reads the rows without parsing an SQL statement of 500 rows of
literals each time (issue 12: the 100,000-payment import sent its 400,000 rows in
execute_values' INSERTs, a third of its time). A few rows, or a row holding a value
whose text form this module does not write (anything but None, bool, int, str and
dates), go as INSERTs of many rows (psycopg2's execute_values), as before.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

# Fewer rows than this go in an INSERT: a COPY's own round trips cost more.
COPY_AT = 50
# Rows in one INSERT of execute_values (a round trip).
PAGE = 500

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class _NoText(Exception):
    """A value of a kind the text format is not written for here."""


def _field(value: Any) -> str:
    """One value in COPY's text format (the form PostgreSQL reads back as the same value)."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        if "\x00" in value:
            raise _NoText  # refused by PostgreSQL either way: let the INSERT say so
        return value.translate(_ESCAPES)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is dt.date:
        return value.isoformat()
    if kind is dt.datetime and value.tzinfo is None:
        return value.isoformat(sep=" ")
    raise _NoText


def _copy_text(rows: Sequence[Sequence[Any]]) -> str | None:
    """The rows as COPY text, or None when one of them holds a value it does not write."""
    try:
        return "".join("\t".join(map(_field, row)) + "\n" for row in rows)
    except _NoText:
        return None


def send(cursor: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` with `sql`, the statement queued for one of them."""
    head = sql[: sql.rindex(" VALUES ")]
    text = _copy_text(rows) if len(rows) >= COPY_AT else None
    if text is not None:
        columns = head.removeprefix("INSERT INTO ")
        cursor.copy_expert(f"COPY {columns} FROM STDIN", io.StringIO(text))
        return
    from psycopg2.extras import execute_values

    execute_values(cursor, head + " VALUES %s", rows, page_size=PAGE)


# A table the batch wrote this many rows into, and as many as it held at its last
# ANALYZE, is analyzed again while the batch goes on, until the planner knows it
# holds ANALYZE_ENOUGH rows (past that, a look-up's plan no longer changes with its
# size, and each ANALYZE samples 30,000 rows: the payment table's, with its text
# indexes' expressions, 0.2 s).
ANALYZE_EARLY = 200
ANALYZE_ENOUGH = 10_000
# At the batch's end, a table it wrote this many rows into is analyzed, and its GIN
# indexes' pending entries are merged.
ANALYZE_AT = 1000


class Statistics:
    """What PostgreSQL's planner knows of the tables a batch fills, kept near the truth.

    It plans from each table's last ANALYZE. A table filled by the batch from
    nearly empty was taken for empty the whole way: an import of 2,000 invoices
    read the invoice table whole 10,470 times (8.8 million rows) for look-ups an
    index answers, a cost growing with the square of the import. So a table is
    analyzed again, inside the transaction (its own new rows counted), whenever
    the batch has written as many rows into it as it held at its last ANALYZE
    (and at least ANALYZE_EARLY): a few times a load, the last at the batch's end.
    Its plans cached for the session (the foreign keys' checks) are made again then.

    At the end, the GIN indexes' pending lists are merged too (`gin_clean_pending_list`,
    for the indexes the book's user owns): a GIN index with fastupdate keeps new
    entries in a list that every search reads whole, and the planner does not
    count it. After the 2,000 invoices, the compare's look-up of 500 invoice
    numbers through the trigram index took 520-820 ms for that list (2 ms merged).
    """

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.since: dict[str, int] = {}  # rows written since the table's last ANALYZE
        self.total: dict[str, int] = {}  # rows written by the batch
        self.held: dict[str, int] = {}  # rows it held then, as the planner knows them

    def wrote(self, table: str, count: int) -> None:
        if table not in self.held:
            self.held[table] = self._known_rows(table)
        self.total[table] = self.total.get(table, 0) + count
        since = self.since[table] = self.since.get(table, 0) + count
        if self.held[table] < ANALYZE_ENOUGH and since >= max(ANALYZE_EARLY, self.held[table]):
            self._analyze(table)

    def finish(self) -> None:
        """At the batch's end: every table it filled analyzed, and its GIN indexes merged."""
        filled = sorted(t for t, n in self.total.items() if n >= ANALYZE_AT)
        for table in filled:
            if self.since[table]:
                self._analyze(table)
        for table in filled:
            self.cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
                " WHERE i.indrelid = %s::regclass AND a.amname = 'gin'"
                " AND pg_has_role(c.relowner, 'USAGE')",
                [f'"{table}"'],
            )

    def _analyze(self, table: str) -> None:
        self.cursor.execute(f'ANALYZE "{table}"')
        self.held[table] = self._known_rows(table)
        self.since[table] = 0

    def _known_rows(self, table: str) -> int:
        """The table's rows as the planner knows them (its estimate, a whole number;
        -1, never analyzed, taken as 0)."""
        self.cursor.execute(
            "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass",
            [f'"{table}"'],
        )
        got = self.cursor.fetchone()
        return int(got[0]) if got else 0
