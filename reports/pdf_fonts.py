"""TrueType fonts whose subsets are made and compressed once per process (issue 12).

reportlab embeds, in every PDF, a subset of each TrueType face holding the
glyphs the document uses: it cuts the subset out of the font file and
deflates it anew for each document, about a third of a one-page credit
note's time. With reportlab's default ``ttfAsciiReadable`` a subset is
printable ASCII plus, in the order the document first uses them, up to 31
other characters (ç ã é € —), so the documents of a batch mostly ask for the
very same subsets. `CachedTTFont` keeps each subset's font program and its
deflated bytes by the subset's character list: the same list gives the
same bytes, so a PDF is byte for byte what plain `TTFont` writes.
"""

from __future__ import annotations

import zlib
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

_KEEP = 256  # subsets remembered per face; a batch uses a handful


class _Deflate:
    """reportlab's Flate filter, remembering the output for inputs seen before."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self._done: dict[bytes | str, bytes] = {}

    def encode(self, content: bytes | str) -> bytes:
        out = self._done.get(content)
        if out is None:
            raw = content.encode("utf8") if isinstance(content, str) else content
            out = zlib.compress(raw)
            if len(self._done) >= _KEEP:
                self._done.clear()
            self._done[content] = out
        return out

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


class _Formatted(pdfdoc.PDFObject):
    """A PDF object formatted once (a subset's widths array)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _CachedFace(TTFontFace):
    _subsets: dict[tuple[int, ...], bytes]
    _deflate: _Deflate
    _widths: dict[tuple[int, ...], _Formatted]

    def makeSubset(self, subset: Any) -> bytes:  # noqa: N802 - reportlab's name
        key = tuple(subset)
        made = self._subsets.get(key)
        if made is None:
            made = super().makeSubset(subset)
            if len(self._subsets) >= _KEEP:
                self._subsets.clear()
            self._subsets[key] = made
        return made

    def addSubsetObjects(self, doc: Any, fontname: str, subset: Any) -> Any:  # noqa: N802
        ref = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject[f"fontFile:{self.filename}({fontname})"]
        if doc.compression:
            stream.filters = [self._deflate]
        return ref


class CachedTTFont(TTFont):
    """A `TTFont` whose subsets are cut and deflated once per process.

    `splitString` takes a short way for text whose every character already
    has a code in the document's first subset (printable ASCII always has:
    ``ttfAsciiReadable``): the codes looked up at once, which is what
    reportlab's loop over each character finds.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        face: Any = self.face
        face.__class__ = _CachedFace
        face._subsets = {}
        face._deflate = _Deflate()
        face._widths = {}

    def splitString(  # noqa: N802 - reportlab's name
        self, text: Any, doc: Any, encoding: str = "utf-8"
    ) -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is not None and isinstance(text, str):
            known = state.assignments
            try:  # every character already has a code of the first subset
                codes = bytes([known[c] for c in map(ord, text.replace("\xa0", " "))])
            except (KeyError, ValueError):  # a new character, or one of a later subset
                pass
            else:
                return [(0, codes)] if codes else []
        return super().splitString(text, doc, encoding)  # type: ignore[no-any-return]

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        state = self.state.get(doc)
        names = (
            [self.getSubsetInternalName(n, doc)[1:] for n in range(len(state.subsets))]
            if state is not None
            else []
        )
        subsets = [tuple(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        face: Any = self.face
        for name, key in zip(names, subsets, strict=True):
            font = doc.idToObject[name]
            widths = face._widths.get(key)
            if widths is None:
                widths = face._widths[key] = _Formatted(font.Widths.format(doc))
            font.Widths = widths
            cmap = font.ToUnicode
            stream = doc.idToObject[cmap.name] if hasattr(cmap, "name") else cmap
            if doc.compression and stream.filters == [pdfdoc.PDFZCompress]:
                stream.filters = [face._deflate]
