"""`acerto screenshot DIR [--lang L]`: the main window and every dialog as PNG files.

Rendered offscreen over the given book as of today, or over a demo book
made in a temporary file as of the demo's date when the given one is empty
or does not exist (the given path is then left as it was: no file is
created there), for the docs and for review. Each dialog opens on the first
of several documents it accepts, so none is shown in an error state; one
that accepts none (a book with no order left to cancel) is not pictured and
is named in `errors`.
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


def _dialog_makers(
    ctx: Any, window: Any, candidates: dict[str, list[str]], language: str
) -> list[tuple[str, str, Callable[[Any], Any]]]:
    """Each dialog's name, the kind of document it opens on, and how to open it filled in."""
    from ui.dialogs.order_change import CancelOrderDialog
    from ui.dialogs.settings import SettingsDialog
    from ui.dialogs.settle import SettleDialog
    from ui.dialogs.unsettle import UnsettleDialog

    first = {**screenshot_picks(), **{k: (v[0] if v else None) for k, v in candidates.items()}}
    filled = _FilledDialogs(ctx, window, first, language)
    return [
        ("settle", "open_payment", lambda n: SettleDialog(ctx, window, source=n)),
        ("settle-discount", "", lambda _n: filled.settle_discount()),
        ("settle-full-settlement", "", lambda _n: filled.settle_full_settlement()),
        ("unsettle", "paid_payment", lambda n: UnsettleDialog(ctx, window, document=n)),
        ("credit-note", "settled_invoice", filled.credit_note),
        ("correction", "invoice", filled.correction),
        ("invoice-order", "partial_order", filled.invoice_order),
        ("order-change", "partial_order", filled.order_change),
        ("cancel-order", "open_order", lambda n: CancelOrderDialog(ctx, window, order=n)),
        ("customer", "", lambda _n: filled.customer()),
        ("order", "", lambda _n: filled.order()),
        ("invoice", "", lambda _n: filled.invoice()),
        ("payment", "", lambda _n: filled.payment()),
        ("settings", "", lambda _n: SettingsDialog(ctx, window)),
        *[(name, "", _any(make)) for name, make in _money_out_makers(ctx, window, first)],
    ]


def _any(make: Callable[[], Any]) -> Callable[[Any], Any]:
    """A dialog that opens on no document of the book's choosing."""
    return lambda _n: make()


def _money_out_makers(
    ctx: Any, window: Any, picks: dict[str, Any]
) -> list[tuple[str, Callable[[], Any]]]:
    """Issue 9: refund, pay refund, bill / write off an unbilled item, a split payment."""
    from ui.dialogs.money_out import (
        BillUnbilledDialog,
        PayRefundDialog,
        RefundDialog,
        WriteOffUnbilledDialog,
    )

    def refund() -> Any:
        d = RefundDialog(ctx, window, customer=_customer_of(picks["open_payment"]))
        d.reason.setText("Overpaid; back by transfer")
        return d

    def payout() -> Any:
        d = PayRefundDialog(ctx, window)
        d.reference.setText("TRF OUT 2026-0331")
        return d

    return [
        ("refund", refund),
        ("pay-refund", payout),
        ("bill-unbilled", lambda: BillUnbilledDialog(ctx, window)),
        ("write-off-unbilled", lambda: WriteOffUnbilledDialog(ctx, window)),
        ("split-payment", lambda: _split_payment(ctx, window, picks)),
    ]


def _split_payment(ctx: Any, window: Any, picks: dict[str, Any]) -> Any:
    """A payment of more than the customer's open orders need, split over them."""
    from app.read.panes import money_out
    from ui import i18n
    from ui.dialogs.payment import SPLIT, PaymentDialog

    order = picks["partial_order"]
    customer = money_out.order_customer(order) if order else _customer_of(picks["open_payment"])
    d = PaymentDialog(ctx, window, customer=customer)
    needed = sum((n.need for n in d.split.needs), Decimal(0))
    d.amount.setText(i18n.money_input(needed + Decimal("50.00")))
    d.reference.setText("TRF 2026-0331 ORDERS")
    d.order.setCurrentIndex(max(d.order.findData(SPLIT), 0))
    d.propose()
    return d


# What a bookkeeper types into the dialogs, in the window's language.
_WORDS = {
    "en": {
        "company": "Hilltop Bakery Ltd",
        "oil": "Olive oil 5 l",
        "delivery": "Delivery",
        "hours": "Consulting hours",
        "returned": "Returned goods",
    },
    "pt_BR": {
        "company": "Panificadora São João Ltda",
        "oil": "Azeite 5 l",
        "delivery": "Frete",
        "hours": "Horas de consultoria",
        "returned": "Mercadoria devolvida",
    },
    "es": {
        "company": "Panadería Peña S.L.",
        "oil": "Aceite de oliva 5 l",
        "delivery": "Transporte",
        "hours": "Horas de consultoría",
        "returned": "Mercancía devuelta",
    },
}


class _FilledDialogs:
    """Dialogs opened with typical input, as a bookkeeper would have typed it."""

    def __init__(self, ctx: Any, window: Any, picks: dict[str, Any], language: str = "en") -> None:
        self.ctx, self.window, self.picks = ctx, window, picks
        self.words = _WORDS.get(language, _WORDS["en"])
        self.customer_code = _customer_of(picks["open_payment"]) or "C0001"

    def customer(self) -> Any:
        from ui.dialogs.customer import CustomerDialog

        d = CustomerDialog(self.ctx, self.window)
        d.code.setText("C9001")
        d.name.setText(self.words["company"])
        d.terms.setText("2% 10, net 30")
        return d

    def order(self) -> Any:
        from ui.dialogs.order import OrderDialog

        d = OrderDialog(self.ctx, self.window, customer=self.customer_code)
        d.lines_table.set_row(0, self.words["oil"], "12", _typed("18.40"))
        d.lines_table.set_row(1, self.words["delivery"], "1", _typed("25"))
        d.discount.setText(_typed("10"))
        return d

    def invoice(self) -> Any:
        from ui.dialogs.invoice import InvoiceDialog

        d = InvoiceDialog(self.ctx, self.window, customer=self.customer_code)
        d.lines_table.set_row(0, self.words["hours"], "8", _typed("50"))
        return d

    def payment(self) -> Any:
        from ui.dialogs.payment import PaymentDialog

        d = PaymentDialog(self.ctx, self.window, customer=self.customer_code)
        d.amount.setText(_typed("98"))
        d.reference.setText("TRF 2026-0331")
        return d

    def invoice_order(self, order: str | None) -> Any:
        from ui.dialogs.invoice_order import InvoiceOrderDialog
        from ui.widgets import cell

        d = InvoiceOrderDialog(self.ctx, self.window, order=order)
        if d.table.rowCount():
            cell(d.table, 0, 4).setText("1")
        return d

    def credit_note(self, invoice: str | None) -> Any:
        from ui.dialogs.credit_note import CreditNoteDialog

        d = CreditNoteDialog(self.ctx, self.window, invoice=invoice or self.picks["invoice"])
        d.amount.setText(_typed("50"))
        d.reason.setText(self.words["returned"])
        return d

    def correction(self, invoice: str | None) -> Any:
        from ui.dialogs.correction import COL_NEW, COL_ORIG, CorrectionDialog
        from ui.widgets import cell

        d = CorrectionDialog(self.ctx, self.window, invoice=invoice)
        if d.table.rowCount():  # one unit fewer on the first line (or one more of a single unit)
            was = Decimal(cell(d.table, 0, COL_ORIG).text().replace(",", "."))
            cell(d.table, 0, COL_NEW).setText(i18n_quantity(was - 1 if was > 1 else was + 1))
        return d

    def settle_discount(self) -> Any:
        """The discount cell typed by the bookkeeper: half of what the rules allow."""
        from ui import i18n
        from ui.dialogs.settle import COL_DISCOUNT, SettleDialog
        from ui.widgets import cell

        source = self.picks["discount_payment"] or self.picks["open_payment"]
        d = SettleDialog(self.ctx, self.window, source=source)
        d.refresh()
        apps = d.preview.applications if d.preview else ()
        app = next((a for a in apps if a.allowed > 0), apps[0] if apps else None)
        if app is not None:
            row = d.invoice_numbers().index(app.invoice)
            cur = book.currency()
            cell(d.table, row, COL_DISCOUNT).setText(i18n.money_input(cur.round(app.allowed / 2)))
        return d

    def settle_full_settlement(self) -> Any:
        """The full-settlement tick on the invoice the money leaves partly open."""
        from PySide6.QtCore import Qt

        from ui.dialogs.settle import COL_FULL, SettleDialog
        from ui.widgets import cell

        d = SettleDialog(self.ctx, self.window, source=self.picks["open_payment"])
        d.refresh()
        apps = d.preview.applications if d.preview else ()
        partly = [a for a in apps if a.balance_after > 0]
        if partly:
            row = d.invoice_numbers().index(partly[-1].invoice)
            cell(d.table, row, COL_FULL).setCheckState(Qt.CheckState.Checked)
        return d

    def order_change(self, order: str | None) -> Any:
        from ui.dialogs.order_change import OrderChangeDialog

        d = OrderChangeDialog(self.ctx, self.window, order=order)
        d.discount.setText(_typed("5"))
        return d


def _customer_of(number: str | None) -> str | None:
    return panes.source_customer(number) if number else None


def _typed(amount: str) -> str:
    """An amount as the user types it in the window's language, with the book currency's decimals."""
    from ui import i18n

    return i18n.money_input(book.currency().round(Decimal(amount)))


def i18n_quantity(value: Decimal) -> str:
    from app.rules.money import fmt_qty
    from ui import i18n

    return i18n.quantity(fmt_qty(value))
