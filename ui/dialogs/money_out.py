"""Money going back out (issue 9, item 7): refund a customer's credit, pay a
refund out, bill or write off an unbilled item.

Each dialog lists what it can act on (optionally for one customer), shows
the preview app/ computes (the posting service run and rolled back: the
amount, the journal lines, a sentence), and OK calls the same service.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLineEdit, QTableWidget, QWidget

from app.errors import UserError
from app.read import panes
from app.read.panes import money_out
from app.services import corrections, payouts, refunds
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import (
    PostingDialog,
    fill,
    journal_and_explanation,
    journal_rows,
    readonly_table,
)
from ui.dialogs.documents import totals_grid
from ui.i18n import translate
from ui.widgets import CustomerBox, DateEdit, MoneyEdit


class _MoneyOutDialog(PostingDialog):
    """A list to choose from, a date, and the preview of what posting would write.

    The class-level texts are marked for lupdate and translated where shown."""

    headers: tuple[str, ...] = ()
    pick_label = "&Choose:"
    nothing = "There is nothing to choose."

    def __init__(
        self,
        ctx: BookContext,
        title: str,
        parent: QWidget | None,
        customer: str | None,
        select: str | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self.setMinimumSize(760, 540)
        self.customer = CustomerBox(self, allow_all=True)
        self.customer.set_code(customer)
        self.list: QTableWidget = readonly_table(
            [translate("Acerto", h) for h in self.headers], self
        )
        self.list.setMinimumHeight(150)
        self.date = DateEdit(ctx.today(), self)
        self.form.addRow(translate("Acerto", "&Customer:"), self.customer)
        self.form.addRow(translate("Acerto", self.pick_label), self.list)
        self.form.addRow(translate("Acerto", "&Date:"), self.date)
        self.keys: list[Any] = []
        self._select = select
        self.extra_fields()
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(box, ["Amount"])
        lay.addLayout(grid)
        self.journal, self.explanation = journal_and_explanation(box, lay, 80)
        self.customer.customerChanged.connect(self._reload)
        self.list.itemSelectionChanged.connect(self.refresh)
        self.date.dateChanged.connect(self.refresh)
        self._reload()
        self.finish_layout()

    def extra_fields(self) -> None:
        """Form rows after the date (an amount, a reference)."""

    def rows(self, customer: str | None) -> list[tuple[Any, list[str]]]:  # pragma: no cover
        raise NotImplementedError

    def _reload(self, *_: Any) -> None:
        rows = self.rows(self.customer.code() or None)
        self.keys = [key for key, _ in rows]
        self.list.blockSignals(True)
        fill(self.list, [cells for _, cells in rows], right={len(self.headers) - 1})
        if self.keys:
            wanted = self.keys.index(self._select) if self._select in self.keys else 0
            self.list.selectRow(wanted)
        self.list.blockSignals(False)
        self.refresh()

    def chosen(self) -> Any:
        row = self.list.currentRow()
        if not self.keys:
            raise UserError(translate("Acerto", self.nothing))
        if not 0 <= row < len(self.keys):
            raise UserError(translate("Acerto", "Choose a row of the list."))
        return self.keys[row]

    def compute(self) -> None:
        self.figures["Amount"].setText("—")
        fill(self.journal, [])
        self.explanation.setPlainText("")
        p = self.preview()
        self.figures["Amount"].setText(i18n.money(p.amount))
        fill(self.journal, journal_rows(p.journal), right={1, 2})
        self.explanation.setPlainText(p.explanation)

    def preview(self) -> money_out.Posting:  # pragma: no cover - overridden
        raise NotImplementedError


class RefundDialog(_MoneyOutDialog):
    """Refund a customer's unapplied credit (a payment or a credit note)."""

    ok_text = QT_TRANSLATE_NOOP("Acerto", "Refund")
    pick_label = QT_TRANSLATE_NOOP("Acerto", "Credit to &refund:")
    nothing = QT_TRANSLATE_NOOP("Acerto", "This customer has no credit left to refund.")
    headers = (
        QT_TRANSLATE_NOOP("Acerto", "Document"),
        QT_TRANSLATE_NOOP("Acerto", "Kind"),
        QT_TRANSLATE_NOOP("Acerto", "Date"),
        QT_TRANSLATE_NOOP("Acerto", "Credit left"),
    )

    def __init__(
        self,
        ctx: BookContext,
        parent: QWidget | None = None,
        customer: str | None = None,
        source: str | None = None,
    ) -> None:
        title = translate("Acerto", "Refund customer credit")
        super().__init__(ctx, title, parent, customer, source)

    def extra_fields(self) -> None:
        self.amount = MoneyEdit(self)
        self.amount.setPlaceholderText(translate("Acerto", "all the credit left"))
        self.reason = QLineEdit(self)
        self.form.addRow(translate("Acerto", "&Amount:"), self.amount)
        self.form.addRow(translate("Acerto", "&Reason:"), self.reason)
        self.amount.textChanged.connect(self.refresh)

    def rows(self, customer: str | None) -> list[tuple[Any, list[str]]]:
        return [
            (s.number, [s.number, i18n.word(s.kind), i18n.day(s.date), i18n.money(s.balance)])
            for s in panes.credit_sources(customer)
            if s.balance > 0
        ]

    def _amount(self) -> Decimal | None:
        text = self.amount.text().strip()
        if not text:
            return None
        return self.field(
            self.amount, lambda: i18n.parse_money(text, translate("Acerto", "refund amount"))
        )

    def preview(self) -> money_out.Posting:
        return money_out.preview_refund(self.chosen(), self.date.value(), self._amount())

    def post(self) -> str:
        ref = refunds.refund_credit(
            self.chosen(), self.date.value(), self._amount(), self.reason.text().strip()
        )
        return translate("Acerto", "Refund {number} posted.").format(number=ref.number)


class PayRefundDialog(_MoneyOutDialog):
    """Record that a refund was paid out (refunds payable cleared against the bank)."""

    ok_text = QT_TRANSLATE_NOOP("Acerto", "Pay out")
    pick_label = QT_TRANSLATE_NOOP("Acerto", "Refund to &pay:")
    nothing = QT_TRANSLATE_NOOP("Acerto", "There is no refund waiting to be paid out.")
    headers = (
        QT_TRANSLATE_NOOP("Acerto", "Refund"),
        QT_TRANSLATE_NOOP("Acerto", "Customer"),
        QT_TRANSLATE_NOOP("Acerto", "Refunded from"),
        QT_TRANSLATE_NOOP("Acerto", "Date"),
        QT_TRANSLATE_NOOP("Acerto", "Amount"),
    )

    def __init__(
        self,
        ctx: BookContext,
        parent: QWidget | None = None,
        customer: str | None = None,
        refund: str | None = None,
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Pay refund"), parent, customer, refund)

    def extra_fields(self) -> None:
        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText(translate("Acerto", "bank reference of the transfer"))
        self.form.addRow(translate("Acerto", "&Reference:"), self.reference)

    def rows(self, customer: str | None) -> list[tuple[Any, list[str]]]:
        return [
            (r.number, [r.number, r.customer, r.source, i18n.day(r.date), i18n.money(r.amount)])
            for r in money_out.unpaid_refunds(customer)
        ]

    def preview(self) -> money_out.Posting:
        return money_out.preview_payout(self.chosen(), self.date.value())

    def post(self) -> str:
        ref = payouts.pay_refund(self.chosen(), self.date.value(), self.reference.text().strip())
        return translate("Acerto", "Refund {number} paid out.").format(number=ref.number)


class _UnbilledDialog(_MoneyOutDialog):
    pick_label = QT_TRANSLATE_NOOP("Acerto", "Unbilled &item:")
    nothing = QT_TRANSLATE_NOOP("Acerto", "There is no open unbilled item.")
    headers = (
        QT_TRANSLATE_NOOP("Acerto", "Item"),
        QT_TRANSLATE_NOOP("Acerto", "Customer"),
        QT_TRANSLATE_NOOP("Acerto", "Left by"),
        QT_TRANSLATE_NOOP("Acerto", "Description"),
        QT_TRANSLATE_NOOP("Acerto", "Quantity"),
        QT_TRANSLATE_NOOP("Acerto", "Amount"),
    )
    bill = True

    def rows(self, customer: str | None) -> list[tuple[Any, list[str]]]:
        return [
            (
                u.id,
                [
                    str(u.id),
                    u.customer,
                    u.invoice,
                    u.description,
                    i18n.quantity(str(u.quantity)),
                    i18n.money(u.amount),
                ],
            )
            for u in money_out.open_unbilled(customer)
        ]

    def preview(self) -> money_out.Posting:
        return money_out.preview_unbilled(self.chosen(), self.date.value(), bill=self.bill)


class BillUnbilledDialog(_UnbilledDialog):
    """Bill an unbilled item (left by a correction) on a new invoice."""

    ok_text = QT_TRANSLATE_NOOP("Acerto", "Bill")

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, customer: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Bill unbilled item"), parent, customer)

    def post(self) -> str:
        inv = corrections.bill_unbilled(self.chosen(), self.date.value())
        return translate("Acerto", "Invoice {number} posted.").format(number=inv.number)


class WriteOffUnbilledDialog(_UnbilledDialog):
    """Mark an unbilled item not chargeable."""

    ok_text = QT_TRANSLATE_NOOP("Acerto", "Write off")
    bill = False

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, customer: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Write off unbilled item"), parent, customer)

    def post(self) -> str:
        item = corrections.write_off_unbilled(self.chosen(), self.date.value())
        return translate("Acerto", "Unbilled item {id} written off.").format(id=item.id)
