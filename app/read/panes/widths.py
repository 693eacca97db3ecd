"""What a pane's columns must make room for, asked of the book without reading its rows.

The window sizes its amount columns for the largest amount the book holds:
one aggregate query per pane (the largest absolute value of the amounts that
bound the pane's money columns), never a scan into Python.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from peewee import Select, fn

from app.read.panes.rows import Kind
from app.services import book
from models.db import database
from models.tables import Invoice, Order, Payment


def _bounding(kind: Kind) -> list[Any]:
    """The stored amounts every money column of the pane stays within (in absolute value)."""
    if kind == "invoices":
        return [Invoice.total, Invoice.settled]
    if kind == "orders":
        return [Order.total, Order.invoiced, Order.paid]
    # what is refunded comes out of what was unapplied: 0 <= unapplied <= amount
    return [Payment.amount, Payment.applied]


def largest_amount(kind: Kind) -> Decimal:
    """The largest bounding amount of the pane (absolute value); 0 for an empty book.

    Balances, open amounts and what is left to invoice are parts of these
    (a total less what is settled or invoiced), so no cell shows more digits.
    Each end is its own MIN or MAX subquery, answered from the column's index
    (the panes' sort indexes) without scanning the table, all in one statement
    (one query to build and run, not four or six): the window asks at start."""
    ends = [f.model.select(agg(f)) for f in _bounding(kind) for agg in (fn.MIN, fn.MAX)]
    ends = list(database.execute(Select(columns=ends)).fetchone())
    largest = max((abs(int(v or 0)) for v in ends), default=0)
    return book.currency().from_minor(largest)
