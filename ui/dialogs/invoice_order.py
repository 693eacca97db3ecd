"""Invoice an order, by amount or by lines and quantities.

Shows what is left to invoice, how much of the money already received on
the order this invoice would settle, and whether it would be standalone.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel, QWidget

from app.read import panes
from app.services import orders
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import AmountOrLines, PostingDialog
from ui.dialogs.documents import totals_grid
from ui.i18n import translate

COL_QTY = AmountOrLines.COL_ENTRY


class InvoiceOrderDialog(PostingDialog):
    ok_text = "Post invoice"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, order: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Invoice an order"), parent)
        self.setMinimumSize(720, 560)
        self.order, self.date = self.number_and_date(
            translate("Acerto", "&Order:"), order, "SO-000001"
        )
        self.choice = AmountOrLines(
            self,
            translate("Acerto", "Invoice:"),
            translate("Acerto", "By &lines and quantities"),
            (translate("Acerto", "Left to invoice"), translate("Acerto", "Invoice quantity")),
            lines_first=True,
            table_height=150,
        )
        self.by_amount = self.choice.by_amount
        self.amount, self.table = self.choice.amount, self.choice.table
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(
            box,
            [
                "Order total",
                "Already invoiced",
                "Left to invoice",
                "This invoice",
                "Settled from order money",
            ],
        )
        lay.addLayout(grid)
        self.note = QLabel(box)
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.order.textChanged.connect(self.refresh)
        self.finish_layout()

    def _args(self) -> tuple[str, Decimal | None, dict[int, Decimal] | None]:
        number = self.order.text().strip()
        if not number:
            self.fail(self.order, translate("Acerto", "Type the number of the order to invoice."))
        lines = self.field(self.order, lambda: panes.order_lines(number))
        self.choice.load(
            number,
            lambda: [
                [
                    str(ln.seq),
                    ln.description,
                    i18n.quantity(f"{ln.left.normalize():f}"),
                    i18n.money(ln.unit_price),
                ]
                for ln in lines
                if not ln.removed
            ],
        )
        amount, qty = self.choice.value(
            translate("Acerto", "Type the quantity to invoice on at least one line.")
        )
        return number, amount, qty

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        self.note.setText("")
        number, amount, qty = self._args()
        p = orders.preview_order_invoice(number, amount=amount, line_qty=qty)
        self.figures["Order total"].setText(i18n.money(p.total))
        self.figures["Already invoiced"].setText(i18n.money(p.invoiced))
        self.figures["Left to invoice"].setText(i18n.money(p.left_to_invoice))
        self.figures["This invoice"].setText(i18n.money(p.amount))
        self.figures["Settled from order money"].setText(i18n.money(p.settled_from_order_money))
        if p.standalone:
            self.note.setText(
                translate(
                    "Acerto",
                    "The order is fully invoiced: this is a standalone invoice. It does not change the order "
                    "or use its payments.",
                )
            )
        else:
            self.note.setText(
                translate("Acerto", "This invoice counts towards order {order}.").format(
                    order=p.order
                )
            )

    def post(self) -> str:
        number, amount, qty = self._args()
        inv = orders.invoice_order(number, self.date.value(), amount=amount, line_qty=qty)
        return translate("Acerto", "Invoice {number} posted.").format(number=inv.number)
