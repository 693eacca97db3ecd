"""`acerto check`: the book's invariants and the database's own checks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase, fn

from app.errors import UserError
from app.i18n import _, ngettext, said_money
from app.read.invariants import check_invariants
from app.rules.settlement import ADVANCES, RECEIVABLES, REFUNDS_PAYABLE, UNBILLED
from app.services import book, storage
from models.bookfile import foreign_key_problems, integrity_problems
from models.db import database
from models.tables import Invoice, JournalLine, Payment, Refund, UnbilledItem


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    damaged: bool = False  # the file itself (SQLite's integrity check), not the bookkeeping
    integrity: list[str] = field(default_factory=list)  # its lines; ["ok"]; [] on PostgreSQL
    physical: str = ""  # which of SQLite's checks ran: "quick_check" or "integrity_check"
    seconds: float = 0.0  # how long the whole check took

    @property
    def ok(self) -> bool:
        return not self.problems


def _account(name: str) -> int:
    return int(
        JournalLine.select(fn.COALESCE(fn.SUM(JournalLine.debit - JournalLine.credit), 0))
        .where(JournalLine.account == name)
        .scalar()
    )


def check_book(full: bool = False) -> CheckReport:
    """Every invariant `acerto check` proves, as problems and facts in words.

    SQLite's own check runs first: on a damaged file the other checks would
    read garbage or fail, so the damage is the report. `PRAGMA quick_check`
    (every page and row, linear in the file) by default; `full` runs
    `PRAGMA integrity_check`, which also compares every index with its table
    (`acerto check --full`: at a million invoices, most of a minute).
    """
    started = time.perf_counter()
    r = CheckReport()
    try:
        _check_all(r, full)
    finally:
        r.seconds = time.perf_counter() - started
    return r


def _check_all(r: CheckReport, full: bool) -> None:
    """SQLite's own check runs on a second connection beside the bookkeeping checks
    (both cores: at a million invoices each is seconds); on a damaged file only the
    damage is reported, whatever the other checks made of it."""
    physical = _Physical(full) if isinstance(database.obj, SqliteDatabase) else None
    if physical is not None:
        physical.start()
    logical = CheckReport()
    failure: Exception | None = None
    try:
        _check_logic(logical)
    except Exception as exc:  # garbage read from a damaged file: the damage is the report
        failure = exc
    if physical is not None:
        physical.join()
        if not physical.report(r):
            return
    if failure is not None:
        raise failure
    r.problems += logical.problems
    r.facts += logical.facts
    r.damaged = r.damaged or logical.damaged


def _check_logic(r: CheckReport) -> None:
    try:
        with book.reading():  # one snapshot: the figures agree with each other
            cur = book.currency()
            said = said_money(cur)  # in the reader's language, like every sentence here

            def f(minor: int) -> str:
                return said(cur.from_minor(minor))

            _check_accounts(r, f)
            _check_refunds_payable(r, f)
            _check_cached_figures(r)
    except DatabaseError as exc:  # damage the integrity check did not see (a lost table)
        r.damaged = True
        r.problems.append(
            _("The book cannot be read: {value}.").format(
                value=str(exc).strip() or type(exc).__name__
            )
        )


class _Physical(threading.Thread):
    """SQLite's integrity (or quick) check and foreign key check, on this thread's
    own connection to the book (peewee's connections are per thread)."""

    def __init__(self, full: bool) -> None:
        super().__init__(name="acerto-check", daemon=True)
        self.full = full
        self.damage: list[str] = []
        self.broken = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with book.thread_connection():
                db = database.obj
                self.damage = integrity_problems(db, quick=not self.full)
                if not self.damage:
                    self.broken = foreign_key_problems(db)
        except BaseException as exc:  # said on the caller's thread
            self.error = exc

    def report(self, r: CheckReport) -> bool:
        """Put the findings in `r`; False when the file is damaged."""
        if self.error is not None:
            raise self.error
        return _database_findings(r, self.full, self.damage, self.broken)


def _check_accounts(r: CheckReport, f: Callable[[int], str]) -> None:
    """The journal balances and its accounts agree with the documents."""
    total = int(
        JournalLine.select(fn.COALESCE(fn.SUM(JournalLine.debit - JournalLine.credit), 0)).scalar()
    )
    if total != 0:
        r.problems.append(
            _("The journal does not balance: debits exceed credits by {total}.").format(
                total=f(total)
            )
        )
    else:
        r.facts.append(_("The journal balances to zero."))
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
            _(
                "Receivables plus customer advances ({receivables}) differ from open balances minus customer credit ({balances})."
            ).format(receivables=f(receivables), balances=f(balances - unapplied))
        )
    else:
        r.facts.append(
            _("Receivables plus advances equal open balances minus credit ({receivables}).").format(
                receivables=f(receivables)
            )
        )
    unbilled_account = _account(UNBILLED)
    open_unbilled = int(
        UnbilledItem.select(fn.COALESCE(fn.SUM(UnbilledItem.amount), 0))
        .where(UnbilledItem.status == "open")
        .scalar()
    )
    if unbilled_account != open_unbilled:
        r.problems.append(
            _(
                "The unbilled account ({unbilled_account}) differs from the open unbilled items ({open_unbilled})."
            ).format(unbilled_account=f(unbilled_account), open_unbilled=f(open_unbilled))
        )
    else:
        r.facts.append(
            _("The unbilled account equals the open unbilled items ({open_unbilled}).").format(
                open_unbilled=f(open_unbilled)
            )
        )


def _check_refunds_payable(r: CheckReport, f: Callable[[int], str]) -> None:
    """Refunds payable holds exactly the refunds not yet paid out (issue 9)."""
    payable = -_account(REFUNDS_PAYABLE)
    unpaid = int(
        Refund.select(fn.COALESCE(fn.SUM(Refund.amount), 0))
        .where(Refund.paid_on.is_null())
        .scalar()
    )
    if payable != unpaid:
        r.problems.append(
            _(
                "Refunds payable ({payable}) differs from the refunds not yet paid out ({unpaid})."
            ).format(payable=f(payable), unpaid=f(unpaid))
        )
    else:
        r.facts.append(
            _("Refunds payable equals the refunds not yet paid out ({unpaid}).").format(
                unpaid=f(unpaid)
            )
        )


def _check_cached_figures(r: CheckReport) -> None:
    """The rules' invariants and the cached figures against their rows (app/read/invariants.py)."""
    before = len(r.problems)
    check_invariants(r.problems.append, book.currency())
    if len(r.problems) == before:
        r.facts.append(
            _(
                "No order is cancelled while invoiced, no payment or credit note is used beyond its amount, no invoice is settled beyond its total, every journal entry balances, and every cached figure equals its rows."
            )
        )


def _database_findings(r: CheckReport, full: bool, damage: list[str], broken: int) -> bool:
    """SQLite's own integrity and foreign key checks in words (PostgreSQL enforces both).

    False when the file is damaged: the damage is reported, in SQLite's
    words, with the way back, and nothing else is."""
    r.physical = "integrity_check" if full else "quick_check"
    r.integrity = damage or ["ok"]
    if damage:
        r.damaged = True
        r.problems.append(
            ngettext(
                "The book's file is damaged: SQLite's integrity check found {count} problem{value}.",
                "The book's file is damaged: SQLite's integrity check found {count} problems{value}.",
                len(damage),
            ).format(count=len(damage), value=_(" (the first 20)") if len(damage) >= 20 else "")
        )
        r.problems.extend(_("SQLite integrity check: {line}").format(line=line) for line in damage)
        r.problems.append(
            _(
                "Restore the last backup with `acerto restore BACKUP` (the damaged book is kept beside it)."
            )
        )
        return False
    r.facts.append(
        _("SQLite integrity check: ok.")
        if full
        else _("SQLite quick check: ok (`check --full` also compares every index with its table).")
    )
    if broken:
        r.problems.append(
            ngettext(
                "SQLite foreign key check found {broken} broken reference.",
                "SQLite foreign key check found {broken} broken references.",
                broken,
            ).format(broken=broken)
        )
    else:
        r.facts.append(_("SQLite foreign key check: ok."))
    return True


def _sqlite_db(refusal: str) -> SqliteDatabase:
    db = database.obj
    if not isinstance(db, SqliteDatabase):
        raise UserError(refusal)
    return db


def backup(dest: str, url: str = "") -> Path:
    """`acerto backup DEST`: copy the open SQLite book to a new file `dest`
    (app/services/storage.py: never over a file, never a partial one, never a damaged book)."""
    return storage.backup_book(dest, url)


def copy_book(dest: str) -> str:
    """The window's "Back up book…": copy the open SQLite book to `dest`.

    Unlike `backup`, an existing file is replaced (the window's save dialog
    has already asked the user before overwriting it), atomically: `dest`
    is the old file or the complete copy, never a part of it.
    """
    db = _sqlite_db(_("Back up a PostgreSQL book with pg_dump; this copies SQLite books only."))
    return str(storage.backup_book(dest, str(db.database), overwrite=True))
