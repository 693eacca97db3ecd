"""A table whose plain-text cells share one PDF text object (issue 13's batch speed).

reportlab's `Table` draws every line of every string cell with
`canvas.drawString`, a fresh text object (BT … ET) each: a 1,000-customer
statement batch spent a third of its layout there. `PlainTable` lays out
exactly as `Table` does (same positions, fonts, colours) and writes the
same text operators, but gathers a table part's left- and right-aligned
string cells (aligned to the top or the middle) into one text object,
written before the table's rules. Any
other cell (a flowable, centred or decimal alignment, a link) is drawn by
`Table` itself.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table


class PlainTable(Table):
    _text: Any = None
    _text_style: Any = None

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        just = cellstyle.alignment
        if (
            not isinstance(cellval, str)
            or just not in ("LEFT", "RIGHT")
            or cellstyle.valign not in ("TOP", "MIDDLE")
            or cellstyle.direction
            or cellstyle.shaping
            or cellstyle.href
            or cellstyle.destination
        ):
            self._flush()
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        text = self._text
        if text is None:
            text = self._text = self.canv.beginText()
            self._text_style = None
        self._use_style(text, cellstyle)
        colpos, rowpos = pos
        colwidth, rowheight = size
        font, fontsize = cellstyle.fontname, cellstyle.fontsize
        lines = cellval.split("\n")
        if cellstyle.valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        else:  # MIDDLE, as Table places it
            pads = cellstyle.bottomPadding + rowheight - cellstyle.topPadding
            y = rowpos + (pads + len(lines) * cellstyle.leading) / 2.0 - fontsize
        for line in lines:
            if just == "LEFT":
                x = colpos + cellstyle.leftPadding
            else:
                right = colpos + colwidth - cellstyle.rightPadding
                x = right - stringWidth(line, font, fontsize)
            text.setTextOrigin(x, y)
            text.textLine(line)
            y -= cellstyle.leading

    def _use_style(self, text: Any, style: Any) -> None:
        prev = self._text_style
        if prev is style:
            return
        if prev is None or style.color != prev.color:
            text.setFillColor(style.color)
        if (
            prev is None
            or style.fontname != prev.fontname
            or style.fontsize != prev.fontsize
            or style.leading != prev.leading
        ):
            text.setFont(style.fontname, style.fontsize, style.leading)
        self._text_style = style

    def _flush(self) -> None:
        if self._text is not None:
            self.canv.drawText(self._text)
            self._text = None
            self._curcellstyle = None  # colours set inside the text object outlive it

    def _drawLines(self) -> None:  # noqa: N802
        self._flush()
        super()._drawLines()
