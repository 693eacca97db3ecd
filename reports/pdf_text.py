"""PDF text operators written straight, for runs of plain text (issue 12's PDF speed).

reportlab's text object goes through several Python layers per string
(`textOut` → `_formatText` → the font's `splitString` → escaping) and a
`Lines` cell wrapped each drawing in a saved canvas state, a colour and a
new text object. `TextCode` writes the same operators — a text matrix per
line, the font subset's name, size and leading when they change, ``Tw`` for
narrowed spaces and ``(…) Tj`` per chunk — into one string the canvas takes
as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont

Pieces = dict[tuple[str, str], list[tuple[int, str]]]


_NAMED: dict[str, str | None] = {}


def fill_op(color: Any) -> str | None:
    """The fill operator reportlab writes for a plain RGB colour, given as a `Color` or
    by name as table cells give it ("black"); None for any other."""
    if isinstance(color, str):
        op = _NAMED.get(color)
        if op is None and color not in _NAMED:
            op = _NAMED[color] = fill_op(colors.toColor(color))
        return op
    if type(color) is not colors.Color or color.alpha not in (None, 1):
        return None
    return f"{fp_str(color.red, color.green, color.blue)} rg"


class TextCode:
    """One text object (BT … ET) on `canv`; `pieces`, if given, remembers each string's
    subsets and escaped chunks for the document (a long report repeats its strings)."""

    def __init__(self, canv: Any, pieces: Pieces | None = None) -> None:
        self.canv, self.doc = canv, canv._doc
        self.code: list[str] = ["BT"]
        self.pieces = pieces
        self.font: tuple[str, int, float, float] | None = None  # font, subset, size, leading
        self.spacing = 0.0

    def fill(self, op: str) -> None:
        self.code.append(op)

    def word_space(self, spacing: float) -> None:
        if spacing != self.spacing:
            self.code.append(f"{fp_str(spacing)} Tw")
            self.spacing = spacing

    def show(
        self, x: float, y: float, runs: Sequence[tuple[str, str]], size: float, leading: float
    ) -> None:
        """Runs of (text, font name) from the point (x, y) on."""
        code = self.code
        code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        for text, font in runs:
            for subset, chunk in self._pieces(text, font):
                now = (font, subset, size, leading)
                if now != self.font:
                    name = getFont(font).getSubsetInternalName(subset, self.doc)
                    code.append(f"{name} {fp_str(size)} Tf {fp_str(leading)} TL")
                    self.font = now
                code.append(f"({chunk}) Tj")

    def _pieces(self, text: str, font: str) -> list[tuple[int, str]]:
        cache = self.pieces
        if cache is not None:
            out = cache.get((text, font))
            if out is not None:
                return out
        out = [(s, escapePDF(t)) for s, t in getFont(font).splitString(text, self.doc)]
        if cache is not None:
            cache[text, font] = out
        return out

    def text(self) -> str:
        """The text object's operators, ended."""
        self.word_space(0.0)
        return "\n".join([*self.code, "ET"])
