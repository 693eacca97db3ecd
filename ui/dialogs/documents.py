"""Shared pieces of the new order / new invoice dialogs."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.errors import UserError
from app.read import panes
from app.services import book
from app.services.invoices import LineInput
from ui import i18n
from ui.dialogs.base import PostingDialog, figure_label
from ui.i18n import translate
from ui.widgets import LinesTable


class LinesDialog(PostingDialog):
    """A dialog with a customer, a date and typed lines."""

    lines_table: LinesTable
    last_lines: list[LineInput]

    def check_customer(self, box) -> str:  # type: ignore[no-untyped-def]
        def parse() -> str:
            code = box.code()
            if not code:
                raise UserError(
                    translate("Acerto", "Choose a customer (type part of the code or name).")
                )
            return str(code)

        return self.field(box, parse)

    def typed_lines(self) -> list[LineInput]:
        lines = self.field(
            self.lines_table.table,
            lambda: panes.parse_lines(self.lines_table.texts(), book.currency(), i18n.language()),
        )
        if not lines:
            raise UserError(
                translate("Acerto", "Type at least one line: description, quantity and unit price.")
            )
        self.last_lines = lines
        return lines


def totals_grid(parent: QWidget, names: list[str]) -> tuple[QGridLayout, dict[str, QLabel]]:
    grid = QGridLayout()
    labels: dict[str, QLabel] = {}
    for i, name in enumerate(names):
        title = QLabel(translate("Acerto", name), parent)
        title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        title.setWordWrap(True)
        grid.addWidget(title, 0, i)
        labels[name] = figure_label(parent)
        grid.addWidget(labels[name], 1, i)
    return grid, labels


def money_or_dash(value: Decimal | None) -> str:
    return i18n.money(value) if value is not None else "—"
