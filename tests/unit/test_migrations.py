"""The schema is versioned: new books are current, old ones migrate forward
after a backup copy, books from a newer Acerto are refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from peewee import CharField, Database
from playhouse.migrate import SchemaMigrator, migrate

from app.services import customers
from models import fast, migrations
from models.db import close_db, init_db
from models.migrations import LATEST, MIGRATIONS, NewerBookError, current_version
from models.tables import Customer, SchemaVersion
from tests.builders import dump_book


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    yield
    close_db()


def stored_version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT max(version) FROM schema_version").fetchone()[0])
    finally:
        con.close()


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))


def columns(path: Path, table: str) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
    finally:
        con.close()


# ---------------------------------------------------------------- a throwaway migration


@pytest.fixture
def add_nickname_migration() -> Iterator[Callable[[], list[Database]]]:
    """Installs, when called, a version LATEST + 1 that adds customer.nickname.

    As a real migration would, it extends the model (what a new book is
    built from) and appends a `playhouse.migrate` step (what an older book
    runs). Returns the list of databases the step ran on. The model and the
    migration list are restored afterwards.
    """
    calls: list[Database] = []

    def m3_nickname(db: Database) -> None:
        calls.append(db)
        migrator = SchemaMigrator.from_database(db)
        migrate(migrator.add_column("customer", "nickname", CharField(max_length=40, null=True)))

    with pytest.MonkeyPatch.context() as mp:

        def install() -> list[Database]:
            mp.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, m3_nickname])
            Customer._meta.add_field("nickname", CharField(max_length=40, null=True))
            fast.forget()  # statements built for the old Customer
            return calls

        try:
            yield install
        finally:
            close_db()
            Customer._meta.remove_field("nickname")
            if "nickname" in Customer.__dict__:
                delattr(Customer, "nickname")
            fast.forget()  # and those built for the one with a nickname


def test_a_new_book_is_built_at_the_latest_schema_without_running_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    def spy(step: migrations.Migration) -> migrations.Migration:
        def run(db: Database) -> None:
            ran.append(getattr(step, "__name__", "?"))
            step(db)

        return run

    monkeypatch.setattr(migrations, "MIGRATIONS", [spy(m) for m in MIGRATIONS])
    path = tmp_path / "new.sqlite"
    db = init_db(str(path))
    assert ran == []
    assert current_version(db) == LATEST
    indexes = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"invoice_customer_status_due", "payment_customer_date"} <= indexes


def test_with_a_throwaway_migration_a_new_book_is_stamped_without_running_it(
    tmp_path: Path, add_nickname_migration: Callable[[], list[Database]]
) -> None:
    calls = add_nickname_migration()
    path = tmp_path / "new.sqlite"
    db = init_db(str(path))
    assert calls == []  # built from the model, not migrated
    assert current_version(db) == LATEST + 1
    assert stored_version(path) == LATEST + 1
    assert "nickname" in columns(path, "customer")
    customers.add_customer("N1", "New customer")
    Customer.update(nickname="Nico").where(Customer.code == "N1").execute()
    assert Customer.get(Customer.code == "N1").nickname == "Nico"
    assert backups(tmp_path) == []


def test_with_a_throwaway_migration_an_older_book_migrates_after_a_backup(
    tmp_path: Path, add_nickname_migration: Callable[[], list[Database]]
) -> None:
    path = tmp_path / "old.sqlite"
    init_db(str(path))  # written by this version, before the throwaway exists
    customers.add_customer("OLD", "Customer from before")
    close_db()
    assert stored_version(path) == LATEST
    assert "nickname" not in columns(path, "customer")

    calls = add_nickname_migration()
    db = init_db(str(path))
    assert len(calls) == 1  # the throwaway ran, once
    assert current_version(db) == LATEST + 1
    assert "nickname" in columns(path, "customer")
    old = Customer.get(Customer.code == "OLD")
    assert (old.name, old.nickname) == ("Customer from before", None)
    Customer.update(nickname="Oli").where(Customer.code == "OLD").execute()
    assert Customer.get(Customer.code == "OLD").nickname == "Oli"
    close_db()

    [backup] = backups(tmp_path)
    assert backup.name == f"old.v{LATEST}.bak"
    assert stored_version(backup) == LATEST
    assert "nickname" not in columns(backup, "customer")
    # Opened again: nothing to run, no second backup.
    init_db(str(path))
    assert len(calls) == 1
    assert backups(tmp_path) == [backup]


def test_a_new_book_is_at_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = init_db(str(path))
    assert current_version(db) == LATEST == len(MIGRATIONS)
    assert [r.version for r in SchemaVersion.select()] == [LATEST]
    assert backups(tmp_path) == []  # nothing to back up in a new book


def test_reopening_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    init_db(str(path))
    customers.add_customer("C1", "First")
    before = dump_book()
    close_db()
    db = init_db(str(path))
    assert current_version(db) == LATEST
    assert dump_book() == before
    assert backups(tmp_path) == []


def test_a_book_from_a_newer_acerto_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    init_db(str(path))
    SchemaVersion.update(version=LATEST + 1).execute()
    close_db()
    raw_before = path.read_bytes()
    with pytest.raises(NewerBookError) as err:
        init_db(str(path))
    message = str(err.value)
    assert "newer Acerto" in message
    assert f"schema {LATEST + 1}" in message
    assert f"knows {LATEST}" in message
    close_db()
    assert stored_version(path) == LATEST + 1
    assert backups(tmp_path) == []
    assert path.read_bytes()[:100] == raw_before[:100]


def test_an_older_book_is_migrated_forward_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    # A book as version 1 wrote it: the first migration only, version 1.
    db = init_db(str(path), migrate=False)
    with db.atomic():
        db.create_tables([SchemaVersion])
        MIGRATIONS[0](db)
        SchemaVersion.create(version=1)
    customers.add_customer("OLD", "Customer from version 1")
    for index in ("invoice_customer_status_due", "payment_customer_date"):
        db.execute_sql(f"DROP INDEX IF EXISTS {index}")
    close_db()
    assert stored_version(path) == 1

    db = init_db(str(path))
    assert current_version(db) == LATEST
    assert Customer.get(Customer.code == "OLD").name == "Customer from version 1"
    indexes = {
        row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    if LATEST >= 2:
        assert "invoice_customer_status_due" in indexes
    close_db()

    [backup] = backups(tmp_path)
    assert backup.parent == path.parent
    assert backup.name == "old.v1.bak"
    assert stored_version(backup) == 1
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT name FROM customer").fetchall() == [("Customer from version 1",)]
    finally:
        con.close()
    # Opening again migrates nothing and writes no second backup.
    init_db(str(path))
    assert backups(tmp_path) == [backup]


def test_a_version_2_book_gains_the_history_positions(tmp_path: Path) -> None:
    """Schema 3: the setting history table and order_change.after_entry, on a real v2 book."""
    path = tmp_path / "v2.sqlite"
    init_db(str(path))
    customers.add_customer("C1", "Cliente")
    close_db()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE setting_change")
    con.execute("ALTER TABLE order_change DROP COLUMN after_entry")
    con.execute("UPDATE schema_version SET version = 2")
    con.commit()
    con.close()
    assert "after_entry" not in columns(path, "order_change")
    init_db(str(path))
    close_db()
    assert stored_version(path) == LATEST
    assert "after_entry" in columns(path, "order_change")
    assert {"key", "old_value", "new_value", "after_entry"} <= columns(path, "setting_change")
    assert backups(tmp_path)  # the v2 book was copied before migrating


def test_a_version_3_book_with_refunds_gains_the_payout_columns(tmp_path: Path) -> None:
    """Schema 4 on a real v3 book whose journal refers to its refunds: the new
    columns go in without rebuilding the refund table (which its foreign keys refuse)."""
    from datetime import date
    from decimal import Decimal

    from app.services import book, payments, refunds

    path = tmp_path / "v3.sqlite"
    init_db(str(path))
    book.initialise("EUR", "Old, Lda")
    customers.add_customer("C1", "Cliente")
    pay = payments.create_payment("C1", date(2026, 3, 1), Decimal("50.00"))
    refunds.refund_credit(pay.number, date(2026, 3, 2))
    close_db()
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE refund DROP COLUMN paid_on")
    con.execute("ALTER TABLE refund DROP COLUMN paid_reference")
    con.execute("UPDATE schema_version SET version = 3")
    con.commit()
    con.close()
    init_db(str(path))
    close_db()
    assert stored_version(path) == LATEST
    assert {"paid_on", "paid_reference"} <= columns(path, "refund")
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT paid_on, paid_reference FROM refund").fetchall() == [(None, "")]
    finally:
        con.close()


def test_a_version_4_book_counts_returns_on_order_invoices(tmp_path: Path) -> None:
    """Schema 5 (issue 9): an order's invoiced figures become net of the credit notes
    on its invoices, on a book as version 4 left them (gross, credit lines unlinked)."""
    from decimal import Decimal

    from app.read.check import check_book
    from app.read.queries import show_order
    from app.services import credit_notes, orders, payments
    from app.services.invoices import LineInput
    from tests.builders import day

    path = tmp_path / "v4.sqlite"
    init_db(str(path))
    customers.add_customer("C1", "Cliente")
    order = orders.create_order("C1", day(0), [LineInput("Shirt", Decimal(3), Decimal(100))])
    payments.create_payment("C1", day(0), Decimal(300), order=order.number)
    inv = orders.invoice_order(order.number, day(1), line_qty={1: Decimal(1)})
    credit_notes.create_credit_note(inv.number, day(2), lines={1: Decimal(1)})
    close_db()
    con = sqlite3.connect(path)
    con.execute("UPDATE invoice_line SET order_line_id = NULL WHERE role = 'credit'")
    con.execute("UPDATE order_line SET invoiced_quantity = 1000")
    con.execute("UPDATE \"order\" SET invoiced = 10000, status = 'partially_invoiced'")
    con.execute("UPDATE schema_version SET version = 4")
    con.commit()
    con.close()

    db = init_db(str(path))
    assert current_version(db) == LATEST
    shown = show_order(order.number)
    assert (shown["invoiced"], shown["status"]) == ("0.00", "open")
    assert shown["lines"][0]["invoiced_quantity"] == "0"
    assert check_book().ok, check_book().problems
    close_db()
