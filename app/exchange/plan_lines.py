"""Import, second step, the InvoiceLines sheet: each line against its invoice
(in the workbook or the book), the order line and the original invoice it
names, and every new invoice given its lines (moved out of plan.py, whose
`Plan` calls it)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from app.exchange import export
from app.exchange.cells import INVALID, Rec, in_book
from app.exchange.schema import LINE_ROLES
from app.i18n import _
from models.tables import Invoice, Order, OrderLine

if TYPE_CHECKING:
    from app.exchange.plan import Plan


def check_invoice_lines(plan: Plan) -> None:
    recs = plan._dupes("InvoiceLines")
    book_lines: dict[tuple[str, int], dict[str, Any]] = {}
    numbers = [r["invoice"] for r in recs if in_book(plan.invoices.get(r["invoice"]))]
    for i in range(0, len(numbers), 500):
        for d in export._invoice_lines(plan.cur, Invoice.number.in_(numbers[i : i + 500])):
            book_lines[d["invoice"], d["line"]] = d
    lines_of: dict[str, list[Rec]] = defaultdict(list)
    for rec in recs:
        inv = plan._invoice(rec["invoice"]) if rec["invoice"] is not INVALID else None
        if inv is None:
            plan.chk.fault(rec, "invoice", _("is not an invoice in this workbook or in the book"))
            continue
        key = (rec["invoice"], rec["line"])
        if in_book(inv):
            if key not in book_lines:
                plan.chk.fault(
                    rec,
                    "line",
                    _(
                        "is a new line of invoice {invoice}, which is already in the book; posted invoices are not changed"
                    ).format(invoice=rec["invoice"]),
                )
            else:
                plan._same_or_refuse(rec, book_lines[key], _("the invoice line"))
                plan.result_.unchanged["InvoiceLines"] += 1
            continue
        role = rec["role"] or ("credit" if inv["kind"] == "credit_note" else "bill")
        rec.v["role"] = role
        if role not in LINE_ROLES:
            plan.chk.fault(
                rec,
                "role",
                _("is not a line role ({values})").format(values=", ".join(LINE_ROLES)),
            )
        if rec["order_line"] not in (None, INVALID):
            order = inv["order"]
            if order is None:
                plan.chk.fault(
                    rec, "order_line", _("names an order line, but the invoice has no order")
                )
            elif (
                order,
                rec["order_line"],
            ) not in plan.order_lines and not OrderLine.select().join(Order).where(
                (Order.number == order) & (OrderLine.seq == rec["order_line"])
            ).exists():
                plan.chk.fault(
                    rec,
                    "order_line",
                    _("is not a line of order {order}").format(order=order),
                )
        if rec["original_invoice"] not in (None, INVALID):
            if plan._invoice(rec["original_invoice"]) is None:
                plan.chk.fault(
                    rec,
                    "original_invoice",
                    _("is not an invoice in this workbook or in the book"),
                )
            elif rec["original_line"] in (None, INVALID):
                plan.chk.fault(
                    rec,
                    "original_line",
                    _("is empty; name the line of the original invoice"),
                )
        lines_of[rec["invoice"]].append(rec)
        plan.new["InvoiceLines"].append(rec)
    for inv in plan.new["Invoices"]:
        if inv["number"] not in lines_of:
            plan.chk.fault(inv, "number", _("has no lines on the InvoiceLines sheet"))
