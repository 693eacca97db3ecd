"""A long table of text rows drawn by our own code (issue 12: the settlement report).

reportlab's `Table` builds a style object per cell, measures every cell and
draws every string with its own text operators; even a page at a time
(about 60 rows) that cost ~1.6 ms a settlement, most of a 5,000-settlement
report. `RowTable` lays out and draws exactly what such a `Table` draws for
the simple tables of a report — fixed column widths, cells that are strings
or `Lines`, the header on top of each page, whole-row shading, rules above
some rows, the first cell of a row spanning columns, VALIGN TOP and the
house paddings — and nothing else:

- every row is measured once (a string cell is its lines × leading; a
  `Lines` cell is wrapped once at its column's width), so a page break costs
  a sum, not a new table;
- a page's text is one text object, each string formatted once per document
  (its font subsets, escaping and width are remembered), the rules and fills
  plain path operators.

`as_table` gives the reportlab `Table` the same rows make, which the tests
hold it to (the same row heights, pages and text).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from reports.pdf_base import FONT, FONT_BOLD
from reports.pdf_lines import Lines, word_width
from reports.pdf_text import Pieces, TextCode

SIZE = 8.0  # the house table font size
LEADING = SIZE * 1.2  # reportlab's leading for a FONT command without one
PAD_X, PAD_Y = 6.0, 2.0  # reportlab's left/right padding, the house top/bottom
BLACK = "0 0 0 rg"  # reportlab's cell text colour
Cell = str | Lines


@dataclass(frozen=True)
class Look:
    """How a row looks: bold text, a fill, a rule above it, and how many columns
    its first cell spans (1: none)."""

    bold: bool = False
    fill: colors.Color | None = None
    rule: tuple[float, colors.Color] | None = None
    span: int = 1


@dataclass
class Rows:
    """The table: column widths, the header row and its look (its rule is drawn
    below it), the rows with their looks, and keep[i]: how many rows after row
    i must share its page (a heading's first rows). Right-aligned columns are
    right-aligned in every row, the header's included."""

    widths: list[float]
    header: list[str]
    header_look: Look
    rows: list[list[Cell]]
    looks: list[Look]
    keep: list[int]
    right: frozenset[int]

    def __post_init__(self) -> None:
        self.x = [0.0, *accumulate(self.widths)]
        self.width = self.x[-1]
        # A header word may reach into its column's padding, not its neighbour's words.
        self.header = [
            _fitted(word, w - PAD_X / 2) for word, w in zip(self.header, self.widths, strict=True)
        ]
        self.header_height = self._height(self.header, self.header_look)
        heights = [self._height(r, k) for r, k in zip(self.rows, self.looks, strict=True)]
        self.heights = heights
        self.tops = [0.0, *accumulate(heights)]  # tops[i]: rows[:i]'s height
        self.reach = max(self.keep, default=0)
        self.strings: Pieces = {}  # each string's subsets and chunks in this document

    def _height(self, cells: Sequence[Cell], look: Look) -> float:
        high = 0.0
        for c, cell in enumerate(cells):
            if isinstance(cell, Lines):
                width = self.x[c + (look.span if c == 0 else 1)] - self.x[c] - 2 * PAD_X
                h = cell.wrap(width, 1e9)[1]
            else:
                h = LEADING * (cell.count("\n") + 1)
            high = max(high, h + 2 * PAD_Y)
        return high

    def as_table(self, first: int = 0, end: int | None = None) -> Table:
        """The reportlab Table of the header and rows [first, end) (the reference)."""
        end = len(self.rows) if end is None else end
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, SIZE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
            *(("ALIGN", (c, 0), (c, -1), "RIGHT") for c in sorted(self.right)),
        ]
        rule = self.header_look.rule
        if rule:  # drawn first: a heading's rule just under it covers it
            commands.append(("LINEBELOW", (0, 0), (-1, 0), *rule))
        looks = [self.header_look, *self.looks[first:end]]
        for r, look in enumerate(looks):
            commands += _commands(look, r)
        for r, keep in enumerate(self.keep[first:end], start=1):
            if keep:
                commands.append(("NOSPLIT", (0, r), (-1, r + keep)))
        closing = self._closing(end)
        if closing:
            commands.append(("LINEBELOW", (0, -1), (-1, -1), *closing))
        data: list[list[Any]] = [list(self.header), *self.rows[first:end]]
        return Table(data, colWidths=self.widths, repeatRows=1, style=TableStyle(commands))

    def _closing(self, end: int) -> tuple[float, colors.Color] | None:
        """The rule under a page's last row: the next row's rule above, as Table.split
        leaves it."""
        return self.looks[end].rule if end < len(self.rows) else None


def _commands(look: Look, r: int) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    if look.span > 1:
        out.append(("SPAN", (0, r), (look.span - 1, r)))
    if look.bold:
        out.append(("FONT", (0, r), (-1, r), FONT_BOLD, SIZE))
    if look.fill is not None:
        out.append(("BACKGROUND", (0, r), (-1, r), look.fill))
    if look.rule is not None and r:
        out.append(("LINEABOVE", (0, r), (-1, r), *look.rule))
    return out


class RowTable(Flowable):
    """Rows [first, end) of `rows` under their header, split a page at a time."""

    def __init__(self, rows: Rows, first: int = 0, end: int | None = None) -> None:
        super().__init__()
        self.rows, self.first = rows, first
        self.end = len(rows.rows) if end is None else end
        self.hAlign = "CENTER"  # reportlab's Table default: the frame places it the same

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        r = self.rows
        self.width = r.width
        self.height = r.header_height + r.tops[self.end] - r.tops[self.first]
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        r = self.rows
        room = availHeight - r.header_height + 1e-6
        # rows that fit: the last n with tops[first + n] - tops[first] <= room
        n = bisect_right(r.tops, r.tops[self.first] + room, self.first, self.end + 1)
        n -= self.first + 1
        if self.first + n >= self.end:
            return [self]
        cut = n
        for i in range(max(0, n - 1 - r.reach), n):
            if i + r.keep[self.first + i] >= n:
                cut = min(cut, i)
        if cut <= 0:
            return []
        end = self.first + cut
        return [RowTable(r, self.first, end), RowTable(r, end, self.end)]

    def draw(self) -> None:
        _Page(self.canv, self.rows, self.first, self.end).draw()


class _Page:
    """One drawn part: fills, then all text in one text object, then the rules."""

    def __init__(self, canv: Any, rows: Rows, first: int, end: int) -> None:
        self.canv, self.rows, self.first, self.end = canv, rows, first, end

    def draw(self) -> None:
        r, canv = self.rows, self.canv
        parts: list[tuple[Sequence[Cell], Look, float]] = [
            (r.header, r.header_look, r.header_height)
        ]
        parts += [(r.rows[i], r.looks[i], r.heights[i]) for i in range(self.first, self.end)]
        tops: list[float] = []
        y = r.header_height + r.tops[self.end] - r.tops[self.first]  # the table's top
        for _cells, _look, h in parts:
            tops.append(y)
            y -= h
        canv.saveState()
        for (_cells, look, h), top in zip(parts, tops, strict=True):
            if look.fill is not None:
                canv.setFillColor(look.fill)
                canv.rect(0, top - h, r.width, h, stroke=0, fill=1)
        text = TextCode(canv, r.strings)
        text.fill(BLACK)
        flowables: list[tuple[Lines, float, float]] = []
        for (cells, look, _h), top in zip(parts, tops, strict=True):
            self._row(text, cells, look, top, flowables)
        canv.addLiteral(text.text())
        for lines, x, y in flowables:  # what only a Paragraph can draw
            lines.drawOn(canv, x, y)
        self._rules(parts, tops)
        canv.restoreState()

    def _row(
        self,
        text: TextCode,
        cells: Sequence[Cell],
        look: Look,
        top: float,
        flowables: list[tuple[Lines, float, float]],
    ) -> None:
        r = self.rows
        font = FONT_BOLD if look.bold else FONT
        c = 0
        while c < len(cells):
            cell = cells[c]
            right_x = r.x[c + (look.span if c == 0 else 1)]
            if isinstance(cell, Lines):
                x, y = r.x[c] + PAD_X, top - PAD_Y - cell.height
                if cell.drawn() is None:
                    flowables.append((cell, x, y))
                else:
                    cell.into(text, x, y)
            elif isinstance(cell, str) and cell:
                y = top - PAD_Y - SIZE
                for line in str(cell).split("\n"):
                    if c in r.right:
                        x = right_x - PAD_X - word_width(line, font, SIZE)
                    else:
                        x = r.x[c] + PAD_X
                    text.show(x, y, [(line, font)], SIZE, LEADING)
                    y -= LEADING
            c += look.span if c == 0 else 1

    def _rules(self, parts: list[tuple[Sequence[Cell], Look, float]], tops: list[float]) -> None:
        r, canv = self.rows, self.canv
        canv.setLineCap(1)
        canv.setLineJoin(1)
        rules: list[tuple[float, tuple[float, colors.Color]]] = []
        if r.header_look.rule:
            rules.append((tops[0] - parts[0][2], r.header_look.rule))
        rules += [(top, p[1].rule) for p, top in zip(parts[1:], tops[1:], strict=True) if p[1].rule]
        closing = r._closing(self.end)
        if closing:
            rules.append((tops[-1] - parts[-1][2], closing))
        current: tuple[float, colors.Color] | None = None
        for y, rule in rules:
            if rule != current:
                canv.setStrokeColor(rule[1])
                canv.setLineWidth(rule[0])
                current = rule
            canv.line(0, y, r.width, y)


def _fitted(word: str, room: float) -> str:
    """A header word on two lines, broken at the space nearest its middle, when it is
    wider than its column ("Saldo después" in a column of "Balance after")."""
    if " " not in word or word_width(word, FONT_BOLD, SIZE) <= room:
        return word
    spaces = [i for i, ch in enumerate(word) if ch == " "]
    cut = min(spaces, key=lambda i: abs(len(word) - 2 * i))
    return word[:cut] + "\n" + word[cut + 1 :]
