"""The panes' fast paths give what the straightforward reading gives (issue 12).

Counts join the customers only for the text box, pages in the second half
are read from the other end (`page(total=…)`), customer names sort with
the customer's id as tie-break, and every sort has an index. On a small
demo book, for every pane, sort column, direction and filter: the rows a
filter keeps are the ones a plain filter in Python keeps from every row,
`count` is their number, the rows come in the sort's order, and any page
— read forwards or turned round from the end — is the same slice of the
one full ordering.
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


@pytest.fixture(scope="module", params=["sqlite", "postgres"] if PG_URL else ["sqlite"])
def demo_book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The same small demo on each backend (PostgreSQL: ACERTO_TEST_PG)."""
    folder = tmp_path_factory.mktemp("panes")
    yield builders.demo_book(
        request.param, folder, "Panes", customers=6, invoices=90, seed=3, today=TODAY
    )
    book.close_book()


def _filters(kind: str) -> list[panes.Filters]:
    f = [
        panes.Filters(today=TODAY),
        panes.Filters(today=TODAY, status=panes.OPEN),
        panes.Filters(today=TODAY, customer="C0002"),
        panes.Filters(today=TODAY, date_from=TODAY - timedelta(days=120), date_to=TODAY),
        panes.Filters(today=TODAY, text="a"),
        panes.Filters(today=TODAY, text="00"),
        # a text with other filters (PostgreSQL: all of them in the matches' array)
        panes.Filters(today=TODAY, customer="C0002", text="000"),
        panes.Filters(today=TODAY, status=panes.OPEN, text="C00"),
    ]
    if kind == "invoices":
        f += [
            panes.Filters(today=TODAY, status=panes.OVERDUE),
            panes.Filters(today=TODAY, kind="invoice"),
            panes.Filters(today=TODAY, status="settled"),
        ]
    return f


def _kept(row: Any, f: panes.Filters) -> bool:
    """The filter's meaning, written plainly over a row."""
    if f.customer and row.customer != f.customer:
        return False
    if f.date_from and row.date < f.date_from or f.date_to and row.date > f.date_to:
        return False
    text = f.text.strip().lower()
    if text:
        words = [row.number, row.customer, row.customer_name, getattr(row, "reference", "")]
        if not any(text in w.lower() for w in words):
            return False
    if f.kind and row.kind != f.kind:
        return False
    if f.status == panes.OPEN:
        return bool(row.open)
    if f.status == panes.OVERDUE:
        return bool(row.overdue)
    return not f.status or row.status == f.status


def _key(row: Any, column: str) -> Any:
    value = getattr(row, column)
    if column == "settled" and row.kind == "credit_note":
        value = -value  # shown signed for a credit note, sorted by what is stored
    return value


@pytest.mark.parametrize("kind", panes.KINDS)
def test_pages_and_counts_are_the_plain_reading(demo_book: Any, kind: panes.Kind) -> None:
    book.open_book(demo_book)
    every = panes.page(kind, panes.Filters(today=TODAY), limit=10**6)
    assert len(every) == panes.count(kind, panes.Filters(today=TODAY)) > 5
    for f in _filters(kind):
        kept = {r.id for r in every if _kept(r, f)}
        total = panes.count(kind, f)
        assert total == len(kept), (kind, f)
        assert panes.totals(kind, f).count == total
        for column in panes.sort_columns(kind):
            for order in ("asc", "desc"):
                full = panes.page(kind, f, column, order, limit=10**6)  # type: ignore[arg-type]
                assert {r.id for r in full} == kept, (kind, f, column)
                keys = [_key(r, column) for r in full]
                assert keys == sorted(keys, reverse=order == "desc"), (kind, column, order)
                for offset in sorted({0, 1, total // 3, total // 2 + 1, max(total - 7, 0)}):
                    got = panes.page(kind, f, column, order, offset, 7, total=total)  # type: ignore[arg-type]
                    assert [r.id for r in got] == [r.id for r in full[offset : offset + 7]], (
                        kind,
                        f,
                        column,
                        order,
                        offset,
                    )


def test_the_last_rows_come_from_the_other_end(demo_book: Any) -> None:
    """Past the middle, a page is read in the reverse order from the end: the
    statement SQLite runs has no OFFSET beyond half the rows."""
    from models.db import database

    book.open_book(demo_book)
    f = panes.Filters(today=TODAY)
    total = panes.count("invoices", f)
    seen: list[str] = []
    db = database.obj
    real = db.execute_sql

    def spy(sql: str, params: Any = (), *a: Any, **k: Any) -> Any:
        seen.append(sql % tuple(repr(p) for p in params) if "%s" in sql else f"{sql} {params}")
        return real(sql, params, *a, **k)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        last = panes.page("invoices", f, "total", "desc", total - 5, 200, total=total)
    finally:
        del db.execute_sql
    assert len(last) == 5
    assert last[-1].total == min(r.total for r in panes.page("invoices", f, limit=10**6))
    assert any("ASC" in s and f"{total - 5}" not in s for s in seen), seen


def _plan_of_page(f: panes.Filters, column: str, total: int) -> str:
    """SQLite's plan of the page query `panes.page` sends."""
    from models.db import database

    sql, params = builders.invoice_page_query(f, column, "desc", total)
    return " / ".join(str(r[3]) for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


def test_filters_sorted_by_date_walk_an_index_and_dense_filters_the_sorts(demo_book: Any) -> None:
    """SQLite (no statistics in a book) reads these pages through the index their
    order needs, whatever the book's size: the status and kind filters by date
    through (status, date) and (kind, date), overdue by date through the open
    invoices' partial index, and a dense filter sorted by another column by walking
    that column's index (app/read/panes/plan.py), never sorting every match."""
    from app.read.panes import plan

    book.open_book(demo_book)
    if not plan.sqlite():
        pytest.skip("SQLite's planner")
    cases = [
        (panes.Filters(today=TODAY, status="settled"), "date", "invoice_status_date"),
        (panes.Filters(today=TODAY, kind="standalone"), "date", "invoice_kind_date"),
        (panes.Filters(today=TODAY, status=panes.OVERDUE), "date", "invoice_open_date"),
        (panes.Filters(today=TODAY, status=panes.OPEN), "date", "invoice_open_date"),
        (panes.Filters(today=TODAY, status="settled"), "total", "invoice_total"),
        (panes.Filters(today=TODAY, status=panes.OVERDUE), "total", "invoice_total"),
        (panes.Filters(today=TODAY, status=panes.OPEN), "number", "invoice_number"),
    ]
    for f, column, index in cases:
        # As dense as a million-invoice book's: every row counted kept.
        total = panes.count("invoices", panes.Filters(today=TODAY))
        shown = _plan_of_page(f, column, total)
        assert f"INDEX {index}" in shown and "TEMP B-TREE FOR ORDER BY" not in shown, (
            f,
            column,
            shown,
        )
    # Sorted by another column, the open filter keeps off the partial index.
    f = panes.Filters(today=TODAY, status=panes.OPEN)
    assert "invoice_open_date" not in _plan_of_page(f, "total", 1)


def test_open_invoices_by_settled_or_status_sort_their_ids_in_the_balance_index(
    demo_book: Any,
) -> None:
    """SQLite: the open and overdue invoices sorted by settled or by status take their
    page's ids from the balance index alone (it holds both sorts' keys), sorted there,
    and read only the page's rows: walking the settled or status index would pass
    every settled invoice first (0.4 s at a million invoices)."""
    from app.read.panes import plan

    book.open_book(demo_book)
    if not plan.sqlite():
        pytest.skip("SQLite's planner")
    total = panes.count("invoices", panes.Filters(today=TODAY))
    for status in (panes.OPEN, panes.OVERDUE):
        for column in ("settled", "status"):
            shown = _plan_of_page(panes.Filters(today=TODAY, status=status), column, total)
            assert "LIST SUBQUERY" in shown, (status, column, shown)
            assert "INDEX invoice_balance " in shown, (status, column, shown)
            assert "invoice_settled" not in shown and "invoice_status_date" not in shown


def test_postgresql_sort_indexes_end_with_the_id(demo_book: Any) -> None:
    """On PostgreSQL every sort index ends with the id (the panes sort by (column,
    id)); migration 12 makes a book's indexes so, as a new book has them."""
    from app.read.panes import plan
    from models import migrations
    from models.db import database
    from models.schema import SORT_INDEXES

    book.open_book(demo_book)
    if plan.sqlite():
        pytest.skip("PostgreSQL's indexes")
    names = [*SORT_INDEXES, "invoice_status_date", "invoice_kind_date"]

    def defs() -> dict[str, str]:
        rows = database.execute_sql("SELECT indexname, indexdef FROM pg_indexes")
        return {n: d for n, d in rows if n in names}

    fresh = defs()
    assert len(fresh) == len(names)
    assert all(d.endswith(", id)") for d in fresh.values()), fresh
    with database.atomic():
        for name in names:
            database.execute_sql(f'DROP INDEX "{name}"')
        database.execute_sql('CREATE INDEX "invoice_settled" ON invoice ("settled")')
        migrations._m12_filter_indexes(database.obj)
    assert defs() == fresh


def test_postgresql_sorts_a_texts_rows_by_customer_from_the_matches(demo_book: Any) -> None:
    """PostgreSQL: a text's rows (counted, not too many) sorted by the customer's code
    or name are sorted with the keys kept off their indexes, so the planner finds them
    through the text's indexes instead of walking every customer in order (the rows
    themselves: test_pages_and_counts_are_the_plain_reading)."""
    from app.read.panes import plan
    from models.db import database

    book.open_book(demo_book)
    if plan.sqlite():
        pytest.skip("PostgreSQL's planner")
    f = panes.Filters(today=TODAY, text="C00")
    total = panes.count("invoices", f)
    db = database.obj
    real = db.execute_sql
    seen: list[str] = []

    def spy(sql: str, params: Any = (), *a: Any, **k: Any) -> Any:
        seen.append(sql)
        return real(sql, params, *a, **k)

    for column, key in (("customer", '"code" ||'), ("customer_name", '"name" ||')):
        seen.clear()
        db.execute_sql = spy  # type: ignore[method-assign]
        try:
            panes.page("invoices", f, column, "desc", 0, 20, total=total)
            panes.page("invoices", f, column, "desc", 0, 20, total=None)
        finally:
            del db.execute_sql
        pages = [s for s in seen if "ORDER BY" in s and "LIMIT" in s]
        assert key in pages[0] and key not in pages[-1], (column, pages)


@pytest.mark.parametrize("kind", panes.KINDS)
def test_capped_counts_and_pages_read_with_them(demo_book: Any, kind: panes.Kind) -> None:
    """A count capped at `cap` is the count up to cap + 1 (more: cap + 1); a page read
    with that capped total (`more`) is the plain reading's slice from the front, and
    from the other end (the reverse order), as the window reads them before the exact
    count; a filter counted empty reads no page."""
    book.open_book(demo_book)
    for f in _filters(kind):
        total = panes.count(kind, f)
        for cap in (0, 1, 5, total - 1, total, 10**6):
            if cap >= 0:
                assert panes.count(kind, f, cap=cap) == min(total, cap + 1), (kind, f, cap)
        capped = min(total, 5)
        for column in panes.sort_columns(kind):
            full = panes.page(kind, f, column, "asc", limit=10**6)
            for offset in (0, 3):
                got = panes.page(kind, f, column, "asc", offset, 4, total=capped, more=True)
                assert [r.id for r in got] == [r.id for r in full[offset : offset + 4]]
                back = panes.page(kind, f, column, "desc", offset, 4, total=capped, more=True)
                want = full[::-1][offset : offset + 4]
                assert [r.id for r in back] == [r.id for r in want], (kind, f, column)
    nothing = panes.Filters(today=TODAY, text="no row holds this")
    assert panes.count(kind, nothing) == 0 and panes.count(kind, nothing, cap=3) == 0
    assert panes.page(kind, nothing, total=0) == []


@pytest.mark.parametrize("rows_per_row", [1, 4])
def test_bounded_walks_that_stop_sort_the_filters_rows(
    demo_book: Any, monkeypatch: pytest.MonkeyPatch, rows_per_row: int
) -> None:
    """A walk of the sort's index stopped early (here after a row or four read per
    row wanted, checked every VM step) reads the page by sorting the filter's rows:
    every pane, sort and filter still reads as the plain reading does."""
    from app.read.panes import plan

    if not plan.sqlite():
        pytest.skip("PostgreSQL's walks are its planner's")
    monkeypatch.setattr(plan, "PROGRESS", 1)
    monkeypatch.setattr(plan, "WALK_ROWS_PER_ROW", rows_per_row)
    monkeypatch.setattr(plan, "WALK_ROWS_PER_MATCH", 0)
    outcomes: list[str] = []
    real = plan.bounded_walk

    def spy(wanted: int, total: int | None, walk: Any, otherwise: Any) -> Any:
        def sorted_instead() -> Any:
            outcomes.append("sorted")
            return otherwise()

        outcomes.append("walk")
        return real(wanted, total, walk, sorted_instead)

    monkeypatch.setattr(plan, "bounded_walk", spy)
    for kind in panes.KINDS:
        test_pages_and_counts_are_the_plain_reading(demo_book, kind)
    walks, stopped = outcomes.count("walk"), outcomes.count("sorted")
    assert 0 < stopped < walks, (walks, stopped)  # some walks stopped, some filled their page
