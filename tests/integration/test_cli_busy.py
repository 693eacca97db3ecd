"""The command line with another user in the book (issue 8): a busy book is tried
again and then refused in a sentence; a command that only reads never waits for
the write lock another writer holds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from app.services import retry, settlements
from models import db as models_db


@pytest.fixture
def booked(cli, make_customer):  # type: ignore[no-untyped-def]
    make_customer("C1")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100")
    payment = cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-02", "--amount", "60")
    return inv, payment


@pytest.fixture
def impatient(monkeypatch: pytest.MonkeyPatch) -> None:
    """One try, and a short busy timeout: a command that needs the write lock fails fast."""
    monkeypatch.setitem(models_db.SQLITE_PRAGMAS, "busy_timeout", 50)
    monkeypatch.setattr(retry, "ATTEMPTS", 1)


@pytest.fixture
def other_writer(book_path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction, open for the whole test."""
    conn = sqlite3.connect(str(book_path), timeout=0, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE customer SET email = 'elsewhere@example.com'")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def test_a_busy_book_is_tried_again_and_the_command_gets_through(cli, booked, monkeypatch):  # type: ignore[no-untyped-def]
    inv, payment = booked
    real = settlements.settle
    tries: list[int] = []

    def contended(*args, **kwargs):  # type: ignore[no-untyped-def]
        tries.append(1)
        if len(tries) < 3:
            raise peewee.OperationalError(sqlite3.OperationalError("database is locked"))
        return real(*args, **kwargs)

    monkeypatch.setattr(retry.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(settlements, "settle", contended)
    cli.ok("settle", payment, inv, "--date", "2026-03-05")
    assert len(tries) == 3
    assert cli.json("payment", payment)["applied"] == "60.00"


def test_a_book_busy_through_every_try_ends_in_a_sentence(cli, booked, monkeypatch):  # type: ignore[no-untyped-def]
    inv, payment = booked

    def always_busy(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise peewee.OperationalError(sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(retry.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(settlements, "settle", always_busy)
    r = cli.fails(
        "settle", payment, inv, match=r"^The book is busy: another user is posting; try again\.\n$"
    )
    assert "Traceback" not in r.err


def test_reading_commands_do_not_wait_for_another_writer(  # type: ignore[no-untyped-def]
    cli, booked, impatient, other_writer, tmp_path
):
    inv, payment = booked
    for argv in (
        ["show", "invoice", inv],
        ["show", "payment", payment, "--json"],
        ["customer", "list"],
        ["invoice", "list"],
        ["settings"],
        ["check"],
        ["export", str(tmp_path / "book.xlsx")],
        ["aging", "--as-of", "2026-04-01", "--out", str(tmp_path / "aging.xlsx")],
    ):
        r = cli.run(*argv)
        assert r.code == 0, f"acerto {' '.join(argv)}: {r.err}"
    # The lock is real: a posting meets it (and says so in words).
    r = cli.run("settle", payment, inv, "--date", "2026-03-05")
    assert (r.code, r.err) == (1, "The book is busy: another user is posting; try again.\n")
