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
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, TTFontFace, makeToUnicodeCMap

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
    _cmaps: dict[tuple[str, tuple[int, ...]], str]
    _formatted: dict[tuple[Any, ...], bytes]

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
        _remember(
            stream, ("program", fontname, tuple(subset), doc.compression), [], self._formatted
        )
        descriptor = doc.idToObject[f"fontDescriptor:{fontname}"]
        key = ("descriptor", fontname, tuple(subset))
        _remember(descriptor, key, [descriptor.dict["FontFile2"]], self._formatted)
        return ref

    def widths(self, subset: tuple[int, ...], doc: Any) -> _Formatted:
        out = self._widths.get(subset)
        if out is None:
            if len(self._widths) >= _KEEP:
                self._widths.clear()
            array = pdfdoc.PDFArray([self.getCharWidth(c) for c in subset])
            out = self._widths[subset] = _Formatted(array.format(doc))
        return out

    def cmap(self, name: str, subset: tuple[int, ...]) -> str:
        out = self._cmaps.get((name, subset))
        if out is None:
            if len(self._cmaps) >= _KEEP:
                self._cmaps.clear()
            out = self._cmaps[name, subset] = makeToUnicodeCMap(name, subset)
        return out


def _remember(obj: Any, key: tuple[Any, ...], refs: list[Any], done: dict[Any, bytes]) -> None:
    """Format `obj` once for `key` and the objects `refs` point to in the document."""
    plain = obj.format

    def format(document: Any) -> bytes:
        if not isinstance(document.encrypt, pdfdoc.NoEncryption):
            return plain(document)  # encrypted by its object number: each document's own
        full = (key, *(r.format(document) for r in refs))
        out = done.get(full)
        if out is None:
            if len(done) >= _KEEP:
                done.clear()
            out = done[full] = plain(document)
        return out

    obj.format = format


class CachedTTFont(TTFont):
    """A `TTFont` whose subsets are cut, deflated and formatted once per process.

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
        face._cmaps = {}
        face._formatted = {}

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
        """reportlab's `TTFont.addObjects`, with each subset's widths, ToUnicode map and
        font dictionary made once."""
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        face: Any = self.face
        fonts = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(state.subsets):
            key = tuple(subset)
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal
            font.BaseFont = base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = face.widths(key, doc)
            cmap = pdfdoc.PDFStream()
            cmap.content = face.cmap(base, key)
            if doc.compression:
                cmap.filters = [face._deflate]
            _remember(cmap, ("cmap", base, key, doc.compression), [], face._formatted)
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base)
            font.FontDescriptor = face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal)
            _remember(
                font,
                ("font", internal, base, key),
                [font.ToUnicode, font.FontDescriptor],
                face._formatted,
            )
            fonts[internal] = font
        del self.state[doc]
