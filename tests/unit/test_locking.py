"""No lost update (issue 8): the write lock taken when a transaction begins, the
contention errors told apart, guarded writes, and a busy book tried again and
then refused with a sentence."""

from __future__ import annotations

import sqlite3
import threading

import peewee
import pytest

from app.errors import BookBusy, UserError
from app.services import retry
from models.db import LostRace, database, is_contention
from models.locks import save_guarded
from models.tables import Payment
from tests.builders import make_invoice, pay, settle

BUSY_SQLITE = peewee.OperationalError(sqlite3.OperationalError("database is locked"))


class _PgError(Exception):
    """psycopg2's errors carry the server's SQLSTATE as `pgcode`."""

    def __init__(self, pgcode: str) -> None:
        super().__init__(pgcode)
        self.pgcode = pgcode


@pytest.fixture(autouse=True)
def _no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry.time, "sleep", lambda seconds: None)


def _other_writer(path: object) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=0, isolation_level=None, check_same_thread=False)


def test_a_write_transaction_holds_the_write_lock_from_its_begin(sqlite_book) -> None:  # type: ignore[no-untyped-def]
    other = _other_writer(sqlite_book.path)
    try:
        # nothing read or written yet inside the transaction
        with database.atomic(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released at commit
        other.execute("ROLLBACK")
        with database.atomic("DEFERRED"):  # what a reader asks for: no write lock
            Payment.select().count()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_second_writer_waits_for_the_first_and_sees_its_work(sqlite_book) -> None:  # type: ignore[no-untyped-def]
    inv = make_invoice("100.00")
    p = pay("100.00")
    other = _other_writer(sqlite_book.path)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE payment SET reference = 'held' WHERE id = ?", (p.id,))
    release = threading.Timer(0.3, other.execute, ("COMMIT",))
    release.start()
    try:
        settle(p, inv)  # waits at BEGIN (busy timeout) instead of failing
    finally:
        release.join()
        other.close()
    row = Payment.get_by_id(p.id)
    assert row.reference == "held" and row.applied > 0


def test_contention_is_told_from_other_errors() -> None:
    assert is_contention(BUSY_SQLITE)
    assert is_contention(sqlite3.OperationalError("database is locked"))
    assert is_contention(LostRace("payment 1 changed"))
    for code in ("40001", "40P01", "55P03"):  # serialization, deadlock, lock not available
        assert is_contention(peewee.OperationalError(_PgError(code)))
    assert not is_contention(peewee.IntegrityError(_PgError("23505")))
    assert not is_contention(peewee.OperationalError(sqlite3.OperationalError("no such table")))
    assert not is_contention(ValueError("database is locked"))


def _flaky(failures: list[BaseException]):  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def action() -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "done"

    return action, calls


def test_a_busy_action_runs_again_until_it_gets_through() -> None:
    action, calls = _flaky([BUSY_SQLITE, peewee.OperationalError(_PgError("40P01")), LostRace()])
    assert retry.retrying(action) == "done"
    assert len(calls) == 4


def test_a_book_busy_through_every_try_ends_in_a_sentence() -> None:
    action, calls = _flaky([BUSY_SQLITE] * 50)
    with pytest.raises(BookBusy, match=r"^The book is busy: another user is posting; try again\.$"):
        retry.retrying(action)
    assert len(calls) == retry.ATTEMPTS
    assert isinstance(BookBusy(), UserError)


def test_refusals_and_bugs_are_not_tried_again() -> None:
    for error in (UserError("Invoice INV-1 is already settled."), ValueError("a bug")):
        action, calls = _flaky([error])
        with pytest.raises(type(error)):
            retry.retrying(action)
        assert len(calls) == 1


def test_inside_a_transaction_only_the_outermost_level_tries_again(book) -> None:  # type: ignore[no-untyped-def]
    action, calls = _flaky([BUSY_SQLITE])
    with pytest.raises(peewee.OperationalError), database.atomic():
        retry.retrying(action)
    assert len(calls) == 1


def test_retried_keeps_the_signature_the_window_reads() -> None:
    import inspect

    def job(path: str, *, progress: object = None, cancelled: object = None) -> str:
        return path

    wrapped = retry.retried(job)
    assert list(inspect.signature(wrapped).parameters) == ["path", "progress", "cancelled"]
    assert wrapped("x", progress=None) == "x"


def test_a_guarded_write_refuses_a_row_changed_since_it_was_read(book) -> None:  # type: ignore[no-untyped-def]
    p = pay("100.00")
    mine = Payment.get_by_id(p.id)
    Payment.update(applied=Payment.applied + 4000).where(Payment.id == p.id).execute()
    applied = mine.applied
    mine.applied += 6000
    with pytest.raises(LostRace), database.atomic():
        save_guarded(mine, applied=applied)
    assert Payment.get_by_id(p.id).applied == 4000  # the other writer's work kept
    fresh = Payment.get_by_id(p.id)
    fresh.applied += 6000
    with database.atomic():
        save_guarded(fresh, applied=4000)
    assert Payment.get_by_id(p.id).applied == 10000
