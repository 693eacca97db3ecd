"""Order change (remove/add lines, discount, refund preview) and cancel order
(refused with the engine's reason when the order is invoiced in part)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QWidget

from app.read import panes
from app.rules.money import fmt_qty, parse_quantity
from app.services import book, orders
from app.services.invoices import LineInput
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import RIGHT, PostingDialog, entry_table
from ui.dialogs.documents import totals_grid
from ui.i18n import translate
from ui.widgets import LinesTable, MoneyEdit, cell

COL_NEW_QTY = 6


class OrderChangeDialog(PostingDialog):
    ok_text = "Post change"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, order: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Change order"), parent)
        self.setMinimumSize(760, 640)
        self.order, self.date = self.number_and_date(
            translate("Acerto", "&Order:"), order, "SO-000001"
        )
        self.current = entry_table(
            [
                translate("Acerto", "Remove"),
                translate("Acerto", "Line"),
                translate("Acerto", "Description"),
                translate("Acerto", "Quantity"),
                translate("Acerto", "Invoiced"),
                translate("Acerto", "Amount"),
                translate("Acerto", "New quantity"),
            ],
            110,
            self,
        )
        self.added = LinesTable(self, rows=2)
        self.discount = MoneyEdit(self)
        self.form.addRow(translate("Acerto", "Order lines:"), self.current)
        self.form.addRow(translate("Acerto", "&Add lines:"), self.added)
        self.form.addRow(translate("Acerto", "D&iscount:"), self.discount)
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(
            box, ["Old total", "New total", "Invoiced", "Received", "Refund"]
        )
        lay.addLayout(grid)
        self.summary = QLabel(box)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self._loaded = ""
        self.order.textChanged.connect(self.refresh)
        self.current.itemChanged.connect(self.refresh)
        self.added.changed.connect(self.refresh)
        self.discount.textChanged.connect(self.refresh)
        self.finish_layout()

    def _load(self, number: str) -> None:
        if number == self._loaded:
            return
        lines = [
            ln for ln in self.field(self.order, lambda: panes.order_lines(number)) if not ln.removed
        ]
        self._loaded = number
        self.current.blockSignals(True)
        self.current.setRowCount(len(lines))
        for r, ln in enumerate(lines):
            check = QTableWidgetItem("")
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.current.setItem(r, 0, check)
            for c, text in enumerate(
                [
                    str(ln.seq),
                    ln.description,
                    i18n.quantity(fmt_qty(ln.quantity)),
                    i18n.quantity(fmt_qty(ln.invoiced)),
                    i18n.money(ln.amount),
                ],
                start=1,
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if c != 2:
                    item.setTextAlignment(RIGHT)
                self.current.setItem(r, c, item)
            # Typed over to change the quantity (never below what is invoiced, issue 9).
            new = QTableWidgetItem(i18n.quantity(fmt_qty(ln.quantity)))
            new.setTextAlignment(RIGHT)
            self.current.setItem(r, COL_NEW_QTY, new)
        self.current.resizeColumnsToContents()
        self.current.blockSignals(False)

    def _quantities(self) -> dict[int, Decimal]:
        """The lines whose quantity was typed over: their new quantities."""
        out = {}
        for r in range(self.current.rowCount()):
            seq = int(cell(self.current, r, 1).text())
            was = cell(self.current, r, 3).text().strip()
            typed = cell(self.current, r, COL_NEW_QTY).text().strip()
            if typed and typed != was:
                out[seq] = self.field(
                    self.current,
                    lambda t=typed, n=seq: parse_quantity(
                        t, translate("Acerto", "new quantity of line {n}").format(n=n)
                    ),
                )
        return out

    def _args(self) -> tuple[str, list[int], list[LineInput], Decimal]:
        number = self.order.text().strip()
        if not number:
            self.fail(self.order, translate("Acerto", "Type the number of the order to change."))
        self._load(number)
        remove = [
            int(cell(self.current, r, 1).text())
            for r in range(self.current.rowCount())
            if cell(self.current, r, 0).checkState() == Qt.CheckState.Checked
        ]
        added = self.field(
            self.added.table,
            lambda: panes.parse_lines(self.added.texts(), book.currency(), i18n.language()),
        )
        text = self.discount.text().strip()
        discount = (
            self.field(
                self.discount, lambda: i18n.parse_money(text, translate("Acerto", "discount"))
            )
            if text
            else Decimal(0)
        )
        return number, remove, added, discount

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        self.summary.setText("")
        number, remove, added, discount = self._args()
        if added:
            self.added.show_amounts([i18n.money(a) for a in panes.preview_lines(added).amounts])
        p = orders.preview_order_change(number, remove, added, discount, self._quantities())
        self.figures["Old total"].setText(i18n.money(p.old_total))
        self.figures["New total"].setText(i18n.money(p.new_total))
        self.figures["Invoiced"].setText(i18n.money(p.invoiced))
        self.figures["Received"].setText(i18n.money(p.received))
        self.figures["Refund"].setText(i18n.money(p.refund))
        text = p.description
        if p.refund > 0:
            text += "\n" + translate(
                "Acerto", "{refund} received above the new total is refunded automatically."
            ).format(refund=i18n.money(p.refund))
        self.summary.setText(text)

    def post(self) -> str:
        number, remove, added, discount = self._args()
        orders.change_order(number, self.date.value(), remove, added, discount, self._quantities())
        return translate("Acerto", "Order {number} changed.").format(number=number)


class CancelOrderDialog(PostingDialog):
    ok_text = "Cancel order"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, order: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Cancel order"), parent)
        self.setMinimumWidth(560)
        self.order, self.date = self.number_and_date(
            translate("Acerto", "&Order:"), order, "SO-000001"
        )
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(box, ["Order total", "Received", "Refund"])
        lay.addLayout(grid)
        self.order.textChanged.connect(self.refresh)
        self.date.dateChanged.connect(self.refresh)
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(
            translate("Acerto", "Keep order")
        )
        self.finish_layout()

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        number = self.order.text().strip()
        if not number:
            self.fail(self.order, translate("Acerto", "Type the number of the order to cancel."))
        p = panes.preview_cancel_order(number, self.date.value())
        self.figures["Order total"].setText(i18n.money(p.total))
        self.figures["Received"].setText(i18n.money(p.received))
        self.figures["Refund"].setText(i18n.money(p.refund))

    def post(self) -> str:
        number = self.order.text().strip()
        orders.cancel_order(number, self.date.value())
        return translate("Acerto", "Order {number} cancelled.").format(number=number)
