"""Fast rows for big sheets: a row's XML written in one go (issue 12).

`SheetWriter.row` costs one xlsxwriter call a cell, and xlsxwriter then
spends most of a big export per cell: it checks the bounds, keeps the cell
in a table, works out its A1 reference and, for text, runs three or four
regular expressions. `RowStream` writes the same XML itself, straight into
the sheet's constant-memory row file that xlsxwriter assembles at close:
one string a row, the cell references built from a column letter and the
row number, the formats' indices looked up once, and the escaped form of a
text remembered (codes, names, kinds and buckets repeat on every row).

The bytes are the ones xlsxwriter writes for the same `row` calls (a test
compares the sheet XML of both): text is neutralised, clipped and escaped
exactly as there (an unusual text, with XML-special or control characters,
`_xHHHH_` look-alikes or space at an end, goes through xlsxwriter's own
escaping functions), numbers use its ``{:.16G}``, dates its serials. The
sheet's bookkeeping (sums for the totals row, widths) is kept as `row`
keeps it, and the rows may follow or precede `row` calls and end with
`total_row`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from xlsxwriter.utility import (
    _preserve_whitespace,
    _utf16_len,
    _utf16_truncate,
    xl_col_to_name,
)
from xlsxwriter.worksheet import Worksheet

from reports.xlsx_write import _GUARDED, MAX_TEXT, QUOTE, SheetWriter, _date_serial

#: Text that xlsxwriter leaves as it is has none of these (then no escaping is needed).
_UNUSUAL = re.compile(r'[\x00-\x1f&<>"\ufffe\uffff]|_x[0-9a-fA-F]{4}_')
#: Text that needs no neutralising, clipping or escaping has none of these (nor a space
#: at an end) and is at most `_SHORT` long.
_CARE = re.compile(
    "^[" + re.escape("".join(sorted(_GUARDED))) + "]|" + _UNUSUAL.pattern + r"|^\s|\s\Z"
)
_SHORT = 8191  # well under Excel's 32,767 characters and xlsxwriter's UTF-16 limit
_CACHE_LIMIT = 50_000  # remembered texts a column, then the memory starts again


Cell = Callable[[str, Any], str]


class RowStream:
    """Writes rows of one `SheetWriter` as XML; see the module's docstring."""

    def __init__(self, sheet: SheetWriter) -> None:
        self.sheet = sheet
        self._ws: Any = sheet._ws
        if self._ws.table:  # the header (or a `row`) xlsxwriter still holds goes first
            self._ws._write_single_row(sheet._next)
        self._cells: list[Cell] = [
            self._cell(col, column.kind) for col, column in enumerate(sheet.columns)
        ]

    def write(self, rows: Iterable[Sequence[object]]) -> int:
        """Write `rows` after those already written; returns how many."""
        sheet, cells = self.sheet, self._cells
        if sheet._total_written:
            raise RuntimeError("no data rows may follow the totals row")
        width = len(cells)
        out: list[str] = []  # rows' XML, written to the file a batch at a time
        count = 0
        try:
            for values in rows:
                if len(values) > width:
                    raise ValueError(f"{len(values)} values for {width} columns")
                n = str(sheet._next + len(out) + 1)
                xml = "".join(
                    [
                        cell(n, value)
                        for cell, value in zip(cells, values, strict=False)
                        if value is not None
                    ]
                )
                out.append(f'<row r="{n}">{xml}</row>' if xml else "")
                count += 1
                if len(out) >= 1000:
                    self.put(out)
                    out = []
        finally:
            self.put(out)
        return count

    def put(self, rows: list[str]) -> None:
        """Write rows' XML (one string a row, "" for a row with no cell) after the rows
        written, and count them as `SheetWriter.row` counts its rows."""
        if not rows:
            return
        sheet, ws = self.sheet, self._ws
        if sheet._total_written:
            raise RuntimeError("no data rows may follow the totals row")
        if ws.table:  # a row xlsxwriter still holds (a `row` call) goes first
            ws._write_single_row(sheet._next)
        first = sheet._next
        end = first + len(rows)
        limit = ws.xls_rowmax  # rows past Excel's last are dropped, as xlsxwriter drops them
        if end > limit:
            rows = rows[: max(0, limit - first)]
        ws.fh.write("".join(rows))
        last = first + len(rows) - 1  # the last row written that has a cell
        while last >= first and not rows[last - first]:
            last -= 1
        if last >= first and (ws.dim_rowmax is None or last > ws.dim_rowmax):
            ws.dim_rowmax = last
        ws.previous_row = end - 1
        sheet._next = end
        sheet._data_rows += end - first

    def text(self, col: int) -> _Texts:
        """Column `col`'s text cells after the reference, by text: `texts[value]` is
        `'" t="inlineStr"><is><t>…</t></is></c>'`, worked out once a text (and the
        column's width kept)."""
        return _Texts(self, col)

    def date_value(self, col: int, value: Any) -> str:
        """A date cell's value as xlsxwriter writes it: Excel's serial of the day."""
        serial = _date_serial(col, value)
        if serial < 0:  # before 1 March 1900: xlsxwriter minds Excel's leap-year bug
            day = value.date() if isinstance(value, dt.datetime) else value
            return f"{self._ws._convert_date_time(day):.16G}"
        return str(serial)

    def style(self, kind: str) -> str:
        """The part of a `kind` cell between its reference and its value, `'" s="N"><v>'`;
        asking for it numbers the format if it has no number yet (as a first cell does)."""
        return _Style(self.sheet._book.formats[kind]).first()

    # ------------------------------------------------------------ per-column cells

    def _cell(self, col: int, kind: str) -> Cell:
        head = '<c r="' + xl_col_to_name(col)
        if kind == "text":
            return self._text(col, head)
        style = _Style(self.sheet._book.formats[kind])
        if kind == "date":
            return self._date(col, head, style)
        return self._number(col, kind, head, style)

    def _text(self, col: int, head: str) -> Cell:
        texts = _Texts(self, col)

        def text(row: str, value: Any) -> str:
            if value.__class__ is not str:
                value = str(value)
            return head + row + texts[value]

        return text

    def _date(self, col: int, head: str, style: _Style) -> Cell:
        serials = self.sheet._book._serials
        ws = self._ws

        def date(row: str, value: Any) -> str:
            serial = serials.get(value)
            if serial is None:
                serial = serials[value] = _date_serial(col, value)
            if serial < 0:  # before 1 March 1900: xlsxwriter minds Excel's leap-year bug
                day = value.date() if isinstance(value, dt.datetime) else value
                return f"{head}{row}{style.xml or style.first()}{ws._convert_date_time(day):.16G}</v></c>"
            return f"{head}{row}{style.xml or style.first()}{serial}</v></c>"

        return date

    def _number(self, col: int, kind: str, head: str, style: _Style) -> Cell:
        keep = self.sheet._number_keeper(col, kind)  # type: ignore[arg-type]

        def number(row: str, value: Any) -> str:
            keep(value)
            return f"{head}{row}{style.xml or style.first()}{value:.16G}</v></c>"

        return number


class _Texts(dict[str, str]):
    """A text column's cells after the reference, by text, each worked out once:
    neutralised, clipped and escaped as xlsxwriter's `write_string` does, and the
    column's longest text kept for its width. A column of texts that never
    repeat (document numbers) starts again every `_CACHE_LIMIT` texts."""

    def __init__(self, stream: RowStream, col: int) -> None:
        super().__init__()
        self.col = col
        self.longest = stream.sheet._longest
        self.strmax = stream._ws.xls_strmax
        self.escape = stream._ws._escape_data

    def __missing__(self, value: Any) -> str:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        self[value] = tail = self._tail(value if value.__class__ is str else str(value))
        return tail

    def once(self, value: Any) -> str:
        """`self[value]` for a column whose texts do not repeat (document numbers):
        nothing remembered."""
        return self._tail(value if value.__class__ is str else str(value))

    def _tail(self, value: str) -> str:
        n = len(value)
        if n <= _SHORT and not _CARE.search(value):  # the usual text: written as it is
            if n > self.longest[self.col]:
                self.longest[self.col] = n
            return f'" t="inlineStr"><is><t>{value}</t></is></c>'
        if value and value[0] in _GUARDED:
            value = QUOTE + value
        n = len(value)
        if n > MAX_TEXT:
            value, n = value[:MAX_TEXT], MAX_TEXT
        if n > self.longest[self.col]:  # a text seen again is no longer than the longest
            self.longest[self.col] = n
        if n > self.strmax // 2 and _utf16_len(value) > self.strmax:
            value = _utf16_truncate(value, self.strmax)
        if _UNUSUAL.search(value) or value[:1].isspace() or value[-1:].isspace():
            value = Worksheet._escape_control_characters(value)
            space = ' xml:space="preserve"' if _preserve_whitespace(value) else ""
            value = f"<t{space}>{self.escape(value)}</t>"
        else:
            value = f"<t>{value}</t>"
        return f'" t="inlineStr"><is>{value}</is></c>'


class _Style:
    """A format's part of a cell, `" s="N"><v>`; N is asked of xlsxwriter at the
    first cell, as xlsxwriter does, so the formats keep the same numbers."""

    def __init__(self, fmt: Any) -> None:
        self.fmt = fmt
        self.xml = ""

    def first(self) -> str:
        fmt = self.fmt
        self.xml = f'" s="{fmt._get_xf_index()}"><v>' if fmt is not None else '"><v>'
        return self.xml
