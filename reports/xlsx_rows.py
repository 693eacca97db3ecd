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
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import (
    _preserve_whitespace,
    _utf16_len,
    _utf16_truncate,
    xl_col_to_name,
)
from xlsxwriter.worksheet import Worksheet

if TYPE_CHECKING:
    from reports.xlsx_write import SheetWriter

#: Text that xlsxwriter leaves as it is has none of these (then no escaping is needed).
_UNUSUAL = re.compile(r'[\x00-\x1f&<>"\ufffe\uffff]|_x[0-9a-fA-F]{4}_')
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
        sheet, ws, cells = self.sheet, self._ws, self._cells
        if sheet._total_written:
            raise RuntimeError("no data rows may follow the totals row")
        width = len(cells)
        limit = ws.xls_rowmax
        out: list[str] = []  # rows' XML, written to the file a batch at a time
        count = 0
        try:
            for values in rows:
                if len(values) > width:
                    raise ValueError(f"{len(values)} values for {width} columns")
                r = sheet._next
                if ws.table:  # a row xlsxwriter still holds (the header, a `row`)
                    ws.fh.write("".join(out))
                    out.clear()
                    ws._write_single_row(r)
                n = str(r + 1)
                xml = "".join(
                    [
                        cell(n, value)
                        for cell, value in zip(cells, values, strict=False)
                        if value is not None
                    ]
                )
                if xml and r < limit:
                    out.append(f'<row r="{n}">{xml}</row>')
                    if ws.dim_rowmax is None or r > ws.dim_rowmax:
                        ws.dim_rowmax = r
                    if len(out) >= 1000:
                        ws.fh.write("".join(out))
                        out.clear()
                ws.previous_row = r
                sheet._next = r + 1
                sheet._data_rows += 1
                count += 1
        finally:
            ws.fh.write("".join(out))
        return count

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
        from reports.xlsx_write import _GUARDED, MAX_TEXT, QUOTE

        longest = self.sheet._longest
        ws = self._ws
        known: dict[str, str] = {}  # text → its cell's XML after the reference

        def tail(value: str) -> str:
            if value and value[0] in _GUARDED:
                value = QUOTE + value
            n = len(value)
            if n > MAX_TEXT:
                value, n = value[:MAX_TEXT], MAX_TEXT
            if n > longest[col]:  # a text seen again is no longer than the longest
                longest[col] = n
            if n > ws.xls_strmax // 2 and _utf16_len(value) > ws.xls_strmax:
                value = _utf16_truncate(value, ws.xls_strmax)
            if _UNUSUAL.search(value) or value[:1].isspace() or value[-1:].isspace():
                value = Worksheet._escape_control_characters(value)
                space = ' xml:space="preserve"' if _preserve_whitespace(value) else ""
                value = f"<t{space}>{ws._escape_data(value)}</t>"
            else:
                value = f"<t>{value}</t>"
            return f'" t="inlineStr"><is>{value}</is></c>'

        def text(row: str, value: Any) -> str:
            if value.__class__ is not str:
                value = str(value)
            done = known.get(value)
            if done is None:
                if len(known) >= _CACHE_LIMIT:
                    known.clear()
                done = known[value] = tail(value)
            return head + row + done

        return text

    def _date(self, col: int, head: str, style: _Style) -> Cell:
        from reports.xlsx_write import _date_serial

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
