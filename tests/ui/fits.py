"""Does every text a window shows fit its space? (issue 10: "no cut text")

`cut_texts(widget)` walks the visible widgets under `widget` and returns one
sentence per text that does not fit: labels (one line: the widest line against
the contents width; word-wrapped: the height the text needs at that width
against the label's height), buttons and check boxes (their size hint, which is
the text plus the style's margins and indicator, against their width), group
box titles, tab texts, and tables' header titles and the cells of the visible
rows (the text against the column width less the style's text margins, and the
column within the viewport). Columns a view declares eliding (the
"elidingColumns" property: the panes' names and references) may elide by
design and are skipped.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTabBar,
    QTableView,
    QWidget,
)

from ui.pane_columns import header_label_width, header_metrics

SLACK = 1  # a pixel of rounding between font metrics and the style's rectangles


def _plain(text: str) -> str:
    """A caption as drawn: mnemonic ampersands gone, '&&' kept as one."""
    return re.sub(r"&(.)", r"\1", text)


def _name(widget: QWidget) -> str:
    parts = []
    w: QWidget | None = widget
    while w is not None and len(parts) < 3:
        parts.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(parts))


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _label(label: QLabel) -> str | None:
    text = label.text()
    if not text:
        return None
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and "<" in text
    )
    shown = _plain(text) if label.buddy() is not None else text
    room = label.contentsRect().width() - 2 * max(label.margin(), 0) - max(label.indent(), 0)
    if rich and not label.wordWrap():
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        need = int(doc.idealWidth() + 0.99)
        shown = doc.toPlainText()
        return f"'{shown}' needs {need}px, has {room}px" if need > room + SLACK else None
    if rich:
        shown = QTextDocumentFragment.fromHtml(text).toPlainText()
    if label.wordWrap():
        need_h = label.heightForWidth(label.width())
        if need_h > label.height() + SLACK:
            return f"'{shown}' wraps to {need_h}px high in {label.height()}px"
        longest = max((label.fontMetrics().horizontalAdvance(w) for w in shown.split()), default=0)
        if longest > room + SLACK:
            return f"a word of '{shown}' needs {longest}px, has {room}px"
        return None
    need = max(label.fontMetrics().horizontalAdvance(line) for line in shown.split("\n"))
    return f"'{shown}' needs {need}px, has {room}px" if need > room + SLACK else None


def _button(button: QAbstractButton) -> str | None:
    text = _plain(button.text())
    if not text:
        return None
    if isinstance(button, QPushButton):  # its size hint adds a minimum width that is not text
        style = button.style()
        need = button.fontMetrics().horizontalAdvance(text) + 2 * (
            style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
            + style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, button)
        )
        if not button.icon().isNull():
            need += button.iconSize().width() + 4
        if button.menu() is not None:
            need += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    else:  # check box, radio button, tool button: indicator, spacing and text
        need = button.sizeHint().width()
    return (
        f"'{text}' needs {need}px, has {button.width()}px"
        if need > button.width() + SLACK
        else None
    )


def _group(box: QGroupBox) -> str | None:
    if not box.title():
        return None
    need = box.fontMetrics().horizontalAdvance(_plain(box.title()))
    room = box.width() - 2 * box.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
    if box.isCheckable():
        room -= box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    return f"title '{box.title()}' needs {need}px, has {room}px" if need > room + SLACK else None


def _tabs(bar: QTabBar) -> list[str]:
    out = []
    space = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        text = _plain(bar.tabText(i))
        rect = bar.tabRect(i)
        need = bar.fontMetrics().horizontalAdvance(text) + space
        if need > rect.width() + SLACK or rect.right() > bar.width():
            out.append(f"tab '{text}' needs {need}px, has {rect.width()}px")
    return out


def _cell_font(view: QAbstractItemView, index: QModelIndex) -> QFont:
    font = index.data(Qt.ItemDataRole.FontRole)
    return font if isinstance(font, QFont) else view.font()


def _table(view: QTableView) -> list[str]:
    out: list[str] = []
    model = view.model()
    if model is None:
        return out
    eliding = set(view.property("elidingColumns") or [])
    header = view.horizontalHeader()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    port = view.viewport().rect()
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    for c in columns:
        x, width = view.columnViewportPosition(c), view.columnWidth(c)
        if width <= 0:
            continue
        title = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        if header.isVisible() and title:
            sorted_ = header.isSortIndicatorShown() and header.sortIndicatorSection() == c
            room = header_label_width(header, width, sorted_)
            need = header_metrics(header).horizontalAdvance(title)
            if need > room + SLACK:
                out.append(f"header '{title}' needs {need}px, has {room}px")
        if c in eliding:
            continue
        for r in range(model.rowCount()):
            if view.isRowHidden(r):
                continue
            y, h = view.rowViewportPosition(r), view.rowHeight(r)
            if y + h <= 0 or y >= port.height() or h <= 0:
                continue
            index = model.index(r, c)
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if not text or view.indexWidget(index) is not None:
                continue
            room = width - 2 * margin - (1 if view.showGrid() else 0)
            fm = QFontMetrics(_cell_font(view, index))
            if view.wordWrap() and " " in text.strip():  # may wrap: its lines must fit the row
                lines = fm.boundingRect(
                    QRect(0, 0, max(room, 1), 100000), Qt.TextFlag.TextWordWrap, text
                )
                if lines.height() > h:
                    out.append(f"row {r + 1} '{text}' wraps to {lines.height()}px in {h}px")
                    continue
                need = max(fm.horizontalAdvance(word) for word in text.split())
            else:
                need = max(fm.horizontalAdvance(line) for line in text.split("\n"))
            if need > room + SLACK:
                out.append(f"row {r + 1} '{text}' needs {need}px, has {room}px")
            elif x + width > port.width() + SLACK and x < port.width():
                out.append(f"row {r + 1} '{text}' is cut by the view's edge")
    return out


def cut_texts(root: QWidget) -> list[str]:
    """One sentence per text under `root` (itself included) that does not fit its space."""
    found: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not _shown(w) or isinstance(w, QHeaderView):
            continue
        problems: list[str] = []
        if isinstance(w, QLabel):
            problems = [p for p in [_label(w)] if p]
        elif isinstance(w, QAbstractButton):
            problems = [p for p in [_button(w)] if p]
        elif isinstance(w, QGroupBox):
            problems = [p for p in [_group(w)] if p]
        elif isinstance(w, QTabBar):
            problems = _tabs(w)
        elif isinstance(w, QTableView):
            problems = _table(w)
        found.extend(f"{_name(w)}: {p}" for p in problems)
    return found
