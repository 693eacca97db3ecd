"""`SheetWriter.rows` writes the very bytes `SheetWriter.row` makes xlsxwriter write."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from reports.xlsx_write import Column, XlsxWriter

COLUMNS = [
    Column("Text"),
    Column("Date", "date"),
    Column("Int", "int"),
    Column("Money", "money"),
    Column("Number", "number"),
    Column("Percent", "percent"),
]
ROWS: list[list[object]] = [
    ["a&b<c>", dt.date(2026, 3, 1), 5, Decimal("12.50"), Decimal("1.5"), Decimal("0.25")],
    ["=SUM(A1)", dt.date(1900, 1, 5), -3, Decimal("-0.01"), 7, None],  # before March 1900
    [" leading space", None, None, None, None, None],
    ["ctl\x01\x1f _x0041_ tab\t", dt.datetime(2026, 1, 2, 13, 5), 0, 0, Decimal("1E+3"), 1],
    [None] * 6,  # an empty row: no <row> at all
    [],
    ["'quote", dt.date(2026, 3, 1), 10**12, Decimal("123456789.123"), 3, Decimal("0.3333")],
    ["trailing newline\n", dt.date(2026, 3, 1), 1, Decimal("1"), 1, 1],
    ["x" * 40000, None],  # clipped to Excel's 32,767
    ["😀" * 20000],  # 40,000 UTF-16 units
    ['double "quote"', dt.date(1900, 2, 28)],
    [123, dt.date(1900, 3, 1)],  # not text: written as its str()
    ["\ufffe\uffff", None],
    ["−1 full-width ＝", None],
    ["\rcarriage return", None],  # a formula trigger that is also a control character
    ["@at", None],
    ["+plus", None],
    ["＝full-width equals", None],
    ["no-break space at the end\u00a0", None],
    ["\u2003em space at the start", None],
    ["plain Conceição 1", None],
]


def _write(path: Path, fast: bool) -> None:
    with XlsxWriter(path, currency_symbol="€") as wb:
        first = wb.sheet("First", COLUMNS, landscape=True)
        if fast:
            assert first.rows(ROWS) == len(ROWS)
        else:
            for row in ROWS:
                first.row(row)
        first.total_row("Total", 0, [2, 3, 4, 5])
        mixed = wb.sheet("Mixed", COLUMNS)
        if fast:  # `rows` and `row` may alternate
            mixed.rows(ROWS[:2])
            mixed.row(ROWS[2])
            mixed.rows(ROWS[3:6])
        else:
            for row in ROWS[:6]:
                mixed.row(row)


def test_rows_writes_the_bytes_row_writes(tmp_path: Path) -> None:
    _write(tmp_path / "slow.xlsx", fast=False)
    _write(tmp_path / "fast.xlsx", fast=True)
    with zipfile.ZipFile(tmp_path / "slow.xlsx") as a, zipfile.ZipFile(tmp_path / "fast.xlsx") as b:
        names = a.namelist()
        assert names == b.namelist()
        assert "xl/worksheets/sheet1.xml" in names
        for name in names:
            if name != "docProps/core.xml":  # holds the time of writing
                assert a.read(name) == b.read(name), name


def test_rows_checks_as_row_does(tmp_path: Path) -> None:
    with XlsxWriter(tmp_path / "x.xlsx") as wb:
        sheet = wb.sheet("S", [Column("Int", "int"), Column("Date", "date")])
        with pytest.raises(TypeError, match="integers"):
            sheet.rows([[Decimal("1.5")]])
        with pytest.raises(TypeError, match="dates"):
            sheet.rows([[None, "2026-01-01"]])
        with pytest.raises(ValueError, match="3 values for 2 columns"):
            sheet.rows([[1, None, 3]])
        sheet.total_row(sum_cols=[0])
        with pytest.raises(RuntimeError, match="totals row"):
            sheet.rows([[1]])
