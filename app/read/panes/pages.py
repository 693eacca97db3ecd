"""The three panes (orders, invoices, payments), page by page.

A pane never loads a whole table: `page()` returns one sorted, filtered
slice as plain dataclasses, `count()` (and totals.py's `totals()`) answer
the status bar with one aggregate query each. Sorting and filtering happen
in SQL, on indexed columns where the schema has them (the filter's
conditions: conditions.py). `today` always comes from the caller
(overdue = open balance > 0 and due date before today), never from the
clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from peewee import JOIN, SQL, fn

from app.read.panes import plan
from app.read.panes import text as text_search
from app.read.panes.conditions import _filtered, _model, _query, unapplied_expr
from app.read.panes.rows import (
    KINDS,
    OPEN,
    OVERDUE,
    PAGE_SIZE,
    Filters,
    InvoiceRow,
    Kind,
    OrderRow,
    PaymentRow,
    Row,
)
from app.rules.money import Currency
from app.services import book
from models.tables import Customer, Invoice, Order, Payment

# A pane first counts its rows no further than this (more: "more than COUNT_CAP"),
# and the window counts them all on a thread (ui/models/exact_count.py).
COUNT_CAP = text_search.DRIVE_MAX

# ---------------------------------------------------------------- SQL pieces


def _balance() -> Any:
    return Invoice.total - Invoice.settled


def _sort_keys(kind: Kind) -> dict[str, Any]:
    if kind == "invoices":
        return {
            "number": Invoice.number,
            # Ties by date, as the (kind, date) and (status, date) indexes order them.
            "kind": (Invoice.kind, Invoice.date),
            "status": (Invoice.status, Invoice.date),
            "customer": Customer.code,
            "customer_name": _by_name(),
            "date": Invoice.date,
            "due_date": Invoice.due_date,
            "total": Invoice.total,
            "settled": Invoice.settled,
            # Ties broken as the balance index orders them (migration 9).
            "balance": (_balance(), Invoice.status, Invoice.due_date),
        }
    if kind == "orders":
        return {
            "number": Order.number,
            "status": Order.status,
            "customer": Customer.code,
            "customer_name": _by_name(),
            "date": Order.date,
            "total": Order.total,
            "invoiced": Order.invoiced,
            "paid": Order.paid,
            "left_to_invoice": Order.total - Order.invoiced,
        }
    return {
        "number": Payment.number,
        "customer": Customer.code,
        "customer_name": _by_name(),
        "date": Payment.date,
        "amount": Payment.amount,
        "applied": Payment.applied,
        "unapplied": unapplied_expr(),
        "method": Payment.method,
        "reference": Payment.reference,
    }


def _by_name() -> tuple[Any, Any]:
    """Customers' names are not unique: the customer's id breaks the tie, so the
    order (name, customer, document) is the name index's own and the first page
    comes from walking it, not from sorting every document (issue 12)."""
    return (Customer.name, Customer.id)


def sort_columns(kind: Kind) -> tuple[str, ...]:
    return tuple(_sort_keys(kind))


def page(
    kind: Kind,
    filters: Filters,
    sort_column: str = "date",
    sort_order: Literal["asc", "desc"] = "desc",
    offset: int = 0,
    limit: int = PAGE_SIZE,
    total: int | None = None,
    more: bool = False,
) -> list[Row]:
    """One page of a pane, sorted and filtered in SQL.

    `total`: the filter's row count when the caller knows it. A page in the
    second half is then read from the other end (the reverse order from its
    end, turned round), so the last rows cost what the first do, not an
    OFFSET walk over every row before them. `more`: `total` is a capped count
    (there are at least that many rows): it still chooses the plan."""
    if kind not in KINDS:
        raise ValueError(f"unknown pane {kind!r}")
    keys = _sort_keys(kind)
    if sort_column not in keys:
        raise ValueError(f"pane {kind} cannot sort by {sort_column!r}")
    if total == 0 and not more:
        return []  # counted none: a text no row holds would be tested on every row
    m = _model(kind)
    key = keys[sort_column]
    desc = sort_order == "desc"
    turned = total is not None and not more and offset > total // 2
    if turned:
        assert total is not None
        limit = max(min(limit, total - offset), 0)
        offset, desc = max(total - offset - limit, 0), not desc
    keys_of = list(key) if isinstance(key, tuple) else [key]
    if _sorted_from_matches(filters, sort_column, total, more):
        keys_of = [plan.text_off_index(k) if _is_text_key(k) else k for k in keys_of]
    order_by = [k.desc() if desc else k.asc() for k in [*keys_of, m.id]]
    cur = book.currency()
    drive = _drive(m, filters, total)
    how = _invoice_plan(filters, sort_column, total, more) if kind == "invoices" else {}

    def read(drive: bool, how: dict[str, bool]) -> list[Row]:
        if kind == "invoices":
            return list(_invoice_page(filters, order_by, offset, limit, cur, drive, how))
        if kind == "orders":
            return list(_order_page(filters, order_by, offset, limit, cur, drive))
        return list(_payment_page(filters, order_by, offset, limit, cur, drive))

    if drive and not how.get("walk"):
        rows = read(drive, how)
    else:  # the sort's index drives: bounded, else the filter's rows are sorted
        sort = {**how, "walk": False}
        walk, otherwise = (lambda: read(drive, how)), (lambda: read(True, sort))
        rows = plan.bounded_walk(offset + limit, total, walk, otherwise)
    return rows[::-1] if turned else rows


# PostgreSQL: a text keeping at most this many rows, sorted by the customer, sorts
# them (the text's indexes find them) instead of walking the customers in order:
# about 2 us a row at a million invoices (55,500 rows 58 ms, 88,600 rows 195 ms
# under load), where a walk passing the customers that hold none of them took 0.59 s.
SORT_MATCHES_MAX = 100_000


def _sorted_from_matches(f: Filters, sort_column: str, total: int | None, more: bool) -> bool:
    """PostgreSQL, a page of a text's rows (at most SORT_MATCHES_MAX) sorted by the
    customer's code or name: the sort's keys are kept off their indexes, so the
    planner finds the rows through the text's indexes and sorts them. Walking the
    customers in order tested the text on every document of each customer passed
    ('C12' by code descending: 1,668 customers, 830,000 tests, 0.59 s for a page at a
    million invoices; 20 ms so)."""
    return (
        not plan.sqlite()
        and bool(f.text.strip())
        and sort_column in ("customer", "customer_name")
        and total is not None
        and not more
        and total <= SORT_MATCHES_MAX
    )


def _is_text_key(key: Any) -> bool:
    return key is Customer.code or key is Customer.name


def _drive(m: Any, f: Filters, total: int | None) -> bool:
    """Whether a page of the text box's matches starts from them (few: read and
    sort them) or walks the sort's index testing each row (many: a page fills
    quickly). `total`, the filter's count, decides when the caller knows it."""
    text = f.text.strip()
    if not text:
        return True
    if total is not None:
        return total <= text_search.DRIVE_MAX
    return text_search.indexed(m, text, text_search.DRIVE_MAX, with_customers=True)


def _invoice_plan(
    f: Filters, sort_column: str, total: int | None, more: bool = False
) -> dict[str, bool]:
    """How an invoice page's filter is written (app/read/panes/plan.py): sorted by
    date, the filters' own indexes serve it ((status, date), (kind, date), the open
    invoices' partial index, the date range); sorted by balance, the balance index
    serves the open filters. Sorted by any other column, a dense filter (status,
    kind, open, overdue, dates) leaves the sort's index to drive; so does one counted
    only up to the cap (`more`: its density unknown, the walk is bounded)."""
    by_date = sort_column == "date"
    served = (
        by_date
        or (sort_column == "status" and bool(f.status))
        or (sort_column == "kind" and bool(f.kind))
        or (sort_column == "balance" and f.status in (OPEN, OVERDUE))
        # the fully settled come first one way round: walking the settled index
        # would pass every one of them before the first open invoice
        or (sort_column == "settled" and f.status in (OPEN, OVERDUE))
        or (sort_column == "due_date" and f.status == OVERDUE)
        # the date and the due date move together: walking the due dates for a
        # range of dates would pass every row due before it
        or (sort_column == "due_date" and (f.date_from is not None or f.date_to is not None))
    )
    # PostgreSQL's planner has its statistics: the unary + is SQLite's alone.
    walk = not served and plan.sqlite() and (more or plan.dense(Invoice, total))
    # The open invoices sorted by settled or by status: the balance index holds both
    # sorts' keys (models/schema.py), so the page's ids are sorted from it alone
    # and only they are read (`ids_first`). Walking the settled or status index
    # would pass every settled invoice first (0.4 s at a million invoices); sorting
    # the open rows read whole, with their customers, costs more still.
    ids_first = plan.sqlite() and sort_column in SORTED_IN_BALANCE and f.status in (OPEN, OVERDUE)
    return {"by_date": by_date, "walk": walk, "ids_first": ids_first}


SORTED_IN_BALANCE = ("settled", "status")  # sort keys the balance index holds


def _invoice_page(
    filters: Filters,
    order_by: list[Any],
    offset: int,
    limit: int,
    cur: Currency,
    drive: bool,
    how: dict[str, bool],
) -> list[InvoiceRow]:
    money = cur.from_minor
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
        .order_by(*order_by)
        .offset(offset)
        .limit(limit)
        .tuples()
    )
    where = {k: v for k, v in how.items() if k != "ids_first"}
    if how.get("ids_first"):
        q = q.where(Invoice.id.in_(_page_ids(filters, order_by, offset, limit, drive, where)))
        q = q.offset(None).limit(None)
    else:
        q = _filtered(q, "invoices", filters, drive, **where)
    out: list[InvoiceRow] = []
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
                as_date(d),
                as_date(due),
                money(total),
                money(settled if kind_ not in ("credit_note",) else -settled),
                money(bal),
                is_open,
                is_open and as_date(due) < filters.today,
            )
        )
    return out


def _page_ids(
    filters: Filters,
    order_by: list[Any],
    offset: int,
    limit: int,
    drive: bool,
    how: dict[str, bool],
) -> Any:
    """The ids of an invoice page, sorted by the page's keys written so that no index
    gives their order (a unary +): SQLite then reads the filter's rows from the index
    that answers the filter and holds the keys (`ids_first`), sorts them, and keeps
    the page's."""
    terms = [
        (plan.unindexed(t.node).desc() if t.direction == "DESC" else plan.unindexed(t.node).asc())
        for t in order_by
    ]
    q = Invoice.select(Invoice.id).order_by(*terms).offset(offset).limit(limit)
    # As a count reads them (`counting`): the overdue filter's due date off its own
    # index, which would look up every row due before today (0.28 s against 0.08).
    return _filtered(q, "invoices", filters, drive, True, **how)


def _order_page(
    filters: Filters, order_by: list[Any], offset: int, limit: int, cur: Currency, drive: bool
) -> list[OrderRow]:
    money = cur.from_minor
    q = (
        Order.select(
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
        .join(Customer, on=(Order.customer == Customer.id))
        .order_by(*order_by)
        .offset(offset)
        .limit(limit)
        .tuples()
    )
    q = _filtered(q, "orders", filters, drive)
    return [
        OrderRow(
            id_,
            number,
            status,
            code,
            name,
            as_date(d),
            money(total),
            money(invoiced),
            money(paid),
            money(refunded),
            money(max(total - invoiced, 0)),
            status in ("open", "partially_invoiced"),
        )
        for (id_, number, status, code, name, d, total, invoiced, paid, refunded) in q
    ]


def _payment_page(
    filters: Filters, order_by: list[Any], offset: int, limit: int, cur: Currency, drive: bool
) -> list[PaymentRow]:
    money = cur.from_minor
    q: Any = (
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
        .order_by(*order_by)
        .offset(offset)
        .limit(limit)
        .tuples()
    )
    q = _filtered(q, "payments", filters, drive)
    out: list[PaymentRow] = []
    for id_, number, code, name, order_no, d, amount, applied, refunded, method, ref in q:
        left = amount - applied - refunded
        out.append(
            PaymentRow(
                id_,
                number,
                code,
                name,
                order_no,
                as_date(d),
                money(amount),
                money(applied),
                money(refunded),
                money(left),
                method,
                ref,
                left > 0,
            )
        )
    return out


def as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def count(kind: Kind, filters: Filters, cap: int | None = None) -> int:
    """The filter's rows; with `cap`, counted no further than cap + 1 (more than
    `cap` rows: cap + 1), which stops as soon as that many are found."""
    # COUNT(*), not COUNT(id): without a filter SQLite answers it from the b-tree's
    # count (0.3 ms at a million invoices against 150 ms for counting the ids)
    if cap is None:
        return int(_query(kind, filters, fn.COUNT(SQL("*")), counting=True).scalar() or 0)
    found = _query(kind, filters, SQL("1"), counting=True, most=cap).limit(cap + 1)
    return int(_model(kind).select(fn.COUNT(SQL("*"))).from_(found.alias("c")).scalar() or 0)
