"""Right-click menus on the main window's panes (issue 13).

On an invoice row: "Invoice PDF…" and "Print invoice…" (the Reports
menu's own actions, acting on the row just clicked); on any row of the
Orders, Invoices or Payments pane: "Statement of account of C…", the
Statements dialog with that row's customer chosen. The actions are
`ui/documents.py`'s; this module only offers them where the mouse is.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QMenu

from ui.i18n import translate

if TYPE_CHECKING:
    from ui.main import MainWindow
    from ui.panes_view import PaneView


def install_pane(window: MainWindow, pane: PaneView) -> None:
    """Give one pane of `window` its right-click menu (as the window makes it)."""
    pane.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    pane.view.customContextMenuRequested.connect(partial(_show, window, pane))


def _show(window: MainWindow, pane: PaneView, pos: QPoint) -> None:
    menu = menu_at(window, pane, pos)
    if menu is not None:
        _popup(menu, pane.view.viewport().mapToGlobal(pos))
        menu.deleteLater()


def _popup(menu: QMenu, where: QPoint) -> None:
    menu.exec(where)  # modal until an action is chosen or the menu closed


def menu_at(window: MainWindow, pane: PaneView, pos: QPoint) -> QMenu | None:
    """The menu for the row under `pos` (which becomes the current row), or None
    when the click is on no row."""
    index = pane.view.indexAt(pos)
    row = pane.model.row_at(index.row()) if index.isValid() else None
    if row is None:
        return None
    flags = QItemSelectionModel.SelectionFlag
    pane.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
    menu = QMenu(pane.view)
    menu.setObjectName(f"{pane.kind}ContextMenu")
    kind = getattr(row, "kind", "")
    if pane.kind == "invoices" and kind != "credit_note" and row.status != "draft":
        menu.addAction(window.actions_["pdf_invoice"])
        menu.addAction(window.actions_["print_invoice"])
    if row.customer:
        text = translate("Acerto", "Statement of account of {code}…").format(code=row.customer)
        act = menu.addAction(text)
        act.setObjectName("context_statement")
        act.triggered.connect(lambda _checked=False: statement_of(window, row.customer))
    return menu if menu.actions() else None


def statement_of(window: MainWindow, code: str) -> None:
    """The Statements dialog with customer `code` chosen."""
    from ui import documents  # with the actions, after the first paint

    dialog = documents.StatementsDialog(window)
    dialog.customer.set_code(code)
    dialog.exec()
