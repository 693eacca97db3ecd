"""`acerto aging`: the workbook read back by two independent readers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.integration.conftest import Cli


@pytest.fixture
def aged(cli: Cli, tmp_path: Path) -> Path:
    """Two customers (one with a hostile name), items in several buckets, a payment and credit."""
    cli.ok("customer", "add", "C1", "Conceição & Filhos", "--terms", "net 30")
    cli.ok("customer", "add", "C2", "=1+1 <b>Núñez</b>", "--terms", "2% 10, net 30")
    a = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-01-01", "--amount", "1000.00")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-20", "--amount", "250.50")
    b = cli.ok("invoice", "add", "--customer", "C2", "--date", "2025-10-01", "--amount", "80.00")
    p = cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "400.00")
    cli.ok("settle", p, a)
    cli.ok("payment", "add", "--customer", "C2", "--date", "2026-03-25", "--amount", "30.00")
    cli.ok("credit-note", b, "--amount", "20.00", "--reason", "damaged")
    # A payment after the as-of date must not count.
    late = cli.ok(
        "payment", "add", "--customer", "C1", "--date", "2026-04-15", "--amount", "600.00"
    )
    cli.ok("settle", late, a)
    out = tmp_path / "aging.xlsx"
    assert cli.ok("aging", "--as-of", "2026-03-31", "--out", str(out)) == str(out)
    return out


def test_sheets_headers_and_values_read_by_openpyxl(aged: Path) -> None:
    wb = openpyxl.load_workbook(aged, read_only=True)
    assert wb.sheetnames == ["Summary", "Detail", "Parameters"]
    rows = list(wb["Summary"].iter_rows(values_only=True))
    assert rows[0][:11] == (
        "Customer",
        "Name",
        "Current",
        "1–30",
        "31–60",
        "61–90",
        "91–120",
        "over 120",
        "Total",
        "Credit",
        "Net",
    )
    c1 = rows[1]
    assert c1[:2] == ("C1", "Conceição & Filhos")
    # 1000 due 2026-01-31 minus 400 → 600 in 31–60; 250.50 due 2026-04-19 → Current.
    assert [Decimal(str(v)) for v in c1[2:11]] == [
        Decimal("250.5"),
        0,
        Decimal("600"),
        0,
        0,
        0,
        Decimal("850.5"),
        0,
        Decimal("850.5"),
    ]
    c2 = rows[2]
    assert c2[1] == "'=1+1 <b>Núñez</b>"  # neutralised: text, never a formula
    # 80.00 due 2025-10-31 → 151 days → over 120 (the credit note is dated today, after the
    # as-of date, so it does not count yet); 30.00 unapplied.
    assert [Decimal(str(v)) for v in c2[7:11]] == [
        Decimal("80"),
        Decimal("80"),
        Decimal("30"),
        Decimal("50"),
    ]
    total = rows[3]
    assert total[0] == "Total"
    assert total[2:11] == tuple(f"=SUM({col}2:{col}3)" for col in "CDEFGHIJK")
    assert all(v is None for v in total[11:])
    assert Decimal(str(c1[11])) == Decimal("0.2945")  # 250.50 / 850.50, shown as a percentage
    wb.close()


def test_formats_freeze_filter_chart_and_widths(aged: Path) -> None:
    wb = openpyxl.load_workbook(aged)
    s = wb["Summary"]
    for name in wb.sheetnames:
        assert wb[name].freeze_panes == "A2"
        assert wb[name].auto_filter.ref
    assert s.auto_filter.ref.startswith("A1:")
    assert "€" in s["C2"].number_format and "0.00" in s["C2"].number_format
    assert "%" in s["L2"].number_format
    assert s.column_dimensions["B"].width >= len("Conceição & Filhos")
    assert len(s._charts) == 1
    d = wb["Detail"]
    assert d["E2"].number_format == "yyyy-mm-dd"
    assert "€" in d["I2"].number_format
    last = d.max_row
    assert d.cell(last, 1).value == "Total"
    assert d.cell(last, 9).value == f"=SUM(I2:I{last - 1})"
    # Every other cell is a value, not a formula.
    for ws in wb:
        for row in ws.iter_rows(max_row=ws.max_row - (1 if ws.title != "Parameters" else 0)):
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), (
                    cell.coordinate
                )


def test_detail_and_parameters_read_by_calamine(aged: Path) -> None:
    wb = CalamineWorkbook.from_path(str(aged))
    detail = wb.get_sheet_by_name("Detail").to_python()
    assert detail[0] == [
        "Customer",
        "Name",
        "Document",
        "Kind",
        "Date",
        "Due date",
        "Days overdue",
        "Amount",
        "Open balance",
        "Bucket",
    ]
    body = detail[1:-1]
    docs = {(r[2], r[3], r[9]) for r in body}
    assert ("INV-000001", "Invoice", "31–60") in docs
    assert ("INV-000002", "Invoice", "Current") in docs
    assert ("INV-000003", "Invoice", "over 120") in docs
    assert ("PAY-000002", "Payment", "Unapplied credit") in docs
    assert not any(r[2] == "PAY-000003" for r in body)  # dated after the as-of date
    inv1 = next(r for r in body if r[2] == "INV-000001")
    assert (str(inv1[4]), str(inv1[5]), inv1[6], inv1[7], inv1[8]) == (
        "2026-01-01",
        "2026-01-31",
        59,
        1000.0,
        600.0,
    )
    assert sum(Decimal(str(r[8])) for r in body) == Decimal("900.5")
    assert not any(r[2] == "CN-000001" for r in body)  # dated today, after the as-of date
    params = dict(wb.get_sheet_by_name("Parameters").to_python()[1:])
    assert params["As of"] == "2026-03-31"
    assert params["Basis"] == "due date"
    assert params["Buckets"] == "Current, 1–30, 31–60, 61–90, 91–120, over 120"
    assert params["Company"] == "Conceição & Filhos, Lda"
    assert params["Book"].endswith("book.sqlite")
    assert params["Generated at"]


def test_invoice_basis_and_custom_buckets(cli: Cli, aged: Path, tmp_path: Path) -> None:
    out = tmp_path / "by-invoice.xlsx"
    cli.ok(
        "aging",
        "--as-of",
        "2026-03-31",
        "--basis",
        "invoice",
        "--buckets",
        "60,180",
        "--out",
        str(out),
    )
    wb = CalamineWorkbook.from_path(str(out))
    summary = wb.get_sheet_by_name("Summary").to_python()
    assert summary[0][2:6] == ["0–60", "61–180", "over 180", "Total"]
    assert summary[1][2:5] == [250.5, 600.0, 0.0]  # 89 days since 2026-01-01
    assert summary[2][2:5] == [0.0, 0.0, 80.0]  # 181 days since 2025-10-01
    assert wb.get_sheet_by_name("Detail").to_python()[0][6] == "Days since invoice"


def test_bad_input_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli.fails(
        "aging", "--as-of", "2026-13-01", "--out", str(tmp_path / "a.xlsx"), match="as-of date"
    )
    cli.fails(
        "aging",
        "--as-of",
        "2026-03-01",
        "--buckets",
        "60,30",
        "--out",
        str(tmp_path / "a.xlsx"),
        match="increasing",
    )
    cli.fails("aging", "--as-of", "2026-03-01", "--out", str(tmp_path / "a.pdf"), match=r"\.xlsx")
    assert not (tmp_path / "a.xlsx").exists()
