"""The shape every posting dialog shares: fields, a live preview, an inline
error line, and Post / Cancel (Enter posts, Esc cancels).

Subclasses implement `compute()` (read the fields, ask app/ for a preview,
render it; raise `UserError` when something is wrong) and `post()` (call the
service, return the sentence for the status bar). OK hands `post` to
`ui.ops.run_op`, the seam every posting goes through: it refreshes the
window through the one "book changed" signal and shows a refusal in this
dialog's error line. No rule is computed here: the preview is app/'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rules.money import parse_quantity
from ui import i18n
from ui.context import BookContext
from ui.i18n import translate
from ui.ops import run_op
from ui.tables import RIGHT, fill, fit_width, readonly_table  # noqa: F401  (offered to the dialogs)
from ui.widgets import DateEdit, MoneyEdit, cell, mark_invalid

log = logging.getLogger(__name__)
T = TypeVar("T")


class PostingDialog(QDialog):
    """A dialog whose OK posts one service call."""

    ok_text = "Post"

    def __init__(self, ctx: BookContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.result_text = ""
        self._refreshing = False
        self._invalid: list[QWidget] = []
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: 600;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(translate("Acerto", self.ok_text))
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # -- layout helpers

    def finish_layout(self) -> None:
        """Add the error line and buttons last, then compute the first preview."""
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.layout_.addWidget(line)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)
        # Enter always posts: no other button may become the default one.
        for button in self.findChildren(QPushButton):
            if button is not self.ok:
                button.setAutoDefault(False)
                button.setDefault(False)
        self.refresh()

    def group(self, title: str) -> tuple[QGroupBox, QVBoxLayout]:
        box = QGroupBox(title, self)
        lay = QVBoxLayout(box)
        self.layout_.addWidget(box)
        return box, lay

    def number_and_date(
        self, label: str, number: str | None, placeholder: str
    ) -> tuple[QLineEdit, DateEdit]:
        """The first two form rows: the document's number (`label`) and the date (today)."""
        edit = QLineEdit(number or "", self)
        edit.setPlaceholderText(placeholder)
        day = DateEdit(self.ctx.today(), self)
        self.form.addRow(label, edit)
        self.form.addRow(translate("Acerto", "&Date:"), day)
        return edit, day

    # -- validation

    def field(self, widget: QWidget, parse: Callable[[], T]) -> T:
        """Run one field's parser; mark the field red when it raises."""
        try:
            value = parse()
        except UserError:
            mark_invalid(widget, True)
            self._invalid.append(widget)
            raise
        return value

    def fail(self, widget: QWidget, message: str) -> None:
        """Mark a field wrong and stop the preview with `message`."""

        def parse() -> None:
            raise UserError(message)

        self.field(widget, parse)

    def refresh(self, *_: Any) -> None:
        """Recompute the preview after an edit."""
        if self._refreshing:
            return
        self._refreshing = True
        previously = self._invalid
        self._invalid = []
        try:
            self.compute()
        except UserError as exc:
            self.show_error(str(exc))
        except Exception as exc:  # a bug: keep the dialog usable, say so
            log.exception("preview failed")
            self.show_error(translate("Acerto", "Internal error: {e}").format(e=exc))
        else:
            self.show_error("")
        finally:
            for w in previously:
                if w not in self._invalid:
                    mark_invalid(w, False)
            self._refreshing = False

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.ok.setEnabled(not text)

    def compute(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def accept(self) -> None:
        """Post through the window's one seam; a refusal stays in the error line."""
        self.refresh()
        if not self.ok.isEnabled():
            return
        run_op(self, self.post, success=self._posted)

    def _posted(self, text: str) -> None:
        self.result_text = text
        super().accept()


class AmountOrLines:
    """The "by amount / by lines" choice of a dialog: two radio buttons, an
    amount field and a table of the document's lines whose last column takes
    the quantity to use. Adds its three rows to the dialog's form and
    refreshes the preview on every edit.

    Table columns: line, description, quantity (`quantity_header`), unit
    price, the quantity typed (`entry_header`).
    """

    COL_LINE, COL_DESC, COL_QTY, COL_PRICE, COL_ENTRY = range(5)

    def __init__(
        self,
        dialog: PostingDialog,
        mode_label: str,
        lines_text: str,
        headers: tuple[str, str],
        *,
        lines_first: bool,
        table_height: int,
    ) -> None:
        self.dialog = dialog
        self.by_amount = QRadioButton(translate("Acerto", "By &amount"), dialog)
        self.by_lines = QRadioButton(lines_text, dialog)
        first, second = (
            (self.by_lines, self.by_amount) if lines_first else (self.by_amount, self.by_lines)
        )
        first.setChecked(True)
        group = QButtonGroup(dialog)
        group.addButton(self.by_amount)
        group.addButton(self.by_lines)
        modes = QHBoxLayout()
        modes.addWidget(first)
        modes.addWidget(second)
        modes.addStretch(1)
        self.amount = MoneyEdit(dialog)
        quantity_header, entry_header = headers
        self.table = entry_table(
            [
                translate("Acerto", "Line"),
                translate("Acerto", "Description"),
                quantity_header,
                translate("Acerto", "Unit price"),
                entry_header,
            ],
            table_height,
            dialog,
        )
        dialog.form.addRow(mode_label, modes)
        dialog.form.addRow(translate("Acerto", "A&mount:"), self.amount)
        dialog.form.addRow(translate("Acerto", "Lines:"), self.table)
        self._loaded = ""
        self.amount.textChanged.connect(dialog.refresh)
        self.by_amount.toggled.connect(dialog.refresh)
        self.table.itemChanged.connect(dialog.refresh)

    def load(self, number: str, rows: Callable[[], list[list[str]]]) -> None:
        """Show the lines of document `number` (once): `rows` gives line,
        description, quantity and unit price as text."""
        if number == self._loaded:
            return
        texts = rows()
        self._loaded = number
        self.table.blockSignals(True)
        self.table.setRowCount(len(texts))
        for r, row in enumerate(texts):
            for c, text in enumerate([*row, ""]):
                item = QTableWidgetItem(text)
                if c != self.COL_DESC:
                    item.setTextAlignment(RIGHT)
                if c != self.COL_ENTRY:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    def value(self, nothing: str) -> tuple[Decimal | None, dict[int, Decimal] | None]:
        """Enable the chosen field and read it: (amount, None) or (None, quantities).

        `nothing` is the error when no line has a quantity."""
        self.amount.setEnabled(self.by_amount.isChecked())
        self.table.setEnabled(self.by_lines.isChecked())
        if self.by_amount.isChecked():
            amount = self.dialog.field(self.amount, lambda: i18n.parse_money(self.amount.text()))
            return amount, None
        return None, self.quantities(nothing)

    def quantities(self, nothing: str) -> dict[int, Decimal]:
        """The quantity typed per line number; the table is marked when one is wrong."""
        qty: dict[int, Decimal] = {}
        for r in range(self.table.rowCount()):
            text = cell(self.table, r, self.COL_ENTRY).text().strip()
            if text:
                seq = int(cell(self.table, r, self.COL_LINE).text())
                qty[seq] = self.dialog.field(
                    self.table,
                    partial(
                        parse_quantity,
                        text,
                        translate("Acerto", "quantity of line {n}").format(n=seq),
                    ),
                )
        if not qty:
            raise UserError(nothing)
        return qty


def entry_table(headers: list[str], min_height: int, parent: QWidget | None = None) -> QTableWidget:
    """A table of a document's lines, some cells editable: no row numbers,
    the last column stretched."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(min_height)
    return table


def journal_rows(lines: Any) -> list[list[str]]:
    """Journal preview lines (app.settlement.JournalLine) as table rows."""
    return [
        [
            i18n.word(ln.account),
            i18n.money(ln.debit) if ln.debit else "",
            i18n.money(ln.credit) if ln.credit else "",
        ]
        for ln in lines
    ]


def journal_table(parent: QWidget | None = None) -> QTableWidget:
    t = readonly_table(
        [
            translate("Acerto", "Account"),
            translate("Acerto", "Debit"),
            translate("Acerto", "Credit"),
        ],
        parent,
    )
    t.setMinimumHeight(110)
    # The amounts always get their contents' width; the account's name takes
    # what is left (elided if it must be): a figure is never cut.
    header = t.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return t


def journal_and_explanation(
    box: QWidget, lay: QVBoxLayout, min_height: int
) -> tuple[QTableWidget, QPlainTextEdit]:
    """A preview's journal lines beside its read-only explanation, added to `lay`."""
    below = QHBoxLayout()
    journal = journal_table(box)
    explanation = QPlainTextEdit(box)
    explanation.setReadOnly(True)
    explanation.setMinimumHeight(min_height)
    below.addWidget(journal, 2)
    below.addWidget(explanation, 3)
    lay.addLayout(below)
    return journal, explanation


def settlement_figures(
    parent: QWidget, lay: QVBoxLayout, last: str
) -> tuple[QLabel, QLabel, QLabel, QLabel, QLabel]:
    """A settlement preview's figures in a row, each under its title, added to `lay`:
    available, applied, cash discount, write-off and `last` (what is left)."""
    grid = QGridLayout()
    titles = (
        translate("Acerto", "Available"),
        translate("Acerto", "Applied"),
        translate("Acerto", "Cash discount"),
        translate("Acerto", "Write-off"),
        last,
    )
    labels = []
    for i, text in enumerate(titles):
        title = QLabel(text, parent)
        title.setAlignment(RIGHT)
        grid.addWidget(title, 0, i)
        labels.append(figure_label(parent))
        grid.addWidget(labels[-1], 1, i)
    lay.addLayout(grid)
    return labels[0], labels[1], labels[2], labels[3], labels[4]


def figure_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setAlignment(RIGHT)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
