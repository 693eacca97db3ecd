"""A long table laid out a page at a time (issue 12: the settlement report grows linearly).

reportlab splits a `Table` at a page end by building a new table of all
the rows left and measuring every one of them again, so one table of n
rows costs n²/page (5,096 settlements took 322 s). Separate tables of a
page or so each are linear, but each starts with its own header, which
then shows in the middle of a page. `PagedTable` is one table to the
reader — its header above the first row and at the top of every page it
runs onto, nowhere else — laid out through a window of rows: the window
is measured once, the rows that fit the page (a row that must stay with
the ones after it never ends a page) become that page's table with the
heights already known, and the rest becomes the next `PagedTable`, whose
window is about one and a half pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable, Table

WINDOW = 150  # rows measured for the first page at most
MIN_WINDOW = 12
# make(first, end, header, heights): a Table of rows [first, end), under the header row
# if asked, with the row heights given (None: reportlab measures them)
Maker = Callable[[int, int, bool, Sequence[float] | None], Table]


class PagedTable(Flowable):
    def __init__(
        self,
        make: Maker,
        keep: Sequence[int],
        first: int = 0,
        header: bool = True,
        window: int = WINDOW,
        reach: int | None = None,
    ) -> None:
        """`keep[i]`: how many rows after row i go on its page with it (a heading's)."""
        super().__init__()
        self.make, self.keep, self.first, self.header = make, keep, first, header
        self.window = window
        self.rows = len(keep)
        self._reach = max(keep, default=0) if reach is None else reach
        self._table: Table | None = None
        self._width = -1.0
        self._end = first
        self._size = (0.0, 0.0)
        self.hAlign = "CENTER"  # reportlab's Table default: the frame places it the same

    def _measured(self, width: float, height: float) -> Table:
        if self._table is None or self._width != width:
            self._end = min(self.rows, self.first + self.window)
            self._table = self.make(self.first, self._end, self.header, None)
            self._width = width
            self._size = self._table.wrap(width, height)
        return self._table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._measured(availWidth, availHeight)
        width, height = self._size
        if self._end < self.rows:
            height = max(height, availHeight + 1)  # more rows follow: always split
        self.width, self.height = width, height
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        table = self._measured(availWidth, availHeight)
        heights: list[float] = list(table._rowHeights)
        head = 1 if self.header else 0
        taken, page_left = self._fitting(heights[head:], availHeight - sum(heights[:head]))
        if taken == 0:
            if not self.header:  # it starts the next page after all: under the header
                self.header, self._table = True, None
            return []
        if self.first + taken == self.rows:
            return [table]
        part = self.make(self.first, self.first + taken, self.header, heights[: head + taken])
        rest = self.first + taken
        if page_left:  # the window fitted: the rest follows on this page
            return [part, PagedTable(self.make, self.keep, rest, False, self.window, self._reach)]
        window = max(MIN_WINDOW, min(WINDOW, taken + taken // 2 + 2))
        return [part, PagedTable(self.make, self.keep, rest, True, window, self._reach)]

    def _fitting(self, heights: list[float], room: float) -> tuple[int, bool]:
        """How many of the window's rows go on this page — as many as fit, less any
        that would part a row from the rows it keeps with (those may lie beyond the
        window) — and whether the whole window fitted."""
        used, n = 0.0, 0
        while n < len(heights) and used + heights[n] <= room + 1e-6:
            used += heights[n]
            n += 1
        if n == len(heights) and self._end == self.rows:
            return n, True
        cut = n
        for i in range(max(0, n - 1 - self._reach), n):
            if i + self.keep[self.first + i] >= n:
                cut = min(cut, i)
        return cut, n == len(heights)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        assert self._table is not None
        self._table.drawOn(canvas, x, y, _sW)
