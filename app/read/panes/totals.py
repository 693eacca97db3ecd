"""The status bar's totals of a pane's filter: sums in one aggregate query.

Read on a worker thread (ui/status_totals.py); the filter's conditions are
the pages' own (app/read/panes/conditions.py), never joined to the customers.
"""

from __future__ import annotations

from peewee import Case, fn

from app.read.panes.conditions import _invoice_open, _query, unapplied_expr
from app.read.panes.rows import Filters, Kind, Totals
from app.services import book
from models.tables import Invoice, Order, Payment


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
            fn.COALESCE(fn.SUM(unapplied_expr()), 0),
        )
        .tuples()
        .get()
    )
    return Totals(int(n), cur.from_minor(int(amount)), cur.from_minor(int(unapplied)))
