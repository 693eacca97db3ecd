"""A pane's table view: Ctrl+End and Ctrl+Home reach the filter's real ends before
the exact count has arrived (issue 12).

The pane model first counts no further than `panes.COUNT_CAP` + 1 rows
(ui/models/pane_model.py). Until its exact count arrives, the view's last row
is not the filter's: Ctrl+End first turns the model into the filter's last
rows (read in the reverse order, no count needed), Ctrl+Home back into its
first ones, and the cursor goes to the last (first) row as it always does.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui.models.pane_model import PaneModel

_Move = QAbstractItemView.CursorAction


class PaneTable(QTableView):
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
