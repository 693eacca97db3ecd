"""Invoice an order, by amount or by lines and quantities.

Shows what is left to invoice, how much of the money already received on
the order this invoice would settle, and whether it would be standalone.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app import book, orders, panes
from app.errors import UserError
from app.money import parse_quantity
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import PostingDialog
from ui.dialogs.documents import totals_grid
from ui.i18n import translate
from ui.widgets import DateEdit, MoneyEdit, cell

COL_LINE, COL_DESC, COL_LEFT, COL_PRICE, COL_QTY = range(5)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class InvoiceOrderDialog(PostingDialog):
    ok_text = "Post invoice"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, order: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Invoice an order"), parent)
        self.setMinimumSize(720, 560)
        self.order = QLineEdit(order or "", self)
        self.order.setPlaceholderText("SO-000001")
        self.date = DateEdit(ctx.today(), self)
        self.by_amount = QRadioButton(translate("Acerto", "By &amount"), self)
        self.by_lines = QRadioButton(translate("Acerto", "By &lines and quantities"), self)
        self.by_lines.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_amount)
        group.addButton(self.by_lines)
        modes = QHBoxLayout()
        modes.addWidget(self.by_lines)
        modes.addWidget(self.by_amount)
        modes.addStretch(1)
        self.amount = MoneyEdit(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                translate("Acerto", "Line"),
                translate("Acerto", "Description"),
                translate("Acerto", "Left to invoice"),
                translate("Acerto", "Unit price"),
                translate("Acerto", "Invoice quantity"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(150)
        self.form.addRow(translate("Acerto", "&Order:"), self.order)
        self.form.addRow(translate("Acerto", "&Date:"), self.date)
        self.form.addRow(translate("Acerto", "Invoice:"), modes)
        self.form.addRow(translate("Acerto", "A&mount:"), self.amount)
        self.form.addRow(translate("Acerto", "Lines:"), self.table)
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
        self._loaded = ""
        self.order.textChanged.connect(self.refresh)
        self.amount.textChanged.connect(self.refresh)
        self.by_amount.toggled.connect(self.refresh)
        self.table.itemChanged.connect(self.refresh)
        self.finish_layout()

    def _load_lines(self, number: str) -> None:
        if number == self._loaded:
            return
        self._loaded = number
        lines = [ln for ln in panes.order_lines(number) if not ln.removed]
        self.table.blockSignals(True)
        self.table.setRowCount(len(lines))
        for r, ln in enumerate(lines):
            texts = [
                str(ln.seq),
                ln.description,
                i18n.quantity(f"{ln.left.normalize():f}"),
                i18n.money(ln.unit_price),
                "",
            ]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c != COL_DESC:
                    item.setTextAlignment(RIGHT)
                if c != COL_QTY:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    def _args(self) -> tuple[str, Decimal | None, dict[int, Decimal] | None]:
        number = self.order.text().strip()
        if not number:
            self.fail(self.order, translate("Acerto", "Type the number of the order to invoice."))
        self.field(self.order, lambda: panes.order_lines(number))
        self._load_lines(number)
        self.amount.setEnabled(self.by_amount.isChecked())
        self.table.setEnabled(self.by_lines.isChecked())
        if self.by_amount.isChecked():
            return (
                number,
                self.field(self.amount, lambda: book.currency().parse(self.amount.text())),
                None,
            )
        qty: dict[int, Decimal] = {}
        for r in range(self.table.rowCount()):
            text = cell(self.table, r, COL_QTY).text().strip()
            if text:
                seq = int(cell(self.table, r, COL_LINE).text())
                qty[seq] = self.field(
                    self.table,
                    partial(
                        parse_quantity,
                        text,
                        translate("Acerto", "quantity of line {n}").format(n=seq),
                    ),
                )
        if not qty:
            raise UserError(
                translate("Acerto", "Type the quantity to invoice on at least one line.")
            )
        return number, None, qty

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
