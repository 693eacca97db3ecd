"""The Reminders dialog numbers customers, not rows: a customer's next overdue
invoice is a continuation of the row above and carries no row number (issue 10)."""

from __future__ import annotations

from tests.builders import day, make_customer, make_invoice
from tests.ui import test_long_work
from ui import documents

w = test_long_work.w  # the main window with its message boxes stood in for


def test_continuation_rows_carry_no_row_number(qtbot, w):  # type: ignore[no-untyped-def]
    make_customer("C2", terms="net 30", name="Beta S.A.")
    make_customer("C4", terms="net 30", name="Delta")
    make_invoice("40.00", customer="C2", on=day(0))
    make_invoice("30.00", customer="C2", on=day(1))
    make_invoice("20.00", customer="C4", on=day(1))
    w.refresh()
    dialog = documents.RemindersDialog(w)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["C2", "", "C4"]
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert labels == ["1", "", "2"]
