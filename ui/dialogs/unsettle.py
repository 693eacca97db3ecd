"""Unsettle: reverse one settlement of an invoice or a payment, with all its
discount and write-off parts; app/ previews the reversal by a dry run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.errors import UserError
from app.read import panes, queries
from app.services import settlements
from app.services.documents import get_invoice
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
from ui.widgets import DateEdit, cell


class UnsettleDialog(PostingDialog):
    ok_text = "Unsettle"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, document: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Unsettle"), parent)
        self.setMinimumSize(800, 560)
        self.document = QLineEdit(document or "", self)
        self.document.setPlaceholderText(translate("Acerto", "Invoice or payment number"))
        self.date = DateEdit(ctx.today(), self)
        self.list = readonly_table(
            [
                translate("Acerto", "Id"),
                translate("Acerto", "Date"),
                translate("Acerto", "Source"),
                translate("Acerto", "Invoice"),
                translate("Acerto", "Amount"),
                translate("Acerto", "Discount"),
                translate("Acerto", "Write-off"),
            ],
            self,
        )
        self.list.setMinimumHeight(130)
        # the explanation is a sentence: wrapped below the list, not cut in a column
        self.note = QLabel(self)
        self.note.setObjectName("settlementExplanation")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(translate("Acerto", "&Document:"), self.document)
        self.form.addRow(translate("Acerto", "Settlements:"), self.list)
        self.form.addRow("", self.note)
        self.form.addRow(translate("Acerto", "Unsettlement &date:"), self.date)
        box, lay = self.group(translate("Acerto", "Reversal preview"))
        grid, self.figures = totals_grid(
            box, ["Amount", "Cash discount", "Write-off", "Full settlement"]
        )
        lay.addLayout(grid)
        self.journal, self.explanation = journal_and_explanation(box, lay, 80)
        self._loaded = ""
        self._ids: list[int] = []
        self._explanations: list[str] = []
        self.document.textChanged.connect(self.refresh)
        self.date.dateChanged.connect(self.refresh)
        self.list.itemSelectionChanged.connect(self.refresh)
        self.finish_layout()

    def _load(self, number: str) -> None:
        if number == self._loaded:
            return

        def read() -> list[dict[str, object]]:
            try:
                get_invoice(number)
            except UserError:
                return list(queries.show_payment(number)["settlements"])
            return list(queries.show_invoice(number)["settlements"])

        rows = [
            s for s in self.field(self.document, read) if not s["reverses"] and not s["reversed_by"]
        ]
        self._loaded = number
        self._ids = [int(str(s["id"])) for s in rows]
        self._explanations = [str(s["explanation"]) for s in rows]
        self.list.blockSignals(True)
        fill(
            self.list,
            [
                [
                    str(s["id"]),
                    i18n.day(str(s["date"])),
                    str(s["source"]),
                    str(s["invoice"]),
                    i18n.money(str(s["amount"])),
                    i18n.money(str(s["discount"])),
                    i18n.money(str(s["writeoff"])),
                ]
                for s in rows
            ],
            right={4, 5, 6},
        )
        for r, text in enumerate(self._explanations):
            for c in range(self.list.columnCount()):
                cell(self.list, r, c).setToolTip(text)
        if rows:
            self.list.selectRow(0)
        self.list.blockSignals(False)

    def _chosen(self) -> int:
        number = self.document.text().strip()
        if not number:
            self.fail(
                self.document,
                translate("Acerto", "Type the invoice or payment whose settlement to undo."),
            )
        self._load(number)
        if not self._ids:
            self.note.setText("")
            raise UserError(
                translate("Acerto", "{number} has no settlement left to undo.").format(
                    number=number
                )
            )
        row = self.list.currentRow()
        if not 0 <= row < len(self._ids):
            self.note.setText("")
            raise UserError(translate("Acerto", "Choose the settlement to undo."))
        self.note.setText(self._explanations[row])
        return self._ids[row]

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        fill(self.journal, [])
        self.explanation.setPlainText("")
        p = panes.preview_unsettle(self._chosen(), self.date.value())
        self.figures["Amount"].setText(i18n.money(p.amount))
        self.figures["Cash discount"].setText(i18n.money(p.discount))
        self.figures["Write-off"].setText(i18n.money(p.writeoff))
        self.figures["Full settlement"].setText(i18n.money(p.full_settlement))
        fill(self.journal, journal_rows(p.journal), right={1, 2})
        self.explanation.setPlainText(p.explanation)

    def post(self) -> str:
        rev = settlements.unsettle(self._chosen(), self.date.value())
        return translate("Acerto", "Settlement undone by {id}.").format(id=rev.id)
