"""The check of an .xlsx file before any parser sees it (reports/xlsx_read.py
opens every workbook Acerto imports through it).

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

Every refusal is a `UserError` naming the file and the limit.
"""

from __future__ import annotations

import posixpath
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element
from zipfile import BadZipFile, LargeZipFile, ZipFile, ZipInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring

from app.errors import UserError
from app.i18n import _
from reports.xlsx_scan import _Prolog, _SheetExtent

MiB = 1024 * 1024
_DEFLATED, _STORED = 8, 0
_CHUNK = MiB
_SMALL_XML_MAX = 16 * MiB  # the parts parsed whole with defusedxml
_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... name length, extra length


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


def check_extent(name: str, sheet: str, rows: int, cols: int, limits: Limits) -> None:
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
            check_extent(name, part, extent.max_row, extent.max_col, limits)
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
