"""The latest schema: what a new book is built with (`create_schema`, which
models/migrations.py runs on an empty database). Every table as
models/tables.py declares it, the text search (models/text_search.py), and
the indexes the models do not declare: the panes' composite, sort and filter
indexes and the bank matcher's open balances, written in SQL (on PostgreSQL
the sort and filter indexes end with the id; its own extras are in
models/pg_indexes.py).

The migrations that brought older books to these indexes call the same
functions, and a load into a nearly empty book sets the sort indexes aside
and makes them again at its end (models/bulk_load.py).
"""

from __future__ import annotations

from peewee import Database, PostgresqlDatabase

from models import pg_indexes, text_search
from models.tables import ALL_TABLES


def _indexes(db: Database) -> None:
    """Composite indexes the panes sort and filter on (not declared on the models)."""
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS invoice_customer_status_due "
        "ON invoice (customer_id, status, due_date)"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS payment_customer_date ON payment (customer_id, date)"
    )
    make_sort_indexes(db)
    _filter_indexes(db)
    _match_index(db)
    pg_indexes.make(db)


# Each customer's open invoices by balance: the bank matcher asks for the
# invoices a line's amount may settle (a range of balances of one customer) and
# reads no other open invoice (app/read/bank_lookup.py; issue 11: reading all
# 1,000,000 took longer than proposing 100,000 lines). Partial, with the
# condition the lookup's queries repeat, so a settled invoice leaves it.
MATCH_INDEX = (
    "invoice_customer_open_balance",
    'invoice ("customer_id", ("total" - "settled")) '
    'WHERE "status" <> \'draft\' AND "total" - "settled" > 0',
)


def _match_index(db: Database) -> None:
    name, on = MATCH_INDEX
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON {on}')


# Every column a pane sorts by has an index whose order is the sort's (an
# expression index for a computed column, written as app/read/panes/pages.py
# writes the expression), so the first page of a million rows is read from the
# index's end instead of sorting every row (issue 12).
SORT_INDEXES = {
    "invoice_total": 'invoice ("total")',
    "invoice_settled": 'invoice ("settled")',
    # Status and due date ride along: the "open" filter's count reads this index
    # alone (a balance above zero, not a draft), and the sort's ties stay in its order;
    # so do settled and the date: the open invoices sorted by settled or by status
    # (status, date) are sorted from this index alone (app/read/panes/pages.py).
    "invoice_balance": 'invoice (("total" - "settled"), "status", "due_date", "settled", "date")',
    "order_total": '"order" ("total")',
    "order_invoiced": '"order" ("invoiced")',
    "order_paid": '"order" ("paid")',
    "order_left_to_invoice": '"order" (("total" - "invoiced"))',
    "payment_amount": 'payment ("amount")',
    "payment_applied": 'payment ("applied")',
    "payment_unapplied": 'payment ((("amount" - "applied") - "refunded"))',
    "payment_method": 'payment ("method")',
    "payment_reference": 'payment ("reference")',
}


def make_sort_indexes(db: Database) -> None:
    """The panes' sort indexes that are missing (a new book, a migration, the end
    of a load that set them aside: models/bulk_load.py)."""
    for name, on in SORT_INDEXES.items():
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON {_with_id(db, on)}')


def _with_id(db: Database, on: str) -> str:
    """On PostgreSQL the id closes the index's columns: a pane sorts by (column, id),
    and a b-tree orders equal keys by where the row lies, so a column with many
    equal values (settled 0, one payment method) had every row of the value sorted
    for a first page (1.5 s at a million invoices). SQLite's indexes end with the
    rowid already."""
    if not isinstance(db, PostgresqlDatabase) or '"id"' in on:
        return on
    columns, where, condition = on.partition(" WHERE ")
    head, _, _ = columns.rpartition(")")
    return f'{head}, "id"){where}{condition}'


# The panes' filters by status and kind with the date, their default sort: the
# first page of "settled" or "standalone" by date walks one index instead of
# sorting every match (issue 12: 0.9-1.1 s and 0.4 s at a million invoices).
# They replace the single-column status and kind indexes (a leading column
# serves whatever those served), so an insert pays for no more indexes. The
# open invoices by date, with their due date: the overdue filter's first page
# by date walks it without reading a row (open and not overdue are skipped in
# the index); partial, so a settled invoice leaves it.
FILTER_INDEXES = {
    "invoice_status_date": 'invoice ("status", "date")',
    "invoice_kind_date": 'invoice ("kind", "date")',
    "invoice_open_date": 'invoice ("date", "id", "due_date") '
    'WHERE "status" <> \'draft\' AND "total" - "settled" > 0',
}


def _filter_indexes(db: Database) -> None:
    for name, on in FILTER_INDEXES.items():
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON {_with_id(db, on)}')


def create_schema(db: Database) -> None:
    """Every table and index of the latest schema, in an empty database."""
    db.create_tables(ALL_TABLES)
    _indexes(db)
    text_search.create(db)
