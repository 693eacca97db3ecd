"""What the panes show: the filters they take and the rows and totals they give
(plain frozen dataclasses), with the kinds, statuses and page size they know.
app/read/panes/pages.py reads them from the book."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from app.rules.money import ZERO

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
