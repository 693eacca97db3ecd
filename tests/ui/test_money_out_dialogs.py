"""Issue 9 in the window: refund credit, pay a refund, bill / write off an
unbilled item, one payment split over several orders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.read import queries
from app.services import corrections, refunds
from tests.builders import D, day, make_customer, make_invoice, make_order, pay, settle


def show(qtbot, dlg):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _credit() -> str:
    inv = make_invoice("100.00", terms="net 30")
    p = pay("150.00", on=day(1))
    settle(p, inv)
    return p.number


def test_refund_dialog_previews_and_posts(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.money_out import RefundDialog

    number = _credit()
    dlg = show(qtbot, RefundDialog(ctx, customer="C1"))
    assert dlg.keys == [number]
    assert dlg.figures["Amount"].text() == "50.00"
    assert "refunds payable" in [dlg.journal.item(r, 0).text() for r in range(2)]
    qtbot.keyClicks(dlg.amount, "60")
    assert not dlg.ok.isEnabled()
    assert "only 50.00 left to refund" in dlg.error.text()
    dlg.amount.clear()
    qtbot.keyClicks(dlg.amount, "20")
    assert dlg.figures["Amount"].text() == "20.00"
    qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
    assert queries.show_payment(number)["refunded"] == "20.00"


def test_pay_refund_dialog(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.money_out import PayRefundDialog

    ref = refunds.refund_credit(_credit(), day(5))
    dlg = show(qtbot, PayRefundDialog(ctx))
    assert dlg.keys == [ref.number]
    assert "is paid out" in dlg.explanation.toPlainText()
    qtbot.keyClicks(dlg.reference, "TRF 1")
    qtbot.keyClick(dlg.reference, Qt.Key.Key_Return)
    (listed,) = queries.show_payment(ref.payment.number)["refunds"]
    assert (listed["paid"], listed["paid_reference"]) == (True, "TRF 1")
    again = show(qtbot, PayRefundDialog(ctx))
    assert not again.ok.isEnabled()
    assert "no refund waiting" in again.error.text()


@pytest.mark.parametrize("bill", [True, False])
def test_unbilled_item_dialogs(qtbot, ctx, bill):  # type: ignore[no-untyped-def]
    from ui.dialogs.money_out import BillUnbilledDialog, WriteOffUnbilledDialog

    inv = make_invoice(lines=[("Hours", "8", "50.00")], terms="net 30")
    corrections.correct(inv.number, day(2), {1: D("6")})
    cls = BillUnbilledDialog if bill else WriteOffUnbilledDialog
    dlg = show(qtbot, cls(ctx, customer="C1"))
    assert len(dlg.keys) == 1
    assert dlg.figures["Amount"].text() == "100.00"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert dlg.result_text
    (item,) = queries.show_invoice(f"CI-{inv.number[-6:]}")["unbilled"]
    assert item["status"] == ("billed" if bill else "not_chargeable")


def test_payment_split_over_orders(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.payment import SPLIT, PaymentDialog

    make_customer("C1")
    a = make_order([("Shirt", "1", "100.00")], customer="C1")
    b = make_order([("Coat", "1", "200.00")], customer="C1")
    dlg = show(qtbot, PaymentDialog(ctx, customer="C1"))
    dlg.order.setCurrentIndex(dlg.order.findData(SPLIT))
    assert dlg.split.isVisible()
    assert [n.number for n in dlg.split.needs] == [a.number, b.number]
    qtbot.keyClicks(dlg.amount, "350")
    assert not dlg.ok.isEnabled()  # no order has an amount yet
    dlg.propose()
    assert dlg.ok.isEnabled(), dlg.error.text()
    assert "50.00 stays as customer credit" in dlg.info.text()
    qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
    assert "one receipt" in dlg.result_text
    assert queries.show_order(a.number)["paid"] == "100.00"
    assert queries.show_order(b.number)["paid"] == "200.00"
    assert queries.show_customer("C1")["credit"] == "350.00"


def test_payment_above_the_orders_need_asks_for_the_excess(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.payment import PaymentDialog

    make_customer("C1")
    b = make_order([("Coat", "1", "200.00")], customer="C1")
    dlg = show(qtbot, PaymentDialog(ctx, customer="C1", order=b.number))
    qtbot.keyClicks(dlg.amount, "300")
    assert not dlg.ok.isEnabled()
    assert "still needs 200.00" in dlg.error.text()
    dlg.excess.setChecked(True)
    assert dlg.ok.isEnabled(), dlg.error.text()
    assert "100.00 stays as customer credit" in dlg.info.text()
    qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
    assert queries.show_order(b.number)["paid"] == "200.00"
    assert queries.show_customer("C1")["credit"] == "300.00"


@pytest.mark.slow
def test_the_new_screenshots_are_in_a_working_state(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """Each issue 9 dialog of `acerto screenshot`, over the demo book, has a preview and no refusal."""
    from app.demo import DEMO_TODAY, make_demo
    from app.read.samples import screenshot_picks
    from app.services import book
    from models.db import close_db
    from ui.context import BookContext
    from ui.main import MainWindow
    from ui.screenshot_dialogs import _money_out_makers

    url = str(tmp_path / "demo.sqlite")
    book.open_book(url)
    try:
        make_demo(customers=14, invoices=160, seed=7, today=DEMO_TODAY)
        ctx = BookContext(url, today=DEMO_TODAY)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        for name, make in _money_out_makers(ctx, window, screenshot_picks()):
            dlg = make()
            qtbot.addWidget(dlg)
            dlg.refresh()
            assert dlg.ok.isEnabled(), (name, dlg.error.text())
            if name == "split-payment":
                assert Decimal(dlg.amount.text()) > 0
                assert "stays as customer credit" in dlg.info.text()
            else:
                assert dlg.journal.rowCount() >= 2, name
    finally:
        close_db()
