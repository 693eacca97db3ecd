"""The scans of a workbook's XML parts before any parser sees them.

`_Prolog` follows a part's prolog, fed in pieces as it is inflated, and
refuses a DTD in it; `_SheetExtent` follows a worksheet's rows and cells as
calamine would place them (to bound the grid calamine would allocate) and
notes the cells that hold a formula. Both are used by
`reports.xlsx_guard.check_workbook`.
"""

from __future__ import annotations

import re

from app.errors import UserError
from app.i18n import _

MiB = 1024 * 1024

_XML_START = re.compile(rb"\s*<")


def _check_prolog(name: str, part: str, data: bytes) -> None:
    """Refuse a DTD in `data`, a whole XML part (see `_Prolog`)."""
    _Prolog(name, part).feed(data)


class _Prolog:
    """Follows an XML part's prolog, fed in pieces, and refuses a DTD in it.

    A DTD (``<!DOCTYPE``, which carries ``<!ENTITY``) may only stand in the
    prolog: before the root element, among the XML declaration, processing
    instructions, comments and white space. The whole prolog is followed,
    however long its comments are; the scan stops at the root element, since
    no DTD can follow it. Binary parts (images, vbaProject.bin) are left
    alone; XML that is not UTF-8 is refused, since calamine reads UTF-8 and
    this check could not see into it.
    """

    def __init__(self, name: str, part: str) -> None:
        self.name = name
        self.part = part
        self.done = False
        self._started = False
        self._buf = b""
        self._until: bytes | None = None  # the end of the comment or instruction we are in

    def feed(self, data: bytes) -> None:
        if self.done:
            return
        buf = self._buf + data
        if not self._started:
            if len(buf) < 4 and data:
                self._buf = buf
                return
            self._started = True
            self._first(buf)
            if self.done:
                return
            buf = buf.removeprefix(b"\xef\xbb\xbf")
        self._buf = self._scan(buf)

    def _first(self, buf: bytes) -> None:
        if buf.startswith((b"\xff\xfe", b"\xfe\xff")) or buf[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
            raise UserError(
                _('The workbook "{name}" has a part ("{part}") that is not UTF-8 XML.').format(
                    name=self.name, part=self.part
                )
            )
        if not _XML_START.match(buf.removeprefix(b"\xef\xbb\xbf")):
            self.done = True  # not XML

    def _scan(self, buf: bytes) -> bytes:
        """Consume what can be decided of `buf`; return what must wait for more."""
        pos = 0
        while True:
            if self._until is not None:
                end = buf.find(self._until, pos)
                if end < 0:  # keep just enough to see a terminator split between pieces
                    return buf[max(pos, len(buf) - len(self._until) + 1) :]
                pos = end + len(self._until)
                self._until = None
                continue
            while pos < len(buf) and buf[pos] in b" \t\r\n":
                pos += 1
            rest = buf[pos : pos + 4]
            if len(rest) < 4 and b"<!--".startswith(rest) or rest == b"<" or not rest:
                return buf[pos:]  # too little to tell
            if rest.startswith(b"<?"):
                self._until, pos = b"?>", pos + 2
            elif rest == b"<!--":
                self._until, pos = b"-->", pos + 4
            elif rest.startswith(b"<!"):
                raise UserError(
                    _(
                        'The workbook "{name}" has a part ("{part}") with a document type declaration (DTD), which an Excel workbook never needs; it is refused.'
                    ).format(name=self.name, part=self.part)
                )
            else:
                self.done = True  # the root element (or text that is no XML): no DTD follows
                return b""


# A start tag of a row or a cell (any namespace prefix) and what follows up to
# the next "<". XML forbids "<" inside attribute values, so the r attribute,
# if any, is in that stretch; taking the largest r found there can only
# overestimate the sheet, never miss a cell.
_PFX = rb"<(?:[A-Za-z_][\w.\-]*:)?"
_TAG = re.compile(_PFX + rb"(row|c|f)(?=[\s/>])([^<]*)")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*([A-Za-z]*)\s*([0-9]*)""")
# The shape every writer uses: no namespace prefix, r the first attribute in
# double quotes (so it cannot sit inside another attribute's value). When no
# row or cell tag of a stretch departs from it, literal-led regexes give the
# same answer as the loop, several times faster.
# Each test is led by a literal, which the regex engine finds as fast as a
# plain search; an alternation led by "<" would try every tag of the sheet.
# A prefixed row, cell or formula (or text that merely looks like one: it only
# costs the loop) sends the stretch to `_scan_each`.
_PREFIXED = re.compile(rb":(?:row|c|f)[\s/>]")
_UNUSUAL_ROW = re.compile(rb'<row(?=[\s/>])(?! r="[0-9]+")')
_UNUSUAL_CELL = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]+[0-9]+")')
_PLAIN_FORMULA = re.compile(rb"<f[\s/>]")
_PLAIN_ROW = re.compile(rb'<row r="([0-9]+)"')
_PLAIN_CELL_COL = re.compile(rb'<c r="([A-Z]+)')
_PLAIN_CELL_ROW = re.compile(rb'<c r="[A-Z]+([0-9]+)')
_MAX_TAIL = MiB


class _SheetExtent:
    """Follows an XML part's rows and cells as calamine would place them.

    Parts that do not begin like XML (images, binary parts) are ignored.
    """

    def __init__(self, name: str, part: str) -> None:
        self.name = name
        self.part = part
        self.max_row = 0
        self.max_col = 0
        self._row = 0
        self._col = 0
        self._tail = b""
        self._active: bool | None = None
        self.formulas: set[tuple[int, int]] = set()  # cells holding a formula

    def feed(self, data: bytes) -> None:
        if self._active is None:
            if not data:
                return
            self._active = _XML_START.match(data.removeprefix(b"\xef\xbb\xbf")) is not None
        if not self._active:
            return
        buf = self._tail + data
        cut = buf.rfind(b"<")
        if cut < 0:
            cut = len(buf)  # text that goes on and on: nothing to scan in it
        self._scan(buf[:cut])
        self._tail = buf[cut:]
        if len(self._tail) > _MAX_TAIL:
            if _TAG.match(self._tail):
                raise UserError(
                    _(
                        'The workbook "{name}" has a row or cell in "{part}" that is far too large; it is refused.'
                    ).format(name=self.name, part=self.part)
                )
            self._tail = b""  # a long text node; the rest of it holds no tag

    def finish(self) -> None:
        if self._active:
            self._scan(self._tail)
        self._tail = b""

    def _scan(self, buf: bytes) -> None:
        if (
            _PREFIXED.search(buf)
            or _PLAIN_FORMULA.search(buf)
            or _UNUSUAL_ROW.search(buf)
            or _UNUSUAL_CELL.search(buf)
        ):
            self._scan_each(buf)
            return
        numbers = set(_PLAIN_ROW.findall(buf)).union(_PLAIN_CELL_ROW.findall(buf))
        if numbers:
            self._row = max(self._row, *map(int, numbers))
            self.max_row = max(self.max_row, self._row)
        cols = set(_PLAIN_CELL_COL.findall(buf))
        if cols:
            self.max_col = max(self.max_col, *(_col_number(c) for c in cols))
        # Where r-less cells in the next stretch would count on from.
        last_row, last_cell = buf.rfind(b'<row r="'), buf.rfind(b'<c r="')
        if last_cell > last_row:
            m = _PLAIN_CELL_COL.match(buf, last_cell)
            self._col = _col_number(m.group(1)) if m else self.max_col
        elif last_row >= 0:
            self._col = 0

    def _scan_each(self, buf: bytes) -> None:
        for m in _TAG.finditer(buf):
            if m.group(1) == b"f":
                self.formulas.add((self._row, self._col))
                continue
            refs = _REF.findall(m.group(2))
            if m.group(1) == b"row":
                rows = [int(d) for _, d in refs if d]
                self._row = max(rows) if rows else self._row + 1
                self._col = 0
            else:
                cols = [_col_number(letters) for letters, _ in refs if letters]
                rows = [int(d) for _, d in refs if d]
                self._col = max(cols) if cols else self._col + 1
                if rows:
                    self._row = max(self._row, *rows)
                elif self._row == 0:
                    self._row = 1
                if self._col > self.max_col:
                    self.max_col = self._col
            if self._row > self.max_row:
                self.max_row = self._row


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters[:8].upper():
        n = n * 26 + (ch - 64)
    return n if len(letters) <= 8 else 1 << 40
