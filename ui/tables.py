"""Read-only tables of text (the detail area's and the dialogs' lists).

Apart from ui/dialogs/base.py (which offers them under the same names) so the
detail area, built with the window, does not load the dialogs' module before
the first paint."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def readonly_table(headers: list[str], parent: QWidget | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    return table


def fill(table: QTableWidget, rows: list[list[str]], right: set[int] | None = None) -> None:
    """Replace a read-only table's rows; columns in `right` are right-aligned (numbers)."""
    right = right or set()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(RIGHT)
            table.setItem(r, c, item)
    fit_width(table)


def fit_width(table: QTableWidget, most: int = 900) -> None:
    """Never cut a figure: the table is at least as wide as its columns' contents
    (a pt_BR journal line's "825,09" was cut to "825," beside a long explanation)."""
    header = table.horizontalHeader()
    columns = range(table.columnCount())
    want = sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in columns)
    want += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    table.setMinimumWidth(min(want, most))
