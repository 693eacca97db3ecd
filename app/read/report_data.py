"""What the printed reports show: a credit note, and the settlement report.

Plain dataclasses of Decimals, dates and text, read from the book in a few
queries; `reports/` lays them out. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import fn

from app.errors import UserError
from app.i18n import _, said_day
from app.read.netting import shown_amounts
from app.rules.money import ZERO, Currency, qty_from_milli
from app.services import book
from app.services.company_details import logo_file
from app.services.documents import get_customer, get_invoice, is_credit
from models.tables import Customer, Invoice, InvoiceLine, Payment, Refund, Settlement


@dataclass(frozen=True)
class Party:
    name: str
    address: str = ""
    tax_id: str = ""
    code: str = ""
    email: str = ""
    iban: str = ""  # the company's, printed for payment
    logo: str = ""  # the company's logo file, "" when none or missing


def company() -> Party:
    s = book.settings()
    return Party(
        s["company_name"],
        s["company_address"],
        s["company_tax_id"],
        iban=s["company_iban"],
        logo=logo_file(s["company_logo"]),
    )


def _party(c: Customer) -> Party:
    return Party(c.name, c.address, c.tax_id, c.code, c.email)


# ---------------------------------------------------------------- credit note


@dataclass(frozen=True)
class DocLine:
    line: int
    description: str
    quantity: Decimal  # as credited: positive
    unit_price: Decimal
    amount: Decimal  # as credited: positive


@dataclass(frozen=True)
class CreditNoteData:
    currency: Currency
    company: Party
    customer: Party
    number: str
    date: dt.date
    kind: str  # credit_note / corrective
    invoice: str | None  # the invoice it credits (or corrects)
    invoice_date: dt.date | None
    invoice_total: Decimal | None
    reason: str
    lines: tuple[DocLine, ...]
    credit: Decimal  # the credit note's amount, positive
    reduces_invoice: Decimal  # taken off the credited invoice's open balance
    discount_reversed: Decimal  # cash discount the customer took, reversed
    owed_to_customer: Decimal  # credit owed to the customer when issued
    open_credit: Decimal  # credit still unapplied and unrefunded today


def credit_note_data(number: str) -> CreditNoteData:
    cur = book.currency()
    cn = get_invoice(number)
    if not is_credit(cn):
        raise UserError(
            _("{number} is not a credit note; only credit notes print as credit notes.").format(
                number=cn.number
            )
        )
    if cn.status == "draft":
        raise UserError(
            _("Credit note {number} is a draft; post it before printing it.").format(
                number=cn.number
            )
        )
    target_id = cn.credits_id or cn.corrects_id
    target = Invoice.get_by_id(target_id) if target_id else None
    lines = tuple(
        doc_line(cur, ln)
        for ln in InvoiceLine.select().where(InvoiceLine.invoice == cn.id).order_by(InvoiceLine.seq)
    )
    # What the credit note did to the invoice it credits when it was issued.
    first = None
    if target is not None:
        first = (
            Settlement.select()
            .where(
                (Settlement.credit_note == cn.id)
                & (Settlement.invoice == target.id)
                & Settlement.reverses.is_null()
            )
            .order_by(Settlement.id)
            .first()
        )
    return credit_note_of(cur, company(), cn, _party(cn.customer), target, lines, first)


def doc_line(cur: Currency, ln: InvoiceLine) -> DocLine:
    """A credit note's line as credited (positive)."""
    return DocLine(
        ln.seq,
        ln.description,
        -qty_from_milli(ln.quantity),
        cur.from_minor(ln.unit_price),
        -cur.from_minor(ln.amount),
    )


def credit_note_of(
    cur: Currency,
    sender: Party,
    cn: Invoice,
    customer: Party,
    target: Invoice | None,
    lines: tuple[DocLine, ...],
    first: Settlement | None,
) -> CreditNoteData:
    """A credit note's printed figures from its rows; `first` is its first settlement
    on the invoice it credits (what it did to that invoice when it was issued)."""
    credit = -cur.from_minor(cn.total)
    reduces = reversed_ = ZERO
    if first is not None:
        reduces = cur.from_minor(first.amount + first.discount)
        reversed_ = -cur.from_minor(first.discount)
    return CreditNoteData(
        currency=cur,
        company=sender,
        customer=customer,
        number=cn.number,
        date=cn.date,
        kind=cn.kind,
        invoice=target.number if target else None,
        invoice_date=target.date if target else None,
        invoice_total=cur.from_minor(target.total) if target else None,
        reason=cn.reason,
        lines=lines,
        credit=credit,
        reduces_invoice=reduces,
        discount_reversed=reversed_,
        owed_to_customer=credit - reduces - reversed_,
        open_credit=cur.from_minor(cn.settled - cn.total),
    )


# ---------------------------------------------------------------- settlement report


@dataclass(frozen=True)
class SettledLine:
    settlement: int
    date: dt.date
    invoice: str
    invoice_date: dt.date
    due_date: dt.date
    invoice_total: Decimal
    applied: Decimal
    discount: Decimal
    writeoff: Decimal
    full_settlement: Decimal
    balance_after: Decimal  # the invoice's balance right after this settlement
    explanation: str
    reverses: int | None
    automatic: bool


@dataclass
class SourceBlock:
    """A payment or a credit note and what it settled in the period."""

    number: str
    kind: str  # payment / credit_note
    date: dt.date
    customer_code: str
    customer_name: str
    amount: Decimal  # payment amount, or the credit note's credit (positive)
    reference: str
    lines: list[SettledLine] = field(default_factory=list)
    unapplied_at_end: Decimal = ZERO  # left on the source at the end of the period
    document: str = ""  # the invoice kind of a credit: credit_note / corrective

    @property
    def applied(self) -> Decimal:
        return sum((ln.applied for ln in self.lines), ZERO)


@dataclass
class SettlementReport:
    currency: Currency
    company: Party
    date_from: dt.date
    date_to: dt.date
    customer: Party | None
    sources: list[SourceBlock]

    def _sum(self, attr: str) -> Decimal:
        return sum((getattr(ln, attr) for s in self.sources for ln in s.lines), ZERO)

    @property
    def totals(self) -> dict[str, Decimal]:
        return {k: self._sum(k) for k in ("applied", "discount", "writeoff", "full_settlement")}

    @property
    def count(self) -> int:
        return sum(len(s.lines) for s in self.sources)

    def totals_of(self, kind: str) -> dict[str, Decimal]:
        """Totals of one kind of source, `payment` (money received) or `credit_note`: the
        report never adds credit notes to money received (SPEC §9)."""
        lines = [ln for s in self.sources if s.kind == kind for ln in s.lines]
        return {
            k: sum((getattr(ln, k) for ln in lines), ZERO)
            for k in ("applied", "discount", "writeoff", "full_settlement")
        }

    def count_of(self, kind: str) -> int:
        return sum(len(s.lines) for s in self.sources if s.kind == kind)


def settlement_report(
    date_from: date, date_to: date, customer: str | None = None
) -> SettlementReport:
    """Every settlement dated in [date_from, date_to], grouped by payment or credit note."""
    if date_to < date_from:
        raise UserError(
            _("The report runs from {date_from} to {date_to}: the end is before the start.").format(
                date_from=said_day(date_from), date_to=said_day(date_to)
            )
        )
    cur = book.currency()
    cust = get_customer(customer) if customer else None
    # Only the invoice's columns the report prints: the whole row costs more to build.
    fields = (Invoice.id, Invoice.number, Invoice.date, Invoice.due_date, Invoice.total)
    q = (
        Settlement.select(Settlement, *fields, Invoice.customer)
        .join(Invoice, on=(Settlement.invoice == Invoice.id))
        .where((Settlement.date >= date_from) & (Settlement.date <= date_to))
    )
    if cust is not None:
        q = q.where(Invoice.customer == cust.id)
    rows = list(q.order_by(Settlement.date, Settlement.id))
    balances = _balances_after({r.invoice_id for r in rows})
    pay_ids = {r.payment_id for r in rows if r.payment_id}
    cn_ids = {r.credit_note_id for r in rows if r.credit_note_id}
    names = {
        c.id: (c.code, c.name)
        for c in Customer.select(Customer.id, Customer.code, Customer.name).where(
            Customer.id.in_({r.invoice.customer_id for r in rows} or {0})
        )
    }
    blocks: dict[tuple[str, int], SourceBlock] = {}
    for p in Payment.select().where(Payment.id.in_(pay_ids or {0})):
        code, name = names[p.customer_id]
        blocks["p", p.id] = SourceBlock(
            p.number, "payment", p.date, code, name, cur.from_minor(p.amount), p.reference
        )
    for cn in Invoice.select().where(Invoice.id.in_(cn_ids or {0})):
        code, name = names[cn.customer_id]
        blocks["c", cn.id] = SourceBlock(
            cn.number,
            "credit_note",
            cn.date,
            code,
            name,
            -cur.from_minor(cn.total),
            cn.reason,
            document=cn.kind,
        )
    shown = shown_amounts(rows)
    for r in rows:
        key = ("p", int(r.payment_id)) if r.payment_id else ("c", int(r.credit_note_id or 0))
        inv = r.invoice
        blocks[key].lines.append(
            SettledLine(
                settlement=r.id,
                date=r.date,
                invoice=inv.number,
                invoice_date=inv.date,
                due_date=inv.due_date,
                invoice_total=cur.from_minor(inv.total),
                applied=cur.from_minor(shown.get(r.id, r.amount)),
                discount=cur.from_minor(r.discount),
                writeoff=cur.from_minor(r.writeoff),
                full_settlement=cur.from_minor(r.full_settlement),
                balance_after=cur.from_minor(balances[r.id]),
                explanation=r.explanation,
                reverses=r.reverses_id,
                automatic=bool(r.automatic),
            )
        )
    _unapplied_at(date_to, blocks, cur)
    ordered = sorted(blocks.values(), key=lambda b: (b.lines[0].date, b.date, b.number))
    return SettlementReport(
        cur, company(), date_from, date_to, _party(cust) if cust else None, ordered
    )


def _balances_after(invoice_ids: set[int]) -> dict[int, int]:
    """Each settlement's invoice balance right after it, settlements in (date, id) order."""
    out: dict[int, int] = {}
    if not invoice_ids:
        return out
    totals: Any = (
        Invoice.select(Invoice.id, Invoice.total).where(Invoice.id.in_(invoice_ids)).tuples()
    )
    running: dict[int, int] = dict(totals)
    parts = (
        Settlement.amount + Settlement.discount + Settlement.writeoff + Settlement.full_settlement
    )
    q: Any = (
        Settlement.select(Settlement.id, Settlement.invoice, parts.alias("settles"))
        .where(Settlement.invoice.in_(invoice_ids))
        .order_by(Settlement.date, Settlement.id)
    )
    for sid, inv_id, settles in q.tuples():
        running[inv_id] -= int(settles)
        out[sid] = running[inv_id]
    return out


def _unapplied_at(on: date, blocks: dict[tuple[str, int], SourceBlock], cur: Currency) -> None:
    """Set what is left on each source at the end of the period (applications and refunds)."""
    taken: dict[tuple[str, int], int] = {}
    for kind, s_col, r_col in (
        ("p", Settlement.payment, Refund.payment),
        ("c", Settlement.credit_note, Refund.credit_note),
    ):
        ids = [sid for k, sid in blocks if k == kind]
        if not ids:
            continue
        for model, col, amount in (
            (Settlement, s_col, Settlement.amount),
            (Refund, r_col, Refund.amount),
        ):
            q: Any = (
                model.select(col, fn.SUM(amount))
                .where(col.in_(ids) & (model.date <= on))
                .group_by(col)
            )
            for sid, total in q.tuples():
                taken[kind, sid] = taken.get((kind, sid), 0) + int(total or 0)
    for key, block in blocks.items():
        block.unapplied_at_end = block.amount - cur.from_minor(taken.get(key, 0))


def credit_note_numbers(date_from: date | None = None, date_to: date | None = None) -> list[str]:
    """The posted credit notes dated in the range (either end open), by date then number:
    what `acerto pdf credit-note --all` prints."""
    return _posted_in(Invoice.kind == "credit_note", date_from, date_to)


def crediting_corrective_numbers(
    date_from: date | None = None, date_to: date | None = None
) -> list[str]:
    """The posted corrective invoices that credit (reduce what is owed: `is_credit`) dated
    in the range, by date then number: `pdf credit-note --all` prints them too, as
    `pdf credit-note NUMBER` prints one."""
    return _posted_in((Invoice.kind == "corrective") & (Invoice.total < 0), date_from, date_to)


def _posted_in(kind: Any, date_from: date | None, date_to: date | None) -> list[str]:
    """The numbers of the posted documents of `kind` (a condition) dated in the range."""
    from app.i18n import _

    if date_from is not None and date_to is not None and date_to < date_from:
        raise UserError(
            _("The end date {end} is before the start {start}.").format(
                end=said_day(date_to), start=said_day(date_from)
            )
        )
    where = kind & (Invoice.status != "draft")
    if date_from is not None:
        where &= Invoice.date >= date_from
    if date_to is not None:
        where &= Invoice.date <= date_to
    query: Any = Invoice.select(Invoice.number).where(where).order_by(Invoice.date, Invoice.number)
    return [str(n) for (n,) in query.tuples()]
