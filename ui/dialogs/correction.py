"""Corrective invoice: every original line with its original quantity and a
new quantity starting at 0 (a full reversal); untick lines that need no
correction; app/ previews the change, the unbilled result and the effect."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QTableWidgetItem, QWidget

from app.read import lookups
from app.rules.money import fmt_qty, parse_quantity
from app.services import corrections
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import RIGHT, PostingDialog, entry_table, fill, readonly_table
from ui.dialogs.documents import totals_grid
from ui.i18n import translate
from ui.widgets import cell

COL_KEEP, COL_LINE, COL_DESC, COL_ORIG, COL_NEW, COL_PRICE, COL_CHANGE = range(7)


class CorrectionDialog(PostingDialog):
    ok_text = "Post correction"

    def __init__(
        self, ctx: BookContext, parent: QWidget | None = None, invoice: str | None = None
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Corrective invoice"), parent)
        self.setMinimumSize(780, 600)
        self.invoice, self.date = self.number_and_date(
            translate("Acerto", "&Invoice:"), invoice, "INV-000001"
        )
        self.table = entry_table(
            [
                translate("Acerto", "Correct"),
                translate("Acerto", "Line"),
                translate("Acerto", "Description"),
                translate("Acerto", "Original quantity"),
                translate("Acerto", "New quantity"),
                translate("Acerto", "Unit price"),
                translate("Acerto", "Change"),
            ],
            150,
            self,
        )
        hint = QLabel(
            translate(
                "Acerto",
                "Every line starts as a full reversal (new quantity 0). Untick the lines that need no "
                "correction and type the new quantities.",
            ),
            self,
        )
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.form.addRow(self.table)
        box, lay = self.group(translate("Acerto", "Preview"))
        grid, self.figures = totals_grid(box, ["Open balance", "Change in what is owed"])
        lay.addLayout(grid)
        self.effect = QLabel(box)
        self.effect.setWordWrap(True)
        lay.addWidget(self.effect)
        self.unbilled = readonly_table(
            [
                translate("Acerto", "Unbilled item"),
                translate("Acerto", "Quantity"),
                translate("Acerto", "Amount"),
            ],
            box,
        )
        self.unbilled.setMaximumHeight(110)
        lay.addWidget(self.unbilled)
        self._loaded = ""
        self.draft: corrections.DraftCorrection | None = None
        self._keep_draft = False
        self.save_draft = self.buttons.addButton(
            translate("Acerto", "Save &draft"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_draft.clicked.connect(self._save_as_draft)
        self.invoice.textChanged.connect(self.refresh)
        self.table.itemChanged.connect(self.refresh)
        self.finish_layout()

    def _save_as_draft(self) -> None:
        """Keep the correction as a draft, to reopen from the Invoices pane (issue 9)."""
        self._keep_draft = True
        try:
            self.accept()
        finally:
            self._keep_draft = False

    def _load(self, number: str) -> None:
        if number == self._loaded:
            return
        # A draft kept for this invoice is reopened rather than replaced (issue 9).
        self.draft = corrections.draft_correction(lookups.correction_draft_of(number) or number)
        target = self.draft.invoice if self.draft else number
        p = self.field(self.invoice, lambda: corrections.preview_correction(target))
        self._loaded = number
        self.table.blockSignals(True)
        self.table.setRowCount(len(p.lines))
        for r, ln in enumerate(p.lines):
            keep = QTableWidgetItem("")
            keep.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            kept = self.draft is None or ln.seq not in self.draft.removed
            keep.setCheckState(Qt.CheckState.Checked if kept else Qt.CheckState.Unchecked)
            self.table.setItem(r, COL_KEEP, keep)
            new = ln.new_quantity
            if self.draft is not None and ln.seq in self.draft.quantities:
                new = self.draft.quantities[ln.seq]
            texts = {
                COL_LINE: str(ln.seq),
                COL_DESC: ln.description,
                COL_ORIG: i18n.quantity(fmt_qty(ln.original_quantity)),
                COL_NEW: i18n.quantity(fmt_qty(new)),
                COL_PRICE: i18n.money(ln.unit_price),
                COL_CHANGE: "",
            }
            for c, text in texts.items():
                item = QTableWidgetItem(text)
                if c != COL_DESC:
                    item.setTextAlignment(RIGHT)
                if c != COL_NEW:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        if self.draft is not None:
            self.date.setDate(i18n.qdate(self.draft.date))

    def _args(self) -> tuple[str, dict[int, Decimal], list[int]]:
        number = self.invoice.text().strip()
        if not number:
            self.fail(
                self.invoice, translate("Acerto", "Type the number of the invoice to correct.")
            )
        self._load(number)
        quantities: dict[int, Decimal] = {}
        remove: list[int] = []
        for r in range(self.table.rowCount()):
            seq = int(cell(self.table, r, COL_LINE).text())
            if cell(self.table, r, COL_KEEP).checkState() != Qt.CheckState.Checked:
                remove.append(seq)
                continue
            text = cell(self.table, r, COL_NEW).text().strip() or "0"
            quantities[seq] = self.field(
                self.table,
                partial(
                    parse_quantity,
                    text,
                    translate("Acerto", "new quantity of line {n}").format(n=seq),
                ),
            )
        return number, quantities, remove

    def compute(self) -> None:
        for label in self.figures.values():
            label.setText("—")
        self.effect.setText("")
        fill(self.unbilled, [])
        number, quantities, remove = self._args()
        target = self.draft.invoice if self.draft else number
        p = corrections.preview_correction(target, quantities, remove)
        changes = {ln.seq: ln.change for ln in p.lines}
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            seq = int(cell(self.table, r, COL_LINE).text())
            cell(self.table, r, COL_CHANGE).setText(
                i18n.money(changes[seq]) if seq in changes else ""
            )
        self.table.blockSignals(False)
        self.figures["Open balance"].setText(i18n.money(p.balance_before))
        self.figures["Change in what is owed"].setText(i18n.money(p.total))
        self.effect.setText(p.effect)
        fill(
            self.unbilled,
            [[d, i18n.quantity(fmt_qty(q)), i18n.money(a)] for d, q, a in p.unbilled],
            right={1, 2},
        )

    def post(self) -> str:
        number, quantities, remove = self._args()
        keep = self._keep_draft
        if self.draft is not None:
            inv = corrections.save_draft(
                self.draft.number, quantities, remove, self.date.value(), post=not keep
            )
        else:
            inv = corrections.correct(number, self.date.value(), quantities, remove, draft=keep)
        if keep:
            return translate("Acerto", "Correction draft {number} saved.").format(number=inv.number)
        return translate("Acerto", "Corrective invoice {number} posted.").format(number=inv.number)
