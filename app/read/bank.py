"""Bank lines as the command line and the window show them, with their proposals (issue 11).

`match_book()` reads what is open in the book into the matcher's shape
(app/rules/bank_match.py): open invoices with their customers, the
customers' names and bank accounts, open refunds, orders' invoices.
`proposals()` asks the matcher about the unmatched lines.

At 1,000,000 open invoices what costs is handing each row's values to
Python, so `proposals()` reads none of them up front: the matcher asks
the book's indexes for the invoices its lines name and the ones their
amounts may settle, for all the lines at once (`PointBook`,
app/read/bank_lookup.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from itertools import repeat
from typing import Any, NamedTuple

from peewee import JOIN, fn

from app.errors import UserError
from app.i18n import _
from app.read.bank_lookup import BookLookup, Shapes
from app.read.bank_lookup import shapes_ahead as shapes_ahead
from app.read.bulk import bulk
from app.rules.bank_follow import FollowBook
from app.rules.bank_match import (
    MatchBook,
    OpenFacts,
    OpenRefund,
    Proposal,
    SeenLine,
    propose,
    propose_all,
)
from app.rules.bank_point import PointBook, days
from app.rules.money import Currency
from app.rules.statement import Statement, StatementLine
from app.services import book
from app.services.documents import RECEIVABLE_KINDS
from models.db import database
from models.tables import (
    BankAccount,
    BankLine,
    BankStatement,
    Customer,
    CustomerBankAccount,
    Invoice,
    Order,
    Payment,
    Refund,
)


def _raw(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as the database gives them: no model instances, no conversions."""
    sql, params = query.sql()
    return list(database.execute_sql(sql, params).fetchall())


def _open_invoices() -> Any:
    """What documents.open_invoices_of calls open, every customer."""
    return (
        Invoice.kind.in_(RECEIVABLE_KINDS)
        & (Invoice.total > 0)
        & (Invoice.status != "draft")
        & (Invoice.settled < Invoice.total)
    )


def _facts(codes: dict[int, str]) -> OpenFacts:
    query = Invoice.select(
        Invoice.number,
        Invoice.customer,
        Invoice.date,
        Invoice.due_date,
        Invoice.total,
        Invoice.total - Invoice.settled,
        Invoice.discount_taken,
        Invoice.terms_text,
    ).where(_open_invoices())
    columns = list(zip(*_raw(query), strict=True)) or [()] * 8
    numbers, owners, dates, dues, totals, balances, taken, terms = columns
    return OpenFacts(
        numbers,
        list(map(codes.__getitem__, owners)),
        dates,
        dues,
        totals,
        list(balances),
        list(taken),
        terms,
    )


def match_book(
    lean: bool = False,
    follow: bool = False,
    committed: Any = None,
    rows: dict[str, Any] | None = None,
    shapes: Shapes | None = None,
) -> MatchBook:
    """What is open in the book, read with lean queries (columns, not model
    instances): the matcher makes an invoice of a row only when a line touches it.
    `lean`: none of the open invoices read up front, the matcher asks the book's
    indexes for those its lines need (`PointBook`, app/read/bank_lookup.py), to
    propose many lines against the book as it is (`propose_all`); `follow`: the
    same, and the matcher follows what accepting its proposals does (`FollowBook`,
    accept-all; `committed`: its invoices asked of a connection reading the book as
    last committed, models/db.py `committed_reader`; `rows`: where it keeps each
    invoice it reads whole, app/read/bank_lookup.py; `shapes`: its pass over every
    invoice, started before: `shapes_ahead` there); otherwise every open invoice
    is read (a line at a time, listing)."""
    cur = book.currency()
    params = book.params()
    codes, customers, ibans = _who()
    refunds = [
        OpenRefund(number, codes[c], cur.from_minor(amount))
        for number, c, amount in _raw(
            Refund.select(Refund.number, Refund.customer, Refund.amount).where(
                Refund.paid_on.is_null()
            )
        )
    ]
    orders: dict[str, list[str]] = {}
    if Order.select().exists():  # no order to name: no pass over the open invoices
        ordered = (
            Invoice.select(Order.number, Invoice.number)
            .join(Order, on=(Invoice.order == Order.id))
            .where(_open_invoices())
        )
        for order, number in _raw(ordered):
            orders.setdefault(order, []).append(number)
    if follow:
        return FollowBook(
            params,
            cur,
            (),
            customers,
            ibans,
            refunds,
            orders,
            lookup=BookLookup(codes, committed, rows, shapes),
        )
    if lean:
        return PointBook(
            params, cur, (), customers, ibans, refunds, orders, lookup=BookLookup(codes)
        )
    return MatchBook(params, cur, (), customers, ibans, refunds, orders, _facts(codes))


def _who() -> tuple[dict[int, str], dict[str, str], dict[str, str]]:
    """The customers as the matcher names them: code by id, name by code, and code by
    each bank account (IBAN) the book remembers."""
    codes = dict(_raw(Customer.select(Customer.id, Customer.code)))
    customers = dict(_raw(Customer.select(Customer.code, Customer.name)))
    ibans = {
        iban: codes[c]
        for iban, c in _raw(
            CustomerBankAccount.select(CustomerBankAccount.iban, CustomerBankAccount.customer)
        )
    }
    return codes, customers, ibans


class LineRow(NamedTuple):
    """A stored bank line as matching reads it (not a model instance: 100,000 of them)."""

    id: int
    account_id: int
    statement_id: int
    booking_date: date
    value_date: date
    amount: int
    currency: str
    counterparty: str
    iban: str
    remittance: str
    end_to_end: str
    bank_ref: str
    status: str
    payment_id: int | None
    refund_id: int | None


def unmatched_rows() -> list[LineRow]:
    """The unmatched lines, oldest first, read with one lean query."""
    b = BankLine
    query = (
        b.select(
            b.id,
            b.account,
            b.statement,
            b.booking_date,
            b.value_date,
            b.amount,
            b.currency,
            b.counterparty,
            b.iban,
            b.remittance,
            b.end_to_end,
            b.bank_ref,
            b.status,
            b.payment,
            b.refund,
        )
        .where(b.status == "unmatched")
        .order_by(b.booking_date, b.id)
    )
    found = _raw(query)
    if not found:
        return []
    columns = list(zip(*found, strict=True))
    columns[3], columns[4] = days(columns[3]), days(columns[4])
    return _tuples(LineRow, columns)


def _tuples(cls: Any, columns: Sequence[Iterable[Any]]) -> list[Any]:
    """Named tuples of class `cls` made of `columns`, row by row, without the class's
    Python `__new__` (C's tuple.__new__ for each: 100,000 lines at a time)."""
    return list(map(partial(tuple.__new__, cls), zip(*columns, strict=True)))


def as_statement_line(row: BankLine | LineRow, cur: Currency) -> StatementLine:
    return StatementLine(
        booking_date=row.booking_date,
        value_date=row.value_date,
        amount=Decimal(int(row.amount)).scaleb(-cur.places),  # cur.from_minor, exact
        currency=row.currency,
        counterparty=row.counterparty,
        iban=row.iban,
        remittance=row.remittance,
        end_to_end=row.end_to_end,
        bank_ref=row.bank_ref,
        key=str(row.id),
    )


def seen_line(row: LineRow, places: int) -> SeenLine:
    """A stored line as the matcher reads it (what `as_statement_line` says, lighter)."""
    return SeenLine(
        str(row.id),
        row.booking_date,
        row.value_date,
        Decimal(row.amount).scaleb(-places),
        row.amount,
        row.currency,
        row.counterparty,
        row.iban,
        row.remittance,
    )


def seen_lines(rows: Sequence[LineRow], places: int) -> list[SeenLine]:
    """`seen_line` of each row, made column by column."""
    if not rows:
        return []
    ids, _a, _s, booked, valued, amounts, currencies, payers, ibans, texts = list(
        zip(*rows, strict=True)
    )[:10]
    exact = map(Decimal.scaleb, map(Decimal, amounts), repeat(-places))  # as `seen_line`
    columns = (map(str, ids), booked, valued, exact, amounts, currencies, payers, ibans, texts)
    return _tuples(SeenLine, columns)


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


def accounts_by_id() -> dict[int, str]:
    """The name of each of the book's bank accounts, by its id (what a line names)."""
    return {
        int(key): str(name)
        for key, name in _raw(BankAccount.select(BankAccount.id, BankAccount.name))
    }


def account_names() -> list[str]:
    """The book's bank accounts, the one whose statements came in last first."""
    newest = fn.MAX(BankStatement.id)
    query = (
        BankAccount.select(BankAccount.name, newest)
        .join(BankStatement, JOIN.LEFT_OUTER, on=BankStatement.account == BankAccount.id)
        .group_by(BankAccount.id, BankAccount.name)
        .order_by(newest.desc(nulls="LAST"), BankAccount.name)
    )
    rows: list[tuple[str, Any]] = list(query.tuples())  # type: ignore[arg-type]
    return [str(name) for name, _newest in rows]


def proposals(rows: Sequence[Any] | None = None) -> list[tuple[Any, Proposal]]:
    """A proposal for each unmatched line (all of them by default)."""
    with book.reading(), bulk():
        cur = book.currency()
        rows = unmatched_rows() if rows is None else rows
        mb = match_book(lean=True)
        places = cur.places
        if all(type(r) is LineRow for r in rows):
            seen: Sequence[Any] = seen_lines(rows, places)
        else:
            seen = [
                seen_line(r, places) if type(r) is LineRow else as_statement_line(r, cur)
                for r in rows
            ]
        return list(zip(rows, propose_all(seen, mb), strict=True))


def _number(model: Any, key: int | None) -> str | None:
    return None if key is None else str(model.get_by_id(key).number)


def line_json(
    row: BankLine | LineRow, cur: Currency, proposal: Proposal | None = None
) -> dict[str, Any]:
    account = BankAccount.get_by_id(row.account_id)
    out: dict[str, Any] = {
        "id": row.id,
        "account": account.name,
        "statement": BankStatement.get_by_id(row.statement_id).ident,
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
        "payment": _number(Payment, row.payment_id),
        "refund": _number(Refund, row.refund_id),
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
        if row.status == "unmatched":  # only the invoices this line touches read
            proposal = propose(as_statement_line(row, cur), match_book(lean=True))
        return line_json(row, cur, proposal)


def invoice_balances(numbers: Sequence[str]) -> dict[str, Decimal]:
    """The open balance of each invoice named, as the book spells its number."""
    from app.services.documents import get_invoice

    cur = book.currency()
    out = {}
    for number in numbers:
        inv = get_invoice(number)
        out[inv.number] = cur.from_minor(inv.total - inv.settled)
    return out


def invoice_customer(number: str) -> str:
    """The code of the customer an invoice belongs to."""
    from app.services.documents import get_invoice

    return str(get_invoice(number).customer.code)


def payer_of(row: BankLine, customer: str) -> tuple[tuple[str, str] | None, bool]:
    """What the matcher knows of line `row`'s payer, when the line is posted as
    `customer`'s payment: the customer the payer is known as (by its bank account,
    else by the payer's name) and how in words (app/rules/bank_customer.py
    `payer`), and whether accepting it teaches the line's bank account as
    `customer`'s (`teaches`: not when its payer is known as another customer)."""
    from app.rules.bank_customer import payer, teaches

    with book.reading():
        cur = book.currency()
        _codes, customers, ibans = _who()
        # Who pays is read from the customers and their accounts alone: no invoice (a
        # matcher's book of them passes over every invoice, 0.1 s at 1,000,000).
        mb = MatchBook(book.params(), cur, (), customers, ibans)
        line = as_statement_line(row, cur)
        return payer(line, mb), teaches(line, customer, mb)


def sample_statement(on: date) -> Statement:
    """A statement paying a few open invoices of the book, the ways payers do:
    one quoting its number with the discount of the day deducted, one only
    by the payer's name, and one nobody can place (for `acerto screenshot`,
    which stores it in a transaction it rolls back)."""
    from app.rules.statement import keyed

    cur = book.currency()
    mb = match_book()
    lines: list[StatementLine] = []
    items = sorted(mb.all_items(), key=lambda i: i.invoice.date, reverse=True)[:2]
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
    items = sorted(mb.all_items(), key=lambda i: (i.invoice.due_date, i.invoice.number))
    return [
        (
            i.invoice.number,
            f"{i.invoice.number} — {mb.customers.get(i.customer, i.customer)} — "
            f"{cur.fmt(i.invoice.balance)}",
        )
        for i in items
    ]
