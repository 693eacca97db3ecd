"""Safe .xlsx reader: every workbook Acerto imports is opened here.

Nothing parses a workbook before `check_workbook` has looked at it: the file
size; that it is a zip archive with a bounded number of members, no
duplicate names and no encryption; the declared unpacked sizes (in total,
and the compression ratio of each large member); then every member is
actually inflated in 1 MiB steps, counting the real bytes, so a member that
understates its size or does not end where it says is refused as well.
While inflating, each XML member's prolog is checked for a DTD
(``<!DOCTYPE``/``<!ENTITY``), which must come before the root element, and
``[Content_Types].xml``, ``xl/workbook.xml`` and its relationships are
parsed with defusedxml. Each worksheet's cell references are scanned too:
calamine holds a sheet as a dense grid from A1 to its last cell, so a
two-cell sheet with a cell at XFD1048576 would ask for ~550 GB; the rows,
columns and cells that grid would hold are checked against the limits
before calamine is called.

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
import posixpath
import struct
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress, count, islice, repeat
from os import PathLike
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element
from zipfile import BadZipFile, LargeZipFile, ZipFile, ZipInfo

import python_calamine
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring

from app.errors import UserError
from app.i18n import _
from reports.xlsx_scan import _Prolog, _SheetExtent
from reports.xlsx_write import QUOTE, restore

MiB = 1024 * 1024
_CHUNK = MiB
_SMALL_XML_MAX = 16 * MiB  # the parts parsed whole with defusedxml
_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... name length, extra length
_DEFLATED, _STORED = 8, 0
_EXACT_INT = 2.0**53
_ROWS_AT_ONCE = 4096  # rows converted together, a column at a time

Cell = None | str | bool | int | Decimal | dt.date | dt.datetime | dt.time | dt.timedelta


@dataclass(frozen=True)
class Limits:
    """What a workbook may be before it is refused."""

    max_file_bytes: int = 50 * MiB
    max_unpacked_bytes: int = 500 * MiB
    max_members: int = 2000
    max_ratio: int = 100  # unpacked/packed, for members above ratio_floor_bytes
    ratio_floor_bytes: int = MiB
    max_rows: int = 1_048_576
    max_cols: int = 200
    # calamine keeps 32 bytes a cell of the grid from A1 to the last cell
    max_cells: int = 10_000_000


@dataclass(frozen=True)
class Checked:
    """What the safety check learnt on the way."""

    # Serial numbers count from 1904-01-01 (old Mac Excel). calamine already
    # turns date-formatted cells into dates either way; this is for callers
    # that meet a bare serial number in a date column.
    date1904: bool
    # Each worksheet's last row as the scan found it (blank rows included),
    # by sheet name: enough to size a progress bar before reading.
    rows: dict[str, int] = field(default_factory=dict)
    # The cells holding a formula, (row, column) from 1, by sheet name: calamine
    # gives only the value cached by whatever program saved the file last.
    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


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
        _check_extent(self.name, sheet, rows, cols, self.limits)


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


def _check_extent(name: str, sheet: str, rows: int, cols: int, limits: Limits) -> None:
    if rows > limits.max_rows:
        raise UserError(
            _(
                'The sheet "{sheet}" of "{name}" has more than {max_rows:,} rows; it is refused.'
            ).format(sheet=sheet, name=name, max_rows=limits.max_rows)
        )
    if cols > limits.max_cols:
        raise UserError(
            _(
                'The sheet "{sheet}" of "{name}" has more than {max_cols:,} columns; it is refused.'
            ).format(sheet=sheet, name=name, max_cols=limits.max_cols)
        )
    if rows * cols > limits.max_cells:
        raise UserError(
            _(
                'The sheet "{sheet}" of "{name}" spans {rows:,} rows by {cols:,} columns, more than {max_cells:,} cells; it is refused.'
            ).format(sheet=sheet, name=name, rows=rows, cols=cols, max_cells=limits.max_cells)
        )


# --- the check before any parser sees the file -----------------------------------


def check_workbook(path: str | PathLike[str], limits: Limits | None = None) -> Checked:
    """Refuse, with a `UserError`, a file that is not a safe, bounded .xlsx workbook."""
    limits = limits or Limits()
    path = Path(path)
    name = path.name
    _check_size(path, name, limits)
    not_xlsx = _(
        'The file "{name}" is not an Excel workbook (.xlsx): it is not a zip archive. '
        "Old .xls files and password-protected workbooks cannot be imported."
    ).format(name=name)
    try:
        archive = ZipFile(path)
    except (BadZipFile, LargeZipFile, OSError, ValueError, EOFError) as e:
        raise UserError(not_xlsx) from e
    with archive, path.open("rb") as raw:
        members = archive.infolist()
        _check_members(members, name, limits)
        small = {n: _read_member(raw, archive.getinfo(n), name, limits) for n in _REQUIRED}
        _parse_safely(name, "[Content_Types].xml", small["[Content_Types].xml"])
        workbook = _parse_safely(name, "xl/workbook.xml", small["xl/workbook.xml"])
        labels = _sheet_labels(name, workbook, small["xl/_rels/workbook.xml.rels"])
        rows, formulas = _scan_parts(raw, members, small, labels, name, limits)
    return Checked(date1904=_date1904(workbook), rows=rows, formulas=formulas)


def _check_size(path: Path, name: str, limits: Limits) -> None:
    """Refuse a file that cannot be read or is larger than the limit."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UserError(
            _('The workbook "{name}" cannot be opened: {strerror}.').format(
                name=name, strerror=e.strerror
            )
        ) from e
    if size > limits.max_file_bytes:
        raise UserError(
            _('The workbook "{name}" is larger than {max_file_bytes}; it is refused.').format(
                name=name, max_file_bytes=_mib(limits.max_file_bytes)
            )
        )


def _check_members(members: list[ZipInfo], name: str, limits: Limits) -> None:
    """Refuse an archive whose parts are too many, named twice, missing, too large once
    unpacked, compressed suspiciously well, encrypted or packed in an unknown way."""
    if len(members) > limits.max_members:
        raise UserError(
            _('The workbook "{name}" holds more than {max_members:,} parts; it is refused.').format(
                name=name, max_members=limits.max_members
            )
        )
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        raise UserError(
            _('The workbook "{name}" is damaged: it names a part twice.').format(name=name)
        )
    missing = [n for n in _REQUIRED if n not in names]
    if missing:
        raise UserError(
            _('The file "{name}" is not an Excel workbook: it has no {value}.').format(
                name=name, value=missing[0]
            )
        )
    total = 0
    for m in members:
        total += m.file_size
        if total > limits.max_unpacked_bytes:
            raise _bomb(
                name,
                _("expands to more than {size}").format(size=_mib(limits.max_unpacked_bytes)),
            )
        if m.file_size > limits.ratio_floor_bytes and (
            m.file_size > limits.max_ratio * max(m.compress_size, 1)
        ):
            raise _bomb(
                name,
                _('has a part ("{part}") compressed more than {ratio}:1').format(
                    part=m.filename, ratio=limits.max_ratio
                ),
            )
        if m.flag_bits & 0x1:
            raise UserError(
                _('The workbook "{name}" is encrypted; it cannot be imported.').format(name=name)
            )
        if m.compress_type not in (_DEFLATED, _STORED):
            raise UserError(
                _('The workbook "{name}" uses a compression method Acerto does not read.').format(
                    name=name
                )
            )


def _scan_parts(
    raw: IO[bytes],
    members: list[ZipInfo],
    small: dict[str, bytes],
    labels: dict[str, str],
    name: str,
    limits: Limits,
) -> tuple[dict[str, int], dict[str, set[tuple[int, int]]]]:
    """Each sheet's rows and formula cells, every part's extent checked.

    Every XML part is scanned for rows and cells, not only those the
    relationships call worksheets: that way no naming trick can slip a
    sheet past the scan."""
    rows: dict[str, int] = {}
    formulas: dict[str, set[tuple[int, int]]] = {}
    for m in members:
        part = labels.get(m.filename) or m.filename
        extent = _SheetExtent(name, part)
        if m.filename in small:
            extent.feed(small[m.filename])
        else:
            _inflate(raw, m, name, limits, extent.feed)
        extent.finish()
        if extent.max_row or extent.max_col:
            _check_extent(name, part, extent.max_row, extent.max_col, limits)
        if m.filename in labels:
            rows[part] = extent.max_row
            if extent.formulas:
                formulas[part] = extent.formulas
    return rows, formulas


def _bomb(name: str, what: str) -> UserError:
    return UserError(
        _(
            'The workbook "{name}" {what} when unpacked; it is refused as a possible zip bomb.'
        ).format(name=name, what=what)
    )


def _mib(n: int) -> str:
    return f"{n // MiB} MiB" if n % MiB == 0 else f"{n:,} bytes"


def _read_member(raw: IO[bytes], info: ZipInfo, name: str, limits: Limits) -> bytes:
    if info.file_size > _SMALL_XML_MAX:
        raise UserError(
            _('The workbook "{name}" has an oversized {filename}; it is refused.').format(
                name=name, filename=info.filename
            )
        )
    parts: list[bytes] = []
    _inflate(raw, info, name, limits, parts.append)
    return b"".join(parts)


def _inflate(
    raw: IO[bytes],
    info: ZipInfo,
    name: str,
    limits: Limits,
    sink: Callable[[bytes], None] | None,
) -> None:
    """Inflate one member in steps, checking real sizes, CRC and the XML prolog."""
    damaged = UserError(
        _('The workbook "{name}" is damaged (part "{filename}").').format(
            name=name, filename=info.filename
        )
    )
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise damaged
    signature, name_len, extra_len = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise damaged
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == _DEFLATED else None
    produced = 0
    crc = 0
    prolog = _Prolog(name, info.filename)
    while True:
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        else:
            packed = raw.read(min(_CHUNK, left))
            left -= len(packed)
            if not packed:
                if inflater is not None and not inflater.eof:
                    raise damaged
                break
            try:
                data = inflater.decompress(packed, _CHUNK) if inflater is not None else packed
            except zlib.error as e:
                raise damaged from e
        produced += len(data)
        if produced > info.file_size:
            raise _bomb(
                name, _('has a part ("{part}") larger than it declares').format(part=info.filename)
            )
        crc = zlib.crc32(data, crc)
        if not prolog.done:
            prolog.feed(data)
        if sink is not None:
            sink(data)
        if inflater is not None and inflater.eof:
            break
    if produced != info.file_size or crc != info.CRC:
        raise damaged


def _parse_safely(name: str, part: str, data: bytes) -> Element:
    try:
        return safe_fromstring(data)
    except DefusedXmlException as e:
        raise UserError(
            _(
                'The workbook "{name}" has a part ("{part}") with a document type declaration or entities; it is refused.'
            ).format(name=name, part=part)
        ) from e
    except (ParseError, ValueError) as e:
        raise UserError(
            _('The workbook "{name}" is damaged (part "{part}").').format(name=name, part=part)
        ) from e


def _date1904(workbook: Element) -> bool:
    for element in workbook.iter():
        if element.tag.rpartition("}")[2] == "workbookPr":
            return (element.get("date1904") or "").strip().lower() in ("1", "true")
    return False


def _sheet_labels(name: str, workbook: Element, rels_xml: bytes) -> dict[str, str]:
    """Map each worksheet part to its sheet's name, for messages."""
    targets: dict[str, str] = {}
    for rel in _parse_safely(name, "xl/_rels/workbook.xml.rels", rels_xml):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id") or ""] = posixpath.normpath(path)
    labels: dict[str, str] = {}
    for element in workbook.iter():
        if element.tag.rpartition("}")[2] != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), "")
        if rid in targets:
            labels[targets[rid]] = element.get("name") or targets[rid]
    return labels


def _by_row(cells: set[tuple[int, int]]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for row, col in cells:
        out.setdefault(row, []).append(col)
    return out
