"""Short lines of text without reportlab's paragraph parser (issue 12's PDF speed).

A `Paragraph` parses its text as XML markup, breaks it into words and fits
them to the width on every wrap: for a one-line "Date 12/03/2026" that is
most of the cost of a small document's text. `Lines` draws what such a
Paragraph draws — the same font, size, leading, colour, alignment and
baseline (reportlab puts a paragraph's first baseline one font size below
its top), words joined by one space — and only as long as each line fits
the width it is given; otherwise it hands over to a real Paragraph of the
same text, which wraps as before. A line is a list of runs, so a bold word
inside (``<b>`` in a translated template) prints bold as before.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from reports.pdf_base import FONT_BOLD, esc

Run = tuple[str, str]  # text, font name
_BOLD = re.compile(r"(<b>|</b>)")


class Lines(Flowable):
    """Lines of plain text in one paragraph style, drawn as a Paragraph would draw them."""

    def __init__(self, lines: list[list[Run]], style: ParagraphStyle) -> None:
        super().__init__()
        self.lines = lines
        self.style = style
        self._para: Paragraph | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        st = self.style
        room = availWidth - st.leftIndent - st.rightIndent - st.firstLineIndent
        widths = [sum(stringWidth(t, f, st.fontSize) for t, f in ln) for ln in self.lines]
        if (
            self._para is None
            and st.alignment in (TA_LEFT, TA_RIGHT)
            and all(w <= room for w in widths)
        ):
            self._widths = widths
            self.width, self.height = availWidth, st.leading * len(self.lines)
            return self.width, self.height
        if self._para is None:
            self._para = Paragraph(self.markup(), st)
        return self._para.wrap(availWidth, availHeight)  # type: ignore[no-any-return]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self._para is not None:
            return self._para.split(availWidth, availHeight)  # type: ignore[no-any-return]
        fit = int(availHeight // self.style.leading)
        if fit < 1 or fit >= len(self.lines):
            return []
        return [Lines(self.lines[:fit], self.style), Lines(self.lines[fit:], self.style)]

    def draw(self) -> None:
        if self._para is not None:
            self._para.canv = self.canv
            self._para.draw()
            return
        st = self.style
        canv = self.canv
        canv.saveState()
        canv.setFillColor(st.textColor)
        text = canv.beginText()
        y = self.height - st.fontSize
        right = self.width - st.rightIndent
        for runs, width in zip(self.lines, self._widths, strict=True):
            x = right - width if st.alignment == TA_RIGHT else st.leftIndent + st.firstLineIndent
            text.setTextOrigin(x, y)
            for t, font in runs:
                text.setFont(font, st.fontSize, st.leading)
                text.textOut(t)
            y -= st.leading
        canv.drawText(text)
        canv.restoreState()

    def markup(self) -> str:
        """The same text as Paragraph markup (escaped, bold runs in <b>)."""
        return "<br/>".join(
            "".join(
                f"<b>{esc(t)}</b>"
                if f == FONT_BOLD and self.style.fontName != FONT_BOLD
                else esc(t)
                for t, f in ln
            )
            for ln in self.lines
        )


def _words(text: str) -> str:
    return " ".join(text.split())


def plain(text: object, style: ParagraphStyle) -> Lines:
    """Text from the book in `style`, a line per line of the text (as `para` prints it)."""
    raw = "" if text is None else str(text).replace("\r\n", "\n").replace("\r", "\n")
    rows = [_words(line) for line in raw.split("\n")] if raw.strip() else []
    return Lines([[(row, style.fontName)] if row else [] for row in rows], style)


def rich(template: str, style: ParagraphStyle, **values: Any) -> Lines:
    """A translated template whose only markup is <b>…</b>, filled with plain
    `values` (never markup; a newline in one starts a line): "Number <b>{number}</b>"."""
    lines: list[list[Run]] = [[]]
    font = style.fontName
    for piece in _BOLD.split(template):
        if piece == "<b>":
            font = FONT_BOLD
        elif piece == "</b>":
            font = style.fontName
        elif piece:
            text = piece.format(**values).replace("\r\n", "\n").replace("\r", "\n")
            for n, part in enumerate(text.split("\n")):
                if n:
                    lines.append([])
                lines[-1].append((part, font))
    return Lines([_joined(runs) for runs in lines], style)


def _joined(runs: list[Run]) -> list[Run]:
    """Runs with spaces collapsed as a Paragraph collapses them (across runs too)."""
    out: list[Run] = []
    space = True  # a line starts without a leading space
    for text, font in runs:
        t = re.sub(r"\s+", " ", text)
        if space:
            t = t.lstrip(" ")
        if t:
            out.append((t, font))
            space = t.endswith(" ")
    if out and out[-1][0].endswith(" "):
        last, font = out[-1]
        out[-1] = (last.rstrip(" "), font)
        if not out[-1][0]:
            out.pop()
    return out
