"""`acerto check`: the book's invariants and the database's own checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import SqliteDatabase, fn

from app.errors import UserError
from app.rules.settlement import ADVANCES, RECEIVABLES, UNBILLED
from app.services import book
from models.db import backup_sqlite, database
from models.tables import Invoice, JournalLine, Payment, Settlement, UnbilledItem


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _account(name: str) -> int:
    return int(
        JournalLine.select(fn.COALESCE(fn.SUM(JournalLine.debit - JournalLine.credit), 0))
        .where(JournalLine.account == name)
        .scalar()
    )


def check_book() -> CheckReport:
    """Every invariant `acerto check` proves, as problems and facts in words."""
    cur = book.currency()
    r = CheckReport()

    def f(minor: int) -> str:
        return cur.fmt(cur.from_minor(minor))

    _check_accounts(r, f)
    _check_cached_figures(r, f)
    _check_database(r)
    return r


def _check_accounts(r: CheckReport, f: Callable[[int], str]) -> None:
    """The journal balances and its accounts agree with the documents."""
    total = int(
        JournalLine.select(fn.COALESCE(fn.SUM(JournalLine.debit - JournalLine.credit), 0)).scalar()
    )
    if total != 0:
        r.problems.append(f"The journal does not balance: debits exceed credits by {f(total)}.")
    else:
        r.facts.append("The journal balances to zero.")
    receivables = _account(RECEIVABLES) + _account(ADVANCES)
    balances = int(
        Invoice.select(fn.COALESCE(fn.SUM(Invoice.total - Invoice.settled), 0))
        .where(Invoice.status != "draft")
        .scalar()
    )
    unapplied = int(
        Payment.select(
            fn.COALESCE(fn.SUM(Payment.amount - Payment.applied - Payment.refunded), 0)
        ).scalar()
    )
    if receivables != balances - unapplied:
        r.problems.append(
            f"Receivables plus customer advances ({f(receivables)}) differ from open balances minus "
            f"customer credit ({f(balances - unapplied)})."
        )
    else:
        r.facts.append(
            f"Receivables plus advances equal open balances minus credit ({f(receivables)})."
        )
    unbilled_account = _account(UNBILLED)
    open_unbilled = int(
        UnbilledItem.select(fn.COALESCE(fn.SUM(UnbilledItem.amount), 0))
        .where(UnbilledItem.status == "open")
        .scalar()
    )
    if unbilled_account != open_unbilled:
        r.problems.append(
            f"The unbilled account ({f(unbilled_account)}) differs from the open unbilled items "
            f"({f(open_unbilled)})."
        )
    else:
        r.facts.append(f"The unbilled account equals the open unbilled items ({f(open_unbilled)}).")


def _check_cached_figures(r: CheckReport, f: Callable[[int], str]) -> None:
    """Cached figures (settled, applied) against the rows that make them."""
    settled: dict[int, int] = dict(
        Settlement.select(
            Settlement.invoice,
            fn.SUM(
                Settlement.amount
                + Settlement.discount
                + Settlement.writeoff
                + Settlement.full_settlement
            ),
        )
        .group_by(Settlement.invoice)
        .tuples()  # type: ignore[arg-type]
    )
    for inv in Invoice.select(
        Invoice.id, Invoice.number, Invoice.settled, Invoice.total, Invoice.kind
    ).where(Invoice.total > 0):
        if int(settled.get(inv.id, 0) or 0) != inv.settled:
            r.problems.append(
                f"Invoice {inv.number}: settled {f(inv.settled)} differs from its settlements."
            )
        if not 0 <= inv.settled <= inv.total:
            r.problems.append(f"Invoice {inv.number}: balance outside 0..total.")
    for cn in Invoice.select(Invoice.number, Invoice.settled, Invoice.total).where(
        Invoice.total < 0
    ):
        if not cn.total <= cn.settled <= 0:
            r.problems.append(f"Credit {cn.number}: balance outside total..0.")
    applied: dict[int, int] = dict(
        Settlement.select(Settlement.payment, fn.SUM(Settlement.amount))
        .where(Settlement.payment.is_null(False))
        .group_by(Settlement.payment)
        .tuples()  # type: ignore[arg-type]
    )
    for pay in Payment.select():
        if int(applied.get(pay.id, 0) or 0) != pay.applied:
            r.problems.append(
                f"Payment {pay.number}: applied {f(pay.applied)} differs from its settlements."
            )
        if pay.applied < 0 or pay.refunded < 0 or pay.applied + pay.refunded > pay.amount:
            r.problems.append(f"Payment {pay.number}: applied plus refunded exceeds the payment.")


def _check_database(r: CheckReport) -> None:
    """SQLite's own integrity and foreign key checks (PostgreSQL enforces both)."""
    db = database.obj
    if isinstance(db, SqliteDatabase):
        result = db.execute_sql("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            r.problems.append(f"SQLite integrity check: {result}")
        else:
            r.facts.append("SQLite integrity check: ok.")
        fk = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if fk:
            r.problems.append(f"SQLite foreign key check found {len(fk)} broken references.")
        else:
            r.facts.append("SQLite foreign key check: ok.")


def _sqlite_db(refusal: str) -> SqliteDatabase:
    db = database.obj
    if not isinstance(db, SqliteDatabase):
        raise UserError(refusal)
    return db


def backup(dest: str) -> Path:
    """`acerto backup DEST`: copy the open SQLite book to a new file `dest`."""
    db = _sqlite_db("Backup copies SQLite books; back up a PostgreSQL book with pg_dump.")
    target = Path(dest)
    if target.exists() and target.is_dir():
        raise UserError(f'The backup destination "{dest}" is a folder; name a file.')
    if target.exists():
        raise UserError(f'The backup destination "{dest}" already exists; choose a new file name.')
    return backup_sqlite(db, target)


def copy_book(dest: str) -> str:
    """The window's "Back up book…": copy the open SQLite book to `dest`.

    Unlike `backup`, an existing file is replaced: the window's save dialog
    has already asked the user before overwriting it.
    """
    db = _sqlite_db("Back up a PostgreSQL book with pg_dump; this copies SQLite books only.")
    return str(backup_sqlite(db, Path(dest)))
