"""Payment reminders: who gets which level for which invoices (issue 13). Pure.

Levels 1 (friendly), 2 (firm) and 3 (final) start at a number of days
overdue (the book's `dunning_days`, e.g. 14,30,60). An invoice's level on
a date is the highest whose days it has reached, but a run raises it at
most one level above the one last sent for it, so the customer hears the
friendly word before the final one and each run escalates, once at least
`dunning_interval` days (default 10) have passed since the invoice's last
reminder, so a run repeated the same week raises nothing. The customer's
unapplied credit (payments and credit notes not yet set against an
invoice) is taken off the overdue invoices first, oldest due first, as a
settlement would take it: an invoice it covers is not reminded, one it
covers in part is reminded for the rest. A customer gets a letter when at
least one invoice reaches a new level; the letter lists every overdue
invoice still owed and takes the highest level among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import _

LEVELS = 3
DEFAULT_INTERVAL = 10
ZERO = Decimal(0)


def parse_days(text: str) -> tuple[int, int, int]:
    """ "14,30,60": the days overdue at which levels 1, 2 and 3 start."""
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    try:
        days = tuple(int(p) for p in parts)
    except ValueError:
        days = ()
    if len(days) != LEVELS or days[0] < 1 or list(days) != sorted(set(days)):
        raise UserError(
            _(
                'The reminder days "{text}" must be three increasing numbers of days overdue, '
                "like 14,30,60."
            ).format(text=text)
        )
    return days[0], days[1], days[2]


@dataclass(frozen=True)
class OverdueInvoice:
    number: str
    due_date: date
    open: Decimal  # the balance as of the run's date
    last_level: int  # the level last sent for it, 0 if none
    last_sent: date | None = None  # when it was last reminded


@dataclass(frozen=True)
class Reminded:
    number: str
    due_date: date
    days_overdue: int
    open: Decimal
    credit_taken: Decimal  # of the customer's credit, set against this invoice
    level: int  # the level this letter gives it
    last_level: int
    new: bool  # the level is new for this invoice

    @property
    def owed(self) -> Decimal:
        return self.open - self.credit_taken


@dataclass(frozen=True)
class CustomerReminder:
    level: int
    invoices: tuple[Reminded, ...]  # those still owed after the credit
    credit: Decimal  # the customer's unapplied credit taken into account
    covered: tuple[str, ...]  # overdue invoices the credit covers: not reminded

    @property
    def owed(self) -> Decimal:
        return sum((r.owed for r in self.invoices), ZERO)


def level_for(days_overdue: int, days: Sequence[int]) -> int:
    return sum(1 for d in days if days_overdue >= d)


def parse_interval(text: str) -> int:
    """ "10": the days a reminder waits before the next level."""
    try:
        days = int(str(text).strip())
    except ValueError:
        days = -1
    if not 0 <= days <= 365:
        raise UserError(
            _('The reminder interval "{text}" must be a number of days from 0 to 365.').format(
                text=text
            )
        )
    return days


def plan_reminder(
    invoices: Sequence[OverdueInvoice],
    credit: Decimal,
    as_of: date,
    days: Sequence[int],
    interval: int = DEFAULT_INTERVAL,
) -> CustomerReminder | None:
    """The reminder one customer gets on `as_of`, or None."""
    overdue = sorted(
        (i for i in invoices if i.open > 0 and (as_of - i.due_date).days >= days[0]),
        key=lambda i: (i.due_date, i.number),
    )
    left = max(credit, ZERO)
    listed: list[Reminded] = []
    covered: list[str] = []
    for inv in overdue:
        taken = min(left, inv.open)
        left -= taken
        if taken == inv.open:
            covered.append(inv.number)
            continue
        late = (as_of - inv.due_date).days
        reached = level_for(late, days)
        waited = inv.last_sent is None or (as_of - inv.last_sent).days >= interval
        step = 1 if waited else 0
        level = max(min(reached, inv.last_level + step), inv.last_level)
        new = level > inv.last_level
        listed.append(
            Reminded(inv.number, inv.due_date, late, inv.open, taken, level, inv.last_level, new)
        )
    if not any(r.new for r in listed):
        return None
    used = max(credit, ZERO) - left
    return CustomerReminder(max(r.level for r in listed), tuple(listed), used, tuple(covered))
