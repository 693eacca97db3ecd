"""An input/output error at every write step of a settle and of an import
ends in a sentence and a full rollback (issue 8, fault injection).

The disk is made to fail at the n-th write the action sends — a statement
that writes, or one batch of queued rows — for every n from the first to
the last; each time `cli.fails` asserts exit 1, the sentence, no traceback
and every row of the book as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models import batch as batching
from models import db as models_db
from tests.builders import payments_workbook
from tests.integration.conftest import Cli

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _io_error() -> sqlite3.OperationalError:
    e = sqlite3.OperationalError("disk I/O error")
    e.sqlite_errorcode = 10  # type: ignore[attr-defined]  # SQLITE_IOERR
    return e


class Disk:
    """Counts the write steps, and fails the `fail_at`-th one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.steps = 0
        self.fail_at = 0
        real_sql = models_db.BookSqliteDatabase.execute_sql
        real_write = batching.Batch._write
        disk = self

        def execute_sql(db: Any, sql: str, params: Any = None) -> Any:
            if sql.lstrip().upper().startswith(WRITES):
                disk.step()
            return real_sql(db, sql, params)

        def write(b: Any, rows: list[Any]) -> None:
            if rows:
                disk.step()
            real_write(b, rows)

        monkeypatch.setattr(models_db.BookSqliteDatabase, "execute_sql", execute_sql)
        monkeypatch.setattr(batching.Batch, "_write", write)

    def step(self) -> None:
        self.steps += 1
        if self.steps == self.fail_at:
            raise _io_error()

    def each_step(self, run: Callable[[], None]) -> int:
        """Count the steps of `run` (not failing), then rerun it failing at each."""
        self.steps, self.fail_at = 0, 0
        run()
        return self.steps


def _book(cli: Cli) -> None:
    cli.ok("customer", "add", "C1", "Açores Pescas", "--terms", "2% 10, net 30")
    for _ in range(2):
        cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100.00")
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-05", "--amount", "150.00")


@pytest.mark.parametrize("action", ["settle", "import"])
def test_an_io_error_at_every_write_step_is_a_sentence_and_a_full_rollback(
    action: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _book(cli)
    wb = tmp_path / "in.xlsx"
    payments_workbook(
        wb, [f"PAY-00010{n}" for n in range(1, 4)], settle=("PAY-000101", "INV-000001")
    )
    args = (
        ["settle", "PAY-000001", "INV-000001", "INV-000002"]
        if action == "settle"
        else ["import", str(wb)]
    )
    disk = Disk(monkeypatch)
    pristine = cli.dump()
    dry = tmp_path / "dry.sqlite"
    dry.write_bytes(cli.path.read_bytes())
    monkeypatch.setenv("ACERTO_BOOK", str(dry))
    steps = disk.each_step(lambda: cli.run(*args))  # on a copy: how many write steps
    monkeypatch.setenv("ACERTO_BOOK", str(cli.path))
    assert steps >= 3, steps
    for n in range(1, steps + 1):
        disk.steps, disk.fail_at = 0, n
        cli.fails(*args, match="input/output error")
        assert cli.dump() == pristine
    disk.fail_at = 0
    cli.ok(*args)  # and with a sound disk it goes through
