"""Escaping of book text for reportlab Paragraphs."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from reports.pdf_base import esc, styles


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<b>&amp; =1+1", "&lt;b&gt;&amp;amp; =1+1"),
        ("Conceição €", "Conceição €"),
        ("two\nlines", "two<br/>lines"),
        ("dos\r\nlinhas\rtrês", "dos<br/>linhas<br/>três"),
        ("tab\there", "tab here"),
        ("nul\x00bell\x07", "nulbell"),
        (None, ""),
        (12, "12"),
    ],
)
def test_esc(text: object, escaped: str) -> None:
    assert esc(text) == escaped


@pytest.mark.parametrize(
    "hostile",
    [
        "<b>&amp; =1+1 Conceição €",
        "</para><font color=red>x",
        "&#0; &bogus; <br/> <img src='x'/>",
        "\x00\x01\x1f\x7f",
        "]]><![CDATA[",
        "<" * 50,
    ],
)
def test_escaped_text_parses_as_plain_text(hostile: str) -> None:
    p = Paragraph(esc(hostile), styles()["body"])
    text = "".join(frag.text for frag in p.frags if hasattr(frag, "text"))
    assert text == "".join(ch for ch in hostile if ch >= " " and ch != "\x7f")
