"""The pane models: qtmodeltester, paging, sorting and filtering in SQL."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.read import panes
from tests.builders import day, make_customer, make_invoice, make_order, pay
from tests.ui.conftest import TODAY
from ui.models.pane_model import PaneModel


def small_book() -> None:
    make_customer("C1", terms="2% 10, net 30", name="Alpha")
    make_customer("C2", terms="net 30", name="Beta")
    make_invoice("100.00", customer="C1")
    make_invoice("250.00", customer="C2", on=day(40))
    pay("60.00", customer="C1", on=day(3))
    make_order(customer="C2")


def test_models_pass_qtmodeltester(qtmodeltester, ctx):  # type: ignore[no-untyped-def]
    small_book()
    for kind in panes.KINDS:
        model = PaneModel(kind, panes.Filters(today=TODAY))
        assert model.rowCount() >= 1
        qtmodeltester.check(model, force_py=True)
        model.sort(0, Qt.SortOrder.AscendingOrder)
        qtmodeltester.check(model, force_py=True)


def test_overdue_marked_and_filters(qtbot, ctx):  # type: ignore[no-untyped-def]
    small_book()
    model = PaneModel("invoices", panes.Filters(today=TODAY))
    assert model.rowCount() == 2
    overdue = [r.number for r in model.rows if r.overdue]
    assert len(overdue) == 1  # the 100.00 due 2026-03-31; the other is due in May
    row = model.find(overdue[0])
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole) is not None
    model.set_filters(panes.Filters(today=TODAY, customer="C2"))
    assert [r.customer for r in model.rows] == ["C2"]
    model.set_filters(panes.Filters(today=TODAY, status=panes.OVERDUE))
    assert [r.number for r in model.rows] == overdue
    model.set_filters(panes.Filters(today=TODAY, text="beta"))
    assert model.rowCount() == 1
    model.set_filters(panes.Filters(today=TODAY, date_from=date(2026, 4, 1)))
    assert [r.customer for r in model.rows] == ["C2"]
    t = panes.totals("invoices", panes.Filters(today=TODAY))
    assert (t.count, str(t.amount), str(t.open), str(t.overdue)) == (
        2,
        "350.00",
        "350.00",
        "100.00",
    )


def test_sort_by_balance_in_sql(qtbot, ctx):  # type: ignore[no-untyped-def]
    small_book()
    model = PaneModel("invoices", panes.Filters(today=TODAY))
    col = [c.attr for c in model.columns].index("balance")
    model.sort(col, Qt.SortOrder.AscendingOrder)
    assert [str(r.balance) for r in model.rows] == ["100.00", "250.00"]
    model.sort(col, Qt.SortOrder.DescendingOrder)
    assert [str(r.balance) for r in model.rows] == ["250.00", "100.00"]


def insert_invoices(n: int) -> None:
    """A big book fast: invoice rows written directly (a test helper, not a service)."""
    from models.db import database
    from models.tables import Customer, Invoice

    make_customer("C1", terms="net 30")
    cid = Customer.get(Customer.code == "C1").id
    base = date(2020, 1, 1).toordinal()
    with database.atomic():
        batch = []
        for i in range(1, n + 1):
            d = date.fromordinal(base + i % 2000)
            batch.append(
                {
                    "number": f"INV-{i:07d}",
                    "kind": "invoice",
                    "status": "posted",
                    "customer": cid,
                    "date": d,
                    "due_date": date.fromordinal(d.toordinal() + 30),
                    "total": 10000 + i % 977,
                    "settled": 0,
                }
            )
            if len(batch) == 5000:
                Invoice.insert_many(batch).execute()
                batch = []
        if batch:
            Invoice.insert_many(batch).execute()


@pytest.mark.slow
def test_big_book_reads_pages_not_the_table(qtbot, ctx):  # type: ignore[no-untyped-def]
    """A 100,000-row pane has every row (the scroll bar and Ctrl+End reach the
    last), but holds only the pages shown: the first, and the last when the
    view goes there — read from the other end, not by an OFFSET walk."""
    insert_invoices(100_000)
    model = PaneModel("invoices", panes.Filters(today=TODAY))
    # Counted up to the cap first; the exact count arrives from its thread.
    assert model.rowCount() == panes.COUNT_CAP + 1 and not model.exact
    qtbot.waitUntil(lambda: model.exact, timeout=30_000)
    assert model.total == model.rowCount() == 100_000
    assert list(model.pages) == [0] and len(model.pages[0]) == panes.PAGE_SIZE
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert list(model.pages) == [0] and model.rows[0].number == "INV-0000001"
    assert model.data(model.index(99_999, 0)) == "INV-0100000"
    assert model.data(model.index(99_800, 0)) == "INV-0099801"
    assert sorted(model.pages) == [0, (100_000 - 1) // panes.PAGE_SIZE]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(99_999, 0)) == "INV-0000001"
