"""Import, second step, the Unbilled sheet: each row an unbilled item of a
corrective invoice, checked against the workbook and the book (moved out of
plan.py, whose `Plan` calls it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.exchange import export
from app.exchange.cells import INVALID, in_book
from app.exchange.schema import UNBILLED_STATUSES
from app.i18n import _
from models.tables import Invoice

if TYPE_CHECKING:
    from app.exchange.plan import Plan


def check_unbilled(plan: Plan) -> None:
    recs = plan._dupes("Unbilled")
    existing: dict[tuple[str, int], dict[str, Any]] = {}
    book_numbers = [r["invoice"] for r in recs if in_book(plan._invoice(r["invoice"]))]
    for i in range(0, len(book_numbers), 500):
        for d in export._unbilled_items(plan.cur, Invoice.number.in_(book_numbers[i : i + 500])):
            existing[d["invoice"], d["line"]] = d
    for rec in recs:
        inv = plan._invoice(rec["invoice"])
        if inv is None or inv["kind"] != "corrective":
            plan.chk.fault(
                rec,
                "invoice",
                _("is not a corrective invoice in this workbook or in the book"),
            )
            continue
        key = (rec["invoice"], rec["line"])
        if in_book(inv):
            if key not in existing:
                plan.chk.fault(
                    rec,
                    "line",
                    _("is not an unbilled item of {invoice}").format(invoice=rec["invoice"]),
                )
            else:
                plan._same_or_refuse(rec, existing[key], _("the unbilled item"))
                plan.result_.unchanged["Unbilled"] += 1
            continue
        status = rec["status"]
        if status not in UNBILLED_STATUSES:
            plan.chk.fault(rec, "status", _("is not open, billed or not_chargeable"))
            continue
        if status != "open" and rec["date"] is None:
            plan.chk.fault(
                rec,
                "date",
                _("is empty; a {status} item needs the date it was").format(
                    status=status.replace("_", " ")
                ),
            )
        if status == "billed":
            billed = (
                plan._invoice(rec["billed_invoice"])
                if rec["billed_invoice"] not in (None, INVALID)
                else None
            )
            if billed is None:
                plan.chk.fault(
                    rec,
                    "billed_invoice",
                    _("is not an invoice in this workbook or in the book"),
                )
                continue
            if billed["customer"] != inv["customer"]:
                plan.chk.fault(
                    rec,
                    "billed_invoice",
                    _("belongs to customer {customer}, not {customer2}").format(
                        customer=billed["customer"], customer2=inv["customer"]
                    ),
                )
                continue
        plan.unbilled_status[key] = rec
        plan.new["Unbilled"].append(rec)
