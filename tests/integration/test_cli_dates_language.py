"""Dates and amounts in the command line's printed sentences and tables follow the
reader's language (issue 10): 31/03/2026 and 1.234,56 in pt_BR and es, ISO and
1,234.56 in English; the JSON keeps ISO dates and plain amounts. The export's
summary names the sheets in the reader's language."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def _invoice(cli) -> str:
    cli.ok("customer", "add", "C1", "Padaria", "--terms", "2% 10, net 30")
    return cli.ok(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "1234.56"
    )


def test_printed_dates_and_amounts_follow_the_reader(cli) -> None:
    number = _invoice(cli)
    r = cli.run("--lang", "pt_BR", "invoice", "list")
    assert "01/03/2026  31/03/2026  1.234,56  1.234,56" in r.out, r.out
    r = cli.run("--lang", "es", "show", "invoice", number)
    assert "01/03/2026" in r.out and "31/03/2026" in r.out and "11/03/2026" in r.out
    assert "2026-03" not in r.out and "1.234,56" in r.out
    r = cli.run("--lang", "pt_BR", "invoice", "add", "--customer", "C1", "--amount", "20")
    assert "total 20,00" in r.out
    # The JSON and English keep ISO.
    data = json.loads(cli.run("--lang", "pt_BR", "show", "invoice", number, "--json").out)
    assert data["due_date"] == "2026-03-31"
    r = cli.run("invoice", "list")
    assert "2026-03-01  2026-03-31  1,234.56  1,234.56" in r.out, r.out


def test_the_aging_sentence_dates_as_the_reader_writes(cli, tmp_path) -> None:
    _invoice(cli)
    out = tmp_path / "aging.xlsx"
    r = cli.run("--lang", "pt_BR", "aging", "--as-of", "2026-04-15", "--out", str(out))
    assert r.code == 0, r.err
    assert "15/04/2026" in r.out and "1.234,56" in r.out and "2026-04-15" not in r.out
    r = cli.run("aging", "--as-of", "2026-04-15", "--out", str(out))
    assert "2026-04-15" in r.out and "1234.56" in r.out


def test_the_export_summary_names_the_sheets_in_the_readers_language(cli, tmp_path) -> None:
    _invoice(cli)
    r = cli.run("--lang", "pt_BR", "export", str(tmp_path / "b.xlsx"))
    first = r.out.splitlines()[0]
    assert first.startswith("Clientes 1, Pedidos 0, Linhas de pedido 0, Faturas 1")
    assert "Customers" not in first and "InvoiceLines" not in first
    r = cli.run("--lang", "es", "export", str(tmp_path / "c.xlsx"))
    assert "Líneas de factura 1" in r.out and "Cambios de pedido 0" in r.out
    r = cli.run("export", str(tmp_path / "d.xlsx"))
    assert r.out.startswith("Customers 1, Orders 0, OrderLines 0, Invoices 1")
    # The workbook's sheets keep their names: they are the import's interface.
    from reports.exchange_xlsx import ExchangeSource

    with ExchangeSource(tmp_path / "b.xlsx") as source:
        assert "Customers" in source.sheet_names() and "InvoiceLines" in source.sheet_names()


def test_a_refusal_dates_as_the_reader_writes(cli) -> None:
    number = _invoice(cli)
    args = ("credit-note", number, "--amount", "10", "--date", "2026-02-01")
    r = cli.fails("--lang", "pt_BR", *args, match="01/02/2026")
    assert "2026-02-01" not in r.err
    cli.fails(*args, match="The credit note date 2026-02-01 is before invoice")
