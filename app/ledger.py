"""Posting services: customers, invoices, payments, settlements, credit notes.

Each public function is one user action in one transaction. The rules
themselves live in `app.settlement` (pure); this module loads what they
need, stores what they decide, keeps cached figures in step and writes the
journal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import fn

from app import book
from app.errors import UserError
from app.journal import dr_cr, post_entry, reverse_lines
from app.money import ZERO, Currency, fmt_qty, parse_quantity, qty_from_milli, qty_to_milli
from app.settlement import (
    ADVANCES,
    BANK,
    CREDIT_NOTE,
    PAYMENT,
    RECEIVABLES,
    REFUNDS_PAYABLE,
    SALES,
    Application,
    OpenInvoice,
    SettlementPreview,
    plan_credit_note,
    plan_settlement,
)
from app.terms import parse_terms
from models.db import database
from models.tables import (
    Customer,
    Invoice,
    InvoiceLine,
    JournalEntry,
    Order,
    Payment,
    Refund,
    Settlement,
    audit_stamp,
)

RECEIVABLE_KINDS = ("invoice", "standalone", "corrective")


# ---------------------------------------------------------------- look-ups


def get_customer(code: str) -> Customer:
    c = Customer.get_or_none(Customer.code == str(code).strip())
    if c is None:
        raise UserError(f'There is no customer with code "{code}".')
    return c


def get_invoice(number: str) -> Invoice:
    inv = Invoice.get_or_none(Invoice.number == str(number).strip())
    if inv is None:
        raise UserError(f'There is no invoice or credit note numbered "{number}".')
    return inv


def get_payment(number: str) -> Payment:
    p = Payment.get_or_none(Payment.number == str(number).strip())
    if p is None:
        raise UserError(f'There is no payment numbered "{number}".')
    return p


def get_order(number: str) -> Order:
    o = Order.get_or_none(Order.number == str(number).strip())
    if o is None:
        raise UserError(f'There is no order numbered "{number}".')
    return o


def is_credit(inv: Invoice) -> bool:
    """A credit note, or a corrective invoice that reduces what is owed."""
    return inv.kind == "credit_note" or (inv.kind == "corrective" and inv.total < 0)


def open_state(inv: Invoice, cur: Currency) -> OpenInvoice:
    return OpenInvoice(
        number=inv.number,
        date=inv.date,
        due_date=inv.due_date,
        total=cur.from_minor(inv.total),
        balance=cur.from_minor(inv.total - inv.settled),
        terms=parse_terms(inv.terms_text or "net 0"),
        discount_taken=cur.from_minor(inv.discount_taken),
    )


def settlement_source(row: Settlement) -> str:
    """The number of the payment or credit note a settlement applies."""
    source = row.payment if row.payment is not None else row.credit_note
    assert source is not None
    return str(source.number)


def number_of(doc: Order | Payment | Invoice | None) -> str | None:
    return None if doc is None else str(doc.number)


def refresh_status(inv: Invoice) -> None:
    if inv.status in ("draft", "corrected"):
        return
    if inv.settled == 0 and inv.total != 0:
        inv.status = "posted"
    elif inv.settled == inv.total:
        inv.status = "settled"
    else:
        inv.status = "partially_settled"


# ---------------------------------------------------------------- customers


def add_customer(
    code: str,
    name: str,
    terms: str | None = None,
    address: str = "",
    tax_id: str = "",
    email: str = "",
) -> Customer:
    code = str(code).strip()
    name = str(name).strip()
    if not code:
        raise UserError("A customer needs a code.")
    if len(code) > 40:
        raise UserError(f'The customer code "{code}" is longer than 40 characters.')
    if not name:
        raise UserError(f'The customer "{code}" needs a name.')
    with database.atomic():
        if Customer.select().where(Customer.code == code).exists():
            raise UserError(f'There is already a customer with code "{code}".')
        terms_row = book.stored_terms(parse_terms(terms)) if terms else None
        return Customer.create(
            code=code, name=name, terms=terms_row, address=address, tax_id=tax_id, email=email
        )


def update_customer(code: str, **fields: str) -> Customer:
    """Customers are master data, not posted documents: they may be edited."""
    with database.atomic():
        c = get_customer(code)
        for key in ("name", "address", "tax_id", "email"):
            if key in fields and fields[key] is not None:
                setattr(c, key, str(fields[key]).strip())
        if not c.name:
            raise UserError(f'The customer "{code}" needs a name.')
        if fields.get("terms"):
            c.terms = book.stored_terms(parse_terms(fields["terms"]))
        c.save()
        return c


# ---------------------------------------------------------------- invoices


@dataclass(frozen=True)
class LineInput:
    description: str
    quantity: Decimal
    unit_price: Decimal
    order_line: int | None = None  # seq of the order line this invoices


def parse_line(text: str, cur: Currency) -> LineInput:
    """'DESC;QTY;PRICE' as typed on the command line."""
    parts = str(text).split(";")
    if len(parts) != 3:
        raise UserError(f'The line "{text}" must be written as "DESCRIPTION;QUANTITY;UNIT PRICE".')
    desc = parts[0].strip()
    if not desc:
        raise UserError(f'The line "{text}" has no description.')
    qty = parse_quantity(parts[1], f'quantity of line "{desc}"')
    price = cur.parse(parts[2], f'unit price of line "{desc}"')
    return LineInput(desc, qty, price)


def _check_lines(lines: Sequence[LineInput]) -> None:
    if not lines:
        raise UserError("A document needs at least one line.")
    for line in lines:
        if line.quantity <= 0:
            raise UserError(f'The quantity of line "{line.description}" must be more than zero.')
        if line.unit_price < 0:
            raise UserError(f'The unit price of line "{line.description}" cannot be negative.')


def create_invoice(
    customer: str,
    on: date,
    lines: Sequence[LineInput] | None = None,
    amount: Decimal | None = None,
    order: str | None = None,
    draft: bool = False,
) -> Invoice:
    """A new invoice, posted at once unless `draft`."""
    with database.atomic():
        cur = book.currency()
        cust = get_customer(customer)
        order_row = get_order(order) if order else None
        if order_row is not None:
            from app.orders import check_invoiceable

            check_invoiceable(order_row, cust)
        if (lines is None) == (amount is None):
            raise UserError("Give either invoice lines or an amount, not both or neither.")
        if amount is not None:
            if amount <= 0:
                raise UserError("The invoice amount must be more than zero.")
            desc = f"Partial invoice of order {order_row.number}" if order_row else "Invoice"
            lines = [LineInput(desc, Decimal(1), amount)]
        assert lines is not None
        _check_lines(lines)
        inv = Invoice.create(
            number=book.next_number("draft"),
            kind="invoice",
            status="draft",
            customer=cust,
            order=order_row,
            date=on,
            due_date=on,
        )
        write_lines(inv, lines, cur, order_row)
        if not draft:
            post_invoice_row(inv, cur)
        return inv


def write_lines(
    inv: Invoice, lines: Sequence[LineInput], cur: Currency, order_row: Order | None = None
) -> None:
    from app.orders import order_line_by_seq

    total = ZERO
    start = InvoiceLine.select().where(InvoiceLine.invoice == inv).count()
    for seq, line in enumerate(lines, start=start + 1):
        amount = cur.round(line.quantity * line.unit_price)
        total += amount
        ol = None
        if line.order_line is not None:
            if order_row is None:
                raise UserError("Order lines can only be invoiced on an invoice for that order.")
            ol = order_line_by_seq(order_row, line.order_line)
        InvoiceLine.create(
            invoice=inv,
            seq=seq,
            description=line.description,
            quantity=qty_to_milli(line.quantity),
            unit_price=cur.to_minor(line.unit_price),
            amount=cur.to_minor(amount),
            order_line=ol,
        )
    inv.total += cur.to_minor(total)
    inv.save()


def post_invoice_row(inv: Invoice, cur: Currency) -> None:
    """Post a draft invoice: number, terms, journal, order effects."""
    from app.orders import invoice_posted_on_order

    if inv.status != "draft":
        raise UserError(f"Invoice {inv.number} is already posted.")
    if inv.total <= 0 and inv.kind in ("invoice", "standalone"):
        raise UserError("An invoice must have a total above zero; use a credit note to credit.")
    if inv.order is not None and inv.order.status in ("cancelled", "draft"):
        raise UserError(
            f"Order {inv.order.number} is {inv.order.status}; invoice {inv.number} cannot be "
            "posted to it. Delete the draft or post it without the order."
        )
    if inv.order is not None and inv.order.status == "invoiced":
        inv.kind = "standalone"
    series = inv.kind if inv.kind != "standalone" else "invoice"
    inv.number = book.next_number(series)
    if inv.kind in ("invoice", "standalone"):
        terms = book.customer_terms(inv.customer)
        inv.terms_text = terms.text
        inv.due_date = terms.due_date(inv.date)
        if terms.tiers:
            inv.discount_date = terms.discount_until(terms.tiers[0], inv.date)
            inv.discount_percent_bp = int(terms.tiers[0].percent * 100)
    inv.status = "posted"
    inv.posted_at = audit_stamp()
    inv.save()
    total = cur.from_minor(inv.total)
    post_entry(
        cur, inv.date, f"{_kind_word(inv)} {inv.number}", dr_cr(RECEIVABLES, SALES, total), invoice=inv
    )
    if inv.order_id is not None and inv.kind == "invoice":
        invoice_posted_on_order(inv, cur)


def _kind_word(inv: Invoice) -> str:
    return {
        "invoice": "Invoice",
        "standalone": "Standalone invoice",
        "credit_note": "Credit note",
        "corrective": "Corrective invoice",
    }[inv.kind]


def post_invoice(number: str) -> Invoice:
    with database.atomic():
        inv = get_invoice(number)
        post_invoice_row(inv, book.currency())
        return inv


def delete_draft(number: str) -> None:
    with database.atomic():
        inv = get_invoice(number)
        if inv.status != "draft":
            raise UserError(
                f"{_kind_word(inv)} {inv.number} is posted; posted documents are never changed "
                "or deleted. Issue a credit note or a corrective invoice instead."
            )
        from models.tables import UnbilledItem

        UnbilledItem.delete().where(UnbilledItem.invoice == inv).execute()
        InvoiceLine.delete().where(InvoiceLine.invoice == inv).execute()
        inv.delete_instance()


def refuse_if_posted(number: str) -> None:
    inv = get_invoice(number)
    if inv.status != "draft":
        raise UserError(
            f"{_kind_word(inv)} {inv.number} is posted; posted documents are never changed or "
            "deleted. Issue a credit note or a corrective invoice instead."
        )


# ---------------------------------------------------------------- payments


def create_payment(
    customer: str,
    on: date,
    amount: Decimal,
    order: str | None = None,
    reference: str = "",
    method: str = "bank transfer",
) -> Payment:
    with database.atomic():
        cur = book.currency()
        cust = get_customer(customer)
        if amount <= 0:
            raise UserError("A payment amount must be more than zero.")
        order_row = None
        if order:
            order_row = get_order(order)
            if order_row.customer_id != cust.id:
                raise UserError(f"Order {order_row.number} belongs to another customer.")
            if order_row.status == "cancelled":
                raise UserError(f"Order {order_row.number} is cancelled; it takes no payments.")
            if order_row.status == "draft":
                raise UserError(f"Order {order_row.number} is a draft; post it before taking payments.")
        pay = Payment.create(
            number=book.next_number("payment"),
            customer=cust,
            order=order_row,
            date=on,
            amount=cur.to_minor(amount),
            reference=reference,
            method=method,
        )
        post_entry(cur, on, f"Payment {pay.number}", dr_cr(BANK, ADVANCES, amount), payment=pay)
        if order_row is not None:
            from app.orders import payment_received_on_order

            payment_received_on_order(pay, order_row, cur)
        return pay


# ---------------------------------------------------------------- settling


@dataclass(frozen=True)
class Source:
    kind: str  # payment / credit_note
    number: str
    payment: Payment | None
    credit_note: Invoice | None
    available: Decimal
    date: date
    customer_id: int


def get_source(number: str, cur: Currency) -> Source:
    number = str(number).strip()
    pay = Payment.get_or_none(Payment.number == number)
    if pay is not None:
        available = cur.from_minor(pay.amount - pay.applied - pay.refunded)
        return Source(PAYMENT, number, pay, None, available, pay.date, pay.customer_id)
    inv = Invoice.get_or_none(Invoice.number == number)
    if inv is None:
        raise UserError(f'There is no payment or credit note numbered "{number}".')
    if not is_credit(inv):
        raise UserError(f"{inv.number} is an invoice, not a payment or credit note; it cannot pay.")
    if inv.status == "draft":
        raise UserError(f"Credit note {inv.number} is a draft; post it first.")
    available = cur.from_minor(inv.settled - inv.total)
    return Source(CREDIT_NOTE, number, None, inv, available, inv.date, inv.customer_id)


def open_invoices_of(customer_id: int) -> list[Invoice]:
    """Open receivable invoices, oldest due first (what the dialog proposes)."""
    return list(
        Invoice.select()
        .where(
            (Invoice.customer == customer_id)
            & (Invoice.kind.in_(RECEIVABLE_KINDS))
            & (Invoice.total > 0)
            & (Invoice.status != "draft")
            & (Invoice.settled < Invoice.total)
        )
        .order_by(Invoice.due_date, Invoice.date, Invoice.id)
    )


def _targets(src: Source, numbers: Sequence[str]) -> list[Invoice]:
    if not numbers:
        return open_invoices_of(src.customer_id)
    seen: set[str] = set()
    out = []
    for number in numbers:
        inv = get_invoice(number)
        if inv.number in seen:
            raise UserError(f"Invoice {inv.number} is named twice.")
        seen.add(inv.number)
        if inv.customer_id != src.customer_id:
            raise UserError(f"Invoice {inv.number} belongs to another customer than {src.number}.")
        if inv.status == "draft":
            raise UserError(f"Invoice {inv.number} is a draft; post it before settling it.")
        if is_credit(inv):
            raise UserError(f"{inv.number} is a credit, not an invoice to settle.")
        if inv.settled >= inv.total:
            raise UserError(f"Invoice {inv.number} is already settled.")
        out.append(inv)
    return out


def preview_settlement(
    source: str,
    invoices: Sequence[str] = (),
    amount: Decimal | None = None,
    full_settlement: bool = False,
    on: date | None = None,
    amounts: Mapping[str, Decimal] | None = None,
) -> SettlementPreview:
    """What settling would do, without posting anything."""
    cur = book.currency()
    return _plan_settle(get_source(source, cur), cur, invoices, amount, full_settlement, on, amounts)


def _plan_settle(
    src: Source,
    cur: Currency,
    invoices: Sequence[str],
    amount: Decimal | None,
    full_settlement: bool,
    on: date | None,
    amounts: Mapping[str, Decimal] | None,
) -> SettlementPreview:
    when = on or src.date
    if when < src.date:
        raise UserError(
            f"The settlement date {when.isoformat()} is before {src.number} "
            f"({src.date.isoformat()})."
        )
    targets = _targets(src, invoices)
    return plan_settlement(
        source=src.number,
        source_kind=src.kind,
        available=src.available,
        invoices=[open_state(i, cur) for i in targets],
        on=when,
        params=book.params(),
        currency=cur,
        cap=amount,
        amounts=amounts,
        full_settlement=full_settlement,
    )


def settle(
    source: str,
    invoices: Sequence[str] = (),
    amount: Decimal | None = None,
    full_settlement: bool = False,
    on: date | None = None,
    amounts: Mapping[str, Decimal] | None = None,
) -> list[Settlement]:
    """Apply a payment or a credit note to invoices; returns the settlements."""
    with database.atomic():
        cur = book.currency()
        src = get_source(source, cur)
        preview = _plan_settle(src, cur, invoices, amount, full_settlement, on, amounts)
        return store_preview(preview, src, cur)


def store_preview(
    preview: SettlementPreview, src: Source, cur: Currency, automatic: bool = False
) -> list[Settlement]:
    rows = []
    for app in preview.applications:
        rows.append(_store_application(app, src, preview.date, cur, automatic))
    return rows


def _store_application(
    app: Application, src: Source, on: date, cur: Currency, automatic: bool
) -> Settlement:
    inv = Invoice.get(Invoice.number == app.invoice)
    row = Settlement.create(
        payment=src.payment,
        credit_note=src.credit_note,
        invoice=inv,
        date=app.on or on,
        amount=cur.to_minor(app.amount),
        discount=cur.to_minor(app.discount),
        writeoff=cur.to_minor(app.writeoff),
        full_settlement=cur.to_minor(app.full_settlement),
        explanation=app.explanation,
        automatic=automatic,
    )
    _apply_caches(row, +1)
    from app.settlement import journal_for

    post_entry(
        cur,
        row.date,
        f"Settlement {row.id}: {src.number} → {inv.number}",
        journal_for([app], src.kind),
        settlement=row,
        invoice=inv,
        payment=src.payment,
    )
    return row


def _apply_caches(row: Settlement, sign: int) -> None:
    """Keep the cached settled/applied figures in step with a settlement row."""
    inv = Invoice.get_by_id(row.invoice_id)
    settles = row.amount + row.discount + row.writeoff + row.full_settlement
    inv.settled += sign * settles
    # A full-settlement waiver is posted as additional cash discount (§3.6),
    # so a later credit note reverses it with the discount (§3.4).
    inv.discount_taken += sign * (row.discount + row.full_settlement)
    if not (0 <= inv.settled <= inv.total):
        raise UserError(f"Invoice {inv.number} would be settled beyond its total.")
    refresh_status(inv)
    inv.save()
    if row.payment_id is not None:
        pay = Payment.get_by_id(row.payment_id)
        pay.applied += sign * row.amount
        if pay.applied + pay.refunded > pay.amount or pay.applied < 0:
            raise UserError(f"Payment {pay.number} would be applied beyond its amount.")
        pay.save()
    if row.credit_note_id is not None:
        cn = Invoice.get_by_id(row.credit_note_id)
        cn.settled -= sign * row.amount
        if not (cn.total <= cn.settled <= 0):
            raise UserError(f"Credit note {cn.number} would be applied beyond its amount.")
        refresh_status(cn)
        cn.save()


def _refuse_if_credit_depends(row: Settlement) -> None:
    """A credit note's discount reversal rests on the discount it reverses.

    Undoing either one alone would leave the customer owed the wrong amount
    (SPEC §3.4), so both are refused with the reason.
    """
    cn = row.credit_note
    if cn is not None and cn.credits_id == row.invoice_id and row.discount < 0:
        raise UserError(
            f"Settlement {row.id} nets credit note {cn.number} against the invoice it credits, "
            "reversing the cash discount the customer took; it is part of the credit note and "
            "cannot be undone on its own."
        )
    if row.discount + row.full_settlement > 0:
        later = (
            Settlement.select()
            .where(
                (Settlement.invoice == row.invoice_id)
                & Settlement.credit_note.is_null(False)
                & (Settlement.discount < 0)
                & (Settlement.id > row.id)
            )
            .first()
        )
        if later is not None:
            raise UserError(
                f"Settlement {row.id} cannot be undone: credit note {settlement_source(later)} has "
                "since reversed the cash discount it granted. Refund or apply the customer's "
                "credit instead."
            )


def unsettle(settlement_id: int, on: date | None = None) -> Settlement:
    """Reverse a settlement with all its parts (SPEC §3.10)."""
    with database.atomic():
        cur = book.currency()
        row = Settlement.get_or_none(Settlement.id == settlement_id)
        if row is None:
            raise UserError(f"There is no settlement {settlement_id}.")
        if row.reverses_id is not None:
            raise UserError(f"Settlement {row.id} is itself an unsettlement; it cannot be undone.")
        done = Settlement.get_or_none(Settlement.reverses == row.id)
        if done is not None:
            raise UserError(f"Settlement {row.id} was already undone by settlement {done.id}.")
        _refuse_if_credit_depends(row)
        when = on or row.date
        if when < row.date:
            raise UserError(f"The unsettlement date {when.isoformat()} is before the settlement.")
        source = settlement_source(row)
        rev = Settlement.create(
            payment=row.payment_id,
            credit_note=row.credit_note_id,
            invoice=row.invoice_id,
            date=when,
            amount=-row.amount,
            discount=-row.discount,
            writeoff=-row.writeoff,
            full_settlement=-row.full_settlement,
            explanation=f"Unsettles settlement {row.id} ({source} → {row.invoice.number}): "
            f"{cur.fmt(cur.from_minor(row.amount))} applied and all its discount and "
            "write-off parts reversed.",
            reverses=row.id,
            automatic=False,
        )
        _apply_caches(rev, +1)
        entry = JournalEntry.get(JournalEntry.settlement == row.id)
        post_entry(
            cur,
            when,
            f"Unsettlement {rev.id} of settlement {row.id}",
            reverse_lines(entry, cur),
            settlement=rev,
            invoice=row.invoice_id,
            payment=row.payment_id,
        )
        return rev


# ---------------------------------------------------------------- credit notes


def creditable(inv: Invoice) -> int:
    """What is left to credit on an invoice, in minor units."""
    credited = sum(
        -cn.total
        for cn in Invoice.select(Invoice.total).where(
            (Invoice.credits == inv.id) & (Invoice.status != "draft")
        )
    )
    return inv.total - credited


def credited(line: InvoiceLine) -> tuple[int, int]:
    """(quantity, amount) posted credit notes have taken off one line, as positive minor units."""
    row: tuple[int, int] = (
        InvoiceLine.select(
            fn.COALESCE(fn.SUM(InvoiceLine.quantity), 0), fn.COALESCE(fn.SUM(InvoiceLine.amount), 0)
        )
        .join(Invoice)
        .where(
            (InvoiceLine.original_line == line.id)
            & (InvoiceLine.role == "credit")
            & (Invoice.status != "draft")
        )
        .scalar(as_tuple=True)
    )
    return -int(row[0]), -int(row[1])


def _credit_lines(
    inv: Invoice, amount: Decimal | None, line_qty: Mapping[int, Decimal] | None, cur: Currency
) -> list[dict[str, Any]]:
    if (amount is None) == (not line_qty):
        raise UserError("Give the credit either as an amount or as lines with quantities.")
    if amount is not None:
        if amount <= 0:
            raise UserError("The amount to credit must be more than zero.")
        left = cur.from_minor(creditable(inv))
        if amount > left:
            raise UserError(
                f"Invoice {inv.number} has only {cur.fmt(left)} left to credit; "
                f"{cur.fmt(amount)} was asked."
            )
        return [
            {
                "description": f"Credit on invoice {inv.number}",
                "quantity": -1000,
                "unit_price": cur.to_minor(amount),
                "amount": -cur.to_minor(amount),
                "original_line": None,
            }
        ]
    assert line_qty is not None
    out = []
    lines = {ln.seq: ln for ln in inv.lines}
    for seq, qty in sorted(line_qty.items()):
        ln = lines.get(seq)
        if ln is None:
            raise UserError(f"Invoice {inv.number} has no line {seq}.")
        if qty <= 0:
            raise UserError(f"The quantity to credit on line {seq} must be more than zero.")
        credited_qty, credited_amt = credited(ln)
        left = ln.quantity - credited_qty
        if qty_to_milli(qty) > left:
            raise UserError(
                f"Line {seq} of invoice {inv.number} has only {fmt_qty(qty_from_milli(left))} "
                f"left to credit; {fmt_qty(qty)} was asked."
            )
        amount_ = cur.round(qty * cur.from_minor(ln.unit_price))
        if qty_to_milli(qty) == left:
            # The last part takes the remainder, so the parts add up to the line (§3.9).
            amount_ = cur.from_minor(ln.amount - credited_amt)
        out.append(
            {
                "description": ln.description,
                "quantity": -qty_to_milli(qty),
                "unit_price": ln.unit_price,
                "amount": -cur.to_minor(amount_),
                "original_line": ln.id,
            }
        )
    total = -sum(x["amount"] for x in out)
    if total > creditable(inv):
        raise UserError(f"Invoice {inv.number} has only {cur.fmt(cur.from_minor(creditable(inv)))} left to credit.")
    return out


@dataclass(frozen=True)
class CreditNotePreview:
    invoice: str
    credit: Decimal
    discount_reversed: Decimal
    owed_to_customer: Decimal
    reduces_balance: Decimal
    lines: tuple[tuple[str, Decimal, Decimal, Decimal], ...]  # description, qty, price, amount
    settlement: SettlementPreview


def preview_credit_note(
    invoice: str,
    on: date,
    amount: Decimal | None = None,
    lines: Mapping[int, Decimal] | None = None,
) -> CreditNotePreview:
    """What crediting would do, without posting anything."""
    return _credit_plan(get_invoice(invoice), on, amount, lines, book.currency())[1]


def _credit_plan(
    inv: Invoice,
    on: date,
    amount: Decimal | None,
    lines: Mapping[int, Decimal] | None,
    cur: Currency,
) -> tuple[list[dict[str, Any]], CreditNotePreview]:
    """The credit note's lines and its preview, checked once for both uses."""
    if inv.status == "draft":
        raise UserError(f"Invoice {inv.number} is a draft; delete or change it instead of crediting.")
    if inv.kind not in RECEIVABLE_KINDS or inv.total <= 0:
        raise UserError(f"{inv.number} is not an invoice that can be credited.")
    if inv.status == "corrected":
        newer = Invoice.get_or_none((Invoice.corrects == inv.id) & (Invoice.status != "draft"))
        raise UserError(
            f"Invoice {inv.number} was corrected by {number_of(newer)}; credit or correct "
            f"{number_of(newer)} instead."
        )
    if on < inv.date:
        raise UserError(f"The credit note date {on.isoformat()} is before invoice {inv.number}.")
    raw = _credit_lines(inv, amount, lines, cur)
    credit = -cur.from_minor(sum(x["amount"] for x in raw))
    plan = plan_credit_note(
        source="(number on posting)",
        credit=credit,
        invoice=open_state(inv, cur),
        on=on,
        params=book.params(),
        currency=cur,
        uncredited=cur.from_minor(creditable(inv)),
    )
    preview = CreditNotePreview(
        invoice=inv.number,
        credit=credit,
        discount_reversed=-sum((a.discount for a in plan.applications), ZERO),
        owed_to_customer=plan.remaining_credit,
        reduces_balance=sum((a.settles for a in plan.applications), ZERO),
        lines=tuple(
            (
                str(x["description"]),
                qty_from_milli(x["quantity"]),
                cur.from_minor(x["unit_price"]),
                cur.from_minor(x["amount"]),
            )
            for x in raw
        ),
        settlement=plan,
    )
    return raw, preview


def create_credit_note(
    invoice: str,
    on: date,
    amount: Decimal | None = None,
    lines: Mapping[int, Decimal] | None = None,
    reason: str = "",
) -> Invoice:
    """Credit an invoice; the credit first reduces its open balance (SPEC §3.4)."""
    with database.atomic():
        cur = book.currency()
        inv = get_invoice(invoice)
        raw, preview = _credit_plan(inv, on, amount, lines, cur)
        cn = Invoice.create(
            number=book.next_number("credit_note"),
            kind="credit_note",
            status="posted",
            customer=inv.customer_id,
            order=inv.order_id,
            date=on,
            due_date=on,
            total=-cur.to_minor(preview.credit),
            credits=inv.id,
            reason=reason,
            posted_at=audit_stamp(),
        )
        for seq, x in enumerate(raw, start=1):
            InvoiceLine.create(invoice=cn, seq=seq, role="credit", **x)
        post_entry(
            cur, on, f"Credit note {cn.number} on {inv.number}",
            dr_cr(SALES, RECEIVABLES, preview.credit), invoice=cn,
        )
        apply_credit_to_invoice(cn, inv, on, cur)
        return cn


def apply_credit_to_invoice(cn: Invoice, inv: Invoice, on: date, cur: Currency) -> None:
    """Net a new credit against the invoice it credits (also used by corrections)."""
    credit = cur.from_minor(-cn.total)
    # Earlier credits on the invoice, not counting this one (already stored).
    uncredited = creditable(inv) + (-cn.total if cn.credits_id == inv.id else 0)
    plan = plan_credit_note(
        source=cn.number,
        credit=credit,
        invoice=open_state(inv, cur),
        on=on,
        params=book.params(),
        currency=cur,
        uncredited=cur.from_minor(uncredited),
    )
    src = Source(CREDIT_NOTE, cn.number, None, cn, credit, on, cn.customer_id)
    store_preview(plan, src, cur)


# ---------------------------------------------------------------- refunds


def refund_credit(source: str, on: date, amount: Decimal | None = None, reason: str = "") -> Refund:
    """Pay back a customer's unapplied credit (a payment or a credit note)."""
    with database.atomic():
        cur = book.currency()
        src = get_source(source, cur)
        value = src.available if amount is None else amount
        if value <= 0:
            raise UserError(f"{src.number} has no credit left to refund.")
        if value > src.available:
            raise UserError(
                f"{src.number} has only {cur.fmt(src.available)} left to refund; "
                f"{cur.fmt(value)} was asked."
            )
        if on < src.date:
            raise UserError(f"The refund date {on.isoformat()} is before {src.number}.")
        ref = record_refund(src, value, on, reason or f"Refund of credit on {src.number}", cur)
        if src.payment is not None and src.payment.order_id is not None:
            # Money refunded off an order payment is no longer received on the
            # order (orders._received); without this a later change or cancel
            # would try to refund it a second time.
            Order.update(refunded=Order.refunded + cur.to_minor(value)).where(
                Order.id == src.payment.order_id
            ).execute()
        return ref


def record_refund(src: Source, value: Decimal, on: date, reason: str, cur: Currency) -> Refund:
    minor = cur.to_minor(value)
    if src.payment is not None:
        pay = Payment.get_by_id(src.payment.id)
        pay.refunded += minor
        if pay.applied + pay.refunded > pay.amount:
            raise UserError(f"Payment {pay.number} has not enough unapplied money to refund.")
        pay.save()
        account = ADVANCES
        order = pay.order_id
    else:
        assert src.credit_note is not None
        cn = Invoice.get_by_id(src.credit_note.id)
        cn.settled -= minor
        if cn.settled < cn.total:
            raise UserError(f"Credit note {cn.number} has not enough credit left to refund.")
        refresh_status(cn)
        cn.save()
        account = RECEIVABLES
        order = None
    ref = Refund.create(
        number=book.next_number("refund"),
        customer=src.customer_id,
        order=order,
        payment=src.payment,
        credit_note=src.credit_note,
        date=on,
        amount=minor,
        reason=reason,
    )
    post_entry(cur, on, f"Refund {ref.number}: {reason}", dr_cr(account, REFUNDS_PAYABLE, value), refund=ref, payment=src.payment)
    return ref
