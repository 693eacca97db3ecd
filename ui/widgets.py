"""Small input widgets the dialogs share: customer picker, amount and date
fields, and an editable lines table."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.read import panes
from ui import i18n
from ui.i18n import translate

INVALID_STYLE = "border: 1px solid #c0392b; background: #fdecea;"


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item at (row, column), made empty when the cell has none yet."""
    item = table.item(row, column)
    if item is None:
        item = QTableWidgetItem("")
        table.setItem(row, column, item)
    return item


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Show a field as wrong (red frame) or as fine again."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet(INVALID_STYLE if invalid else "")


class CustomerBox(QComboBox):
    """Choose a customer by code or name; `code()` is the chosen code.

    The list holds a short page of customers (and the chosen one); typing
    searches the whole book in SQL (`app.panes.customers`, LIKE, at most
    SEARCH_LIMIT rows) and offers the matches in the completer popup, so a
    book with any number of customers stays quick.
    """

    customerChanged = Signal(str)
    SEP = " — "
    PAGE = 50
    SEARCH_LIMIT = 50

    def __init__(self, parent: QWidget | None = None, allow_all: bool = False) -> None:
        super().__init__(parent)
        self.allow_all = allow_all
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(28)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.matches = QStringListModel(self)
        completer = QCompleter(self.matches, self)
        # the model already holds what SQL matched: show it as it is
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self._completed)
        self.setCompleter(completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(lambda: self.search(self._edit().text(), popup=True))
        self._edit().setPlaceholderText(translate("Acerto", "Type a customer code or name"))
        self.reload()
        self.currentIndexChanged.connect(lambda _i: self.customerChanged.emit(self.code() or ""))
        self._edit().textEdited.connect(lambda _t: self._timer.start())
        self._edit().editingFinished.connect(self._match_text)

    def _edit(self) -> QLineEdit:
        edit = self.lineEdit()
        assert edit is not None  # the box is editable
        return edit

    def _label(self, c: panes.CustomerItem) -> str:
        return f"{c.code}{self.SEP}{c.name}"

    def reload(self) -> None:
        """Refill the short list (the book changed), keeping the chosen customer."""
        keep = self.code()
        self.blockSignals(True)
        self.clear()
        if self.allow_all:
            self.addItem(translate("Acerto", "All customers"), "")
        for c in panes.customers(limit=self.PAGE):
            self.addItem(self._label(c), c.code)
        self.blockSignals(False)
        if keep:
            self.set_code(keep)
        elif not self.allow_all:
            self.setCurrentIndex(-1)

    def search(self, text: str, popup: bool = False) -> list[str]:
        """Customers matching `text` as "CODE — Name", offered by the completer."""
        labels = [self._label(c) for c in panes.customers(text, limit=self.SEARCH_LIMIT)]
        self.matches.setStringList(labels)
        completer = self.completer()
        if popup and completer is not None and labels and self._edit().hasFocus():
            completer.complete()
        return labels

    def code(self) -> str | None:
        if self.currentIndex() < 0:
            return None
        data = self.currentData()
        if data and self.currentText() == self.itemText(self.currentIndex()):
            return str(data)
        return None

    def set_code(self, code: str | None) -> bool:
        """Choose the customer `code` ("" = all customers); False when there is none."""
        i = self.findData(code or "")
        if i < 0 and code:
            found = panes.customer(code)
            if found is not None:
                i = self.findData(found.code)
                if i < 0:
                    self.addItem(self._label(found), found.code)
                    i = self.count() - 1
        self.setCurrentIndex(i)
        if i >= 0:
            self.setEditText(self.itemText(i))
        return i >= 0

    def _completed(self, text: str) -> None:
        self.set_code(text.split(self.SEP)[0].strip())

    def _match_text(self) -> None:
        text = self.currentText().strip()
        if not text or self.code() is not None:
            return
        if self.set_code(text.split(self.SEP)[0].strip()):
            return
        found = panes.customers(text, limit=2)
        if len(found) == 1:
            self.set_code(found[0].code)


class MoneyEdit(QLineEdit):
    """An amount field: typed as text, parsed by app/ (either separator)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText(i18n.money_input(i18n.currency().quantum * 0))
        self.setMaximumWidth(160)


class DateEdit(QDateEdit):
    def __init__(self, value: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(i18n.date_format())
        self.setDate(i18n.qdate(value))

    def value(self) -> date:
        return i18n.pydate(self.date())


class OptionalDateEdit(DateEdit):
    """A date filter that can be empty (shown blank at its minimum)."""

    NONE = QDate(1900, 1, 1)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(date(1900, 1, 1), parent)
        self.setMinimumDate(self.NONE)
        self.setSpecialValueText(" ")
        self.setDate(self.NONE)

    def optional(self) -> date | None:
        return None if self.date() == self.NONE else self.value()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.setDate(self.NONE)
            return
        super().keyPressEvent(event)


class LinesTable(QWidget):
    """Description / quantity / unit price rows, amounts filled by the preview."""

    changed = Signal()
    COL_DESC, COL_QTY, COL_PRICE, COL_AMOUNT = range(4)

    def __init__(self, parent: QWidget | None = None, rows: int = 3) -> None:
        super().__init__(parent)
        self.table = QTableWidget(rows, 4, self)
        self.table.setHorizontalHeaderLabels(
            [
                translate("Acerto", "Description"),
                translate("Acerto", "Quantity"),
                translate("Acerto", "Unit price"),
                translate("Acerto", "Amount"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_DESC, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().horizontalAdvance("000,000,000.00") + 16
        for col in (self.COL_QTY, self.COL_PRICE, self.COL_AMOUNT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setTabKeyNavigation(True)
        for r in range(rows):
            self._prepare_row(r)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        add = QPushButton(translate("Acerto", "Add line"), self)
        remove = QPushButton(translate("Acerto", "Remove line"), self)
        add.clicked.connect(self.add_row)
        remove.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.setMinimumHeight(140)

    def _prepare_row(self, r: int) -> None:
        self.table.blockSignals(True)
        for c in range(4):
            item = QTableWidgetItem("")
            if c != self.COL_DESC:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if c == self.COL_AMOUNT:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(r, c, item)
        self.table.blockSignals(False)

    def add_row(self) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self._prepare_row(r)
        self.table.setCurrentCell(r, 0)
        self.changed.emit()

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            self.changed.emit()

    def set_row(self, r: int, desc: str, qty: str, price: str) -> None:
        while self.table.rowCount() <= r:
            self.add_row()
        cell(self.table, r, self.COL_DESC).setText(desc)
        cell(self.table, r, self.COL_QTY).setText(qty)
        cell(self.table, r, self.COL_PRICE).setText(price)

    def texts(self) -> list[tuple[str, str, str]]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [cell(self.table, r, c) for c in range(3)]
            out.append(tuple(c.text() if c is not None else "" for c in cells))
        return out  # type: ignore[return-value]

    def show_amounts(self, amounts: list[str]) -> None:
        self.table.blockSignals(True)
        i = 0
        for r, (d, q, p) in enumerate(self.texts()):
            item = cell(self.table, r, self.COL_AMOUNT)
            if d.strip() or q.strip() or p.strip():
                item.setText(amounts[i] if i < len(amounts) else "")
                i += 1
            else:
                item.setText("")
        self.table.blockSignals(False)
