"""The table model behind each pane: pages of rows from `app.panes`.

It never holds the whole table: `rowCount()` is the filter's count, and a
page of 200 rows is read when the view first shows one of its rows (a page
past the middle is read from the other end, so Ctrl+End reaches the real
last row as fast as Home the first). Sorting and filtering reset the model
and re-query in SQL. Overdue rows are drawn red, open ones bold.

The count never holds up the first page (issue 12): a filter's rows are
first counted no further than `panes.COUNT_CAP` + 1. Up to the cap that is
the count; past it the model has those rows, `exact` is False (the pane says
"more than 10,000"), and the exact count is read on a thread
(ui/models/exact_count.py); when it arrives the model grows
(`beginInsertRows`), and an answer for an older filter is dropped. Until
then Ctrl+End (`to_end`) turns the model into the last rows of the filter,
read in the reverse order (no count needed); the exact count then grows it
at the top, and its pages stay numbered from the end until the next reset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from app.read import panes
from ui import i18n
from ui.i18n import translate
from ui.models.early_count import EarlyCount
from ui.models.exact_count import ExactCount

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


# Colours, which the view paints as it would brushes of them (a QBrush made here
# would create QGradient's enums, 169 presets, at start)
OVERDUE_FG = QColor("#a61b1b")
OVERDUE_BG = QColor("#fdecea")
# Made once: combining two Qt flags builds a Python enum member on every call (data()
# answers this role for every painted cell).
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


_Role = Qt.ItemDataRole
DISPLAY = int(_Role.DisplayRole)
ALIGNMENT = int(_Role.TextAlignmentRole)
FOREGROUND = int(_Role.ForegroundRole)
BACKGROUND = int(_Role.BackgroundRole)
FONT = int(_Role.FontRole)
TOOLTIP = int(_Role.ToolTipRole)
USER = int(_Role.UserRole)
HORIZONTAL = Qt.Orientation.Horizontal
SERVED = frozenset((DISPLAY, ALIGNMENT, FOREGROUND, BACKGROUND, FONT, TOOLTIP, USER))

KEPT_PAGES = 64  # pages of PAGE_SIZE rows kept while the sort and filter stay


class PaneModel(QAbstractTableModel):
    """Orders, invoices or payments, one page at a time."""

    counted = Signal()  # the exact count arrived (the model grew to it)

    def __init__(
        self, kind: panes.Kind, filters: panes.Filters, parent: Any = None, held: bool = False
    ) -> None:
        super().__init__(parent)
        # held: the view is still being set up (its sort indicator, the saved header
        # state); sort and filter changes are kept, the one query waits for release()
        self.held = held
        self.reloads = 0  # queries of count and first page so far (start-up loads once)
        self.kind = kind
        self.columns = COLUMNS[kind]
        self.filters = filters
        self.sort_key = "date"
        self.sort_order = Qt.SortOrder.DescendingOrder
        self.pages: dict[int, list[panes.Row]] = {}
        self.total = 0
        self.exact = True  # total is the count (False: a capped count, more rows exist)
        self.from_end = False  # Ctrl+End before the count: pages are numbered from the end
        self.counts = 0  # counts asked for so far: the exact count's answer must be the latest
        self.cap = panes.COUNT_CAP
        self.exact_count = ExactCount(self)
        self.exact_count.counted.connect(self._counted)
        self.page_size = panes.PAGE_SIZE
        self._bold = QFont()
        self._bold.setBold(True)
        self._short = short_words()
        self._early: EarlyCount | None = None  # see count_early
        if not held:
            self.reload()

    def count_early(self) -> None:
        """Held: start counting the current filter's rows on a thread; the first
        reload takes that count (ui/models/early_count.py). The exact count, when
        needed, waits for `count_exactly` (the window's first paint)."""
        self._early = EarlyCount(self.kind, self.filters)
        self.exact_count.hold()

    def count_exactly(self) -> None:
        """The exact count that waited (count_early), read now on its thread."""
        self.exact_count.resume()

    # -- loading

    def reload(self, recount: bool = True) -> None:
        """Re-query: the count (capped; not for a new sort of the same rows: `recount`
        False), and the first page (nothing while held)."""
        if self.held:
            return
        self.reloads += 1
        self.beginResetModel()
        self.pages.clear()
        self.from_end = False
        if recount:
            self._count()
        self._load(0)
        self.endResetModel()
        if recount and not self.exact:
            self.exact_count.request(self.counts, self.kind, self.filters)

    def _count(self) -> None:
        """The count up to the cap (the one taken early on a thread, if of this filter)."""
        self.counts += 1
        early, self._early = self._early, None
        total = early.result(self.filters) if early is not None else None
        if total is None:
            total = panes.count(self.kind, self.filters, cap=self.cap)
        self.total, self.exact = total, total <= self.cap

    def _counted(self, number: int, total: int) -> None:
        """The exact count of request `number` (dropped unless it is the latest)."""
        if number != self.counts or self.exact:
            return
        if total <= self.total:  # the book lost rows meanwhile: read it again
            self.beginResetModel()
            self.pages.clear()
            self.total, self.exact, self.from_end = total, True, False
            self.endResetModel()
        else:
            # the rows not had yet: after the first ones, or before the last ones (the
            # pages read stay: counted from the end, with the count they turn round)
            at = 0 if self.from_end else self.total
            self.beginInsertRows(QModelIndex(), at, at + total - self.total - 1)
            self.total, self.exact = total, True
            self.endInsertRows()
        self.counted.emit()

    def to_end(self, end: bool = True) -> None:
        """Ctrl+End (Ctrl+Home: `end` False) before the exact count: the model holds the
        filter's last (first) rows, read from that end without counting."""
        if self.exact or self.from_end == end:
            return
        self.beginResetModel()
        self.pages.clear()
        self.from_end = end
        self.endResetModel()

    def wait(self) -> None:
        """Let a running count end (the window closes)."""
        self.exact_count.wait()

    def _load(self, number: int) -> list[panes.Row]:
        """Page `number` of the current sort and filter, read when first asked for
        (a page past the middle from the other end: Ctrl+End costs what Home does).
        The pages read stay while the filter and sort do, up to KEPT_PAGES."""
        page = self.pages.get(number)
        if page is not None:
            return page
        ascending = (self.sort_order == Qt.SortOrder.AscendingOrder) != self.from_end
        order: Literal["asc", "desc"] = "asc" if ascending else "desc"
        page = panes.page(
            self.kind,
            self.filters,
            self.sort_key,
            order,
            offset=number * self.page_size,
            limit=self.page_size,
            total=self.total,
            more=not self.exact,
        )
        if self.from_end:  # page `number` counted from the last row, read the other way
            page.reverse()
        if len(self.pages) >= KEPT_PAGES:
            self.pages.pop(next(k for k in self.pages if k != 0))
        self.pages[number] = page
        return page

    def release(self) -> None:
        """The view is set up: load, once, with the sort and filter it asked for."""
        if self.held:
            self.held = False
            self.reload()

    @property
    def rows(self) -> list[panes.Row]:
        """The rows read so far from the top, in order (the first pages that are kept)."""
        out: list[panes.Row] = []
        number = 0
        while number in self.pages:
            out += self.pages[number]
            number += 1
        return out

    def set_filters(self, filters: panes.Filters) -> None:
        self.filters = filters
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].sort
        if key is None:
            return
        self.sort_key = key
        self.sort_order = order
        self.reload(recount=False)

    def sort_column(self) -> int:
        for i, col in enumerate(self.columns):
            if col.sort == self.sort_key:
                return i
        return -1

    # -- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Every row of the filter: the view's scroll bar and Ctrl+End reach the real
        last row; its page is read when shown."""
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def row_at(self, row: int) -> panes.Row | None:
        if not 0 <= row < self.total:
            return None
        if self.from_end:
            back = self.total - 1 - row  # rows after it
            page = self._load(back // self.page_size)
            at = len(page) - 1 - back % self.page_size
            return page[at] if at >= 0 else None  # the book changed under us
        page = self._load(row // self.page_size)
        at = row % self.page_size
        return page[at] if at < len(page) else None  # the book changed under us

    def _row(self, number: int, at: int) -> int:
        """The model's row of item `at` of page `number`."""
        if self.from_end:
            page = self.pages[number]
            return self.total - (number * self.page_size + len(page) - at)
        return number * self.page_size + at

    def find(self, number: str) -> int:
        """The row of document `number` among the pages read (-1: not read)."""
        for start, page in self.pages.items():
            for i, r in enumerate(page):
                if r.number == number:
                    return self._row(start, i)
        return -1

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Asked about seven roles of every painted cell: the roles are compared as
        # plain ints (an enum member looked up per call cost ~1 µs each) and the
        # roles no cell has are answered first.
        if role not in SERVED or not index.isValid():
            return None
        column = index.column()
        if column >= len(self.columns):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        col = self.columns[column]
        if role == DISPLAY:
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
        if role == ALIGNMENT:
            return RIGHT if col.kind == "money" else LEFT
        if role == FOREGROUND:
            return OVERDUE_FG if row.overdue else None
        if role == BACKGROUND:
            return OVERDUE_BG if row.overdue else None
        if role == FONT:
            return self._bold if row.open else None
        if role == TOOLTIP:
            return self._tooltip(row, col)
        return row.number  # USER

    def _tooltip(self, row: panes.Row, col: Column) -> str | None:
        if col.kind == "word" and getattr(row, col.attr) in self._short:
            return i18n.word(getattr(row, col.attr))
        if row.overdue and isinstance(row, panes.InvoiceRow):
            return translate("Acerto", "Overdue since {date}: {balance} open").format(
                date=i18n.day(row.due_date), balance=i18n.money(row.balance)
            )
        if row.open:
            return translate("Acerto", "Open")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        # asked about many roles per section while the header is measured and painted:
        # the ones answered are tested first, as plain ints
        if role == DISPLAY:
            if orientation != HORIZONTAL:
                return str(section + 1)
            if 0 <= section < len(self.columns):
                return translate("Acerto", self.columns[section].title)
            return None
        if (
            role == ALIGNMENT
            and orientation == HORIZONTAL
            and 0 <= section < len(self.columns)
            and self.columns[section].kind == "money"  # titles over amounts sit over their digits
        ):
            return RIGHT
        return None
