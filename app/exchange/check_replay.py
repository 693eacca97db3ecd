"""`acerto check --replay`: the book's whole history through the services again.

The open book's rows are read through the export's own row iterators (in
memory, no file), replayed by the import's replay into a scratch book (an
in-memory SQLite), and every document, settlement, refund, unbilled item
and journal entry of the two books is compared. A book edited behind the
application's back (a discount changed with SQL, a journal line touched),
or a rule that drifted since the history was posted, shows as a difference
in words: 'settlement PAY-000001 → INV-000001 #1: discount stored 5.00,
replayed 2.00'.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.exchange import export
from app.exchange.book_sheet import adopt_book
from app.exchange.cells import Checker, shown
from app.exchange.export_history import legacy_same
from app.exchange.export_reversals import payout_reversals
from app.exchange.plan import Plan
from app.exchange.reading import read_sheet
from app.exchange.replay import Replay
from app.exchange.schema import KEYS, SHEETS
from app.i18n import N_, _, ngettext, said_day, said_money
from app.services import book
from models.db import database, make_database
from models.migrations import migrate_forward
from models.tables import JournalEntry, JournalLine

# What a difference names a row by, per sheet.
_WHAT = {
    "Orders": N_("order {number}"),
    "OrderLines": N_("order {order} line {line}"),
    "OrderChanges": N_("order {order} change {seq}"),
    "Invoices": N_("invoice {number}"),
    "InvoiceLines": N_("invoice {invoice} line {line}"),
    "Payments": N_("payment {number}"),
    "Settlements": N_("settlement {source} → {invoice} #{seq}"),
    "Refunds": N_("refund {number}"),
    "Unbilled": N_("unbilled item {line} of {invoice}"),
    "Customers": N_("customer {code}"),
    "PayoutReversals": N_("payout reversal {seq} of refund {refund}"),
}
_DOCUMENTS = ("Orders", "Invoices", "Payments", "Refunds")


@dataclass
class ReplayReport:
    differences: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.differences


class _Rows:
    """The export's rows held in memory, read as a workbook would be."""

    date1904 = False

    def __init__(self, sheets: dict[str, list[list[Any]]]) -> None:
        self.sheets = sheets

    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def row_count(self, sheet: str) -> int:
        return len(self.sheets[sheet]) + 1

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Any]]]:
        yield 1, [c.name for c in SHEETS[sheet]]
        yield from enumerate(self.sheets[sheet], start=2)


def _snapshot() -> tuple[dict[str, dict[tuple[Any, ...], dict[str, Any]]], list[Any]]:
    """Every row the export gives, by key, and the journal entry by entry in posting order."""
    cur = book.currency()
    rows: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
    for sheet, maker in _makers().items():
        rows[sheet] = {tuple(d[k] for k in KEYS[sheet]): d for d in maker(cur)}
    lines: dict[int, list[tuple[str, int, int]]] = {}
    for eid, account, debit, credit in (
        JournalLine.select(
            JournalLine.entry, JournalLine.account, JournalLine.debit, JournalLine.credit
        )
        .order_by(JournalLine.entry, JournalLine.id)
        .tuples()
        .iterator()
    ):
        lines.setdefault(eid, []).append((account, debit, credit))
    entries: Any = (
        JournalEntry.select(JournalEntry.id, JournalEntry.date, JournalEntry.description)
        .order_by(JournalEntry.id)
        .tuples()
    )
    journal = [(on, desc, lines.get(eid, [])) for eid, on, desc in entries]
    return rows, journal


def _makers() -> dict[str, Callable[..., Iterator[dict[str, Any]]]]:
    return {
        "Customers": export._customers,
        "Orders": export._orders,
        "OrderLines": export._order_lines,
        "OrderChanges": export._order_changes,
        "Invoices": export._invoices,
        "InvoiceLines": export._invoice_lines,
        "Payments": export._payments,
        "Settlements": export._settlements,
        "Refunds": export._refunds,
        "Unbilled": export._unbilled_items,
        "PayoutReversals": payout_reversals,
    }


def replay_check(progress: Callable[[int, int], None] | None = None) -> ReplayReport:
    """Replay the open book into a scratch book and compare them; the open book is left as it was."""
    start = time.perf_counter()
    report = ReplayReport()
    original = database.obj
    with book.reading():  # the rows and the stored figures from one snapshot
        sheets = {name: list(rows) for name, _cols, rows in export.export_sheets()}
        stored, journal = _snapshot()
    try:
        # Not init_db: it would close the open book (an in-memory book would be lost).
        scratch = make_database(":memory:")
        database.initialize(scratch)
        scratch.connect()
        migrate_forward(scratch, backup=False)
        book.initialise(str(dict((r[0], r[1]) for r in sheets["Book"]).get("currency", "EUR")))
        with database.atomic():
            source = _Rows(sheets)
            chk = Checker(book.currency(), False)
            for sheet in source.sheet_names():
                read_sheet(chk, sheet, source.rows(sheet))
            plan = Plan(chk, book.currency())
            plan.check()
            adopt_book(chk, plan)
            with book.batch(load=True, large=True):
                Replay(plan, chk).run()
        for p in chk.problems:
            report.differences.append(
                _("{sheet} row {row}, column {column}: the services refuse it: {reason}").format(
                    sheet=p.sheet, row=p.row, column=p.column, reason=p.reason
                )
            )
        replayed, replayed_journal = _snapshot()
    finally:
        database.obj.close()
        database.initialize(original)
        original.connect(reuse_if_open=True)
    _compare_rows(stored, replayed, report.differences)
    _compare_journal(journal, replayed_journal, report.differences, book.currency())
    report.counts = {
        "documents": sum(len(stored[s]) for s in _DOCUMENTS),
        "settlements": len(stored["Settlements"]),
        "journal lines": sum(len(e[2]) for e in journal),
    }
    report.seconds = time.perf_counter() - start
    if progress is not None:
        progress(1, 1)
    return report


def _compare_rows(
    stored: dict[str, dict[tuple[Any, ...], dict[str, Any]]],
    replayed: dict[str, dict[tuple[Any, ...], dict[str, Any]]],
    out: list[str],
) -> None:
    for sheet, rows in stored.items():
        again = replayed[sheet]
        for key, d in rows.items():
            what = _(_WHAT[sheet]).format(**d)
            other = again.get(key)
            if other is None:
                out.append(_("{what}: stored, but the replay does not make it").format(what=what))
                continue
            for name, value in d.items():
                if name == "posted" or value == other.get(name) or legacy_same(name, value, other):
                    continue
                out.append(
                    _("{what}: {name} stored {value}, replayed {value2}").format(
                        what=what,
                        name=name,
                        value=shown(value) or _("empty"),
                        value2=shown(other.get(name)) or _("empty"),
                    )
                )
        for key, d in again.items():
            if key not in rows:
                out.append(
                    _("{format}: made by the replay, but not in the book").format(
                        format=_(_WHAT[sheet]).format(**d)
                    )
                )


def _compare_journal(stored: list[Any], replayed: list[Any], out: list[str], cur: Any) -> None:
    for n, (a, b) in enumerate(zip(stored, replayed, strict=False), start=1):
        if a == b:
            continue
        what = _("journal entry {n} ({value}, {value2})").format(
            n=n, value=a[1], value2=said_day(a[0])
        )
        if a[:2] != b[:2]:
            out.append(
                _("{what}: replayed as ({value}, {value2})").format(
                    what=what, value=b[1], value2=said_day(b[0])
                )
            )
            continue
        said = said_money(cur)
        for line in sorted(set(a[2]) ^ set(b[2])):
            side = _("stored") if line in a[2] else _("replayed")
            out.append(
                _("{what}: {side} only: {value} debit {from_minor}, credit {from_minor2}").format(
                    what=what,
                    side=side,
                    value=line[0],
                    from_minor=said(cur.from_minor(line[1])),
                    from_minor2=said(cur.from_minor(line[2])),
                )
            )
    if len(stored) != len(replayed):
        out.append(
            ngettext(
                "journal: {count} entry stored, {count2} replayed",
                "journal: {count} entries stored, {count2} replayed",
                len(stored),
            ).format(count=len(stored), count2=len(replayed))
        )
