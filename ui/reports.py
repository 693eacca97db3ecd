"""Window actions that write or read files: reports, exchange workbook, demo.

Each asks for its file, then runs the same report job as the command line
(`reports/jobs.py`, which `app/cli/reports.py` calls too) with
`workers.run_in_background` (off the GUI thread, cancellable), then offers
to open what it wrote. Import and demo data write to the book, so they go
through the posting seam, `ui.ops.run_op(long=True)`: "book changed"
refreshes the window, a refusal is shown by the one message helper.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from app.demo import make_demo
from app.errors import UserError
from app.read.corrective_data import printable_credit
from app.services import book
from reports import jobs
from reports.exchange_xlsx import import_exchange, write_exchange
from ui.i18n import translate
from ui.messages import show_refusal
from ui.ops import run_op
from ui.widgets import CustomerBox, DateEdit
from ui.workers import IsCancelled, Progress, run_in_background

if TYPE_CHECKING:
    from ui.main import MainWindow


def _save_path(parent: QWidget, title: str, name: str, filters: str) -> str:
    """Ask for the file to write; the report's extension is added when left off."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), filters)
    if path and not path.lower().endswith(Path(name).suffix):
        path += Path(name).suffix
    return path


# ---------------------------------------------------------------- reports


class AgingOptions(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(translate("Acerto", "Aging workbook"))
        s = book.settings()
        self.as_of = DateEdit(window.ctx.today(), self)
        self.basis = QComboBox(self)
        self.basis.addItem(translate("Acerto", "Due date"), "due")
        self.basis.addItem(translate("Acerto", "Invoice date"), "invoice")
        self.basis.setCurrentIndex(max(self.basis.findData(s["aging_basis"]), 0))
        self.buckets = QLineEdit(s["aging_buckets"], self)
        form = QFormLayout(self)
        form.addRow(translate("Acerto", "&As of:"), self.as_of)
        form.addRow(translate("Acerto", "&Basis:"), self.basis)
        form.addRow(translate("Acerto", "B&uckets (days):"), self.buckets)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def aging(window: MainWindow) -> None:
    title = translate("Acerto", "Aging workbook")
    options = AgingOptions(window)
    if not options.exec():
        return
    try:
        limits = book.aging_buckets(options.buckets.text())
    except UserError as exc:
        show_refusal(window, str(exc), title)
        return
    as_of, basis = options.as_of.value(), str(options.basis.currentData())
    path = _save_path(
        window,
        title,
        f"aging-{as_of.isoformat()}.xlsx",
        translate("Acerto", "Excel workbooks (*.xlsx)"),
    )
    if not path:
        return
    url = window.ctx.url

    def work(progress: Progress, cancelled: IsCancelled) -> str:
        jobs.aging_workbook(
            path, as_of, basis, limits, book_url=url, progress=progress, cancelled=cancelled
        )
        return path

    run_in_background(window, title, work, window.offer_to_open)


def credit_note_pdf(window: MainWindow) -> None:
    title = translate("Acerto", "Credit note PDF")
    row = window.panes["invoices"].current_row()
    credits = ("credit_note", "corrective")  # a corrective invoice prints as one (reports.jobs)
    number = row.number if row is not None and getattr(row, "kind", "") in credits else ""
    if not number:
        number, ok = QInputDialog.getText(window, title, translate("Acerto", "Credit note number:"))
        if not ok or not number.strip():
            return
    number = number.strip()
    try:
        printable_credit(number)  # a wrong number is said before the file is asked for
    except UserError as exc:
        show_refusal(window, str(exc), title)
        return
    path = _save_path(window, title, f"{number}.pdf", translate("Acerto", "PDF files (*.pdf)"))
    if not path:
        return

    def work() -> str:
        jobs.credit_note_pdf(path, number)
        return path

    run_in_background(window, title, work, window.offer_to_open)


class SettlementOptions(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(translate("Acerto", "Settlement report"))
        today = window.ctx.today()
        self.date_from = DateEdit(today.replace(day=1), self)
        self.date_to = DateEdit(today, self)
        self.customer = CustomerBox(self, allow_all=True)
        self.customer.set_code(window.customer.code() or "")
        form = QFormLayout(self)
        form.addRow(translate("Acerto", "&From:"), self.date_from)
        form.addRow(translate("Acerto", "&To:"), self.date_to)
        form.addRow(translate("Acerto", "&Customer:"), self.customer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def settlement_pdf(window: MainWindow) -> None:
    title = translate("Acerto", "Settlement report PDF")
    options = SettlementOptions(window)
    if not options.exec():
        return
    d1, d2, code = (
        options.date_from.value(),
        options.date_to.value(),
        options.customer.code() or None,
    )
    path = _save_path(
        window,
        title,
        f"settlements-{d1.isoformat()}-{d2.isoformat()}.pdf",
        translate("Acerto", "PDF files (*.pdf)"),
    )
    if not path:
        return

    def work(cancelled: IsCancelled) -> str:
        jobs.settlement_pdf(path, d1, d2, code, cancelled=cancelled)
        return path

    run_in_background(window, title, work, window.offer_to_open)


# ---------------------------------------------------------------- exchange and demo


def export_workbook(window: MainWindow) -> None:
    title = translate("Acerto", "Export workbook")
    path = _save_path(
        window, title, "acerto-export.xlsx", translate("Acerto", "Excel workbooks (*.xlsx)")
    )
    if not path:
        return
    cur = book.currency()

    def work(progress: Progress, cancelled: IsCancelled) -> str:
        jobs.write_new(
            path, lambda: write_exchange(path, cur, progress=progress, cancelled=cancelled)
        )
        return path

    run_in_background(window, title, work, window.offer_to_open)


def import_workbook(window: MainWindow) -> None:
    title = translate("Acerto", "Import workbook")
    path, _ = QFileDialog.getOpenFileName(
        window, title, str(Path.home()), translate("Acerto", "Excel workbooks (*.xlsx)")
    )
    if not path:
        return

    def work(progress: Progress, cancelled: IsCancelled) -> list[str]:
        # every cell is checked before anything is written, all in one transaction
        result = import_exchange(path, progress=progress, cancelled=cancelled)
        return list(result.summary())

    def done(lines: list[str]) -> None:
        QMessageBox.information(
            window, title, "\n".join(lines) or translate("Acerto", "Nothing to import.")
        )

    run_op(window, work, success=done, long=True, title=title)


def demo_data(window: MainWindow) -> None:
    title = translate("Acerto", "Demo data")
    n, ok = QInputDialog.getInt(
        window, title, translate("Acerto", "How many invoices?"), 500, 0, 2_000_000, 100
    )
    if not ok:
        return
    today = window.ctx.today()

    def work(progress: Progress, cancelled: IsCancelled) -> Any:
        return make_demo(
            customers=max(5, min(n // 25, 2000)),
            invoices=n,
            seed=1,
            today=today,
            progress=progress,
            cancelled=cancelled,
        )

    def done(summary: Any) -> None:
        window.statusBar().showMessage(
            translate("Acerto", "Demo data written: {n} invoices.").format(n=summary.invoices),
            8000,
        )

    run_op(window, work, success=done, long=True, title=title)


__all__ = [
    "aging",
    "credit_note_pdf",
    "demo_data",
    "export_workbook",
    "import_workbook",
    "settlement_pdf",
]
