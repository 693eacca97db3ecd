"""The open book as the window sees it: its URL, today, and one signal.

Every dialog that posts emits `changed` once; the panes, the detail area
and the status bar refresh from it ("book changed").
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal

from app.services import book
from ui import i18n


class BookContext(QObject):
    changed = Signal()

    def __init__(self, url: str, today: date | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self._today = today
        self.reload_settings()

    def today(self) -> date:
        """The window's today (fixed in tests and screenshots); app/ never reads the clock."""
        return self._today or date.today()

    def reload_settings(self) -> None:
        i18n.set_currency(book.currency())

    def notify(self) -> None:
        self.reload_settings()
        self.changed.emit()
