"""Window actions for what the customer receives (issue 13): invoice, statement, reminders.

"Invoice PDF…" / "Print invoice…" act on the invoice selected in the
Invoices pane; the Statements dialog on the chosen customer (or every
customer with a balance, one file each, into a folder); the Reminders
dialog previews who gets which level and why, then writes the letters and
records the levels through the posting seam. Files are the jobs of
`reports/customer_jobs.py`, the ones the command line runs; long batches
run off the GUI thread with progress and cancel (`ui/workers.py`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import book
from ui import i18n
from ui.i18n import translate
from ui.messages import show_refusal
from ui.ops import run_op
from ui.startup import lazy_module
from ui.widgets import CustomerBox, DateEdit
from ui.workers import IsCancelled, Progress, run_in_background

if TYPE_CHECKING:
    from app.services import dunning
    from reports import customer_jobs
else:  # reportlab and xlsxwriter load when a document is first written, not at start
    customer_jobs = lazy_module("reports.customer_jobs")

if TYPE_CHECKING:
    from ui.main import MainWindow

PDF_FILTER = "PDF (*.pdf)"


def build_actions(w: MainWindow) -> None:
    a = w._action
    a("pdf_invoice", translate("Acerto", "&Invoice PDF…"), lambda: invoice_pdf(w), "Ctrl+Alt+I")
    a("print_invoice", translate("Acerto", "&Print invoice…"), lambda: print_invoice(w), "Ctrl+P")
    a(
        "statements",
        translate("Acerto", "S&tatements of account…"),
        lambda: StatementsDialog(w).exec(),
        "Ctrl+Alt+S",
    )
    a(
        "reminders",
        translate("Acerto", "Payment &reminders…"),
        lambda: RemindersDialog(w).exec(),
        "Ctrl+Alt+M",
    )


MENU = ("pdf_invoice", "print_invoice", "statements", "reminders")


def print_pdf(parent: QWidget, path: str, title: str) -> bool:
    """ui.printing.print_pdf, loaded on the first print (QtPrintSupport is not needed to
    build the menus at the window's start)."""
    from ui.printing import print_pdf as ask_and_print

    return ask_and_print(parent, path, title)


def _selected_invoice(window: MainWindow, title: str) -> str | None:
    """The invoice selected in the Invoices pane (checked to print), else one asked for."""
    row = window.panes["invoices"].current_row()
    number = getattr(row, "number", "") if row is not None else ""
    if not number:
        number, ok = QInputDialog.getText(window, title, translate("Acerto", "Invoice number:"))
        if not ok:
            return None
    number = number.strip()
    from app.read.invoice_data import invoice_data  # the report data, not loaded at start

    try:
        with book.reading():
            invoice_data(number)  # a credit or a draft is said before a file is asked for
    except UserError as exc:
        show_refusal(window, str(exc), title)
        return None
    return number


def _save_path(parent: QWidget, title: str, name: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), PDF_FILTER)
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


def _write(
    parent: QWidget, title: str, path: str, write: Callable[[str], Any], then: Callable[[str], Any]
) -> None:
    """`write(path)` off the GUI thread, then `then(path)` on it."""

    def work() -> str:
        write(path)
        return path

    run_in_background(parent, title, work, then)


def invoice_pdf(window: MainWindow) -> None:
    title = translate("Acerto", "Invoice PDF")
    number = _selected_invoice(window, title)
    if number is None:
        return
    path = _save_path(window, title, f"{number}.pdf")
    if path:
        write = partial(customer_jobs.invoice_pdf, number=number)
        _write(window, title, path, write, window.offer_to_open)


def _print_later(parent: QWidget, title: str) -> Any:
    """`on_done(path)` that opens the print dialog for the PDF a job wrote."""

    def done(path: str) -> None:
        try:
            print_pdf(parent, path, title)
        except UserError as exc:
            show_refusal(parent, str(exc), title)

    return done


def _scratch(name: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix="acerto-print-"))
    return str(folder / customer_jobs.pdf_name(name))


def print_invoice(window: MainWindow) -> None:
    title = translate("Acerto", "Print invoice")
    number = _selected_invoice(window, title)
    if number is None:
        return
    write = partial(customer_jobs.invoice_pdf, number=number)
    _write(window, title, _scratch(number), write, _print_later(window, title))


class StatementsDialog(QDialog):
    """Statements of account: one customer (save or print) or every customer into a folder."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(translate("Acerto", "Statements of account"))
        today = window.ctx.today()
        self.date_from = DateEdit(date(today.year, 1, 1), self)
        self.date_to = DateEdit(today, self)
        self.customer = CustomerBox(self, allow_all=True)
        self.customer.set_code(window.customer.code() or "")
        form = QFormLayout(self)
        form.addRow(translate("Acerto", "&From:"), self.date_from)
        form.addRow(translate("Acerto", "&To:"), self.date_to)
        form.addRow(translate("Acerto", "&Customer (empty: all with a balance):"), self.customer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save = buttons.addButton(
            translate("Acerto", "&Save PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_ = buttons.addButton(
            translate("Acerto", "&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save.clicked.connect(self.save_pdf)
        self.print_.clicked.connect(self.print_pdf)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.customer.currentIndexChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        self.print_.setEnabled(bool(self.customer.code()))

    def period(self) -> tuple[date, date]:
        return self.date_from.value(), self.date_to.value()

    def save_pdf(self) -> None:
        title = self.windowTitle()
        start, end = self.period()
        code = self.customer.code()
        if not code:
            folder = QFileDialog.getExistingDirectory(self, title, str(Path.home()))
            if folder:
                self.save_all(folder)
            return
        path = _save_path(self, title, f"statement-{code}-{end.isoformat()}.pdf")
        if path:
            _write(self, title, path, self._writer(code), self.window_.offer_to_open)

    def _writer(self, code: str) -> Callable[[str], Any]:
        start, end = self.period()
        return lambda path: customer_jobs.statement_pdf(path, code, start, end)

    def save_all(self, folder: str) -> Any:
        start, end = self.period()

        def work(progress: Progress, cancelled: IsCancelled) -> str:
            written = customer_jobs.statement_pdfs(
                folder, start, end, progress=progress, cancelled=cancelled
            )
            return translate("Acerto", "{n} statements written to {folder}.").format(
                n=len(written), folder=folder
            )

        return run_in_background(self, self.windowTitle(), work, self._said)

    def _said(self, text: str) -> None:
        self.window_.statusBar().showMessage(text, 10000)

    def print_pdf(self) -> None:
        code = self.customer.code()
        if not code:
            return
        title = self.windowTitle()
        path = _scratch(f"statement-{code}")
        _write(self, title, path, self._writer(code), _print_later(self, title))


def _columns() -> list[str]:
    return [
        translate("Acerto", "Customer"),
        translate("Acerto", "Name"),
        translate("Acerto", "Level"),
        translate("Acerto", "Owed"),
        translate("Acerto", "Credit taken"),
        translate("Acerto", "Invoices"),
    ]


class RemindersDialog(QDialog):
    """Who gets which reminder level on a date, and why; then the letters, recorded."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(translate("Acerto", "Payment reminders"))
        self.setMinimumSize(760, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.as_of = DateEdit(window.ctx.today(), self)
        self.as_of.setMaximumDate(self.as_of.date())  # reminders are never recorded ahead
        form.addRow(translate("Acerto", "&As of:"), self.as_of)
        layout.addLayout(form)
        columns = _columns()
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.send = QPushButton(translate("Acerto", "&Write letters and record…"), self)
        buttons.addButton(self.send, QDialogButtonBox.ButtonRole.ActionRole)
        self.send.clicked.connect(self.write_letters)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.as_of.dateChanged.connect(lambda _d: self.preview())
        self.run: dunning.DunningRun | None = None
        self.preview()

    def preview(self) -> None:
        """Fill the table from the plan of the chosen date; nothing is written."""
        try:
            from app.services import dunning  # lazy: the window's start builds this menu

            with book.reading():
                self.run = dunning.plan_run(self.as_of.value())
        except UserError as exc:
            self.run = None
            self.note.setText(str(exc))
            self.table.setRowCount(0)
            return
        run = self.run
        f = i18n.money  # the interface's language, as every pane shows amounts
        rows: list[tuple[str, ...]] = []
        # The row headers count customers: a continuation row (the customer's next
        # invoice) belongs to the row above and carries no number of its own.
        labels: list[str] = []
        for k, c in enumerate(run.customers, start=1):  # a row an invoice, figures on the first
            rem = c.reminder
            first = (c.code, c.name, str(rem.level), f(rem.owed), f(rem.credit))
            for n, i in enumerate(rem.invoices):
                invoice = translate("Acerto", "{number}: level {level}, {owed}").format(
                    number=i.number, level=i.level, owed=f(i.owed)
                )
                rows.append((*(first if n == 0 else ("",) * 5), invoice))
                labels.append(str(k) if n == 0 else "")
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels(labels)
        for r, cells in enumerate(rows):
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 3, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        note = translate("Acerto", "{n} customers get a reminder.").format(n=len(run.customers))
        if run.excluded:
            note += " " + translate("Acerto", "Excluded: {codes}.").format(
                codes=", ".join(run.excluded)
            )
        self.note.setText(note)
        self.send.setEnabled(bool(run.customers))

    def write_letters(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.windowTitle(), str(Path.home()))
        if folder:
            self.write_to(folder)

    def write_to(self, folder: str) -> None:
        as_of = self.as_of.value()

        def work(progress: Progress, cancelled: IsCancelled) -> str:
            _run, written = customer_jobs.dunning_run(
                as_of, folder, record=True, progress=progress, cancelled=cancelled
            )
            return translate("Acerto", "{n} reminder letters written to {folder}.").format(
                n=len(written), folder=folder
            )

        def done(text: str) -> None:
            self.preview()  # what is left to remind: nothing more on the same day
            self.note.setText(text)

        run_op(self, work, success=done, long=True, title=self.windowTitle())


def screenshots(window: MainWindow, save: Any) -> None:
    """The Statements dialog on a customer and the Reminders dialog's preview (`screenshot`)."""
    statements = StatementsDialog(window)
    if not statements.customer.code():
        statements.customer.setCurrentIndex(min(1, statements.customer.count() - 1))
    reminders = RemindersDialog(window)
    for name, dlg in (("statements", statements), ("reminders", reminders)):
        dlg.adjustSize()
        dlg.show()
        save(dlg, name)
        dlg.close()
        dlg.deleteLater()
