"""Issue 9, items 1 and 8 in the window: the chain linked both ways, correction drafts kept."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.read import queries
from app.services import corrections
from tests.builders import D, day, make_customer, make_invoice
from ui.main import MainWindow


def _window(qtbot, ctx) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_detail_links_the_chain_both_ways(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30")
    inv = make_invoice(None, customer="C1", lines=[("Hours", "8", "50.00")])
    ci = corrections.correct(inv.number, day(2), {1: D("10")})
    w = _window(qtbot, ctx)
    ctx.notify()
    assert w.panes["invoices"].select(inv.number)
    assert f"href='invoices:{ci.number}'" in w.detail.header.text()
    assert "Corrected by" in w.detail.header.text()
    w.detail.header.linkActivated.emit(f"invoices:{ci.number}")
    assert w.detail.number == ci.number
    assert f"href='invoices:{inv.number}'" in w.detail.header.text()  # Corrects, back again
    w.detail.header.linkActivated.emit(f"invoices:{inv.number}")
    assert w.detail.number == inv.number


def test_correction_dialog_saves_a_draft_and_reopens_it(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.correction import COL_KEEP, COL_NEW, CorrectionDialog

    make_customer("C1", terms="net 30")
    inv = make_invoice(
        None, customer="C1", lines=[("Hours", "8", "50.00"), ("Travel", "1", "30.00")]
    )
    dlg = CorrectionDialog(ctx, invoice=inv.number)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.table.item(0, COL_NEW).setText("6")
    dlg.table.item(1, COL_KEEP).setCheckState(Qt.CheckState.Unchecked)
    dlg.save_draft.click()
    assert dlg.result_text.startswith("Correction draft DRAFT-")
    number = dlg.result_text.split()[2]
    assert queries.show_invoice(number)["status"] == "draft"
    assert queries.show_invoice(inv.number)["status"] == "posted"  # nothing posted yet

    # Reopened from the Invoices pane: the draft selected, then Corrective invoice.
    w = _window(qtbot, ctx)
    ctx.notify()
    assert w.panes["invoices"].select(number)
    again = w.make_dialog("correct")
    qtbot.addWidget(again)
    again.show()
    assert again.draft is not None and again.draft.invoice == inv.number
    assert again.table.item(0, COL_NEW).text() == "6"
    assert again.table.item(1, COL_KEEP).checkState() == Qt.CheckState.Unchecked
    assert again.figures["Change in what is owed"].text() == "-100.00"
    again.table.item(0, COL_NEW).setText("5")
    assert again.figures["Change in what is owed"].text() == "-150.00"
    qtbot.keyClick(again, Qt.Key.Key_Return)
    assert again.result_text.startswith("Corrective invoice CI-")
    posted = again.result_text.split()[2]
    assert queries.show_invoice(posted)["total"] == "-150.00"
    assert queries.show_invoice(inv.number)["corrected_by"] == [posted]


def test_order_change_dialog_lowers_a_quantity_with_its_refund(qtbot, ctx):  # type: ignore[no-untyped-def]
    from app.services import credit_notes, orders
    from tests.builders import make_order, pay
    from ui.dialogs.order_change import COL_NEW_QTY, OrderChangeDialog

    order = make_order([("Shirt", "3", "100.00")], customer="C1")
    pay("300.00", customer="C1", order=order)
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("1")})
    credit_notes.create_credit_note(inv.number, day(2), lines={1: D("1")})
    dlg = OrderChangeDialog(ctx, order=order.number)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.current.item(0, COL_NEW_QTY).setText("2")
    assert dlg.figures["New total"].text() == "200.00"
    assert dlg.figures["Refund"].text() == "100.00"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    shown = queries.show_order(order.number)
    assert (shown["total"], shown["refunded"]) == ("200.00", "100.00")
