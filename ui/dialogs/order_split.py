"""One payment for several orders (issue 9, item 3): the payment dialog's
table of the customer's open orders, an amount per order, and a proposal
(oldest order first, each up to what it still needs). The split itself is
decided by app/ (`order_payments.preview_payment` / `receive_payment`)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QTableWidgetItem, QVBoxLayout

from app.errors import UserError
from app.read.panes import money_out
from ui import i18n
from ui.dialogs.base import RIGHT, entry_table
from ui.i18n import translate

COL_ORDER, COL_STATUS, COL_TOTAL, COL_NEED, COL_AMOUNT = range(5)


class OrderSplit(QGroupBox):
    """An amount for each of a customer's orders; empty cells take nothing."""

    changed = Signal()

    def __init__(self, parent: QGroupBox | None = None) -> None:
        super().__init__(translate("Acerto", "Split over the customer's orders"), parent)
        lay = QVBoxLayout(self)
        self.table = entry_table(
            [
                translate("Acerto", "Order"),
                translate("Acerto", "Status"),
                translate("Acerto", "Total"),
                translate("Acerto", "Still needs"),
                translate("Acerto", "Amount for it"),
            ],
            120,
            self,
        )
        lay.addWidget(self.table)
        row = QHBoxLayout()
        self.propose_button = QPushButton(
            translate("Acerto", "&Propose (oldest order first)"), self
        )
        row.addWidget(self.propose_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.needs: list[money_out.OrderNeed] = []
        self.table.itemChanged.connect(lambda *_: self.changed.emit())

    def load(self, customer: str | None) -> None:
        self.needs = money_out.order_needs(customer) if customer else []
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.needs))
        for r, n in enumerate(self.needs):
            cells = [n.number, i18n.word(n.status), i18n.money(n.total), i18n.money(n.need), ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c != COL_AMOUNT:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c >= COL_TOTAL:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    def propose(self, amount: Decimal) -> None:
        parts = money_out.propose_split(amount, self.needs)
        self.table.blockSignals(True)
        for r, part in enumerate(parts):
            self.table.item(r, COL_AMOUNT).setText(i18n.money_input(part) if part > 0 else "")
        self.table.blockSignals(False)
        self.changed.emit()

    def wanted(self) -> list[tuple[str, Decimal | None]]:
        """(order, amount) for each row with an amount; refused in words when none has one."""
        out: list[tuple[str, Decimal | None]] = []
        for r, n in enumerate(self.needs):
            text = self.table.item(r, COL_AMOUNT).text().strip()
            if text:
                what = translate("Acerto", "amount for order {order}").format(order=n.number)
                out.append((n.number, i18n.parse_money(text, what)))
        if not out:
            raise UserError(
                translate("Acerto", "Type an amount for at least one order, or press Propose.")
            )
        return out
