"""The exchange workbook's schema (SPEC §6): its sheets, columns and keys.

Nothing here decides anything about the book; it says what a workbook holds.
The optional column `posted` (Orders, Invoices, Payments, Settlements,
Refunds, Unbilled, OrderChanges, PayoutReversals) is the posting sequence of the row's event
in the book it was exported from: the import replays the rows in that
order, so a history is replayed as it happened even when its dates are not
in order. Rows without it (typed in by the accountant) go by their date,
after the numbered rows of that date.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_, _
from app.rules.limits import TEXT

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
    # The text field of app/rules/limits.py whose limits the column's cells keep.
    field: str | None = None


def _c(
    name: str,
    kind: str = "text",
    req: bool = False,
    max_len: int = 300,
    width: float | None = None,
    field: str | None = None,
) -> Col:
    if field is not None:
        max_len = TEXT[field].max_len
    return Col(name, kind, req, max_len, width, field)


SHEETS: dict[str, tuple[Col, ...]] = {
    "Customers": (
        _c("code", req=True, field="code"),
        _c("name", req=True, width=24, field="name"),
        _c("address", width=30, field="address"),
        _c("tax_id", field="tax_id"),
        _c("email", field="email"),
        _c("terms", width=16, field="terms"),
        # optional: en, pt_BR, es, or empty for the book's language
        _c("language", max_len=10),
    ),
    "Orders": (
        _c("number", req=True, field="number"),
        _c("customer", req=True, field="code"),
        _c("date", "date", True),
        _c("status", max_len=24),
        _c("discount", "money"),
        _c("total", "money"),
        _c("notes", field="notes"),
    ),
    "OrderLines": (
        _c("order", req=True, field="number"),
        _c("line", "int", True),
        _c("description", req=True, width=30, field="description"),
        _c("quantity", "qty", True),
        _c("unit_price", "money", True),
        _c("amount", "money"),
        _c("removed", "bool"),
    ),
    "Invoices": (
        _c("number", req=True, field="number"),
        _c("kind", req=True, max_len=16),
        _c("status", max_len=24),
        _c("customer", req=True, field="code"),
        _c("order", field="number"),
        _c("date", "date", True),
        _c("due_date", "date", True),
        _c("terms", width=16, field="terms"),
        _c("total", "money"),
        _c("corrects", field="number"),
        _c("credits", field="number"),
        _c("reason", width=24, field="reason"),
        _c("posted", "int"),
    ),
    "InvoiceLines": (
        _c("invoice", req=True, field="number"),
        _c("line", "int", True),
        _c("description", req=True, width=30, field="description"),
        _c("quantity", "qty", True),
        _c("unit_price", "money", True),
        _c("amount", "money", True),
        _c("role", max_len=12),
        _c("order_line", "int"),
        _c("original_invoice", field="number"),
        _c("original_line", "int"),
    ),
    "Payments": (
        _c("number", req=True, field="number"),
        _c("customer", req=True, field="code"),
        _c("order", field="number"),
        _c("date", "date", True),
        _c("amount", "money", True),
        _c("method", field="method"),
        _c("reference", field="reference"),
        _c("posted", "int"),
        # The first part of the receipt this part belongs to (a payment split over orders).
        _c("split_of", field="number"),
    ),
    "Settlements": (
        _c("source", req=True, field="number"),
        _c("invoice", req=True, field="number"),
        _c("seq", "int", True),
        _c("date", "date", True),
        _c("amount", "money", True),
        _c("discount", "money"),
        _c("writeoff", "money"),
        _c("full_settlement", "money"),
        _c("reverses", "int"),
        _c("automatic", "bool"),
        _c("explanation", width=40, field="explanation"),
        _c("posted", "int"),
    ),
    "Refunds": (
        _c("number", req=True, field="number"),
        _c("customer", req=True, field="code"),
        _c("source", field="number"),
        _c("order", field="number"),
        _c("date", "date", True),
        _c("amount", "money", True),
        _c("reason", width=24, field="reason"),
        _c("posted", "int"),
        # Paid out (`payout`): when, the bank reference, and that posting's place.
        _c("paid_on", "date"),
        _c("paid_reference", field="reference"),
        _c("paid_posted", "int"),
    ),
    "Unbilled": (
        _c("invoice", req=True, field="number"),
        _c("line", "int", True),
        _c("description", width=30, field="description"),
        _c("quantity", "qty"),
        _c("unit_price", "money"),
        _c("amount", "money"),
        _c("status", req=True, max_len=16),
        _c("billed_invoice", field="number"),
        _c("date", "date"),
        _c("posted", "int"),
    ),
    # The book's settings (SPEC §9): an empty book adopts them on import.
    "Book": (_c("key", req=True, max_len=64), _c("value", width=30, field="setting")),
    # Each posted change of an order (SPEC §4.3), in the order made; a cancel is one too.
    "OrderChanges": (
        _c("order", req=True, field="number"),
        _c("seq", "int", True),
        _c("date", "date", True),
        _c("removed_lines", max_len=400),
        _c("added_lines", "int"),
        _c("discount", "money"),
        _c("cancelled", "bool"),
        _c("description", width=40, field="explanation"),
        _c("posted", "int"),
        # A change that posted nothing (no refund): the last journal entry before it.
        _c("after", "int"),
        # New line quantities (issue 9): "LINE=OLD->NEW", space separated.
        _c("quantities", max_len=400),
    ),
    # Each change of a setting, in the order made; `posted` is the last journal entry
    # before it, so a replay applies it between the same two postings.
    "SettingChanges": (
        _c("seq", "int", True),
        _c("key", req=True, max_len=64),
        _c("old_value", width=16, field="setting"),
        _c("new_value", width=16, field="setting"),
        _c("posted", "int"),
    ),
    # Each payout of a refund taken back (issue 11, `payouts.reverse_payout`), in the
    # order made: the payout (its date, reference and place) and its reversal.
    "PayoutReversals": (
        _c("refund", req=True, field="number"),
        _c("seq", "int", True),
        _c("paid_on", "date", True),
        _c("paid_reference", field="reference"),
        _c("paid_posted", "int"),
        _c("date", "date", True),
        _c("reason", width=24, field="reason"),
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
    "PayoutReversals": ("refund", "seq"),
}
UNBILLED_STATUSES = ("open", "billed", "not_chargeable")
FREE_TEXT = frozenset({"address", "notes", "description", "reason", "reference", "explanation"})


# What a printed summary calls each sheet (the sheet names themselves are the
# workbook's interface and stay as they are). TRANSLATORS: an exchange sheet.
_SHEET_WORDS = (
    N_("Customers"),
    N_("Orders"),
    N_("OrderLines"),
    N_("Invoices"),
    N_("InvoiceLines"),
    N_("Payments"),
    N_("Settlements"),
    N_("Refunds"),
    N_("Unbilled"),
    N_("Book"),
    N_("OrderChanges"),
    N_("SettingChanges"),
    N_("PayoutReversals"),
)


def sheet_word(sheet: str) -> str:
    """A sheet named in the reader's language, for a printed summary."""
    return _(sheet) if sheet in _SHEET_WORDS else sheet
