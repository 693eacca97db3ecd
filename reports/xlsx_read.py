"""Safe .xlsx reader: every workbook Acerto imports is opened here.

Nothing parses a workbook before `reports.xlsx_guard.check_workbook` has looked
at it (the file's size, the zip archive, every member inflated and counted, the
XML parts that must be safe, each sheet's extent): see that module.

Only then does python-calamine read the file. `Workbook.rows` yields
``(row_number, values)`` with Excel's 1-based row numbers, skipping blank
rows; ``values[0]`` is column A. Cell values are ``None`` (blank), ``str``,
``bool``, ``int``, ``Decimal``, ``datetime.date``, ``datetime.datetime``,
``datetime.time`` or ``datetime.timedelta``. Excel stores every number as a
binary double and calamine hands it over as one; it becomes
``Decimal(repr(x))``, the shortest decimal that reads back as the same
double (``0.1`` arrives as ``Decimal("0.1")``, not 0.1000000000000000055…),
and an ``int`` when that is whole; a non-finite one arrives as its text for
the caller to refuse. Date-formatted cells come out as dates for both the
1900 and the 1904 date systems (`Workbook.date1904` says which one the file
uses, for callers that meet a bare serial number). Text that
`reports.xlsx_write.neutralize` guarded against formula injection is given
back as it was written.

Every refusal is a `UserError` naming the file and the limit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, count, islice, repeat
from os import PathLike
from pathlib import Path
from typing import Any

import python_calamine

from app.errors import UserError
from app.i18n import _
from reports.xlsx_guard import Limits, check_extent, check_workbook
from reports.xlsx_write import QUOTE, restore

_EXACT_INT = 2.0**53
_ROWS_AT_ONCE = 4096  # rows converted together, a column at a time

Cell = None | str | bool | int | Decimal | dt.date | dt.datetime | dt.time | dt.timedelta


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula, as `Workbook.rows(sheet, formula=Formula)` gives it."""

    cached: Cell


def open_workbook(path: str | PathLike[str], limits: Limits | None = None) -> Workbook:
    """Check `path` (see `check_workbook`) and open it for reading."""
    limits = limits or Limits()
    checked = check_workbook(path, limits)
    name = Path(path).name
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own errors for every kind of damage
        raise UserError(
            _('The workbook "{name}" could not be read: {e}.').format(name=name, e=e)
        ) from e
    return Workbook(book, name, limits, checked.date1904, checked.rows, checked.formulas)


class Workbook:
    """An opened, checked workbook."""

    def __init__(
        self,
        book: python_calamine.CalamineWorkbook,
        name: str,
        limits: Limits,
        date1904: bool = False,
        row_counts: dict[str, int] | None = None,
        formulas: dict[str, set[tuple[int, int]]] | None = None,
    ) -> None:
        self._book = book
        self.name = name
        self.limits = limits
        self.date1904 = date1904
        self._row_counts = row_counts or {}
        self._formulas = formulas or {}

    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def row_count(self, sheet: str) -> int:
        """The sheet's last row number (blank rows included; 0 if unknown or empty)."""
        return self._row_counts.get(sheet, 0)

    def rows(
        self, sheet: str, formula: Callable[[Cell], object] | None = None
    ) -> Iterator[tuple[int, list[Any]]]:
        """Yield ``(excel_row_number, values)`` for each non-blank row of `sheet`.

        With `formula` (e.g. `Formula`), a cell holding a formula comes as
        ``formula(cached value)`` instead of the value cached by whatever
        program saved the file last (what it comes as without)."""
        if formula is None:
            yield from self._rows(sheet, {})
            return
        marked = _by_row(self._formulas.get(sheet, set()))
        for number, cells in self._rows(sheet, marked):
            values: list[Any] = cells
            for col in marked.pop(number, ()):
                values += [None] * (col - len(values))
                values[col - 1] = formula(values[col - 1])
            yield number, values
        for number in sorted(marked):  # formulas without a cached value past calamine's rows
            extra: list[Any] = [None] * max(marked[number])
            for col in marked[number]:
                extra[col - 1] = formula(None)
            yield number, extra

    def _rows(self, sheet: str, marked: dict[int, list[int]]) -> Iterator[tuple[int, list[Cell]]]:
        try:
            data = self._book.get_sheet_by_name(sheet)
        except python_calamine.WorksheetNotFound as e:
            raise UserError(
                _('The workbook "{name}" has no sheet "{sheet}".').format(
                    name=self.name, sheet=sheet
                )
            ) from e
        except Exception as e:
            raise UserError(
                _('The sheet "{sheet}" of "{name}" could not be read: {e}.').format(
                    sheet=sheet, name=self.name, e=e
                )
            ) from e
        start, end = data.start, data.end
        if start is None or end is None:
            return
        self._check_extent(sheet, end[0] + 1, end[1] + 1)
        pad = start[1]
        max_rows = self.limits.max_rows
        # calamine's iterator starts at row 1 (blank rows before the data
        # included) but at the first used column. Blank cells come as "".
        raw_rows = data.iter_rows()
        number = 0
        while chunk := list(islice(raw_rows, _ROWS_AT_ONCE)):
            first = number + 1
            number += len(chunk)
            if number > max_rows:
                self._check_extent(sheet, number, 0)
            for n, values in enumerate(_cells(chunk, pad), first):
                if values.count(None) != len(values) or n in marked:
                    yield n, values

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_extent(self, sheet: str, rows: int, cols: int) -> None:
        check_extent(self.name, sheet, rows, cols, self.limits)


def _cells(chunk: list[list[Any]], pad: int) -> list[list[Cell]]:
    """Rows of calamine's values as `Cell`s, converted a column at a time, each
    value exactly as `_cell` converts it; `pad` blank cells in front of each row."""
    if len(set(map(len, chunk))) != 1:  # calamine's grid is even; anything else cell by cell
        return [[None] * pad + [_cell(v) for v in raw] for raw in chunk]
    columns: list[Sequence[Cell]] = [(None,) * len(chunk)] * pad
    columns += [_column(col) for col in zip(*chunk, strict=True)]
    return list(map(list, zip(*columns, strict=True)))


# The types `_cell` gives back as they are (exact types: a subclass goes cell by cell).
_AS_IS = frozenset({bool, int, dt.date, dt.datetime, dt.time, dt.timedelta})


def _column(col: tuple[Any, ...]) -> Sequence[Cell]:
    """One column of calamine's values, as `_cell` converts each, without a Python
    call per cell where the column is all text, all numbers or all dates."""
    kinds = set(map(type, col))
    if kinds == {str}:
        if not any(map(str.startswith, col, repeat(QUOTE))):
            return [v or None for v in col] if "" in col else col
    elif kinds == {float}:
        if all(map(math.isfinite, col)):
            out: list[Cell] = list(map(Decimal, map(repr, col)))
            for k in compress(count(), map(float.is_integer, col)):
                out[k] = _cell(col[k])  # a whole number becomes an int
            return out
    elif kinds <= _AS_IS:
        return col
    return [v if v.__class__ is str and v and v[0] != QUOTE else _cell(v) for v in col]


def _cell(value: object) -> Cell:
    if isinstance(value, float):  # every number in a workbook is a double
        if value.is_integer() and -_EXACT_INT < value < _EXACT_INT:
            return int(value)  # a whole double below 2**53 is exactly that integer
        if not math.isfinite(value):
            return repr(value)
        number = Decimal(repr(value))
        return int(number) if number == number.to_integral_value() else number
    if isinstance(value, str):
        return restore(value) if value else None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    return str(value)


def _by_row(cells: set[tuple[int, int]]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for row, col in cells:
        out.setdefault(row, []).append(col)
    return out
