"""What the corrective-invoice PDF shows (SPEC §3.9, §6), read from the book.

A corrective invoice reverses lines of the invoice it corrects (negative)
and bills them again at their new quantities (positive); what it no longer
bills becomes unbilled items. Amounts keep the signs of the book: the PDF
prints them as they were posted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.errors import UserError
from app.i18n import _
from app.read.report_data import (
    CreditNoteData,
    Party,
    _party,
    company,
    credit_note_data,
)
from app.rules.money import ZERO, Currency, qty_from_milli
from app.services import book
from app.services.documents import get_invoice, is_credit
from models.tables import Invoice, InvoiceLine, UnbilledItem


@dataclass(frozen=True)
class CorrectiveLine:
    line: int
    description: str
    role: str  # reverse / bill
    original_line: int | None  # the corrected invoice's line it reverses or re-bills
    quantity: Decimal  # as posted: negative on a reversal
    unit_price: Decimal
    amount: Decimal  # as posted: negative on a reversal, positive re-billed


@dataclass(frozen=True)
class UnbilledLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    status: str  # open / billed / not_chargeable
    billed_on: str | None  # the invoice that billed it


@dataclass(frozen=True)
class CorrectiveData:
    currency: Currency
    company: Party
    customer: Party
    number: str
    date: dt.date
    due_date: dt.date
    corrects: str
    corrects_date: dt.date
    corrects_total: Decimal  # the corrected invoice's total
    lines: tuple[CorrectiveLine, ...]
    total: Decimal  # signed: negative when the correction lowers what is billed
    unbilled: tuple[UnbilledLine, ...]
    credit: CreditNoteData | None  # what a lowering correction did as a credit

    @property
    def reversed_total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.role == "reverse"), ZERO)

    @property
    def rebilled_total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.role != "reverse"), ZERO)

    @property
    def unbilled_total(self) -> Decimal:
        return sum((u.amount for u in self.unbilled), ZERO)


def corrective_data(number: str) -> CorrectiveData:
    """The corrective invoice `number` as its PDF shows it."""
    cur = book.currency()
    ci = get_invoice(number)
    if ci.kind != "corrective":
        raise UserError(_("{number} is not a corrective invoice.").format(number=ci.number))
    if ci.status == "draft":
        raise UserError(
            _("Corrective invoice {number} is a draft; post it before printing it.").format(
                number=ci.number
            )
        )
    target = Invoice.get_by_id(ci.corrects_id)
    return CorrectiveData(
        currency=cur,
        company=company(),
        customer=_party(ci.customer),
        number=ci.number,
        date=ci.date,
        due_date=ci.due_date,
        corrects=target.number,
        corrects_date=target.date,
        corrects_total=cur.from_minor(target.total),
        lines=_lines(ci, cur),
        total=cur.from_minor(ci.total),
        unbilled=_unbilled(ci, cur),
        credit=credit_note_data(ci.number) if is_credit(ci) else None,
    )


def _lines(ci: Invoice, cur: Currency) -> tuple[CorrectiveLine, ...]:
    rows = InvoiceLine.select().where(InvoiceLine.invoice == ci.id).order_by(InvoiceLine.seq)
    originals = _by_id(InvoiceLine.seq, [r.original_line_id for r in rows])
    return tuple(
        CorrectiveLine(
            ln.seq,
            ln.description,
            ln.role,
            originals.get(ln.original_line_id),
            qty_from_milli(ln.quantity),
            cur.from_minor(ln.unit_price),
            cur.from_minor(ln.amount),
        )
        for ln in rows
    )


def _unbilled(ci: Invoice, cur: Currency) -> tuple[UnbilledLine, ...]:
    items = UnbilledItem.select().where(UnbilledItem.invoice == ci.id).order_by(UnbilledItem.id)
    billed = _by_id(Invoice.number, [u.billed_invoice_id for u in items])
    return tuple(
        UnbilledLine(
            u.description,
            qty_from_milli(u.quantity),
            cur.from_minor(u.unit_price),
            cur.from_minor(u.amount),
            u.status,
            billed.get(u.billed_invoice_id),
        )
        for u in items
    )


def _by_id(column: Any, ids: list[int | None]) -> dict[int | None, Any]:
    """`column` of the rows with these ids (None ids left out), by id."""
    model = column.model
    wanted = [i for i in ids if i is not None]
    return {
        r.id: getattr(r, column.name)
        for r in model.select(model.id, column).where(model.id.in_(wanted))
    }


def printable_credit(number: str) -> str:
    """Check that `number` prints as a credit note or a corrective invoice; its kind."""
    kind = get_invoice(number).kind
    if kind == "corrective":
        corrective_data(number)
    else:
        credit_note_data(number)
    return kind
