"""The main window: panes, customer filter, detail area, shortcuts, refresh,
remembered state, translations and the screenshot command."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.read import panes
from tests.builders import day, make_customer, make_invoice, pay, settle
from ui.main import MainWindow
from ui.recent import recent_books, remember_book


def window(qtbot, ctx) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def book_with_documents() -> tuple[str, str]:
    make_customer("C1", terms="2% 10, net 30", name="Alpha")
    make_customer("C2", terms="net 30", name="Beta")
    inv = make_invoice("100.00", customer="C1")
    make_invoice("40.00", customer="C2", on=day(30))
    p = pay("98.00", customer="C1", on=day(5))
    settle(p, inv)
    return inv.number, p.number


def test_panes_detail_and_customer_filter(qtbot, ctx):  # type: ignore[no-untyped-def]
    inv, p = book_with_documents()
    w = window(qtbot, ctx)
    invoices = w.panes["invoices"]
    assert invoices.model.rowCount() == 2
    assert invoices.select(inv)
    assert w.detail.number == inv
    assert w.detail.settlements.rowCount() == 1
    assert "2 % until 2026-03-11" in w.detail.explanations.toPlainText()
    assert w.detail.journal.rowCount() >= 3
    qtbot.waitUntil(w.status_totals.current)  # read on a worker after the first paint
    assert "2 documents" in w.totals.text()
    assert w.totals.isEnabled()
    w.customer.set_code("C2")
    assert [r.customer for r in invoices.model.rows] == ["C2"]
    assert w.panes["payments"].model.rowCount() == 0
    # Until C2's totals arrive the label shows the earlier ones, greyed.
    assert w.totals.isEnabled() == w.status_totals.current()
    qtbot.waitUntil(w.status_totals.current)
    assert "1 documents" in w.totals.text() and w.totals.isEnabled()


def test_filters_type_into_search(qtbot, ctx):  # type: ignore[no-untyped-def]
    book_with_documents()
    w = window(qtbot, ctx)
    pane = w.panes["invoices"]
    qtbot.keyClicks(pane.search, "beta")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=2000)
    pane.search.clear()
    pane.status.setCurrentIndex(pane.status.findData(panes.OPEN))
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=2000)
    # The text box's pause runs out here, not in a later test on another book.
    qtbot.waitUntil(lambda: not pane._timer.isActive(), timeout=2000)


def test_shortcut_opens_settle_and_book_changed_refreshes(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30")
    inv = make_invoice("100.00", customer="C1")
    p = pay("60.00", customer="C1", on=day(2))
    w = window(qtbot, ctx)
    w.tabs.setCurrentIndex(2)
    w.panes["payments"].select(p.number)
    seen = []

    def post_it() -> None:
        dialogs = [
            d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()
        ]
        seen.extend(type(d).__name__ for d in dialogs)
        for d in dialogs:
            qtbot.keyClick(d, Qt.Key.Key_Return)

    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    QTimer.singleShot(100, post_it)
    qtbot.keyClick(w.panes["payments"].view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["SettleDialog"]
    row = w.panes["invoices"].model.find(inv.number)
    assert (
        str(w.panes["invoices"].model.rows[row].balance) == "40.00"
    )  # refreshed by "book changed"
    assert w.detail.data["unapplied"] == "0.00"


def test_every_action_has_a_shortcut(qtbot, ctx):  # type: ignore[no-untyped-def]
    w = window(qtbot, ctx)
    missing = [n for n, a in w.actions_.items() if a.shortcut().isEmpty() and n != "about"]
    assert missing == []
    keys = [a.shortcut().toString() for a in w.actions_.values() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys))


def test_state_and_recent_books_remembered(qtbot, ctx):  # type: ignore[no-untyped-def]
    w = window(qtbot, ctx)
    w.splitter.setSizes([500, 300])
    w.panes["invoices"].view.setColumnWidth(0, 177)
    w.close()
    assert QSettings().value("window/splitter") is not None
    w2 = window(qtbot, ctx)
    assert w2.panes["invoices"].view.columnWidth(0) == 177
    remember_book("/tmp/a.sqlite")
    remember_book("/tmp/b.sqlite")
    remember_book("/tmp/a.sqlite")
    assert recent_books()[:2] == ["/tmp/a.sqlite", "/tmp/b.sqlite"]


def test_portuguese_interface_and_locale_amounts(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui import i18n

    make_customer("C1", terms="net 30")
    make_invoice("1234.50", customer="C1")
    try:
        assert i18n.install("pt_BR") == "pt_BR"
        assert i18n.money("1234.50") == "1.234,50"
        w = window(qtbot, ctx)
        assert w.tabs.tabText(1).replace("&", "") == "Faturas"
        assert w.panes["invoices"].model.data(w.panes["invoices"].model.index(0, 5)) == "1.234,50"
        i18n.install("es")
        assert i18n.translate("Acerto", "Settle") == "Liquidar"
    finally:
        i18n.install("en")


@pytest.mark.slow
def test_screenshots_of_window_and_dialogs(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from models.db import close_db
    from ui.screenshot import take_screenshots

    try:
        paths = take_screenshots(str(tmp_path / "empty.sqlite"), str(tmp_path / "shots"))
    finally:
        close_db()
    names = {p.name for p in paths}
    assert {
        "window-main.png",
        "window-settle.png",
        "window-settings.png",
        "window-credit-note.png",
    } <= names
    assert all(p.stat().st_size > 5000 for p in paths)
    assert not (tmp_path / "empty.sqlite").exists()  # the given path is left alone
