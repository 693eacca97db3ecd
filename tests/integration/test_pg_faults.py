"""A PostgreSQL server that drops the connection in the middle of an import
(issue 8, storage faults): one sentence, exit 1, no traceback, nothing saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.services import book, customers, payments
from models.db import close_db, database, init_db
from models.tables import Payment
from tests.builders import PG_URL, fresh_postgres_book, payments_workbook

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="set ACERTO_TEST_PG=postgresql://... to run against PostgreSQL"
)


def test_a_connection_lost_mid_import_is_a_sentence_and_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert PG_URL
    fresh_postgres_book(PG_URL)
    book.initialise("EUR", "Servidor, Lda")
    customers.add_customer("C1", "Açores Pescas")
    close_db()
    wb = tmp_path / "in.xlsx"
    payments_workbook(wb, [f"PAY-00010{n}" for n in range(1, 4)])
    real = payments.record_payments

    def server_goes(
        rows: Any, **how: Any
    ) -> Any:  # the server ends this session, as a restart would
        database.execute_sql("SELECT pg_terminate_backend(pg_backend_pid())")
        return real(rows, **how)

    monkeypatch.setattr(payments, "record_payments", server_goes)
    capsys.readouterr()
    code = main(["--book", PG_URL, "import", str(wb)])
    err = capsys.readouterr().err
    assert code == 1
    assert "The connection to the server holding" in err and "was lost" in err, err
    assert "Traceback" not in err and "Internal error" not in err, err
    monkeypatch.undo()
    init_db(PG_URL)
    try:
        assert Payment.select().count() == 0  # nothing of the import was kept
    finally:
        close_db()
