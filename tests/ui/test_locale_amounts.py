"""The window in pt_BR: pre-filled amounts, typed amounts, dates and figures
in the locale's way ("98,00", "1.234,56", dd/mm/yyyy), none of them cut."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from app.read import queries
from tests.builders import day, make_customer, make_invoice, pay, settle
from ui.dialogs.settle import COL_APPLY, SettleDialog


@pytest.fixture
def pt_br(ctx) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from ui import i18n

    i18n.install("pt_BR")
    yield ctx
    i18n.install("en")


def show(qtbot, dlg):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_settle_dialog_prefills_in_the_locale_and_reads_typed_amounts(qtbot, pt_br):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="2% 10, net 30")
    small = make_invoice("100.00", customer="C1")
    p = pay("98.00", customer="C1", on=day(5))
    dlg = show(qtbot, SettleDialog(pt_br, source=p.number))
    assert dlg.table.item(0, COL_APPLY).text() == "98,00"  # not "98.00"
    assert dlg.discount.text() == "2,00"
    dlg.close()
    make_customer("C2", terms="2% 10, net 30")
    inv = make_invoice("2000.00", customer="C2")
    p = pay("1960.00", customer="C2", on=day(5))
    dlg = show(qtbot, SettleDialog(pt_br, source=p.number))
    row = 0
    assert dlg.table.item(row, COL_APPLY).text() == "1960,00"  # typed back without grouping
    assert dlg.available.text() == "1.960,00"
    dlg.table.item(row, COL_APPLY).setText("1.000,00")
    assert dlg.table.item(row, COL_APPLY).background().color().name() != "#fdecea"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    shown = queries.show_invoice(inv.number)["settlements"][0]
    assert (shown["amount"], shown["discount"]) == ("1000.00", "20.41")  # 1.000,00 × 2 / 98
    assert queries.show_invoice(small.number)["balance"] == "100.00"


def test_payment_dialog_accepts_a_grouped_amount(qtbot, pt_br):  # type: ignore[no-untyped-def]
    from ui.dialogs.payment import PaymentDialog

    make_customer("C1")
    dlg = show(qtbot, PaymentDialog(pt_br, customer="C1"))
    assert dlg.date.displayFormat() == "dd/MM/yyyy"
    assert dlg.date.text() == "15/04/2026"
    qtbot.keyClicks(dlg.amount, "1.234,56")
    assert dlg.ok.isEnabled(), dlg.error.text()
    qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
    number = dlg.result_text.split()[1]
    assert queries.show_payment(number)["amount"] == "1234.56"


def test_a_mistyped_amount_is_named(qtbot, pt_br):  # type: ignore[no-untyped-def]
    from ui.dialogs.payment import PaymentDialog

    make_customer("C1")
    dlg = show(qtbot, PaymentDialog(pt_br, customer="C1"))
    qtbot.keyClicks(dlg.amount, "1,234.56")
    assert not dlg.ok.isEnabled()
    assert "1,234.56" in dlg.error.text()
    assert dlg.amount.property("invalid")


def test_settings_prefill_and_read_back_in_the_locale(qtbot, pt_br):  # type: ignore[no-untyped-def]
    from app.services import book
    from ui.dialogs.settings import SettingsDialog

    book.set_setting("max_underpayment", "1.50")
    dlg = show(qtbot, SettingsDialog(pt_br))
    assert dlg.max_underpayment.text() == "1,50"
    dlg.max_underpayment.setText("1.234,50")
    assert dlg.language.currentData() == "en"
    dlg.language.setCurrentIndex(dlg.language.findData("es"))
    qtbot.keyClick(dlg.company_name, Qt.Key.Key_Return)
    assert book.settings()["max_underpayment"] == "1234.50"
    assert book.settings()["language"] == "es"


def _cut(table: QTableWidget) -> list[str]:
    metrics = table.fontMetrics()
    cut = []
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is not None and item.text():
                # a cell's text has a few pixels of margin on each side
                # and the column must end inside what is visible, not past it
                visible = table.viewport().width() - table.columnViewportPosition(c)
                room = min(table.columnWidth(c), visible)
                if metrics.horizontalAdvance(item.text()) + 6 > room:
                    cut.append(item.text())
    return cut


def test_unsettle_preview_shows_every_figure_whole_in_pt_br(qtbot, pt_br):  # type: ignore[no-untyped-def]
    """The pt_BR unsettle preview once read "16," for 16,59."""
    from ui.dialogs.unsettle import UnsettleDialog

    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("829.50", customer="C1")
    settle(pay("812.91", customer="C1", on=day(5)), inv)
    big = make_invoice("82950000.00", customer="C1")
    settle(pay("81291000.00", customer="C1", on=day(5)), big)
    wide = show(qtbot, UnsettleDialog(pt_br, document=big.number))
    wide.resize(wide.minimumSize())
    qtbot.wait(10)
    assert wide.figures["Cash discount"].text() == "-1.659.000,00"
    assert _cut(wide.list) == []
    assert _cut(wide.journal) == []
    dlg = show(qtbot, UnsettleDialog(pt_br, document=inv.number))
    dlg.resize(dlg.minimumSize())
    qtbot.wait(10)
    assert dlg.figures["Cash discount"].text() == "-16,59"
    for label in dlg.figures.values():
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    assert "16,59" in [dlg.list.item(0, c).text() for c in range(dlg.list.columnCount())]
    assert dlg.list.item(0, 1).text() == "06/03/2026"  # dd/mm/yyyy, not ISO or US
    assert _cut(dlg.list) == []
    assert _cut(dlg.journal) == []


def test_new_customer_with_a_language(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.customer import CustomerDialog

    dlg = show(qtbot, CustomerDialog(ctx))
    assert dlg.language.currentData() == ""  # the book's language unless chosen
    qtbot.keyClicks(dlg.code, "BR1")
    qtbot.keyClicks(dlg.name, "Cliente Brasileiro")
    dlg.language.setCurrentIndex(dlg.language.findData("pt_BR"))
    qtbot.keyClick(dlg.name, Qt.Key.Key_Return)
    assert queries.show_customer("BR1")["language"] == "pt_BR"
