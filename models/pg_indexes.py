"""PostgreSQL's own indexes for the invoices pane (issue 12). SQLite has none of them:
its pages sort the open invoices' ids from the balance index (app/read/panes/pages.py,
`ids_first`), and it reads a range of dates through the date index.

PostgreSQL reads a page by walking the index of the sort and testing each row it meets,
and three kinds of page walked past hundreds of thousands of rows the filter rejects
(a million invoices, a third of them settled):

- the open and overdue invoices sorted by settled: the settled index gives every fully
  settled invoice first (333,333 passed: 0.4-0.9 s);
- the same sorted by status: the (status, date) index gives the settled ones first
  (0.4-0.7 s);
- a range of dates sorted by the due date: the due-date index gives every row due after
  the range first, each read from the table to test its date (700,000: 0.55 s).

Partial indexes of the open invoices in the pane's order, (settled, id) and (status,
date, id), under the very condition the pane writes for them (conditions.py `_invoice_open`,
so the planner may take them), are walked instead; the due date rides after the keys,
so the overdue filter's `due_date < today` is tested in the index (an index condition)
and a row it rejects is never read. A settled invoice leaves them. The due-date index
holds the id (the pane's tie-break) and the date, so a range of dates is tested in the
index too; it replaces peewee's one-column invoice_due_date (a leading column serves
whatever that served), so a posting pays for two more indexes, not three.
"""

from __future__ import annotations

from peewee import Database, PostgresqlDatabase

OPEN = 'WHERE "status" <> \'draft\' AND "total" - "settled" > 0'

INDEXES = {
    "invoice_open_settled": f'invoice ("settled", "id", "due_date") {OPEN}',
    "invoice_open_status": f'invoice ("status", "date", "id", "due_date") {OPEN}',
    "invoice_due_date_id_date": 'invoice ("due_date", "id", "date")',
}
REPLACED = ("invoice_due_date",)  # peewee's index on Invoice.due_date


def make(db: Database) -> None:
    """The indexes that are missing, on PostgreSQL (a new book, migration 18)."""
    if not isinstance(db, PostgresqlDatabase):
        return
    for name, on in INDEXES.items():
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON {on}')
    for name in REPLACED:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
