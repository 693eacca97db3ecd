"""How wide a pane's columns are: from each column's type, never from every row.

Amounts are sized for the largest amount the book holds (one aggregate
query; at least five digits), dates for the widest date of the locale's
format, statuses, kinds and methods for their longest translated word, and
document numbers and codes for the page already loaded. The customer's name
takes what is left and elides; amounts and dates never do: a column of them
is never narrower than its widest value, even when the user drags it.

The user's widths are remembered per pane (QSettings, the header's state)
together with the pane's column set, so a release that changes the columns
starts from the computed widths instead of misapplying old ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTableView

from app.read import panes
from app.read.panes.widths import largest_amount
from ui import i18n
from ui.models.pane_model import pane_word, short_words

# A change of what the saved state means (not of the columns: those are compared) resets it.
LAYOUT_VERSION = 2
STRETCH = "customer_name"
METHODS = ("bank transfer", "cash", "card", "cheque", "direct debit")
# What a code column makes room for when the loaded page shows none (numbers as the book's
# series make them: app/services/book.py SERIES_PREFIX).
FALLBACK = {"number": "PAY-000000", "customer": "C0000", "order": "SO-000000"}
TEXT_CAP_CHARS = 11  # a reference longer than this elides (the name needs the room more)
ELIDING = ("customer_name", "reference")  # text that may elide (tests/ui/fits.py reads this)


def words_of(kind: panes.Kind, attr: str) -> tuple[str, ...]:
    """The stored words a word column can show."""
    if attr == "status":
        return panes.ORDER_STATUSES if kind == "orders" else panes.INVOICE_STATUSES
    if attr == "kind":
        return panes.INVOICE_KINDS
    if attr == "method":
        return METHODS
    return ()


def widest_amount(largest: Decimal) -> Decimal:
    """A negative amount with as many digits as the book's largest (at least five)."""
    digits = max(len(str(int(abs(largest)))), 5)
    return -Decimal("8" * digits + ".88")


def widest_dates() -> list[str]:
    """One date per month, day 28: the locale's format decides which is widest."""
    return list(_widest_dates(i18n.language()))


@cache
def _widest_dates(_language: str) -> tuple[str, ...]:
    """widest_dates() of one interface language (formatted once per language)."""
    return tuple(i18n.day(date(2026, month, 28)) for month in range(1, 13))


def samples(kind: panes.Kind, column: Any, largest: Decimal, rows: Iterable[Any]) -> list[str]:
    """The texts a column must show whole."""
    if column.kind == "money":
        return [i18n.money(widest_amount(largest))]
    if column.kind == "date":
        return widest_dates()
    if column.kind == "word":
        short = short_words()
        return [pane_word(w, short) for w in words_of(kind, column.attr)]
    seen = [str(getattr(r, column.attr, "") or "") for r in rows]
    return [t for t in seen if t] or [FALLBACK.get(column.attr, "")]


def header_label_width(header: QHeaderView, width: int, sorted_: bool) -> int:
    """The room the style leaves a header title in a section `width` wide (with the sort
    arrow when the section is the sorted one)."""
    opt = QStyleOptionHeader()
    opt.initFrom(header)
    opt.rect = QRect(0, 0, width, max(header.height(), header.sizeHint().height()))
    opt.state |= QStyle.StateFlag.State_Horizontal
    opt.orientation = Qt.Orientation.Horizontal
    opt.sortIndicator = (
        QStyleOptionHeader.SortIndicator.SortDown
        if sorted_
        else QStyleOptionHeader.SortIndicator.None_
    )
    return header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, opt, header).width()


def header_needed(header: QHeaderView, title: str, sorted_: bool) -> int:
    """The narrowest section that shows `title` whole."""
    overhead = 200 - header_label_width(header, 200, sorted_)
    return header_metrics(header).horizontalAdvance(title) + overhead + 2


@dataclass(frozen=True)
class Measures:
    """What one sizing pass measures with: asked of the style and the fonts once per pass
    (each column asked them again before: 55 style queries at start)."""

    content: QFontMetrics  # the cells' font (bold, as open items are drawn)
    header: QFontMetrics  # the titles' font
    overhead: dict[bool, int]  # a title's margins and arrow room: not sorted, sorted
    padding: int  # a cell's margins and grid line

    def header_needed(self, title: str, sorted_: bool) -> int:
        """header_needed(), with this pass's measures."""
        return self.header.horizontalAdvance(title) + self.overhead[sorted_] + 2


def header_metrics(header: QHeaderView) -> QFontMetrics:
    """The titles' font as drawn: bold over a selected row when the header highlights
    the sections the selection covers (a table view's default)."""
    font = QFont(header.font())
    if header.highlightSections():
        font.setBold(True)
    return QFontMetrics(font)


def cell_padding(view: QTableView) -> int:
    """What a cell takes besides its text: the style's text margins and the grid line."""
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return 2 * margin + 2


class PaneColumns:
    """Sizes one pane's columns and keeps amounts and dates whole."""

    def __init__(self, kind: panes.Kind, view: QTableView, columns: Sequence[Any]) -> None:
        self.kind = kind
        self.view = view
        self.columns = list(columns)
        self.floors: dict[int, int] = {}  # column -> narrowest width that keeps it whole
        self.largest: Decimal | None = None  # the book's largest amount, as last read
        self.header = view.horizontalHeader()
        self.header.setStretchLastSection(False)
        self.header.sectionResized.connect(self._keep_whole)
        self.header.sortIndicatorChanged.connect(self._title_whole)

    def _metrics(self) -> QFontMetrics:
        font = QFont(self.view.font())
        font.setBold(True)  # open items are drawn bold
        return QFontMetrics(font)

    def measures(self) -> Measures:
        return Measures(
            content=self._metrics(),
            header=header_metrics(self.header),
            overhead={s: 200 - header_label_width(self.header, 200, s) for s in (False, True)},
            padding=cell_padding(self.view),
        )

    def needed(self, index: int, largest: Decimal, measures: Measures | None = None) -> int:
        """The width column `index` needs: its widest sample, and its title (with the sort
        arrow when it is the sorted column)."""
        m = measures or self.measures()
        column = self.columns[index]
        rows = getattr(self.view.model(), "rows", [])
        texts = [t for t in samples(self.kind, column, largest, rows) if t]
        fm = m.content
        content = max((fm.horizontalAdvance(t) for t in texts), default=0)
        if column.kind == "text":
            content = min(content, fm.averageCharWidth() * TEXT_CAP_CHARS)
        title = str(self.view.model().headerData(index, Qt.Orientation.Horizontal) or "")
        sorted_ = self.header.sortIndicatorSection() == index
        return max(content + m.padding, m.header_needed(title, sorted_))

    def size(self) -> None:
        """Computed widths; the name column stretches over what is left."""
        largest = self.largest = largest_amount(self.kind)
        m = self.measures()
        widths: dict[int, int] = {}
        for i, column in enumerate(self.columns):
            if column.attr == STRETCH:
                self.header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
                continue
            self.header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            widths[i] = self.needed(i, largest, m)
            self.view.setColumnWidth(i, widths[i])
        self.refresh_floors(largest, widths)

    def refresh_floors(
        self, largest: Decimal | None = None, known: dict[int, int] | None = None
    ) -> None:
        """Amounts and dates at least as wide as their widest value (the book may have grown).
        `known`: widths this pass already computed (size() just did, with the same inputs)."""
        if largest is None:
            largest = self.largest = largest_amount(self.kind)
        known = known or {}
        whole = [i for i, c in enumerate(self.columns) if c.kind in ("money", "date")]
        m = None if all(i in known for i in whole) else self.measures()
        eliding = [i for i, c in enumerate(self.columns) if c.attr in ELIDING]
        self.view.setProperty("elidingColumns", eliding)
        for i in whole:
            self.floors[i] = known[i] if i in known else self.needed(i, largest, m)
            if self.view.columnWidth(i) < self.floors[i]:
                self.view.setColumnWidth(i, self.floors[i])

    def _title_whole(self, index: int, _order: Any) -> None:
        """The newly sorted column widens when its title and the arrow would not fit."""
        if not 0 <= index < len(self.columns) or self.columns[index].attr == STRETCH:
            return
        title = str(self.view.model().headerData(index, Qt.Orientation.Horizontal) or "")
        need = header_needed(self.header, title, True)
        if self.view.columnWidth(index) < need:
            self.view.setColumnWidth(index, need)

    def _keep_whole(self, index: int, _old: int, new: int) -> None:
        floor = self.floors.get(index, 0)
        if new < floor:
            self.header.resizeSection(index, floor)

    # -- remembering

    def _key(self) -> str:
        return f"window/columns/{self.kind}"

    def signature(self) -> str:
        return f"{LAYOUT_VERSION}:" + ",".join(c.attr for c in self.columns)

    def save(self, settings: QSettings) -> None:
        settings.setValue(self._key(), self.header.saveState())
        settings.setValue(self._key() + "-set", self.signature())

    def restore(self, settings: QSettings) -> bool:
        """The user's widths, when saved for this very column set; amounts stay whole."""
        state = settings.value(self._key())
        if settings.value(self._key() + "-set") != self.signature():
            return False
        if not isinstance(state, QByteArray) or not self.header.restoreState(state):
            return False
        # the amount size() read (every later change of the book re-reads it: ctx.changed)
        self.refresh_floors(self.largest)
        return True
