"""The exchange workbook on disk: writing `app.exchange` rows, reading them back.

Writing streams each sheet through `reports.xlsx_write` (header in row 1,
one row a record, frozen header, autofilter, currency formats, user text
neutralised against formula injection). Reading opens the file through
`reports.xlsx_read`, which refuses oversized files, zip bombs and XML
entities before any parser sees them, and hands `app.exchange.import_book`
plain rows.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring as safe_fromstring

from app.exchange import Col, export_sheets
from app.money import Currency
from reports.aging_xlsx import print_landscape
from reports.xlsx_read import Limits, Workbook, open_workbook
from reports.xlsx_write import Column, Kind, SheetWriter, XlsxWriter

_KINDS: dict[str, Kind] = {"text": "text", "money": "money", "date": "date", "int": "int",
                           "qty": "text", "bool": "text"}
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def write_exchange(path: str | PathLike[str], currency: Currency) -> tuple[Path, dict[str, int]]:
    """Export the open book to `path`; returns the path and the rows written per sheet."""
    counts: dict[str, int] = {}
    with XlsxWriter(path, currency_decimals=currency.places) as wb:
        for name, cols, rows in export_sheets():
            sheet = wb.sheet(name, [_column(c) for c in cols])
            print_landscape(sheet)
            qty_cols = [i for i, c in enumerate(cols) if c.kind == "qty"]
            bool_cols = [i for i, c in enumerate(cols) if c.kind == "bool"]
            n = 0
            for values in rows:
                for i in bool_cols:
                    values[i] = None if values[i] is None else ("yes" if values[i] else "no")
                qtys = [(i, values[i]) for i in qty_cols]
                for i in qty_cols:
                    values[i] = None
                number = sheet.row(values)
                for i, q in qtys:
                    _write_quantity(sheet, number, i, q)
                n += 1
            counts[name] = n
    return Path(path), counts


def _column(c: Col) -> Column:
    width = c.width or (10.0 if c.kind in ("qty", "int", "bool") else 14.0)
    return Column(c.name, _KINDS[c.kind], width)


def _write_quantity(sheet: SheetWriter, excel_row: int, col: int, value: Decimal | None) -> None:
    """Quantities are numbers with up to three decimals, shown in the General format.

    The shared writer knows money, dates and integers; a quantity needs none
    of its formats, so it is written beside it into the row just written
    (constant-memory mode keeps the current row open until the next one).
    """
    if value is None:
        return
    ws: Any = sheet._ws
    ws.write_number(excel_row - 1, col, value)


class ExchangeSource:
    """An exchange workbook opened for import (see `app.exchange.SheetSource`)."""

    def __init__(self, path: str | PathLike[str], limits: Limits | None = None) -> None:
        self._wb: Workbook = open_workbook(path, limits)
        self.date1904 = _uses_1904(Path(path))

    def sheet_names(self) -> list[str]:
        return self._wb.sheet_names()

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Any]]]:
        return self._wb.rows(sheet)

    def close(self) -> None:
        self._wb.close()

    def __enter__(self) -> ExchangeSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _uses_1904(path: Path) -> bool:
    """Whether the workbook counts serial dates from 1904 (old Mac Excel).

    Called after `xlsx_read.check_workbook` accepted the file, so the part
    is known to be small and free of DTDs; it is parsed with defusedxml all
    the same.
    """
    with zipfile.ZipFile(path) as archive:
        root = safe_fromstring(archive.read("xl/workbook.xml"))
    pr = root.find(f"{_MAIN_NS}workbookPr")
    if pr is None:
        pr = root.find("workbookPr")
    value = (pr.get("date1904") if pr is not None else None) or "0"
    return value.strip().lower() in ("1", "true")
