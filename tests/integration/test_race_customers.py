"""Two clerks adding the same customer at once (issue 8): the one that looked
before the other's insert meets the unique code, and its action runs again
and is refused with the sentence — never a duplicate-key traceback.

The race is made deterministic: the first look-up of the code answers "no
such customer" although another clerk has just added it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.services import book, customers
from models import fast
from models.db import close_db, init_db
from tests.builders import PG_URL, fresh_postgres_book


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_customer_added_meanwhile_is_refused_in_words(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    if backend == "postgres":
        if not PG_URL:
            pytest.skip("set ACERTO_TEST_PG=postgresql://... to run against PostgreSQL")
        fresh_postgres_book(PG_URL)
        url = PG_URL
    else:
        url = str(tmp_path / "book.sqlite")
        init_db(url)
    book.initialise("EUR", "Balcão, Lda")
    customers.add_customer("C1", "Açores Pescas")  # the other clerk's, just committed
    close_db()
    real = fast.get_by
    missed: list[object] = []

    def stale_look(model: Any, field: Any, value: Any, **kw: Any) -> Any:
        if model.__name__ == "Customer" and value == "C1" and not missed:
            missed.append(value)
            return None  # looked before the other clerk's insert
        return real(model, field, value, **kw)

    monkeypatch.setattr(fast, "get_by", stale_look)
    capsys.readouterr()
    code = main(["--book", url, "customer", "add", "C1", "Outro Nome"])
    err = capsys.readouterr().err
    assert missed == ["C1"]  # the stale look happened, and the insert met the unique code
    assert code == 1
    assert 'There is already a customer with code "C1".' in err, err
    assert "Traceback" not in err and "Internal error" not in err, err
    close_db()
