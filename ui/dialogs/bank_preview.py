"""The Bank view's live preview (issue 11): what accepting the line shown would settle.

The same figures as the settle dialog's preview — per invoice the money
applied, the cash discount, the write-off and the balance after; the
money available, applied and left on account; the journal lines and the
rule's explanation — for the proposal, and again on every change the
bookkeeper makes before accepting: other invoices typed, or the money
for an invoice edited in the Apply column. The figures are app/'s: the
proposal's own preview, or `accept.preview` (the settlement service's
preview of the payment accepting would post), never computed here.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.rules.settlement import SettlementPreview
from ui import i18n
from ui.dialogs.base import (
    RIGHT,
    fill,
    fit_width,
    journal_and_explanation,
    journal_rows,
    settlement_figures,
)
from ui.i18n import translate

COL_INVOICE, COL_BALANCE, COL_APPLY, COL_DISCOUNT, COL_WRITEOFF, COL_AFTER = range(6)


class BankPreview(QWidget):
    """Applications (Apply editable), figures, journal and explanation of one preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        # The invoices and the figures: hidden for money out, which settles nothing.
        self.settling = QWidget(self)
        top = QVBoxLayout(self.settling)
        top.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 6, self.settling)
        self.table.setHorizontalHeaderLabels(
            [
                translate("Acerto", "Invoice"),
                translate("Acerto", "Balance"),
                translate("Acerto", "Apply"),
                translate("Acerto", "Discount"),
                translate("Acerto", "Write-off"),
                translate("Acerto", "Balance after"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        # As the settle dialog: each column as wide as its title and figures, the
        # invoice number the rest, and the table never narrower than that (issue 10).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_INVOICE, QHeaderView.ResizeMode.Stretch)
        fit_width(self.table)
        self.table.setMinimumHeight(90)
        self.table.setTabKeyNavigation(False)
        top.addWidget(self.table)
        self.available, self.applied, self.discount, self.writeoff, self.remaining = (
            settlement_figures(self.settling, top, translate("Acerto", "On account"))
        )
        lay.addWidget(self.settling)
        self.journal, self.explanation = journal_and_explanation(self, lay, 90)
        self.explanation.setObjectName("explanation")
        self.preview: SettlementPreview | None = None

    def show_preview(
        self,
        p: SettlementPreview | None,
        words: str = "",
        named: dict[str, Decimal] | None = None,
    ) -> None:
        """Show `p` (None: nothing to show); `words` go above the rule's explanation.
        `named`: the invoices the bookkeeper named, with their balances, each a row
        (one the money does not reach, with nothing applied, its Apply cell to type in);
        otherwise a row per invoice the preview settles."""
        self.preview = p
        apps = {a.invoice: a for a in (p.applications if p is not None else ())}
        rows = list(named) if named is not None else list(apps)
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, number in enumerate(rows):
            a = apps.get(number)
            balance = a.balance_before if a is not None else (named or {}).get(number)
            values = (
                number,
                "" if balance is None else i18n.money(balance),
                i18n.money_input(a.amount) if a else "",
                i18n.money(a.discount) if a and a.discount else "",
                i18n.money(a.writeoff) if a and a.writeoff else "",
                i18n.money(a.balance_after) if a else "",
            )
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c != COL_INVOICE:
                    item.setTextAlignment(RIGHT)
                if c != COL_APPLY:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(a.explanation if a else "")
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        fit_width(self.table)
        dash = "—"
        self.available.setText(i18n.money(p.available) if p else dash)
        self.applied.setText(i18n.money(p.applied) if p else dash)
        self.discount.setText(i18n.money(p.discount) if p else dash)
        self.writeoff.setText(i18n.money(p.writeoff) if p else dash)
        self.remaining.setText(i18n.money(p.remaining_credit) if p else dash)
        fill(self.journal, journal_rows(p.journal) if p else [], right={1, 2})
        text = "\n\n".join(t for t in (words, p.explanation if p else "") if t)
        self.explanation.setPlainText(text)

    def clear_figures(self) -> None:
        """No figures, the rows as typed kept (to be put right): what was typed cannot
        be read."""
        for label in (self.available, self.applied, self.discount, self.writeoff, self.remaining):
            label.setText("—")
        fill(self.journal, [], right={1, 2})

    def invoices(self) -> list[str]:
        return [self.table.item(r, COL_INVOICE).text() for r in range(self.table.rowCount())]

    def amounts(self) -> dict[str, Decimal]:
        """The Apply column as typed (an unreadable amount: UserError, in words)."""
        cur = i18n.currency()
        out: dict[str, Decimal] = {}
        for r in range(self.table.rowCount()):
            number = self.table.item(r, COL_INVOICE).text()
            text = self.table.item(r, COL_APPLY).text().strip()
            what = translate("Acerto", "amount for {n}").format(n=number)
            out[number] = cur.parse(text, what) if text else Decimal(0)
        return out
