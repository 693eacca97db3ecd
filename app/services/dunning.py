"""Payment reminders (dunning): plan a run, record the levels sent (issue 13).

`plan_run(as_of)` reads the book: every customer not excluded, their
overdue invoices with the balance as of the date and the level last sent
for each, and their unapplied credit as of the date; `app/rules/dunning.py`
decides. `record_run(as_of)` plans again inside one transaction and writes
one `DunningNotice` per invoice a letter lists, so the next run escalates.
`set_dunning(code, on)` excludes a customer or takes them back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import JOIN, fn

from app.errors import UserError
from app.i18n import _, said_day
from app.rules.dunning import (
    CustomerReminder,
    OverdueInvoice,
    parse_days,
    parse_interval,
    plan_reminder,
)
from app.rules.money import Currency
from app.services import book
from app.services.documents import get_customer
from models.db import database
from models.tables import (
    Customer,
    DunningExclusion,
    DunningNotice,
    Invoice,
    Payment,
    Refund,
    Settlement,
)

RECEIVABLE_KINDS = ("invoice", "standalone", "corrective")


@dataclass(frozen=True)
class CustomerRun:
    code: str
    name: str
    reminder: CustomerReminder


@dataclass(frozen=True)
class DunningRun:
    as_of: date
    days: tuple[int, int, int]
    currency: Currency
    customers: tuple[CustomerRun, ...]
    excluded: tuple[str, ...]  # customers with overdue invoices who get no reminders


def set_dunning(code: str, on: bool) -> None:
    """Take customer `code` out of the reminder runs (on=False) or back in."""
    with database.atomic():
        c = get_customer(code)
        if on:
            DunningExclusion.delete().where(DunningExclusion.customer == c.id).execute()
        else:
            DunningExclusion.insert(customer=c.id).on_conflict_ignore().execute()


def plan_run(as_of: date) -> DunningRun:
    """Who gets which level on `as_of`, and why; nothing is written."""
    days = parse_days(book.setting("dunning_days"))
    interval = parse_interval(book.setting("dunning_interval"))
    cur = book.currency()
    excluded_ids = {int(e.customer_id) for e in DunningExclusion.select()}
    by_customer = _overdue(as_of, days[0], cur)
    credit = _credit(as_of, set(by_customer))
    names = {c.id: c for c in Customer.select().where(Customer.id.in_(list(by_customer) or [0]))}
    runs: list[CustomerRun] = []
    excluded: list[str] = []
    for cid in sorted(by_customer, key=lambda i: names[i].code):
        c = names[cid]
        if cid in excluded_ids:
            excluded.append(c.code)
            continue
        credit_of = cur.from_minor(credit.get(cid, 0))
        reminder = plan_reminder(by_customer[cid], credit_of, as_of, days, interval)
        if reminder is not None:
            runs.append(CustomerRun(c.code, c.name, reminder))
    return DunningRun(as_of, days, cur, tuple(runs), tuple(excluded))


def record_run(as_of: date, planned: DunningRun | None = None) -> DunningRun:
    """Plan the run and record the level each listed invoice was sent (one transaction).

    `planned` is the run whose letters were written: when the book changed since,
    so that the run is no longer the same, nothing is recorded."""
    with database.atomic():
        run = plan_run(as_of)
        if planned is not None and planned.customers != run.customers:
            raise UserError(
                _(
                    "The book changed while the reminders were written; nothing was recorded. "
                    "Run the reminders again."
                )
            )
        ids = _invoice_ids([r.number for c in run.customers for r in c.reminder.invoices])
        customers = {
            c.code: c.id
            for c in Customer.select(Customer.id, Customer.code).where(
                Customer.code.in_([r.code for r in run.customers] or [""])
            )
        }
        rows = [
            {
                "customer": customers[c.code],
                "invoice": ids[r.number],
                "level": r.level,
                "sent_on": as_of,
            }
            for c in run.customers
            for r in c.reminder.invoices
        ]
        if rows:
            DunningNotice.insert_many(rows).execute()
        return run


def _invoice_ids(numbers: list[str]) -> dict[str, int]:
    q: Any = Invoice.select(Invoice.number, Invoice.id).where(Invoice.number.in_(numbers or [""]))
    return dict(q.tuples())


def _overdue(as_of: date, first_days: int, cur: Currency) -> dict[int, list[OverdueInvoice]]:
    """Per customer: receivables due at least `first_days` before `as_of`, open on it."""
    parts = (
        Settlement.amount + Settlement.discount + Settlement.writeoff + Settlement.full_settlement
    )
    st = (
        Settlement.select(Settlement.invoice.alias("inv_id"), fn.SUM(parts).alias("settled"))
        .where(Settlement.date <= as_of)
        .group_by(Settlement.invoice)
        .alias("st")
    )
    last = (
        DunningNotice.select(
            DunningNotice.invoice.alias("inv_id"),
            fn.MAX(DunningNotice.level).alias("level"),
            fn.MAX(DunningNotice.sent_on).alias("sent_on"),
        )
        .where(DunningNotice.sent_on <= as_of)
        .group_by(DunningNotice.invoice)
        .alias("dn")
    )
    open_ = Invoice.total - fn.COALESCE(st.c.settled, 0)
    cutoff = date.fromordinal(as_of.toordinal() - first_days)
    q: Any = (
        Invoice.select(
            Invoice.customer,
            Invoice.number,
            Invoice.due_date,
            open_.alias("open"),
            fn.COALESCE(last.c.level, 0).alias("level"),
            last.c.sent_on,
        )
        .join(st, JOIN.LEFT_OUTER, on=(st.c.inv_id == Invoice.id))
        .join(last, JOIN.LEFT_OUTER, on=(last.c.inv_id == Invoice.id))
        .where(
            (Invoice.status != "draft")
            & Invoice.kind.in_(RECEIVABLE_KINDS)
            & (Invoice.total > 0)
            & (Invoice.date <= as_of)
            & (Invoice.due_date <= cutoff)
            & (open_ > 0)
        )
        .tuples()
    )
    out: dict[int, list[OverdueInvoice]] = defaultdict(list)
    for cid, number, due, open_minor, level, sent in q:
        out[int(cid)].append(
            OverdueInvoice(
                number,
                _day(due),
                cur.from_minor(int(open_minor)),
                int(level),
                _day(sent) if sent else None,
            )
        )
    return out


def _day(value: Any) -> date:
    """A date as the driver returns it (ISO text on SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _credit(as_of: date, customer_ids: set[int]) -> dict[int, int]:
    """Unapplied credit (payments and credit notes, less applications and refunds) as of
    `as_of`, in minor units, per customer."""
    ids = list(customer_ids) or [0]
    out: dict[int, int] = defaultdict(int)

    def add(q: Any, sign: int) -> None:
        for cid, total in q.tuples():
            out[int(cid)] += sign * int(total or 0)

    notes = (
        Invoice.select(Invoice.customer, fn.SUM(0 - Invoice.total))
        .where(
            Invoice.customer.in_(ids)
            & (Invoice.status != "draft")
            & (Invoice.total < 0)
            & (Invoice.date <= as_of)
        )
        .group_by(Invoice.customer)
    )
    add(notes, 1)
    payments = (
        Payment.select(Payment.customer, fn.SUM(Payment.amount))
        .where(Payment.customer.in_(ids) & (Payment.date <= as_of))
        .group_by(Payment.customer)
    )
    add(payments, 1)
    applied = (
        Settlement.select(Customer.id, fn.SUM(Settlement.amount))
        .join(Invoice, on=(Settlement.invoice == Invoice.id))
        .join(Customer, on=(Invoice.customer == Customer.id))
        .where(Customer.id.in_(ids) & (Settlement.date <= as_of))
        .group_by(Customer.id)
    )
    add(applied, -1)
    refunds = (
        Refund.select(Refund.customer, fn.SUM(Refund.amount))
        .where(Refund.customer.in_(ids) & (Refund.date <= as_of))
        .group_by(Refund.customer)
    )
    add(refunds, -1)
    return {cid: max(v, 0) for cid, v in out.items()}


def describe(run: DunningRun) -> list[str]:
    """One line per customer and invoice: who gets which level and why."""
    f = run.currency.fmt
    lines: list[str] = []
    for c in run.customers:
        r = c.reminder
        lines.append(
            _("{code} {name}: level {level}, {owed} owed").format(
                code=c.code, name=c.name, level=r.level, owed=f(r.owed)
            )
            + (_(" after credit {credit}").format(credit=f(r.credit)) if r.credit else "")
        )
        for i in r.invoices:
            why = _("  {number} due {due}, {days} days overdue, {owed} owed: level {level}").format(
                number=i.number, due=said_day(i.due_date), days=i.days_overdue,
                owed=f(i.owed), level=i.level,
            )  # fmt: skip
            if not i.new:
                why += _(" (sent before)")
            lines.append(why)
        if r.covered:
            lines.append(
                _("  covered by credit, not reminded: {numbers}").format(
                    numbers=", ".join(r.covered)
                )
            )
    for code in run.excluded:
        lines.append(_("{code}: excluded from reminders").format(code=code))
    return lines


def check_no_future(as_of: date, today: date) -> None:
    if as_of > today:
        raise UserError(
            _("Reminders cannot be recorded for {date}, a date after today.").format(
                date=said_day(as_of)
            )
        )
