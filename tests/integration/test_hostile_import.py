"""Hostile workbooks: every bad cell reported, nothing computed from it, never a traceback.

The fuzz test edits one or a few cells of a small exported book (held in
memory) to hostile values and imports it into an empty book as a dry run:
the import either passes or raises `UserError`. A few hundred cases run in
the fast lane; the slow lane runs thousands (`ACERTO_FUZZ_IMPORT_EXAMPLES`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import UserError
from app.exchange import export_sheets, import_book
from app.exchange.cells import Bad, Formula, Problem, read_cell, shown
from app.exchange.check_replay import _Rows
from app.exchange.schema import SHEETS, Col
from app.rules import limits
from app.rules.money import Currency
from app.services import book
from tests.integration.conftest import Cli

# Whole imports (a dry run each, ~0.07 s) and single cells (microseconds).
FAST_IMPORTS = int(os.environ.get("ACERTO_FUZZ_FAST_IMPORTS", "30"))
SLOW_IMPORTS = int(os.environ.get("ACERTO_FUZZ_IMPORTS", "250"))
FAST_CELLS = 400
SLOW_CELLS = int(os.environ.get("ACERTO_FUZZ_CELLS", "3000"))
COLUMNS = [(sheet, col) for sheet, cols in SHEETS.items() for col in cols]
RAW_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def small_book(cli: Cli) -> None:
    """A book with a bit of everything the workbook holds, made through the CLI."""
    cli.ok("customer", "add", "C1", "Açores Pescas", "--terms", "2% 10, net 30")
    cli.ok("customer", "add", "C2", "Beira Lda")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Hours;8;50")
    cli.ok("invoice", "add", "--customer", "C2", "--date", "2026-03-02", "--amount", "100")
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-05", "--amount", "392")
    cli.ok("settle", "PAY-000001", "INV-000001")
    cli.ok("payment", "add", "--customer", "C2", "--date", "2026-03-06", "--amount", "60")
    cli.ok("settle", "PAY-000002", "INV-000002")
    cli.ok("order", "add", "--customer", "C2", "--date", "2026-03-03", "--line", "Box;3;10")
    cli.ok("credit-note", "INV-000001", "--amount", "50", "--date", "2026-03-09")


def workbook_rows(path: Path) -> dict[str, list[list[Any]]]:
    book.open_book(str(path))
    try:
        return {
            name: [[c.name for c in cols], *([*row] for row in rows)]
            for name, cols, rows in export_sheets()
        }
    finally:
        book.close_book()


class Source(_Rows):
    """An exchange workbook held in memory, its header rows as editable as the rest."""

    def row_count(self, sheet: str) -> int:
        return len(self.sheets[sheet])

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Any]]]:
        yield from enumerate(self.sheets[sheet], start=1)


hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, max_value=10**15),
    st.sampled_from(
        [
            "abc",
            "",
            "  ",
            "1e30",
            "NaN",
            "inf",
            "-0",
            "99999999999999999999",
            "999999999999.99",
            "1.234,5",
            "1,234",
            "2026-02-30",
            "9999-12-31",
            "1899-12-31",
            "3000-01-01",
            "2958466",
            "60",
            "=SUM(A1)",
            "X" * 5000,
            "\x00",
            "evil\x1b[2J",
            "\udcff",
            "PAY-000001",
            "INV-000001",
            "C1",
            "yes",
            "net 99999999",
        ]
    ),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(min_value=dt.datetime(1, 1, 1)),
    st.just(dt.time(12, 0)),
    st.just(dt.timedelta(days=3)),
    st.builds(Formula, st.one_of(st.none(), st.integers(0, 100), st.text(max_size=5))),
    st.text(max_size=30),
)


def edits(sheets: dict[str, list[list[Any]]]) -> st.SearchStrategy[list[tuple[str, int, int, Any]]]:
    names = [n for n, rows in sheets.items() if len(rows) > 1]
    one = st.sampled_from(names).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.integers(0, len(sheets[n]) - 1),  # row 0: the header itself
            st.integers(0, len(sheets[n][0])),  # one past the last: a new column
            hostile,
        )
    )
    return st.lists(one, min_size=1, max_size=3)


def apply(sheets: dict[str, list[list[Any]]], changes: list[tuple[str, int, int, Any]]) -> Source:
    copy = {name: [list(r) for r in rows] for name, rows in sheets.items()}
    for sheet, row, col, value in changes:
        cells = copy[sheet][row]
        cells += [None] * (col + 1 - len(cells))
        cells[col] = value
    return Source(copy)


def fuzz(cli: Cli, tmp_path: Path, examples: int) -> None:
    small_book(cli)
    sheets = workbook_rows(cli.path)
    target = tmp_path / "empty.sqlite"
    book.open_book(str(target))
    try:
        import_book(Source(sheets), dry_run=True)  # the untouched workbook imports

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(edits(sheets))
        def one(changes: list[tuple[str, int, int, Any]]) -> None:
            try:
                import_book(apply(sheets, changes), dry_run=True)
            except UserError as e:
                assert not RAW_CONTROLS.search(str(e).replace("\t", " ")), str(e)

        one()
    finally:
        book.close_book()


def test_hostile_workbooks_end_in_sentences(cli: Cli, tmp_path: Path) -> None:
    fuzz(cli, tmp_path, FAST_IMPORTS)


@pytest.mark.slow
def test_hostile_workbooks_end_in_sentences_many(cli: Cli, tmp_path: Path) -> None:
    fuzz(cli, tmp_path, SLOW_IMPORTS)


def fuzz_cells(examples: int) -> None:
    """Every column of every sheet reads any value as a value within the limits, or a reason."""
    cur = Currency.of("EUR")

    @settings(max_examples=examples, deadline=None, derandomize=True)
    @given(st.sampled_from(COLUMNS), hostile, st.booleans())
    def one(where: tuple[str, Col], value: Any, date1904: bool) -> None:
        sheet, col = where
        try:
            got = read_cell(col, value, cur, date1904)
        except Bad as e:
            assert not RAW_CONTROLS.search(str(e)), str(e)
            assert not RAW_CONTROLS.search(str(Problem(sheet, 2, col.name, shown(value), str(e))))
            return
        if isinstance(got, str):
            assert len(got) <= col.max_len and limits.bad_characters(got, True) is None
        elif isinstance(got, Decimal):
            assert abs(got) < max(limits.MAX_AMOUNT, limits.MAX_QUANTITY)
        elif isinstance(got, dt.date):
            assert limits.FIRST_YEAR <= got.year <= limits.LAST_YEAR
        elif isinstance(got, int) and not isinstance(got, bool):
            assert 0 <= got < limits.MAX_WHOLE

    one()


def test_hostile_cells_are_values_within_the_limits_or_reasons() -> None:
    fuzz_cells(FAST_CELLS)


@pytest.mark.slow
def test_hostile_cells_are_values_within_the_limits_or_reasons_many() -> None:
    fuzz_cells(SLOW_CELLS)


# ---------------------------------------------------------------- the cases of the issue


def exported(cli: Cli, tmp_path: Path) -> Path:
    small_book(cli)
    path = tmp_path / "export.xlsx"
    cli.ok("export", str(path))
    return path


def edit_cell(path: Path, sheet: str, column: str, row: int, value: Any) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row, header.index(column) + 1).value = value
    out = path.with_name(f"edited-{sheet}-{column}.xlsx")
    wb.save(out)
    return out


def into_new_book(cli: Cli, tmp_path: Path, workbook: Path, *options: str) -> Any:
    new = tmp_path / "new.sqlite"
    cli.ok("--book", str(new), "init", "--currency", "EUR")
    r = cli.run("--book", str(new), "import", str(workbook), *options)
    assert "Internal error" not in r.err and "Traceback" not in r.err, r.err
    return r


def test_a_bad_amount_on_a_settled_payment_is_reported_and_nothing_follows_from_it(
    cli: Cli, tmp_path: Path
) -> None:
    """Issue 8: 'abc' as the amount of a payment a Settlements row uses."""
    path = edit_cell(exported(cli, tmp_path), "Payments", "amount", 2, "abc")
    r = into_new_book(cli, tmp_path, path)
    assert r.code == 1
    problems = [line.strip() for line in r.err.splitlines()[1:]]
    assert problems == [
        'Payments row 2, column E (amount): "abc" is not a number; type an amount such as 125.50'
    ], r.err


def test_every_bad_cell_is_reported_at_once(cli: Cli, tmp_path: Path) -> None:
    path = exported(cli, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Payments"]["E2"] = "abc"
    wb["OrderLines"]["D2"] = "lots"  # quantity
    wb["InvoiceLines"]["E2"] = "1e30"  # unit price
    wb["Invoices"]["F2"] = "3000-01-01"  # date
    wb["Customers"]["B2"] = "N" * 10_240  # name
    wb.save(path)
    r = into_new_book(cli, tmp_path, path)
    assert r.code == 1
    for where in (
        "Customers row 2, column B (name)",
        "OrderLines row 2, column D (quantity)",
        "Invoices row 2, column F (date)",
        "InvoiceLines row 2, column E (unit_price)",
        "Payments row 2, column E (amount)",
    ):
        assert where in r.err, r.err
    assert "differs from what the rules give" not in r.err, r.err
    assert "10,240 characters long" in r.err and "N" * 100 not in r.err


def test_a_missing_required_column_names_sheet_and_column(cli: Cli, tmp_path: Path) -> None:
    path = exported(cli, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Payments"].delete_cols(5)  # amount
    wb.save(path)
    r = into_new_book(cli, tmp_path, path)
    assert r.code == 1
    assert 'Payments row 1: "amount" is a column this sheet must have' in r.err, r.err


def test_control_characters_in_cells_are_refused_and_shown_escaped(
    cli: Cli, tmp_path: Path
) -> None:
    # openpyxl refuses to write control characters; Excel writes them as _xHHHH_.
    path = with_xml_cell(
        exported(cli, tmp_path),
        "Customers",
        "B2",
        '<c r="B2" t="inlineStr"><is><t>Evil_x001B_]0;pwned_x0007_</t></is></c>',
    )
    r = into_new_book(cli, tmp_path, path)
    assert r.code == 1
    assert "Customers row 2, column B (name)" in r.err
    assert "\x1b" not in r.err and "\\x1b" in r.err


def with_xml_cell(path: Path, sheet: str, cell: str, xml_cell: str) -> Path:
    """The workbook with `cell` of `sheet` replaced by `xml_cell` (raw worksheet XML)."""
    index = openpyxl.load_workbook(path, read_only=True).sheetnames.index(sheet) + 1
    out = path.with_name(f"xml-{sheet}-{cell}.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == f"xl/worksheets/sheet{index}.xml":
                xml, n = re.subn(
                    rf'<c r="{cell}"[^>]*?(?:/>|>.*?</c>)',
                    lambda _m: xml_cell,
                    data.decode(),
                    count=1,
                    flags=re.S,
                )
                assert n == 1
                data = xml.encode()
            dst.writestr(info, data)
    return out


def test_a_formula_is_refused_not_read_from_its_cached_value(cli: Cli, tmp_path: Path) -> None:
    formula = with_xml_cell(
        exported(cli, tmp_path), "Payments", "E2", '<c r="E2" s="3"><f>392*1</f><v>392</v></c>'
    )
    r = into_new_book(cli, tmp_path, formula)
    assert r.code == 1
    assert 'Payments row 2, column E (amount): "392" is a formula' in r.err, r.err


def test_huge_and_out_of_range_cells_are_sentences(cli: Cli, tmp_path: Path) -> None:
    path = exported(cli, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Payments"]["E2"] = Decimal("1e20")
    wb["Payments"]["D2"] = 2_958_466  # beyond 9999-12-31 as an Excel serial
    wb["Settlements"]["C2"] = 10**15  # seq
    wb.save(path)
    r = into_new_book(cli, tmp_path, path)
    assert r.code == 1
    assert "largest amount the book holds" in r.err
    assert "Payments row 2, column D (date)" in r.err
    assert "Settlements row 2, column C (seq)" in r.err
