"""The settle dialog driven as a bookkeeper would, with the SPEC §3 examples."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.read import queries
from app.services import book as book_service
from tests.builders import day, make_customer, make_invoice, pay
from ui.dialogs.settle import COL_APPLY, COL_DISCOUNT, COL_FULL, SettleDialog


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


def _type_apply(qtbot, dlg, text: str, row: int = 0, column: int = COL_APPLY) -> None:  # type: ignore[no-untyped-def]
    item = dlg.table.item(row, column)
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
    tick = dlg.table.item(0, COL_FULL)
    assert tick.flags() & Qt.ItemFlag.ItemIsUserCheckable
    tick.setCheckState(Qt.CheckState.Checked)
    assert dlg.waived() == [inv.number]
    assert dlg.discount.text() == "10.00"
    assert tick.text() == "10.00"  # the waiver stated on its invoice's row
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


def test_full_payment_in_the_period_and_the_editable_discount(qtbot, ctx):  # type: ignore[no-untyped-def]
    """Issue 9 item 4: 100.00 on day 4 settles at full value; the bookkeeper may
    type a discount from 0 up to what the rules allow, no more."""
    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", customer="C1")
    p = pay("100.00", customer="C1", on=day(4))
    dlg = open_dialog(qtbot, ctx, p)
    assert dlg.table.item(0, COL_DISCOUNT).text() == "0.00"
    assert dlg.remaining.text() == "0.00"
    assert "from 0 up to 2.00" in dlg.table.item(0, COL_DISCOUNT).toolTip()
    _type_apply(qtbot, dlg, "2.50", column=COL_DISCOUNT)
    qtbot.waitUntil(lambda: dlg.error.isVisible(), timeout=2000)
    assert "can be at most 2.00" in dlg.error.text()
    assert not dlg.ok.isEnabled()
    _type_apply(qtbot, dlg, "1.00", column=COL_DISCOUNT)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=2000)
    assert (dlg.applied.text(), dlg.discount.text(), dlg.remaining.text()) == (
        "99.00",
        "1.00",
        "1.00",
    )
    assert "chosen by the bookkeeper" in dlg.explanation.toPlainText()
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    s = queries.show_invoice(inv.number)["settlements"][0]
    assert (s["amount"], s["discount"]) == ("99.00", "1.00")


def test_full_settlement_tick_on_the_second_invoice(qtbot, ctx):  # type: ignore[no-untyped-def]
    """Issue 9 item 5: 990.00 over 100.00 and 1,000.00; the tick waives 110.00 of the second."""
    make_customer("C1", terms="net 30")
    a = make_invoice("100.00", customer="C1", on=day(0))
    b = make_invoice("1000.00", customer="C1", on=day(1))
    p = pay("990.00", customer="C1", on=day(5))
    dlg = open_dialog(qtbot, ctx, p)
    assert [dlg.table.item(r, 0).text() for r in range(2)] == [a.number, b.number]
    dlg.table.item(1, COL_FULL).setCheckState(Qt.CheckState.Checked)
    assert dlg.table.item(1, COL_FULL).text() == "110.00"
    assert dlg.table.item(0, COL_FULL).text() == ""
    assert "the remaining 110.00 is waived" in dlg.explanation.toPlainText()
    dlg.table.item(0, COL_FULL).setCheckState(Qt.CheckState.Checked)
    assert f"Invoice {a.number} is settled in full" in dlg.error.text()
    dlg.table.item(0, COL_FULL).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=2000)
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert queries.show_invoice(b.number)["settlements"][0]["full_settlement"] == "110.00"
    assert queries.show_invoice(a.number)["settlements"][0]["full_settlement"] == "0.00"


def test_settings_dialog_sets_discount_when_paid_in_full(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.settings import SettingsDialog

    dlg = SettingsDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.discount_when_paid_in_full.isChecked()
    dlg.discount_when_paid_in_full.setChecked(True)
    qtbot.keyClick(dlg.company_name, Qt.Key.Key_Return)
    assert book_service.settings()["discount_when_paid_in_full"] == "yes"
    assert book_service.params().discount_when_paid_in_full


def test_screenshot_dialogs_are_in_a_working_state(qtbot, ctx):  # type: ignore[no-untyped-def]
    """`acerto screenshot` shows the editable discount and the per-invoice tick at work."""
    from app.read.samples import screenshot_picks
    from ui.screenshot_dialogs import _FilledDialogs

    make_customer("C1", terms="2% 10, net 30")
    make_invoice("100.00", customer="C1", on=day(0))
    big = make_invoice("1000.00", customer="C1", on=day(1))
    pay("990.00", customer="C1", on=day(5))
    picks = screenshot_picks()
    filled = _FilledDialogs(ctx, None, picks)
    dlg = filled.settle_discount()
    qtbot.addWidget(dlg)
    dlg.refresh()
    assert not dlg.error.isVisible() and dlg.ok.isEnabled()
    assert dlg.table.item(0, COL_DISCOUNT).font().bold()
    assert "chosen by the bookkeeper" in dlg.explanation.toPlainText()
    dlg = filled.settle_full_settlement()
    qtbot.addWidget(dlg)
    dlg.refresh()
    assert not dlg.error.isVisible() and dlg.ok.isEnabled()
    assert dlg.waived() == [big.number]
    assert dlg.table.item(1, COL_FULL).text() != ""


def test_window_detail_reads_a_credit_note_on_a_paid_invoice_as_minus_98(qtbot, ctx):  # type: ignore[no-untyped-def]
    """Issue 9 item 6 in the window: the netting row reads -98.00 / -2.00."""
    from tests.builders import credit_note, settle
    from ui.main import MainWindow

    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", customer="C1")
    settle(pay("98.00", customer="C1", on=day(4)), inv)
    credit_note(inv, amount="100.00", on=day(20))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    assert w.panes["invoices"].select(inv.number)
    table = w.detail.settlements
    assert table.rowCount() == 2
    assert (table.item(1, 3).text(), table.item(1, 4).text()) == ("-98.00", "-2.00")
