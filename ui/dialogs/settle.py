"""Settle: apply a payment or a credit note to one or more open invoices.

The dialog proposes what app/ proposes (oldest due first); editing an
amount switches to the bookkeeper's amounts, and every edit asks
`settlements.preview_settlement` again for the discount (with the tier in force),
the tolerance write-off, full settlement, remaining credit, the journal and
the explanation. Posting calls `settlements.settle` with the same arguments.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.errors import UserError
from app.read import panes
from app.rules.settlement import SettlementPreview
from app.services import book, settlements
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import (
    PostingDialog,
    fill,
    fit_width,
    journal_and_explanation,
    journal_rows,
    readonly_table,
    settlement_figures,
)
from ui.i18n import translate
from ui.widgets import CustomerBox, DateEdit, cell

COL_INVOICE, COL_DATE, COL_DUE, COL_BALANCE, COL_APPLY, COL_DISCOUNT, COL_WRITEOFF, COL_AFTER = (
    range(8)
)
# A tick per invoice: waive what this invoice has left (SPEC §9: the named invoice only).
COL_FULL = 8
EDITABLE = (COL_APPLY, COL_DISCOUNT)
BAD = QBrush(QColor("#fdecea"))


class SettleDialog(PostingDialog):
    ok_text = "Settle"

    def __init__(
        self,
        ctx: BookContext,
        parent: QWidget | None = None,
        customer: str | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(ctx, translate("Acerto", "Settle"), parent)
        self.setMinimumSize(880, 680)
        self._manual = False
        self._chosen: set[str] = set()  # invoices whose discount cell the bookkeeper typed
        self._sources: dict[str, panes.OpenItem] = {}
        self.preview: SettlementPreview | None = None
        if source and not customer:
            customer = panes.source_customer(source)

        self.customer = CustomerBox(self)
        self.source = QComboBox(self)
        self.source.setMinimumContentsLength(40)
        self.date = DateEdit(ctx.today(), self)
        self._waiving = book.params().full_settlement_allowed
        self.form.addRow(translate("Acerto", "&Customer:"), self.customer)
        self.form.addRow(translate("Acerto", "&Payment or credit note:"), self.source)
        self.form.addRow(translate("Acerto", "Settlement &date:"), self.date)

        self._invoices_box()

        box2, lay2 = self.group(translate("Acerto", "Preview"))
        self.available, self.applied, self.discount, self.writeoff, self.remaining = (
            settlement_figures(box2, lay2, translate("Acerto", "Remaining credit"))
        )
        self.journal, self.explanation = journal_and_explanation(box2, lay2, 110)
        self.explanation.setObjectName("explanation")

        if customer:
            self.customer.set_code(customer)
        self._load_sources(select=source)
        self._load_invoices()
        self.customer.customerChanged.connect(self._customer_changed)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.date.dateChanged.connect(self.refresh)
        self.table.itemChanged.connect(self._amount_edited)
        self._source_changed()
        self.setTabOrder(self.customer, self.source)
        self.setTabOrder(self.source, self.date)
        self.setTabOrder(self.date, self.table)
        self.setTabOrder(self.table, self.propose)
        self.finish_layout()

    def _invoices_box(self) -> None:
        """The open invoices' table, and the button that proposes their amounts again."""
        box, lay = self.group(translate("Acerto", "Open invoices (oldest due first)"))
        self.table = QTableWidget(0, 9, box)
        self.table.setHorizontalHeaderLabels(
            [
                translate("Acerto", "Invoice"),
                translate("Acerto", "Date"),
                translate("Acerto", "Due"),
                translate("Acerto", "Balance"),
                translate("Acerto", "Apply"),
                translate("Acerto", "Discount"),
                translate("Acerto", "Write-off"),
                translate("Acerto", "Balance after"),
                translate("Acerto", "Full settlement"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        # Each column as wide as its title and figures, the invoice number takes the rest:
        # nine equal columns cut "Liquidación total" and large amounts (issue 10).
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_INVOICE, QHeaderView.ResizeMode.Stretch
        )
        fit_width(self.table)
        self.table.setMinimumHeight(150)
        self.table.setTabKeyNavigation(False)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        self.propose = QPushButton(translate("Acerto", "&Propose amounts again"), box)
        self.propose.clicked.connect(self._reset_amounts)
        row.addWidget(
            QLabel(
                translate(
                    "Acerto",
                    "Edit Apply or Discount to choose them; tick Full settlement to waive what "
                    "an invoice has left.",
                ),
                box,
            )
        )
        row.addStretch(1)
        row.addWidget(self.propose)
        lay.addLayout(row)

    # -- loading

    def _customer_changed(self, _code: str) -> None:
        self._load_sources()
        self._load_invoices()
        self._manual = False
        self._chosen = set()
        self._source_changed()

    def _load_sources(self, select: str | None = None) -> None:
        code = self.customer.code()
        self.source.blockSignals(True)
        self.source.clear()
        self._sources = {}
        for item in panes.credit_sources(code) if code else []:
            self._sources[item.number] = item
            kind = i18n.word(item.kind)
            self.source.addItem(
                translate("Acerto", "{number} — {kind} of {date}, {left} left").format(
                    number=item.number,
                    kind=kind,
                    date=i18n.day(item.date),
                    left=i18n.money(item.balance),
                ),
                item.number,
            )
        if select:
            self.source.setCurrentIndex(max(self.source.findData(select), 0))
        self.source.blockSignals(False)

    def _load_invoices(self) -> None:
        code = self.customer.code()
        rows = panes.open_invoices(code) if code else []
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, inv in enumerate(rows):
            texts = [
                inv.number,
                i18n.day(inv.date),
                i18n.day(inv.due_date),
                i18n.money(inv.balance),
                "",
                "",
                "",
                "",
                "",
            ]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c >= COL_BALANCE:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c not in EDITABLE:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if c == COL_APPLY:
                    item.setToolTip(translate("Acerto", "Money to apply to this invoice"))
                self.table.setItem(r, c, item)
            self._full_tick(r)
        self.table.blockSignals(False)
        fit_width(self.table)

    def _full_tick(self, r: int) -> None:
        """The row's full-settlement tick, off when the book does not allow full settlement."""
        item = cell(self.table, r, COL_FULL)
        if not self._waiving:
            item.setToolTip(translate("Acerto", "Full settlement is switched off in Settings."))
            return
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setToolTip(
            translate("Acerto", "Waive what this invoice has left, posted as cash discount")
        )

    def _source_changed(self, *_: object) -> None:
        number = self.source.currentData()
        item = self._sources.get(number) if number else None
        if item is not None:
            # The payment's own date decides the discount tier unless changed.
            self.date.blockSignals(True)
            self.date.setDate(i18n.qdate(item.date))
            self.date.blockSignals(False)
        self.refresh()

    def _reset_amounts(self) -> None:
        self._manual = False
        self._chosen = set()
        self.refresh()

    def _amount_edited(self, item: QTableWidgetItem) -> None:
        if item.column() == COL_APPLY:
            self._manual = True
        elif item.column() == COL_DISCOUNT:
            number = cell(self.table, item.row(), COL_INVOICE).text()
            # An emptied discount cell gives the choice back to the rules.
            if item.text().strip():
                self._chosen.add(number)
            else:
                self._chosen.discard(number)
        elif item.column() != COL_FULL:
            return
        self.refresh()

    # -- preview

    def invoice_numbers(self) -> list[str]:
        return [cell(self.table, r, COL_INVOICE).text() for r in range(self.table.rowCount())]

    def _amounts(self, column: int = COL_APPLY) -> dict[str, Decimal]:
        what = (
            translate("Acerto", "amount for {n}")
            if column == COL_APPLY
            else translate("Acerto", "cash discount on {n}")
        )
        out = {}
        for r in range(self.table.rowCount()):
            item = cell(self.table, r, column)
            number = cell(self.table, r, COL_INVOICE).text()
            if column == COL_DISCOUNT and number not in self._chosen:
                continue
            text = item.text().strip()
            try:
                out[number] = i18n.parse_money(text, what.format(n=number)) if text else Decimal(0)
                item.setBackground(QBrush())
            except UserError:
                item.setBackground(BAD)
                raise
        return out

    def waived(self) -> list[str]:
        """The invoices ticked for full settlement."""
        return [
            cell(self.table, r, COL_INVOICE).text()
            for r in range(self.table.rowCount())
            if cell(self.table, r, COL_FULL).checkState() == Qt.CheckState.Checked
        ]

    def _args(self) -> dict[str, object]:
        source = self.source.currentData()
        if not self.customer.code():
            raise UserError(
                translate("Acerto", "Choose the customer whose payment or credit note to apply.")
            )
        if not source:
            raise UserError(
                translate(
                    "Acerto",
                    "This customer has no payment or credit note with credit left to apply.",
                )
            )
        if not self.table.rowCount():
            raise UserError(translate("Acerto", "This customer has no open invoice to settle."))
        return {
            "source": source,
            "invoices": self.invoice_numbers(),
            "amounts": self._amounts() if self._manual else None,
            "full_settlement": self.waived(),
            "discounts": self._amounts(COL_DISCOUNT),
            "on": self.date.value(),
        }

    def compute(self) -> None:
        self.preview = None
        self._show(None)
        preview = settlements.preview_settlement(**self._args())  # type: ignore[arg-type]
        self.preview = preview
        self._show(preview)

    def _show(self, p: SettlementPreview | None) -> None:
        by_invoice = {a.invoice: a for a in (p.applications if p else ())}
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            number = cell(self.table, r, COL_INVOICE).text()
            a = by_invoice.get(number)
            if p is not None and not self._manual:
                cell(self.table, r, COL_APPLY).setText(i18n.money_input(a.amount) if a else "")
            if p is None and self._manual:
                pass
            discount = cell(self.table, r, COL_DISCOUNT)
            if number not in self._chosen:
                discount.setText(i18n.money_input(a.discount) if a else "")
            font = discount.font()
            font.setBold(number in self._chosen)  # the bookkeeper's discount, not the rules'
            discount.setFont(font)
            cell(self.table, r, COL_FULL).setText(
                i18n.money(a.full_settlement) if a and a.full_settlement else ""
            )
            cell(self.table, r, COL_WRITEOFF).setText(
                i18n.money(a.writeoff) if a and a.writeoff else ""
            )
            cell(self.table, r, COL_AFTER).setText(i18n.money(a.balance_after) if a else "")
            if a is not None:
                cell(self.table, r, COL_DISCOUNT).setToolTip(
                    translate("Acerto", "Cash discount, from 0 up to {most}").format(
                        most=i18n.money(a.allowed)
                    )
                    + "\n"
                    + a.explanation
                )
        self.table.blockSignals(False)
        dash = "—"
        self.available.setText(i18n.money(p.available) if p else dash)
        self.applied.setText(i18n.money(p.applied) if p else dash)
        self.discount.setText(i18n.money(p.discount) if p else dash)
        self.writeoff.setText(i18n.money(p.writeoff) if p else dash)
        self.remaining.setText(i18n.money(p.remaining_credit) if p else dash)
        fill(self.journal, journal_rows(p.journal) if p else [], right={1, 2})
        self.explanation.setPlainText(p.explanation if p else "")

    def post(self) -> str:
        rows = settlements.settle(**self._args())  # type: ignore[arg-type]
        ids = ", ".join(str(r.id) for r in rows)
        return translate("Acerto", "Settlement {ids} posted.").format(ids=ids)


__all__ = ["SettleDialog", "readonly_table"]
