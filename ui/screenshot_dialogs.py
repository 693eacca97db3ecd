"""The dialogs `acerto screenshot` pictures (ui/screenshot.py), each opened
filled in: the document it opens on, and what a bookkeeper would have typed
into it, in the window's language (customer, order, invoice, payment,
settle with a discount or a full settlement, credit note, correction, the
money-out dialogs, a split payment).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from app.read import panes
from app.read.samples import screenshot_picks
from app.services import book


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
