"""One pane: a filter bar over a lazily loaded table of orders, invoices or payments."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.read import panes
from ui import i18n
from ui.context import BookContext
from ui.i18n import translate
from ui.models.pane_model import PaneModel
from ui.pane_columns import PaneColumns
from ui.pane_table import PaneTable
from ui.widgets import OptionalDateEdit


class PaneView(QWidget):
    selected = Signal(str, str)  # kind, number ("" when nothing)
    activated = Signal(str, str)
    filtered = Signal()  # the user changed this pane's filter (status, kind, dates, text)
    rows_changed = Signal()  # the model's count changed ("more than" it, or exact: rows_note)

    def __init__(self, kind: panes.Kind, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.ctx = ctx
        self.customer: str | None = None
        self._filter_widgets(kind)
        bar = self._filter_bar()
        self._make_view(kind)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._filter_changed)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.status.currentIndexChanged.connect(self._filter_changed)
        self.kind_box.currentIndexChanged.connect(self._filter_changed)
        self.date_from.dateChanged.connect(self._filter_changed)
        self.date_to.dateChanged.connect(self._filter_changed)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.modelReset.connect(self.rows_changed)
        self.model.counted.connect(self.rows_changed)
        self.view.doubleClicked.connect(
            lambda i: self.activated.emit(self.kind, self._number(i.row()))
        )
        ctx.changed.connect(self.reload)  # "book changed": re-query, keep the selection
        ctx.changed.connect(self.column_sizes.refresh_floors)  # a larger amount stays whole

    def _filter_widgets(self, kind: panes.Kind) -> None:
        """The filters: status, kind (invoices), dates and the text box."""
        self.status = QComboBox(self)
        self.status.addItem(translate("Acerto", "All"), "")
        self.status.addItem(translate("Acerto", "Open items"), panes.OPEN)
        if kind == "invoices":
            self.status.addItem(translate("Acerto", "Overdue"), panes.OVERDUE)
            statuses: tuple[str, ...] = panes.INVOICE_STATUSES
        elif kind == "orders":
            statuses = panes.ORDER_STATUSES
        else:
            statuses = ()
        for s in statuses:
            self.status.addItem(i18n.word(s), s)
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(translate("Acerto", "All kinds"), "")
        for k in panes.INVOICE_KINDS:
            self.kind_box.addItem(i18n.word(k), k)
        self.kind_box.setVisible(kind == "invoices")
        self.date_from = OptionalDateEdit(self)
        self.date_to = OptionalDateEdit(self)
        self.date_from.setToolTip(translate("Acerto", "From date (Delete clears)"))
        self.date_to.setToolTip(translate("Acerto", "To date (Delete clears)"))
        self.search = QLineEdit(self)  # its clear button: finish()
        self.search.setPlaceholderText(translate("Acerto", "Search number, customer, reference…"))

    def _filter_bar(self) -> QHBoxLayout:
        """The filters in a row, each with its label."""
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        status_label = QLabel(translate("Acerto", "&Status:"), self)
        status_label.setBuddy(self.status)
        bar.addWidget(status_label)
        bar.addWidget(self.status)
        bar.addWidget(self.kind_box)
        from_label = QLabel(translate("Acerto", "&From:"), self)
        from_label.setBuddy(self.date_from)
        bar.addWidget(from_label)
        bar.addWidget(self.date_from)
        to_label = QLabel(translate("Acerto", "T&o:"), self)
        to_label.setBuddy(self.date_to)
        bar.addWidget(to_label)
        bar.addWidget(self.date_to)
        bar.addWidget(self.search, 1)
        return bar

    def _make_view(self, kind: panes.Kind) -> None:
        """The table and its model, sorted by the pane's default column, newest first."""
        # held until start(): setting up the header (its sort indicator, the saved
        # state) calls sort(); the pane queries once, after the window is set up
        self.model = PaneModel(kind, self.filters(), self, held=True)
        self.view = PaneTable(self)
        self.view.setObjectName(f"{kind}View")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSortIndicator(
            self.model.sort_column(), Qt.SortOrder.DescendingOrder
        )
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSectionsMovable(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.setWordWrap(False)
        self.column_sizes = PaneColumns(kind, self.view, self.model.columns)
        self.column_sizes.size()

    def start(self) -> None:
        """The window is set up: the one first query of this pane."""
        self.model.release()

    def finish(self) -> None:
        """After the window's first paint: the exact count, if it waited (count_early),
        and the search box's clear button, which shows only once text is typed; its
        icon loads the desktop's icon theme (~70 ms of CPU at start on X11; issue 12)."""
        self.model.count_exactly()
        self.search.setClearButtonEnabled(True)

    def filters(self) -> panes.Filters:
        return panes.Filters(
            today=self.ctx.today(),
            customer=self.customer,
            status=self.status.currentData() or None,
            kind=(self.kind_box.currentData() or None) if self.kind == "invoices" else None,
            date_from=self.date_from.optional(),
            date_to=self.date_to.optional(),
            text=self.search.text(),
        )

    def _filter_changed(self) -> None:
        self.reload()
        self.filtered.emit()  # the status bar's totals follow the filter

    def set_customer(self, code: str | None) -> None:
        self.customer = code or None
        self.reload()

    def reload(self) -> None:
        """Re-query with the current filters, keeping the selected document."""
        keep = self.current_number()
        self.model.set_filters(self.filters())
        if keep:
            self.select(keep)

    def select(self, number: str) -> bool:
        row = self.model.find(number)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def _after_reset(self) -> None:
        self.selected.emit(self.kind, self.current_number() or "")

    def _number(self, row: int) -> str:
        r = self.model.row_at(row)
        return r.number if r else ""

    def current_number(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self._number(index.row()) or None

    def current_row(self) -> panes.Row | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selected.emit(self.kind, self._number(current.row()) if current.isValid() else "")


def rows_note(model: PaneModel) -> str:
    """What the status bar says of a pane's rows while they are being counted (the
    first ones are shown meanwhile); nothing once counted (the totals say how many)."""
    if model.exact:
        return ""
    return translate("Acerto", "More than {n} rows; counting them…").format(n=i18n.count(model.cap))


def pane_rows_note(pane: PaneView | None) -> str:
    """`rows_note` of a pane, if it is made."""
    return rows_note(pane.model) if pane is not None else ""


def rows_label(window: QMainWindow) -> QLabel:
    """The status bar's note of the current pane's rows while they are being counted."""
    label = QLabel(window)
    label.setObjectName("paneRows")
    window.statusBar().addWidget(label)
    return label
