"""Import, last step: what the services stored against what the rows say.

After the replay every new row is read back from the book through the
same row iterators the export uses, and each cell the workbook filled is
compared with it. A difference is a Problem on that cell ("discount 3.00
differs from what the rules give (2.00)"); a cell left empty is not a
difference, so computed columns are optional on new rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import Any

from app.exchange import export
from app.exchange.cells import INVALID, Checker, Rec, same, shown
from app.exchange.export_history import legacy_same
from app.exchange.export_reversals import payout_reversals
from app.exchange.plan import Plan
from app.exchange.schema import KEYS
from app.i18n import _
from app.rules.money import Currency
from models.tables import Invoice, Order, Payment, Refund

# Columns never compared: the posting sequence is the exporting book's.
NOT_COMPARED = frozenset({"posted", "paid_posted"})

# Sheets with nothing computed: each column of a new row is an input the
# replay hands, as it is, to the service that makes the row (a Payments
# row: create_payment's number, customer, order, date, amount, method and
# reference), so reading the rows back would compare them with themselves.
ALL_INPUT = frozenset({"Payments"})

# sheet → (row iterator, the column its filter is on, the row column that names it)
_READERS: dict[str, tuple[Callable[..., Iterator[dict[str, Any]]], Any, str]] = {
    "Orders": (export._orders, Order.number, "number"),
    "OrderLines": (export._order_lines, Order.number, "order"),
    "OrderChanges": (export._order_changes, Order.number, "order"),
    "Invoices": (export._invoices, Invoice.number, "number"),
    "InvoiceLines": (export._invoice_lines, Invoice.number, "invoice"),
    "Payments": (export._payments, Payment.number, "number"),
    "Refunds": (export._refunds, Refund.number, "number"),
    "Unbilled": (export._unbilled_items, Invoice.number, "invoice"),
    "PayoutReversals": (payout_reversals, Refund.number, "refund"),
}


# The columns of a row that name documents: a row naming one the replay left
# out (a refusal, an unreadable cell) is not compared, since what the book
# holds for it follows from the gap, not from the row.
_DOCUMENTS = (
    "number",
    "order",
    "invoice",
    "source",
    "credits",
    "corrects",
    "billed_invoice",
    "refund",
)


def compare(plan: Plan, chk: Checker, cur: Currency, skip: Collection[str] = frozenset()) -> None:
    """Add a Problem for every filled cell of a new row that differs from the book.

    Rows naming a document in `skip` (those the replay left out) are not compared."""
    clean = not chk.problems
    for sheet, (reader, field_, column) in _READERS.items():
        if sheet in ALL_INPUT:
            continue
        recs = [r for r in plan.new[sheet] if not any(r[c] in skip for c in _DOCUMENTS)]
        if recs:
            _compare_sheet(
                sheet, recs, chk, _stored(reader, field_, column, recs, sheet, cur), clean
            )
    recs = [r for r in plan.new["Settlements"] if not any(r[c] in skip for c in _DOCUMENTS)]
    if recs:
        cn = Invoice.alias("cn")
        stored: dict[tuple[Any, ...], dict[str, Any]] = {}
        sources = sorted({r["source"] for r in recs})
        for i in range(0, len(sources), 500):
            chunk = sources[i : i + 500]
            for d in export._settlements(cur, Payment.number.in_(chunk) | cn.number.in_(chunk)):
                stored[d["source"], d["invoice"], d["seq"]] = d
        _compare_sheet("Settlements", recs, chk, stored, clean)


def _stored(
    reader: Callable[..., Iterator[dict[str, Any]]],
    field_: Any,
    column: str,
    recs: list[Rec],
    sheet: str,
    cur: Currency,
) -> dict[tuple[Any, ...], dict[str, Any]]:
    keys = KEYS[sheet]
    numbers = sorted({r[column] for r in recs if isinstance(r[column], str)})
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for i in range(0, len(numbers), 500):
        for d in reader(cur, field_.in_(numbers[i : i + 500])):
            out[tuple(d[k] for k in keys)] = d
    return out


def _compare_sheet(
    sheet: str,
    recs: list[Rec],
    chk: Checker,
    stored: dict[tuple[Any, ...], dict[str, Any]],
    clean: bool,
) -> None:
    keys = KEYS[sheet]
    for rec in recs:
        d = stored.get(tuple(rec[k] for k in keys))
        if d is None:
            # Not replayed after a refusal (already reported), or the services made no such row.
            if clean:
                chk.fault(
                    rec,
                    keys[-1],
                    _(
                        "is not a row the services made of this workbook (no {sheet} row {key})"
                    ).format(sheet=sheet, key=" ".join(str(rec[k]) for k in keys)),
                )
            continue
        for name, value in rec.items():
            if name in NOT_COMPARED or value is None or value is INVALID or name not in d:
                continue
            if not same(value, d[name]) and not legacy_same(name, value, d):
                chk.fault(
                    rec,
                    name,
                    _("differs from what the rules give ({value})").format(
                        value=shown(d[name]) or _("empty")
                    ),
                )
