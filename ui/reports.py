"""Window actions that write or read files: reports, exchange workbook, demo.

Each asks for its file, runs the work with `workers.run_in_background`
(off the GUI thread, cancellable), then offers to open what it wrote. The
report writers live in reports/ and app/; they are looked up when used so
the window still opens when one of them is missing.
"""

from __future__ import annotations

import importlib
from datetime import datetime
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

from app import book
from app.errors import UserError
from ui.i18n import translate
from ui.widgets import CustomerBox, DateEdit
from ui.workers import Cancelled, run_in_background

if TYPE_CHECKING:
    from ui.main import MainWindow


def _writer(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise UserError(
            translate(
                "Acerto", "This report is not available in this version of Acerto ({what})."
            ).format(what=f"{module}.{name}")
        ) from exc


def _save_path(parent: QWidget, title: str, name: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), filters)
    return path


def _warn(parent: QWidget, title: str, exc: Exception) -> None:
    QMessageBox.warning(parent, title, str(exc))


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
        compute = _writer("app.aging", "compute_aging")
        write = _writer("reports.aging_xlsx", "write_aging")
        limits = book.aging_buckets(options.buckets.text())
    except UserError as exc:
        _warn(window, title, exc)
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
    company, url = book.setting("company_name"), window.ctx.url

    def work(progress: Any, cancelled: Any) -> str:
        report = compute(as_of, basis, limits)
        if cancelled():
            raise Cancelled
        write(path, report, generated_at=datetime.now(), book_label=url, company=company)
        return path

    run_in_background(window, title, work, window.offer_to_open)


def credit_note_pdf(window: MainWindow) -> None:
    title = translate("Acerto", "Credit note PDF")
    pane = window.panes["invoices"]
    row = pane.current_row()
    number = row.number if row is not None and getattr(row, "kind", "") == "credit_note" else ""
    if not number:
        number, ok = QInputDialog.getText(window, title, translate("Acerto", "Credit note number:"))
        if not ok or not number.strip():
            return
    try:
        data_of = _writer("app.report_data", "credit_note_data")
        write = _writer("reports.credit_note_pdf", "write_credit_note")
        data = data_of(number.strip())
    except UserError as exc:
        _warn(window, title, exc)
        return
    path = _save_path(
        window, title, f"{number.strip()}.pdf", translate("Acerto", "PDF files (*.pdf)")
    )
    if not path:
        return

    def work(progress: Any, cancelled: Any) -> str:
        write(path, data)
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


def _settlement_writer() -> Any:
    for module, name in (
        ("reports.settlement_pdf", "write_settlement_report"),
        ("reports.settlement_report_pdf", "write_settlement_report"),
        ("reports.settlement_pdf", "write_settlement"),
    ):
        try:
            return _writer(module, name)
        except UserError:
            continue
    return _writer("reports.settlement_pdf", "write_settlement_report")


def settlement_pdf(window: MainWindow) -> None:
    title = translate("Acerto", "Settlement report PDF")
    options = SettlementOptions(window)
    if not options.exec():
        return
    try:
        data_of = _writer("app.report_data", "settlement_report")
        write = _settlement_writer()
    except UserError as exc:
        _warn(window, title, exc)
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

    def work(progress: Any, cancelled: Any) -> str:
        data = data_of(d1, d2, code)
        if cancelled():
            raise Cancelled
        write(path, data)
        return path

    run_in_background(window, title, work, window.offer_to_open)


# ---------------------------------------------------------------- exchange and demo


def export_workbook(window: MainWindow) -> None:
    title = translate("Acerto", "Export workbook")
    try:
        write = _writer("reports.exchange_xlsx", "write_exchange")
    except UserError as exc:
        _warn(window, title, exc)
        return
    path = _save_path(
        window, title, "acerto-export.xlsx", translate("Acerto", "Excel workbooks (*.xlsx)")
    )
    if not path:
        return
    cur = book.currency()

    def work(progress: Any, cancelled: Any) -> str:
        write(path, cur)
        return path

    run_in_background(window, title, work, window.offer_to_open)


def import_workbook(window: MainWindow) -> None:
    title = translate("Acerto", "Import workbook")
    try:
        source_cls = _writer("reports.exchange_xlsx", "ExchangeSource")
        import_book = _writer("app.exchange", "import_book")
    except UserError as exc:
        _warn(window, title, exc)
        return
    path, _ = QFileDialog.getOpenFileName(
        window, title, str(Path.home()), translate("Acerto", "Excel workbooks (*.xlsx)")
    )
    if not path:
        return

    def work(progress: Any, cancelled: Any) -> list[str]:
        with source_cls(path) as source:
            checked = import_book(
                source, dry_run=True
            )  # every cell checked before anything is written
            if cancelled():
                raise Cancelled
            result = import_book(source, dry_run=False) if checked is not None else None
        return list(result.summary()) if result is not None else []

    def done(lines: list[str]) -> None:
        window.ctx.notify()
        QMessageBox.information(
            window, title, "\n".join(lines) or translate("Acerto", "Nothing to import.")
        )

    run_in_background(window, title, work, done)


def demo_data(window: MainWindow) -> None:
    title = translate("Acerto", "Demo data")
    try:
        make_demo = _writer("app.demo", "make_demo")
    except UserError as exc:
        _warn(window, title, exc)
        return
    n, ok = QInputDialog.getInt(
        window, title, translate("Acerto", "How many invoices?"), 500, 0, 2_000_000, 100
    )
    if not ok:
        return
    today = window.ctx.today()

    def work(progress: Any, cancelled: Any) -> Any:
        return make_demo(
            customers=max(5, min(n // 25, 2000)),
            invoices=n,
            seed=1,
            today=today,
            progress=progress,
            cancelled=cancelled,
        )

    run_in_background(window, title, work, lambda _r: window.ctx.notify())


__all__ = [
    "aging",
    "credit_note_pdf",
    "demo_data",
    "export_workbook",
    "import_workbook",
    "settlement_pdf",
]
