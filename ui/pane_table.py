"""A pane's table view: Ctrl+End and Ctrl+Home reach the filter's real ends before
the exact count has arrived (issue 12).

The pane model first counts no further than `panes.COUNT_CAP` + 1 rows
(ui/models/pane_model.py). Until its exact count arrives, the view's last row
is not the filter's: Ctrl+End first turns the model into the filter's last
rows (read in the reverse order, no count needed), Ctrl+Home back into its
first ones, and the cursor goes to the last (first) row as it always does.
When the exact count then grows the model at the top, the view keeps the rows
it showed where they were (Qt would keep the scroll bar's value, showing rows
that many places higher).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui.models.pane_model import PaneModel

_Move = QAbstractItemView.CursorAction
_Hint = QAbstractItemView.ScrollHint


class PaneTable(QTableView):
    _kept: QPersistentModelIndex | None = None  # the bottom row shown, while rows go in above

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:  # (the view has no virtual for the first)
            model.rowsAboutToBeInserted.connect(self._before_insert)
            model.rowsInserted.connect(self._after_insert)

    def _before_insert(self, _parent: QModelIndex, start: int, _end: int) -> None:
        rect = self.viewport().rect()
        bottom = self.indexAt(rect.bottomLeft())
        if not bottom.isValid():  # the rows end above the viewport's bottom
            bottom = self.model().index(self.model().rowCount() - 1, 0)
        kept = bottom.isValid() and start <= self.indexAt(rect.topLeft()).row()
        self._kept = QPersistentModelIndex(bottom) if kept else None

    def _after_insert(self, _parent: QModelIndex, _start: int, _end: int) -> None:
        """Connected after the vertical header's own slot (QTableView.setModel gives the
        header the model after the view): it has its new rows, the scroll bar can move."""
        kept, self._kept = self._kept, None
        if kept is not None and kept.isValid():
            self.updateGeometries()  # the scroll bar's new range, before scrolling in it
            self.scrollTo(self.model().index(kept.row(), kept.column()), _Hint.PositionAtBottom)

    def moveCursor(self, action: _Move, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        end = action == _Move.MoveEnd
        if (
            isinstance(model, PaneModel)
            and not model.exact
            and (end or action == _Move.MoveHome)
            and model.from_end != end
        ):
            model.to_end(end)  # a reset: the view has no current cell to move from
            header = self.horizontalHeader()
            shown = [
                v
                for v in range(header.count())
                if not header.isSectionHidden(header.logicalIndex(v))
            ]
            if not shown or not model.rowCount():
                return QModelIndex()
            column = header.logicalIndex(shown[-1] if end else shown[0])
            return model.index(model.rowCount() - 1 if end else 0, column)
        return super().moveCursor(action, modifiers)
