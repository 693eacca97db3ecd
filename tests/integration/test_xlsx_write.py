"""Workbooks written by reports.xlsx_write, read back and checked by content."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.errors import UserError
from reports.xlsx_read import open_workbook
from reports.xlsx_write import Column, XlsxWriter

COLUMNS = [
    Column("Customer", width=12),
    Column("Due", "date"),
    Column("Balance", "money"),
    Column("Days", "int"),
    Column("Share", "percent"),
    Column("Qty", "number"),
]
ROWS: list[list[object]] = [
    ["=1+1", dt.date(2024, 2, 29), Decimal("1234.50"), 3, Decimal("0.25"), Decimal("1.125")],
    ["Conceição & Filhos <Lda>", dt.date(2024, 3, 1), Decimal("0.10"), 40, Decimal("0.75"), 2],
    ["@evil", None, Decimal("-0.60"), None, None, None],
    [None, dt.datetime(2024, 12, 31, 15, 30), Decimal("1000000.01"), 0, Decimal("0"), None],
]


def write(path: Path, **options: object) -> int:
    with XlsxWriter(path, **options) as wb:  # type: ignore[arg-type]
        sh = wb.sheet("Summary", COLUMNS)
        for row in ROWS:
            sh.row(row)
        total = sh.total_row("Total", 0, [2, 3, 4])
        sh.add_bar_chart("Balances", 0, [2], sh.first_data_row, sh.last_data_row, "H2")
        wb.sheet("Empty", [Column("Nothing")]).total_row(sum_cols=[])
    return total


def sheet_xml(path: Path, n: int = 1) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode()


def test_values_come_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write(path, currency_symbol="€")
    with open_workbook(path) as wb:
        assert wb.sheet_names() == ["Summary", "Empty"]
        rows = dict(wb.rows("Summary"))
    assert rows[1] == ["Customer", "Due", "Balance", "Days", "Share", "Qty"]
    assert rows[2] == [
        "=1+1",
        dt.date(2024, 2, 29),
        Decimal("1234.5"),
        3,
        Decimal("0.25"),
        Decimal("1.125"),
    ]
    assert rows[3] == [
        "Conceição & Filhos <Lda>",
        dt.date(2024, 3, 1),
        Decimal("0.1"),
        40,
        Decimal("0.75"),
        2,
    ]
    assert rows[4] == ["@evil", None, Decimal("-0.6"), None, None, None]
    assert rows[5][1] == dt.date(2024, 12, 31)  # a date column holds no time of day
    # The totals row carries the exact sum as its cached value.
    assert rows[6][:5] == ["Total", None, Decimal("1001234.01"), 43, 1]


def test_amounts_are_written_from_decimal_digits(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write(path)
    xml = sheet_xml(path)
    assert "<v>1234.50</v>" in xml
    assert "<v>1000000.01</v>" in xml
    assert "<v>-0.60</v>" in xml


def test_user_text_is_never_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write(path)
    ws = openpyxl.load_workbook(path)["Summary"]
    assert ws["A2"].value == "'=1+1"
    assert ws["A2"].data_type == "s"
    assert ws["A4"].value == "'@evil"
    formulas = re.findall(r"<f>(.*?)</f>", sheet_xml(path))
    assert formulas == ["SUM(C2:C5)", "SUM(D2:D5)", "SUM(E2:E5)"]


def test_layout_header_formats_widths_filter(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    total = write(path, currency_decimals=2, currency_symbol="€")
    assert total == 6
    ws = openpyxl.load_workbook(path)["Summary"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F5"
    assert all(cell.font.b for cell in ws[1])
    assert ws["B2"].number_format == "yyyy-mm-dd"
    assert ws["C2"].number_format == '#,##0.00 "€"'
    assert ws["D2"].number_format == "0"
    assert ws["E2"].number_format == "0.0%"
    assert ws["F2"].number_format == "General"
    assert ws["C6"].value == "=SUM(C2:C5)"
    assert ws["C6"].number_format == '#,##0.00 "€"' and ws["C6"].font.b
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    # Column A fits its widest value ("Conceição & Filhos <Lda>"), wider than its hint.
    assert widths["A"] >= len("Conceição & Filhos <Lda>")
    assert widths["C"] >= len("1,000,000.01 €")
    empty = openpyxl.load_workbook(path)["Empty"]
    assert empty["A2"].value == "Total"


def test_zero_decimal_currency(tmp_path: Path) -> None:
    path = tmp_path / "jpy.xlsx"
    with XlsxWriter(path, currency_decimals=0, currency_symbol="¥") as wb:
        sh = wb.sheet("S", [Column("Amount", "money")])
        sh.row([Decimal("1500")])
        sh.total_row(sum_cols=[0], label_col=0, label="")
    ws = openpyxl.load_workbook(path)["S"]
    assert ws["A2"].number_format == '#,##0 "¥"'


def test_bar_chart_refers_to_the_data(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write(path)
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart and '<c:barDir val="col"/>' in chart
    assert "Summary!$C$2:$C$5" in chart
    assert "Summary!$A$2:$A$5" in chart
    assert "Summary!$C$1" in chart  # series named after its header
    assert "Balances" in chart


def test_values_of_the_wrong_kind_are_refused(tmp_path: Path) -> None:
    with XlsxWriter(tmp_path / "bad.xlsx") as wb:
        sh = wb.sheet("S", [Column("A", "money"), Column("B", "date"), Column("C", "int")])
        with pytest.raises(TypeError):
            sh.row(["12.50"])
        with pytest.raises(TypeError):
            sh.row([None, "2024-01-01"])
        with pytest.raises(TypeError):
            sh.row([None, None, Decimal("1.5")])
        with pytest.raises(ValueError):
            sh.row([Decimal("NaN")])
        with pytest.raises(ValueError):
            sh.row([1, None, 1, "one too many"])


def test_rows_after_the_totals_are_refused(tmp_path: Path) -> None:
    with XlsxWriter(tmp_path / "t.xlsx") as wb:
        sh = wb.sheet("S", [Column("A", "money")])
        sh.total_row(sum_cols=[0])
        with pytest.raises(RuntimeError):
            sh.row([Decimal(1)])


def test_a_failed_export_leaves_the_old_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"previous report")
    with pytest.raises(ZeroDivisionError), XlsxWriter(path) as wb:
        wb.sheet("S", [Column("A")]).row(["x"])
        _ = 1 / 0
    assert path.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_long_text_is_clipped_to_excels_cell_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    with XlsxWriter(path) as wb:
        wb.sheet("S", [Column("A")]).row(["x" * 40000])
    with open_workbook(path) as wb:
        rows = dict(wb.rows("S"))
    text = rows[2][0]
    assert isinstance(text, str) and len(text) == 32767


def test_an_unwritable_place_is_a_user_error(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.mkdir()  # a folder where the file should go: the final move fails
    with (
        pytest.raises(UserError, match='"report.xlsx" could not be saved'),
        XlsxWriter(target) as wb,
    ):
        wb.sheet("S", [Column("A")]).row(["x"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]
