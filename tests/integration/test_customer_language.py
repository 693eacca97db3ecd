"""A customer's language (issue 10): `customer add/edit --lang`, `show customer
--json`, the exchange workbook's optional language column, the book's
`language` setting, and an older book gaining the column."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reports.xlsx_write import Column, XlsxWriter
from tests.integration.conftest import Cli


def test_add_and_edit_a_customers_language(cli: Cli) -> None:
    cli.ok("customer", "add", "C1", "Cliente Um", "--lang", "pt-br")
    cli.ok("customer", "add", "C2", "Two")
    assert cli.json("customer", "C1")["language"] == "pt_BR"
    assert cli.json("customer", "C2")["language"] == ""  # the book's language
    cli.ok("customer", "edit", "C2", "--lang", "es")
    assert cli.json("customer", "C2")["language"] == "es"
    cli.ok("customer", "edit", "C2", "--lang", "book")
    assert cli.json("customer", "C2")["language"] == ""
    cli.fails("customer", "edit", "C1", "--lang", "fr", match=r'no language "fr".*en, pt_BR, es')
    cli.fails("customer", "add", "C3", "Three", "--lang", "klingon", match="klingon")
    assert cli.json("customer", "C1")["language"] == "pt_BR"


def test_the_books_language_setting(cli: Cli) -> None:
    assert '"language": "en"' in cli.run("settings", "--json").out  # the default
    cli.ok("settings", "set", "language", "pt-BR")
    assert '"language": "pt_BR"' in cli.run("settings", "--json").out
    cli.fails("settings", "set", "language", "de", match='no language "de"')


def test_language_survives_export_then_import_into_another_book(cli: Cli, tmp_path: Path) -> None:
    cli.ok("customer", "add", "C1", "Cliente Um", "--lang", "pt_BR")
    cli.ok("customer", "add", "C2", "Dos", "--lang", "es")
    cli.ok("customer", "add", "C3", "Three")
    workbook = tmp_path / "book.xlsx"
    cli.ok("export", str(workbook))
    other = tmp_path / "other.sqlite"
    cli.ok("--book", str(other), "init", "--currency", "EUR", "--company", "Outra")
    cli.ok("--book", str(other), "import", str(workbook))
    shown = {
        code: cli.run("--book", str(other), "show", "customer", code, "--json").out
        for code in ("C1", "C2", "C3")
    }
    assert '"language": "pt_BR"' in shown["C1"]
    assert '"language": "es"' in shown["C2"]
    assert '"language": ""' in shown["C3"]


def _customers_workbook(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with XlsxWriter(path) as wb:
        sheet = wb.sheet("Customers", [Column(h) for h in header])
        for row in rows:
            sheet.row(row)
    return path


def test_an_old_workbook_without_the_column_still_imports(cli: Cli, tmp_path: Path) -> None:
    path = _customers_workbook(
        tmp_path / "old.xlsx", ["code", "name", "terms"], [["C9", "Velho", "net 30"]]
    )
    cli.ok("import", str(path))
    assert cli.json("customer", "C9")["language"] == ""


def test_the_column_changes_a_language_and_a_bad_one_is_named(cli: Cli, tmp_path: Path) -> None:
    cli.ok("customer", "add", "C1", "Cliente Um")
    path = _customers_workbook(
        tmp_path / "lang.xlsx", ["code", "name", "language"], [["C1", "Cliente Um", "pt_BR"]]
    )
    cli.ok("import", str(path))
    assert cli.json("customer", "C1")["language"] == "pt_BR"
    bad = _customers_workbook(
        tmp_path / "bad.xlsx", ["code", "name", "language"], [["C2", "Dois", "fr"]]
    )
    r = cli.fails("import", str(bad), match="language")
    assert "fr" in r.err


def test_a_book_before_the_column_gains_it_empty(cli: Cli, book_path: Path) -> None:
    from models.db import close_db
    from models.migrations import LATEST, MIGRATIONS, _m7_customer_language

    # The version before the column (later migrations, e.g. issue 13's, run after it).
    before = MIGRATIONS.index(_m7_customer_language)

    cli.ok("customer", "add", "C1", "Cliente Um", "--lang", "es")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "10")
    close_db()
    con = sqlite3.connect(book_path)
    con.execute("ALTER TABLE customer DROP COLUMN language")
    con.execute("UPDATE schema_version SET version = ?", (before,))
    con.commit()
    con.close()
    assert cli.json("customer", "C1")["language"] == ""  # opened, migrated, the book's
    con = sqlite3.connect(book_path)
    try:
        assert con.execute("SELECT version FROM schema_version").fetchall() == [(LATEST,)]
    finally:
        con.close()
