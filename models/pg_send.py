"""A write batch's queued rows sent to PostgreSQL (models/batch.py).

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
