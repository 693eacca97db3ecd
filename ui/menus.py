"""The window's actions, menus and toolbar: every action has a name, a
shortcut and a slot on the main window; menus and toolbar only arrange them.

The first paint shows the menu bar's titles and the toolbar: `build_shown`
makes those (and the toolbar's actions) with the window; `build_rest` makes
every other action, fills the menus and gives the panes their right-click
menus just after the first paint (MainWindow.finish_menus: also on first use
of `actions_` or a menu opening before then)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QToolBar

from ui import i18n
from ui.i18n import translate

if TYPE_CHECKING:
    from ui.main import MainWindow


TOOLBAR = ("order", "invoice", "payment", "settle", "credit_note", "correct")
MENUS = ("file", "documents", "reports", "view", "help")


def build_actions(w: MainWindow, names: Collection[str] | None = None) -> None:
    """Every action of the window, with its shortcut (one name each, in `w.actions_`):
    those not made yet, or only `names` of them. An action made earlier takes its
    place in this order again (the shortcuts' list follows it)."""
    made = w._actions

    def a(name: str, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> None:
        if name in made:
            made[name] = made.pop(name)
        elif names is None or name in names:
            w._action(name, text, slot, shortcut, tip)

    _book_actions(w, a)
    _document_actions(w, a)
    _money_out_actions(w, a)
    _bank_actions(w, a)
    _report_and_view_actions(w, a)
    if names is not None:
        return
    from ui import documents  # issue 13: invoice, statements, reminders

    documents.build_actions(w)


def build_shown(w: MainWindow) -> None:
    """What the first paint shows: the menu bar's titles (each menu filled by
    `build_rest`) and the toolbar with its actions."""
    build_actions(w, TOOLBAR)
    bar = w.menuBar()
    titles = (
        translate("Acerto", "&File"),
        translate("Acerto", "&Documents"),
        translate("Acerto", "&Reports"),
        translate("Acerto", "&View"),
        translate("Acerto", "&Help"),
    )
    for key, title in zip(MENUS, titles, strict=True):
        menu = bar.addMenu(title)
        menu.aboutToShow.connect(w.finish_menus)  # opened before the rest was made
        w.menus_[key] = menu
    w.recent_menu = QMenu(translate("Acerto", "&Recent books"), w)

    tools = QToolBar(translate("Acerto", "Main"), w)
    tools.setObjectName("mainToolbar")
    tools.setMovable(False)
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    label = QLabel(translate("Acerto", "Customer:") + " ", tools)
    tools.addWidget(label)
    tools.addWidget(w.customer)
    tools.addSeparator()
    for name in TOOLBAR:
        tools.addAction(w._actions[name])
    w.addToolBar(tools)


def build_rest(w: MainWindow) -> None:
    """Every other action, and the menus over them."""
    build_actions(w)
    acts = w._actions
    file_menu = w.menus_["file"]
    for name in ("new_book", "open_book", "open_url"):
        file_menu.addAction(acts[name])
    file_menu.addMenu(w.recent_menu)
    file_menu.addSeparator()
    for name in ("import", "export", "backup", "demo"):
        file_menu.addAction(acts[name])
    file_menu.addSeparator()
    file_menu.addAction(acts["quit"])
    docs = w.menus_["documents"]
    entry: str | None
    for entry in (
        "customer",
        "order",
        "invoice_order",
        "invoice",
        "payment",
        None,
        "settle",
        "unsettle",
        "credit_note",
        "correct",
        None,
        "change_order",
        "cancel_order",
        None,
        "refund",
        "payout",
        "bill_unbilled",
        "write_off_unbilled",
        None,
        "bank",
        None,
        "settings",
    ):
        if entry is None:
            docs.addSeparator()
        else:
            docs.addAction(acts[entry])
    reports = w.menus_["reports"]
    for name in ("aging", "pdf_credit_note", "pdf_settlement"):
        reports.addAction(acts[name])
    reports.addSeparator()
    for name in ("pdf_invoice", "print_invoice", "statements", "reminders"):
        reports.addAction(acts[name])
    view = w.menus_["view"]
    for entry in (
        "view_orders",
        "view_invoices",
        "view_payments",
        None,
        "find",
        "choose_customer",
        "refresh",
    ):
        if entry is None:
            view.addSeparator()
        else:
            view.addAction(acts[entry])
    view.addSeparator()
    _language_menu(w, view.addMenu(translate("Acerto", "&Language")))
    help_menu = w.menus_["help"]
    help_menu.addAction(acts["shortcuts"])
    help_menu.addAction(acts["about"])
    w._fill_recent()


def _book_actions(w: MainWindow, a: Any) -> None:
    """The book: new, open, import, export, back up, demo data, quit."""
    a("new_book", translate("Acerto", "&New book…"), w.new_book, "Ctrl+Alt+N")
    a("open_book", translate("Acerto", "&Open book…"), w.open_book_dialog, "Ctrl+O")
    a(
        "open_url",
        translate("Acerto", "Open book on a &server…"),
        w.open_url_dialog,
        "Ctrl+Alt+O",
    )
    a("import", translate("Acerto", "&Import workbook…"), w.import_workbook, "Ctrl+Shift+I")
    a("export", translate("Acerto", "&Export workbook…"), w.export_workbook, "Ctrl+Shift+E")
    a("backup", translate("Acerto", "&Back up book…"), w.backup, "Ctrl+Shift+B")
    a("demo", translate("Acerto", "Fill with &demo data…"), w.demo_data, "Ctrl+Alt+D")
    a("quit", translate("Acerto", "&Quit"), w.close, "Ctrl+Q")


def _document_actions(w: MainWindow, a: Any) -> None:
    """Customers and the documents of SPEC §3–§5."""
    a(
        "customer",
        translate("Acerto", "New &customer…"),
        lambda: w.open_dialog("customer"),
        "Ctrl+Shift+C",
    )
    a(
        "order",
        translate("Acerto", "New &order…"),
        lambda: w.open_dialog("order"),
        "Ctrl+Shift+O",
    )
    a(
        "invoice_order",
        translate("Acerto", "Invoice an o&rder…"),
        lambda: w.open_dialog("invoice_order"),
        "Ctrl+I",
    )
    a(
        "invoice",
        translate("Acerto", "New &invoice…"),
        lambda: w.open_dialog("invoice"),
        "Ctrl+N",
    )
    a(
        "payment",
        translate("Acerto", "New &payment…"),
        lambda: w.open_dialog("payment"),
        "Ctrl+Shift+P",
    )
    a("settle", translate("Acerto", "&Settle…"), lambda: w.open_dialog("settle"), "Ctrl+T")
    a(
        "unsettle",
        translate("Acerto", "&Unsettle…"),
        lambda: w.open_dialog("unsettle"),
        "Ctrl+Shift+T",
    )
    a(
        "credit_note",
        translate("Acerto", "Credit &note…"),
        lambda: w.open_dialog("credit_note"),
        "Ctrl+Shift+R",
    )
    a(
        "correct",
        translate("Acerto", "Co&rrective invoice…"),
        lambda: w.open_dialog("correct"),
        "Ctrl+Shift+K",
    )
    a(
        "change_order",
        translate("Acerto", "C&hange order…"),
        lambda: w.open_dialog("change_order"),
        "Ctrl+Shift+H",
    )
    a(
        "cancel_order",
        translate("Acerto", "Cance&l order…"),
        lambda: w.open_dialog("cancel_order"),
        "Ctrl+Shift+X",
    )


def _report_and_view_actions(w: MainWindow, a: Any) -> None:
    """Settings, the reports, the panes, finding and help."""
    a(
        "settings",
        translate("Acerto", "Se&ttings…"),
        lambda: w.open_dialog("settings"),
        "Ctrl+,",
    )
    a("aging", translate("Acerto", "&Aging workbook…"), w.report_aging, "Ctrl+Shift+A")
    a(
        "pdf_credit_note",
        translate("Acerto", "&Credit note PDF…"),
        w.report_credit_note,
        "Ctrl+Shift+F",
    )
    a(
        "pdf_settlement",
        translate("Acerto", "&Settlement report PDF…"),
        w.report_settlements,
        "Ctrl+Shift+L",
    )
    a(
        "view_orders",
        translate("Acerto", "&Orders"),
        lambda: w.tabs.setCurrentIndex(0),
        "Ctrl+1",
    )
    a(
        "view_invoices",
        translate("Acerto", "&Invoices"),
        lambda: w.tabs.setCurrentIndex(1),
        "Ctrl+2",
    )
    a(
        "view_payments",
        translate("Acerto", "&Payments"),
        lambda: w.tabs.setCurrentIndex(2),
        "Ctrl+3",
    )
    a("find", translate("Acerto", "&Find…"), w.focus_search, "Ctrl+F")
    a("choose_customer", translate("Acerto", "Choose &customer"), w.focus_customer, "Ctrl+K")
    a("refresh", translate("Acerto", "&Refresh"), w.refresh, "F5")
    a("shortcuts", translate("Acerto", "&Keyboard shortcuts"), w.show_shortcuts, "F1")
    a("about", translate("Acerto", "&About Acerto"), w.about)


def _bank_actions(w: MainWindow, a: Any) -> None:
    """Bank reconciliation (issue 11)."""
    a(
        "bank",
        translate("Acerto", "Bank re&conciliation…"),
        lambda: w.open_dialog("bank"),
        "Ctrl+Alt+R",
    )


def _money_out_actions(w: MainWindow, a: Any) -> None:
    """Money going back out (issue 9): refund credit, pay a refund, unbilled items."""
    a(
        "refund",
        translate("Acerto", "&Refund customer credit…"),
        lambda: w.open_dialog("refund"),
        "Ctrl+Shift+U",
    )
    a(
        "payout",
        translate("Acerto", "Pa&y refund…"),
        lambda: w.open_dialog("payout"),
        "Ctrl+Shift+Y",
    )
    a(
        "bill_unbilled",
        translate("Acerto", "&Bill unbilled item…"),
        lambda: w.open_dialog("bill_unbilled"),
        "Ctrl+Alt+B",
    )
    a(
        "write_off_unbilled",
        translate("Acerto", "&Write off unbilled item…"),
        lambda: w.open_dialog("write_off_unbilled"),
        "Ctrl+Alt+W",
    )


def _language_menu(w: MainWindow, menu: QMenu) -> None:
    group = QActionGroup(w)
    current = i18n.choose_language()
    for code, name in i18n.LANGUAGES.items():
        act = menu.addAction(name)
        act.setCheckable(True)
        act.setChecked(code == current)
        group.addAction(act)
        act.triggered.connect(lambda _c=False, code=code: _set_language(w, code))


def _set_language(w: MainWindow, code: str) -> None:
    QSettings().setValue("language", code)
    QMessageBox.information(
        w,
        translate("Acerto", "Language"),
        translate("Acerto", "The new language is used the next time Acerto starts."),
    )
