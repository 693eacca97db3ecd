"""Bank lines as the command line and the window show them, with their proposals (issue 11).

`match_book()` reads what is open in the book into the matcher's shape
(app/rules/bank_match.py): open invoices with their customers, the
customers' names and bank accounts, open refunds, orders' invoices.
`proposals()` asks the matcher about the unmatched lines.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.errors import UserError
from app.i18n import _
from app.rules.bank_match import MatchBook, OpenItem, OpenRefund, Proposal, propose
from app.rules.money import Currency
from app.rules.statement import Statement, StatementLine
from app.services import book
from app.services.documents import RECEIVABLE_KINDS, open_state
from models.tables import (
    BankAccount,
    BankLine,
    Customer,
    CustomerBankAccount,
    Invoice,
    Order,
    Refund,
)


def match_book() -> MatchBook:
    cur = book.currency()
    params = book.params()
    items = []
    query = Invoice.select().where(  # what documents.open_invoices_of calls open, every customer
        Invoice.kind.in_(RECEIVABLE_KINDS),
        Invoice.total > 0,
        Invoice.status != "draft",
        Invoice.settled < Invoice.total,
    )
    codes = {c.id: c.code for c in Customer.select(Customer.id, Customer.code)}
    for inv in query:
        items.append(OpenItem(codes[inv.customer_id], open_state(inv, cur)))
    customers = {c.code: c.name for c in Customer.select(Customer.code, Customer.name)}
    ibans = {
        a.iban: codes[a.customer_id]
        for a in CustomerBankAccount.select(CustomerBankAccount.iban, CustomerBankAccount.customer)
    }
    refunds = [
        OpenRefund(r.number, codes[r.customer_id], cur.from_minor(r.amount))
        for r in Refund.select().where(Refund.paid_on.is_null())
    ]
    orders: dict[str, list[str]] = {}
    order_numbers = {o.id: o.number for o in Order.select(Order.id, Order.number)}
    for inv in query:
        if inv.order_id is not None:
            orders.setdefault(order_numbers[inv.order_id], []).append(inv.number)
    return MatchBook(params, cur, items, customers, ibans, refunds, orders)


def as_statement_line(row: BankLine, cur: Currency) -> StatementLine:
    return StatementLine(
        booking_date=row.booking_date,
        value_date=row.value_date,
        amount=cur.from_minor(row.amount),
        currency=row.currency,
        counterparty=row.counterparty,
        iban=row.iban,
        remittance=row.remittance,
        end_to_end=row.end_to_end,
        bank_ref=row.bank_ref,
        key=str(row.id),
    )


def lines(unmatched: bool = False) -> list[BankLine]:
    query = BankLine.select().order_by(BankLine.booking_date, BankLine.id)
    if unmatched:
        query = query.where(BankLine.status == "unmatched")
    return list(query)


def get_line(line_id: int | str) -> BankLine:
    try:
        row = BankLine.get_or_none(BankLine.id == int(line_id))
    except ValueError:
        row = None
    if row is None:
        raise UserError(
            _('There is no bank line "{line_id}" (see `acerto bank lines`).').format(
                line_id=line_id
            )
        )
    return row


def proposals(rows: list[BankLine] | None = None) -> list[tuple[BankLine, Proposal]]:
    """A proposal for each unmatched line (all of them by default)."""
    with book.reading():
        cur = book.currency()
        rows = lines(unmatched=True) if rows is None else rows
        mb = match_book()
        return [(r, propose(as_statement_line(r, cur), mb)) for r in rows]


def line_json(row: BankLine, cur: Currency, proposal: Proposal | None = None) -> dict[str, Any]:
    account = BankAccount.get_by_id(row.account_id)
    out: dict[str, Any] = {
        "id": row.id,
        "account": account.name,
        "statement": row.statement.ident,
        "booking_date": row.booking_date.isoformat(),
        "value_date": row.value_date.isoformat(),
        "amount": cur.fmt(cur.from_minor(row.amount)),
        "currency": row.currency,
        "counterparty": row.counterparty,
        "iban": row.iban,
        "remittance": row.remittance,
        "end_to_end": row.end_to_end,
        "bank_ref": row.bank_ref,
        "status": row.status,
        "payment": None if row.payment is None else row.payment.number,
        "refund": None if row.refund is None else row.refund.number,
    }
    if proposal is not None:
        out["proposal"] = proposal_json(proposal, cur)
    return out


def proposal_json(p: Proposal, cur: Currency) -> dict[str, Any]:
    apps = p.preview.applications if p.preview is not None else ()
    return {
        "kind": p.kind,
        "confidence": f"{p.confidence:.2f}",
        "customer": p.customer,
        "invoices": [
            {
                "invoice": a.invoice,
                "amount": cur.fmt(a.amount),
                "discount": cur.fmt(a.discount),
                "writeoff": cur.fmt(a.writeoff),
                "full_settlement": cur.fmt(a.full_settlement),
                "balance_after": cur.fmt(a.balance_after),
            }
            for a in apps
        ],
        "on_account": cur.fmt(p.preview.remaining_credit) if p.preview is not None else None,
        "refund": p.refund,
        "reason": p.reason,
        "explanation": p.explanation,
    }


def show_line(key: str) -> dict[str, Any]:
    """`show bank-line ID --json`: the line, and its proposal while it is unmatched."""
    with book.reading():
        cur = book.currency()
        row = get_line(key)
        proposal = None
        if row.status == "unmatched":
            proposal = propose(as_statement_line(row, cur), match_book())
        return line_json(row, cur, proposal)


def invoice_customer(number: str) -> str:
    """The code of the customer an invoice belongs to."""
    from app.services.documents import get_invoice

    return str(get_invoice(number).customer.code)


def sample_statement(on: date) -> Statement:
    """A statement paying a few open invoices of the book, the ways payers do:
    one quoting its number with the discount of the day deducted, one only
    by the payer's name, and one nobody can place (for `acerto screenshot`,
    which stores it in a transaction it rolls back)."""
    from app.rules.statement import keyed

    cur = book.currency()
    mb = match_book()
    lines: list[StatementLine] = []
    items = sorted(mb.items, key=lambda i: i.invoice.date, reverse=True)[:2]
    for n, item in enumerate(items):
        inv = item.invoice
        when = max(on, inv.date)
        tier = inv.terms.tier_on(inv.date, when)
        asked = inv.balance - (cur.round(inv.balance * tier.percent / 100) if tier else 0)
        if n == 0:
            text, name = f"Pagamento {inv.number}", ""
        else:
            text, name = "transferencia", mb.customers[item.customer].upper()
        lines.append(StatementLine(when, when, asked, cur.code, name, "", text))
    lines.append(StatementLine(on, on, cur.from_minor(12345), cur.code, "", "", "?"))
    return Statement("SAMPLE", f"sample {on.isoformat()}", cur.code, lines=keyed("SAMPLE", lines))


def open_invoice_choices() -> list[tuple[str, str]]:
    """(number, "number — customer name — balance") of every open invoice, oldest due
    first: what the Bank view offers as the bookkeeper types over a proposal."""
    cur = book.currency()
    mb = match_book()
    items = sorted(mb.items, key=lambda i: (i.invoice.due_date, i.invoice.number))
    return [
        (
            i.invoice.number,
            f"{i.invoice.number} — {mb.customers.get(i.customer, i.customer)} — "
            f"{cur.fmt(i.invoice.balance)}",
        )
        for i in items
    ]
