"""The settle dialog driven as a bookkeeper would, with the SPEC §3 examples."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.read import queries
from app.services import book as book_service
from tests.builders import day, make_customer, make_invoice, pay
from ui.dialogs.settle import COL_APPLY, SettleDialog


def open_dialog(qtbot, ctx, payment):  # type: ignore[no-untyped-def]
    dlg = SettleDialog(ctx, source=payment.number)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_cash_discount_paid_on_day_8(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", customer="C1")
    p = pay("98.00", customer="C1", on=day(8))
    dlg = open_dialog(qtbot, ctx, p)
    assert dlg.discount.text() == "2.00"
    assert dlg.remaining.text() == "0.00"
    assert "2 % until 2026-03-11" in dlg.explanation.toPlainText()
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    shown = queries.show_invoice(inv.number)
    assert shown["status"] == "settled"
    assert shown["settlements"][0]["discount"] == "2.00"


def test_paid_on_day_11_leaves_two(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", customer="C1")
    p = pay("98.00", customer="C1", on=day(11))
    dlg = open_dialog(qtbot, ctx, p)
    assert dlg.discount.text() == "0.00"
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert queries.show_invoice(inv.number)["balance"] == "2.00"


def test_partial_payment_discount(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", customer="C1")
    p = pay("49.00", customer="C1", on=day(5))
    dlg = open_dialog(qtbot, ctx, p)
    assert "49.00 × 2 / 98 = 1.00" in dlg.explanation.toPlainText()
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    shown = queries.show_invoice(inv.number)
    assert shown["balance"] == "50.00"
    assert shown["settlements"][0]["discount"] == "1.00"


def _type_apply(qtbot, dlg, text: str) -> None:  # type: ignore[no-untyped-def]
    item = dlg.table.item(0, COL_APPLY)
    dlg.table.setCurrentItem(item)
    dlg.table.editItem(item)
    # The previous edit's editor may linger until its deleteLater runs.
    editors = [e for e in dlg.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_edited_amount_and_tolerance(qtbot, ctx):  # type: ignore[no-untyped-def]
    """§3.5: the 0.10 shortfall is written off only when the payment's money
    runs out; while some of it stays unapplied the shortfall stays open."""
    book_service.set_settings({"max_underpayment": "0.50"})
    make_customer("C1", terms="net 30")
    inv = make_invoice("1000.00", customer="C1")
    p = pay("999.90", customer="C1", on=day(2))
    dlg = open_dialog(qtbot, ctx, p)
    qtbot.waitUntil(lambda: dlg.writeoff.text() == "0.10", timeout=2000)
    _type_apply(qtbot, dlg, "500,00")
    # the delegate commits the edit on a queued call
    qtbot.waitUntil(lambda: dlg.remaining.text() == "499.90", timeout=2000)
    assert dlg.writeoff.text() == "0.00"
    _type_apply(qtbot, dlg, "999,90")
    qtbot.waitUntil(lambda: dlg.writeoff.text() == "0.10", timeout=2000)
    assert dlg.remaining.text() == "0.00"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert dlg.result() == dlg.DialogCode.Accepted, (
        dlg.error.text(),
        dlg.ok.isEnabled(),
        dlg.isVisible(),
    )
    shown = queries.show_invoice(inv.number)
    assert shown["status"] == "settled"
    assert shown["settlements"][0]["writeoff"] == "0.10"
    assert queries.show_payment(p.number)["unapplied"] == "0.00"


def test_full_settlement_checkbox(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30")
    inv = make_invoice("1000.00", customer="C1")
    p = pay("990.00", customer="C1", on=day(2))
    dlg = open_dialog(qtbot, ctx, p)
    assert dlg.full.isEnabled()
    dlg.full.setFocus()
    qtbot.keyClick(dlg.full, Qt.Key.Key_Space)
    assert dlg.full.isChecked()
    assert dlg.discount.text() == "10.00"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    shown = queries.show_invoice(inv.number)
    assert shown["status"] == "settled"
    assert shown["settlements"][0]["full_settlement"] == "10.00"


def test_tiers_two_payments(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="2% 5, 1% 14, net 30")
    inv = make_invoice("1000.00", customer="C1")
    p1 = pay("294.00", customer="C1", on=day(3))
    dlg = open_dialog(qtbot, ctx, p1)
    assert dlg.discount.text() == "6.00"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert queries.show_invoice(inv.number)["balance"] == "700.00"
    p2 = pay("693.00", customer="C1", on=day(10))
    dlg = open_dialog(qtbot, ctx, p2)
    assert dlg.discount.text() == "7.00"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert queries.show_invoice(inv.number)["status"] == "settled"


def test_error_inline_and_ok_disabled(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30")
    make_invoice("100.00", customer="C1")
    p = pay("50.00", customer="C1", on=day(2))
    dlg = open_dialog(qtbot, ctx, p)
    item = dlg.table.item(0, COL_APPLY)
    item.setText("abc")
    assert dlg.error.isVisible()
    assert "not a number" in dlg.error.text()
    assert not dlg.ok.isEnabled()
    qtbot.keyClick(dlg, Qt.Key.Key_Return)  # refused: nothing posted
    assert dlg.isVisible()
    item.setText("-5")
    assert "negative" in dlg.error.text()
    qtbot.mouseClick(dlg.propose, Qt.MouseButton.LeftButton)
    assert dlg.ok.isEnabled()
    assert not dlg.error.isVisible()
    assert item.text() == "50.00"
