"""`acerto screenshot DIR`: the main window and every dialog as PNG files.

Rendered offscreen over the given book, or over a demo book made in a
temporary file when the given one is empty or does not exist (the given
path is then left as it was: no file is created there), for the docs and
for review.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.read import panes
from app.read.samples import screenshot_picks
from app.services import book


def _app() -> Any:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.main import make_application

    return make_application()


def _demo_book(today: date) -> str:
    from app.demo import make_demo

    folder = Path(tempfile.mkdtemp(prefix="acerto-screens-"))
    url = str(folder / "demo.sqlite")
    book.open_book(url)
    make_demo(customers=14, invoices=160, seed=7, today=today)
    return url


def take_screenshots(
    book_url: str | None, out_dir: str, language: str | None = "en", today: date | None = None
) -> list[Path]:
    """Render the main window and every dialog to `out_dir`/window-*.png."""
    app = _app()
    from PySide6.QtCore import QSettings

    from ui import i18n
    from ui.context import BookContext
    from ui.main import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="acerto-qs-")
    )
    i18n.install(language)
    try:
        from app.demo import DEMO_TODAY
    except ImportError:  # pragma: no cover
        DEMO_TODAY = date(2026, 3, 31)  # noqa: N806
    when = today or DEMO_TODAY
    url = _book_to_show(book_url, when)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = BookContext(url, today=when)
    window = MainWindow(ctx)
    window.resize(1480, 860)
    window.splitter.setSizes([990, 490])
    window.show()
    picks = screenshot_picks()
    written: list[Path] = []
    suffix = "" if not language or language == "en" else f"-{language}"

    def save(widget: Any, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        path = out / f"window-{name}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path)

    _pane_shots(window, picks, save)
    for name, make in _dialog_makers(ctx, window, picks):
        dlg = make()
        dlg.refresh()
        dlg.adjustSize()
        dlg.show()
        save(dlg, name)
        dlg.close()
        dlg.deleteLater()
    _first_start_shot(window, save)
    window.close()
    return written


def _first_start_shot(window: Any, save: Callable[[Any, str], None]) -> None:
    """The first start's dialog, filled in, as it shows the default place (nothing is made:
    the dialog creates the book only when accepted)."""
    from ui.dialogs.first_start import FirstStartDialog

    dlg = FirstStartDialog(book.default_book_path(), window)
    dlg.company.setText("Conceição & Filhos, Lda")
    dlg.currency.setCurrentIndex(max(dlg.currency.findData("EUR"), 0))
    dlg.demo.setChecked(True)
    dlg.adjustSize()
    dlg.show()
    save(dlg, "first-start")
    dlg.close()
    dlg.deleteLater()


def _book_to_show(book_url: str | None, when: date) -> str:
    """The given book, or a demo book when it is missing or empty (no new file is left behind)."""
    url = book_url or book.default_book_path()
    path = book.book_file(url)
    if path is not None and (not os.path.exists(path) or os.path.getsize(path) == 0):
        return _demo_book(when)
    book.open_book(url)
    return _demo_book(when) if panes.is_empty() else url


def _pane_shots(window: Any, picks: dict[str, Any], save: Callable[[Any, str], None]) -> None:
    """The main window on each pane, with a document that shows its detail."""
    if picks["settled_invoice"]:
        window.panes["invoices"].select(picks["settled_invoice"])
        window.detail.tabs.setCurrentIndex(1)
    save(window, "main")
    window.tabs.setCurrentIndex(2)
    if picks["paid_payment"]:
        window.panes["payments"].select(picks["paid_payment"])
    window.detail.tabs.setCurrentIndex(3)
    save(window, "payments")
    window.tabs.setCurrentIndex(0)
    if picks["partial_order"]:
        window.panes["orders"].select(picks["partial_order"])
    window.detail.tabs.setCurrentIndex(0)
    save(window, "orders")
    window.tabs.setCurrentIndex(1)


def _dialog_makers(
    ctx: Any, window: Any, picks: dict[str, Any]
) -> list[tuple[str, Callable[[], Any]]]:
    """Each dialog's name and how to open it filled in, over the book's chosen documents."""
    from ui.dialogs.order_change import CancelOrderDialog
    from ui.dialogs.settings import SettingsDialog
    from ui.dialogs.settle import SettleDialog
    from ui.dialogs.unsettle import UnsettleDialog

    filled = _FilledDialogs(ctx, window, picks)
    return [
        ("settle", lambda: SettleDialog(ctx, window, source=picks["open_payment"])),
        ("unsettle", lambda: UnsettleDialog(ctx, window, document=picks["paid_payment"])),
        ("credit-note", filled.credit_note),
        ("correction", filled.correction),
        ("invoice-order", filled.invoice_order),
        ("order-change", filled.order_change),
        ("cancel-order", lambda: CancelOrderDialog(ctx, window, order=picks["partial_order"])),
        ("customer", filled.customer),
        ("order", filled.order),
        ("invoice", filled.invoice),
        ("payment", filled.payment),
        ("settings", lambda: SettingsDialog(ctx, window)),
    ]


class _FilledDialogs:
    """Dialogs opened with typical input, as a bookkeeper would have typed it."""

    def __init__(self, ctx: Any, window: Any, picks: dict[str, Any]) -> None:
        self.ctx, self.window, self.picks = ctx, window, picks
        self.customer_code = _customer_of(picks["open_payment"]) or "C0001"

    def customer(self) -> Any:
        from ui.dialogs.customer import CustomerDialog

        d = CustomerDialog(self.ctx, self.window)
        d.code.setText("C9001")
        d.name.setText("Panificadora São João, Lda")
        d.terms.setText("2% 10, net 30")
        return d

    def order(self) -> Any:
        from ui.dialogs.order import OrderDialog

        d = OrderDialog(self.ctx, self.window, customer=self.customer_code)
        d.lines_table.set_row(0, "Olive oil 5 l", "12", "18.40")
        d.lines_table.set_row(1, "Delivery", "1", "25.00")
        d.discount.setText("10.00")
        return d

    def invoice(self) -> Any:
        from ui.dialogs.invoice import InvoiceDialog

        d = InvoiceDialog(self.ctx, self.window, customer=self.customer_code)
        d.lines_table.set_row(0, "Consulting hours", "8", "50.00")
        return d

    def payment(self) -> Any:
        from ui.dialogs.payment import PaymentDialog

        d = PaymentDialog(self.ctx, self.window, customer=self.customer_code)
        d.amount.setText("98.00")
        d.reference.setText("TRF 2026-0331")
        return d

    def invoice_order(self) -> Any:
        from ui.dialogs.invoice_order import InvoiceOrderDialog
        from ui.widgets import cell

        order = self.picks["open_order"] or self.picks["partial_order"]
        d = InvoiceOrderDialog(self.ctx, self.window, order=order)
        if d.table.rowCount():
            cell(d.table, 0, 4).setText("1")
        return d

    def credit_note(self) -> Any:
        from ui.dialogs.credit_note import CreditNoteDialog

        invoice = self.picks["settled_invoice"] or self.picks["invoice"]
        d = CreditNoteDialog(self.ctx, self.window, invoice=invoice)
        d.amount.setText("50.00")
        d.reason.setText("Returned goods")
        return d

    def correction(self) -> Any:
        from ui.dialogs.correction import CorrectionDialog
        from ui.widgets import cell

        d = CorrectionDialog(self.ctx, self.window, invoice=self.picks["invoice"])
        if d.table.rowCount():
            cell(d.table, 0, 4).setText("1")
        return d

    def order_change(self) -> Any:
        from ui.dialogs.order_change import OrderChangeDialog

        d = OrderChangeDialog(self.ctx, self.window, order=self.picks["partial_order"])
        d.discount.setText("5.00")
        return d


def _customer_of(number: str | None) -> str | None:
    return panes.source_customer(number) if number else None
