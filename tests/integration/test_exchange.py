"""`acerto export` / `acerto import`: the accountant's round trip (SPEC §6)."""

from __future__ import annotations

import datetime as dt
import json
import re
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from tests.integration.conftest import Cli


def workbook(path: Path, sheets: dict[str, list[list[Any]]], epoch: Any = None) -> Path:
    """An .xlsx written by openpyxl, as an accountant's spreadsheet program would."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if epoch is not None:
        wb.epoch = epoch
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


GOOD: dict[str, list[list[Any]]] = {
    "Customers": [
        ["code", "name", "address", "tax_id", "email", "terms"],
        ["A1", "Conceição Lda", "Rua 1", "PT1", "a@x.pt", "2% 10, net 30"],
        ["B2", "Muñoz S.L.", None, None, None, "net 15"],
    ],
    "Invoices": [
        ["number", "kind", "customer", "date", "due_date", "terms", "total"],
        ["F-1", "invoice", "A1", dt.date(2026, 3, 1), "2026-03-31", "2% 10, net 30", 1234.5],
        ["F-2", "invoice", "B2", "2026-03-05", 46101, "net 15", None],  # 46101 = 2026-03-20
    ],
    "InvoiceLines": [
        ["invoice", "line", "description", "quantity", "unit_price", "amount"],
        ["F-1", 1, "Consultoria", 10, "123,45", "1.234,50"],
        ["F-2", 1, "Peças", "2.5", 40, 100],
    ],
    "Payments": [
        ["number", "customer", "date", "amount", "method", "reference"],
        ["P-1", "A1", dt.datetime(2026, 3, 9), "1209.81", "bank transfer", "<TRF & 1> ção"],
        ["P-2", "B2", "2026-03-25", 60, None, None],
    ],
    "Settlements": [
        [
            "source",
            "invoice",
            "seq",
            "date",
            "amount",
            "discount",
            "writeoff",
            "full_settlement",
            "reverses",
            "automatic",
        ],
        ["P-1", "F-1", 1, "2026-03-09", "1209.81", "24.69", 0, 0, None, "no"],
        ["P-2", "F-2", 1, "2026-03-25", 60, 0, 0, 0, None, "no"],
    ],
}


def test_good_workbook_dry_run_then_import_then_reimport(cli: Cli, tmp_path: Path) -> None:
    path = workbook(tmp_path / "good.xlsx", GOOD)
    before = cli.dump()
    r = cli.run("import", str(path), "--dry-run")
    assert r.code == 0, r.err
    assert "Dry run: nothing was written." in r.out
    assert "Invoices: 2 would be created" in r.out and "F-1, F-2" in r.out
    assert cli.dump() == before

    out = cli.ok("import", str(path))
    assert out == str(path)
    f1 = cli.json("invoice", "F-1")
    assert (f1["status"], f1["total"], f1["balance"], f1["discount_taken"]) == (
        "settled",
        "1234.50",
        "0.00",
        "24.69",
    )
    assert f1["lines"][0]["unit_price"] == "123.45"
    f2 = cli.json("invoice", "F-2")
    assert (f2["due_date"], f2["total"], f2["balance"]) == ("2026-03-20", "100.00", "40.00")
    p1 = cli.json("payment", "P-1")
    assert p1["reference"] == "<TRF & 1> ção" and p1["unapplied"] == "0.00"
    assert cli.json("customer", "B2")["open_balance"] == "40.00"
    assert "balances to zero" in cli.ok("check") or cli.run("check").code == 0
    # The numbering series moved on: new documents do not collide.
    assert (
        cli.ok("payment", "add", "--customer", "B2", "--date", "2026-04-01", "--amount", "1")
        == "PAY-000001"
    )

    after = cli.dump()
    r = cli.run("import", str(path))
    assert r.code == 0, r.err
    assert "Invoices: 0 were created, 2 already in the book" in r.out
    assert cli.dump() == after


def bad_sheets() -> dict[str, list[list[Any]]]:
    return {
        "Customers": [
            ["code", "name", "terms", "colour"],  # 1: unknown column D
            ["A1", "Conceição", "2% 10, net 30", None],
            ["A1", "Again", None, None],  # 2: duplicate key
            ["B2", None, None, None],  # 3: empty name
            ["C3", "Terms", "net thirty", None],  # 4: bad terms
        ],
        "Invoices": [
            ["number", "kind", "customer", "date", "due_date", "total"],
            ["F-1", "invoice", "A1", "2026-02-30", "2026-03-31", 100],  # 5: impossible date
            ["F-2", "invoice", "ZZ", "2026-03-01", "2026-03-31", 50],  # 6: unknown customer
            ["F-3", "bill", "A1", "03/04/2026", "2026-03-31", 10],  # 7: kind, 8: ambiguous date
            ["F-4", "invoice", "A1", "2026-03-01", "2026-03-31", 99],  # 9: total ≠ lines
        ],
        "InvoiceLines": [
            ["invoice", "line", "description", "quantity", "unit_price", "amount"],
            ["F-1", 1, "Work", 1, 100, 100],
            ["F-2", 1, "Work", 1, 50, 50],
            ["F-3", 1, "Work", 1, 10, 10],
            ["F-3", 2, "Work", 2, "1,234", 200],  # 10: ambiguous amount
            ["F-4", 1, "Work", 2, 100, 200],
            ["F-9", 1, "Ghost", 1, 5, 5],  # 11: unknown invoice
        ],
        "Payments": [
            ["number", "customer", "date", "amount"],
            ["P-1", "A1", "2026-03-05", "abc"],  # 12: not an amount
            ["P-2", "A1", "2026-03-05", 30],
            ["P-3", "A1", True, 5],  # 13: boolean date
        ],
        "Settlements": [
            ["source", "invoice", "seq", "date", "amount", "discount"],
            ["P-2", "F-4", 1, "2026-03-06", 40, 0],  # 14: more than the payment holds
            ["P-2", "F-2", 1, "2026-03-06", 1, 0],  # (F-2 refers to an unknown customer: skipped)
            ["F-4", "F-4", 1, "2026-03-06", 1, 0],  # 15: an invoice cannot pay
        ],
    }


EXPECTED_PROBLEMS = [
    ("Customers", 1, "D", "colour"),
    ("Customers", 3, "A (code)", "repeats the key of row 2"),
    ("Customers", 4, "B (name)", "is empty"),
    ("Customers", 5, "C (terms)", "not understood"),
    ("Invoices", 2, "D (date)", "does not exist in the calendar"),
    ("Invoices", 3, "C (customer)", "is not a customer"),
    ("Invoices", 4, "B (kind)", "is not a kind of invoice"),
    ("Invoices", 4, "D (date)", "ambiguous"),
    # The service sums the lines; the total typed differs from it.
    ("Invoices", 5, "F (total)", "differs from what the rules give (200.00)"),
    ("InvoiceLines", 5, "E (unit_price)", "ambiguous"),
    ("InvoiceLines", 7, "A (invoice)", "is not an invoice"),
    ("Payments", 2, "D (amount)", "not a number"),
    ("Payments", 4, "C (date)", "is not a date"),
    # The settlement service's own sentence.
    (
        "Settlements",
        2,
        "E (amount)",
        "The payment P-2 has only 30.00 left to apply; 40.00 was asked.",
    ),
    ("Settlements", 4, "A (source)", "is an invoice, not a payment or credit note"),
]


def test_bad_workbook_reports_every_problem_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    path = workbook(tmp_path / "bad.xlsx", bad_sheets())
    r = cli.fails("import", str(path), match="was not imported")
    lines = r.err.splitlines()
    for sheet, row, column, reason in EXPECTED_PROBLEMS:
        prefix = f"{sheet} row {row}, column {column}"
        assert any(line.strip().startswith(prefix) and reason in line for line in lines), (
            f"{prefix}: {reason}\n{r.err}"
        )
    count = int(re.search(r"(\d+) problem", r.err).group(1))  # type: ignore[union-attr]
    assert count >= len(EXPECTED_PROBLEMS)
    assert len({p[0] for p in EXPECTED_PROBLEMS}) == 5
    # The value is quoted in each problem.
    assert '"2026-02-30"' in r.err and '"1,234"' in r.err and '"abc"' in r.err
    # Dry run reports the same and writes nothing either.
    cli.fails("import", str(path), "--dry-run", match="was not imported")


def test_rules_of_the_engine_refuse_a_settlement(cli: Cli, tmp_path: Path) -> None:
    sheets = {k: [list(r) for r in v] for k, v in GOOD.items()}
    # 30.00 cash discount on a payment made after the discount period; F-2 over-settled.
    sheets["Settlements"][1] = ["P-1", "F-1", 1, "2026-03-20", "1204.50", 30, 0, 0, None, "no"]
    sheets["Settlements"][2] = ["P-2", "F-2", 1, "2026-03-25", 60, 0, 50, 0, None, "no"]
    path = workbook(tmp_path / "rules.xlsx", sheets)
    r = cli.fails("import", str(path), match="was not imported")
    # Replayed through the settlement service, the rules give no discount and no write-off.
    assert (
        'Settlements row 2, column F (discount): "30.00" differs from what the rules give (0.00)'
        in r.err
    )
    assert (
        'Settlements row 3, column G (writeoff): "50.00" differs from what the rules give (0.00)'
        in r.err
    )


def test_changed_posted_document_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = workbook(tmp_path / "good.xlsx", GOOD)
    cli.ok("import", str(path))
    sheets = {k: [list(r) for r in v] for k, v in GOOD.items()}
    sheets["Payments"][2][3] = 61
    sheets["Customers"][2][1] = "Muñoz e Hijos S.L."  # customers are master data: updated
    changed = workbook(tmp_path / "changed.xlsx", sheets)
    r = cli.fails("import", str(changed), match="Payments row 3, column D")
    assert "never changed by an import" in r.err
    del sheets["Payments"]
    del sheets["Settlements"]
    cli.ok("import", str(workbook(tmp_path / "customers.xlsx", sheets)))
    assert cli.json("customer", "B2")["name"] == "Muñoz e Hijos S.L."


def test_dates_of_the_1904_system(cli: Cli, tmp_path: Path) -> None:
    sheets = {k: [list(r) for r in v] for k, v in GOOD.items()}
    sheets["Invoices"][2][4] = 44639  # 2026-03-20 counted from 1904-01-01
    path = workbook(tmp_path / "mac.xlsx", sheets, epoch=CALENDAR_MAC_1904)
    cli.ok("import", str(path))
    assert (
        cli.json("invoice", "F-1")["date"] == "2026-03-01"
    )  # a date cell, converted by the reader
    assert cli.json("invoice", "F-2")["due_date"] == "2026-03-20"


def test_export_neutralises_formulas_and_imports_them_back(cli: Cli, tmp_path: Path) -> None:
    names = ['=HYPERLINK("http://x")', "+351 Lda", "-minus", "@SUM(A1)", "'quoted"]
    for i, name in enumerate(names):
        cli.ok("customer", "add", "--", f"N{i}", name)
    refs = ["\tTab", "\rCR", "=1+1"]
    for ref in refs:
        cli.ok(
            "payment",
            "add",
            "--customer",
            "N0",
            "--date",
            "2026-03-01",
            "--amount",
            "1",
            f"--ref={ref}",
        )
    out = tmp_path / "export.xlsx"
    cli.ok("export", str(out))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Customers",
        "Orders",
        "OrderLines",
        "Invoices",
        "InvoiceLines",
        "Payments",
        "Settlements",
        "Refunds",
        "Unbilled",
        "Book",
        "OrderChanges",
        "SettingChanges",
        "PayoutReversals",
    ]
    cells = [row[1] for row in wb["Customers"].iter_rows(min_row=2)]
    cells += [row[6] for row in wb["Payments"].iter_rows(min_row=2)]
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.value.startswith("'")
    # openpyxl leaves the XML escape of a carriage return (_x000D_) as it is.
    assert [c.value[1:].replace("_x000D_", "\r") for c in cells] == names + refs
    # A new book gets the names back exactly.
    cli2 = Cli(tmp_path / "other.sqlite", cli.capsys)
    cli2.ok("--book", str(cli2.path), "init", "--currency", "EUR", "--company", "Outra")
    cli2.ok("--book", str(cli2.path), "import", str(out))
    for i, name in enumerate(names):
        r = cli2.run("--book", str(cli2.path), "show", "customer", f"N{i}", "--json")
        assert json.loads(r.out)["name"] == name
    for n, ref in enumerate(refs, start=1):
        r = cli2.run("--book", str(cli2.path), "show", "payment", f"PAY-{n:06d}", "--json")
        assert json.loads(r.out)["reference"] == ref


def _account_totals() -> dict[str, int]:
    from peewee import fn

    from models.tables import JournalLine

    q: Any = (
        JournalLine.select(JournalLine.account, fn.SUM(JournalLine.debit - JournalLine.credit))
        .group_by(JournalLine.account)
        .tuples()
    )
    return {a: int(v) for a, v in q}


def _figures(url: str, today: dt.date) -> dict[str, Any]:
    from app.read import aging, queries
    from app.read.check import check_book
    from models.db import close_db, init_db
    from models.tables import Customer

    init_db(url)
    try:
        report = check_book()
        assert report.ok, report.problems
        ag = aging.compute_aging(today)
        return {
            "accounts": _account_totals(),
            "customers": {c.code: queries.show_customer(c.code) for c in Customer.select()},
            "aging": [(c.code, c.buckets, c.credit) for c in ag.customers],
            "aging_by_invoice": [
                (c.code, c.buckets) for c in aging.compute_aging(today, "invoice").customers
            ],
        }
    finally:
        close_db()


@pytest.mark.slow
def test_round_trip_of_a_demo_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main
    from models.db import close_db

    today = dt.date(2026, 3, 31)
    source, target = tmp_path / "demo.sqlite", tmp_path / "copy.sqlite"
    out = tmp_path / "demo.xlsx"
    assert main(["--book", str(source), "init", "--currency", "EUR", "--company", "Demo"]) == 0
    from app.demo import make_demo
    from app.services import book as book_service
    from models.db import init_db

    init_db(str(source))
    make_demo(12, 150, seed=7, today=today)
    close_db()
    assert main(["--book", str(source), "export", str(out)]) == 0
    assert (
        main(["--book", str(target), "init", "--currency", "EUR", "--company", "Contabilista"]) == 0
    )
    init_db(str(target))
    book_service.set_setting("max_underpayment", "0.50")
    close_db()
    capsys.readouterr()
    assert main(["--book", str(target), "import", str(out)]) == 0, capsys.readouterr().err
    assert _figures(str(source), today) == _figures(str(target), today)
    # Exporting the copy gives the same rows again.
    again = tmp_path / "copy.xlsx"
    assert main(["--book", str(target), "export", str(again)]) == 0
    first, second = openpyxl.load_workbook(out), openpyxl.load_workbook(again)
    for name in first.sheetnames:
        rows = [[r for r in wb[name].values if r[0] != "exported_at"] for wb in (first, second)]
        assert rows[0] == rows[1], name


def _zip_bomb(path: Path) -> Path:
    good = workbook(path.with_name("base.xlsx"), {"Customers": [["code", "name"], ["A", "B"]]})
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                # ~200 MB of blanks inside the sheet, which deflate to ~200 KB.
                head, tail = data.split(b"<sheetData>")
                data = head + b"<sheetData>" + b" " * (200 * 1024 * 1024) + tail
            dst.writestr(item, data)
    return path


def _entity_bomb(path: Path) -> Path:
    good = workbook(path.with_name("base2.xlsx"), {"Customers": [["code", "name"], ["A", "B"]]})
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]>"
    )
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = lol + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
            dst.writestr(item, data)
    return path


@pytest.mark.parametrize(
    ("maker", "match"),
    [pytest.param(_zip_bomb, "zip bomb", marks=pytest.mark.slow), (_entity_bomb, "document type")],
)
def test_bombs_are_refused_within_a_small_memory_bound(
    cli: Cli, tmp_path: Path, maker: Any, match: str
) -> None:
    path = maker(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        cli.fails("import", str(path), match=match)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, f"peak {peak:,} bytes"


def test_not_a_workbook_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("code,name\nA,B\n")
    cli.fails("import", str(path), match="not an Excel workbook")
    cli.fails("import", str(tmp_path / "missing.xlsx"), match="no file")


def test_amount_read_from_a_number_cell_is_exact(cli: Cli, tmp_path: Path) -> None:
    sheets = {k: [list(r) for r in v] for k, v in GOOD.items() if k in ("Customers", "Payments")}
    sheets["Payments"][1][3] = 0.305  # more decimals than cents
    r = cli.fails(
        "import", str(workbook(tmp_path / "f.xlsx", sheets)), match="Payments row 2, column D"
    )
    assert "more than 2 decimal places" in r.err
    sheets["Payments"][1][3] = 1209.81
    cli.ok("import", str(workbook(tmp_path / "g.xlsx", sheets)))
    assert Decimal(cli.json("payment", "P-1")["amount"]) == Decimal("1209.81")
