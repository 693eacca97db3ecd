"""PDFs sent to a customer are in the customer's language (issue 10): the
credit note of a pt_BR customer prints "1.234,56" and dd/mm/yyyy, and is
written with pt_BR as the language of its sentences; an English customer's
in the same book stays English; a customer without a language gets the
book's (checked with pypdf's text extraction)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import reports.jobs as jobs
from app import i18n
from tests.integration.conftest import Cli


def text_of(path: Path) -> str:
    pages = [page.extract_text() for page in PdfReader(str(path)).pages]
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture
def spoken(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The language each PDF writer ran in, and its title in that language."""
    seen: list[tuple[str, str]] = []
    for name in ("write_credit_note", "write_settlement_report"):
        original = getattr(jobs, name)

        def spy(*args, _original=original, **kwargs):  # type: ignore[no-untyped-def]
            seen.append((i18n.current(), i18n._("Credit note")))
            return _original(*args, **kwargs)

        monkeypatch.setattr(jobs, name, spy)
    return seen


def _credit_note(cli: Cli, customer: str, lang: str | None) -> str:
    extra = ["--lang", lang] if lang else []
    cli.ok("customer", "add", customer, f"Cliente {customer}", *extra)
    inv = cli.ok(
        "invoice", "add", "--customer", customer, "--date", "2026-03-05",
        "--line", "Serviço;1;1234.56",
    )  # fmt: skip
    return cli.ok(
        "credit-note", inv, "--amount", "1234.56", "--reason", "Devolução", "--date", "2026-03-20"
    )


def test_a_pt_br_customers_credit_note_is_in_portuguese_formats(
    cli: Cli, tmp_path: Path, spoken: list[tuple[str, str]]
) -> None:
    cn = _credit_note(cli, "BR1", "pt_BR")
    out = tmp_path / "cn.pdf"
    cli.ok("pdf", "credit-note", cn, "--out", str(out))
    text = text_of(out)
    assert "1.234,56" in text
    assert "1,234.56" not in text
    assert "20/03/2026" in text  # dd/mm/yyyy: the credit note's date
    assert "05/03/2026" in text  # and the credited invoice's
    assert "2026-03" not in text
    with i18n.language("pt_BR"):
        title = i18n._("Credit note")
    assert spoken == [("pt_BR", title)]
    # The words themselves, as the customer reads them (the catalogue, issue 10).
    assert title == "Nota de crédito" and "Nota de crédito" in text
    assert "Credit note" not in text


def test_an_english_customer_in_the_same_book_stays_english(
    cli: Cli, tmp_path: Path, spoken: list[tuple[str, str]]
) -> None:
    cli.ok("settings", "set", "language", "pt_BR")  # the book's; the customer chose en
    cn = _credit_note(cli, "UK1", "en")
    out = tmp_path / "cn.pdf"
    cli.ok("pdf", "credit-note", cn, "--out", str(out))
    text = text_of(out)
    assert "1,234.56" in text
    assert "2026-03-20" in text
    assert [lang for lang, _title in spoken] == ["en"]


def test_a_customer_without_a_language_gets_the_books(
    cli: Cli, tmp_path: Path, spoken: list[tuple[str, str]]
) -> None:
    cli.ok("settings", "set", "language", "es")
    cn = _credit_note(cli, "ES1", None)
    out = tmp_path / "cn.pdf"
    cli.ok("pdf", "credit-note", cn, "--out", str(out))
    assert "1.234,56" in text_of(out)
    assert [lang for lang, _title in spoken] == ["es"]


def test_the_settlement_report_of_one_customer_is_in_their_language(
    cli: Cli, tmp_path: Path, spoken: list[tuple[str, str]]
) -> None:
    cli.ok("customer", "add", "BR1", "Cliente", "--lang", "pt_BR")
    inv = cli.ok("invoice", "add", "--customer", "BR1", "--date", "2026-03-05", "--amount", "2000")
    pay = cli.ok("payment", "add", "--customer", "BR1", "--date", "2026-03-09", "--amount", "1500")
    cli.ok("settle", pay, inv)
    one, every = tmp_path / "one.pdf", tmp_path / "all.pdf"
    dates = ["--from", "2026-03-01", "--to", "2026-03-31"]
    cli.ok("pdf", "settlement", *dates, "--customer", "BR1", "--out", str(one))
    cli.ok("pdf", "settlement", *dates, "--out", str(every))
    mine, theirs = text_of(one), text_of(every)
    assert "1.500,00" in mine and "09/03/2026" in mine
    assert "1,500.00" in theirs and "2026-03-09" in theirs  # the bookkeeper's (en here)
    assert [lang for lang, _title in spoken] == ["pt_BR", "en"]


def test_the_aging_workbook_in_pt_br_keeps_real_dates_and_numbers(
    cli: Cli, tmp_path: Path, book_path: Path
) -> None:
    import datetime as dt

    import openpyxl

    from models.db import close_db, init_db

    cli.ok("customer", "add", "C1", "Cliente")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-01-05", "--amount", "1234.56")
    out = tmp_path / "aging.xlsx"
    init_db(str(book_path))
    try:
        with i18n.language("pt_BR"):
            jobs.aging_workbook(out, dt.date(2026, 3, 31), generated_at=dt.datetime(2026, 4, 1, 9))
    finally:
        close_db()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["Resumo", "Detalhe", "Parâmetros"]  # the catalogue's words
    detail = wb["Detalhe"]
    assert detail["E2"].value == dt.datetime(2026, 1, 5)  # a date cell, not text
    assert detail["E2"].number_format == "dd/mm/yyyy"
    assert detail["H2"].value == 1234.56  # a number; "#,##0.00" shows the reader's separators
    assert detail["H2"].number_format.startswith("#,##0.00")
    params = {row[0].value: row[1].value for row in wb["Parâmetros"].iter_rows(min_row=2)}
    assert params["Data de referência"] == "31/03/2026"
    assert params["Gerado em"] == "01/04/2026 09:00:00"
