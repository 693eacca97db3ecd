"""Aging of receivables as of a date (SPEC §6).

Historical: only invoices, credit notes, payments, settlements and refunds
dated up to the as-of date count, so an aging as of last month does not
see this month's payments. A handful of aggregate queries does the work
(no query per invoice); the open items are streamed from a cursor, so
100,000 of them never sit in memory at once.

Basis "due": days overdue = as-of − due date; buckets Current (not yet
due), 1–30, 31–60, … and "over N". Basis "invoice": age = as-of − invoice
date; buckets 0–30, 31–60, … and "over N". Unapplied credit (payments and
credit notes not yet applied or refunded) is shown per customer, never
bucketed.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import JOIN, PostgresqlDatabase, fn

from app.errors import Cancelled, UserError
from app.i18n import N_, _
from app.rules.money import ZERO, Currency
from app.services import book
from models.db import database
from models.tables import Customer, Invoice, Payment, Refund, Settlement

BASES = ("due", "invoice")
RECEIVABLE_KINDS = ("invoice", "standalone", "corrective")
CREDIT = -1  # bucket index of an unapplied credit item
CHECK_EVERY = 4096  # rows between two looks at `cancelled()` / calls of `progress`
KIND_WORDS = {
    "invoice": N_("Invoice"),
    "standalone": N_("Standalone invoice"),
    "corrective": N_("Corrective invoice"),
    "credit_note": N_("Credit note"),
    "payment": N_("Payment"),
}


@dataclass(frozen=True)
class Bucket:
    label: str
    low: int | None  # days, inclusive; None = no lower bound
    high: int | None  # days, inclusive; None = no upper bound


def make_buckets(limits: Sequence[int], basis: str) -> tuple[Bucket, ...]:
    """Buckets from limits such as (30, 60, 90, 120)."""
    if basis not in BASES:
        raise UserError(
            _('The aging basis is "due" or "invoice", not "{basis}".').format(basis=basis)
        )
    if not limits or any(d <= 0 for d in limits) or list(limits) != sorted(set(limits)):
        raise UserError(_("Aging buckets must be increasing positive days like 30,60,90,120."))
    out: list[Bucket] = []
    if basis == "due":
        out.append(Bucket(_("Current"), None, 0))
        low = 1
    else:
        low = 0
    for high in limits:
        out.append(Bucket(f"{low}–{high}", low, high))
        low = high + 1
    out.append(Bucket(_("over {days}").format(days=limits[-1]), limits[-1] + 1, None))
    return tuple(out)


def bucket_of(days: int, limits: Sequence[int], basis: str) -> int:
    """Index into `make_buckets(limits, basis)` for an item `days` old/overdue."""
    if basis == "due":
        return 0 if days <= 0 else 1 + bisect.bisect_left(limits, days)
    return bisect.bisect_left(limits, max(days, 0))


@dataclass(frozen=True)
class AgingItem:
    """One open item: an invoice with a balance, or unapplied credit."""

    customer_code: str
    customer_name: str
    document: str
    kind: str  # invoice/standalone/corrective/credit_note/payment
    date: dt.date
    due_date: dt.date | None
    days: int | None  # overdue (basis due, never below 0) or old (basis invoice)
    amount: Decimal  # the document's amount, credits negative
    open: Decimal  # open balance as of the date, credits negative
    bucket: int  # index into the report's buckets, CREDIT for credit

    @property
    def kind_word(self) -> str:
        return _(KIND_WORDS[self.kind]) if self.kind in KIND_WORDS else self.kind


#: An open item as a tuple in `AgingItem`'s field order.
DetailRow = tuple[str, str, str, str, date, "date | None", "int | None", Decimal, Decimal, int]


@dataclass
class CustomerAging:
    code: str
    name: str
    buckets: list[Decimal]
    credit: Decimal = ZERO  # unapplied credit owed to the customer (positive)

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, ZERO)

    @property
    def net(self) -> Decimal:
        return self.total - self.credit

    def percents(self) -> list[Decimal | None]:
        """Each bucket's share of the customer's total, as a fraction (0.25 = 25 %)."""
        total = self.total
        if total <= 0:
            return [None] * len(self.buckets)
        return [(b / total).quantize(Decimal("0.0001")) for b in self.buckets]


@dataclass
class Aging:
    """The aging of one book as of one date."""

    as_of: date
    basis: str
    limits: tuple[int, ...]
    buckets: tuple[Bucket, ...]
    currency: Currency
    customers: list[CustomerAging] = field(default_factory=list)
    item_count: int = 0  # open items (rows of the detail), as counted by compute_aging
    #: Made by `plan_aging`: `customers` and `item_count` are filled by the
    #: first full pass of `rows()`, from the same rows (one query per kind).
    pending: bool = False

    @property
    def bucket_totals(self) -> list[Decimal]:
        return [sum((c.buckets[i] for c in self.customers), ZERO) for i in range(len(self.buckets))]

    @property
    def total(self) -> Decimal:
        return sum((c.total for c in self.customers), ZERO)

    @property
    def credit(self) -> Decimal:
        return sum((c.credit for c in self.customers), ZERO)

    def items(self) -> Iterator[AgingItem]:
        """Open items ordered by customer code, invoices (oldest due first) then credit."""
        return (AgingItem(*row) for row in self.rows())

    def rows(self) -> Iterator[DetailRow]:
        """`items()` as plain tuples in AgingItem's field order, for writers of many rows."""
        tally = _Tally(self) if self.pending else None
        _room_to_sort()
        rows = _by_code(_invoice_items(self, tally), _credit_items(self, tally))
        return rows if tally is None else tally.then_finish(rows)


def plan_aging(as_of: date, basis: str | None = None, limits: Sequence[int] | None = None) -> Aging:
    """The aging as of `as_of` for a writer of its detail: no item is read yet.

    `rows()` then reads each kind of open item once (invoices, credit notes,
    payments) and, when it has gone through them all, fills the per-customer
    totals and `item_count` from those same rows (what `compute_aging`
    gives, without reading every item twice)."""
    basis = basis or book.setting("aging_basis")
    limits = tuple(limits) if limits else book.aging_buckets(book.setting("aging_buckets"))
    buckets = make_buckets(limits, basis)
    return Aging(as_of, basis, tuple(limits), buckets, book.currency(), pending=True)


def compute_aging(
    as_of: date,
    basis: str | None = None,
    limits: Sequence[int] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Aging:
    """Aging as of `as_of`; basis and buckets default to the book's settings.

    Cancellable: `cancelled()` is asked every few thousand invoices and, when
    it answers True, `Cancelled` is raised (nothing is written by an aging).
    """
    basis = basis or book.setting("aging_basis")
    limits = tuple(limits) if limits else book.aging_buckets(book.setting("aging_buckets"))
    buckets = make_buckets(limits, basis)
    cur = book.currency()
    report = Aging(as_of, basis, tuple(limits), buckets, cur)
    by_id: dict[int, CustomerAging] = {}
    names = {
        c.id: (c.code, c.name) for c in Customer.select(Customer.id, Customer.code, Customer.name)
    }
    zero = cur.from_minor(0)
    # Open balances are summed per customer and bucket in minor units, then
    # turned into Decimals once.
    minor: dict[int, list[int]] = {}
    days_of = _Days()
    n = len(buckets)
    count = 0
    by_due = basis == "due"
    for cid, _number, _kind, on, due, _total, open_ in _raw(_invoice_rows(as_of)):
        count += 1
        if not count % CHECK_EVERY and cancelled is not None and cancelled():
            raise Cancelled(_("The aging report was cancelled."))
        days = (as_of - days_of[due if by_due else on]).days
        sums = minor.get(cid)
        if sums is None:
            sums = minor[cid] = [0] * n
        sums[bucket_of(days, limits, basis)] += open_
    for cid, sums in minor.items():
        code, name = names[cid]
        by_id[cid] = CustomerAging(code, name, [cur.from_minor(m) for m in sums])
    for cid, credit, items in _credit_totals(as_of):
        count += items
        if credit:
            c = by_id.get(cid)
            if c is None:
                code, name = names[cid]
                c = by_id[cid] = CustomerAging(code, name, [zero] * n)
            c.credit += cur.from_minor(credit)
    report.customers = sorted(by_id.values(), key=lambda c: c.code)
    report.item_count = count
    return report


# ---------------------------------------------------------------- queries


def _sum(amounts: Any) -> Any:
    """SUM of minor units as a 64-bit integer (PostgreSQL's SUM of a bigint is a
    numeric: the open items' filter over a million invoices ran in numeric
    arithmetic, 0.99 s -> 0.83 s, issue 12)."""
    return fn.SUM(amounts).cast("BIGINT")


def _settled_after(as_of: date) -> Any:
    """Each invoice's settlements dated after `as_of`, summed (the invoices' own
    `settled` figure holds them all)."""
    parts = (
        Settlement.amount + Settlement.discount + Settlement.writeoff + Settlement.full_settlement
    )
    return (
        Settlement.select(Settlement.invoice.alias("inv_id"), _sum(parts).alias("later"))
        .where(Settlement.date > as_of)
        .group_by(Settlement.invoice)
        .alias("lt")
    )


def _invoice_rows(as_of: date) -> Any:
    """The receivable invoices open as of `as_of`: what is open now (`total -
    settled`, the figure the services keep and `acerto check` proves) plus what
    was settled after the date. So the aging reads the settlements of the days
    after its date, not every settlement the book ever had (issue 12: 900,000
    of them aggregated for 100,000 open items at a million invoices)."""
    lt = _settled_after(as_of)
    open_ = Invoice.total - Invoice.settled + fn.COALESCE(lt.c.later, 0)
    cols = [
        Invoice.customer,
        Invoice.number,
        Invoice.kind,
        Invoice.date,
        Invoice.due_date,
        Invoice.total,
        open_.alias("open"),
    ]
    q = Invoice.select(*cols).join(lt, JOIN.LEFT_OUTER, on=(lt.c.inv_id == Invoice.id))
    q = q.where(
        (Invoice.status != "draft")
        & (Invoice.kind.in_(RECEIVABLE_KINDS))
        & (Invoice.total > 0)
        & (Invoice.date <= as_of)
        & (open_ != 0)
    )
    later = Settlement.select(Settlement.invoice).where(
        (Settlement.date > as_of) & Settlement.invoice.is_null(False)
    )
    return _through_balances(q, Invoice.total - Invoice.settled, Invoice.id, later)


def _credit_note_rows(as_of: date) -> tuple[Any, Any]:
    applied = (
        Settlement.select(
            Settlement.credit_note.alias("cn_id"), _sum(Settlement.amount).alias("amt")
        )
        .where((Settlement.date <= as_of) & Settlement.credit_note.is_null(False))
        .group_by(Settlement.credit_note)
        .alias("ap")
    )
    refunded = (
        Refund.select(Refund.credit_note.alias("cn_id"), _sum(Refund.amount).alias("amt"))
        .where((Refund.date <= as_of) & Refund.credit_note.is_null(False))
        .group_by(Refund.credit_note)
        .alias("rf")
    )
    credit = (0 - Invoice.total) - fn.COALESCE(applied.c.amt, 0) - fn.COALESCE(refunded.c.amt, 0)
    q = (
        Invoice.select(
            Invoice.customer,
            Invoice.number,
            Invoice.kind,
            Invoice.date,
            Invoice.total,
            credit.alias("credit"),
        )
        .join(applied, JOIN.LEFT_OUTER, on=(applied.c.cn_id == Invoice.id))
        .join(refunded, JOIN.LEFT_OUTER, on=(refunded.c.cn_id == Invoice.id))
        .where(
            (Invoice.status != "draft")
            & (Invoice.total < 0)
            & (Invoice.date <= as_of)
            & (credit != 0)
        )
    )
    return q, credit


def _payment_rows(as_of: date) -> tuple[Any, Any]:
    """Payments with credit unapplied as of `as_of`: unapplied now (`amount -
    applied - refunded`, kept by the services) plus what was applied or
    refunded after the date (as `_invoice_rows`)."""
    applied = (
        Settlement.select(Settlement.payment.alias("pay_id"), _sum(Settlement.amount).alias("amt"))
        .where((Settlement.date > as_of) & Settlement.payment.is_null(False))
        .group_by(Settlement.payment)
        .alias("ap")
    )
    refunded = (
        Refund.select(Refund.payment.alias("pay_id"), _sum(Refund.amount).alias("amt"))
        .where((Refund.date > as_of) & Refund.payment.is_null(False))
        .group_by(Refund.payment)
        .alias("rf")
    )
    credit = (
        Payment.amount
        - Payment.applied
        - Payment.refunded
        + fn.COALESCE(applied.c.amt, 0)
        + fn.COALESCE(refunded.c.amt, 0)
    )
    q = (
        Payment.select(
            Payment.customer, Payment.number, Payment.date, Payment.amount, credit.alias("credit")
        )
        .join(applied, JOIN.LEFT_OUTER, on=(applied.c.pay_id == Payment.id))
        .join(refunded, JOIN.LEFT_OUTER, on=(refunded.c.pay_id == Payment.id))
        .where((Payment.date <= as_of) & (credit != 0))
    )
    later = [
        m.select(m.payment).where((m.date > as_of) & m.payment.is_null(False))
        for m in (Settlement, Refund)
    ]
    q = _through_balances(
        q, Payment.amount - Payment.applied - Payment.refunded, Payment.id, *later
    )
    return q, credit


def _through_balances(q: Any, balance: Any, key: Any, *later: Any) -> Any:
    """On PostgreSQL, `q` also asks what every row open as of the date is: open
    now (`balance` not 0) or in one of `later` (settled or refunded after the
    date). Same rows, found through the balance indexes and the ids instead of a
    scan of every invoice and payment (payments at 1M: 0.46 s -> 0.10 s, issue
    12). `= ANY(ARRAY(...))`: an IN inside an OR filters a full scan."""
    if not isinstance(database.obj, PostgresqlDatabase):
        return q
    touched = (balance > 0) | (balance < 0)
    for ids in later:
        touched |= key == fn.ANY(fn.ARRAY(ids))
    return q.where(touched)


def _credit_totals(as_of: date) -> Iterator[tuple[int, int, int]]:
    """(customer id, unapplied credit in minor units, items holding it) per customer."""
    for (q, credit), model in (
        (_credit_note_rows(as_of), Invoice),
        (_payment_rows(as_of), Payment),
    ):
        agg = q.select(model.customer, fn.SUM(credit), fn.COUNT(model.id)).group_by(model.customer)
        for cid, total, items in agg.tuples():
            yield int(cid), int(total or 0), int(items)


def _room_to_sort() -> None:
    """PostgreSQL sorts the open items by customer code for the Detail: at its
    default work_mem (4 MB) 100,000 of them spilled to disk (0.6-1.5 s). This
    transaction (`book.reading()`) only gets 64 MB, enough for some 500,000 rows
    sorted in memory; a larger sort still spills, as it should.

    No JIT: expecting 800,000 open items where 100,000 come (1M invoices), the
    planner compiled both big queries, 0.20 s and 0.25 s of 1.0 s and 0.7 s."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase) and db.in_transaction():
        db.execute_sql("SET LOCAL work_mem = '64MB'")
        db.execute_sql("SET LOCAL jit = off")


def _with_customer(q: Any) -> Any:
    return (
        q.switch(q.model)
        .join(Customer, on=(q.model.customer == Customer.id))
        .select_extend(Customer.code, Customer.name)
    )


def _raw(q: Any) -> Iterator[tuple[Any, ...]]:
    """A query's rows straight from the DB-API cursor: no model or field conversion.

    Dates arrive as ISO text on SQLite and as dates on PostgreSQL; `_Days`
    reads both.
    """
    cursor = database.execute(q)
    try:
        while True:
            batch = cursor.fetchmany(2000)
            if not batch:
                return
            yield from batch
    finally:
        cursor.close()


class _Days(dict[Any, date]):
    """Raw date values → dates, each distinct value parsed once."""

    def __missing__(self, key: Any) -> date:
        if isinstance(key, date):
            day = key.date() if isinstance(key, dt.datetime) else key
        else:
            day = date.fromisoformat(str(key)[:10])
        self[key] = day
        return day


class _Ages(dict[Any, tuple[int, int]]):
    """Raw dates of the aging's basis → (days shown, bucket), each worked out once."""

    def __init__(self, report: Aging) -> None:
        super().__init__()
        self.report, self.days_of = report, _Days()

    def __missing__(self, key: Any) -> tuple[int, int]:
        as_of, limits, basis = self.report.as_of, self.report.limits, self.report.basis
        days = (as_of - self.days_of[key]).days
        shown = (days if days > 0 else 0) if basis == "due" else days
        self[key] = age = (shown, bucket_of(days, limits, basis))
        return age


class _Tally:
    """Per-customer totals of a pending aging, summed in minor units while its rows pass."""

    def __init__(self, report: Aging) -> None:
        self.report = report
        self.n = len(report.buckets)
        self.open: dict[str, tuple[str, list[int]]] = {}
        self.notes: dict[str, tuple[str, list[int]]] = {}
        self.payments: dict[str, tuple[str, list[int]]] = {}
        self.count = 0

    @staticmethod
    def sums(into: dict[str, tuple[str, list[int]]], code: str, name: str, n: int) -> list[int]:
        """The customer's `n` sums in `into` (minor units), made at its first item."""
        got = into.get(code)
        if got is None:
            got = into[code] = (name, [0] * n)
        return got[1]

    def then_finish(self, rows: Iterator[DetailRow]) -> Iterator[DetailRow]:
        yield from rows
        self.finish()

    def finish(self) -> None:
        """Fill the report as `compute_aging` does: invoices' buckets, then credit per kind."""
        report, cur = self.report, self.report.currency
        by_code = {
            code: CustomerAging(code, name, [cur.from_minor(m) for m in sums])
            for code, (name, sums) in self.open.items()
        }
        for kind in (self.notes, self.payments):
            for code, (name, (credit,)) in kind.items():
                if credit:
                    c = by_code.get(code)
                    if c is None:
                        c = by_code[code] = CustomerAging(code, name, [cur.from_minor(0)] * self.n)
                    c.credit += cur.from_minor(credit)
        report.customers = sorted(by_code.values(), key=lambda c: c.code)
        report.item_count = self.count
        report.pending = False


def _invoice_items(report: Aging, tally: _Tally | None = None) -> Iterator[DetailRow]:
    scale = -report.currency.places
    by_due = report.basis == "due"
    ages = _Ages(report)
    days_of = _Days()
    q = _with_customer(_invoice_rows(report.as_of)).order_by(
        Customer.code, Invoice.due_date, Invoice.date, Invoice.number
    )
    last, sums, count = None, [0] * len(report.buckets), 0  # the tally of the customer's run
    for _cid, number, kind, on, due, total, open_, code, name in _raw(q):
        days, bucket = ages[due if by_due else on]
        if tally is not None:
            if code != last:
                last, sums = code, tally.sums(tally.open, code, name, tally.n)
            sums[bucket] += open_
            count += 1
        yield (
            code,
            name,
            number,
            kind,
            days_of[on],
            days_of[due],
            days,
            Decimal(total).scaleb(scale),
            Decimal(open_).scaleb(scale),
            bucket,
        )
    if tally is not None:
        tally.count += count


def _credit_items(report: Aging, tally: _Tally | None = None) -> Iterator[DetailRow]:
    scale = -report.currency.places
    days_of = _Days()
    notes = _with_customer(_credit_note_rows(report.as_of)[0]).order_by(
        Customer.code, Invoice.date, Invoice.number
    )
    pays = _with_customer(_payment_rows(report.as_of)[0]).order_by(
        Customer.code, Payment.date, Payment.number
    )

    def from_notes() -> Iterator[DetailRow]:
        for _cid, number, kind, on, total, credit, code, name in _raw(notes):
            if tally is not None:
                tally.count += 1
                tally.sums(tally.notes, code, name, 1)[0] += credit
            yield (
                code,
                name,
                number,
                "credit_note" if kind == "credit_note" else kind,
                days_of[on],
                None,
                None,
                Decimal(total).scaleb(scale),
                -Decimal(credit).scaleb(scale),
                CREDIT,
            )

    def from_payments() -> Iterator[DetailRow]:
        for _cid, number, on, amount, credit, code, name in _raw(pays):
            if tally is not None:
                tally.count += 1
                tally.sums(tally.payments, code, name, 1)[0] += credit
            yield (
                code,
                name,
                number,
                "payment",
                days_of[on],
                None,
                None,
                -Decimal(amount).scaleb(scale),
                -Decimal(credit).scaleb(scale),
                CREDIT,
            )

    return _by_code(from_notes(), from_payments())


def _by_code(first: Iterator[DetailRow], then: Iterator[DetailRow]) -> Iterator[DetailRow]:
    """Two streams of rows sorted by customer code as one, a code's rows of `first`
    before those of `then`: `heapq.merge(first, then, key=itemgetter(0))`, without
    its cost a row when `then` is the short one (credit beside 100,000 invoices)."""
    ahead = next(then, None)
    for row in first:
        while ahead is not None and ahead[0] < row[0]:
            yield ahead
            ahead = next(then, None)
        yield row
    if ahead is not None:
        yield ahead
        yield from then
