"""reports/pdf_lines.py breaks and places text as reportlab's Paragraph does (issue 12).

`Lines` skips the Paragraph's parser for plain text and <b> runs; these
tests hold its line breaks, heights and fallbacks to the Paragraph's own
on texts like the reports' (settlement explanations, payment headings).
"""

from __future__ import annotations

import random

import pytest
from reportlab.platypus import Paragraph

from reports.pdf_base import styles
from reports.pdf_lines import plain, rich

SAMPLE = (
    "Paid in full on 2026-05-03 with a 2% cash discount of 1.34 — left unapplied €1,249.50 "
    "Conceição São João Ferreteria Núñez Hijos S.L. PAY-008342 INV-009145 (balance 176.94): "
    "176.94 × 2 / 100 = 3.54, written off 0.30 x maximum"
)
WORDS = SAMPLE.split(" ")


def _texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    return [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 60))) for _ in range(count)]


def _para_lines(p: Paragraph) -> list[str]:
    bl = p.blPara
    if bl.kind == 0:
        return [" ".join(words) for _, words in bl.lines]
    return ["".join(f.text for f in line.words).strip() for line in bl.lines]


def _lines_of(flow: object) -> list[str]:
    return ["".join(t for t, _ in runs).strip() for runs, _, _ in flow._drawn]  # type: ignore[attr-defined]


@pytest.mark.parametrize("style", ["small", "cell", "body", "bold"])
@pytest.mark.parametrize("width", [60.0, 180.0, 289.0, 750.0])
def test_plain_text_breaks_where_the_paragraph_breaks(style: str, width: float) -> None:
    st = styles()[style]
    for text in _texts(int(width) + len(style), 60):
        mine, para = plain(text, st), Paragraph(text.replace("&", "&amp;"), st)
        assert mine.wrap(width, 10_000) == para.wrap(width, 10_000), text
        if mine._para is None:
            assert _lines_of(mine) == _para_lines(para), text


@pytest.mark.parametrize("width", [200.0, 400.0, 750.0])
def test_a_bold_start_breaks_where_the_paragraph_breaks(width: float) -> None:
    st = styles()["cell"]
    fallbacks = 0
    for text in _texts(7, 80):
        head, _, rest = text.partition(" ")
        mine = rich("<b>{a}</b> {b}", st, a=head, b=rest)
        para = Paragraph(f"<b>{head}</b> {rest}".replace("&", "&amp;"), st)
        assert mine.wrap(width, 10_000) == para.wrap(width, 10_000), text
        if mine._para is None:
            assert _lines_of(mine) == _para_lines(para), text
        else:
            fallbacks += 1
    assert fallbacks < 8  # nearly all laid out without the parser


def test_what_only_a_paragraph_can_do_goes_to_one() -> None:
    st = styles()["small"]
    long_word = plain("x" * 400, st)
    long_word.wrap(100, 1000)
    assert long_word._para is not None
    soft = plain("a\u00adb " * 50, st)
    soft.wrap(100, 1000)
    assert soft._para is not None
    assert plain("", st).wrap(100, 100) == (100, 0)
