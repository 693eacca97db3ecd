"""The Bank view's live preview (issue 11): the settle dialog's figures for the proposal,
and again for the invoices and amounts the bookkeeper changes before accepting; what
is accepted is what was previewed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.read import queries
from tests.ui.test_bank_view import _statement, show
from ui import i18n


def _rows(dlg):  # type: ignore[no-untyped-def]
    t = dlg.preview.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def _journal(dlg):  # type: ignore[no-untyped-def]
    t = dlg.preview.journal
    return [[t.item(r, c).text() for c in range(3)] for r in range(t.rowCount())]


def test_the_proposal_is_previewed_with_its_discount_and_journal(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))
    assert _rows(dlg) == [["INV-000001", "100.00", "98.00", "2.00", "", "0.00"]]
    p = dlg.preview
    figures = [w.text() for w in (p.available, p.applied, p.discount, p.writeoff, p.remaining)]
    assert figures == ["98.00", "98.00", "2.00", "0.00", "0.00"]
    assert _journal(dlg) == [
        [i18n.word("customer_advances"), "98.00", ""],
        [i18n.word("cash_discount"), "2.00", ""],
        [i18n.word("receivables"), "", "100.00"],
    ]
    assert "cash discount" in p.explanation.toPlainText()


def test_typed_invoices_and_amounts_are_previewed_then_accepted_as_shown(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))
    dlg.table.selectRow(1)  # 50.00 nobody could place
    assert _rows(dlg) == []
    dlg.invoices.setText("INV-000003")  # 70.00 open: 50.00 pays part
    assert _rows(dlg) == [["INV-000003", "70.00", "50.00", "", "", "20.00"]]
    dlg.invoices.setText("INV-000002")
    assert _rows(dlg) == [["INV-000002", "50.00", "50.00", "", "", "0.00"]]
    dlg.invoices.setText("INV-999999")
    assert _rows(dlg) == [] and "INV-999999" in dlg.error.text()
    dlg.invoices.setText("INV-000002, INV-000003")  # the money is used up by the first
    assert _rows(dlg) == [
        ["INV-000002", "50.00", "50.00", "", "", "0.00"],
        ["INV-000003", "70.00", "", "", "", ""],
    ]
    # The bookkeeper splits the money: 30.00 to the first, 20.00 to the second.
    dlg.invoices.setText("INV-000003, INV-000002")
    dlg.preview.table.item(0, 2).setText("30.00")
    assert _rows(dlg)[0] == ["INV-000003", "70.00", "30.00", "", "", "40.00"]
    assert dlg.preview.remaining.text() == "20.00"  # until the second gets its share
    dlg.preview.table.item(1, 2).setText("20.00")
    assert _rows(dlg) == [
        ["INV-000003", "70.00", "30.00", "", "", "40.00"],
        ["INV-000002", "50.00", "20.00", "", "", "30.00"],
    ]
    assert dlg.preview.remaining.text() == "0.00"
    qtbot.keyClick(dlg.table, Qt.Key.Key_Return)
    assert dlg.error.text() == ""
    assert queries.show_invoice("INV-000003")["balance"] == "40.00"
    assert queries.show_invoice("INV-000002")["balance"] == "30.00"


def test_an_amount_changed_on_the_proposal_is_what_is_accepted(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))
    dlg.table.selectRow(2)  # 70.00 from Açores Pescas: INV-000003 exactly
    assert _rows(dlg) == [["INV-000003", "70.00", "70.00", "", "", "0.00"]]
    dlg.preview.table.item(0, 2).setText("60.00")
    assert _rows(dlg) == [["INV-000003", "70.00", "60.00", "", "", "10.00"]]
    assert dlg.preview.remaining.text() == "10.00"  # stays on the customer's account
    dlg.preview.table.item(0, 2).setText("six")
    assert "amount for INV-000003" in dlg.error.text()
    assert dlg.preview.applied.text() == "—"  # no figures for what cannot be read
    dlg.preview.table.item(0, 2).setText("60.00")
    assert dlg.error.text() == "" and dlg.preview.applied.text() == "60.00"
    qtbot.keyClick(dlg.table, Qt.Key.Key_Return)
    assert queries.show_invoice("INV-000003")["balance"] == "10.00"
