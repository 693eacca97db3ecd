"""Schema versions: a new book is built at the latest schema, an older one
is migrated forward, a newer one is refused.

The schema version is the number of migrations in `MIGRATIONS`. Opening a
book (`migrate_forward`) does one of three things:

- a new, empty database: `create_schema` builds every table and index as
  the code declares them today, and the book is stamped with the latest
  version. No migration runs on it, so a migration only ever meets the
  schema of the version before it.
- an older book: a backup copy is written beside it (SQLite), then each
  missing migration runs in its own `atomic()` and stamps its number.
- a book from a newer Acerto: `NewerBookError`, nothing written.

Adding a migration (see CONTRIBUTING.md): change the model in
models/tables.py (that is what a new book gets), then append a function to
`MIGRATIONS` that brings a book of the previous version to the same shape,
with `playhouse.migrate` for columns. An index goes into `create_schema`'s
`_indexes` (models/schema.py, the latest schema) as well as into its
migration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peewee import (
    BigIntegerField,
    Database,
    DateField,
    ForeignKeyField,
    PostgresqlDatabase,
    SqliteDatabase,
    fn,
)

from models import pg_indexes, text_search
from models.db import backup_path, backup_sqlite
from models.on_order import counted_on_order
from models.schema import (
    SORT_INDEXES,
    _filter_indexes,
    _indexes,
    create_schema,
    make_sort_indexes,
)
from models.tables import (
    ALL_TABLES,
    BankAccount,
    BankLine,
    BankStatement,
    CustomerBankAccount,
    Invoice,
    InvoiceLine,
    Order,
    OrderLine,
    Payment,
    SchemaVersion,
    SettingChange,
)

Migration = Callable[[Database], None]


class NewerBookError(Exception):
    """The book was written by a newer version of Acerto."""


class ReadOnlyOldBookError(Exception):
    """An older book that cannot be written, so cannot be brought up to date."""


class NoBookError(Exception):
    """The database holds none of Acerto's tables and the caller may not make a book in it."""


class BadVersionError(Exception):
    """The book's schema version is not one any Acerto writes (damage, or not a book)."""


# ---------------------------------------------------------------- migrations, oldest first


def _m1_initial(db: Database) -> None:
    """Version 1: the tables (books from before versioning had none stamped)."""
    db.create_tables(ALL_TABLES)


def _m2_indexes(db: Database) -> None:
    """Version 2: composite indexes for the panes."""
    _indexes(db)


def _m3_history_positions(db: Database) -> None:
    """Version 3: where in the posting history settings and orders changed, so
    `check --replay` and the exchange workbook replay a history as it was made:
    the setting_change table, and order_change.after_entry."""
    db.create_tables([SettingChange])
    if "after_entry" not in {c.name for c in db.get_columns("order_change")}:
        from playhouse.migrate import SchemaMigrator, migrate  # lazy: every backend with it

        migrator = SchemaMigrator.from_database(db)
        migrate(migrator.add_column("order_change", "after_entry", BigIntegerField(null=True)))


def _m4_split_payments_and_payouts(db: Database) -> None:
    """Version 4 (issue 9): a payment part names the first part of its receipt
    (payment.split_of); a refund records when and how it was paid out
    (refund.paid_on, refund.paid_reference)."""
    from playhouse.migrate import SchemaMigrator, migrate  # lazy: every backend with it

    migrator = SchemaMigrator.from_database(db)
    have = {c.name for c in db.get_columns("payment")}
    if "split_of_id" not in have:
        split_of = ForeignKeyField(Payment, null=True, field=Payment.id, on_delete="RESTRICT")
        migrate(migrator.add_column("payment", "split_of_id", split_of))
    have = {c.name for c in db.get_columns("refund")}
    if "paid_on" not in have:
        migrate(migrator.add_column("refund", "paid_on", DateField(null=True)))
    if "paid_reference" not in have:
        # One ALTER with its default, on both backends: playhouse adds a NOT NULL
        # column to SQLite by rebuilding the table, which a book whose journal
        # entries refer to its refunds refuses (FOREIGN KEY constraint failed).
        db.execute_sql(
            'ALTER TABLE "refund" ADD COLUMN "paid_reference" VARCHAR(120) NOT NULL DEFAULT \'\''
        )


def _m5_order_invoiced_net_of_returns(db: Database) -> None:
    """Version 5 (issue 9): an order's invoiced amount and line quantities are net of
    the credit notes and corrections of its invoices, and its status follows. Books
    of version 4 counted its invoices only; their returns' lines gain the order line
    they return, and the cached figures are recomputed from the rows."""
    counted = counted_on_order()
    kinds: Any = (
        Invoice.select(Invoice.id, Invoice.kind).where(Invoice.id.in_(counted or [0])).tuples()
    )
    returns = [int(i) for i, kind in kinds if kind != "invoice"]
    unlinked: Any = (
        InvoiceLine.select(InvoiceLine.id, InvoiceLine.original_line)
        .where(
            InvoiceLine.invoice.in_(returns or [0])
            & InvoiceLine.order_line.is_null()
            & InvoiceLine.original_line.is_null(False)
        )
        .order_by(InvoiceLine.id)
        .tuples()
    )
    for line_id, original in unlinked:
        order_line = InvoiceLine.get_by_id(original).order_line_id
        if order_line is not None:
            InvoiceLine.update(order_line=order_line).where(InvoiceLine.id == line_id).execute()
    counted = counted or [0]
    for order in Order.select():
        invoiced = int(
            Invoice.select(fn.COALESCE(fn.SUM(Invoice.total), 0))
            .where((Invoice.order == order.id) & Invoice.id.in_(counted))
            .scalar()
        )
        status = order.status
        if status not in ("cancelled", "draft"):
            status = (
                "open"
                if invoiced == 0
                else "invoiced"
                if invoiced >= order.total
                else "partially_invoiced"
            )
        Order.update(invoiced=invoiced, status=status).where(Order.id == order.id).execute()
    for line in OrderLine.select(OrderLine.id):
        quantity = int(
            InvoiceLine.select(fn.COALESCE(fn.SUM(InvoiceLine.quantity), 0))
            .where((InvoiceLine.order_line == line.id) & InvoiceLine.invoice.in_(counted))
            .scalar()
        )
        OrderLine.update(invoiced_quantity=quantity).where(OrderLine.id == line.id).execute()


def _m6_bank(db: Database) -> None:
    """Version 6 (issue 11): bank accounts, their statements and lines, and
    the customers' bank accounts."""
    db.create_tables([BankAccount, BankStatement, BankLine, CustomerBankAccount])


def _m7_customer_language(db: Database) -> None:
    """Version 7 (issue 10): a customer's language for the documents sent to
    them; "" (every customer of an older book) means the book's language."""
    if "language" not in {c.name for c in db.get_columns("customer")}:
        # One ALTER with its default, on both backends (see _m4's paid_reference).
        db.execute_sql(
            'ALTER TABLE "customer" ADD COLUMN "language" VARCHAR(10) NOT NULL DEFAULT \'\''
        )


def _m8_dunning(db: Database) -> None:
    """Issue 13: payment reminders. The level sent for each invoice (dunning_notice)
    and the customers who get none (dunning_exclusion). Raw SQL: the tables as this
    version made them, whatever the models say later."""
    serial = "SERIAL" if isinstance(db, PostgresqlDatabase) else "INTEGER"
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "dunning_exclusion" ('
        '"customer_id" INTEGER NOT NULL PRIMARY KEY, '
        'FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "dunning_notice" ("id" {serial} NOT NULL PRIMARY KEY, '
        '"customer_id" INTEGER NOT NULL, "invoice_id" INTEGER NOT NULL, '
        '"level" INTEGER NOT NULL, "sent_on" DATE NOT NULL, '
        'FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("invoice_id") REFERENCES "invoice" ("id") ON DELETE RESTRICT)'
    )
    for column in ("customer_id", "invoice_id"):
        db.execute_sql(
            f'CREATE INDEX IF NOT EXISTS "dunning_notice_{column}" ON "dunning_notice" ("{column}")'
        )


def _m9_sort_indexes(db: Database) -> None:
    """Issue 12: an index for every column a pane sorts by."""
    make_sort_indexes(db)


def _m10_structured_texts(db: Database) -> None:
    """Issue 10: texts the book stores in its language are written from data the
    workbook reads, never parsed back: an order change's facts (order_change.facts,
    JSON), the change that made a refund (refund.order_change_id) and the entry that
    closed an unbilled item (unbilled_item.closed_entry). Older rows keep None and
    their English texts, which the export still reads. Raw SQL, one ALTER each."""
    have = {c.name for c in db.get_columns("order_change")}
    if "facts" not in have:
        db.execute_sql('ALTER TABLE "order_change" ADD COLUMN "facts" TEXT')
    if "order_change_id" not in {c.name for c in db.get_columns("refund")}:
        db.execute_sql(
            'ALTER TABLE "refund" ADD COLUMN "order_change_id" INTEGER '
            'REFERENCES "order_change" ("id") ON DELETE RESTRICT'
        )
        db.execute_sql(
            'CREATE INDEX IF NOT EXISTS "refund_order_change_id" ON "refund" ("order_change_id")'
        )
    if "closed_entry" not in {c.name for c in db.get_columns("unbilled_item")}:
        db.execute_sql('ALTER TABLE "unbilled_item" ADD COLUMN "closed_entry" BIGINT')


def _m11_text_search(db: Database) -> None:
    """Issue 12: the panes' text box looks substrings up in trigram indexes
    (models/text_search.py: SQLite FTS5 tables kept by triggers, filled here from
    the rows there are; PostgreSQL pg_trgm GIN indexes). Raw SQL, self-contained."""
    text_search.create(db)


def _m12_filter_indexes(db: Database) -> None:
    """Issue 12: the status and kind indexes become (status, date) and (kind, date),
    and the open invoices get a partial index by date (FILTER_INDEXES); on
    PostgreSQL the sort indexes are made again ending with the id (`_with_id`).
    Raw SQL, self-contained; the old single-column indexes go (peewee named them so
    on both backends)."""
    db.execute_sql('DROP INDEX IF EXISTS "invoice_status"')
    db.execute_sql('DROP INDEX IF EXISTS "invoice_kind"')
    if isinstance(db, PostgresqlDatabase):  # the sort indexes end with the id (_with_id)
        for name in SORT_INDEXES:
            db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
        make_sort_indexes(db)
    _filter_indexes(db)


def _m13_payout_reversals(db: Database) -> None:
    """Issue 11: a refund's payout taken back is remembered (payout_reversal: the
    payout's date, reference and entry, the reversal's date, reason and entry), so the
    exchange workbook and `check --replay` carry it. Raw SQL, self-contained. Payouts
    taken back before this version are found in the journal (a refund's entry crediting
    the bank is its payout, one debiting the bank takes back the payout before it); the
    reference and the reason are read once from the end of those entries' texts, after
    the refund's number (" (REFERENCE)", ": REASON" in every language of the book)."""
    serial = "SERIAL" if isinstance(db, PostgresqlDatabase) else "INTEGER"
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "payout_reversal" ("id" {serial} NOT NULL PRIMARY KEY, '
        '"refund_id" INTEGER NOT NULL, "paid_on" DATE NOT NULL, '
        '"paid_reference" VARCHAR(120) NOT NULL, "paid_entry_id" INTEGER NOT NULL, '
        '"date" DATE NOT NULL, "reason" TEXT NOT NULL, "entry_id" INTEGER NOT NULL, '
        'FOREIGN KEY ("refund_id") REFERENCES "refund" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("paid_entry_id") REFERENCES "journal_entry" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("entry_id") REFERENCES "journal_entry" ("id") ON DELETE RESTRICT)'
    )
    for column in ("refund_id", "paid_entry_id", "entry_id"):
        db.execute_sql(
            f'CREATE INDEX IF NOT EXISTS "payout_reversal_{column}" ON "payout_reversal" ("{column}")'
        )
    if db.execute_sql('SELECT COUNT(*) FROM "payout_reversal"').fetchone()[0]:
        return
    rows = db.execute_sql(
        'SELECT e."id", e."date", e."description", e."refund_id", r."number", l."debit", l."credit" '
        'FROM "journal_entry" e JOIN "journal_line" l ON l."entry_id" = e."id" '
        'JOIN "refund" r ON r."id" = e."refund_id" '
        'WHERE l."account" = \'bank\' ORDER BY e."id"'
    ).fetchall()
    paid: dict[int, tuple[int, Any, str]] = {}
    for entry, on, text, refund, number, debit, credit in rows:
        after = str(text).partition(str(number))[2]
        if credit:  # a payout: refunds payable cleared against the bank
            reference = after[2:-1] if after.startswith(" (") and after.endswith(")") else ""
            paid[refund] = (entry, on, reference)
        elif debit and refund in paid:  # its reversal
            paid_entry, paid_on, reference = paid.pop(refund)
            marks = ", ".join([db.param] * 7)
            db.execute_sql(
                'INSERT INTO "payout_reversal" ("refund_id", "paid_on", "paid_reference", '
                f'"paid_entry_id", "date", "reason", "entry_id") VALUES ({marks})',
                [refund, paid_on, reference, paid_entry, on, after.partition(": ")[2], entry],
            )


def _m14_bank_match_index(db: Database) -> None:
    """Issue 11: each customer's open invoices indexed by balance (MATCH_INDEX), for
    the bank matcher. Raw SQL, self-contained."""
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "invoice_customer_open_balance" ON invoice '
        '("customer_id", ("total" - "settled")) '
        'WHERE "status" <> \'draft\' AND "total" - "settled" > 0'
    )


def _m15_short_text_grams(db: Database) -> None:
    """Issue 12: on PostgreSQL the panes' text box looks a text of one or two
    characters up in GIN indexes of each searched column's grams (its characters and
    pairs of characters, lower case: models/text_search.py `create_grams`), which no
    trigram index can do. A role that may not create the function gets none (the
    text box scans as before). SQLite: nothing."""
    text_search.create_grams(db)


def _m16_balance_index_keys(db: Database) -> None:
    """Issue 12: the balance index holds the settled amount and the date too, so the
    open invoices sorted by settled or by status are sorted from it alone (0.3-0.4 s
    at a million invoices before). Made again from SORT_INDEXES."""
    db.execute_sql('DROP INDEX IF EXISTS "invoice_balance"')
    make_sort_indexes(db)


def _m17_padded_text_index(db: Database) -> None:
    """Issue 12: SQLite's text indexes hold each value padded with two characters no
    text holds, and list their terms (models/text_search.py), so a text of one or two
    characters is looked up through them too (it scanned every row). Made again from
    the rows there are. PostgreSQL: nothing (its grams' indexes do this)."""
    if isinstance(db, PostgresqlDatabase) or not db.table_exists(text_search.index_name("invoice")):
        return
    text_search.drop_sqlite(db)
    text_search.create(db)


def _m18_postgresql_pane_indexes(db: Database) -> None:
    """Issue 12: PostgreSQL's own indexes for the invoices pane (models/pg_indexes.py:
    the open invoices by settled and by status, the due date with the id and the date,
    which replaces the one-column due-date index). SQLite: nothing."""
    pg_indexes.make(db)


# Append only: a book at version N has run exactly MIGRATIONS[:N].
MIGRATIONS: list[Migration] = [
    _m1_initial,
    _m2_indexes,
    _m3_history_positions,
    _m4_split_payments_and_payouts,
    _m5_order_invoiced_net_of_returns,
    _m6_bank,
    _m7_customer_language,
    _m8_dunning,
    _m9_sort_indexes,
    _m10_structured_texts,
    _m11_text_search,
    _m12_filter_indexes,
    _m13_payout_reversals,
    _m14_bank_match_index,
    _m15_short_text_grams,
    _m16_balance_index_keys,
    _m17_padded_text_index,
    _m18_postgresql_pane_indexes,
]
# The version this code writes. The runner reads len(MIGRATIONS) at call
# time (`latest_version`), so a test may append a migration.
LATEST = len(MIGRATIONS)


def latest_version() -> int:
    return len(MIGRATIONS)


# ---------------------------------------------------------------- the runner


def current_version(db: Database) -> int:
    """The version stamped in the book; 0 when it has none."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    # Read raw: a stamp that is not a whole number must be named, not crash
    # the field's conversion.
    values = [row[0] for row in db.execute_sql('SELECT "version" FROM "schema_version"')]
    if not values:
        return 0
    bad = [v for v in values if not isinstance(v, int) or isinstance(v, bool) or v < 1]
    if bad or len(values) > 1:
        shown = ", ".join(repr(v) for v in (bad or values)[:3])
        raise BadVersionError(
            f"The book's schema version ({shown}) is not one Acerto writes: the book is damaged "
            "or is not an Acerto book."
        )
    return int(values[0])


def is_new_book(db: Database) -> bool:
    """True for a database with none of Acerto's tables (nothing to migrate)."""
    existing = set(db.get_tables())
    return not any(model._meta.table_name in existing for model in ALL_TABLES)


def _stamp(version: int) -> None:
    SchemaVersion.delete().execute()
    SchemaVersion.create(version=version)


# Any constant names the lock; this one reads "ACERTOSM" (Acerto's schema migration).
_MIGRATION_LOCK = 0x414345_52544F_534D


def _one_at_a_time(db: Database) -> None:
    """On PostgreSQL, wait for any other connection making or migrating this book
    until its transaction ends (a transaction-level advisory lock): read committed,
    two clerks opening a new book at once would both see no tables and both create
    them. SQLite's write lock (BEGIN IMMEDIATE) already does this."""
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", [_MIGRATION_LOCK])


def migrate_forward(db: Database, backup: bool = True, create: bool = True) -> int:
    """Bring the open book to the latest version; return that version.

    A database with none of Acerto's tables becomes a new book only when
    `create` (`init`, `demo`, the first start); otherwise NoBookError, and
    nothing is written to it.

    Before migrating an older SQLite book a copy is written beside it
    (`book.v1.bak` beside `book.sqlite`, see `models.db.backup_path`).
    """
    latest = latest_version()
    version = current_version(db)
    if version > latest:
        raise NewerBookError(
            f"This book was written by a newer Acerto (schema {version}; this one knows {latest}). "
            "Update Acerto to open it."
        )
    if version == latest:
        return version
    if version > 0 and getattr(db, "read_only", False):
        raise ReadOnlyOldBookError(
            f"This book was written by an older Acerto (schema {version}) and its file is "
            "read-only, so it cannot be brought up to date: make it writable once and open it again."
        )
    # Each step looks again inside its transaction: another process opening the
    # same book may have done it meanwhile (on SQLite the transaction waits for it).
    if version == 0 and is_new_book(db):
        if not create:
            raise NoBookError("no book")
        with db.atomic():
            _one_at_a_time(db)
            if current_version(db) == 0 and is_new_book(db):
                create_schema(db)
                _stamp(latest)
        return latest
    if version > 0 and backup and isinstance(db, SqliteDatabase):
        backup_sqlite(db, backup_path(db, version))
    for number in range(version + 1, latest + 1):
        with db.atomic():
            _one_at_a_time(db)
            if current_version(db) >= number:
                continue
            if number == 1:
                db.create_tables([SchemaVersion])
            MIGRATIONS[number - 1](db)
            _stamp(number)
    return latest
