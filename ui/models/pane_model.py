"""The table model behind each pane: pages of rows from `app.panes`.

It never holds the whole table: `rowCount()` grows by one page (200 rows)
each time the view asks `fetchMore()`. Sorting and filtering reset the model
and re-query in SQL. Overdue rows are drawn red, open ones bold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.read import panes
from ui import i18n
from ui.i18n import translate

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    attr: str  # the Row field
    title: str  # untranslated; shown through translate()
    kind: str = "text"  # text / money / date / word
    sort: str | None = None  # app.panes sort key, None = not sortable


def _c(attr: str, title: str, kind: str = "text", sortable: bool = True) -> Column:
    return Column(attr, title, kind, attr if sortable else None)


COLUMNS: dict[str, list[Column]] = {
    "orders": [
        _c("number", translate("Acerto", "Number")),
        _c("date", translate("Acerto", "Date"), "date"),
        _c("customer", translate("Acerto", "Customer")),
        _c("customer_name", translate("Acerto", "Name")),
        _c("total", translate("Acerto", "Total"), "money"),
        _c("invoiced", translate("Acerto", "Invoiced"), "money"),
        _c("paid", translate("Acerto", "Paid"), "money"),
        _c("left_to_invoice", translate("Acerto", "Left to invoice"), "money"),
        _c("status", translate("Acerto", "Status"), "word"),
    ],
    "invoices": [
        _c("number", translate("Acerto", "Number")),
        _c("date", translate("Acerto", "Date"), "date"),
        _c("due_date", translate("Acerto", "Due"), "date"),
        _c("customer", translate("Acerto", "Customer")),
        _c("customer_name", translate("Acerto", "Name")),
        _c("total", translate("Acerto", "Total"), "money"),
        _c("balance", translate("Acerto", "Balance"), "money"),
        _c("status", translate("Acerto", "Status"), "word"),
        _c("kind", translate("Acerto", "Kind"), "word"),
        _c("order", translate("Acerto", "Order"), sortable=False),
    ],
    "payments": [
        _c("number", translate("Acerto", "Number")),
        _c("date", translate("Acerto", "Date"), "date"),
        _c("customer", translate("Acerto", "Customer")),
        _c("customer_name", translate("Acerto", "Name")),
        _c("amount", translate("Acerto", "Amount"), "money"),
        _c("applied", translate("Acerto", "Applied"), "money"),
        _c("unapplied", translate("Acerto", "Unapplied"), "money"),
        _c("order", translate("Acerto", "Order"), sortable=False),
        _c("method", translate("Acerto", "Method"), "word"),
        _c("reference", translate("Acerto", "Reference")),
    ],
}


def short_words() -> dict[str, str]:
    """Stored words in the short form a pane's narrow column shows (the full word is
    its tooltip); a word not listed shows as `i18n.word` has it."""
    return {
        "partially_settled": translate("Acerto", "partial", "invoice status, short"),
        "partially_invoiced": translate("Acerto", "partial", "order status, short"),
        "standalone": translate("Acerto", "standalone", "invoice kind, short"),
        "credit_note": translate("Acerto", "credit note", "invoice kind, short"),
        "corrective": translate("Acerto", "corrective", "invoice kind, short"),
        "bank transfer": translate("Acerto", "transfer", "payment method, short"),
        "direct debit": translate("Acerto", "debit", "payment method, short"),
    }


def pane_word(key: str, short: dict[str, str]) -> str:
    return short.get(key) or i18n.word(key)


OVERDUE_FG = QBrush(QColor("#a61b1b"))
OVERDUE_BG = QBrush(QColor("#fdecea"))


class PaneModel(QAbstractTableModel):
    """Orders, invoices or payments, one page at a time."""

    def __init__(self, kind: panes.Kind, filters: panes.Filters, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.columns = COLUMNS[kind]
        self.filters = filters
        self.sort_key = "date"
        self.sort_order = Qt.SortOrder.DescendingOrder
        self.rows: list[panes.Row] = []
        self.total = 0
        self.page_size = panes.PAGE_SIZE
        self._bold = QFont()
        self._bold.setBold(True)
        self._short = short_words()
        self.reload()

    # -- loading

    def reload(self) -> None:
        """Re-query: count, and the first page."""
        self.beginResetModel()
        self.rows = []
        self.total = panes.count(self.kind, self.filters)
        self._append_page()
        self.endResetModel()

    def _page(self) -> list[panes.Row]:
        order: Literal["asc", "desc"] = (
            "asc" if self.sort_order == Qt.SortOrder.AscendingOrder else "desc"
        )
        return panes.page(
            self.kind,
            self.filters,
            self.sort_key,
            order,
            offset=len(self.rows),
            limit=self.page_size,
        )

    def _append_page(self) -> None:
        rows = self._page()
        self.rows.extend(rows)
        if len(rows) < self.page_size:
            self.total = len(self.rows)  # the book changed under us; trust the page

    def set_filters(self, filters: panes.Filters) -> None:
        self.filters = filters
        self.reload()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self.rows) >= self.total:
            return
        rows = self._page()
        if not rows:
            self.total = len(self.rows)
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()
        if len(rows) < self.page_size:
            self.total = len(self.rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].sort
        if key is None:
            return
        self.sort_key = key
        self.sort_order = order
        self.reload()

    def sort_column(self) -> int:
        for i, col in enumerate(self.columns):
            if col.sort == self.sort_key:
                return i
        return -1

    # -- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def row_at(self, row: int) -> panes.Row | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def find(self, number: str) -> int:
        for i, r in enumerate(self.rows):
            if r.number == number:
                return i
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            not index.isValid()
            or index.row() >= len(self.rows)
            or index.column() >= len(self.columns)
        ):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, col.attr)
            if value is None:
                return ""
            if col.kind == "money":
                return i18n.money(value)
            if col.kind == "date":
                return i18n.day(value)
            if col.kind == "word":
                return pane_word(value, self._short)
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.kind == "money":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return OVERDUE_FG
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue:
            return OVERDUE_BG
        if role == Qt.ItemDataRole.FontRole and row.open:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.kind == "word" and getattr(row, col.attr) in self._short:
                return i18n.word(getattr(row, col.attr))
            if row.overdue and isinstance(row, panes.InvoiceRow):
                return translate("Acerto", "Overdue since {date}: {balance} open").format(
                    date=i18n.day(row.due_date), balance=i18n.money(row.balance)
                )
            if row.open:
                return translate("Acerto", "Open")
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.number
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and horizontal
            and 0 <= section < len(self.columns)
        ):
            if self.columns[section].kind == "money":  # titles over amounts sit over their digits
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return translate("Acerto", self.columns[section].title)
            return None
        return str(section + 1)
