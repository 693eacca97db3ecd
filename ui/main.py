"""The main window: Orders, Invoices and Payments panes, the detail area,
the menus with every action and its shortcut, and `run_window`."""

from __future__ import annotations

import gc
import importlib
import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from app.errors import UserError
from app.rules.limits import escape
from app.services import book
from ui import book_files, context_menus, excepthook, i18n, menus, startup
from ui.context import BookContext
from ui.detail import DetailView
from ui.i18n import translate
from ui.messages import show_refusal
from ui.pane_tabs import KINDS, Panes
from ui.panes_view import PaneView, pane_rows_note, rows_label
from ui.recent import remember_book
from ui.startup import make_application, window_problem
from ui.status_totals import StatusTotals
from ui.widgets import CustomerBox

log = logging.getLogger(__name__)

# The file and input dialogs and QUrl are imported where they are used: PySide makes a
# class's Python enums when the class is first imported (~4 ms at start for these).

# action name -> (module, class) of its dialog, imported when first used
DIALOGS: dict[str, tuple[str, str]] = {
    "customer": ("ui.dialogs.customer", "CustomerDialog"),
    "order": ("ui.dialogs.order", "OrderDialog"),
    "invoice_order": ("ui.dialogs.invoice_order", "InvoiceOrderDialog"),
    "invoice": ("ui.dialogs.invoice", "InvoiceDialog"),
    "payment": ("ui.dialogs.payment", "PaymentDialog"),
    "settle": ("ui.dialogs.settle", "SettleDialog"),
    "unsettle": ("ui.dialogs.unsettle", "UnsettleDialog"),
    "credit_note": ("ui.dialogs.credit_note", "CreditNoteDialog"),
    "correct": ("ui.dialogs.correction", "CorrectionDialog"),
    "change_order": ("ui.dialogs.order_change", "OrderChangeDialog"),
    "cancel_order": ("ui.dialogs.order_change", "CancelOrderDialog"),
    "settings": ("ui.dialogs.settings", "SettingsDialog"),
    # Money going back out (issue 9)
    "refund": ("ui.dialogs.money_out", "RefundDialog"),
    "payout": ("ui.dialogs.money_out", "PayRefundDialog"),
    "bill_unbilled": ("ui.dialogs.money_out", "BillUnbilledDialog"),
    "write_off_unbilled": ("ui.dialogs.money_out", "WriteOffUnbilledDialog"),
    # Bank reconciliation (issue 11)
    "bank": ("ui.dialogs.bank", "BankDialog"),
}


class MainWindow(QMainWindow):
    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.resize(1360, 800)
        self._actions: dict[str, QAction] = {}  # every action by name: see actions_
        self.menus_: dict[str, QMenu] = {}  # the menu bar's menus (menus.MENUS)
        self._menus_done = False
        self.collect_after_paint = False  # run_window: Python's collector waits till then
        self.jobs: list[Any] = []
        self.pane_rows = rows_label(self)  # "more than 10,000 rows" while a pane counts them

        self.customer = CustomerBox(self, allow_all=True)
        self.customer.setObjectName("customerFilter")
        self.customer.setToolTip(translate("Acerto", "Show the documents of one customer (Ctrl+K)"))
        self.tabs = QTabWidget(self)
        self._started = False  # the first queries are made (see _new_pane)
        self.panes = Panes(self.tabs, self._new_pane)  # Orders and Payments: finish_start
        self.tabs.setCurrentIndex(1)
        self.panes["invoices"]  # noqa: B018  (the one pane the first paint shows)
        self.detail = DetailView(ctx, self)
        self.detail.follow.connect(self.follow_document)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([880, 480])
        self.setCentralWidget(self.splitter)
        self.totals = QLabel(self)
        self.totals.setObjectName("totals")
        self.statusBar().addPermanentWidget(self.totals)
        self.status_totals = StatusTotals(self.totals, self)

        self.recent_menu: QMenu  # File > Recent books, filled by menus.build_rest
        menus.build_shown(self)  # the rest after the first paint: finish_menus
        self.customer.customerChanged.connect(self._customer_changed)
        self.tabs.currentChanged.connect(lambda _i: self._pane_switched())
        # after the panes' and the detail's own listeners: totals read what they show
        ctx.changed.connect(self._book_changed)
        self._update_title()
        self._restore()
        for pane in self.panes.made.values():
            pane.start()  # one query each, with the restored sort
        self._started = True
        self._pane_switched()

    def _new_pane(self, kind: str) -> PaneView:
        """A pane for its tab; one made after the start restores its column sizes and
        queries at once, with the customer chosen."""
        pane = PaneView(kind, self.ctx, self)  # type: ignore[arg-type]
        pane.selected.connect(self._selected)
        pane.activated.connect(self._activated)
        pane.filtered.connect(self._show_totals)
        pane.rows_changed.connect(self._show_rows)
        context_menus.install_pane(self, pane)
        if not self._started:
            pane.model.count_early()  # beside the rest of the window's construction
        else:
            pane.column_sizes.restore(QSettings())
            pane.customer = self.customer.code() or None
            pane.start()
            pane.finish()
            # the window's "book changed" stays after the panes' own (totals last)
            self.ctx.changed.disconnect(self._book_changed)
            self.ctx.changed.connect(self._book_changed)
        return pane

    def finish_start(self) -> None:
        """What the first paint did not need: the shown pane's exact count and clear
        button (PaneView.finish), the other panes, the menus' actions."""
        for pane in self.panes.made.values():
            pane.finish()
        for kind in self.panes:
            self.panes[kind]
        self.finish_menus()

    # -- actions

    @property
    def actions_(self) -> dict[str, QAction]:
        """Every action of the window by name (made now if the first paint has not
        come yet)."""
        self.finish_menus()
        return self._actions

    def finish_menus(self) -> None:
        """The actions and menus the first paint does not show (menus.build_rest); once."""
        if not self._menus_done:
            self._menus_done = True
            menus.build_rest(self)

    def _action(
        self, name: str, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str = ""
    ) -> QAction:
        act = QAction(text, self)
        act.setObjectName(f"action_{name}")
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self._actions[name] = act
        self.addAction(act)
        return act

    # -- selection and refresh

    def current_pane(self) -> PaneView:
        return self.panes[self.current_kind()]

    def current_kind(self) -> str:
        return KINDS[self.tabs.currentIndex()]

    def _selected(self, kind: str, number: str) -> None:
        if kind == self.current_kind():
            self.detail.show_document(kind, number or None)

    def _activated(self, kind: str, number: str) -> None:
        if kind == "payments" and number:
            self.open_dialog("settle")
        elif kind == "invoices" and number and self._is_correction_draft():
            self.open_dialog("correct")  # a kept correction draft reopens in its dialog

    def _is_correction_draft(self) -> bool:
        data = self.detail.data
        return data.get("kind") == "corrective" and data.get("status") == "draft"

    def follow_document(self, kind: str, number: str) -> None:
        """A link in the detail (the correction chain, both ways): show that document."""
        self.tabs.setCurrentIndex(("orders", "invoices", "payments").index(kind))
        if not self.panes[kind].select(number):
            self.detail.show_document(kind, number)  # filtered out of the pane: show it anyway

    def _pane_switched(self) -> None:
        pane = self.current_pane()
        self.detail.show_document(pane.kind, pane.current_number())
        self._show_totals()
        self._show_rows()

    def _show_rows(self) -> None:  # (a pane being made is not made twice: made.get)
        self.pane_rows.setText(pane_rows_note(self.panes.made.get(self.current_kind())))

    def _customer_changed(self, code: str) -> None:
        for pane in self.panes.made.values():  # one made later takes the customer then
            pane.set_customer(code or None)
        self._show_totals()

    def refresh(self) -> None:
        """F5: say "book changed", as a posting does, so everything re-queries."""
        self.ctx.notify()

    def _book_changed(self) -> None:
        """The window's part of "book changed" (the panes and the detail have their own)."""
        self.customer.reload()
        self._update_title()
        self._show_totals()

    def _show_totals(self) -> None:
        """Ask for the current pane's totals (read on a worker after the first paint)."""
        pane = self.current_pane()
        self.status_totals.request(pane.kind, pane.filters())

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self.status_totals.ready:
            QTimer.singleShot(0, self._first_painted)  # after the whole window has painted

    def _first_painted(self) -> None:
        if self.status_totals.ready:
            return
        if self.collect_after_paint:  # run_window: the start held the collector
            gc.enable()
        if not startup.first_paint(self.status_totals):  # the bench's timestamp
            self.status_totals.start()
            self.finish_start()

    def selection(self) -> dict[str, str | None]:
        """What the dialogs start from: the selected document of each pane."""
        out: dict[str, str | None] = {k: p.current_number() for k, p in self.panes.items()}
        out["customer"] = self.customer.code() or None
        row = self.current_pane().current_row()
        if row is not None:
            out["customer"] = row.customer
        out["current"] = self.current_pane().kind
        return out

    # -- dialogs

    def make_dialog(self, name: str) -> Any:
        module, cls_name = DIALOGS[name]
        cls = getattr(importlib.import_module(module), cls_name)
        sel = self.selection()
        kwargs: dict[str, Any] = {}
        if name in ("order", "invoice", "payment"):
            kwargs["customer"] = sel["customer"]
        if name == "payment" and sel["current"] == "orders":
            kwargs["order"] = sel["orders"]
        if name in ("invoice_order", "change_order", "cancel_order"):
            kwargs["order"] = sel["orders"]
        if name in ("credit_note", "correct"):
            kwargs["invoice"] = sel["invoices"]
        if name == "settle":
            kwargs["customer"] = sel["customer"]
            if sel["current"] == "payments":
                kwargs["source"] = sel["payments"]
            elif sel["current"] == "invoices" and self.detail.data.get("total", "0").startswith(
                "-"
            ):
                kwargs["source"] = sel["invoices"]
        if name in ("refund", "payout", "bill_unbilled", "write_off_unbilled"):
            kwargs["customer"] = sel["customer"]
            if name == "refund" and sel["current"] == "payments":
                kwargs["source"] = sel["payments"]
        if name == "unsettle":
            kind = sel["current"]
            kwargs["document"] = sel[kind] if kind in ("invoices", "payments") else None
        return cls(self.ctx, self, **kwargs)

    def open_dialog(self, name: str) -> Any:
        try:
            dlg = self.make_dialog(name)
        except UserError as exc:
            show_refusal(self, str(exc))
            return None
        dlg.exec()
        if dlg.result() and getattr(dlg, "result_text", ""):
            self.statusBar().showMessage(dlg.result_text, 8000)
        return dlg

    # -- books

    def _update_title(self) -> None:
        company = book.setting("company_name")
        where = book.book_label(self.ctx.url)  # never a server's password
        self.setWindowTitle(f"Acerto — {company + ' — ' if company else ''}{where}")

    def switch_book(self, url: str) -> bool:
        return book_files.switch_book(self, url)

    def new_book(self) -> None:
        book_files.new_book(self)

    def open_book_dialog(self) -> None:
        book_files.open_book(self)

    def open_url_dialog(self) -> None:
        book_files.open_url(self)

    def _open_recent(self, url: str) -> None:
        book_files.open_recent(self, url)

    def _fill_recent(self) -> None:
        book_files.fill_recent(self)

    def backup(self) -> None:
        book_files.backup(self)

    # -- long work

    def demo_data(self) -> None:
        from ui import reports

        reports.demo_data(self)

    def import_workbook(self) -> None:
        from ui import reports

        reports.import_workbook(self)

    def export_workbook(self) -> None:
        from ui import reports

        reports.export_workbook(self)

    def report_aging(self) -> None:
        from ui import reports

        reports.aging(self)

    def report_credit_note(self) -> None:
        from ui import reports

        reports.credit_note_pdf(self)

    def report_settlements(self) -> None:
        from ui import reports

        reports.settlement_pdf(self)

    def offer_to_open(self, path: str) -> None:
        answer = QMessageBox.question(
            self,
            translate("Acerto", "Report written"),
            translate("Acerto", "{path} was written. Open it now?").format(path=path),
        )
        if answer == QMessageBox.StandardButton.Yes:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    # -- keyboard and help

    def focus_search(self) -> None:
        self.current_pane().search.setFocus()
        self.current_pane().search.selectAll()

    def focus_customer(self) -> None:
        self.customer.setFocus()
        edit = self.customer.lineEdit()
        if edit is not None:
            edit.selectAll()

    def show_shortcuts(self) -> None:
        rows = [
            f"<tr><td>{act.text().replace('&', '').rstrip('…')}</td><td><b>{act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}</b></td></tr>"
            for act in self.actions_.values()
            if not act.shortcut().isEmpty()
        ]
        box = QMessageBox(self)
        box.setWindowTitle(translate("Acerto", "Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText("<table cellpadding=3>" + "".join(rows) + "</table>")
        box.exec()

    def about(self) -> None:
        QMessageBox.about(
            self,
            translate("Acerto", "About Acerto"),
            translate("Acerto", "Acerto — receivables reconciliation for small businesses."),
        )

    # -- remembering

    def _restore(self) -> None:
        s = QSettings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        for pane in self.panes.made.values():
            pane.column_sizes.restore(s)

    def save_state(self) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        for pane in self.panes.made.values():  # a pane never made keeps what was saved
            pane.column_sizes.save(s)
        s.sync()

    def closeEvent(self, event: Any) -> None:
        self.status_totals.wait()  # a totals read still running ends first
        for pane in self.panes.made.values():
            pane.model.wait()  # and a count
        self.save_state()
        super().closeEvent(event)


def run_window(book_url: str | None) -> int:
    """Open the main window on `book_url` (default: the user's book) and run. When the
    caller paused Python's cyclic collector for the start (app/cli/window.py), the
    window turns it on again after its first paint."""
    held_collector = not gc.isenabled()
    problem = window_problem(book_url)
    if problem is not None:  # no display, a missing library, a mistyped book: one sentence
        print(problem, file=sys.stderr)
        return 1
    logging.basicConfig(level=logging.INFO)
    app = make_application()
    excepthook.install()  # a bug is logged and shown, the window lives on
    i18n.install()
    url = book_url or book.default_book_path()
    try:
        url = book.book_location(url)
        # The first start: the book is made on purpose, in a dialog (Cancel makes nothing).
        if book.missing_book(url) is not None:
            from ui.dialogs.first_start import FirstStartDialog

            if not FirstStartDialog(url).exec():
                return 0
        book.open_book_or_refuse(url, create=False)
    except Exception as exc:
        why = escape(book.redact(str(exc), url), keep_lines=True)
        QMessageBox.critical(
            None, "Acerto", translate("Acerto", "The book could not be opened:") + f"\n{why}"
        )
        return 1
    remember_book(url)
    ctx = BookContext(url)
    window = MainWindow(ctx)
    window.collect_after_paint = held_collector
    window.show()
    result = int(app.exec())
    window.status_totals.wait()
    return result
