"""Spreadsheet exchange with the accountant (SPEC §6): the whole book as rows.

Export: `export_sheets()` gives, for each sheet (Customers, Orders,
OrderLines, Invoices, InvoiceLines, Payments, Settlements, Refunds), its
columns and a row iterator streamed from the database; a writer in
`reports/` lays them out. Posted documents only; drafts are work in
progress and stay home.

Import: `import_book(source)` reads such a workbook's rows (from any object
with `sheet_names()`, `rows(name)` and `date1904`, see `SheetSource`),
checks every cell, every reference and every settlement against the rules,
and only when there is no problem at all writes everything in one
transaction. Every problem is reported at once with its sheet, row, column,
value and reason (`ImportRefused`). Stable keys make import idempotent:
customer codes, document numbers, order/invoice line numbers, and for a
settlement (source, invoice, seq) where seq counts the settlements between
that source and that invoice. A row whose key is already in the book must
match it (customers, being master data, are updated instead); re-importing
the same rows changes nothing.

Writing keeps every invariant the services keep: cached figures (settled,
applied, refunded, invoiced, paid, statuses) follow from the rows, each
document and settlement gets the journal entry its service would post, and
the numbering series move past the imported numbers. It is done in bulk
(ids reserved up front, `insert_many`) so 100,000 payments import in
seconds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from peewee import JOIN, BooleanField, DateField, DateTimeField, PostgresqlDatabase, fn

from app.errors import Cancelled, UserError
from app.rules.money import (
    ZERO,
    Currency,
    parse_amount,
    parse_quantity,
    qty_from_milli,
    qty_to_milli,
)
from app.rules.settlement import (
    ADVANCES,
    BANK,
    CREDIT_NOTE,
    PAYMENT,
    RECEIVABLES,
    REFUNDS_PAYABLE,
    SALES,
    UNBILLED,
    Application,
    journal_for,
)
from app.rules.settlement import JournalLine as Line
from app.rules.terms import parse_terms
from app.services import book
from models.db import database
from models.tables import (
    Counter,
    Customer,
    Invoice,
    InvoiceLine,
    JournalEntry,
    JournalLine,
    Order,
    OrderLine,
    Payment,
    PaymentTerms,
    Refund,
    Settlement,
    UnbilledItem,
)

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


def _c(name: str, kind: str = "text", req: bool = False, max_len: int = 300, width: float | None = None) -> Col:
    return Col(name, kind, req, max_len, width)


SHEETS: dict[str, tuple[Col, ...]] = {
    "Customers": (
        _c("code", req=True, max_len=40), _c("name", req=True, max_len=200, width=24),
        _c("address", max_len=2000, width=30), _c("tax_id", max_len=40), _c("email", max_len=200),
        _c("terms", max_len=120, width=16),
    ),
    "Orders": (
        _c("number", req=True, max_len=40), _c("customer", req=True, max_len=40),
        _c("date", "date", True), _c("status", max_len=24), _c("discount", "money"),
        _c("total", "money"), _c("notes", max_len=2000),
    ),
    "OrderLines": (
        _c("order", req=True, max_len=40), _c("line", "int", True), _c("description", req=True, width=30),
        _c("quantity", "qty", True), _c("unit_price", "money", True), _c("amount", "money"),
        _c("removed", "bool"),
    ),
    "Invoices": (
        _c("number", req=True, max_len=40), _c("kind", req=True, max_len=16),
        _c("status", max_len=24), _c("customer", req=True, max_len=40), _c("order", max_len=40),
        _c("date", "date", True), _c("due_date", "date", True), _c("terms", max_len=120, width=16),
        _c("total", "money"), _c("corrects", max_len=40), _c("credits", max_len=40),
        _c("reason", max_len=2000, width=24),
    ),
    "InvoiceLines": (
        _c("invoice", req=True, max_len=40), _c("line", "int", True),
        _c("description", req=True, width=30), _c("quantity", "qty", True),
        _c("unit_price", "money", True), _c("amount", "money", True), _c("role", max_len=12),
        _c("order_line", "int"), _c("original_invoice", max_len=40), _c("original_line", "int"),
    ),
    "Payments": (
        _c("number", req=True, max_len=40), _c("customer", req=True, max_len=40),
        _c("order", max_len=40), _c("date", "date", True), _c("amount", "money", True),
        _c("method", max_len=40), _c("reference", max_len=120),
    ),
    "Settlements": (
        _c("source", req=True, max_len=40), _c("invoice", req=True, max_len=40),
        _c("seq", "int", True), _c("date", "date", True), _c("amount", "money", True),
        _c("discount", "money"), _c("writeoff", "money"), _c("full_settlement", "money"),
        _c("reverses", "int"), _c("automatic", "bool"), _c("explanation", max_len=4000, width=40),
    ),
    "Refunds": (
        _c("number", req=True, max_len=40), _c("customer", req=True, max_len=40),
        _c("source", max_len=40), _c("order", max_len=40), _c("date", "date", True),
        _c("amount", "money", True), _c("reason", max_len=2000, width=24),
    ),
    "Unbilled": (
        _c("invoice", req=True, max_len=40), _c("line", "int", True),
        _c("description", width=30), _c("quantity", "qty"), _c("unit_price", "money"),
        _c("amount", "money"), _c("status", req=True, max_len=16), _c("billed_invoice", max_len=40),
        _c("date", "date"),
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
}
UNBILLED_STATUSES = ("open", "billed", "not_chargeable")
FREE_TEXT = frozenset({"address", "notes", "description", "reason", "reference", "explanation"})


# ---------------------------------------------------------------- export


def export_sheets() -> list[tuple[str, tuple[Col, ...], Iterator[list[Any]]]]:
    """Each sheet's name, columns and rows (lists of values in column order)."""
    cur = book.currency()
    makers: dict[str, Callable[[Currency], Iterator[dict[str, Any]]]] = {
        "Customers": _customers,
        "Orders": _orders,
        "OrderLines": _order_lines,
        "Invoices": _invoices,
        "InvoiceLines": _invoice_lines,
        "Payments": _payments,
        "Settlements": _settlements,
        "Refunds": _refunds,
        "Unbilled": _unbilled_items,
    }
    out: list[tuple[str, tuple[Col, ...], Iterator[list[Any]]]] = []
    for name, cols in SHEETS.items():
        out.append((name, cols, _listed(makers[name](cur), cols)))
    return out


def export_total() -> int:
    """How many rows `export_sheets()` yields in all (for a progress bar)."""
    posted_orders = Order.status != "draft"
    posted = Invoice.status != "draft"
    return sum(int(q.count()) for q in (
        Customer.select(),
        Order.select().where(posted_orders),
        OrderLine.select().join(Order).where(posted_orders),
        Invoice.select().where(posted),
        InvoiceLine.select().join(Invoice).where(posted),
        Payment.select(),
        Settlement.select(),
        Refund.select(),
        UnbilledItem.select(),
    ))


def _listed(rows: Iterator[dict[str, Any]], cols: Sequence[Col]) -> Iterator[list[Any]]:
    for d in rows:
        yield [d.get(c.name) for c in cols]


def _customers(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q: Any = Customer.select(Customer.code, Customer.name, Customer.address, Customer.tax_id,
                             Customer.email, PaymentTerms.text).join(PaymentTerms, JOIN.LEFT_OUTER)
    if where is not None:
        q = q.where(where)
    for code, name, address, tax_id, email, terms in q.order_by(Customer.code).tuples().iterator():
        yield {"code": code, "name": name, "address": address, "tax_id": tax_id, "email": email,
               "terms": terms or ""}


def _orders(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q: Any = (
        Order.select(Order.number, Customer.code, Order.date, Order.status, Order.discount,
                     Order.total, Order.notes)
        .join(Customer)
        .where(Order.status != "draft")
    )
    if where is not None:
        q = q.where(where)
    for number, code, on, status, discount, total, notes in q.order_by(Order.id).tuples().iterator():
        yield {"number": number, "customer": code, "date": on, "status": status,
               "discount": cur.from_minor(discount), "total": cur.from_minor(total), "notes": notes}


def _order_lines(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q: Any = (
        OrderLine.select(Order.number, OrderLine.seq, OrderLine.description, OrderLine.quantity,
                         OrderLine.unit_price, OrderLine.amount, OrderLine.removed)
        .join(Order)
        .where(Order.status != "draft")
    )
    if where is not None:
        q = q.where(where)
    for number, seq, desc, qty, price, amount, removed in q.order_by(Order.id, OrderLine.seq).tuples().iterator():
        yield {"order": number, "line": seq, "description": desc, "quantity": qty_from_milli(qty),
               "unit_price": cur.from_minor(price), "amount": cur.from_minor(amount),
               "removed": bool(removed)}


def _invoices(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    corrected = Invoice.alias("corrected")
    credited = Invoice.alias("credited")
    q: Any = (
        Invoice.select(Invoice.number, Invoice.kind, Invoice.status, Customer.code, Order.number,
                       Invoice.date, Invoice.due_date, Invoice.terms_text, Invoice.total,
                       corrected.number, credited.number, Invoice.reason)
        .join(Customer, on=(Invoice.customer == Customer.id))
        .switch(Invoice).join(Order, JOIN.LEFT_OUTER, on=(Invoice.order == Order.id))
        .switch(Invoice).join(corrected, JOIN.LEFT_OUTER, on=(Invoice.corrects == corrected.id))
        .switch(Invoice).join(credited, JOIN.LEFT_OUTER, on=(Invoice.credits == credited.id))
        .where(Invoice.status != "draft")
    )
    if where is not None:
        q = q.where(where)
    for row in q.order_by(Invoice.id).tuples().iterator():
        number, kind, status, code, order, on, due, terms, total, corrects, credits, reason = row
        yield {"number": number, "kind": kind, "status": status, "customer": code, "order": order,
               "date": on, "due_date": due, "terms": terms, "total": cur.from_minor(total),
               "corrects": corrects, "credits": credits, "reason": reason}


def _invoice_lines(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    orig = InvoiceLine.alias("orig")
    orig_inv = Invoice.alias("orig_inv")
    q: Any = (
        InvoiceLine.select(Invoice.number, InvoiceLine.seq, InvoiceLine.description,
                           InvoiceLine.quantity, InvoiceLine.unit_price, InvoiceLine.amount,
                           InvoiceLine.role, OrderLine.seq, orig_inv.number, orig.seq)
        .join(Invoice, on=(InvoiceLine.invoice == Invoice.id))
        .switch(InvoiceLine).join(OrderLine, JOIN.LEFT_OUTER, on=(InvoiceLine.order_line == OrderLine.id))
        .switch(InvoiceLine).join(orig, JOIN.LEFT_OUTER, on=(InvoiceLine.original_line == orig.id))
        .join(orig_inv, JOIN.LEFT_OUTER, on=(orig.invoice == orig_inv.id))
        .where(Invoice.status != "draft")
    )
    if where is not None:
        q = q.where(where)
    for row in q.order_by(Invoice.id, InvoiceLine.seq).tuples().iterator():
        number, seq, desc, qty, price, amount, role, ol, oinv, oseq = row
        yield {"invoice": number, "line": seq, "description": desc, "quantity": qty_from_milli(qty),
               "unit_price": cur.from_minor(price), "amount": cur.from_minor(amount), "role": role,
               "order_line": ol, "original_invoice": oinv, "original_line": oseq}


def _payments(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q: Any = (
        Payment.select(Payment.number, Customer.code, Order.number, Payment.date, Payment.amount,
                       Payment.method, Payment.reference)
        .join(Customer, on=(Payment.customer == Customer.id))
        .switch(Payment).join(Order, JOIN.LEFT_OUTER, on=(Payment.order == Order.id))
    )
    if where is not None:
        q = q.where(where)
    for number, code, order, on, amount, method, ref in q.order_by(Payment.id).tuples().iterator():
        yield {"number": number, "customer": code, "order": order, "date": on,
               "amount": cur.from_minor(amount), "method": method, "reference": ref}


def _settlement_query() -> Any:
    cn = Invoice.alias("cn")
    return (
        Settlement.select(Settlement.id, Payment.number, cn.number, Invoice.number, Settlement.date,
                          Settlement.amount, Settlement.discount, Settlement.writeoff,
                          Settlement.full_settlement, Settlement.reverses, Settlement.automatic,
                          Settlement.explanation)
        .join(Invoice, on=(Settlement.invoice == Invoice.id))
        .switch(Settlement).join(Payment, JOIN.LEFT_OUTER, on=(Settlement.payment == Payment.id))
        .switch(Settlement).join(cn, JOIN.LEFT_OUTER, on=(Settlement.credit_note == cn.id))
    )


def _settlements(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q = _settlement_query()
    if where is not None:
        q = q.where(where)
    seq_of: dict[int, int] = {}
    count: dict[tuple[str, str], int] = defaultdict(int)
    for row in q.order_by(Settlement.id).tuples().iterator():
        sid, pay, cn, inv, on, amount, discount, writeoff, full, reverses, automatic, expl = row
        source = pay or cn
        count[source, inv] += 1
        seq_of[sid] = count[source, inv]
        yield {"source": source, "invoice": inv, "seq": count[source, inv], "date": on,
               "amount": cur.from_minor(amount), "discount": cur.from_minor(discount),
               "writeoff": cur.from_minor(writeoff), "full_settlement": cur.from_minor(full),
               "reverses": seq_of.get(reverses) if reverses else None,
               "automatic": bool(automatic), "explanation": expl}


def _refunds(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    cn = Invoice.alias("cn")
    q: Any = (
        Refund.select(Refund.number, Customer.code, Payment.number, cn.number, Order.number,
                      Refund.date, Refund.amount, Refund.reason)
        .join(Customer, on=(Refund.customer == Customer.id))
        .switch(Refund).join(Payment, JOIN.LEFT_OUTER, on=(Refund.payment == Payment.id))
        .switch(Refund).join(cn, JOIN.LEFT_OUTER, on=(Refund.credit_note == cn.id))
        .switch(Refund).join(Order, JOIN.LEFT_OUTER, on=(Refund.order == Order.id))
    )
    if where is not None:
        q = q.where(where)
    for number, code, pay, cnn, order, on, amount, reason in q.order_by(Refund.id).tuples().iterator():
        yield {"number": number, "customer": code, "source": pay or cnn, "order": order, "date": on,
               "amount": cur.from_minor(amount), "reason": reason}


def _unbilled_items(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    """Unbilled items of corrective invoices; `line` counts them per invoice."""
    billed = Invoice.alias("billed")
    q: Any = (
        UnbilledItem.select(UnbilledItem.id, Invoice.number, UnbilledItem.description,
                            UnbilledItem.quantity, UnbilledItem.unit_price, UnbilledItem.amount,
                            UnbilledItem.status, billed.number, billed.date)
        .join(Invoice, on=(UnbilledItem.invoice == Invoice.id))
        .switch(UnbilledItem).join(billed, JOIN.LEFT_OUTER, on=(UnbilledItem.billed_invoice == billed.id))
    )
    if where is not None:
        q = q.where(where)
    count: dict[str, int] = defaultdict(int)
    rows = list(q.order_by(UnbilledItem.id).tuples())
    # The date an item was marked not chargeable is its journal entry's.
    dropped = {r[0] for r in rows if r[6] == "not_chargeable"}
    when: dict[int, dt.date] = {}
    if dropped:
        entries = _tuples(JournalEntry.select(JournalEntry.description, JournalEntry.date).where(
            JournalEntry.description.startswith("Unbilled item ")
        ))
        for desc, on in entries:
            m = re.match(r"Unbilled item (\d+) not chargeable", desc)
            if m and int(m.group(1)) in dropped:
                when[int(m.group(1))] = on
    for uid, number, desc, qty, price, amount, status, billed_no, billed_on in rows:
        count[number] += 1
        yield {"invoice": number, "line": count[number], "description": desc,
               "quantity": qty_from_milli(qty), "unit_price": cur.from_minor(price),
               "amount": cur.from_minor(amount), "status": status, "billed_invoice": billed_no,
               "date": billed_on if status == "billed" else when.get(uid)}


# ---------------------------------------------------------------- import: reading cells


class SheetSource(Protocol):
    """A workbook's rows: what `reports.exchange_xlsx` opens."""

    date1904: bool

    def sheet_names(self) -> list[str]: ...

    def row_count(self, sheet: str) -> int:
        """The sheet's last row number, header and blank rows included (0 if unknown)."""
        ...

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Any]]]: ...


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str  # "C (amount)" or "" for a whole row
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = f' "{self.value}"' if self.value != "" else ""
        return f"{where}:{shown} {self.reason}"


class ImportRefused(UserError):
    """The workbook has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        order = {name: i for i, name in enumerate(SHEETS)}
        self.problems = sorted(problems, key=lambda p: (order.get(p.sheet, 99), p.row, p.column))
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        more = len(self.problems) - len(shown)
        lines = [f"The workbook was not imported: {len(self.problems)} problem(s); nothing was written."]
        lines += [f"  {p}" for p in shown]
        if more:
            lines.append(f"  … and {more} more.")
        super().__init__("\n".join(lines))


def col_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class Bad(Exception):
    """A cell that cannot be read; the message is the reason."""


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$")
_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)


def read_date(value: Any, date1904: bool = False) -> dt.date:
    """A date from an Excel date, an Excel serial number or ISO text."""
    if isinstance(value, bool):
        raise Bad("is not a date; write it as YYYY-MM-DD")
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise Bad("is a date with a time of day; give the date alone")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise Bad("is an Excel date with a time of day; give the date alone")
        value = int(value)
    if isinstance(value, int):
        return _serial(value, date1904)
    if isinstance(value, str):
        text = value.strip()
        m = _ISO.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise Bad("does not exist in the calendar") from None
        m = _DMY.match(text)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a <= 12 and b <= 12 and a != b:
                raise Bad("is ambiguous (day/month or month/day?); write it as YYYY-MM-DD")
            raise Bad("is not in the form YYYY-MM-DD; write it as YYYY-MM-DD")
        if re.fullmatch(r"\d+", text):
            return _serial(int(text), date1904)
        raise Bad("is not a date; write it as YYYY-MM-DD")
    raise Bad("is not a date; write it as YYYY-MM-DD")


def _serial(n: int, date1904: bool) -> dt.date:
    if date1904:
        if n < 0:
            raise Bad("is not an Excel date")
        day = _EPOCH_1904 + dt.timedelta(days=n)
    else:
        if n < 1:
            raise Bad("is not an Excel date")
        if n == 60:
            raise Bad("is 29 February 1900, a day that does not exist (an Excel quirk)")
        day = dt.date(1899, 12, 31) + dt.timedelta(days=n - 1) if n < 60 else _EPOCH_1900 + dt.timedelta(days=n)
    if not 1900 <= day.year <= 9999 or n > 2_958_465:
        raise Bad("is not an Excel date")
    return day


def read_cell(col: Col, value: Any, cur: Currency, date1904: bool) -> Any:
    """The typed value of one cell, or `Bad` with the reason. Empty → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if col.required:
            raise Bad("is empty; it must be filled")
        return None
    kind = col.kind
    try:
        if kind == "text":
            if isinstance(value, bool):
                raise Bad("is TRUE/FALSE, not text")
            if isinstance(value, dt.date):
                text = value.isoformat() if not isinstance(value, dt.datetime) else value.date().isoformat()
            else:
                # Keys and codes lose stray spaces; free text keeps every character it had.
                text = str(value) if col.name in FREE_TEXT else str(value).strip()
            if len(text) > col.max_len:
                raise Bad(f"is longer than {col.max_len} characters")
            return text
        if kind == "money":
            if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
                raise Bad("is not an amount")
            return parse_amount(value, cur.places, "amount")
        if kind == "qty":
            if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
                raise Bad("is not a quantity")
            return parse_quantity(Decimal(value) if isinstance(value, int) else value)
        if kind == "int":
            if isinstance(value, bool):
                raise Bad("is not a whole number")
            if isinstance(value, Decimal) and value == value.to_integral_value():
                return int(value)
            if isinstance(value, int):
                return value
            if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
                return int(value)
            raise Bad("is not a whole number")
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in YES:
                return True
            if text in NO:
                return False
            raise Bad("is not yes or no")
        if kind == "date":
            return read_date(value, date1904)
    except UserError as e:
        raise Bad(_reason(str(e))) from None
    except InvalidOperation:
        raise Bad("is not a number") from None
    raise AssertionError(kind)  # pragma: no cover


def _reader(col: Col, cur: Currency, date1904: bool) -> Callable[[Any], Any]:
    """`read_cell` for one column, with a fast path for the usual, valid cell.

    Anything off the fast path (empty, other types, too long, bad) goes to
    `read_cell`, which gives the same answer or the same reason.
    """
    kind = col.kind

    def slow(value: Any) -> Any:
        return read_cell(col, value, cur, date1904)

    if kind == "text":
        free, max_len = col.name in FREE_TEXT, col.max_len

        def text(value: Any) -> Any:
            if value.__class__ is str:
                stripped = value.strip()
                if stripped:
                    out = value if free else stripped
                    if len(out) <= max_len:
                        return out
            return slow(value)

        return text
    if kind == "money":
        quantum = cur.quantum

        def money(value: Any) -> Any:
            cls = value.__class__
            if cls is Decimal or cls is int:
                try:
                    exact = Decimal(value).quantize(quantum)
                except InvalidOperation:
                    return slow(value)
                if exact == value:
                    return exact
            return slow(value)

        return money
    if kind == "date":
        midnight = dt.time(0)

        def date(value: Any) -> Any:
            cls = value.__class__
            if cls is dt.date:
                return value
            if cls is dt.datetime and value.time() == midnight:
                return value.date()
            return slow(value)

        return date
    if kind == "int":

        def integer(value: Any) -> Any:
            return value if value.__class__ is int else slow(value)

        return integer
    return slow


def _reason(message: str) -> str:
    """Turn a parser's sentence about 'The amount "x" …' into a reason after the value."""
    m = re.match(r'^The [\w ]+? "[^"]*" (.*?)\.?$', message, re.S)
    return m.group(1) if m else message.rstrip(".")


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- import: the plan


class Rec(dict[str, Any]):
    """One row of the workbook, read: its values by column name (None if absent).

    A dict itself, so the checks' many ``rec["number"]`` cost a dict lookup.
    """

    __slots__ = ("cols", "row", "sheet")

    def __init__(self, sheet: str, row: int, cols: dict[str, str]) -> None:
        super().__init__()
        self.sheet = sheet
        self.row = row
        self.cols = cols  # column name → its letter, for messages

    def __missing__(self, key: str) -> Any:
        return None

    @property
    def v(self) -> dict[str, Any]:
        return self


@dataclass
class ImportResult:
    dry_run: bool
    created: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    updated: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def summary(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        out = []
        for sheet in SHEET_ORDER:
            made, upd, same = self.created.get(sheet, []), self.updated.get(sheet, []), self.unchanged.get(sheet, 0)
            if not (made or upd or same):
                continue
            parts = [f"{len(made)} {verb} created"]
            if upd:
                parts.append(f"{len(upd)} {verb} updated")
            parts.append(f"{same} already in the book")
            line = f"{sheet}: " + ", ".join(parts)
            if made:
                line += ": " + ", ".join(made[:8]) + (" …" if len(made) > 8 else "")
            out.append(line)
        if not out:
            out.append("The workbook holds no rows to import.")
        return out

    @property
    def total_created(self) -> int:
        return sum(len(v) for v in self.created.values())


class _Checker:
    def __init__(self, cur: Currency, date1904: bool) -> None:
        self.cur = cur
        self.date1904 = date1904
        self.problems: list[Problem] = []
        self.recs: dict[str, list[Rec]] = {name: [] for name in SHEETS}

    def bad(self, rec: Rec | None, sheet: str, row: int, column: str, value: Any, reason: str) -> None:
        letter = rec.cols.get(column, "") if rec is not None else ""
        col = f"{letter} ({column})" if letter else column
        self.problems.append(Problem(sheet, row, col, _shown(value), reason))

    def fault(self, rec: Rec, column: str, reason: str) -> None:
        self.bad(rec, rec.sheet, rec.row, column, rec.v.get(column) if column else "", reason)

    # -------- reading

    def read_sheet(
        self,
        sheet: str,
        rows: Iterator[tuple[int, list[Any]]],
        tick: Callable[[int], None] | None = None,
    ) -> None:
        """Read and check every cell of `sheet`; `tick(n)` after every n rows read."""
        cols = SHEETS[sheet]
        known = {c.name: c for c in cols}
        header: list[tuple[int, Col]] | None = None
        readers: list[tuple[int, str, Callable[[Any], Any]]] | None = None
        letters: dict[str, str] = {}
        recs = self.recs[sheet]
        for number, values in rows:
            if header is None:
                header = []
                seen: set[str] = set()
                for i, raw in enumerate(values):
                    name = _norm_header(raw)
                    if not name:
                        continue
                    if name not in known:
                        self.bad(None, sheet, number, f"{col_letter(i)}", raw,
                                 "is not a column of this sheet; the columns are "
                                 + ", ".join(known))
                        continue
                    if name in seen:
                        self.bad(None, sheet, number, f"{col_letter(i)}", raw, "is a second column with this name")
                        continue
                    seen.add(name)
                    header.append((i, known[name]))
                    letters[name] = col_letter(i)
                for c in cols:
                    if c.required and c.name not in seen:
                        self.bad(None, sheet, number, "", c.name, "is a column this sheet must have")
                continue
            if readers is None:
                readers = [(i, col.name, _reader(col, self.cur, self.date1904)) for i, col in header]
            rec = Rec(sheet, number, letters)
            width = len(values)
            for i, name, read in readers:
                raw = values[i] if i < width else None
                try:
                    rec[name] = read(raw)
                except Bad as e:
                    self.bad(rec, sheet, number, name, raw, str(e))
                    rec[name] = _INVALID
            recs.append(rec)
            if tick is not None and not len(recs) % CHECK_EVERY:
                tick(CHECK_EVERY)
        if tick is not None:
            tick(len(recs) % CHECK_EVERY)

    def valid(self, rec: Rec, *names: str) -> bool:
        return _INVALID not in map(rec.get, names)  # an _Invalid equals only itself


def _in_book(found: Any) -> bool:
    """Whether a looked-up document is the book's (a dict of its fields), not a new `Rec`."""
    return isinstance(found, dict) and not isinstance(found, Rec)


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


_INVALID: Any = _Invalid()


def _norm_header(raw: Any) -> str:
    if raw is None:
        return ""
    return re.sub(r"[\s\-]+", "_", str(raw).strip().lower())


class _Meter:
    """Progress and cancelling of one long operation."""

    def __init__(
        self,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        total: int,
        what: str,
    ) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.total = total
        self.done = 0
        self.what = what

    def add(self, n: int) -> None:
        """`n` more rows are done: look at `cancelled()`, then report."""
        self.done += n
        self.check()
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(f"The {self.what} was cancelled; nothing was written.")

    def finish(self) -> None:
        if self.progress is not None:
            self.done = max(self.total, self.done)
            self.progress(self.done, self.done)


def import_book(
    source: SheetSource,
    dry_run: bool = False,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Check the whole workbook, then write it in one transaction (or only say what would be written).

    Progress and cancelling: `progress(done, total)` is called every few
    thousand rows, first while the cells are read and checked, then while
    the rows are written (total = the workbook's rows, twice unless a dry
    run), and once more at the end with done == total. When `cancelled()`
    answers True, `Cancelled` is raised; the writing happens in one
    transaction, which is rolled back, so the book is left as it was.
    """
    cur = book.currency()
    chk = _Checker(cur, source.date1904)
    present = set(source.sheet_names())
    sheets = [sheet for sheet in SHEET_ORDER if sheet in present]
    rows = sum(max(source.row_count(sheet) - 1, 0) for sheet in sheets)
    meter = _Meter(progress, cancelled, rows if dry_run else 2 * rows, "import")
    meter.check()
    for sheet in sheets:
        chk.read_sheet(sheet, source.rows(sheet), meter.add)
    if not any(chk.recs.values()) and not chk.problems:
        known = ", ".join(SHEET_ORDER)
        if not present & set(SHEETS):
            raise UserError(f"The workbook has none of the exchange sheets ({known}).")
    with database.atomic() as txn:
        plan = _Plan(chk, cur)
        plan.check()
        if chk.problems:
            raise ImportRefused(chk.problems)
        meter.check()
        result = plan.result(dry_run)
        if not dry_run:
            plan.write(meter)
        else:
            txn.rollback()
    meter.finish()
    return result


# A new document being imported, in the shapes the writer needs.
@dataclass
class _Doc:
    rec: Rec
    id: int = 0


class _Plan:
    """Checks the records against each other, the book and the rules; then writes them."""

    def __init__(self, chk: _Checker, cur: Currency) -> None:
        self.chk = chk
        self.cur = cur
        self.result_ = ImportResult(False)
        # Keys → ids of what is already in the book (only the keys the file names).
        self.customers: dict[str, Any] = {}  # code → Rec (new) or int id (book)
        self.new: dict[str, list[Rec]] = {name: [] for name in SHEETS}
        self.cust_updates: list[tuple[int, Rec]] = []

    # ---------------------------------------------------------------- helpers

    def _dupes(self, sheet: str) -> list[Rec]:
        """Records with a readable key that is not repeated in the file."""
        keys = KEYS[sheet]
        first: dict[tuple[Any, ...], Rec] = {}
        out = []
        for rec in self.chk.recs[sheet]:
            if not self.chk.valid(rec, *keys) or any(rec[k] is None for k in keys):
                continue
            key = tuple(rec[k] for k in keys)
            if key in first:
                self.chk.fault(rec, keys[-1], f"repeats the key of row {first[key].row}")
                continue
            first[key] = rec
            out.append(rec)
        return out

    def _compare(self, rec: Rec, existing: Mapping[str, Any], skip: Sequence[str] = ()) -> list[str]:
        """Columns where the file differs from the book (only filled, readable cells count)."""
        diff = []
        for name, value in rec.v.items():
            if name in skip or value is None or value is _INVALID or name not in existing:
                continue
            if _same(value, existing[name]):
                continue
            diff.append(name)
        return diff

    def _existing(self, maker: Callable[..., Iterator[dict[str, Any]]], field_: Any, keys: Iterable[Any], key: str) -> dict[Any, dict[str, Any]]:
        out: dict[Any, dict[str, Any]] = {}
        keys = list(keys)
        if not keys or not field_.model.select().exists():
            return out
        for i in range(0, len(keys), 500):
            for d in maker(self.cur, field_.in_(keys[i: i + 500])):
                out[d[key]] = d
        return out

    # ---------------------------------------------------------------- checks

    def check(self) -> None:
        self._check_customers()
        self._check_orders()
        self._check_order_lines()
        self._check_invoices()
        self._check_invoice_lines()
        self._check_payments()
        self._check_refunds_refs()
        self._check_settlements()
        self._check_refunds_amounts()
        self._check_totals()
        self._check_unbilled()

    def _same_or_refuse(self, rec: Rec, existing: Mapping[str, Any], what: str, skip: Sequence[str] = ()) -> None:
        diff = self._compare(rec, existing, skip)
        for name in diff:
            self.chk.fault(
                rec, name,
                f"differs from {what} already in the book ({_shown(existing[name]) or 'empty'}); "
                "posted documents are never changed by an import",
            )

    def _check_customers(self) -> None:
        recs = self._dupes("Customers")
        codes = [r["code"] for r in recs]
        existing = self._existing(_customers, Customer.code, codes, "code")
        ids = _Writer._ids_of(Customer, Customer.code, dict.fromkeys(existing, {}))
        for rec in recs:
            if rec["terms"] not in (None, _INVALID):
                try:
                    rec.v["terms"] = parse_terms(rec["terms"]).text
                except UserError as e:
                    self.chk.fault(rec, "terms", _reason(str(e)))
                    continue
            if rec["code"] in existing:
                old = existing[rec["code"]]
                if self._compare(rec, old):
                    self.cust_updates.append((ids[rec["code"]], rec))
                    self.result_.updated["Customers"].append(rec["code"])
                else:
                    self.result_.unchanged["Customers"] += 1
                self.customers[rec["code"]] = ids[rec["code"]]
            else:
                self.customers[rec["code"]] = rec
                self.new["Customers"].append(rec)

    def _customer_ref(self, rec: Rec, column: str = "customer") -> bool:
        code = rec[column]
        if code is None or code is _INVALID:
            return False
        if code in self.customers:
            return True
        cid = Customer.select(Customer.id).where(Customer.code == code).scalar()
        if cid is None:
            self.chk.fault(rec, column, "is not a customer in this workbook or in the book")
            return False
        self.customers[code] = cid
        return True

    def _check_orders(self) -> None:
        recs = self._dupes("Orders")
        existing = self._existing(_orders, Order.number, [r["number"] for r in recs], "number")
        self.orders: dict[str, Any] = {}  # number → Rec (new) or dict (book)
        for rec in recs:
            ok = self._customer_ref(rec)
            if rec["status"] not in (None, _INVALID) and rec["status"] not in ORDER_STATUSES:
                self.chk.fault(rec, "status", "is not an order status (" + ", ".join(ORDER_STATUSES) + ")")
            if rec["discount"] not in (None, _INVALID) and rec["discount"] < 0:
                self.chk.fault(rec, "discount", "cannot be negative")
            if rec["number"] in existing:
                self._same_or_refuse(rec, existing[rec["number"]], "the order", skip=("total", "status"))
                self.orders[rec["number"]] = existing[rec["number"]]
                self.result_.unchanged["Orders"] += 1
            elif ok:
                self.orders[rec["number"]] = rec
                self.new["Orders"].append(rec)

    def _order_of(self, rec: Rec, column: str, customer: str | None) -> Any:
        number = rec[column]
        if number is None or number is _INVALID:
            return None
        found = self.orders.get(number)
        if found is None:
            rows = list(_orders(self.cur, Order.number == number))
            if not rows:
                self.chk.fault(rec, column, "is not an order in this workbook or in the book")
                return None
            found = self.orders[number] = rows[0]
        owner = found["customer"]
        if customer is not None and owner != customer:
            self.chk.fault(rec, column, f"belongs to customer {owner}, not {customer}")
            return None
        return found

    def _check_order_lines(self) -> None:
        recs = self._dupes("OrderLines")
        self.order_lines: dict[tuple[str, int], Any] = {}
        book_lines: dict[tuple[str, int], dict[str, Any]] = {}
        numbers = {r["order"] for r in recs if _in_book(self.orders.get(r["order"]))}
        for d in _order_lines(self.cur, Order.number.in_(list(numbers) or [""])):
            book_lines[d["order"], d["line"]] = d
        for rec in recs:
            order = self._order_of(rec, "order", None)
            if order is None:
                continue
            self._line_amount(rec)
            key = (rec["order"], rec["line"])
            if _in_book(order):
                if key not in book_lines:
                    self.chk.fault(rec, "line", f"is a new line of order {rec['order']}, which is already in the book; change orders in Acerto")
                    continue
                self._same_or_refuse(rec, book_lines[key], "the order line")
                self.result_.unchanged["OrderLines"] += 1
            else:
                self.order_lines[key] = rec
                self.new["OrderLines"].append(rec)
        for o in self.new["Orders"]:
            if not any(k[0] == o["number"] for k in self.order_lines):
                self.chk.fault(o, "number", "has no lines on the OrderLines sheet")

    def _line_amount(self, rec: Rec) -> None:
        if not self.chk.valid(rec, "quantity", "unit_price", "amount"):
            return
        qty, price = rec["quantity"], rec["unit_price"]
        if price < 0:
            self.chk.fault(rec, "unit_price", "cannot be negative")
            return
        expected = self.cur.round(qty * price)
        if rec["amount"] is None:
            rec.v["amount"] = expected
        elif rec["amount"] != expected:
            self.chk.fault(rec, "amount", f"is not quantity × unit price ({self.cur.fmt(expected)})")

    def _check_invoices(self) -> None:
        recs = self._dupes("Invoices")
        existing = self._existing(_invoices, Invoice.number, [r["number"] for r in recs], "number")
        self.invoices: dict[str, Any] = {}
        for rec in recs:
            if rec["number"] in existing:
                self._same_or_refuse(rec, existing[rec["number"]], "the invoice", skip=("status",))
                self.invoices[rec["number"]] = existing[rec["number"]]
                self.result_.unchanged["Invoices"] += 1
                continue
            ok = self._customer_ref(rec)
            kind, status = rec["kind"], rec["status"]
            if kind is not _INVALID and kind not in INVOICE_KINDS:
                self.chk.fault(rec, "kind", "is not a kind of invoice (" + ", ".join(INVOICE_KINDS) + ")")
                ok = False
            if status == "draft":
                self.chk.fault(rec, "status", "drafts are not imported; post the invoice first")
            elif status not in (None, _INVALID) and status not in INVOICE_STATUSES:
                self.chk.fault(rec, "status", "is not an invoice status (" + ", ".join(INVOICE_STATUSES) + ")")
            if self.chk.valid(rec, "date", "due_date") and rec["due_date"] < rec["date"]:
                self.chk.fault(rec, "due_date", f"is before the invoice date {rec['date'].isoformat()}")
            if rec["terms"] not in (None, _INVALID):
                try:
                    rec.v["terms"] = parse_terms(rec["terms"]).text
                except UserError as e:
                    self.chk.fault(rec, "terms", _reason(str(e)))
            if rec["order"] is not None and ok:
                self._order_of(rec, "order", rec["customer"])
            self.invoices[rec["number"]] = rec
            self.new["Invoices"].append(rec)
        # References between invoices, once every number is known.
        for rec in self.new["Invoices"]:
            for column in ("corrects", "credits"):
                ref = rec[column]
                if ref in (None, _INVALID):
                    continue
                target = self._invoice(ref)
                if target is None:
                    self.chk.fault(rec, column, "is not an invoice in this workbook or in the book")
                elif target["customer"] != rec["customer"]:
                    self.chk.fault(rec, column, f"belongs to customer {target['customer']}, not {rec['customer']}")
                elif target["kind"] not in RECEIVABLE_KINDS:
                    self.chk.fault(rec, column, "is a credit note; only invoices are credited or corrected")
            if rec["kind"] == "credit_note" and rec["credits"] is None:
                self.chk.fault(rec, "credits", "is empty; a credit note names the invoice it credits")
            if rec["kind"] == "corrective" and rec["corrects"] is None:
                self.chk.fault(rec, "corrects", "is empty; a corrective invoice names the invoice it corrects")

    def _invoice(self, number: str) -> Any:
        found = self.invoices.get(number)
        if found is None:
            rows = list(_invoices(self.cur, Invoice.number == number))
            if rows:
                found = self.invoices[number] = rows[0]
        return found

    def _check_invoice_lines(self) -> None:
        recs = self._dupes("InvoiceLines")
        book_lines: dict[tuple[str, int], dict[str, Any]] = {}
        numbers = [r["invoice"] for r in recs if _in_book(self.invoices.get(r["invoice"]))]
        for i in range(0, len(numbers), 500):
            for d in _invoice_lines(self.cur, Invoice.number.in_(numbers[i:i + 500])):
                book_lines[d["invoice"], d["line"]] = d
        self.lines_of: dict[str, list[Rec]] = defaultdict(list)
        for rec in recs:
            inv = self._invoice(rec["invoice"]) if rec["invoice"] is not _INVALID else None
            if inv is None:
                self.chk.fault(rec, "invoice", "is not an invoice in this workbook or in the book")
                continue
            key = (rec["invoice"], rec["line"])
            if _in_book(inv):
                if key not in book_lines:
                    self.chk.fault(rec, "line", f"is a new line of invoice {rec['invoice']}, which is already in the book; posted invoices are not changed")
                else:
                    self._same_or_refuse(rec, book_lines[key], "the invoice line")
                    self.result_.unchanged["InvoiceLines"] += 1
                continue
            role = rec["role"] or ("credit" if inv["kind"] == "credit_note" else "bill")
            rec.v["role"] = role
            if role not in LINE_ROLES:
                self.chk.fault(rec, "role", "is not a line role (" + ", ".join(LINE_ROLES) + ")")
            if self.chk.valid(rec, "quantity", "unit_price", "amount"):
                qty, price = rec["quantity"], rec["unit_price"]
                expected = self.cur.round(qty * price)
                if price < 0:
                    self.chk.fault(rec, "unit_price", "cannot be negative")
                elif rec["amount"] != expected:
                    self.chk.fault(rec, "amount", f"is not quantity × unit price ({self.cur.fmt(expected)})")
                elif (role == "bill") != (qty > 0):
                    self.chk.fault(rec, "quantity", "must be above zero on a billed line and below zero on a credit or reversal")
            if rec["order_line"] not in (None, _INVALID):
                order = inv["order"]
                if order is None:
                    self.chk.fault(rec, "order_line", "names an order line, but the invoice has no order")
                elif (order, rec["order_line"]) not in self.order_lines and not OrderLine.select().join(Order).where(
                    (Order.number == order) & (OrderLine.seq == rec["order_line"])
                ).exists():
                    self.chk.fault(rec, "order_line", f"is not a line of order {order}")
            if rec["original_invoice"] not in (None, _INVALID):
                if self._invoice(rec["original_invoice"]) is None:
                    self.chk.fault(rec, "original_invoice", "is not an invoice in this workbook or in the book")
                elif rec["original_line"] in (None, _INVALID):
                    self.chk.fault(rec, "original_line", "is empty; name the line of the original invoice")
            self.lines_of[rec["invoice"]].append(rec)
            self.new["InvoiceLines"].append(rec)
        for inv in self.new["Invoices"]:
            if inv["number"] not in self.lines_of:
                self.chk.fault(inv, "number", "has no lines on the InvoiceLines sheet")

    def _check_payments(self) -> None:
        recs = self._dupes("Payments")
        existing = self._existing(_payments, Payment.number, [r["number"] for r in recs], "number")
        self.payments: dict[str, Any] = {}
        for rec in recs:
            if rec["number"] in existing:
                self._same_or_refuse(rec, existing[rec["number"]], "the payment")
                self.payments[rec["number"]] = existing[rec["number"]]
                self.result_.unchanged["Payments"] += 1
                continue
            if rec["number"] in self.invoices:
                self.chk.fault(rec, "number", "is already the number of an invoice or credit note")
            ok = self._customer_ref(rec)
            if self.chk.valid(rec, "amount") and rec["amount"] <= 0:
                self.chk.fault(rec, "amount", "must be more than zero")
            if ok and rec["order"] is not None:
                self._order_of(rec, "order", rec["customer"])
            self.payments[rec["number"]] = rec
            self.new["Payments"].append(rec)

    def _payment(self, number: str) -> Any:
        found = self.payments.get(number)
        if found is None:
            rows = list(_payments(self.cur, Payment.number == number))
            if rows:
                found = self.payments[number] = rows[0]
        return found

    def _check_refunds_refs(self) -> None:
        recs = self._dupes("Refunds")
        existing = self._existing(_refunds, Refund.number, [r["number"] for r in recs], "number")
        for rec in recs:
            if rec["number"] in existing:
                self._same_or_refuse(rec, existing[rec["number"]], "the refund")
                self.result_.unchanged["Refunds"] += 1
                continue
            ok = self._customer_ref(rec)
            if self.chk.valid(rec, "amount") and rec["amount"] <= 0:
                self.chk.fault(rec, "amount", "must be more than zero")
            src = rec["source"]
            if src not in (None, _INVALID):
                doc = self._payment(src) or self._invoice(src)
                if doc is None:
                    self.chk.fault(rec, "source", "is not a payment or credit note in this workbook or in the book")
                elif ok and doc["customer"] != rec["customer"]:
                    self.chk.fault(rec, "source", f"belongs to customer {doc['customer']}, not {rec['customer']}")
                elif self._payment(src) is None and not _is_credit(doc["kind"], self._total_of(src)):
                    self.chk.fault(rec, "source", "is an invoice; only payments and credit notes are refunded")
            if rec["order"] not in (None, _INVALID) and ok:
                self._order_of(rec, "order", rec["customer"])
            self.new["Refunds"].append(rec)

    def _total_of(self, number: str) -> Decimal | None:
        """An invoice's total: the file's total column, else the sum of its lines."""
        inv = self._invoice(number)
        if inv is None:
            return None
        if _in_book(inv):
            return Decimal(inv["total"])  # already a Decimal from the book
        lines = self.lines_of.get(number, [])
        if any(not self.chk.valid(ln, "amount") for ln in lines):
            return None
        return sum((ln["amount"] for ln in lines), ZERO)

    def _check_totals(self) -> None:
        for rec in self.new["Invoices"]:
            total = self._total_of(rec["number"])
            if total is None:
                continue
            if rec["total"] not in (None, _INVALID) and rec["total"] != total:
                self.chk.fault(rec, "total", f"is not the sum of the invoice's lines ({self.cur.fmt(total)})")
            kind = rec["kind"]
            if kind in ("invoice", "standalone") and total <= 0:
                self.chk.fault(rec, "total", "must be more than zero on an invoice; credits are credit notes")
            if kind == "credit_note" and total >= 0:
                self.chk.fault(rec, "total", "must be below zero on a credit note")
        for rec in self.new["Orders"]:
            if not self.chk.valid(rec, "discount"):
                continue
            lines = [r for k, r in self.order_lines.items() if k[0] == rec["number"]]
            if any(not self.chk.valid(ln, "amount", "removed") for ln in lines):
                continue
            total = sum((ln["amount"] for ln in lines if not ln["removed"]), ZERO) - (rec["discount"] or ZERO)
            rec.v["_total"] = total
            if total < 0:
                self.chk.fault(rec, "discount", "is larger than the order")
            elif rec["total"] not in (None, _INVALID) and rec["total"] != total:
                self.chk.fault(rec, "total", f"is not the lines minus the discount ({self.cur.fmt(total)})")

    def unbilled_of(self, number: str) -> list[tuple[str | None, int | None, str, Decimal, Decimal, Decimal]]:
        """A new corrective invoice's reductions, as unbilled items (SPEC §5.3), in line order.

        Each (original invoice, original line, description, quantity, unit price, amount).
        """
        lines = self.lines_of.get(number, [])
        if any(not self.chk.valid(ln, "quantity", "unit_price") for ln in lines):
            return []
        billed = {(ln["original_invoice"], ln["original_line"]): ln["quantity"]
                  for ln in lines if ln["role"] == "bill"}
        out = []
        for ln in lines:
            if ln["role"] != "reverse":
                continue
            orig_qty = -ln["quantity"]
            new = billed.get((ln["original_invoice"], ln["original_line"]), ZERO)
            if new < orig_qty:
                lost = orig_qty - new
                out.append((ln["original_invoice"], ln["original_line"],
                            ln["description"].removeprefix("Reversal: "), lost, ln["unit_price"],
                            self.cur.round(lost * ln["unit_price"])))
        return out

    def _check_unbilled(self) -> None:
        recs = self._dupes("Unbilled")
        self.unbilled_status: dict[tuple[str, int], Rec] = {}
        existing: dict[tuple[str, int], dict[str, Any]] = {}
        book_numbers = [r["invoice"] for r in recs if _in_book(self._invoice(r["invoice"]))]
        for i in range(0, len(book_numbers), 500):
            for d in _unbilled_items(self.cur, Invoice.number.in_(book_numbers[i:i + 500])):
                existing[d["invoice"], d["line"]] = d
        for rec in recs:
            inv = self._invoice(rec["invoice"])
            if inv is None or inv["kind"] != "corrective":
                self.chk.fault(rec, "invoice", "is not a corrective invoice in this workbook or in the book")
                continue
            key = (rec["invoice"], rec["line"])
            if _in_book(inv):
                if key not in existing:
                    self.chk.fault(rec, "line", f"is not an unbilled item of {rec['invoice']}")
                else:
                    self._same_or_refuse(rec, existing[key], "the unbilled item")
                    self.result_.unchanged["Unbilled"] += 1
                continue
            items = self.unbilled_of(rec["invoice"])
            if not 1 <= rec["line"] <= len(items):
                self.chk.fault(rec, "line", f"is not an unbilled item of {rec['invoice']}: its lines leave {len(items)}")
                continue
            item = items[rec["line"] - 1]
            for column, value in (("description", item[2]), ("quantity", item[3]), ("amount", item[5])):
                if rec[column] not in (None, _INVALID) and not _same(rec[column], value):
                    self.chk.fault(rec, column, f"differs from what the corrective invoice leaves unbilled ({_shown(value)})")
            status = rec["status"]
            if status not in UNBILLED_STATUSES:
                self.chk.fault(rec, "status", "is not open, billed or not_chargeable")
                continue
            if status != "open" and rec["date"] is None:
                self.chk.fault(rec, "date", f"is empty; a {status.replace('_', ' ')} item needs the date it was")
            if status == "billed":
                billed = self._invoice(rec["billed_invoice"]) if rec["billed_invoice"] not in (None, _INVALID) else None
                if billed is None:
                    self.chk.fault(rec, "billed_invoice", "is not an invoice in this workbook or in the book")
                    continue
                if billed["customer"] != inv["customer"]:
                    self.chk.fault(rec, "billed_invoice", f"belongs to customer {billed['customer']}, not {inv['customer']}")
                    continue
            self.unbilled_status[key] = rec
            self.new["Unbilled"].append(rec)

    # ---------------------------------------------------------------- the rules, simulated

    def _check_settlements(self) -> None:
        recs = self._dupes("Settlements")
        params = book.params()
        # Running figures in minor units, started from the book for documents already there.
        self.inv_settled: dict[str, int] = {}
        self.inv_discount: dict[str, int] = {}
        self.src_used: dict[str, int] = {}
        self.cn_used: dict[str, int] = {}
        book_seq = self._book_settlements({(r["source"], r["invoice"]) for r in recs})
        next_seq: dict[tuple[str, str], int] = {}
        in_book: dict[tuple[str, str], int] = defaultdict(int)
        for k in book_seq:
            in_book[k[0], k[1]] += 1
        new_rows: dict[tuple[str, str, int], Rec] = {}
        self.reversed_: set[tuple[str, str, int]] = {k for k, d in book_seq.items() if d.get("_reversed")}
        for rec in recs:
            key3 = (rec["source"], rec["invoice"], rec["seq"])
            pair = (rec["source"], rec["invoice"])
            if key3 in book_seq:
                self._same_or_refuse(rec, book_seq[key3], "the settlement")
                self.result_.unchanged["Settlements"] += 1
                continue
            expected = next_seq.get(pair, 1 + in_book[pair])
            if rec["seq"] != expected:
                self.chk.fault(rec, "seq", f"should be {expected}: the settlements between {pair[0]} and {pair[1]} are numbered 1, 2, 3 … without gaps")
                continue
            next_seq[pair] = expected + 1
            if not self.chk.valid(rec, "date", "amount", "discount", "writeoff", "full_settlement", "reverses", "automatic"):
                continue
            if self._rule_check(rec, params, book_seq, new_rows):
                new_rows[key3] = rec
                self.new["Settlements"].append(rec)

    def _book_settlements(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str, int], dict[str, Any]]:
        """The book's settlements between the given (source, invoice) pairs, keyed by seq."""
        out: dict[tuple[str, str, int], dict[str, Any]] = {}
        sources = sorted({p[0] for p in pairs if isinstance(p[0], str)})
        if not sources:
            return out
        cn = Invoice.alias("cn")
        for i in range(0, len(sources), 500):
            chunk = sources[i:i + 500]
            where = Payment.number.in_(chunk) | cn.number.in_(chunk)
            for d in _settlements(self.cur, where):
                key = (d["source"], d["invoice"], d["seq"])
                if (d["source"], d["invoice"]) in pairs:
                    out[key] = d
                if d["reverses"]:
                    rev = (d["source"], d["invoice"], d["reverses"])
                    if rev in out:
                        out[rev]["_reversed"] = True
        return out

    def _source_state(self, number: str) -> tuple[str, str, dt.date, int] | None:
        """(kind, customer, date, available minor units before any new settlement) of a source."""
        pay = self._payment(number)
        if pay is not None:
            if _in_book(pay):
                row = Payment.get(Payment.number == number)
                return PAYMENT, pay["customer"], pay["date"], row.amount - row.applied - row.refunded
            return PAYMENT, pay["customer"], pay["date"], self.cur.to_minor(pay["amount"])
        inv = self._invoice(number)
        if inv is None:
            return None
        total = self._total_of(number)
        if total is None or not _is_credit(inv["kind"], total):
            return ("invoice", inv["customer"], inv["date"], 0)
        if _in_book(inv):
            cn = Invoice.get(Invoice.number == number)
            return CREDIT_NOTE, inv["customer"], inv["date"], cn.settled - cn.total
        return CREDIT_NOTE, inv["customer"], inv["date"], -self.cur.to_minor(total)

    def _target_state(self, number: str) -> tuple[str, dt.date, int, int, int, str] | None:
        """(customer, date, total, settled, discount taken, terms) of an invoice, minor units."""
        inv = self._invoice(number)
        if inv is None:
            return None
        if _in_book(inv):
            row = Invoice.get(Invoice.number == number)
            return inv["customer"], inv["date"], row.total, row.settled, row.discount_taken, row.terms_text
        total = self._total_of(number)
        if total is None:
            return None
        return inv["customer"], inv["date"], self.cur.to_minor(total), 0, 0, inv["terms"] or ""

    def _rule_check(self, rec: Rec, params: Any, book_seq: Mapping[tuple[str, str, int], Mapping[str, Any]],
                    new_rows: Mapping[tuple[str, str, int], Rec]) -> bool:
        cur = self.cur
        f = cur.fmt
        src = self._source_state(rec["source"])
        if src is None:
            self.chk.fault(rec, "source", "is not a payment or credit note in this workbook or in the book")
            return False
        kind, src_customer, src_date, available = src
        if kind == "invoice":
            self.chk.fault(rec, "source", "is an invoice, not a payment or credit note; it cannot pay")
            return False
        target = self._target_state(rec["invoice"])
        inv = self._invoice(rec["invoice"])
        if target is None or inv is None:
            if inv is None:
                self.chk.fault(rec, "invoice", "is not an invoice in this workbook or in the book")
            return False
        customer, inv_date, total, settled, discount_taken, terms_text = target
        if inv["kind"] not in RECEIVABLE_KINDS or total <= 0:
            self.chk.fault(rec, "invoice", "is a credit, not an invoice to settle")
            return False
        if customer != src_customer:
            self.chk.fault(rec, "invoice", f"belongs to customer {customer}, but {rec['source']} to {src_customer}")
            return False
        amount = cur.to_minor(rec["amount"])
        discount = cur.to_minor(rec["discount"] or ZERO)
        writeoff = cur.to_minor(rec["writeoff"] or ZERO)
        full = cur.to_minor(rec["full_settlement"] or ZERO)
        ok = True
        if rec["reverses"] is not None:
            rkey = (rec["source"], rec["invoice"], rec["reverses"])
            orig = book_seq.get(rkey) or (new_rows[rkey].v if rkey in new_rows else None)
            if orig is None or rec["reverses"] >= rec["seq"]:
                self.chk.fault(rec, "reverses", f"is not an earlier settlement between {rec['source']} and {rec['invoice']}")
                return False
            if orig.get("reverses"):
                self.chk.fault(rec, "reverses", "names an unsettlement; an unsettlement cannot be undone")
                return False
            if rkey in self.reversed_:
                self.chk.fault(rec, "reverses", "names a settlement that is already undone")
                return False
            parts = ("amount", "discount", "writeoff", "full_settlement")
            if any(cur.to_minor(rec[p] or ZERO) != -cur.to_minor(orig[p] or ZERO) for p in parts):
                self.chk.fault(rec, "amount", "must be the exact negative of the settlement it reverses, in every part")
                return False
            if rec["date"] < orig["date"]:
                self.chk.fault(rec, "date", "is before the settlement it reverses")
                return False
            self.reversed_.add(rkey)
        else:
            if rec["date"] < src_date:
                self.chk.fault(rec, "date", f"is before {rec['source']} ({src_date.isoformat()})")
                ok = False
            if amount < 0 or (amount == 0 and discount == 0 and writeoff == 0 and full == 0):
                self.chk.fault(rec, "amount", "must be more than zero")
                ok = False
            if full < 0:
                self.chk.fault(rec, "full_settlement", "cannot be negative")
                ok = False
            if full > 0 and not params.full_settlement_allowed:
                self.chk.fault(rec, "full_settlement", "full settlement is not allowed in this book (setting full_settlement_allowed)")
                ok = False
            if discount > 0:
                if kind != PAYMENT:
                    self.chk.fault(rec, "discount", "a credit note takes no cash discount")
                    ok = False
                else:
                    terms = parse_terms(terms_text or "net 0")
                    if terms.tier_on(inv_date, rec["date"]) is None:
                        self.chk.fault(rec, "discount", f"no cash discount is in force on {rec['date'].isoformat()} under the terms \"{terms.text}\"")
                        ok = False
            elif discount < 0 and kind != CREDIT_NOTE:
                self.chk.fault(rec, "discount", "only a credit note reverses cash discount")
                ok = False
        if not ok:
            return False
        # Running figures: the invoice, the source.
        num, src_num = rec["invoice"], rec["source"]
        settled_now = self.inv_settled.get(num, settled) + amount + discount + writeoff + full
        if not 0 <= settled_now <= total:
            left = total - self.inv_settled.get(num, settled)
            self.chk.fault(rec, "amount", f"would settle invoice {num} beyond its total (it has {f(cur.from_minor(left))} open)")
            return False
        taken = self.inv_discount.get(num, discount_taken) + discount
        if discount > 0:
            terms = parse_terms(terms_text or "net 0")
            cap = cur.to_minor(cur.round(cur.from_minor(total) * terms.max_percent / 100))
            if taken > cap:
                self.chk.fault(rec, "discount", f"takes the cash discounts on {num} past total × percent ({f(cur.from_minor(cap))})")
                return False
        used = self.src_used.get(src_num, 0) + amount
        if used > available:
            left = available - self.src_used.get(src_num, 0)
            self.chk.fault(rec, "amount", f"applies more than {src_num} has left ({f(cur.from_minor(left))})")
            return False
        self.inv_settled[num] = settled_now
        self.inv_discount[num] = taken + full
        self.src_used[src_num] = used
        rec.v["_kind"] = kind
        return True

    def _check_refunds_amounts(self) -> None:
        """Refunds are checked after settlements: they pay back what is left."""
        self.refunded: dict[str, int] = {}
        for rec in self.new["Refunds"]:
            src = rec["source"]
            if src in (None, _INVALID) or not self.chk.valid(rec, "amount"):
                continue
            state = self._source_state(src)
            if state is None or state[0] == "invoice":
                continue
            amount = self.cur.to_minor(rec["amount"])
            used = self.src_used.get(src, 0) + self.refunded.get(src, 0) + amount
            if used > state[3]:
                self.chk.fault(rec, "amount", f"refunds more than {src} has left unapplied")
                continue
            self.refunded[src] = self.refunded.get(src, 0) + amount

    # ---------------------------------------------------------------- result and writing

    def result(self, dry_run: bool) -> ImportResult:
        r = self.result_
        r.dry_run = dry_run
        for sheet in SHEET_ORDER:
            keys = KEYS[sheet]
            r.created[sheet] = [
                " ".join(str(rec[k]) for k in keys) if len(keys) > 1 else str(rec[keys[0]])
                for rec in self.new[sheet]
            ]
        return r

    def write(self, meter: _Meter | None = None) -> None:
        _Writer(self, meter).run()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(a) == Decimal(b)
        except (InvalidOperation, TypeError, ValueError):
            return False
    if isinstance(a, str) or isinstance(b, str):
        return (a or "") == (b or "")
    return bool(a == b)


def _is_credit(kind: str, total: Decimal | None) -> bool:
    return kind == "credit_note" or (kind == "corrective" and total is not None and total < 0)


# ---------------------------------------------------------------- the writer


class _Writer:
    """Bulk writes of a checked plan: rows, cached figures, journal, counters."""

    CHUNK = 400

    def __init__(self, plan: _Plan, meter: _Meter | None = None) -> None:
        self.p = plan
        self.cur = plan.cur
        self.meter = meter
        self.entries: list[tuple[Any, ...]] = []  # (date, description, invoice, payment, settlement, refund, order)
        # Each entry's lines as (account, debit, credit) in minor units.
        self.entry_lines: list[list[tuple[str, int, int]]] = []
        self.unbilled_items: dict[tuple[str, int], Any] = {}

    def run(self) -> None:
        p, cur = self.p, self.cur
        # Customers: updates, then new ones.
        for cid, rec in p.cust_updates:
            fields = {k: rec[k] for k in ("name", "address", "tax_id", "email") if rec[k] is not None}
            if rec["terms"]:
                fields["terms"] = book.stored_terms(parse_terms(rec["terms"])).id
            Customer.update(**fields).where(Customer.id == cid).execute()
        new_c = p.new["Customers"]
        ids = _reserve(Customer, len(new_c))
        rows = []
        for cid, rec in zip(ids, new_c, strict=True):
            terms_id = book.stored_terms(parse_terms(rec["terms"])).id if rec["terms"] else None
            rows.append((cid, rec["code"], rec["name"], rec["address"] or "", rec["tax_id"] or "",
                         rec["email"] or "", terms_id))
            p.customers[rec["code"]] = cid
        _bulk(Customer, ("id", "code", "name", "address", "tax_id", "email", "terms"), rows, self._tick)
        cust = self.cust = self._customer_ids()

        # Orders and their lines (figures filled in below).
        order_ids = self._ids_of(Order, Order.number, p.orders)
        new_o = p.new["Orders"]
        for oid, rec in zip(_reserve(Order, len(new_o)), new_o, strict=True):
            order_ids[rec["number"]] = oid
        _bulk(Order, ("id", "number", "customer", "date", "status", "discount", "total", "notes"), [
            (order_ids[r["number"]], r["number"], cust[r["customer"]], r["date"],
             "cancelled" if r["status"] == "cancelled" else "open", cur.to_minor(r["discount"] or ZERO),
             cur.to_minor(r.v.get("_total", ZERO)), r["notes"] or "")
            for r in new_o
        ], self._tick)
        ol_ids: dict[tuple[str, int], int] = {}
        new_ol = p.new["OrderLines"]
        for lid, rec in zip(_reserve(OrderLine, len(new_ol)), new_ol, strict=True):
            ol_ids[rec["order"], rec["line"]] = lid
        _bulk(OrderLine, ("id", "order", "seq", "description", "quantity", "unit_price", "amount", "removed"), [
            (ol_ids[r["order"], r["line"]], order_ids[r["order"]], r["line"], r["description"],
             qty_to_milli(r["quantity"]), cur.to_minor(r["unit_price"]), cur.to_minor(r["amount"]),
             bool(r["removed"]))
            for r in new_ol
        ], self._tick)

        # Invoices and lines.
        inv_ids = self._ids_of(Invoice, Invoice.number, p.invoices)
        new_i = p.new["Invoices"]
        for iid, rec in zip(_reserve(Invoice, len(new_i)), new_i, strict=True):
            inv_ids[rec["number"]] = iid
        for num in list(p.payments) + [r["order"] for r in new_i if r["order"]] + [
            r["order"] for r in p.new["Payments"] if r["order"]
        ]:
            if num and num in p.orders and num not in order_ids:
                order_ids[num] = Order.get(Order.number == num).id
        for r in new_i:
            for column in ("corrects", "credits"):
                if r[column] and r[column] not in inv_ids:
                    inv_ids[r[column]] = Invoice.get(Invoice.number == r[column]).id
        totals: dict[str, int] = {}
        inv_rows = []
        for r in new_i:
            minor = cur.to_minor(p._total_of(r["number"]) or ZERO)
            totals[r["number"]] = minor
            disc_date, disc_bp = None, 0
            if r["terms"] and r["kind"] in ("invoice", "standalone"):
                terms = parse_terms(r["terms"])
                if terms.tiers:
                    disc_date = terms.discount_until(terms.tiers[0], r["date"])
                    disc_bp = int(terms.tiers[0].percent * 100)
            inv_rows.append((
                inv_ids[r["number"]], r["number"], r["kind"], "posted", cust[r["customer"]],
                order_ids.get(r["order"]) if r["order"] else None, r["date"], r["due_date"],
                r["terms"] or "", disc_date, disc_bp, minor, 0, 0,
                inv_ids.get(r["corrects"]) if r["corrects"] else None,
                inv_ids.get(r["credits"]) if r["credits"] else None, r["reason"] or "",
                dt.datetime.combine(r["date"], dt.time(0)),
            ))
        _bulk(Invoice, ("id", "number", "kind", "status", "customer", "order", "date", "due_date",
                        "terms_text", "discount_date", "discount_percent_bp", "total", "settled",
                        "discount_taken", "corrects", "credits", "reason", "posted_at"), inv_rows, self._tick)
        self._write_invoice_lines(inv_ids, order_ids, ol_ids)

        # Payments.
        new_p = p.new["Payments"]
        pay_ids = self._ids_of(Payment, Payment.number, p.payments)
        for pid, rec in zip(_reserve(Payment, len(new_p)), new_p, strict=True):
            pay_ids[rec["number"]] = pid
        pay_minor = [cur.to_minor(r["amount"]) for r in new_p]  # amounts are above zero: checked
        _bulk(Payment, ("id", "number", "customer", "order", "date", "amount", "method", "reference"), [
            (pay_ids[r["number"]], r["number"], cust[r["customer"]],
             order_ids.get(r["order"]) if r["order"] else None, r["date"], minor,
             r["method"] or "bank transfer", r["reference"] or "")
            for r, minor in zip(new_p, pay_minor, strict=True)
        ], self._tick)

        # Journal of documents, in the services' shapes.
        for r in new_i:
            iid = inv_ids[r["number"]]
            total = cur.from_minor(totals[r["number"]])
            if r["kind"] == "corrective":
                orig = r["corrects"]
                self._entry(r["date"], f"Corrective invoice {r['number']} of {orig}",
                            [*_drcr(RECEIVABLES, SALES, total), *_drcr(UNBILLED, SALES, self._unbilled(r, iid))],
                            invoice=iid)
            elif r["kind"] == "credit_note":
                self._entry(r["date"], f"Credit note {r['number']} on {r['credits']}",
                            _drcr(SALES, RECEIVABLES, -total), invoice=iid)
            else:
                word = "Invoice" if r["kind"] == "invoice" else "Standalone invoice"
                self._entry(r["date"], f"{word} {r['number']}", _drcr(RECEIVABLES, SALES, total), invoice=iid)
        # A payment's entry is always bank to advances: built here in minor units.
        entries, entry_lines = self.entries, self.entry_lines
        for r, minor in zip(new_p, pay_minor, strict=True):
            entries.append((r["date"], f"Payment {r['number']}", None, pay_ids[r["number"]],
                            None, None, None))
            entry_lines.append([(BANK, minor, 0), (ADVANCES, 0, minor)])

        self._write_settlements(inv_ids, pay_ids)
        self._write_refunds(cust, pay_ids, inv_ids, order_ids)
        self._close_unbilled(inv_ids)
        self._flush_journal()
        self._refresh_figures(inv_ids, pay_ids, order_ids)
        self._advance_counters()

    def _customer_ids(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for code, v in self.p.customers.items():
            out[code] = v if isinstance(v, int) else Customer.get(Customer.code == code).id
        return out

    @staticmethod
    def _ids_of(model: Any, field_: Any, known: Mapping[str, Any]) -> dict[str, int]:
        numbers = [k for k, v in known.items() if _in_book(v)]
        out: dict[str, int] = {}
        for i in range(0, len(numbers), 500):
            q: Any = model.select(field_, model.id).where(field_.in_(numbers[i:i + 500])).tuples()
            out.update(dict(q))
        return out

    def _write_invoice_lines(self, inv_ids: dict[str, int], order_ids: dict[str, int],
                             ol_ids: dict[tuple[str, int], int]) -> None:
        p, cur = self.p, self.cur
        new_l = p.new["InvoiceLines"]
        line_ids: dict[tuple[str, int], int] = {}
        for lid, rec in zip(_reserve(InvoiceLine, len(new_l)), new_l, strict=True):
            line_ids[rec["invoice"], rec["line"]] = lid
        rows = []
        for r in new_l:
            inv = p._invoice(r["invoice"])
            ol = None
            if r["order_line"] is not None:
                key = (inv["order"], r["order_line"])
                ol = ol_ids.get(key) or OrderLine.select(OrderLine.id).join(Order).where(
                    (Order.number == key[0]) & (OrderLine.seq == key[1])).scalar()
            orig = None
            if r["original_invoice"]:
                okey = (r["original_invoice"], r["original_line"])
                orig = line_ids.get(okey) or InvoiceLine.select(InvoiceLine.id).join(Invoice).where(
                    (Invoice.number == okey[0]) & (InvoiceLine.seq == okey[1])).scalar()
            rows.append((line_ids[r["invoice"], r["line"]], inv_ids[r["invoice"]], r["line"], r["description"],
                         qty_to_milli(r["quantity"]), cur.to_minor(r["unit_price"]), cur.to_minor(r["amount"]),
                         ol, orig, r["role"]))
        _bulk(InvoiceLine, ("id", "invoice", "seq", "description", "quantity", "unit_price", "amount",
                            "order_line", "original_line", "role"), rows, self._tick)

    def _unbilled(self, rec: Rec, iid: int) -> Decimal:
        """Write a new corrective invoice's unbilled items; their total for its journal entry."""
        cur = self.cur
        total = ZERO
        for n, (oinv, oline, desc, qty, price, amount) in enumerate(self.p.unbilled_of(rec["number"]), 1):
            total += amount
            orig_id = InvoiceLine.select(InvoiceLine.id).join(Invoice).where(
                (Invoice.number == oinv) & (InvoiceLine.seq == oline)
            ).scalar() if oinv else None
            item = UnbilledItem.create(customer=self.cust[rec["customer"]], invoice=iid, original_line=orig_id,
                                       description=desc, quantity=qty_to_milli(qty),
                                       unit_price=cur.to_minor(price), amount=cur.to_minor(amount))
            self.unbilled_items[rec["number"], n] = item
        return total

    def _close_unbilled(self, inv_ids: dict[str, int]) -> None:
        """Billed / not chargeable items, with the journal entries of those actions."""
        for key, rec in self.p.unbilled_status.items():
            item = self.unbilled_items.get(key)
            if item is None or rec["status"] == "open":
                continue
            amount = self.cur.from_minor(item.amount)
            if rec["status"] == "billed":
                number = rec["billed_invoice"]
                bid = inv_ids.get(number) or Invoice.get(Invoice.number == number).id
                UnbilledItem.update(status="billed", billed_invoice=bid).where(UnbilledItem.id == item.id).execute()
                self._entry(rec["date"], f"Unbilled item {item.id} billed on {number}",
                            _drcr(SALES, UNBILLED, amount), invoice=bid)
            else:
                UnbilledItem.update(status="not_chargeable").where(UnbilledItem.id == item.id).execute()
                self._entry(rec["date"], f"Unbilled item {item.id} not chargeable",
                            _drcr(SALES, UNBILLED, amount), invoice=item.invoice_id)

    def _write_settlements(self, inv_ids: dict[str, int], pay_ids: dict[str, int]) -> None:
        p, cur = self.p, self.cur
        new_s = p.new["Settlements"]
        ids = _reserve(Settlement, len(new_s))
        by_key: dict[tuple[str, str, int], int] = {}
        for sid, rec in zip(ids, new_s, strict=True):
            by_key[rec["source"], rec["invoice"], rec["seq"]] = sid
        rows = []
        for sid, r in zip(ids, new_s, strict=True):
            src, inv = r["source"], r["invoice"]
            if inv not in inv_ids:
                inv_ids[inv] = Invoice.get(Invoice.number == inv).id
            is_pay = r.v["_kind"] == PAYMENT
            if is_pay and src not in pay_ids:
                pay_ids[src] = Payment.get(Payment.number == src).id
            if not is_pay and src not in inv_ids:
                inv_ids[src] = Invoice.get(Invoice.number == src).id
            rev = None
            if r["reverses"]:
                rev = by_key.get((src, inv, r["reverses"]))
                if rev is None:
                    rev = self._book_settlement_id(src, inv, r["reverses"])
            amount = r["amount"]
            discount, writeoff, full = (r["discount"] or ZERO), (r["writeoff"] or ZERO), (r["full_settlement"] or ZERO)
            rows.append((sid, pay_ids[src] if is_pay else None, None if is_pay else inv_ids[src], inv_ids[inv],
                         r["date"], cur.to_minor(amount), cur.to_minor(discount), cur.to_minor(writeoff),
                         cur.to_minor(full), r["explanation"] or "", rev, bool(r["automatic"])))
            app = Application(inv, ZERO, amount, discount, writeoff, full)
            if rev is not None:
                desc = f"Unsettlement {sid} of settlement {rev}"
            else:
                desc = f"Settlement {sid}: {src} → {inv}"
            self._entry(r["date"], desc, list(journal_for([app], PAYMENT if is_pay else CREDIT_NOTE)),
                        settlement=sid, invoice=inv_ids[inv], payment=pay_ids[src] if is_pay else None)
        _bulk(Settlement, ("id", "payment", "credit_note", "invoice", "date", "amount", "discount", "writeoff",
                           "full_settlement", "explanation", "reverses", "automatic"), rows, self._tick)

    @staticmethod
    def _book_settlement_id(source: str, invoice: str, seq: int) -> int:
        cn = Invoice.alias("cn")
        q: Any = (
            Settlement.select(Settlement.id)
            .join(Invoice, on=(Settlement.invoice == Invoice.id))
            .switch(Settlement).join(Payment, JOIN.LEFT_OUTER, on=(Settlement.payment == Payment.id))
            .switch(Settlement).join(cn, JOIN.LEFT_OUTER, on=(Settlement.credit_note == cn.id))
            .where((Invoice.number == invoice) & ((Payment.number == source) | (cn.number == source)))
            .order_by(Settlement.id)
            .tuples()
        )
        return int(list(q)[seq - 1][0])

    def _write_refunds(self, cust: dict[str, int], pay_ids: dict[str, int], inv_ids: dict[str, int],
                       order_ids: dict[str, int]) -> None:
        p, cur = self.p, self.cur
        new_r = p.new["Refunds"]
        ids = _reserve(Refund, len(new_r))
        rows = []
        for rid, r in zip(ids, new_r, strict=True):
            src = r["source"]
            pay = inv = None
            if src:
                state = p._source_state(src)
                if state is not None and state[0] == PAYMENT:
                    pay = pay_ids.get(src) or Payment.get(Payment.number == src).id
                else:
                    inv = inv_ids.get(src) or Invoice.get(Invoice.number == src).id
            order = None
            if r["order"]:
                order = order_ids.get(r["order"]) or Order.get(Order.number == r["order"]).id
            rows.append((rid, r["number"], cust[r["customer"]], order, pay, inv, r["date"],
                         cur.to_minor(r["amount"]), r["reason"] or ""))
            account = RECEIVABLES if inv is not None else ADVANCES
            reason = r["reason"] or f"Refund of credit on {src}"
            self._entry(r["date"], f"Refund {r['number']}: {reason}", _drcr(account, REFUNDS_PAYABLE, r["amount"]),
                        refund=rid, payment=pay)
        _bulk(Refund, ("id", "number", "customer", "order", "payment", "credit_note", "date", "amount", "reason"), rows, self._tick)

    def _entry(self, on: dt.date, description: str, lines: Iterable[Line | None], **refs: Any) -> None:
        kept = [ln for ln in lines if ln is not None and (ln.debit or ln.credit)]
        if not kept:
            return
        if sum((ln.debit for ln in kept), ZERO) != sum((ln.credit for ln in kept), ZERO):
            raise AssertionError(f"unbalanced journal entry {description}")
        self.entries.append((on, description, refs.get("invoice"), refs.get("payment"),
                             refs.get("settlement"), refs.get("refund"), refs.get("order")))
        to_minor = self.cur.to_minor
        self.entry_lines.append([(ln.account, to_minor(ln.debit), to_minor(ln.credit)) for ln in kept])

    def _flush_journal(self) -> None:
        ids = _reserve(JournalEntry, len(self.entries))
        check = self.meter.check if self.meter is not None else None
        _bulk(JournalEntry, ("id", "date", "description", "invoice", "payment", "settlement", "refund", "order"),
              [(eid, *e) for eid, e in zip(ids, self.entries, strict=True)],
              check and (lambda _n: check()))
        lines = [
            (eid, *ln)
            for eid, kept in zip(ids, self.entry_lines, strict=True)
            for ln in kept
        ]
        _bulk(JournalLine, ("entry", "account", "debit", "credit"), lines, check and (lambda _n: check()))

    def _tick(self, n: int) -> None:
        if self.meter is not None:
            self.meter.add(n)

    def _refresh_figures(self, inv_ids: dict[str, int], pay_ids: dict[str, int], order_ids: dict[str, int]) -> None:
        """Cached figures and statuses of every document the import touched, from their rows."""
        p = self.p
        touched_inv = {inv_ids[r["number"]] for r in p.new["Invoices"]}
        touched_inv |= {inv_ids[r["invoice"]] for r in p.new["Settlements"]}
        touched_inv |= {inv_ids[r["source"]] for r in p.new["Settlements"] if r.v["_kind"] != PAYMENT}
        touched_inv |= {inv_ids[r["source"]] for r in p.new["Refunds"] if r["source"] in inv_ids}
        touched_inv |= corrected_ids(p, inv_ids)
        touched_pay = {pay_ids[r["number"]] for r in p.new["Payments"]}
        touched_pay |= {pay_ids[r["source"]] for r in p.new["Settlements"] if r.v["_kind"] == PAYMENT}
        touched_pay |= {pay_ids[r["source"]] for r in p.new["Refunds"] if r["source"] in pay_ids}
        corrected = corrected_ids(p, inv_ids)
        if p.new["Settlements"] or p.new["Refunds"] or p.new["Invoices"]:
            _refresh_invoices(sorted(touched_inv), corrected)
        if p.new["Settlements"] or p.new["Refunds"]:
            _refresh_payments(sorted(touched_pay))
        orders = {order_ids[r["number"]] for r in p.new["Orders"]}
        orders |= {order_ids[r["order"]] for r in p.new["Invoices"] if r["order"]}
        orders |= {order_ids[r["order"]] for r in p.new["Payments"] if r["order"]}
        orders |= {order_ids[r["order"]] for r in p.new["Refunds"] if r["order"] and r["order"] in order_ids}
        if orders:
            _refresh_orders(sorted(orders))

    def _advance_counters(self) -> None:
        highest: dict[str, int] = {}
        match = _SERIES_NUMBER.fullmatch
        for sheet in ("Orders", "Invoices", "Payments", "Refunds"):
            for r in self.p.new[sheet]:
                m = match(r["number"])
                if m:
                    prefix, n = m.group(1), int(m.group(2))
                    if n > highest.get(prefix, 0):
                        highest[prefix] = n
        for prefix, value in highest.items():
            Counter.insert(name=prefix, value=0).on_conflict_ignore().execute()
            Counter.update(value=value).where((Counter.name == prefix) & (Counter.value < value)).execute()


_SERIES_NUMBER = re.compile(r"([A-Z]+)-(\d+)")


def corrected_ids(p: _Plan, inv_ids: Mapping[str, int]) -> set[int]:
    return {inv_ids[r["corrects"]] for r in p.new["Invoices"] if r["kind"] == "corrective" and r["corrects"]}


def _drcr(debit: str, credit: str, amount: Decimal) -> list[Line | None]:
    from app.services.journal import dr_cr

    return dr_cr(debit, credit, amount)


def _reserve(model: Any, n: int) -> list[int]:
    """`n` fresh primary keys for bulk inserts (inside the import's transaction)."""
    if n == 0:
        return []
    db = database.obj
    table = model._meta.table_name
    if isinstance(db, PostgresqlDatabase):
        seq = db.execute_sql("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
        rows = db.execute_sql("SELECT nextval(%s) FROM generate_series(1, %s)", (seq, n)).fetchall()
        return [int(r[0]) for r in rows]
    start = int(db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0])
    return list(range(start + 1, start + n + 1))


def _bulk(
    model: Any,
    fields: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    tick: Callable[[int], None] | None = None,
) -> None:
    """Insert `rows` with one prepared statement (peewee's insert_many spends its time building SQL).

    With `tick`, the rows go in slices of `CHECK_EVERY` and `tick(n)` is
    called after each (it may raise `Cancelled`; the caller's transaction
    then takes the rows back).
    """
    if not rows:
        return
    db = database.obj
    meta = model._meta
    # Columns left out take the model's defaults, as peewee would fill them in.
    rest = [f for f in meta.sorted_fields
            if f.name not in fields and f.default is not None and not f.primary_key]
    tail = tuple(f.default() if callable(f.default) else f.default for f in rest)
    names = [meta.fields[f].column_name for f in fields] + [f.column_name for f in rest]
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join([db.param] * len(names))
    sql = f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({marks})'
    data: Iterable[Sequence[Any]] = (row + tail for row in rows) if tail else rows
    if not isinstance(db, PostgresqlDatabase):
        # What peewee itself stores on SQLite: ISO dates, "2026-03-01 00:00:00", 0/1.
        kinds = [meta.fields[f] for f in fields] + rest
        convert = [(i, _SQLITE[type(f)]) for i, f in enumerate(kinds) if type(f) in _SQLITE]
        if convert:
            data = (_converted(row, convert) for row in data)
    cursor = db.cursor()
    if tick is None:
        cursor.executemany(sql, data)
        return
    left = len(rows)
    it = iter(data)
    while left:
        n = min(left, CHECK_EVERY)
        cursor.executemany(sql, itertools.islice(it, n))
        left -= n
        tick(n)


_SQLITE: dict[type, Callable[[Any], Any]] = {
    DateField: dt.date.isoformat,
    DateTimeField: str,
    BooleanField: int,
}


def _converted(row: Sequence[Any], convert: Sequence[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    out = list(row)
    for i, fn_ in convert:
        if out[i] is not None:
            out[i] = fn_(out[i])
    return out


def _refresh_invoices(ids: Sequence[int], corrected: set[int]) -> None:
    parts = Settlement.amount + Settlement.discount + Settlement.writeoff + Settlement.full_settlement
    for i in range(0, len(ids), 500):
        chunk = list(ids[i:i + 500])
        settled: dict[int, int] = defaultdict(int)
        discount: dict[int, int] = defaultdict(int)
        q: Any = (Settlement.select(Settlement.invoice, fn_sum(parts), fn_sum(Settlement.discount + Settlement.full_settlement))
                  .where(Settlement.invoice.in_(chunk)).group_by(Settlement.invoice).tuples())
        for iid, s, d in q:
            settled[iid] += int(s or 0)
            discount[iid] += int(d or 0)
        q = (Settlement.select(Settlement.credit_note, fn_sum(Settlement.amount))
             .where(Settlement.credit_note.in_(chunk)).group_by(Settlement.credit_note).tuples())
        for iid, s in q:
            settled[iid] -= int(s or 0)
        q = (Refund.select(Refund.credit_note, fn_sum(Refund.amount))
             .where(Refund.credit_note.in_(chunk)).group_by(Refund.credit_note).tuples())
        for iid, s in q:
            settled[iid] -= int(s or 0)
        for inv in Invoice.select(Invoice.id, Invoice.total, Invoice.status).where(Invoice.id.in_(chunk)):
            s = settled[inv.id]
            if inv.id in corrected or inv.status == "corrected":
                status = "corrected"
            elif s == 0 and inv.total != 0:
                status = "posted"
            elif s == inv.total:
                status = "settled"
            else:
                status = "partially_settled"
            Invoice.update(settled=s, discount_taken=discount[inv.id], status=status).where(
                Invoice.id == inv.id).execute()


def _refresh_payments(ids: Sequence[int]) -> None:
    for i in range(0, len(ids), 500):
        chunk = list(ids[i:i + 500])
        applied: dict[Any, Any] = dict(_tuples(Settlement.select(Settlement.payment, fn_sum(Settlement.amount))
                            .where(Settlement.payment.in_(chunk)).group_by(Settlement.payment)))
        refunded: dict[Any, Any] = dict(_tuples(Refund.select(Refund.payment, fn_sum(Refund.amount))
                             .where(Refund.payment.in_(chunk)).group_by(Refund.payment)))
        for pid in chunk:
            Payment.update(applied=int(applied.get(pid) or 0), refunded=int(refunded.get(pid) or 0)).where(
                Payment.id == pid).execute()


def _refresh_orders(ids: Sequence[int]) -> None:
    for oid in ids:
        order = Order.get_by_id(oid)
        lines = list(OrderLine.select().where(OrderLine.order == oid))
        order.total = sum(ln.amount for ln in lines if not ln.removed) - order.discount
        invoiced_qty: dict[Any, Any] = dict(_tuples(
            InvoiceLine.select(InvoiceLine.order_line, fn_sum(InvoiceLine.quantity))
            .join(Invoice)
            .where((Invoice.order == oid) & (Invoice.kind == "invoice") & (InvoiceLine.role == "bill"))
            .group_by(InvoiceLine.order_line)
        ))
        for ln in lines:
            q = int(invoiced_qty.get(ln.id) or 0)
            if q != ln.invoiced_quantity:
                OrderLine.update(invoiced_quantity=q).where(OrderLine.id == ln.id).execute()
        order.invoiced = int(Invoice.select(fn_sum(Invoice.total)).where(
            (Invoice.order == oid) & (Invoice.kind == "invoice") & (Invoice.status != "draft")).scalar() or 0)
        order.paid = int(Payment.select(fn_sum(Payment.amount)).where(Payment.order == oid).scalar() or 0)
        order.refunded = int(Refund.select(fn_sum(Refund.amount)).where(Refund.order == oid).scalar() or 0)
        if order.status not in ("cancelled", "draft"):
            order.status = ("open" if order.invoiced == 0 else
                            "invoiced" if order.invoiced >= order.total else "partially_invoiced")
        order.save()


def fn_sum(expr: Any) -> Any:
    return fn.SUM(expr)


def _tuples(q: Any) -> Any:
    return q.tuples()
