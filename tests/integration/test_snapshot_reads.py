"""One snapshot per reader (issue 8): a workbook exported while another
clerk posts imports back, and a check sees figures from one moment.

The other clerk posts from another thread (its own connection) in the
middle of the export: after the Payments sheet is written and before the
Settlements sheet is read. Read in one snapshot, the workbook has neither
the new payment nor its settlement; read statement by statement, it would
have a settlement of a payment it does not list, and would not import.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.services import book, customers, invoices, payments, settlements
from app.services.documents import get_payment
from models.db import close_db, init_db
from reports import exchange_xlsx
from reports.exchange_xlsx import ExchangeSource, write_exchange
from tests.builders import PG_URL, fresh_postgres_book


def _other_clerk(errors: list[BaseException]) -> None:
    try:
        with book.thread_connection():
            pay = payments.create_payment("C1", date(2026, 3, 5), Decimal("50.00"))
            settlements.settle(pay.number, ["INV-000002"])
    except BaseException as e:  # reported by the test thread
        errors.append(e)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_export_while_another_clerk_posts_imports_back(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "sqlite":
        init_db(str(tmp_path / "book.sqlite"))
    elif PG_URL:
        fresh_postgres_book(PG_URL)
    else:
        pytest.skip("set ACERTO_TEST_PG=postgresql://... to run against PostgreSQL")
    book.initialise("EUR", "Instantâneo, Lda")
    customers.add_customer("C1", "Açores Pescas")
    for _ in (1, 2):
        invoices.create_invoice("C1", date(2026, 3, 1), amount=Decimal("50.00"))
    pay = payments.create_payment("C1", date(2026, 3, 2), Decimal("50.00"))
    settlements.settle(pay.number, ["INV-000001"])

    real = exchange_xlsx.export_sheets
    errors: list[BaseException] = []

    def interrupted() -> Any:
        for name, cols, rows in real():
            if name == "Settlements":  # its rows are read after this yield
                t = threading.Thread(target=_other_clerk, args=(errors,))
                t.start()
                t.join()
            yield name, cols, rows

    monkeypatch.setattr(exchange_xlsx, "export_sheets", interrupted)
    out = tmp_path / "book.xlsx"
    try:
        _path, counts = write_exchange(out, book.currency())
        assert not errors, errors
        assert counts["Payments"] == 1 and counts["Settlements"] == 1
        assert get_payment("PAY-000002").applied == 5000  # the clerk did post
    finally:
        close_db()

    init_db(str(tmp_path / "copy.sqlite"))
    book.initialise("EUR", "Instantâneo, Lda")
    try:
        with ExchangeSource(out) as source:
            exchange_xlsx.import_book(source)
        assert get_payment("PAY-000001").applied == 5000
    finally:
        close_db()
