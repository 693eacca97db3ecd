"""New payment: customer, date, amount, method, reference, optionally on an
order or split over several of the customer's orders (issue 9)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from app.errors import UserError
from app.read import panes, queries
from app.services import order_payments, payments
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import PostingDialog
from ui.dialogs.order_split import OrderSplit
from ui.i18n import translate
from ui.widgets import CustomerBox, DateEdit, MoneyEdit

SPLIT = "*"  # the order choice "several orders"


class PaymentDialog(PostingDialog):
    ok_text = "Post payment"

    def __init__(
        self,
        ctx: BookContext,
        parent: QWidget | None = None,
        customer: str | None = None,
        order: str | None = None,
    ) -> None:
        super().__init__(ctx, translate("Acerto", "New payment"), parent)
        self.setMinimumWidth(560)
        self.customer = CustomerBox(self)
        self.customer.set_code(customer)
        self.date = DateEdit(ctx.today(), self)
        self.amount = MoneyEdit(self)
        self.method = QComboBox(self)
        self.method.setEditable(True)
        for m in ("bank transfer", "card", "cash", "cheque", "direct debit"):
            self.method.addItem(translate("Acerto", m), m)
        self.reference = QLineEdit(self)
        self.order = QComboBox(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #555;")
        self.form.addRow(translate("Acerto", "&Customer:"), self.customer)
        self.form.addRow(translate("Acerto", "&Date:"), self.date)
        self.form.addRow(translate("Acerto", "&Amount:"), self.amount)
        self.form.addRow(translate("Acerto", "&Method:"), self.method)
        self.form.addRow(translate("Acerto", "&Reference:"), self.reference)
        self.form.addRow(translate("Acerto", "On &order:"), self.order)
        self.excess = QCheckBox(
            translate("Acerto", "Keep what an order does not need as customer &credit"), self
        )
        self.form.addRow("", self.excess)
        self.form.addRow("", self.info)
        self.split = OrderSplit()
        self.layout_.addWidget(self.split)
        self._fill_orders(order)
        self.customer.customerChanged.connect(self._customer_changed)
        self.amount.textChanged.connect(self.refresh)
        self.order.currentIndexChanged.connect(self._order_changed)
        self.excess.toggled.connect(self.refresh)
        self.split.changed.connect(self.refresh)
        self.split.propose_button.clicked.connect(self.propose)
        self._order_changed()
        self.finish_layout()

    def _order_changed(self, *_: object) -> None:
        self.split.setVisible(self.order.currentData() == SPLIT)
        self.refresh()

    def propose(self) -> None:
        """Fill the split: oldest order first, each up to what it still needs."""
        try:
            amount = self._amount()
        except UserError:
            self.refresh()
            return
        self.split.propose(amount)

    def _customer_changed(self, _code: str) -> None:
        self._fill_orders(None)
        self._order_changed()

    def _fill_orders(self, select: str | None) -> None:
        self.order.blockSignals(True)
        self.order.clear()
        self.order.addItem(translate("Acerto", "(none — customer credit)"), "")
        code = self.customer.code()
        self.split.load(code)
        if code:
            self.order.addItem(translate("Acerto", "(several orders — split below)"), SPLIT)
        for o in panes.open_orders(code) if code else []:
            self.order.addItem(
                translate("Acerto", "{number} — {status}, total {total}").format(
                    number=o.number, status=i18n.word(o.status), total=i18n.money(o.total)
                ),
                o.number,
            )
        if select:
            self.order.setCurrentIndex(max(self.order.findData(select), 0))
        self.order.blockSignals(False)

    def _amount(self):  # type: ignore[no-untyped-def]
        def parse():  # type: ignore[no-untyped-def]
            value = i18n.parse_money(self.amount.text(), translate("Acerto", "amount"))
            if value <= 0:
                raise UserError(translate("Acerto", "A payment amount must be more than zero."))
            return value

        return self.field(self.amount, parse)

    def compute(self) -> None:
        self.info.setText("")
        if not self.customer.code():
            self.fail(
                self.customer,
                translate("Acerto", "Choose a customer (type part of the code or name)."),
            )
        amount = self._amount()
        wanted = self._wanted()
        if wanted:
            preview = order_payments.preview_payment(
                self.customer.code() or "", amount, wanted, self._excess()
            )
            self.info.setText(
                translate(
                    "Acerto",
                    "{amount} is recorded in {parts} part(s): {explanation} Order money settles the order's invoices as they are posted.",
                ).format(
                    amount=i18n.money(amount),
                    parts=len(preview.parts),
                    explanation=preview.explanation,
                )
                if wanted[0][1] is not None or len(preview.parts) > 1
                else translate(
                    "Acerto",
                    "{amount} is recorded on order {order}: it settles the order's invoices as they are posted.",
                ).format(amount=i18n.money(amount), order=self.order.currentData())
            )
        else:
            open_total = queries.show_customer(self.customer.code() or "")["open_balance"]
            self.info.setText(
                translate(
                    "Acerto",
                    "{amount} becomes customer credit until settled; the customer has {open} open.",
                ).format(amount=i18n.money(amount), open=i18n.money(open_total))
            )

    def _wanted(self) -> list[tuple[str, Decimal | None]]:
        """The orders the payment is for: none, the one chosen, or the split's rows."""
        chosen = self.order.currentData()
        if chosen == SPLIT:
            return self.field(self.split.table, self.split.wanted)
        return [(chosen, None)] if chosen else []

    def _excess(self) -> str | None:
        return "credit" if self.excess.isChecked() else None

    def post(self) -> str:
        wanted = self._wanted()
        if wanted:
            parts = order_payments.receive_payment(
                self.customer.code() or "",
                self.date.value(),
                self._amount(),
                wanted,
                excess=self._excess(),
                reference=self.reference.text().strip(),
                method=self._method(),
            )
            if len(parts) == 1:
                return translate("Acerto", "Payment {number} posted.").format(
                    number=parts[0].number
                )
            return translate("Acerto", "Payments {numbers} posted (one receipt).").format(
                numbers=", ".join(p.number for p in parts)
            )
        pay = payments.create_payment(
            self.customer.code() or "",
            self.date.value(),
            self._amount(),
            reference=self.reference.text().strip(),
            method=self._method(),
        )
        return translate("Acerto", "Payment {number} posted.").format(number=pay.number)

    def _method(self) -> str:
        return str(
            self.method.currentData() or self.method.currentText().strip() or "bank transfer"
        )
