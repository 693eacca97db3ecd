"""Credit note against an invoice, by amount or by lines, with the
discount netting of SPEC §3.4 previewed by app/."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app import book, ledger, queries
from app.errors import UserError
from app.money import parse_quantity
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import PostingDialog, fill, journal_rows, journal_table
from ui.dialogs.documents import totals_grid
from ui.i18n import translate
from ui.widgets import DateEdit, MoneyEdit, cell

COL_LINE, COL_DESC, COL_QTY, COL_PRICE, COL_CREDIT = range(5)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class CreditNoteDialog(PostingDialog):
    ok_text = "Post credit note"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, invoice: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Credit note"), parent)
        self.setMinimumSize(760, 640)
        self.invoice = QLineEdit(invoice or "", self)
        self.invoice.setPlaceholderText("INV-000001")
        self.date = DateEdit(ctx.today(), self)
        self.by_amount = QRadioButton(translate("Acerto", "By &amount"), self)
        self.by_lines = QRadioButton(translate("Acerto", "By &lines"), self)
        self.by_amount.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_amount)
        group.addButton(self.by_lines)
        modes = QHBoxLayout()
        modes.addWidget(self.by_amount)
        modes.addWidget(self.by_lines)
        modes.addStretch(1)
        self.amount = MoneyEdit(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                translate("Acerto", "Line"),
                translate("Acerto", "Description"),
                translate("Acerto", "Quantity"),
                translate("Acerto", "Unit price"),
                translate("Acerto", "Credit quantity"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(110)
        self.reason = QLineEdit(self)
        self.form.addRow(translate("Acerto", "&Invoice:"), self.invoice)
        self.form.addRow(translate("Acerto", "&Date:"), self.date)
        self.form.addRow(translate("Acerto", "Credit:"), modes)
        self.form.addRow(translate("Acerto", "A&mount:"), self.amount)
        self.form.addRow(translate("Acerto", "Lines:"), self.table)
        self.form.addRow(translate("Acerto", "&Reason:"), self.reason)
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(
            box,
            ["Credit", "Reduces the balance by", "Cash discount reversed", "Owed to the customer"],
        )
        lay.addLayout(grid)
        below = QHBoxLayout()
        self.journal = journal_table(box)
        self.explanation = QPlainTextEdit(box)
        self.explanation.setReadOnly(True)
        self.explanation.setMinimumHeight(90)
        below.addWidget(self.journal, 2)
        below.addWidget(self.explanation, 3)
        lay.addLayout(below)
        self._loaded = ""
        self.invoice.textChanged.connect(self.refresh)
        self.date.dateChanged.connect(self.refresh)
        self.amount.textChanged.connect(self.refresh)
        self.by_amount.toggled.connect(self.refresh)
        self.table.itemChanged.connect(self.refresh)
        self.finish_layout()

    def _load(self, number: str) -> None:
        if number == self._loaded:
            return
        data = self.field(self.invoice, lambda: queries.show_invoice(number))
        self._loaded = number
        self.table.blockSignals(True)
        self.table.setRowCount(len(data["lines"]))
        for r, ln in enumerate(data["lines"]):
            texts = [
                str(ln["line"]),
                ln["description"],
                i18n.quantity(ln["quantity"]),
                i18n.money(ln["unit_price"]),
                "",
            ]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c != COL_DESC:
                    item.setTextAlignment(RIGHT)
                if c != COL_CREDIT:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    def _args(self) -> dict[str, object]:
        number = self.invoice.text().strip()
        if not number:
            self.fail(
                self.invoice, translate("Acerto", "Type the number of the invoice to credit.")
            )
        self._load(number)
        self.amount.setEnabled(self.by_amount.isChecked())
        self.table.setEnabled(self.by_lines.isChecked())
        args: dict[str, object] = {"invoice": number, "on": self.date.value()}
        if self.by_amount.isChecked():
            args["amount"] = self.field(
                self.amount, lambda: book.currency().parse(self.amount.text())
            )
            return args
        qty: dict[int, Decimal] = {}
        for r in range(self.table.rowCount()):
            text = cell(self.table, r, COL_CREDIT).text().strip()
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
                translate("Acerto", "Type the quantity to credit on at least one line.")
            )
        args["lines"] = qty
        return args

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        fill(self.journal, [])
        self.explanation.setPlainText("")
        p = ledger.preview_credit_note(**self._args())  # type: ignore[arg-type]
        self.figures["Credit"].setText(i18n.money(p.credit))
        self.figures["Reduces the balance by"].setText(i18n.money(p.reduces_balance))
        self.figures["Cash discount reversed"].setText(i18n.money(p.discount_reversed))
        self.figures["Owed to the customer"].setText(i18n.money(p.owed_to_customer))
        fill(self.journal, journal_rows(p.settlement.journal), right={1, 2})
        self.explanation.setPlainText(p.settlement.explanation)

    def post(self) -> str:
        cn = ledger.create_credit_note(reason=self.reason.text().strip(), **self._args())  # type: ignore[arg-type]
        return translate("Acerto", "Credit note {number} posted.").format(number=cn.number)
