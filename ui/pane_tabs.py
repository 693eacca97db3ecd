"""The window's three panes in their tabs, the two not shown at start made later.

The first paint shows one pane (Invoices); Orders and Payments are made just
after it (MainWindow.finish_start), or as soon as anything asks for one:
`Panes` is a mapping kind -> PaneView that makes a missing pane on first use
(iterating it makes them all), so after the start nothing differs from
making the three at once. A pane not made yet has an empty page in its tab,
replaced by the pane when it is made (the tabs' signals held: the current tab
stays and nothing is said).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.i18n import translate
from ui.panes_view import PaneView

KINDS = ("orders", "invoices", "payments")


class Panes(Mapping[str, PaneView]):
    def __init__(self, tabs: QTabWidget, make: Callable[[str], PaneView]) -> None:
        self.made: dict[str, PaneView] = {}  # the panes made so far
        self.tabs = tabs
        self._make = make
        titles = (
            translate("Acerto", "&Orders"),
            translate("Acerto", "&Invoices"),
            translate("Acerto", "&Payments"),
        )
        for title in titles:
            tabs.addTab(QWidget(tabs), title)

    def __getitem__(self, kind: str) -> PaneView:
        pane = self.made.get(kind)
        if pane is None:
            if kind not in KINDS:
                raise KeyError(kind)
            pane = self.made[kind] = self._make(kind)
            self._place(KINDS.index(kind), pane)
        return pane

    def _place(self, index: int, pane: PaneView) -> None:
        tabs = self.tabs
        current = tabs.currentIndex()
        empty = tabs.widget(index)
        held = tabs.blockSignals(True)
        try:
            tabs.insertTab(index, pane, tabs.tabText(index))
            tabs.removeTab(index + 1)
            tabs.setCurrentIndex(current)
        finally:
            tabs.blockSignals(held)
        empty.deleteLater()

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)
