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

from reportlab import rl_config
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from reports.pdf_base import FONT_BOLD, esc
from reports.pdf_text import TextCode, fill_op

Run = tuple[str, str]  # text, font name
Drawn = tuple[list[Run], float, float]  # a drawn line: its runs, width and word spacing
_BOLD = re.compile(r"(<b>|</b>)")
_ODD = re.compile("[\u00ad\u00a0]")  # soft hyphen, no-break space: the Paragraph's own rules
SHRINK = rl_config.spaceShrinkage
_TOKENS = re.compile(r" +|[^ ]+")
_WIDTHS: dict[tuple[str, str, float], float] = {}  # (word, font, size): its width
_KEEP_WIDTHS = 50_000


def word_width(word: str, font: str, size: float) -> float:
    """`stringWidth`, remembered: the words of a report's explanations repeat."""
    key = (word, font, size)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) >= _KEEP_WIDTHS:
            _WIDTHS.clear()
        width = _WIDTHS[key] = stringWidth(word, font, size)
    return width


class Lines(Flowable):
    """Lines of plain text in one paragraph style, drawn as a Paragraph would draw them."""

    def __init__(self, lines: list[list[Run]], style: ParagraphStyle) -> None:
        super().__init__()
        self.lines = lines
        self.style = style
        self._para: Paragraph | None = None
        self._wrapped = -1.0  # the width of the last wrap
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # A table measures its cells again at each page end: the same width, the same
        # lines (a Paragraph's height does not depend on the height offered).
        if availWidth == self._wrapped:
            return self.width, self.height
        st = self.style
        room = availWidth - st.leftIndent - st.rightIndent - st.firstLineIndent
        drawn = self._broken(room) if self._para is None else None
        if drawn is not None:
            self._drawn = drawn
            self.width, self.height = availWidth, st.leading * len(drawn)
        else:
            if self._para is None:
                self._para = Paragraph(self.markup(), st)
            self.width, self.height = self._para.wrap(availWidth, availHeight)
        self._wrapped = availWidth
        return self.width, self.height

    def _broken(self, room: float) -> list[tuple[list[Run], float, float]] | None:
        """Each drawn line's runs, width and word spacing, or None where only a
        Paragraph can say (centred text, a long word, soft hyphens, bold inside a
        line that wraps)."""
        st = self.style
        if st.alignment not in (TA_LEFT, TA_RIGHT):
            return None
        out: list[tuple[list[Run], float, float]] = []
        for runs in self.lines:
            # One run that fits: its own line. Several: the breaking below, which
            # measures their spaces as the Paragraph does.
            width = sum(stringWidth(t, f, st.fontSize) for t, f in runs)
            if width <= room and len(runs) <= 1:
                out.append((runs, width, 0.0))
            elif st.alignment == TA_LEFT and not any(_ODD.search(t) for t, _ in runs):
                wrapped = _greedy(runs, st.fontSize, room)
                if wrapped is None:
                    return None
                out += wrapped
            else:
                return None
        return out

    def drawn(self) -> list[Drawn] | None:
        """The lines as last wrapped (see `draw`), or None if a Paragraph draws them."""
        return None if self._para is not None else self._drawn

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self._para is None and len(getattr(self, "_drawn", ())) != len(self.lines):
            self._para = Paragraph(self.markup(), self.style)
            self._para.wrap(availWidth, availHeight)
        if self._para is not None:
            self._wrapped = -1.0
            return self._para.split(availWidth, availHeight)  # type: ignore[no-any-return]
        fit = int(availHeight // self.style.leading)
        if fit < 1 or fit >= len(self.lines):
            return []
        return [Lines(self.lines[:fit], self.style), Lines(self.lines[fit:], self.style)]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Drawn where asked without moving the canvas there and back (a saved state
        and a translation per cell)."""
        fill = fill_op(self.style.textColor) if self._para is None else None
        if fill is None:
            super().drawOn(canvas, x, y, _sW)
            return
        text = TextCode(canvas)
        text.fill(fill)
        self.into(text, self._hAlignAdjust(x, _sW), y)
        canvas.addLiteral(f"q\n{text.text()}\nQ")  # the colour stays inside

    def draw(self) -> None:
        if self._para is not None:
            self._para.canv = self.canv
            self._para.draw()
            return
        self._draw_slowly()  # `drawOn` draws plain colours without coming here

    def into(self, text: TextCode, x: float, y: float) -> None:
        """Write the wrapped lines into `text` as if drawn at (x, y)."""
        st = self.style
        base = y + self.height - st.fontSize
        for runs, width, spacing in self._drawn:
            if st.alignment == TA_RIGHT:
                left = x + self.width - st.rightIndent - width
            else:
                left = x + st.leftIndent + st.firstLineIndent
            text.word_space(spacing)
            text.show(left, base, runs, st.fontSize, st.leading)
            base -= st.leading
        text.word_space(0.0)

    def _draw_slowly(self) -> None:
        """Through a reportlab text object (a colour `TextCode` does not write)."""
        st = self.style
        canv = self.canv
        canv.saveState()
        canv.setFillColor(st.textColor)
        text = canv.beginText()
        y = self.height - st.fontSize
        right = self.width - st.rightIndent
        for runs, width, spacing in self._drawn:
            x = right - width if st.alignment == TA_RIGHT else st.leftIndent + st.firstLineIndent
            text.setTextOrigin(x, y)
            if spacing:
                text.setWordSpace(spacing)
            for t, font in runs:
                text.setFont(font, st.fontSize, st.leading)
                text.textOut(t)
            if spacing:
                text.setWordSpace(0)
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


def _greedy(
    runs: list[Run], size: float, room: float
) -> list[tuple[list[Run], float, float]] | None:
    """A line's runs broken into lines the way reportlab's Paragraph breaks plain
    left-aligned text: words added while they fit, a line allowed to run over by
    5 % of its spaces (``spaceShrinkage``) and its spaces then narrowed; a space
    stays in the font it was written in. None where the Paragraph would do more:
    a word wider than the line (it splits it) or a word of two fonts."""
    if len(runs) == 1:
        return _greedy_plain(runs[0][0].split(" "), runs[0][1], size, room)
    words: list[tuple[str, str, str]] = []  # word, its font, the font of the space before
    gap_font = ""
    for text, font in runs:
        for token in _TOKENS.findall(text):
            if token.startswith(" "):
                gap_font = font
                continue
            if words and not gap_font:
                return None  # a word in two fonts
            words.append((token, font, gap_font))
            gap_font = ""
    lines: list[tuple[list[Run], float, float]] = []
    line: list[tuple[str, str, str]] = []
    width = spaces = 0.0
    known = _WIDTHS
    for word, font, before in words:
        wide = known.get((word, font, size))
        if wide is None:
            wide = word_width(word, font, size)
        if wide > room:
            return None
        if line:
            gap = known.get((" ", before, size))
            if gap is None:
                gap = word_width(" ", before, size)
        else:
            gap = 0.0
        new = width + gap + wide
        if line and new > room + SHRINK * (spaces + gap):
            lines.append(_line(line, room, width))
            line, width, spaces = [], wide, 0.0
        else:
            spaces += gap
            width = new
        line.append((word, font, before))
    if line:
        lines.append(_line(line, room, width))
    return lines


def _greedy_plain(
    split: list[str], font: str, size: float, room: float
) -> list[tuple[list[Run], float, float]] | None:
    """`_greedy` for text in one font: the same sums in the same order, without
    building a run per word (a settlement report breaks thousands of explanations)."""
    words = [w for w in split if w]
    known = _WIDTHS
    gap = known.get((" ", font, size))
    if gap is None:
        gap = word_width(" ", font, size)
    lines: list[tuple[list[Run], float, float]] = []
    first, width, spaces = 0, 0.0, 0.0
    for i, word in enumerate(words):
        wide = known.get((word, font, size))
        if wide is None:
            wide = word_width(word, font, size)
        if wide > room:
            return None
        if i == first:
            width = wide
            continue
        new = width + gap + wide
        if new > room + SHRINK * (spaces + gap):
            lines.append(_plain_line(words[first:i], font, room, width))
            first, width, spaces = i, wide, 0.0
        else:
            spaces += gap
            width = new
    if words:
        lines.append(_plain_line(words[first:], font, room, width))
    return lines


def _plain_line(
    words: list[str], font: str, room: float, width: float
) -> tuple[list[Run], float, float]:
    extra = room - width
    spacing = extra / (len(words) - 1) if extra < -1e-8 and len(words) > 1 else 0.0
    return [(" ".join(words), font)], width, spacing


def _line(
    words: list[tuple[str, str, str]], room: float, width: float
) -> tuple[list[Run], float, float]:
    """Words as runs of one font each, each space in its own font."""
    font = words[0][1]
    if all(f == font and (b == font or not i) for i, (_w, f, b) in enumerate(words)):
        runs = [(" ".join(w for w, _f, _b in words), font)]
    else:
        runs = _runs(words)
    extra = room - width
    spacing = extra / (len(words) - 1) if extra < -1e-8 and len(words) > 1 else 0.0
    return runs, width, spacing


def _runs(words: list[tuple[str, str, str]]) -> list[Run]:
    runs: list[Run] = []
    for i, (word, font, before) in enumerate(words):
        for text, face in ((" ", before), (word, font)) if i else ((word, font),):
            if runs and runs[-1][1] == face:
                runs[-1] = (runs[-1][0] + text, face)
            else:
                runs.append((text, face))
    return runs


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
