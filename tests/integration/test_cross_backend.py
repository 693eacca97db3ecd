"""The same limits on SQLite and PostgreSQL, so a book at the limits goes
from one to the other and back through the exchange workbook (issue 8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.exchange import import_book
from app.rules import limits
from app.services import book, customers, invoices, payments, settlements
from app.services.documents import get_customer, get_invoice
from models.db import close_db, init_db
from reports.exchange_xlsx import ExchangeSource, write_exchange
from tests.builders import PG_URL, fresh_postgres_book

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="set ACERTO_TEST_PG=postgresql://... to run against PostgreSQL"
)

NAME = ("Conceição Açoriana " * 20)[: limits.TEXT["name"].max_len - 1] + "x"  # 200 characters
TOP = Decimal("999999999999.99")  # the largest amount a book takes


def _fill() -> None:
    book.initialise("EUR", "Limites, Lda")
    customers.add_customer("C" * limits.TEXT["code"].max_len, NAME, terms="2% 10, net 30")
    code = "C" * limits.TEXT["code"].max_len
    invoices.create_invoice(code, date(2999, 12, 1), amount=TOP)
    invoices.create_invoice(code, date(1900, 1, 2), amount=Decimal("0.01"))
    pay = payments.create_payment(code, date(2999, 12, 5), TOP, reference="R" * 120)
    settlements.settle(pay.number, ["INV-000001"])


def _export(path: Path) -> None:
    write_exchange(path, book.currency())
    close_db()


def _import(path: Path) -> None:
    with ExchangeSource(path) as source:
        import_book(source)


def _figures() -> tuple[str, int, int, str]:
    c = get_customer("C" * limits.TEXT["code"].max_len)
    top, small = get_invoice("INV-000001"), get_invoice("INV-000002")
    return c.name, top.total, top.settled + top.discount_taken, str(small.date)


def test_a_book_at_the_limits_goes_both_ways(tmp_path: Path) -> None:
    assert PG_URL
    init_db(str(tmp_path / "first.sqlite"))
    _fill()
    first = _figures()
    _export(tmp_path / "from-sqlite.xlsx")

    fresh_postgres_book(PG_URL)
    book.initialise("EUR", "Limites, Lda")
    _import(tmp_path / "from-sqlite.xlsx")
    assert _figures() == first
    _export(tmp_path / "from-postgres.xlsx")

    init_db(str(tmp_path / "second.sqlite"))
    book.initialise("EUR", "Limites, Lda")
    try:
        _import(tmp_path / "from-postgres.xlsx")
        assert _figures() == first
    finally:
        close_db()
    assert first[0] == NAME and first[1] == 99999999999999 and first[3] == "1900-01-02"
