"""What the window's panes and dialogs read from the book, page by page.

The three panes (orders, invoices, payments) never load a whole table:
`page()` returns one sorted, filtered slice as plain dataclasses, `count()`
and `totals()` answer the status bar with one aggregate query each. Sorting
and filtering happen in SQL, on indexed columns where the schema has them.
`today` always comes from the caller (overdue = open balance > 0 and due
date before today), never from the clock.

A few small look-ups the dialogs need (a customer's open invoices and
credits, open orders, line previews, dry runs) live here too, so the window
never runs a query itself. Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar

from peewee import JOIN, Case, fn

from app.errors import UserError
from app.rules.money import ZERO, Currency
from app.rules.terms import parse_terms
from app.services import book
from app.services.documents import RECEIVABLE_KINDS
from app.services.invoices import LineInput
from models.db import database
from models.tables import Customer, Invoice, Order, Payment, PaymentTerms

Kind = Literal["orders", "invoices", "payments"]
KINDS: tuple[Kind, ...] = ("orders", "invoices", "payments")
PAGE_SIZE = 200

# Pseudo statuses a pane can filter on besides the stored ones.
OPEN = "open_items"
OVERDUE = "overdue"

INVOICE_STATUSES = ("draft", "posted", "partially_settled", "settled", "corrected")
INVOICE_KINDS = ("invoice", "standalone", "credit_note", "corrective")
ORDER_STATUSES = ("draft", "open", "partially_invoiced", "invoiced", "cancelled")


@dataclass(frozen=True)
class Filters:
    """What a pane shows. Empty fields do not filter."""

    today: dt.date
    customer: str | None = None  # customer code
    status: str | None = None  # a stored status, OPEN or OVERDUE
    kind: str | None = None  # invoices only
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: str
    status: str
    customer: str
    customer_name: str
    date: dt.date
    total: Decimal
    invoiced: Decimal
    paid: Decimal
    refunded: Decimal
    left_to_invoice: Decimal
    open: bool
    overdue: bool = False


@dataclass(frozen=True)
class InvoiceRow:
    id: int
    number: str
    kind: str
    status: str
    customer: str
    customer_name: str
    order: str | None
    date: dt.date
    due_date: dt.date
    total: Decimal
    settled: Decimal
    balance: Decimal
    open: bool
    overdue: bool


@dataclass(frozen=True)
class PaymentRow:
    id: int
    number: str
    customer: str
    customer_name: str
    order: str | None
    date: dt.date
    amount: Decimal
    applied: Decimal
    refunded: Decimal
    unapplied: Decimal
    method: str
    reference: str
    open: bool
    overdue: bool = False


Row = OrderRow | InvoiceRow | PaymentRow


@dataclass(frozen=True)
class Totals:
    """The status bar figures of the current filter."""

    count: int
    amount: Decimal  # order / invoice totals, payment amounts
    open: Decimal  # left to invoice, open balance, unapplied credit
    overdue: Decimal = ZERO  # invoices only
    overdue_count: int = 0


# ---------------------------------------------------------------- SQL pieces


def _model(kind: Kind) -> Any:
    return {"orders": Order, "invoices": Invoice, "payments": Payment}[kind]


def _balance() -> Any:
    return Invoice.total - Invoice.settled


def _invoice_open() -> Any:
    return (Invoice.status != "draft") & (Invoice.total - Invoice.settled > 0)


def _unapplied() -> Any:
    return Payment.amount - Payment.applied - Payment.refunded


def _sort_keys(kind: Kind) -> dict[str, Any]:
    if kind == "invoices":
        return {
            "number": Invoice.number,
            "kind": Invoice.kind,
            "status": Invoice.status,
            "customer": Customer.code,
            "customer_name": Customer.name,
            "date": Invoice.date,
            "due_date": Invoice.due_date,
            "total": Invoice.total,
            "settled": Invoice.settled,
            "balance": _balance(),
        }
    if kind == "orders":
        return {
            "number": Order.number,
            "status": Order.status,
            "customer": Customer.code,
            "customer_name": Customer.name,
            "date": Order.date,
            "total": Order.total,
            "invoiced": Order.invoiced,
            "paid": Order.paid,
            "left_to_invoice": Order.total - Order.invoiced,
        }
    return {
        "number": Payment.number,
        "customer": Customer.code,
        "customer_name": Customer.name,
        "date": Payment.date,
        "amount": Payment.amount,
        "applied": Payment.applied,
        "unapplied": _unapplied(),
        "method": Payment.method,
        "reference": Payment.reference,
    }


def sort_columns(kind: Kind) -> tuple[str, ...]:
    return tuple(_sort_keys(kind))


def _where(kind: Kind, f: Filters) -> Any:
    m = _model(kind)
    cond: Any = m.id > 0
    if f.customer:
        cid = Customer.select(Customer.id).where(Customer.code == f.customer).scalar()
        cond &= m.customer == (cid if cid is not None else -1)
    if f.date_from is not None:
        cond &= m.date >= f.date_from
    if f.date_to is not None:
        cond &= m.date <= f.date_to
    text = f.text.strip()
    if text:
        like = f"%{text}%"
        match = (m.number**like) | (Customer.name**like) | (Customer.code**like)
        if kind == "payments":
            match |= Payment.reference**like
        cond &= match
    if kind == "invoices":
        if f.kind:
            cond &= Invoice.kind == f.kind
        if f.status == OPEN:
            cond &= _invoice_open()
        elif f.status == OVERDUE:
            cond &= _invoice_open() & (Invoice.due_date < f.today)
        elif f.status:
            cond &= Invoice.status == f.status
    elif kind == "orders":
        if f.status == OPEN:
            cond &= Order.status.in_(("open", "partially_invoiced"))
        elif f.status and f.status != OVERDUE:
            cond &= Order.status == f.status
    else:
        if f.status == OPEN:
            cond &= _unapplied() > 0
    return cond


def _query(kind: Kind, f: Filters, *columns: Any) -> Any:
    m = _model(kind)
    q = m.select(*columns).join(Customer, on=(m.customer == Customer.id))
    return q.where(_where(kind, f))


def page(
    kind: Kind,
    filters: Filters,
    sort_column: str = "date",
    sort_order: Literal["asc", "desc"] = "desc",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> list[Row]:
    """One page of a pane, sorted and filtered in SQL."""
    if kind not in KINDS:
        raise ValueError(f"unknown pane {kind!r}")
    keys = _sort_keys(kind)
    if sort_column not in keys:
        raise ValueError(f"pane {kind} cannot sort by {sort_column!r}")
    m = _model(kind)
    key = keys[sort_column]
    desc = sort_order == "desc"
    order_by = [key.desc() if desc else key.asc(), m.id.desc() if desc else m.id.asc()]
    cur = book.currency()
    money = cur.from_minor
    if kind == "invoices":
        OrderAlias = Order.alias()
        q: Any = (
            Invoice.select(
                Invoice.id,
                Invoice.number,
                Invoice.kind,
                Invoice.status,
                Invoice.date,
                Invoice.due_date,
                Invoice.total,
                Invoice.settled,
                Customer.code,
                Customer.name,
                OrderAlias.number.alias("order_number"),
            )
            .join(Customer, on=(Invoice.customer == Customer.id))
            .switch(Invoice)
            .join(OrderAlias, JOIN.LEFT_OUTER, on=(Invoice.order == OrderAlias.id))
            .where(_where(kind, filters))
            .order_by(*order_by)
            .offset(offset)
            .limit(limit)
            .tuples()
        )
        out: list[Row] = []
        for id_, number, kind_, status, d, due, total, settled, code, name, order_no in q:
            bal = total - settled
            is_open = status != "draft" and bal > 0
            out.append(
                InvoiceRow(
                    id_,
                    number,
                    kind_,
                    status,
                    code,
                    name,
                    order_no,
                    _date(d),
                    _date(due),
                    money(total),
                    money(settled if kind_ not in ("credit_note",) else -settled),
                    money(bal),
                    is_open,
                    is_open and _date(due) < filters.today,
                )
            )
        return out
    if kind == "orders":
        q = (
            _query(
                kind,
                filters,
                Order.id,
                Order.number,
                Order.status,
                Customer.code,
                Customer.name,
                Order.date,
                Order.total,
                Order.invoiced,
                Order.paid,
                Order.refunded,
            )
            .order_by(*order_by)
            .offset(offset)
            .limit(limit)
            .tuples()
        )
        return [
            OrderRow(
                id_,
                number,
                status,
                code,
                name,
                _date(d),
                money(total),
                money(invoiced),
                money(paid),
                money(refunded),
                money(max(total - invoiced, 0)),
                status in ("open", "partially_invoiced"),
            )
            for (id_, number, status, code, name, d, total, invoiced, paid, refunded) in q
        ]
    pq: Any = (
        Payment.select(
            Payment.id,
            Payment.number,
            Customer.code,
            Customer.name,
            Order.number,
            Payment.date,
            Payment.amount,
            Payment.applied,
            Payment.refunded,
            Payment.method,
            Payment.reference,
        )
        .join(Customer, on=(Payment.customer == Customer.id))
        .switch(Payment)
        .join(Order, JOIN.LEFT_OUTER, on=(Payment.order == Order.id))
        .where(_where(kind, filters))
        .order_by(*order_by)
        .offset(offset)
        .limit(limit)
        .tuples()
    )
    return [
        PaymentRow(
            id_,
            number,
            code,
            name,
            order_no,
            _date(d),
            money(amount),
            money(applied),
            money(refunded),
            money(amount - applied - refunded),
            method,
            reference,
            amount - applied - refunded > 0,
        )
        for (
            id_,
            number,
            code,
            name,
            order_no,
            d,
            amount,
            applied,
            refunded,
            method,
            reference,
        ) in pq
    ]


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def count(kind: Kind, filters: Filters) -> int:
    m = _model(kind)
    return int(_query(kind, filters, fn.COUNT(m.id)).scalar() or 0)


def totals(kind: Kind, filters: Filters) -> Totals:
    """Sums of the current filter in one aggregate query."""
    cur = book.currency()
    if kind == "invoices":
        bal = Invoice.total - Invoice.settled
        is_open = _invoice_open()
        overdue = is_open & (Invoice.due_date < filters.today)
        n, amount, open_, od_n, od = (
            _query(
                kind,
                filters,
                fn.COUNT(Invoice.id),
                fn.COALESCE(fn.SUM(Invoice.total), 0),
                fn.COALESCE(fn.SUM(Case(None, [(is_open, bal)], 0)), 0),
                fn.COALESCE(fn.SUM(Case(None, [(overdue, 1)], 0)), 0),
                fn.COALESCE(fn.SUM(Case(None, [(overdue, bal)], 0)), 0),
            )
            .tuples()
            .get()
        )
        return Totals(
            int(n),
            cur.from_minor(int(amount)),
            cur.from_minor(int(open_)),
            cur.from_minor(int(od)),
            int(od_n),
        )
    if kind == "orders":
        left = Order.total - Order.invoiced
        live = Order.status.in_(("open", "partially_invoiced"))
        n, amount, open_ = (
            _query(
                kind,
                filters,
                fn.COUNT(Order.id),
                fn.COALESCE(fn.SUM(Order.total), 0),
                fn.COALESCE(fn.SUM(Case(None, [(live & (left > 0), left)], 0)), 0),
            )
            .tuples()
            .get()
        )
        return Totals(int(n), cur.from_minor(int(amount)), cur.from_minor(int(open_)))
    n, amount, unapplied = (
        _query(
            kind,
            filters,
            fn.COUNT(Payment.id),
            fn.COALESCE(fn.SUM(Payment.amount), 0),
            fn.COALESCE(fn.SUM(_unapplied()), 0),
        )
        .tuples()
        .get()
    )
    return Totals(int(n), cur.from_minor(int(amount)), cur.from_minor(int(unapplied)))


# ---------------------------------------------------------------- dialog look-ups


@dataclass(frozen=True)
class CustomerItem:
    code: str
    name: str
    terms: str


@dataclass(frozen=True)
class OpenItem:
    """An open invoice or a credit source, as the settle dialog lists it."""

    number: str
    kind: str  # invoice kinds, or "payment"
    date: dt.date
    due_date: dt.date
    total: Decimal
    balance: Decimal  # open balance; for a credit source, what is left to apply


@dataclass(frozen=True)
class OrderItem:
    number: str
    customer: str
    status: str
    total: Decimal
    invoiced: Decimal


def customers(text: str = "", limit: int = 200) -> list[CustomerItem]:
    """At most `limit` customers whose code or name contains `text` (any case).

    The pickers search as the user types, so a book with any number of
    customers reads only one short page; codes that start with the text
    come first, then the rest by code.
    """
    text = text.strip()
    q: Any = Customer.select(Customer.code, Customer.name, PaymentTerms.text).join(
        PaymentTerms, JOIN.LEFT_OUTER, on=(Customer.terms == PaymentTerms.id)
    )
    if text:
        q = q.where(Customer.code.contains(text) | Customer.name.contains(text)).order_by(
            Case(None, [(Customer.code.startswith(text), 0)], 1), Customer.code
        )
    else:
        q = q.order_by(Customer.code)
    default = book.setting("default_terms")
    return [
        CustomerItem(code, name, terms or default)
        for code, name, terms in q.limit(max(int(limit), 1)).tuples()
    ]


def customer(code: str) -> CustomerItem | None:
    """The customer with exactly this code (any case), or None."""
    code = code.strip()
    if not code:
        return None
    row = (
        Customer.select(Customer.code, Customer.name, PaymentTerms.text)
        .join(PaymentTerms, JOIN.LEFT_OUTER, on=(Customer.terms == PaymentTerms.id))
        .where(fn.LOWER(Customer.code) == code.lower())
        .order_by(Case(None, [(Customer.code == code, 0)], 1), Customer.code)
        .tuples()
        .first()
    )
    if row is None:
        return None
    found, name, terms = row
    return CustomerItem(found, name, terms or book.setting("default_terms"))


def open_invoices(customer: str) -> list[OpenItem]:
    """A customer's open receivable invoices, oldest due first."""
    cur = book.currency()
    q = (
        Invoice.select()
        .join(Customer, on=(Invoice.customer == Customer.id))
        .where(
            (Customer.code == customer)
            & (Invoice.kind.in_(RECEIVABLE_KINDS))
            & (Invoice.total > 0)
            & (Invoice.status != "draft")
            & (Invoice.settled < Invoice.total)
        )
        .order_by(Invoice.due_date, Invoice.date, Invoice.id)
    )
    return [
        OpenItem(
            i.number,
            i.kind,
            _date(i.date),
            _date(i.due_date),
            cur.from_minor(i.total),
            cur.from_minor(i.total - i.settled),
        )
        for i in q
    ]


def credit_sources(customer: str | None = None) -> list[OpenItem]:
    """Payments and credit notes with credit left to apply, oldest first."""
    cur = book.currency()
    out: list[OpenItem] = []
    pq = (
        Payment.select(Payment, Customer)
        .join(Customer, on=(Payment.customer == Customer.id))
        .where(_unapplied() > 0)
        .order_by(Payment.date, Payment.id)
    )
    cq = (
        Invoice.select(Invoice, Customer)
        .join(Customer, on=(Invoice.customer == Customer.id))
        .where(
            (Invoice.status != "draft") & (Invoice.total < 0) & (Invoice.settled > Invoice.total)
        )
        .order_by(Invoice.date, Invoice.id)
    )
    if customer:
        pq = pq.where(Customer.code == customer)
        cq = cq.where(Customer.code == customer)
    for p in pq.limit(500):
        left = cur.from_minor(p.amount - p.applied - p.refunded)
        out.append(
            OpenItem(
                p.number, "payment", _date(p.date), _date(p.date), cur.from_minor(p.amount), left
            )
        )
    for c in cq.limit(500):
        left = cur.from_minor(c.settled - c.total)
        out.append(
            OpenItem(c.number, c.kind, _date(c.date), _date(c.date), cur.from_minor(-c.total), left)
        )
    return out


def source_customer(number: str) -> str | None:
    """The customer code of a payment or an invoice number."""
    p = Payment.select(Customer.code).join(Customer).where(Payment.number == number).scalar()
    if p:
        return str(p)
    i = Invoice.select(Customer.code).join(Customer).where(Invoice.number == number).scalar()
    return str(i) if i else None


def open_orders(customer: str) -> list[OrderItem]:
    cur = book.currency()
    q = (
        Order.select(Order, Customer)
        .join(Customer, on=(Order.customer == Customer.id))
        .where(
            (Customer.code == customer)
            & Order.status.in_(("open", "partially_invoiced", "invoiced"))
        )
        .order_by(Order.date.desc(), Order.id.desc())
        .limit(200)
    )
    return [
        OrderItem(
            o.number, o.customer.code, o.status, cur.from_minor(o.total), cur.from_minor(o.invoiced)
        )
        for o in q
    ]


def is_empty() -> bool:
    """True when the book holds no documents at all."""
    return not (Invoice.select().exists() or Payment.select().exists() or Order.select().exists())


# ---------------------------------------------------------------- previews of new documents


@dataclass(frozen=True)
class LinesPreview:
    """What a set of typed lines would come to (a new order or invoice)."""

    amounts: tuple[Decimal, ...]
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    terms: str = ""
    due_date: dt.date | None = None
    discount_until: dt.date | None = None
    discount_percent: Decimal | None = None
    notes: tuple[str, ...] = field(default=())


def parse_lines(
    rows: Sequence[tuple[str, str, str]], cur: Currency | None = None
) -> list[LineInput]:
    """Lines typed in a dialog as (description, quantity, unit price) text.

    Blank rows are skipped; a bad cell is a `UserError` naming its row.
    """
    from app.rules.money import parse_quantity

    cur = cur or book.currency()
    out = []
    for n, (desc, qty, price) in enumerate(rows, start=1):
        if not (desc.strip() or qty.strip() or price.strip()):
            continue
        if not desc.strip():
            raise UserError(f"Line {n} has no description.")
        q = parse_quantity(qty, f"quantity of line {n}")
        p = cur.parse(price, f"unit price of line {n}")
        out.append(LineInput(desc.strip(), q, p))
    return out


def preview_lines(
    lines: Sequence[LineInput],
    discount: Decimal = ZERO,
    customer: str | None = None,
    on: date | None = None,
) -> LinesPreview:
    """Line amounts and total (rounded once each), and for an invoice its terms and dates."""
    cur = book.currency()
    amounts = tuple(cur.round(line.quantity * line.unit_price) for line in lines)
    subtotal = sum(amounts, ZERO)
    total = subtotal - discount
    terms_text = ""
    due = until = None
    pct = None
    if customer and on is not None:
        c = Customer.get_or_none(Customer.code == customer)
        if c is not None:
            terms = book.customer_terms(c)
            terms_text = terms.text
            due = terms.due_date(on)
            if terms.tiers:
                until = terms.discount_until(terms.tiers[0], on)
                pct = terms.tiers[0].percent
    return LinesPreview(amounts, subtotal, discount, total, terms_text, due, until, pct)


def check_terms(text: str) -> str:
    """The normal form of payment terms text, or a `UserError`."""
    return parse_terms(text).text


# ---------------------------------------------------------------- dry runs

T = TypeVar("T")


class _Rollback(Exception):
    pass


def dry_run(action: Callable[[], T]) -> T:
    """Run a posting service and roll it back: a preview of what it would do.

    Used where the engine has no preview of its own (cancelling an order):
    the service's own checks run, so a refusal carries its real reason.
    """
    result: list[T] = []
    try:
        with database.atomic():
            result.append(action())
            raise _Rollback
    except _Rollback:
        pass
    return result[0]


@dataclass(frozen=True)
class CancelPreview:
    order: str
    total: Decimal
    received: Decimal
    refund: Decimal


def preview_cancel_order(number: str, on: date) -> CancelPreview:
    from app.services.orders import cancel_order

    cur = book.currency()

    def run() -> CancelPreview:
        before = Order.get(Order.number == number)
        received = before.paid - before.refunded
        after = cancel_order(number, on)
        return CancelPreview(
            after.number,
            cur.from_minor(before.total),
            cur.from_minor(received),
            cur.from_minor(after.refunded - before.refunded),
        )

    return dry_run(run)


def backup(dest: str) -> str:
    """Copy the open book (SQLite) to `dest` with the online backup API."""
    from pathlib import Path

    from peewee import SqliteDatabase

    from models.db import backup_sqlite

    db = database.obj
    if not isinstance(db, SqliteDatabase):
        raise UserError("Back up a PostgreSQL book with pg_dump; this copies SQLite books only.")
    return str(backup_sqlite(db, Path(dest)))


@dataclass(frozen=True)
class OrderLineItem:
    seq: int
    description: str
    quantity: Decimal
    invoiced: Decimal
    left: Decimal  # quantity still to invoice
    unit_price: Decimal
    amount: Decimal
    removed: bool


def order_lines(number: str) -> list[OrderLineItem]:
    """An order's lines with what is left to invoice on each."""
    from app.rules.money import qty_from_milli
    from app.services.documents import get_order
    from models.tables import OrderLine

    cur = book.currency()
    order = get_order(number)
    return [
        OrderLineItem(
            ln.seq,
            ln.description,
            qty_from_milli(ln.quantity),
            qty_from_milli(ln.invoiced_quantity),
            qty_from_milli(max(ln.quantity - ln.invoiced_quantity, 0)),
            cur.from_minor(ln.unit_price),
            cur.from_minor(ln.amount),
            bool(ln.removed),
        )
        for ln in OrderLine.select().where(OrderLine.order == order.id).order_by(OrderLine.seq)
    ]


@dataclass(frozen=True)
class UnsettlePreview:
    settlement: int
    source: str
    invoice: str
    amount: Decimal
    discount: Decimal
    writeoff: Decimal
    full_settlement: Decimal
    explanation: str
    journal: tuple[Any, ...]  # app.settlement.JournalLine


def preview_unsettle(settlement_id: int, on: date | None = None) -> UnsettlePreview:
    """What undoing a settlement would post (a dry run of `settlements.unsettle`)."""
    from app.rules.settlement import JournalLine as Line
    from app.services.journal import reverse_lines
    from app.services.settlements import unsettle
    from models.tables import JournalEntry

    cur = book.currency()

    def run() -> UnsettlePreview:
        rev = unsettle(settlement_id, on)
        entry = JournalEntry.get_or_none(JournalEntry.settlement == settlement_id)
        journal = tuple(reverse_lines(entry, cur)) if entry is not None else ()
        src: Any = rev.payment if rev.payment_id else rev.credit_note
        source = str(src.number)
        return UnsettlePreview(
            settlement_id,
            source,
            rev.invoice.number,
            cur.from_minor(rev.amount),
            cur.from_minor(rev.discount),
            cur.from_minor(rev.writeoff),
            cur.from_minor(rev.full_settlement),
            rev.explanation,
            tuple(Line(x.account, x.debit, x.credit) for x in journal),
        )

    return dry_run(run)
