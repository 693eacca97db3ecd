"""The exchange workbook's schema (SPEC §6): its sheets, columns and keys.

Nothing here decides anything about the book; it says what a workbook holds.
The optional column `posted` (Orders, Invoices, Payments, Settlements,
Refunds, Unbilled, OrderChanges) is the posting sequence of the row's event
in the book it was exported from: the import replays the rows in that
order, so a history is replayed as it happened even when its dates are not
in order. Rows without it (typed in by the accountant) go by their date,
after the numbered rows of that date.
"""

from __future__ import annotations

from dataclasses import dataclass

RECEIVABLE_KINDS = ("invoice", "standalone", "corrective")
INVOICE_KINDS = ("invoice", "standalone", "credit_note", "corrective")
INVOICE_STATUSES = ("posted", "partially_settled", "settled", "corrected")
ORDER_STATUSES = ("open", "partially_invoiced", "invoiced", "cancelled")
LINE_ROLES = ("bill", "reverse", "credit")
YES = ("yes", "true", "1", "y")
NO = ("no", "false", "0", "n", "")
MAX_PROBLEMS_SHOWN = 200
CHECK_EVERY = 4096  # rows between two calls of `progress` / looks at `cancelled()`


# ---------------------------------------------------------------- the sheets


@dataclass(frozen=True)
class Col:
    """One column of an exchange sheet."""

    name: str
    kind: str = "text"  # text / money / qty / date / int / bool
    required: bool = False  # the column must be there and its cells filled
    max_len: int = 300
    width: float | None = None


def _c(
    name: str, kind: str = "text", req: bool = False, max_len: int = 300, width: float | None = None
) -> Col:
    return Col(name, kind, req, max_len, width)


SHEETS: dict[str, tuple[Col, ...]] = {
    "Customers": (
        _c("code", req=True, max_len=40),
        _c("name", req=True, max_len=200, width=24),
        _c("address", max_len=2000, width=30),
        _c("tax_id", max_len=40),
        _c("email", max_len=200),
        _c("terms", max_len=120, width=16),
    ),
    "Orders": (
        _c("number", req=True, max_len=40),
        _c("customer", req=True, max_len=40),
        _c("date", "date", True),
        _c("status", max_len=24),
        _c("discount", "money"),
        _c("total", "money"),
        _c("notes", max_len=2000),
    ),
    "OrderLines": (
        _c("order", req=True, max_len=40),
        _c("line", "int", True),
        _c("description", req=True, width=30),
        _c("quantity", "qty", True),
        _c("unit_price", "money", True),
        _c("amount", "money"),
        _c("removed", "bool"),
    ),
    "Invoices": (
        _c("number", req=True, max_len=40),
        _c("kind", req=True, max_len=16),
        _c("status", max_len=24),
        _c("customer", req=True, max_len=40),
        _c("order", max_len=40),
        _c("date", "date", True),
        _c("due_date", "date", True),
        _c("terms", max_len=120, width=16),
        _c("total", "money"),
        _c("corrects", max_len=40),
        _c("credits", max_len=40),
        _c("reason", max_len=2000, width=24),
        _c("posted", "int"),
    ),
    "InvoiceLines": (
        _c("invoice", req=True, max_len=40),
        _c("line", "int", True),
        _c("description", req=True, width=30),
        _c("quantity", "qty", True),
        _c("unit_price", "money", True),
        _c("amount", "money", True),
        _c("role", max_len=12),
        _c("order_line", "int"),
        _c("original_invoice", max_len=40),
        _c("original_line", "int"),
    ),
    "Payments": (
        _c("number", req=True, max_len=40),
        _c("customer", req=True, max_len=40),
        _c("order", max_len=40),
        _c("date", "date", True),
        _c("amount", "money", True),
        _c("method", max_len=40),
        _c("reference", max_len=120),
        _c("posted", "int"),
    ),
    "Settlements": (
        _c("source", req=True, max_len=40),
        _c("invoice", req=True, max_len=40),
        _c("seq", "int", True),
        _c("date", "date", True),
        _c("amount", "money", True),
        _c("discount", "money"),
        _c("writeoff", "money"),
        _c("full_settlement", "money"),
        _c("reverses", "int"),
        _c("automatic", "bool"),
        _c("explanation", max_len=4000, width=40),
        _c("posted", "int"),
    ),
    "Refunds": (
        _c("number", req=True, max_len=40),
        _c("customer", req=True, max_len=40),
        _c("source", max_len=40),
        _c("order", max_len=40),
        _c("date", "date", True),
        _c("amount", "money", True),
        _c("reason", max_len=2000, width=24),
        _c("posted", "int"),
    ),
    "Unbilled": (
        _c("invoice", req=True, max_len=40),
        _c("line", "int", True),
        _c("description", width=30),
        _c("quantity", "qty"),
        _c("unit_price", "money"),
        _c("amount", "money"),
        _c("status", req=True, max_len=16),
        _c("billed_invoice", max_len=40),
        _c("date", "date"),
        _c("posted", "int"),
    ),
    # The book's settings (SPEC §9): an empty book adopts them on import.
    "Book": (_c("key", req=True, max_len=64), _c("value", max_len=2000, width=30)),
    # Each posted change of an order (SPEC §4.3), in the order made; a cancel is one too.
    "OrderChanges": (
        _c("order", req=True, max_len=40),
        _c("seq", "int", True),
        _c("date", "date", True),
        _c("removed_lines", max_len=400),
        _c("added_lines", "int"),
        _c("discount", "money"),
        _c("cancelled", "bool"),
        _c("description", max_len=4000, width=40),
        _c("posted", "int"),
        # A change that posted nothing (no refund): the last journal entry before it.
        _c("after", "int"),
    ),
    # Each change of a setting, in the order made; `posted` is the last journal entry
    # before it, so a replay applies it between the same two postings.
    "SettingChanges": (
        _c("seq", "int", True),
        _c("key", req=True, max_len=64),
        _c("old_value", max_len=2000, width=16),
        _c("new_value", max_len=2000, width=16),
        _c("posted", "int"),
    ),
}
SHEET_ORDER = tuple(SHEETS)
KEYS: dict[str, tuple[str, ...]] = {
    "Customers": ("code",),
    "Orders": ("number",),
    "OrderLines": ("order", "line"),
    "Invoices": ("number",),
    "InvoiceLines": ("invoice", "line"),
    "Payments": ("number",),
    "Settlements": ("source", "invoice", "seq"),
    "Refunds": ("number",),
    "Unbilled": ("invoice", "line"),
    "OrderChanges": ("order", "seq"),
    "Book": ("key",),
    "SettingChanges": ("seq",),
}
UNBILLED_STATUSES = ("open", "billed", "not_chargeable")
FREE_TEXT = frozenset({"address", "notes", "description", "reason", "reference", "explanation"})
