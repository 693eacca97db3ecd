"""The double-entry journal: every posting event writes a balanced entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from peewee import fn

from app.rules.limits import check_amount, check_date
from app.rules.money import ZERO, Currency
from app.rules.settlement import JournalLine as Line
from app.rules.settlement import signed_line
from models import fast
from models.tables import JournalEntry, JournalLine


def post_entry(
    cur: Currency,
    on: date,
    description: str,
    lines: Iterable[Line | None],
    *,
    keep_empty: bool = False,
    **refs: object,
) -> JournalEntry | None:
    """Write one balanced entry; refuses (a bug) if it does not balance.

    An entry whose lines are all zero is not written, unless `keep_empty`:
    a posted document that moves no money (a correction that changes no
    amount) still takes its place in the posting history, which a replay
    of the book follows.
    """
    # The last guard of the book's limits: no posting escapes them, whatever path it took.
    check_date(on, "posting date")
    kept = [line for line in lines if line is not None and (line.debit or line.credit)]
    for line in kept:
        check_amount(line.debit or line.credit, f"amount posted to {line.account}")
    if not kept and not keep_empty:
        return None
    debit = sum((line.debit for line in kept), ZERO)
    credit = sum((line.credit for line in kept), ZERO)
    if debit != credit:
        raise AssertionError(f"unbalanced journal entry {description}: {debit} != {credit}")
    entry = fast.create(JournalEntry, date=on, description=description, **refs)
    fast.insert_many(
        JournalLine,
        [
            {
                "entry": entry.id,
                "account": line.account,
                "debit": cur.to_minor(line.debit),
                "credit": cur.to_minor(line.credit),
            }
            for line in kept
        ],
    )
    return entry


def last_entry() -> int:
    """The id of the last journal entry posted (0 for none): a place in the posting history."""
    return int(JournalEntry.select(fn.COALESCE(fn.MAX(JournalEntry.id), 0)).scalar())


def dr_cr(debit_account: str, credit_account: str, amount: Decimal) -> list[Line | None]:
    """Debit one account and credit another; a negative amount swaps them."""
    return [signed_line(debit_account, amount), signed_line(credit_account, -amount)]


def reverse_lines(entry: JournalEntry, cur: Currency) -> list[Line]:
    return [
        Line(line.account, cur.from_minor(line.credit), cur.from_minor(line.debit))
        for line in entry.lines
    ]
