"""What the window's panes and dialogs read from the book.

The window imports this package as one namespace (`panes.page`,
`panes.Filters`, `panes.open_invoices`, ...); the code lives in:

- pages.py: the three panes (orders, invoices, payments) page by page, with
  their counts and status-bar totals, sorted and filtered in SQL (the
  filters' conditions: conditions.py);
- lookups.py: the small look-ups the dialogs need (customers, open
  invoices, credit sources, open orders, an order's lines);
- previews.py: what a dialog shows before posting (typed lines, dry runs
  of cancelling an order or undoing a settlement).

Nothing here imports Qt, and nothing here writes: the dry runs roll back.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from app.read.panes.lookups import (
    CustomerItem,
    OpenItem,
    OrderItem,
    OrderLineItem,
    credit_sources,
    customer,
    customers,
    is_empty,
    open_invoices,
    open_orders,
    order_lines,
    source_customer,
)
from app.read.panes.pages import COUNT_CAP, count, page, sort_columns
from app.read.panes.rows import (
    INVOICE_KINDS,
    INVOICE_STATUSES,
    KINDS,
    OPEN,
    ORDER_STATUSES,
    OVERDUE,
    PAGE_SIZE,
    Filters,
    InvoiceRow,
    Kind,
    OrderRow,
    PaymentRow,
    Row,
    Totals,
)
from app.read.panes.totals import totals

if TYPE_CHECKING:
    from app.read.check import copy_book as backup
    from app.read.panes.previews import (
        CancelPreview,
        LinesPreview,
        UnsettlePreview,
        check_terms,
        dry_run,
        parse_lines,
        preview_cancel_order,
        preview_lines,
        preview_unsettle,
    )

# The dry runs (previews) and the backup pull in the posting services: they load
# when a dialog first asks, not with the window's panes (issue 12: start-up).
_LAZY = {
    "backup": ("app.read.check", "copy_book"),
    **{
        name: ("app.read.panes.previews", name)
        for name in (
            "CancelPreview",
            "LinesPreview",
            "UnsettlePreview",
            "check_terms",
            "dry_run",
            "parse_lines",
            "preview_cancel_order",
            "preview_lines",
            "preview_unsettle",
        )
    },
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "COUNT_CAP",
    "INVOICE_KINDS",
    "INVOICE_STATUSES",
    "KINDS",
    "OPEN",
    "ORDER_STATUSES",
    "OVERDUE",
    "PAGE_SIZE",
    "CancelPreview",
    "CustomerItem",
    "Filters",
    "InvoiceRow",
    "Kind",
    "LinesPreview",
    "OpenItem",
    "OrderItem",
    "OrderLineItem",
    "OrderRow",
    "PaymentRow",
    "Row",
    "Totals",
    "UnsettlePreview",
    "backup",
    "check_terms",
    "count",
    "credit_sources",
    "customer",
    "customers",
    "dry_run",
    "is_empty",
    "open_invoices",
    "open_orders",
    "order_lines",
    "page",
    "parse_lines",
    "preview_cancel_order",
    "preview_lines",
    "preview_unsettle",
    "sort_columns",
    "source_customer",
    "totals",
]
