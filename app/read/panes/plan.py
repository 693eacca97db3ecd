"""Which index a pane's page is read through on SQLite (issue 12).

SQLite's planner has no statistics in a book, so for "status = 'settled'
sorted by total" it takes the status index, reads every settled invoice and
sorts them (a third of a million rows: about a second), where walking the
total index and testing each row fills a page within a few hundred rows.
The pane knows better: it has just counted the filter's rows. When they are
dense (at least one row in DENSE of the table), the status and kind
conditions are written with a unary + (`+status = ?`), which no index can
answer, so the sort's own index drives the query.

The open invoices have a partial index by date (models/migrations.py,
invoice_open_date) that answers the open and overdue filters sorted by
date without reading a row. Any query whose conditions imply its WHERE may
take it, and for every other sort that is the wrong choice (it then sorts
every open invoice), so the open condition matches the index's own terms
only when the page is sorted by date.
"""

from __future__ import annotations

from typing import Any

from peewee import SQL, NodeList, PostgresqlDatabase

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


def dense(model: Any, total: int | None) -> bool:
    """Whether `total` of the filter's rows are dense in `model`'s table (SQLite only:
    PostgreSQL's planner has its statistics)."""
    if total is None or not sqlite():
        return False
    top = model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0
    return total * DENSE >= top
