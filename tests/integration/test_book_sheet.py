"""The exchange workbook's Book sheet (issue 10): a book that knows itself.

A BRL and a JPY book go export → import into an empty book (SQLite, and
PostgreSQL when ACERTO_TEST_PG names a server) with their currency,
company, settings, order changes and settlement explanations; a book in
another currency refuses the workbook and is left as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.errors import UserError
from app.exchange import export_sheets, replay_check
from app.read.check import check_book
from app.services import book as book_service
from app.services import orders
from app.services.invoices import LineInput
from reports.exchange_xlsx import ExchangeSource, import_exchange, write_exchange
from tests.builders import (
    PG_URL,
    BookHandle,
    D,
    day,
    dump_book,
    fresh_postgres_book,
    make_customer,
    make_invoice,
    make_order,
    pay,
    settle,
)
from tests.integration.conftest import Cli

# currency, company, order line prices, the lone invoice's total, what is paid on it
BOOKS = {
    "BRL": ("Conceição & Filhos Ltda", ("150.00", "80.50"), "1234.56", "1209.87"),
    "JPY": ("山田商店株式会社", ("15000", "8050"), "12345", "12098"),
}


def _history(code: str) -> None:
    """A small book in `code`: settings and their history, an order invoiced and changed,
    a settled invoice with its cash discount, a settlement reversed."""
    company, (price1, price2), total, paid = BOOKS[code]
    book_service.initialise(code, company)
    book_service.set_setting("company_address", "Rua das Flores 1, Porto")
    book_service.set_setting("max_underpayment", "1" if code == "JPY" else "0.50")
    make_customer("C1", terms="2% 10, net 30", name="Peña Hermanos")
    order = make_order([("Horas", "10", price1), ("Peça", "2", price2)], customer="C1")
    orders.invoice_order(order.number, day(1), line_qty={1: D("4")})
    orders.change_order(
        order.number, day(2), remove_lines=[2], add_lines=[LineInput("Frete", D("1"), D(price2))]
    )
    inv = make_invoice(total, customer="C1", on=day(3))
    settle(pay(paid, customer="C1", on=day(5)), inv)
    book_service.set_setting("discount_on_partial_payments", "no")  # a change after postings
    other = make_invoice(total, customer="C1", on=day(6))
    from app.services import settlements

    [s] = settle(pay(total, customer="C1", on=day(7)), other)
    settlements.unsettle(s.id, day(8))


def _rows() -> dict[str, list[list[Any]]]:
    """Every sheet's rows as exported, the export time left out."""
    out = {name: [list(r) for r in rows] for name, _cols, rows in export_sheets()}
    out["Book"] = [r for r in out["Book"] if r[0] != "exported_at"]
    return out


def _empty_book(handle: BookHandle, tmp_path: Path, name: str) -> None:
    from models.db import close_db, init_db

    close_db()
    if handle.backend == "postgres":
        fresh_postgres_book(PG_URL)
    else:
        init_db(str(tmp_path / name))


def _exported_then_emptied(code: str, handle: BookHandle, tmp_path: Path) -> Path:
    """The history of `code` exported; then an empty EUR book is open."""
    _history(code)
    path, _ = write_exchange(tmp_path / f"{code}.xlsx", book_service.currency())
    _empty_book(handle, tmp_path, "empty.sqlite")
    return path


@pytest.mark.parametrize("code", sorted(BOOKS))
def test_a_book_survives_export_then_import_into_an_empty_book(
    book: BookHandle, tmp_path: Path, code: str
) -> None:
    _history(code)
    before = _rows()
    assert before["OrderChanges"] and before["SettingChanges"]
    explanations = [r[10] for r in before["Settlements"]]
    assert len(explanations) == 3 and all(explanations), explanations
    path, _ = write_exchange(tmp_path / "book.xlsx", book_service.currency())
    _book_sheet_read_back(path, code)

    _empty_book(book, tmp_path, "empty.sqlite")
    assert book_service.currency().code == "EUR"
    result = import_exchange(path)
    assert any(f'currency "{code}"' in n for n in result.book_notes), result.book_notes

    assert book_service.currency().code == code
    assert book_service.setting("company_name") == BOOKS[code][0]
    assert _rows() == before  # settings, history, order changes, explanations: the same rows
    assert check_book().ok
    assert replay_check().ok  # the imported history replays to the same figures


def _book_sheet_read_back(path: Path, code: str) -> None:
    """The written workbook reopened with the project's reader: the Book sheet and whole yen."""
    with ExchangeSource(path) as source:
        book_rows = {r[0]: r[1] for _n, r in list(source.rows("Book"))[1:]}
        invoices = list(source.rows("Invoices"))
    assert book_rows["currency"] == code
    assert book_rows["company_name"] == BOOKS[code][0]
    assert book_rows["schema_version"].isdigit()
    assert book_rows["exported_at"].endswith("Z")
    header = invoices[0][1]
    totals = [r[header.index("total")] for _n, r in invoices[1:]]
    wanted = D(BOOKS[code][2])
    assert wanted in totals, totals
    if code == "JPY":  # 12,345 yen stays 12345, never 12345.00 or 123.45
        assert all(t == int(t) for t in totals), totals


def test_a_book_of_another_currency_refuses_the_workbook_and_writes_nothing(
    book: BookHandle, tmp_path: Path
) -> None:
    path = _exported_then_emptied("BRL", book, tmp_path)
    make_invoice("100.00", customer="X1", on=day(1))  # an EUR book with a document
    unchanged = dump_book()
    for dry_run in (True, False):
        with pytest.raises(UserError) as refused:
            import_exchange(path, dry_run=dry_run)
        assert "in BRL and this book is in EUR" in str(refused.value)
        assert "nothing was written" in str(refused.value)
        assert dump_book() == unchanged


def test_dry_run_says_what_an_empty_book_would_take_and_takes_nothing(
    book: BookHandle, tmp_path: Path
) -> None:
    path = _exported_then_emptied("JPY", book, tmp_path)
    unchanged = dump_book()
    result = import_exchange(path, dry_run=True)
    [note] = result.book_notes
    assert 'currency "JPY"' in note and 'company_name "山田商店株式会社"' in note
    assert 'max_underpayment "1"' in note
    assert note in result.summary()
    assert dump_book() == unchanged and book_service.currency().code == "EUR"


def test_settings_that_differ_are_listed_and_kept_unless_taken(
    book: BookHandle, tmp_path: Path
) -> None:
    _history("BRL")
    path, _ = write_exchange(tmp_path / "brl.xlsx", book_service.currency())
    book_service.set_setting("max_overpayment", "2.00")
    book_service.set_setting("company_name", "Outra Ltda")
    result = import_exchange(path)  # everything is in the book already
    [note] = result.book_notes
    assert "2 settings differ and stay as this book has them" in note
    assert 'max_overpayment: "2.00" here, "0.00" in the workbook' in note
    assert book_service.setting("max_overpayment") == "2.00"
    assert book_service.setting("company_name") == "Outra Ltda"
    result = import_exchange(path, take_settings=True)
    assert "2 settings taken from the workbook" in result.book_notes[0]
    assert book_service.setting("max_overpayment") == "0.00"
    assert book_service.setting("company_name") == BOOKS["BRL"][0]
    assert import_exchange(path).book_notes == []  # now nothing differs
    assert check_book().ok


def test_a_workbook_of_a_newer_schema_is_refused(book: BookHandle, tmp_path: Path) -> None:
    import openpyxl

    _history("BRL")
    path, _ = write_exchange(tmp_path / "brl.xlsx", book_service.currency())
    wb = openpyxl.load_workbook(path)
    for row in wb["Book"].iter_rows(min_row=2):
        if row[0].value == "schema_version":
            row[1].value = "999"
    wb.save(path)
    with pytest.raises(UserError, match="not a schema version this Acerto reads"):
        import_exchange(path, dry_run=True)


def test_the_command_line_lists_takes_and_refuses(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "jpy.xlsx"
    cli.ok("init", "--currency", "JPY", "--company", "山田商店株式会社")
    cli.ok("customer", "add", "J1", "Tanaka")
    cli.ok("invoice", "add", "--customer", "J1", "--date", "2026-03-01", "--amount", "12345")
    cli.ok("export", str(out))
    cli.ok("settings", "set", "max_overpayment", "5")
    r = cli.run("import", str(out))
    assert r.code == 0 and 'max_overpayment: "5" here, "0" in the workbook' in r.out
    assert "--take-settings" in r.out
    r = cli.run("import", "--take-settings", str(out))
    assert r.code == 0 and "1 setting taken from the workbook" in r.out
    assert cli.json("invoice", "INV-000001")["total"] == "12345"

    empty = tmp_path / "empty.sqlite"
    cli.ok("--book", str(empty), "init")
    r = cli.run("--book", str(empty), "import", "--dry-run", str(out))
    assert r.code == 0 and 'currency "JPY"' in r.out and "Dry run: nothing was written." in r.out
    eur = tmp_path / "eur.sqlite"
    cli.ok("--book", str(eur), "init", "--currency", "EUR")
    cli.ok("--book", str(eur), "customer", "add", "X1", "Xavier")
    cli.ok(
        "--book",
        str(eur),
        "invoice",
        "add",
        "--customer",
        "X1",
        "--date",
        "2026-03-01",
        "--amount",
        "1",
    )
    other = Cli(eur, cli.capsys)
    other.fails("--book", str(eur), "import", str(out), match="in JPY and this book is in EUR")
