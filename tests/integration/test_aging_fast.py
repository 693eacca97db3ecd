"""Issue 12: the fast aging workbook says what the straightforward one said.

The reference is the straightforward path: `compute_aging` for the totals,
the Detail read again by `Aging.rows()`, each row's kind and bucket put in
words and written cell by cell through `SheetWriter.row` (the Summary too).
The fast path reads each kind of item once (`plan_aging`), writes the
Detail's rows as one f-string each (reports/aging_detail.py) and the
Summary's through `SheetWriter.rows`. Both workbooks are read back by
openpyxl and python-calamine and compared cell by cell: values and number
formats, in en, pt_BR and es, on a hand-made book, on a demo book (credit
notes, corrective invoices, partial settlements, refunds) and in currencies
of 0, 2 and 3 decimals.
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from app import i18n
from app.demo import make_demo
from app.read import aging
from models.db import close_db, init_db
from reports import aging_job, aging_xlsx, jobs
from reports.aging_detail import number_text
from reports.xlsx_write import Column, SheetWriter, XlsxWriter
from tests.integration.conftest import Cli

AS_OF = dt.date(2026, 3, 31)
WHEN = dt.datetime(2026, 4, 1, 9)


@pytest.fixture
def book(cli: Cli, book_path: Path) -> Path:
    """Customers with hostile names; invoices in every bucket, payments, credit notes."""
    names = ("Conceição & Filhos", "=1+1 <b>Núñez</b>", "'Aspas", "@SUM(A1)", "a_x0041_b")
    for i, name in enumerate(names, 1):
        cli.ok("customer", "add", f"C{i}", name, "--terms", "net 30")
    days = (400, 200, 100, 75, 45, 20, 5)
    for i, back in enumerate(days):
        code = f"C{i % len(names) + 1}"
        on = (AS_OF - dt.timedelta(days=back)).isoformat()
        inv = cli.ok(
            "invoice", "add", "--customer", code, "--date", on, "--amount", f"{100 + i}.25"
        )
        if i % 3 == 0:
            pay = cli.ok("payment", "add", "--customer", code, "--date", on, "--amount", "40.00")
            cli.ok("settle", pay, inv)
        if i == 1:
            cli.ok("credit-note", inv, "--amount", "10.00", "--reason", "damaged")
    cli.ok("payment", "add", "--customer", "C2", "--date", "2026-03-25", "--amount", "30.00")
    cli.ok("payment", "add", "--customer", "C5", "--date", "2026-02-25", "--amount", "7.10")
    return book_path


def _per_cell(self: SheetWriter, rows: Iterable[Sequence[object]]) -> int:
    """`SheetWriter.rows` the straightforward way: one `row` call a row."""
    n = 0
    for values in rows:
        self.row(values)
        n += 1
    return n


class _PerCell:
    """reports/aging_detail.py's `DetailStream` the straightforward way: each item's
    kind and bucket in words, then one `SheetWriter.row` call a row."""

    def __init__(self, sheet: SheetWriter, kinds: dict[str, str], buckets: list[str]) -> None:
        self.sheet, self.kinds, self.buckets = sheet, kinds, buckets

    def write(self, rows: Iterable[Sequence[Any]], check: object, every: int) -> int:
        n = 0
        for code, name, number, kind, on, due, days, amount, open_, bucket in rows:
            words = (self.kinds.get(kind, kind), self.buckets[bucket])
            self.sheet.row([code, name, number, words[0], on, due, days, amount, open_, words[1]])
            n += 1
        return n


def _write(
    book_path: Path, out: Path, lang: str, *, basis: str = "due", as_of: dt.date = AS_OF
) -> aging.Aging:
    init_db(str(book_path))
    try:
        with i18n.language(lang):
            return jobs.aging_workbook(out, as_of, basis, (30, 60, 90, 120), generated_at=WHEN)
    finally:
        close_db()


def _fast_and_slow(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, **how: Any
) -> tuple[aging.Aging, aging.Aging]:
    """The aging written the fast way (fast.xlsx) and the straightforward way (slow.xlsx)."""
    got = _write(book, tmp_path / "fast.xlsx", lang, **how)
    with monkeypatch.context() as m:
        m.setattr(SheetWriter, "rows", _per_cell)
        m.setattr(aging_xlsx, "DetailStream", _PerCell)
        m.setattr(aging_job, "plan_aging", lambda *a: aging.compute_aging(*a))
        want = _write(book, tmp_path / "slow.xlsx", lang, **how)
    assert not want.pending and not got.pending
    assert [(c.code, c.buckets, c.credit) for c in got.customers] == [
        (c.code, c.buckets, c.credit) for c in want.customers
    ]
    assert got.item_count == want.item_count
    return got, want


def _same_cells(fast: Path, slow: Path) -> dict[str, list[list[tuple[Any, str]]]]:
    """Every cell of every sheet equal in value and number format (openpyxl) and in
    value (python-calamine); returns the reference's cells."""
    cells, reference = _cells(fast), _cells(slow)
    assert list(cells) == list(reference) and len(cells) == 3
    for name, rows in reference.items():
        assert cells[name] == rows, name
    assert _calamine(fast) == _calamine(slow)
    assert _widths(fast) == _widths(slow)
    return reference


def _widths(path: Path) -> dict[str, dict[str, float | None]]:
    """Each sheet's column widths (the longest text or number seen sets them)."""
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: {k: d.width for k, d in sorted(ws.column_dimensions.items())}
        for ws in wb.worksheets
    }


def _cells(path: Path) -> dict[str, list[list[tuple[Any, str]]]]:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: [[(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
        for ws in wb.worksheets
    }


def _calamine(path: Path) -> dict[str, list[list[Any]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.mark.parametrize(("lang", "basis"), [("en", "due"), ("pt_BR", "invoice"), ("es", "due")])
def test_fast_workbook_equals_the_straightforward_one(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, basis: str
) -> None:
    got, _want = _fast_and_slow(book, tmp_path, monkeypatch, lang, basis=basis)
    assert got.item_count >= 8  # invoices, payments and a credit
    reference = _same_cells(tmp_path / "fast.xlsx", tmp_path / "slow.xlsx")
    detail = reference[list(reference)[1]]
    assert len(detail) == 1 + got.item_count + 1  # header, the items, the totals row
    assert isinstance(detail[1][4][0], dt.datetime)  # real dates and numbers, as before
    assert detail[1][4][1] == ("yyyy-mm-dd" if lang == "en" else "dd/mm/yyyy")
    assert detail[1][7][1].startswith("#,##0.00")


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo book: the story's credit notes, corrective invoices, refunds and partial
    settlements, and ordinary history in every bucket."""
    from app.cli import main

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    assert main(["--book", str(path), "init", "--currency", "EUR", "--company", "Demo"]) == 0
    init_db(str(path))
    try:
        make_demo(12, 150, seed=7, today=AS_OF)
    finally:
        close_db()
    return path


@pytest.mark.parametrize(
    ("lang", "basis", "as_of"),
    [("en", "due", AS_OF), ("pt_BR", "invoice", AS_OF), ("es", "due", dt.date(2026, 2, 15))],
)
def test_demo_book_fast_equals_straightforward(
    demo_book: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    basis: str,
    as_of: dt.date,
) -> None:
    got, _want = _fast_and_slow(demo_book, tmp_path, monkeypatch, lang, basis=basis, as_of=as_of)
    items = list(got.items())
    kinds = {i.kind for i in items}
    assert {"invoice", "payment"} <= kinds and kinds & {"credit_note", "corrective"}
    assert any(0 < i.open < i.amount for i in items)  # a partly settled invoice
    assert len({i.bucket for i in items}) >= 4
    reference = _same_cells(tmp_path / "fast.xlsx", tmp_path / "slow.xlsx")
    assert len(reference[list(reference)[1]]) == 1 + got.item_count + 1


@pytest.mark.parametrize(("currency", "places"), [("JPY", 0), ("BHD", 3), ("BRL", 2)])
def test_currencies_fast_equals_straightforward(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    currency: str,
    places: int,
) -> None:
    path = tmp_path / "book.sqlite"
    monkeypatch.setenv("ACERTO_BOOK", str(path))
    cli = Cli(path, capsys)
    cli.ok("init", "--currency", currency, "--company", "Moeda")
    amount = "1234.567"[: 5 + places] if places else "1234"
    for i, back in enumerate((200, 70, 35, 3), 1):
        cli.ok("customer", "add", f"C{i}", f"Cliente {i}", "--terms", "net 30")
        on = (AS_OF - dt.timedelta(days=back)).isoformat()
        inv = cli.ok("invoice", "add", "--customer", f"C{i}", "--date", on, "--amount", amount)
        pay = cli.ok("payment", "add", "--customer", f"C{i}", "--date", on, "--amount", "100")
        cli.ok("settle", pay, inv)  # partly settled
    cli.ok("credit-note", inv, "--amount", "5", "--reason", "damaged")
    cli.ok("payment", "add", "--customer", "C2", "--date", "2026-03-20", "--amount", "9")
    got, _want = _fast_and_slow(path, tmp_path, monkeypatch, "en")
    assert got.currency.places == places and got.item_count >= 5
    reference = _same_cells(tmp_path / "fast.xlsx", tmp_path / "slow.xlsx")
    detail = reference[list(reference)[1]]
    assert detail[1][7][1].startswith("#,##0" + ("." + "0" * places if places else ""))


@pytest.mark.parametrize(
    "value",
    [Decimal("2906.44"), Decimal("-0.01"), Decimal("0.00"), Decimal("100.00"), Decimal("5"),
     Decimal("1E+3"), Decimal("1E-7"), Decimal("0.000001"), Decimal("123456789012.345"),
     Decimal("12345678901234.56"), Decimal("-99999999999999.99"), Decimal("1.2345678901234567"),
     0, -3, 10**12, 10**17, 2**63],
)  # fmt: skip
def test_number_text_is_xlsxwriters_number(value: int | Decimal) -> None:
    assert number_text(value) == f"{value:.16G}"


def test_the_aging_zip_is_deflated_at_its_level(book: Path, tmp_path: Path) -> None:
    """The aging asks for level 1 (reports/xlsx_zip.py); other workbooks keep zlib's
    default. Deflate is deterministic: the sizes are those of zlib at that level."""
    out = tmp_path / "aging.xlsx"
    _write(book, out, "en")
    plain = tmp_path / "plain.xlsx"
    with XlsxWriter(plain) as wb:
        wb.sheet("S", [Column("Text")]).rows([f"row {i}"] for i in range(2000))
    for path, level in ((out, aging_xlsx.ZIP_LEVEL), (plain, 6)):
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/worksheets/sheet1.xml")
            deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
            data = z.read(info)
            assert info.compress_size == len(deflate.compress(data) + deflate.flush())
            other = zlib.compressobj(9 if level == 1 else 1, zlib.DEFLATED, -15)
            assert info.compress_size != len(other.compress(data) + other.flush())


def test_plan_aging_totals_equal_compute_aging(book: Path) -> None:
    init_db(str(book))
    try:
        for basis in ("due", "invoice"):
            want = aging.compute_aging(AS_OF, basis, (30, 60))
            planned = aging.plan_aging(AS_OF, basis, (30, 60))
            assert planned.pending and planned.customers == [] and planned.item_count == 0
            rows = list(planned.rows())
            assert not planned.pending
            assert [(c.code, c.name, c.buckets, c.credit) for c in planned.customers] == [
                (c.code, c.name, c.buckets, c.credit) for c in want.customers
            ]
            assert planned.item_count == want.item_count == len(rows)
            assert rows == list(want.rows())
    finally:
        close_db()
