"""Gaps between bank statements, read from the book (issue 11): the rule is
app/rules/statement_gap.py; here the balances and lines it is given are read.

`opening_gap` checks a statement about to be stored against the nearest
balance the account holds before it and the lines since; `gap_after`
checks the held statement that opens after one just stored (a statement read
before the one it follows: December's file, then November's).
"""

from __future__ import annotations

from datetime import date

from peewee import fn

from app.rules import statement_gap
from app.rules.money import Currency
from app.rules.statement import Statement, statement_name
from app.rules.statement_gap import HeldBalance
from models.tables import BankAccount, BankLine, BankStatement


def as_day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def statement_start(s: Statement) -> date:
    """When a statement begins: its opening date, else its first line's date."""
    return s.opening_date or min((x.booking_date for x in s.lines), default=date.min)


def opening_gap(acct: BankAccount, s: Statement, file_name: str, cur: Currency) -> str | None:
    """Statement `s`'s opening balance against what the book holds of the account
    (app/rules/statement_gap.py): the nearest balance held before it, and the lines since."""
    if s.opening is None:
        return None
    name = statement_name(s.statement_id, file_name)
    return _gap_at(acct, name, cur.to_minor(s.opening), statement_start(s), None, cur)[0]


def gap_after(acct: BankAccount, row: BankStatement, cur: Currency) -> str | None:
    """The held statement that opens after statement `row`, just stored, against it: a
    statement read before the one it follows (December's file, then November's)."""
    first = as_day(row.opening_date or row.closing_date or date.min)
    after = (
        BankStatement.select()
        .where(
            (BankStatement.account == acct.id)
            & (BankStatement.id != row.id)
            & BankStatement.opening.is_null(False)
            & (BankStatement.opening_date > first)
        )
        .order_by(BankStatement.opening_date, BankStatement.id)
        .first()
    )
    if after is None:
        return None
    name = statement_name(after.ident, after.file_name)
    said, base = _gap_at(acct, name, after.opening, as_day(after.opening_date), after, cur)
    return said if base is not None and base.ident == row.ident else None


def _gap_at(
    acct: BankAccount,
    name: str,
    opening: int,
    first: date,
    itself: BankStatement | None,
    cur: Currency,
) -> tuple[str | None, HeldBalance | None]:
    """The gap of statement `name` (as the bank names it) opening at `opening` on `first`
    (`itself`: when it is held, its own balances are not its base), and the balance it
    is measured from."""
    held = []
    for row in BankStatement.select().where(
        (BankStatement.account == acct.id)
        & (BankStatement.id != (itself.id if itself is not None else 0))
        & (
            (BankStatement.closing.is_null(False) & (BankStatement.closing_date <= first))
            | (BankStatement.opening.is_null(False) & (BankStatement.opening_date <= first))
        )
    ):
        known = statement_name(row.ident, row.file_name)
        if row.closing is not None and row.closing_date is not None:
            held.append(HeldBalance(row.ident, as_day(row.closing_date), row.closing, True, known))
        if row.opening is not None and row.opening_date is not None:
            held.append(HeldBalance(row.ident, as_day(row.opening_date), row.opening, False, known))
    base = statement_gap.nearest(first, held)
    if base is None:
        return None, None
    start, end = statement_gap.since(base, first)
    total: int
    count: int
    total, count = (
        BankLine.select(fn.COALESCE(fn.SUM(BankLine.amount), 0), fn.COUNT(BankLine.id))
        .where(
            (BankLine.account == acct.id)
            & (BankLine.booking_date >= start)
            & (BankLine.booking_date < end)
        )
        .tuples()
        .get()  # type: ignore[misc]
    )
    return statement_gap.gap(name, opening, base, int(total), int(count), cur), base
