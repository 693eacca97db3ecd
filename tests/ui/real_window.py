"""The real window on a real X server: run by tests/ui/test_real_window.py as

    xvfb-run -a python -m tests.ui.real_window BOOK_DIR ARTEFACT_DIR

Qt's xcb platform plugin (never offscreen: the plugin and every library it
links are loaded), a small demo book, and one settlement posted the way a
bookkeeper posts it: a click on the Payments tab and on the payment's row,
Ctrl+T, a click on Settle — real input events delivered to the real widgets.
Prints one JSON line (platform, payment, settlements before and after);
saves the window and the whole X screen as PNG files in ARTEFACT_DIR.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "xcb"

TODAY = date(2026, 3, 31)


def _payment_to_settle() -> tuple[str, str]:
    """A payment with money left whose customer has an open invoice."""
    from app.read import panes

    for item in panes.credit_sources():
        customer = panes.source_customer(item.number)
        if item.kind == "payment" and customer and panes.open_invoices(customer):
            return item.number, customer
    raise SystemExit("the demo book has no payment to settle")


def main(book_dir: str, artefacts: str) -> int:
    from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.demo import make_demo
    from app.read.queries import show_payment
    from app.services import book
    from ui import i18n
    from ui.context import BookContext
    from ui.dialogs.settle import SettleDialog
    from ui.main import MainWindow, make_application

    url = str(Path(book_dir) / "demo.sqlite")
    book.open_book(url)
    make_demo(customers=6, invoices=30, seed=3, today=TODAY)
    payment, customer = _payment_to_settle()
    before = len(show_payment(payment)["settlements"])

    app = make_application()
    QCoreApplication.setOrganizationName("AcertoRealWindow")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, book_dir)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    i18n.install("en")
    window = MainWindow(BookContext(url, today=TODAY))
    window.resize(1480, 860)
    window.show()
    if not QTest.qWaitForWindowExposed(window, 5000):
        raise SystemExit("the window was never exposed on the X server")
    window.activateWindow()
    QTest.qWait(50)

    tabs = window.tabs.tabBar()
    QTest.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(2).center())
    pane = window.panes["payments"]
    assert window.tabs.currentWidget() is pane or window.tabs.currentIndex() == 2
    pane.select(payment)  # scrolled into view; the row is then clicked like a user would
    QTest.qWait(20)
    rect = pane.view.visualRect(pane.view.currentIndex())
    pane.view.clearSelection()
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    clicked = pane.current_number()

    seen: dict[str, object] = {}

    def in_dialog(tries: int = 200) -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, SettleDialog):
            if tries:
                QTimer.singleShot(20, lambda: in_dialog(tries - 1))
            return
        QTest.qWait(50)
        seen["source"] = dlg.source.currentData()
        seen["error"] = dlg.error.text()
        dlg.grab().save(str(Path(artefacts) / "real-window-settle.png"))
        QTest.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, in_dialog)
    QTest.keyClick(pane.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    QTest.qWait(100)
    after = show_payment(payment)["settlements"]
    window.grab().save(str(Path(artefacts) / "real-window.png"))
    screen = QGuiApplication.primaryScreen()
    screen.grabWindow(0).save(str(Path(artefacts) / "real-window-screen.png"))
    print(
        json.dumps(
            {
                "platform": QGuiApplication.platformName(),
                "payment": payment,
                "customer": customer,
                "clicked": clicked,
                "dialog_source": seen.get("source"),
                "dialog_error": seen.get("error"),
                "settlements_before": before,
                "settlements_after": len(after),
                "status": window.statusBar().currentMessage(),
            }
        )
    )
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
