"""A table whose plain-text cells share one PDF text object (issue 13's batch speed).

reportlab's `Table` draws every line of every string cell with
`canvas.drawString`, a fresh text object (BT … ET) each: a 1,000-customer
statement batch spent a third of its layout there. `PlainTable` lays out
exactly as `Table` does (same positions, fonts, colours) and writes the
same text operators (reports/pdf_text.py), but gathers a table part's left- and right-aligned
string cells (aligned to the top or the middle) into one text object,
written before the table's rules. Any
other cell (a flowable, centred or decimal alignment, a link) is drawn by
`Table` itself.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Table

from reports.pdf_lines import word_width
from reports.pdf_text import TextCode, fill_op


class PlainTable(Table):
    _text: TextCode | None = None
    _text_style: Any = None

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        just = cellstyle.alignment
        fill = fill_op(cellstyle.color)
        if (
            not isinstance(cellval, str)
            or just not in ("LEFT", "RIGHT")
            or cellstyle.valign not in ("TOP", "MIDDLE")
            or cellstyle.direction
            or cellstyle.shaping
            or cellstyle.href
            or cellstyle.destination
            or fill is None
            or not getFont(cellstyle.fontname)._dynamicFont  # TrueType: TextCode's fonts
        ):
            self._flush()
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        text = self._text
        if text is None:
            text = self._text = TextCode(self.canv)
            self._text_style = None
        if self._text_style is None or self._text_style.color != cellstyle.color:
            text.fill(fill)
        self._text_style = cellstyle
        colpos, rowpos = pos
        colwidth, rowheight = size
        font, fontsize, leading = cellstyle.fontname, cellstyle.fontsize, cellstyle.leading
        lines = cellval.split("\n")
        if cellstyle.valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        else:  # MIDDLE, as Table places it
            pads = cellstyle.bottomPadding + rowheight - cellstyle.topPadding
            y = rowpos + (pads + len(lines) * leading) / 2.0 - fontsize
        for line in lines:
            if just == "LEFT":
                x = colpos + cellstyle.leftPadding
            else:
                right = colpos + colwidth - cellstyle.rightPadding
                x = right - word_width(line, font, fontsize)
            text.show(x, y, [(line, font)], fontsize, leading)
            y -= leading

    def _flush(self) -> None:
        if self._text is not None:
            self.canv.addLiteral(self._text.text())
            self._text = None
            self._curcellstyle = None  # colours set inside the text object outlive it

    def _drawLines(self) -> None:  # noqa: N802
        self._flush()
        super()._drawLines()
