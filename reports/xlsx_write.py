"""Streaming .xlsx writer: every workbook Acerto exports goes through here.

Built on xlsxwriter in ``constant_memory`` mode, so a sheet is written row
by row to a temporary file and never held in memory; rows must therefore
come in order, and a sheet is finished (widths, autofilter) when the
workbook closes. Column widths are the widest of the column's hint, its
header and the values seen, capped: xlsxwriter writes the ``<cols>`` block
when it assembles the sheet at close, so widths set after the rows still
apply.

Money, percentages and integers are written as numbers straight from
``Decimal``/``int``: xlsxwriter formats the number with ``{:.16G}``, which
``Decimal`` supports, so no binary float ever stands between the book and
the cell. Dates are real Excel dates shown as ``yyyy-mm-dd``. A totals row
is ``SUM`` formulas over the data rows, with the exact Decimal total as the
cached result so readers that do not recalculate still see the right sum.

Formula injection (SPEC §6): user text is only ever written with
``write_string``, so inside the workbook it can never become a formula.
Text that begins with ``= + - @``, a tab or a carriage return (or the
Unicode minus and full-width look-alikes) is additionally prefixed with a
single quote ``'``, as OWASP recommends, so that the value stays inert
when it is copied out or saved as CSV by a spreadsheet application. Text
that already begins with ``'`` gets one more, which makes the prefix
reversible: ``reports.xlsx_read`` removes exactly one leading quote before
one of those characters, so export → import gives back the same text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from app.errors import UserError
from app.files import publish, temporary_beside
from app.i18n import _

Kind = Literal["text", "money", "date", "int", "percent", "number"]
ChartKind = Literal["column", "bar"]

#: First characters that make spreadsheet applications read text as a formula.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\u2212\uff1d\uff0b\uff0d\uff20")
QUOTE = "'"
MAX_TEXT = 32767  # Excel's limit on the characters in one cell
MAX_WIDTH = 60.0
_MIN_WIDTH = 6.0


def neutralize(text: str) -> str:
    """Return `text` in a form no spreadsheet application will evaluate."""
    if text and (text[0] in FORMULA_TRIGGERS or text[0] == QUOTE):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """Undo `neutralize`: drop one leading quote that guards a trigger or a quote."""
    if len(text) >= 2 and text[0] == QUOTE and (text[1] in FORMULA_TRIGGERS or text[1] == QUOTE):
        return text[1:]
    return text


def money_format(decimals: int, symbol: str | None = None) -> str:
    """Excel number format for amounts with `decimals` places and an optional symbol."""
    if not 0 <= decimals <= 6:
        raise ValueError(f"currency decimals must be 0..6, not {decimals}")
    number = "#,##0" + ("." + "0" * decimals if decimals else "")
    if symbol:
        # Inside an Excel format a literal goes in double quotes, which it cannot contain.
        literal = symbol.replace('"', "").replace("\\", "")
        return f'{number} "{literal}"'
    return number


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, the kind of value and a width hint.

    Kinds: ``text`` (anything, written as neutralised text), ``money``
    (Decimal/int in the currency format), ``date`` (date/datetime shown
    yyyy-mm-dd), ``int``, ``percent`` (a fraction: 0.25 shows 25.0%) and
    ``number`` (Decimal/int in Excel's General format, e.g. quantities).
    """

    header: str
    kind: Kind = "text"
    width: float | None = None  # in characters; at least this wide


@dataclass(frozen=True)
class PageSetup:
    """How a sheet prints: A4, landscape or portrait, fitted and with a repeated header."""

    landscape: bool = False
    fit_width: bool = False  # shrink to one page wide (any number of pages tall)
    repeat_header: bool = False  # print the header row at the top of every page

    def apply(self, worksheet: Any) -> None:
        if not (self.landscape or self.fit_width or self.repeat_header):
            return  # the printer's defaults
        worksheet.set_paper(9)  # A4
        if self.landscape:
            worksheet.set_landscape()
        if self.fit_width:
            worksheet.fit_to_pages(1, 0)
        if self.repeat_header:
            worksheet.repeat_rows(0)


class XlsxWriter:
    """A workbook being written; use it as a context manager.

    >>> with XlsxWriter(path, currency_decimals=2, currency_symbol="€") as wb:
    ...     sh = wb.sheet("Summary", [Column("Customer"), Column("Balance", "money")])
    ...     sh.row(["Conceição", Decimal("12.50")])
    ...     sh.total_row(sum_cols=[1])
    """

    def __init__(
        self,
        path: str | PathLike[str],
        *,
        currency_decimals: int = 2,
        currency_symbol: str | None = None,
        date_format: str = "yyyy-mm-dd",
        zip_level: int | None = None,
    ) -> None:
        # `zip_level`: how hard the zip is deflated (reports/xlsx_zip.py; None: zlib's
        # default). Written beside the target and moved over it only when complete, so a
        # failed export never leaves a half workbook under the user's name.
        self.path = Path(path)
        try:
            self._partial = temporary_beside(self.path)  # app/files.py: fsync, then rename
        except OSError as e:
            raise self._unsaved(e) from e
        import xlsxwriter  # loaded when a workbook is written, not by every command

        self._raw: Any = xlsxwriter.Workbook(
            str(self._partial), {"constant_memory": True, "strings_to_formulas": False}
        )
        self._sheets: list[SheetWriter] = []
        self._closed = False
        self.zip_level = zip_level
        self.currency_decimals = currency_decimals
        self.formats: dict[str, Any] = {
            "header": self._raw.add_format({"bold": True, "bottom": 1}),
            "total_label": self._raw.add_format({"bold": True, "top": 1}),
            "money": self._raw.add_format(
                {"num_format": money_format(currency_decimals, currency_symbol)}
            ),
            "money_total": self._raw.add_format(
                {
                    "num_format": money_format(currency_decimals, currency_symbol),
                    "bold": True,
                    "top": 1,
                }
            ),
            # a real date; how it shows is a format (the exchange keeps ISO,
            # a report takes its language's, reports/aging_xlsx.py)
            "date": self._raw.add_format({"num_format": date_format}),
            "int": self._raw.add_format({"num_format": "0"}),
            "int_total": self._raw.add_format({"num_format": "0", "bold": True, "top": 1}),
            "percent": self._raw.add_format({"num_format": "0.0%"}),
            "number": None,  # General: quantities and rates, shown as they are
            "number_total": self._raw.add_format({"bold": True, "top": 1}),
            "percent_total": self._raw.add_format({"num_format": "0.0%", "bold": True, "top": 1}),
        }
        self._symbol_len = len(currency_symbol) + 1 if currency_symbol else 0
        self._serials: dict[object, int] = {}  # date → Excel serial, shared by the sheets

    def sheet(
        self,
        name: str,
        columns: Sequence[Column],
        *,
        landscape: bool = False,
        fit_width: bool = False,
        repeat_header: bool = False,
    ) -> SheetWriter:
        """Add a sheet with a bold, frozen header row for `columns`.

        `landscape`, `fit_width` (one page wide when printed) and
        `repeat_header` (the header row on every printed page) set up the
        sheet for printing on A4.
        """
        if self._closed:
            raise RuntimeError("the workbook is closed")
        page = PageSetup(landscape, fit_width, repeat_header)
        sheet = SheetWriter(self, self._raw.add_worksheet(name), list(columns), page)
        self._sheets.append(sheet)
        return sheet

    def close(self) -> None:
        """Finish every sheet and write the file."""
        if self._closed:
            return
        self._closed = True
        from xlsxwriter.exceptions import FileCreateError

        from reports.xlsx_zip import deflate_level  # puts its ZipFile in xlsxwriter first

        try:
            for sheet in self._sheets:
                sheet._finish()
            with deflate_level(self.zip_level):
                self._raw.close()
            publish(self._partial, self.path)
        except (OSError, FileCreateError) as e:
            raise self._unsaved(e) from e
        finally:
            self._partial.unlink(missing_ok=True)

    def _unsaved(self, e: BaseException) -> UserError:
        reason = getattr(e, "strerror", None) or str(e)
        return UserError(
            _(
                'The workbook "{name}" could not be saved in {parent}: {reason}. Is it open in another program, or the folder read-only?'
            ).format(name=self.path.name, parent=self.path.parent, reason=reason)
        )

    def abandon(self) -> None:
        """Give up: release the temporary files and write nothing."""
        if self._closed:
            return
        self._closed = True
        # Closing is the only way to make xlsxwriter drop its temporary files;
        # a failure here must not hide the error that made us give up.
        with suppress(Exception):
            self._raw.close()
        self._partial.unlink(missing_ok=True)

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()


class SheetWriter:
    """Rows of one sheet, written in order. Row numbers are Excel's (1-based).

    Each column's writer is resolved once, when the sheet is made: a text,
    money, date, int, percent or number cell then costs one type check and
    one xlsxwriter call. Widths of number columns follow from the largest
    and smallest value seen, formatted once when the sheet is finished.
    """

    def __init__(
        self,
        book: XlsxWriter,
        worksheet: Any,
        columns: list[Column],
        page: PageSetup | None = None,
    ) -> None:
        if not columns:
            raise ValueError("a sheet needs at least one column")
        self._book = book
        self._ws = worksheet
        self.name: str = worksheet.get_name()
        self.columns = columns
        self._widths = [max(_MIN_WIDTH, c.width or 0.0, len(c.header) + 2.0) for c in columns]
        self._sums: list[Decimal] = [Decimal(0)] * len(columns)
        # Largest text length, or the highest and lowest number, seen per column.
        self._longest = [0] * len(columns)
        self._high: list[int | Decimal | None] = [None] * len(columns)
        self._low: list[int | Decimal | None] = [None] * len(columns)
        self._next = 0  # 0-based index of the next row to write
        self._data_rows = 0
        self._total_written = False
        fmt = book.formats["header"]
        for col, column in enumerate(columns):
            self._ws.write_string(0, col, _clip(neutralize(column.header)), fmt)
        self._next = 1
        self._ws.freeze_panes(1, 0)
        if page is not None:
            page.apply(self._ws)
        self._writers = [self._writer(col, column.kind) for col, column in enumerate(columns)]
        self._stream: Any = None  # reports/xlsx_rows.py's RowStream, made by `rows`

    @property
    def first_data_row(self) -> int:
        """Excel row number of the first data row (the header is row 1)."""
        return 2

    @property
    def last_data_row(self) -> int:
        """Excel row number of the last data row written so far (1 if none)."""
        return 1 + self._data_rows

    def row(self, values: Sequence[object]) -> int:
        """Write one data row; `None` leaves a cell blank. Returns its Excel row number."""
        if self._total_written:
            raise RuntimeError("no data rows may follow the totals row")
        writers = self._writers
        if len(values) > len(writers):
            raise ValueError(f"{len(values)} values for {len(writers)} columns")
        r = self._next
        for write, value in zip(writers, values, strict=False):  # fewer values: blanks
            if value is not None:
                write(r, value)
        self._next = r + 1
        self._data_rows += 1
        return r + 1

    def rows(self, rows: Iterable[Sequence[object]]) -> int:
        """Write many data rows as `row` would, without its cost a cell; returns how many.

        For big sheets (the aging's Detail): reports/xlsx_rows.py writes each
        row's XML itself, the same bytes xlsxwriter writes for `row`.
        """
        if self._stream is None:
            from reports.xlsx_rows import RowStream

            self._stream = RowStream(self)
        return self._stream.write(rows)

    def total_row(
        self, label: str = "Total", label_col: int = 0, sum_cols: Sequence[int] = ()
    ) -> int:
        """Write a bold totals row: `label`, and a SUM formula under each of `sum_cols`."""
        if self._total_written:
            raise RuntimeError("the totals row is already written")
        r = self._next
        fmts = self._book.formats
        self._ws.write_string(r, label_col, _clip(neutralize(label)), fmts["total_label"])
        for col in sum_cols:
            kind = self.columns[col].kind
            if kind not in ("money", "int", "percent", "number"):
                raise ValueError(f"column {col} holds {kind}, which cannot be summed")
            fmt = fmts[f"{kind}_total"]
            if self._data_rows:
                from xlsxwriter.utility import xl_rowcol_to_cell

                first = xl_rowcol_to_cell(1, col)
                last = xl_rowcol_to_cell(self._data_rows, col)
                self._ws.write_formula(r, col, f"=SUM({first}:{last})", fmt, self._sums[col])
                self._seen(col, self._sums[col])
            else:
                self._ws.write_number(r, col, 0, fmt)
        self._next += 1
        self._total_written = True
        return r + 1

    def add_bar_chart(
        self,
        title: str,
        categories_col: int,
        value_cols: Sequence[int],
        first_row: int,
        last_row: int,
        anchor_cell: str,
        *,
        kind: ChartKind = "column",
    ) -> None:
        """Add a native bar chart of `value_cols` over Excel rows `first_row`..`last_row`.

        Each series is named after its column header and takes its categories
        from `categories_col`; the chart's top left corner sits at `anchor_cell`
        (e.g. ``"H2"``).
        """
        chart: Any = self._book._raw.add_chart({"type": kind})
        r0, r1 = first_row - 1, last_row - 1
        for col in value_cols:
            chart.add_series(
                {
                    "name": [self.name, 0, col],
                    "categories": [self.name, r0, categories_col, r1, categories_col],
                    "values": [self.name, r0, col, r1, col],
                }
            )
        chart.set_title({"name": title})
        chart.set_legend({"position": "bottom" if len(value_cols) > 1 else "none"})
        self._ws.insert_chart(anchor_cell, chart)

    # ------------------------------------------------------------ per-column writers

    def _writer(self, col: int, kind: Kind) -> Callable[[int, Any], None]:
        ws = self._ws
        fmt = self._book.formats[kind] if kind != "text" else None
        longest = self._longest
        if kind == "text":
            write_string = ws.write_string

            def text(r: int, value: Any) -> None:
                if value.__class__ is not str:
                    value = str(value)
                if value and value[0] in _GUARDED:
                    value = QUOTE + value
                n = len(value)
                if n > MAX_TEXT:
                    value, n = value[:MAX_TEXT], MAX_TEXT
                write_string(r, col, value)
                if n > longest[col]:
                    longest[col] = n

            return text

        write_number = ws.write_number
        if kind == "date":
            serials = self._book._serials
            longest[col] = 10

            def date(r: int, value: Any) -> None:
                serial = serials.get(value)
                if serial is None:
                    serial = _date_serial(col, value)
                    serials[value] = serial
                if serial < 0:  # before 1 March 1900: let xlsxwriter mind Excel's leap-year bug
                    day = value.date() if isinstance(value, dt.datetime) else value
                    ws.write_datetime(r, col, day, fmt)
                else:
                    write_number(r, col, serial, fmt)

            return date

        keep = self._number_keeper(col, kind)

        def number(r: int, value: Any) -> None:
            keep(value)
            write_number(r, col, value, fmt)

        return number

    def _number_keeper(self, col: int, kind: Kind) -> Callable[[Any], None]:
        """Checks a number for column `col` and keeps its sum and extremes (for the width)."""
        sums, high, low, longest = self._sums, self._high, self._low, self._longest
        integers_only = kind == "int"
        track_text = kind == "number"  # General format: shown as str() shows it

        def keep(value: Any) -> None:
            cls = value.__class__
            if cls is Decimal:
                if integers_only:
                    raise TypeError(f"column {col} holds integers, not Decimal")
                if not value.is_finite():
                    raise ValueError(f"column {col}: {value} is not a number Excel can hold")
            elif cls is not int and (cls is bool or not isinstance(value, int | Decimal)):
                raise TypeError(f"column {col} holds numbers, not {cls.__name__}")
            sums[col] += value
            if track_text:
                n = len(str(value))
                if n > longest[col]:
                    longest[col] = n
            else:
                hi = high[col]
                if hi is None or value > hi:
                    high[col] = value
                lo = low[col]
                if lo is None or value < lo:
                    low[col] = value

        return keep

    def _seen(self, col: int, value: int | Decimal) -> None:
        if self.columns[col].kind == "number":
            self._longest[col] = max(self._longest[col], len(str(value)))
            return
        hi, lo = self._high[col], self._low[col]
        self._high[col] = value if hi is None or value > hi else hi
        self._low[col] = value if lo is None or value < lo else lo

    def _shown_len(self, kind: Kind, value: int | Decimal) -> int:
        if kind == "money":
            places = self._book.currency_decimals
            return len(f"{Decimal(value):,.{places}f}") + self._book._symbol_len
        if kind == "percent":
            return len(f"{Decimal(value) * 100:.1f}%")
        return len(str(value))

    def _finish(self) -> None:
        for col, column in enumerate(self.columns):
            length = self._longest[col]
            # The widest number shown is the highest or the lowest (the sign).
            for value in (self._high[col], self._low[col]):
                if value is not None:
                    length = max(length, self._shown_len(column.kind, value))
            width = max(self._widths[col], min(MAX_WIDTH, length + 2.0))
            self._ws.set_column(col, col, width)
        self._ws.autofilter(0, 0, self._data_rows, len(self.columns) - 1)


_GUARDED = FORMULA_TRIGGERS | {QUOTE}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FIRST_PLAIN_DAY = dt.date(1900, 3, 1)  # from here on, serial = days since the epoch


def _date_serial(col: int, value: object) -> int:
    """Excel's 1900-system serial number of a date (-1 for the days before March 1900)."""
    if not isinstance(value, dt.date):
        raise TypeError(f"column {col} holds dates, not {type(value).__name__}")
    if isinstance(value, dt.datetime):
        value = value.date()  # a date column holds dates; no hidden time of day
    if value < _FIRST_PLAIN_DAY:
        return -1
    return (value - _EXCEL_EPOCH).days


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT]
