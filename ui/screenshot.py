"""`acerto screenshot DIR [--lang L]`: the main window and every dialog as PNG files.

Rendered offscreen over the given book as of today, or over a demo book
made in a temporary file as of the demo's date when the given one is empty
or does not exist (the given path is then left as it was: no file is
created there), for the docs and for review. Each dialog opens on the first
of several documents it accepts, so none is shown in an error state; one
that accepts none (a book with no order left to cancel) is not pictured and
is named in `errors`. The dialogs and what is typed into them:
ui/screenshot_dialogs.py.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.read import panes
from app.read.samples import screenshot_candidates, screenshot_picks
from app.services import book
from ui.screenshot_dialogs import _dialog_makers


def _app() -> Any:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.main import make_application

    return make_application()


def _demo_book(today: date, language: str = "en") -> str:
    """A demo book written in the window's language: its explanations and journal
    texts are stored in the book's language, so the pictures show one language."""
    from app.demo import make_demo

    folder = Path(tempfile.mkdtemp(prefix="acerto-screens-"))
    url = str(folder / "demo.sqlite")
    book.open_book(url)
    if language != "en":
        with book.transaction():
            book.set_setting("language", language)
    make_demo(customers=14, invoices=160, seed=7, today=today)
    _open_order(today)
    return url


def _open_order(today: date) -> None:
    """An order with nothing invoiced yet: what the cancel-order dialog opens on."""
    from app.services import orders
    from app.services.invoices import LineInput

    customer = panes.source_customer(screenshot_candidates()["open_payment"][0]) or "C0001"
    lines = [LineInput("Olive oil 5 l", Decimal(12), Decimal("18.40"))]
    orders.create_order(customer, today, lines)


def take_screenshots(
    book_url: str | None,
    out_dir: str,
    language: str | None = "en",
    today: date | None = None,
    errors: list[str] | None = None,
    inspect: Callable[[Any, str], None] | None = None,
) -> list[Path]:
    """Render the main window (at its default size) and every dialog to `out_dir`/window-*.png.

    `today`: the window's date; by default today on the user's book, the
    demo's date on a demo book. A dialog that no document of the book opens
    without an error is not pictured: `errors` receives "dialog: message".
    `inspect(widget, name)` sees each widget as it is pictured (the text-fit test).
    """
    app = _app()
    from PySide6.QtCore import QSettings

    from ui import i18n
    from ui.context import BookContext
    from ui.main import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="acerto-qs-")
    )
    language = i18n.install(language)
    url, demo_day = _book_to_show(book_url, today, language)
    when = today or demo_day or date.today()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = BookContext(url, today=when)
    window = MainWindow(ctx)
    window.show()
    candidates = screenshot_candidates()
    written: list[Path] = []
    suffix = "" if not language or language == "en" else f"-{language}"

    def save(widget: Any, name: str) -> None:
        window.status_totals.settle()  # read on a worker: the picture shows them
        for _ in range(3):
            app.processEvents()
        if inspect is not None:
            inspect(widget, name)
        path = out / f"window-{name}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path)

    _pane_shots(window, {k: (v[0] if v else None) for k, v in candidates.items()}, save)
    for name, kind, make in _dialog_makers(ctx, window, candidates, language):
        dlg = _working(make, candidates.get(kind) or [None])
        if dlg.error.text():  # never a picture of an error: said instead
            if errors is not None:
                errors.append(f"{name}: {dlg.error.text()}")
        else:
            _natural_size(dlg)
            dlg.show()
            save(dlg, name)
        dlg.close()
        dlg.deleteLater()
    picks = {**screenshot_picks(), **{k: (v[0] if v else None) for k, v in candidates.items()}}
    picks["invoices"] = candidates.get("invoice") or []
    from ui import documents  # issue 13: the Statements and Reminders dialogs

    for name, shot in (
        ("correction-chain", lambda: _chain_shots(ctx, window, picks, save)),
        ("order-change-quantity", lambda: _order_quantity_shot(ctx, window, picks, save)),
        ("first-start", lambda: _first_start_shot(window, save)),
        ("bank", lambda: _bank_shot(ctx, window, save)),
        ("documents", lambda: documents.screenshots(window, save)),
    ):
        try:  # a book whose documents a picture cannot use: said, and the others still taken
            shot()
        except UserError as exc:
            if errors is not None:
                errors.append(f"{name}: {exc}")
    window.close()
    return written


# A desktop of 1920x1080: Qt opens a dialog at its size hint, up to two thirds of the screen.
# (adjustSize would use the offscreen platform's 800x600 screen and squeeze the dialogs.)
DESKTOP_SHARE = (1280, 720)


def _natural_size(dlg: Any) -> None:
    """The size the dialog opens at on a desktop screen, whatever screen renders it."""
    hint = dlg.sizeHint().expandedTo(dlg.minimumSizeHint()).expandedTo(dlg.minimumSize())
    dlg.resize(
        max(min(hint.width(), DESKTOP_SHARE[0]), dlg.minimumWidth()),
        max(min(hint.height(), DESKTOP_SHARE[1]), dlg.minimumHeight()),
    )


def _order_quantity_shot(
    ctx: Any, window: Any, picks: dict[str, Any], save: Callable[[Any, str], None]
) -> None:
    """Issue 9: an order line's quantity lowered to what is invoiced of it, with the refund."""
    from ui.dialogs.order_change import COL_NEW_QTY, OrderChangeDialog
    from ui.widgets import cell

    if not picks.get("partial_order"):
        return
    dlg = OrderChangeDialog(ctx, window, order=picks["partial_order"])
    for r in range(dlg.current.rowCount()):
        invoiced, ordered = cell(dlg.current, r, 4).text(), cell(dlg.current, r, 3).text()
        if invoiced != ordered:
            cell(dlg.current, r, COL_NEW_QTY).setText(invoiced)
            break
    dlg.refresh()
    _natural_size(dlg)
    dlg.show()
    save(dlg, "order-change-quantity")
    dlg.close()
    dlg.deleteLater()


def _first_start_shot(window: Any, save: Callable[[Any, str], None]) -> None:
    """The first start's dialog, filled in, as it shows the default place (nothing is made:
    the dialog creates the book only when accepted)."""
    from ui.dialogs.first_start import FirstStartDialog

    dlg = FirstStartDialog(book.default_book_path(), window)
    dlg.company.setText("Conceição & Filhos, Lda")
    dlg.currency.setCurrentIndex(max(dlg.currency.findData("EUR"), 0))
    dlg.demo.setChecked(True)
    _natural_size(dlg)
    dlg.show()
    save(dlg, "first-start")
    dlg.close()
    dlg.deleteLater()


def _chain_shots(
    ctx: Any, window: Any, picks: dict[str, Any], save: Callable[[Any, str], None]
) -> None:
    """Issue 9: the correction chain linked both ways in the detail, and a kept
    correction draft reopened in its dialog (made in a transaction rolled back
    after the shot, so the book shown is left as it was)."""
    from decimal import Decimal

    from app.read import queries
    from app.services import corrections

    if picks.get("corrected_invoice"):
        window.tabs.setCurrentIndex(1)
        window.panes["invoices"].select(picks["corrected_invoice"])
        window.detail.show_document("invoices", picks["corrected_invoice"])
        window.detail.tabs.setCurrentIndex(0)
        save(window, "correction-chain")
    for invoice in picks.get("invoices") or [picks.get("invoice")]:
        if not invoice:
            continue
        on = max(ctx.today(), date.fromisoformat(queries.show_invoice(invoice)["date"]))
        with book.transaction() as txn:
            try:  # an invoice the rules will not correct (credited, say): the next one
                draft = corrections.correct(invoice, on, {1: Decimal(1)}, draft=True)
            except UserError:
                txn.rollback()
                continue
            _draft_shot(ctx, window, draft.number, save)
            txn.rollback()
        return


def _draft_shot(ctx: Any, window: Any, number: str, save: Callable[[Any, str], None]) -> None:
    """A kept correction draft reopened in its dialog."""
    from ui.dialogs.correction import CorrectionDialog

    dlg = CorrectionDialog(ctx, window, invoice=number)
    dlg.refresh()
    _natural_size(dlg)
    dlg.show()
    save(dlg, "correction-draft")
    dlg.close()
    dlg.deleteLater()


def _working(make: Callable[[Any], Any], documents: list[Any]) -> Any:
    """The dialog on the first document it accepts (no error), else on the last one tried."""
    dlg = None
    for number in documents:
        if dlg is not None:
            dlg.deleteLater()
        dlg = make(number)
        dlg.refresh()
        if not dlg.error.text():
            break
    return dlg


def _bank_shot(ctx: Any, window: Any, save: Callable[[Any, str], None]) -> None:
    """Issue 11: the Bank view over a statement paying a few open invoices, stored in
    a transaction rolled back after the shot (the book shown is left as it was)."""
    from app.read import bank as bank_read
    from app.services import bank
    from ui.dialogs.bank import BankDialog

    with book.transaction() as txn:
        if not bank_read.lines(unmatched=True):
            bank.store_statements([bank_read.sample_statement(ctx.today())], "statement.xml")
        dlg = BankDialog(ctx, window)
        dlg.show()
        save(dlg, "bank")
        dlg.close()
        dlg.deleteLater()
        txn.rollback()


def _book_to_show(
    book_url: str | None, today: date | None, language: str = "en"
) -> tuple[str, date | None]:
    """The given book, or a demo book when it is missing or empty (no new file is left
    behind); with the demo's date when it is the demo."""
    from app.demo import DEMO_TODAY

    demo_day = today or DEMO_TODAY
    url = book_url or book.default_book_path()
    path = book.book_file(url)
    if path is not None and (not os.path.exists(path) or os.path.getsize(path) == 0):
        return _demo_book(demo_day, language), demo_day
    book.open_book(url)
    return (_demo_book(demo_day, language), demo_day) if panes.is_empty() else (url, None)


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
