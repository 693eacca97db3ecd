"""The exchange workbook on disk: writing `app.exchange` rows, reading them back.

Writing streams each sheet through `reports.xlsx_write` (header in row 1,
one row a record, frozen header, autofilter, currency formats, quantities
as plain numbers, user text neutralised against formula injection).
Reading opens the file through `reports.xlsx_read`, which refuses oversized
files, zip bombs and XML entities before any parser sees them, and hands
`app.exchange.import_book` plain rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any

from app.errors import Cancelled
from app.exchange import CHECK_EVERY, Col, ImportResult, export_sheets, export_total, import_book
from app.exchange.cells import Formula
from app.i18n import _
from app.rules.money import Currency
from app.services import book
from reports.xlsx_read import Limits, Workbook, open_workbook
from reports.xlsx_write import Column, Kind, XlsxWriter

_KINDS: dict[str, Kind] = {
    "text": "text",
    "money": "money",
    "date": "date",
    "int": "int",
    "qty": "number",
    "bool": "text",
}


def write_exchange(
    path: str | PathLike[str],
    currency: Currency,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[Path, dict[str, int]]:
    """Export the open book to `path`; returns the path and the rows written per sheet.

    Progress and cancelling: `progress(done, total)` is called every few
    thousand rows (total = the rows of all sheets) and at the end; when
    `cancelled()` answers True, `Cancelled` is raised and nothing is left at
    `path` (the half-written file is removed; a file already there stays).
    """
    with book.reading():  # one snapshot: a workbook exported while others post imports back
        return _write_exchange(path, currency, progress, cancelled)


def _write_exchange(
    path: str | PathLike[str],
    currency: Currency,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> tuple[Path, dict[str, int]]:
    counts: dict[str, int] = {}
    total = export_total() if progress is not None else 0
    done = 0

    def tick() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(_("The export was cancelled; no file was written."))
        if progress is not None:
            progress(done, max(total, done))

    with XlsxWriter(path, currency_decimals=currency.places) as wb:
        for name, cols, rows in export_sheets():
            sheet = wb.sheet(
                name, [_column(c) for c in cols], landscape=True, fit_width=True, repeat_header=True
            )
            bool_cols = [i for i, c in enumerate(cols) if c.kind == "bool"]
            write = sheet.row
            n = 0
            for values in rows:
                for i in bool_cols:
                    values[i] = None if values[i] is None else ("yes" if values[i] else "no")
                write(values)
                n += 1
                if not n % CHECK_EVERY:
                    done += CHECK_EVERY
                    tick()
            done += n % CHECK_EVERY
            counts[name] = n
            tick()
    if progress is not None:
        progress(done, max(total, done))
    return Path(path), counts


def _column(c: Col) -> Column:
    width = c.width or (10.0 if c.kind in ("qty", "int", "bool") else 14.0)
    return Column(c.name, _KINDS[c.kind], width)


def import_exchange(
    path: str | PathLike[str],
    *,
    dry_run: bool = False,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    take_settings: bool = False,
) -> ImportResult:
    """Check and import the exchange workbook at `path` (what `acerto import` does).

    Progress and cancelling as in `app.exchange.import_book`: the book is
    left unchanged when `Cancelled` is raised, since everything is written
    in one transaction.
    """
    with ExchangeSource(path, limits) as source:
        return import_book(
            source, dry_run, progress=progress, cancelled=cancelled, take_settings=take_settings
        )


class ExchangeSource:
    """An exchange workbook opened for import (see `app.exchange.SheetSource`)."""

    def __init__(self, path: str | PathLike[str], limits: Limits | None = None) -> None:
        self._wb: Workbook = open_workbook(path, limits)
        self.date1904 = self._wb.date1904

    def sheet_names(self) -> list[str]:
        return self._wb.sheet_names()

    def row_count(self, sheet: str) -> int:
        return self._wb.row_count(sheet)

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Any]]]:
        # A formula is refused by the import, cell named, never read as its cached value.
        return self._wb.rows(sheet, formula=Formula)

    def close(self) -> None:
        self._wb.close()

    def __enter__(self) -> ExchangeSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
