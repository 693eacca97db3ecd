"""New order: customer, date, lines, discount; total previewed by app/."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLineEdit, QWidget

from app.read import panes
from app.services import orders
from ui import i18n
from ui.context import BookContext
from ui.dialogs.documents import LinesDialog, totals_grid
from ui.i18n import translate
from ui.widgets import CustomerBox, DateEdit, LinesTable, MoneyEdit


class OrderDialog(LinesDialog):
    ok_text = "Post order"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, customer: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "New order"), parent)
        self.setMinimumSize(680, 520)
        self.customer = CustomerBox(self)
        self.customer.set_code(customer)
        self.date = DateEdit(ctx.today(), self)
        self.notes = QLineEdit(self)
        self.discount = MoneyEdit(self)
        self.lines_table = LinesTable(self)
        self.form.addRow(translate("Acerto", "&Customer:"), self.customer)
        self.form.addRow(translate("Acerto", "&Date:"), self.date)
        self.form.addRow(translate("Acerto", "&Lines:"), self.lines_table)
        self.form.addRow(translate("Acerto", "D&iscount:"), self.discount)
        self.form.addRow(translate("Acerto", "&Notes:"), self.notes)
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(box, ["Lines", "Discount", "Order total"])
        lay.addLayout(grid)
        self.customer.customerChanged.connect(self.refresh)
        self.lines_table.changed.connect(self.refresh)
        self.discount.textChanged.connect(self.refresh)
        self.finish_layout()

    def _discount(self) -> Decimal:
        text = self.discount.text().strip()
        return (
            self.field(
                self.discount, lambda: i18n.parse_money(text, translate("Acerto", "discount"))
            )
            if text
            else Decimal(0)
        )

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        self.lines_table.show_amounts([])
        self.check_customer(self.customer)
        lines = self.typed_lines()
        p = panes.preview_lines(lines, self._discount())
        self.lines_table.show_amounts([i18n.money(a) for a in p.amounts])
        self.figures["Lines"].setText(i18n.money(p.subtotal))
        self.figures["Discount"].setText(i18n.money(p.discount))
        self.figures["Order total"].setText(i18n.money(p.total))

    def post(self) -> str:
        order = orders.create_order(
            self.customer.code() or "",
            self.date.value(),
            self.typed_lines(),
            discount=self._discount(),
            notes=self.notes.text().strip(),
        )
        return translate("Acerto", "Order {number} posted.").format(number=order.number)
