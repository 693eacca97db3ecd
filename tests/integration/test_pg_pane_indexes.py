"""PostgreSQL's own indexes for the invoices pane (models/pg_indexes.py, migration 18).

On a million invoices PostgreSQL walked the settled index past every settled invoice
for the open ones sorted by settled, the (status, date) index likewise for them sorted
by status, and the due dates past every row outside a range of dates: the partial
indexes of the open invoices and the wider due-date index are only of use if the
pane's SQL lets the planner take them (the open condition written as the indexes'
own, the order theirs). A small book's planner would scan and sort whatever the
indexes, so here scans and sorts are priced out of reach (`enable_* = off`) and the
plan must still be a walk of the index with no sort; the rows read so are the
default plan's. SQLite has none of these indexes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from app.read import panes
from app.services import book
from tests import builders
from tests.builders import PG_URL

TODAY = date(2026, 3, 31)

OFF = ("seqscan", "sort", "incremental_sort", "bitmapscan")

# filter, sort column, the index that serves it, what it must test in the index
CASES = [
    (panes.Filters(today=TODAY, status=panes.OPEN), "settled", "invoice_open_settled", ""),
    (
        panes.Filters(today=TODAY, status=panes.OVERDUE),
        "settled",
        "invoice_open_settled",
        "due_date",
    ),
    (panes.Filters(today=TODAY, status=panes.OPEN), "status", "invoice_open_status", ""),
    (panes.Filters(today=TODAY, status=panes.OVERDUE), "status", "invoice_open_status", "due_date"),
    (
        panes.Filters(today=TODAY, date_from=TODAY - timedelta(days=60), date_to=TODAY),
        "due_date",
        "invoice_due_date_id_date",
        "date",
    ),
]


@pytest.fixture(scope="module")
def pg_book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    if not PG_URL:
        pytest.skip("PostgreSQL (ACERTO_TEST_PG)")
    folder = tmp_path_factory.mktemp("pg_panes")
    yield builders.demo_book(
        "postgres", folder, "Panes", customers=6, invoices=90, seed=3, today=TODAY
    )
    book.close_book()


def test_the_pages_postgresql_walked_past_rejected_rows_walk_their_own_index(
    pg_book: Any,
) -> None:
    from models.db import database

    book.open_book(pg_book)
    for f, column, index, tested in CASES:
        total = panes.count("invoices", f)
        assert total > 0, f
        for order in ("asc", "desc"):
            plain = [r.id for r in panes.page("invoices", f, column, order, limit=10**6)]  # type: ignore[arg-type]
            sql, params = builders.invoice_page_query(f, column, order, total)
            with database.atomic() as tx:
                for what in OFF:
                    database.execute_sql(f"SET LOCAL enable_{what} = off")
                plan = "\n".join(r[0] for r in database.execute_sql("EXPLAIN " + sql, params))
                forced = panes.page("invoices", f, column, order, limit=10**6)  # type: ignore[arg-type]
                tx.rollback()
            assert f"using {index} on invoice" in plan and "Sort" not in plan, (f, column, plan)
            if tested:
                cond = next(line for line in plan.splitlines() if "Index Cond" in line)
                assert f"({tested} " in cond, (f, column, plan)
            assert [r.id for r in forced] == plain, (f, column, order)


def test_migration_18_makes_a_books_indexes_as_a_new_book_has_them(pg_book: Any) -> None:
    """A book of version 17 (peewee's one-column due-date index, none of the others)
    gets the indexes a new book has; its due-date index is replaced, not kept beside."""
    from models import migrations, pg_indexes
    from models.db import database

    book.open_book(pg_book)

    def defs() -> dict[str, str]:
        rows = database.execute_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'invoice'"
        )
        return dict(rows)

    fresh = defs()
    assert set(pg_indexes.INDEXES) <= set(fresh) and "invoice_due_date" not in fresh
    with database.atomic():
        for name in pg_indexes.INDEXES:
            database.execute_sql(f'DROP INDEX "{name}"')
        database.execute_sql('CREATE INDEX "invoice_due_date" ON invoice ("due_date")')
        migrations._m18_postgresql_pane_indexes(database.obj)
    assert defs() == fresh


def test_a_sqlite_book_has_none_of_them(tmp_path: Any) -> None:
    """SQLite keeps peewee's due-date index and gets none of PostgreSQL's (its pages
    sort the open invoices' ids from the balance index), migration 18 included."""
    from models import migrations, pg_indexes
    from models.db import database

    book.open_book(str(tmp_path / "book.sqlite"))

    def names() -> set[str]:
        rows = database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {n for (n,) in rows}

    before = names()
    assert "invoice_due_date" in before and not set(pg_indexes.INDEXES) & before
    migrations._m18_postgresql_pane_indexes(database.obj)
    assert names() == before
    book.close_book()
