"""One row of cells holding flowables, without reportlab's `Table` (issue 12's PDF speed).

A customer document's head — the company beside the document's number,
the customer in a thin box — was a one-row `Table` each: a style object per
cell, the cells measured through the table's general machinery and drawn
under saved states. `Cells` lays them out and draws them as such a table
does (cells aligned left and to the top, the first flowable's space before
ignored, the paddings, a box as four lines with round caps and joins) and
does nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable


class Cells(Flowable):
    def __init__(
        self,
        cells: Sequence[Sequence[Flowable]],
        widths: Sequence[float],
        *,
        pad: tuple[float, float, float, float] = (6, 6, 3, 3),  # left, right, top, bottom
        box: tuple[float, colors.Color] | None = None,  # line width and colour
        h_align: str = "CENTER",
    ) -> None:
        super().__init__()
        self.cells, self.widths, self.pad, self.box = cells, list(widths), pad, box
        self.hAlign = h_align
        self._sizes: list[list[tuple[float, float]]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        left, right, top, bottom = self.pad
        high = 0.0
        self._sizes = []
        for cell, width in zip(self.cells, self.widths, strict=True):
            sizes = [v.wrapOn(None, width - left - right, 72000 - top - bottom) for v in cell]
            self._sizes.append(sizes)
            total = 0.0
            if cell:  # as Table._listCellGeom: less the first space before, the last after
                total = sum(
                    h + v.getSpaceBefore() + v.getSpaceAfter()
                    for v, (_w, h) in zip(cell, sizes, strict=True)
                )
                total -= cell[0].getSpaceBefore() + cell[-1].getSpaceAfter()
            high = max(high, total + top + bottom)
        self.width, self.height = sum(self.widths), high
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        left, _right, top, _bottom = self.pad
        x = 0.0
        for cell, width, sizes in zip(self.cells, self.widths, self._sizes, strict=True):
            y = self.height - top
            if cell:
                y += cell[0].getSpaceBefore()
            for v, (_w, h) in zip(cell, sizes, strict=True):
                y -= v.getSpaceBefore() + h
                v.drawOn(canv, x + left, y)
                y -= v.getSpaceAfter()
            x += width
        if self.box is not None:
            self._draw_box(canv, *self.box)

    def _draw_box(self, canv: Any, weight: float, colour: colors.Color) -> None:
        canv.saveState()
        canv.setLineCap(1)
        canv.setLineJoin(1)
        canv.setStrokeColor(colour)
        canv.setLineWidth(weight)
        w, h = self.width, self.height
        canv.line(0, h, w, h)
        canv.line(0, 0, w, 0)
        canv.line(0, 0, 0, h)
        canv.line(w, 0, w, h)
        canv.restoreState()


def head_row(sender: Sequence[Flowable], heading: Sequence[Flowable]) -> Cells:
    """A customer document's head: the company (100 mm) beside the document's heading."""
    return Cells([sender, heading], [100 * mm, 80 * mm], pad=(0, 6, 3, 3))
