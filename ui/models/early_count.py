"""The first count of the pane the window shows, read on a thread while the window
is being built.

At a million invoices `SELECT COUNT(*)` walks an index for 10-40 ms, and SQLite
lets go of Python's lock while it does: started when the Invoices pane's model
is made, the count runs beside the rest of the window's construction (the
detail area, the menus, the restored state) on the machine's other core, and
the pane's one first query takes the result (counted up to `panes.COUNT_CAP` + 1,
as the model counts: ui/models/pane_model.py). Its own connection to the book
(`book.thread_connection`), closed at the end.
"""

from __future__ import annotations

import threading

from app.read import panes
from app.services import book


class EarlyCount:
    def __init__(self, kind: panes.Kind, filters: panes.Filters) -> None:
        self.kind = kind
        self.filters = filters
        self.total: int | None = None
        self._thread = threading.Thread(target=self._run, name=f"count of {kind}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with book.thread_connection():
                self.total = panes.count(self.kind, self.filters, cap=panes.COUNT_CAP)
        except Exception:  # the GUI thread counts again, and says what is wrong
            self.total = None

    def result(self, filters: panes.Filters) -> int | None:
        """The count, if it was of `filters` and succeeded (None: count again)."""
        self._thread.join()
        return self.total if filters == self.filters else None
