"""Which index a pane's page is read through on SQLite (issue 12).

SQLite's planner has no statistics in a book, so for "status = 'settled'
sorted by total" it takes the status index, reads every settled invoice and
sorts them (a third of a million rows: about a second), where walking the
total index and testing each row fills a page within a few hundred rows.
The pane knows better: it has just counted the filter's rows. When they are
dense (at least one row in DENSE of the table), the status and kind
conditions are written with a unary + (`+status = ?`), which no index can
answer, so the sort's own index drives the query.

The open invoices have a partial index by date (models/schema.py,
invoice_open_date) that answers the open and overdue filters sorted by
date without reading a row. Any query whose conditions imply its WHERE may
take it, and for every other sort that is the wrong choice (it then sorts
every open invoice), so the open condition matches the index's own terms
only when the page is sorted by date.

A walk of the sort's index is bounded (`bounded_walk`): when it has not
filled its page within some WALK_ROWS_PER_ROW rows of the order for each
row wanted, nor within WALK_ROWS_PER_MATCH rows for each of the filter's
rows (sorting them is the other way, and costs about that), the filter's
rows sit at one end of the order (the text 'C12' sorted by customer code
walks past every code after C1299 first: 0.7 s of CPU at a million
invoices), and the page sorts the filter's rows instead.
SQLite has no "read at most N rows" for a query: a progress handler stops
the statement once it has spent about that many virtual-machine steps
(WALK_STEPS_PER_ROW a row read) looking for rows, so a walk that fills its
page costs nothing more.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from peewee import SQL, NodeList, OperationalError, PostgresqlDatabase

from models.db import database

# Dense: at least one row in this many of the table's (a page of 200 rows is
# then found within some 4,000 rows of the sort's index, when the kept rows are
# spread through the sort's order).
DENSE = 20


def sqlite() -> bool:
    return not isinstance(database.obj, PostgresqlDatabase)


def unindexed(column: Any) -> Any:
    """`column` as no index can answer it (SQLite's unary +)."""
    return NodeList((SQL("+"), column), glue="")


def text_off_index(column: Any) -> Any:
    """A text column as no index can order it (`|| ''`; PostgreSQL has no unary + for text)."""
    return NodeList((column, SQL("|| ''")), parens=True)


def dense(model: Any, total: int | None) -> bool:
    """Whether `total` of the filter's rows are dense in `model`'s table (SQLite only:
    PostgreSQL's planner has its statistics)."""
    if total is None or not sqlite():
        return False
    top = model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0
    return total * DENSE >= top


# A bounded walk reads about this many rows of the sort's order for each row up to
# the page's end (a filter keeping one row in DENSE fills its page at a twentieth),
# at WALK_STEPS_PER_ROW virtual-machine steps a row (about 25 measured at 1M).
WALK_ROWS_PER_ROW = 2 * DENSE
WALK_ROWS_PER_MATCH = 0.5
WALK_STEPS_PER_ROW = 30

T = TypeVar("T")


def bounded_walk(
    wanted: int, total: int | None, walk: Callable[[], T], otherwise: Callable[[], T]
) -> T:
    """`walk()` (a page read by walking the sort's index) stopped after about
    WALK_ROWS_PER_ROW rows read for each of the `wanted` rows or WALK_ROWS_PER_MATCH
    for each of the filter's `total` rows (the count, or a capped count), whichever
    is more, then `otherwise()` (the page read by sorting the filter's rows).
    PostgreSQL: `walk()`, its planner has its statistics."""
    if not sqlite():
        return walk()
    rows = max(wanted * WALK_ROWS_PER_ROW, (total or 0) * WALK_ROWS_PER_MATCH)
    try:
        with _stopped_after(int(rows * WALK_STEPS_PER_ROW)):
            return walk()
    except (OperationalError, sqlite3.OperationalError) as exc:
        if "interrupt" not in str(exc):
            raise
    return otherwise()


# The progress handler is called every PROGRESS steps within one step of a statement
# (one row returned): a walk's rows between kept ones count, a dense filter's short
# gaps (under PROGRESS steps) do not.
PROGRESS = 1_000


@contextmanager
def _stopped_after(steps: int) -> Iterator[None]:
    """SQLite interrupts the statements run inside once they have spent about `steps`
    VM steps looking for their next row."""
    calls = 0

    def progress() -> int:
        nonlocal calls
        calls += 1
        return int(calls * PROGRESS >= steps)

    connection = database.obj.connection()
    connection.set_progress_handler(progress, PROGRESS)
    try:
        yield
    finally:
        connection.set_progress_handler(None, 0)
