"""The other dialogs, typed into and posted as a bookkeeper would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.read import queries
from app.services import book as book_service
from tests.builders import credit_note, day, make_customer, make_invoice, make_order, pay, settle
from ui.widgets import LinesTable


def show(qtbot, dlg):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def type_line(qtbot, table: LinesTable, row: int, desc: str, qty: str, price: str) -> None:  # type: ignore[no-untyped-def]
    table.set_row(row, desc, qty, price)


def test_new_customer_validates_inline(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.customer import CustomerDialog

    make_customer("C1")
    dlg = show(qtbot, CustomerDialog(ctx))
    assert not dlg.ok.isEnabled()
    qtbot.keyClicks(dlg.code, "C1")
    assert "already a customer" in dlg.error.text()
    assert dlg.code.property("invalid")
    dlg.code.clear()
    qtbot.keyClicks(dlg.code, "ACME")
    qtbot.keyClicks(dlg.name, "Acme Comercio Ltda")
    qtbot.keyClicks(dlg.terms, "2% 10 net 30")
    assert "not understood" in dlg.error.text() or "net" in dlg.error.text()
    dlg.terms.clear()
    qtbot.keyClicks(dlg.terms, "2% 10, net 30")
    assert dlg.ok.isEnabled()
    assert not dlg.code.property("invalid")
    qtbot.keyClick(dlg.name, Qt.Key.Key_Return)
    assert queries.show_customer("ACME")["terms"] == "2% 10, net 30"


def test_new_invoice_preview_and_post(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.invoice import InvoiceDialog

    make_customer("C1", terms="2% 10, net 30")
    dlg = show(qtbot, InvoiceDialog(ctx, customer="C1"))
    type_line(qtbot, dlg.lines_table, 0, "Hours", "8", "50,00")
    type_line(qtbot, dlg.lines_table, 1, "Travel", "1", "12.345")
    assert "12.345" in dlg.error.text() and "decimal places" in dlg.error.text()
    assert not dlg.ok.isEnabled()
    dlg.lines_table.set_row(1, "Travel", "1", "12.35")
    assert dlg.figures["Total"].text() == "412.35"
    assert dlg.figures["Terms"].text() == "2% 10, net 30"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert dlg.result() == dlg.DialogCode.Accepted
    number = dlg.result_text.split()[1]
    assert queries.show_invoice(number)["total"] == "412.35"


def test_new_payment_on_order(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.payment import PaymentDialog

    make_customer("C1")
    order = make_order(customer="C1")
    dlg = show(qtbot, PaymentDialog(ctx, customer="C1", order=order.number))
    qtbot.keyClicks(dlg.amount, "-5")
    assert not dlg.ok.isEnabled()
    dlg.amount.clear()
    qtbot.keyClicks(dlg.amount, "300")
    assert order.number in dlg.info.text()
    qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
    assert queries.show_order(order.number)["paid"] == "300.00"


def test_new_order_with_discount(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.order import OrderDialog

    make_customer("C1")
    dlg = show(qtbot, OrderDialog(ctx, customer="C1"))
    dlg.lines_table.set_row(0, "Widget", "3", "100")
    qtbot.keyClicks(dlg.discount, "50")
    assert dlg.figures["Order total"].text() == "250.00"
    qtbot.keyClick(dlg.discount, Qt.Key.Key_Return)
    number = dlg.result_text.split()[1]
    assert queries.show_order(number)["total"] == "250.00"


def test_invoice_order_by_lines_and_standalone(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.invoice_order import COL_QTY, InvoiceOrderDialog

    make_customer("C1")
    order = make_order(lines=(("Widget", "3", "100.00"),), customer="C1")
    pay("300.00", customer="C1", order=order)
    dlg = show(qtbot, InvoiceOrderDialog(ctx, order=order.number))
    dlg.table.item(0, COL_QTY).setText("1")
    assert dlg.figures["This invoice"].text() == "100.00"
    assert dlg.figures["Settled from order money"].text() == "100.00"
    assert dlg.figures["Left to invoice"].text() == "300.00"
    dlg.table.item(0, COL_QTY).setText("4")
    assert "only 3 left" in dlg.error.text()
    dlg.table.item(0, COL_QTY).setText("3")
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert queries.show_order(order.number)["status"] == "invoiced"
    dlg = show(qtbot, InvoiceOrderDialog(ctx, order=order.number))
    qtbot.mouseClick(dlg.by_amount, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dlg.amount, "20")
    assert "standalone" in dlg.note.text()


def test_credit_note_discount_netting(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.credit_note import CreditNoteDialog

    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", customer="C1")
    settle(pay("98.00", customer="C1", on=day(5)), inv)
    dlg = show(qtbot, CreditNoteDialog(ctx, invoice=inv.number))
    qtbot.keyClicks(dlg.amount, "100")
    assert dlg.figures["Owed to the customer"].text() == "98.00"
    assert dlg.figures["Cash discount reversed"].text() == "2.00"
    qtbot.keyClicks(dlg.reason, "Returned")
    qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)
    number = dlg.result_text.split()[2]
    shown = queries.show_invoice(number)
    assert shown["kind"] == "credit_note" and shown["total"] == "-100.00"


def test_correction_eight_hours_to_six(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.correction import COL_NEW, CorrectionDialog

    make_customer("C1", terms="net 30")
    inv = make_invoice(None, customer="C1", lines=[("Consulting", "8", "50.00")])
    dlg = show(qtbot, CorrectionDialog(ctx, invoice=inv.number))
    assert dlg.table.item(0, COL_NEW).text() == "0"  # a full reversal to start
    assert dlg.figures["Change in what is owed"].text() == "-400.00"
    dlg.table.item(0, COL_NEW).setText("6")
    assert dlg.figures["Change in what is owed"].text() == "-100.00"
    assert dlg.unbilled.rowCount() == 1
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert queries.show_invoice(inv.number)["status"] == "corrected"


def test_order_change_refund_and_cancel_refused(qtbot, ctx):  # type: ignore[no-untyped-def]
    from app.services import orders
    from ui.dialogs.order_change import CancelOrderDialog, OrderChangeDialog

    make_customer("C1")
    order = make_order(lines=(("Widget", "3", "100.00"),), customer="C1")
    pay("300.00", customer="C1", order=order)
    orders.invoice_order(order.number, day(1), amount=book_service.currency().parse("100.00"))
    cancel = show(qtbot, CancelOrderDialog(ctx, order=order.number))
    assert "cannot be cancelled" in cancel.error.text()
    assert not cancel.ok.isEnabled()
    dlg = show(qtbot, OrderChangeDialog(ctx, order=order.number))
    qtbot.keyClicks(dlg.discount, "50")
    assert dlg.figures["New total"].text() == "250.00"
    assert dlg.figures["Refund"].text() == "50.00"
    qtbot.keyClick(dlg.discount, Qt.Key.Key_Return)
    assert queries.show_order(order.number)["refunded"] == "50.00"


def test_unsettle_reverses(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.unsettle import UnsettleDialog

    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", customer="C1")
    settle(pay("98.00", customer="C1", on=day(5)), inv)
    dlg = show(qtbot, UnsettleDialog(ctx, document=inv.number))
    assert dlg.figures["Cash discount"].text() == "-2.00"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert queries.show_invoice(inv.number)["balance"] == "100.00"


def test_settings_checked_per_field(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.settings import SettingsDialog

    dlg = show(qtbot, SettingsDialog(ctx))
    dlg.aging_buckets.setText("30,20")
    assert "increasing" in dlg.error.text()
    assert dlg.aging_buckets.property("invalid")
    dlg.aging_buckets.setText("30,60,90")
    dlg.max_underpayment.setText("0,50")
    dlg.full_settlement_allowed.setChecked(False)
    qtbot.keyClick(dlg.company_name, Qt.Key.Key_Return)
    s = book_service.settings()
    assert (s["aging_buckets"], s["max_underpayment"], s["full_settlement_allowed"]) == (
        "30,60,90",
        "0.50",
        "no",
    )


def test_credit_note_as_settle_source(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.settle import SettleDialog

    make_customer("C1", terms="net 30")
    first = make_invoice("100.00", customer="C1")
    settle(pay("100.00", customer="C1"), first)
    second = make_invoice("80.00", customer="C1", on=day(3))
    cn = credit_note(first, amount="30.00", on=day(4))
    dlg = show(qtbot, SettleDialog(ctx, source=cn.number))
    assert not dlg.error.isVisible()
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert queries.show_invoice(second.number)["balance"] == "50.00"
