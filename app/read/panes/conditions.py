"""A pane's filter as SQL conditions, shared by its pages, its count and its
status-bar totals (pages.py, totals.py).

The customer, the dates, the text box (app/read/panes/text.py), the kind and
the status (open, overdue or one status) become the WHERE of the pane's
query. How they are written depends on the query: a page sorted by date, a
page whose sort's own index drives, or a count or total; the choice of plan
is app/read/panes/plan.py's and pages.py's, the conditions are written here.
"""

from __future__ import annotations

from typing import Any

from peewee import SQL, NodeList, PostgresqlDatabase, fn

from app.read.panes import plan
from app.read.panes import text as text_search
from app.read.panes.rows import OPEN, OVERDUE, Filters, Kind
from models.db import database
from models.tables import Customer, Invoice, Order, Payment


def _model(kind: Kind) -> Any:
    return {"orders": Order, "invoices": Invoice, "payments": Payment}[kind]


def _invoice_open(by_date: bool = False, walk: bool = False) -> Any:
    """Open: not a draft, a balance left. `by_date`: written as the partial index of
    open invoices by date has it, so a page sorted by date may walk that index; any
    other query keeps off it; `walk`: off the balance index too (app/read/panes/plan.py)."""
    status = Invoice.status if by_date or not plan.sqlite() else plan.unindexed(Invoice.status)
    balance = Invoice.total - Invoice.settled
    return (status != "draft") & ((plan.unindexed(balance) if walk else balance) > 0)


def unapplied_expr() -> Any:
    return Payment.amount - Payment.applied - Payment.refunded


def _where(
    kind: Kind,
    f: Filters,
    drive: bool = True,
    counting: bool = False,
    by_date: bool = False,
    walk: bool = False,
    aggregate: bool = False,
) -> list[Any]:
    """The filter's conditions (none: every row). No placeholder condition on
    the id: `id > 0` made SQLite walk the rows by id and sort them all, where the
    sort's own index gives the first page at once (issue 12). `drive`: the text
    box's matches may be where the query starts (app/read/panes/text.py);
    `counting`: the conditions of a count; `by_date`: a page sorted by date;
    `walk`: the status and kind kept off their indexes (app/read/panes/plan.py);
    `aggregate`: a count or total (PostgreSQL looks a short text up in its grams'
    indexes; a page tests it on each row it walks unless it starts from the matches)."""
    m = _model(kind)
    cond: list[Any] = []
    if f.customer:
        cid = Customer.select(Customer.id).where(Customer.code == f.customer).scalar()
        cond.append(m.customer == (cid if cid is not None else -1))
    day = plan.unindexed(m.date) if walk else m.date
    if f.date_from is not None:
        cond.append(day >= f.date_from)
    if f.date_to is not None:
        cond.append(day <= f.date_to)
    text = f.text.strip()
    # PostgreSQL starts from the matches when an index can find them; a short text
    # of one customer's documents is tested on each of them (a few thousand at
    # most, by the customer index: 4 ms, where its matches first took 15)
    one_customer = bool(f.customer) and len(text) < text_search.TRIGRAM
    pg_drive = bool(text) and drive and not one_customer and text_search.served(m, text)
    if text:
        short = text_search.COUNT if aggregate and not one_customer else text_search.WALK
        short = text_search.MATCHES if pg_drive else short
        cond.append(text_search.condition(m, text, drive and not pg_drive, short))
    if kind == "invoices":
        inv_kind, status = Invoice.kind, Invoice.status
        if walk:
            inv_kind, status = plan.unindexed(inv_kind), plan.unindexed(status)
        if f.kind:
            cond.append(inv_kind == f.kind)
        if f.status == OPEN:
            cond.append(_invoice_open(by_date, walk))
        elif f.status == OVERDUE:
            cond.append(
                _invoice_open(by_date, walk)
                & (_overdue_due(counting or walk) < Invoice.due_date.db_value(f.today))
            )
        elif f.status:
            cond.append(status == f.status)
    elif kind == "orders":
        if f.status == OPEN:
            cond.append(Order.status.in_(("open", "partially_invoiced")))
        elif f.status and f.status != OVERDUE:
            cond.append(Order.status == f.status)
    else:
        if f.status == OPEN:
            cond.append(unapplied_expr() > 0)
    return [_matches_first(m, cond)] if pg_drive else cond


def _matches_first(m: Any, cond: list[Any]) -> Any:
    """PostgreSQL, a filter with a text and few rows (the page's caller counted
    them): its rows' ids as an array computed once, every condition in it, then
    each row read by its id. The planner cannot tell how few rows ILIKE keeps, and
    given the sort it walks the sort's index testing each row (4 s for 10 rows of a
    million; 2.6-3.5 s for the 7 open invoices numbered 'INV-01234'); the text's
    matches alone may be most rows ('INV' of one customer: 1.9 s). An array, not
    IN (SELECT ... OFFSET 0), which was hash-joined to a scan of every row (290 ms
    for the 3,700 numbers holding '000'; 30 ms so). A text of one or two
    characters starts there too when the grams' indexes find it (`text.served`)."""
    return m.id == fn.ANY(fn.ARRAY(m.select(m.id).where(*cond)))


def _overdue_due(counting: bool) -> Any:
    """The due date as the overdue filter compares it. For a count on SQLite, a
    unary + keeps the planner off the due-date index: it then reads the balance
    index alone (open = balance > 0, status and due date ride in it), 1.9 s ->
    0.18 s at a million invoices, where the due-date range made it look up every
    row due before today. Not for the totals, which read the rows' amounts
    anyway (through the balance index, every open row: slower than by due date)."""
    if counting and not isinstance(database.obj, PostgresqlDatabase):
        return NodeList((SQL("+"), Invoice.due_date), glue="")
    return Invoice.due_date


def _filtered(
    q: Any, kind: Kind, f: Filters, drive: bool = True, counting: bool = False, **how: bool
) -> Any:
    cond = _where(kind, f, drive, counting, **how)
    return q.where(*cond) if cond else q


def _query(
    kind: Kind, f: Filters, *columns: Any, counting: bool = False, most: int | None = None
) -> Any:
    """An aggregate over the filter, never joined to the customers (the text box
    finds them in their own table): a count of a million invoices is a scan of
    one index, not a join. `most`: only so many rows are wanted (a capped count
    scans for them unless the text index has as few candidates)."""
    m = _model(kind)
    text = f.text.strip()
    limit = text_search.COUNT_MAX if most is None else most
    drive = bool(text) and text_search.indexed(m, text, limit)
    return _filtered(m.select(*columns), kind, f, drive, counting, aggregate=True)
