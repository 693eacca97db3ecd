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

from app.errors import Cancelled, UserError
from app.i18n import N_, _
from app.read.aging_queries import (
    credit_note_rows,
    credit_totals,
    invoice_rows,
    payment_rows,
    raw_rows,
    room_to_sort,
    with_customer,
)
from app.rules.money import ZERO, Currency
from app.services import book
from models.tables import Customer, Invoice, Payment

BASES = ("due", "invoice")
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
        room_to_sort()
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
    for cid, _number, _kind, on, due, _total, open_ in raw_rows(invoice_rows(as_of)):
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
    for cid, credit, items in credit_totals(as_of):
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
    q = with_customer(invoice_rows(report.as_of)).order_by(
        Customer.code, Invoice.due_date, Invoice.date, Invoice.number
    )
    last, sums, count = None, [0] * len(report.buckets), 0  # the tally of the customer's run
    for _cid, number, kind, on, due, total, open_, code, name in raw_rows(q):
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
    notes = with_customer(credit_note_rows(report.as_of)[0]).order_by(
        Customer.code, Invoice.date, Invoice.number
    )
    pays = with_customer(payment_rows(report.as_of)[0]).order_by(
        Customer.code, Payment.date, Payment.number
    )

    def from_notes() -> Iterator[DetailRow]:
        for _cid, number, kind, on, total, credit, code, name in raw_rows(notes):
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
        for _cid, number, on, amount, credit, code, name in raw_rows(pays):
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
