"""Small builders for tests: documents from strings, through the services.

Amounts are given as text ("100.00") and converted with `Decimal`; dates
default to day 0 (2026-03-01), and `day(n)` is n days after it, so
"paid on day 8" reads `pay("98.00", on=day(8))`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.services import book as book_service
from app.services import credit_notes, customers, invoices, orders, payments, settlements
from app.services.invoices import LineInput
from models.tables import (
    ALL_TABLES,
    Customer,
    Invoice,
    JournalEntry,
    JournalLine,
    Order,
    Payment,
    SchemaVersion,
    Settlement,
)

PG_URL = (
    os.environ.get("ACERTO_TEST_PG", "")
    if os.environ.get("ACERTO_TEST_PG", "").startswith(("postgresql://", "postgres://"))
    else ""
)

DAY0 = date(2026, 3, 1)

Money = str | int | Decimal
LineSpec = tuple[str, Money, Money]  # description, quantity, unit price


@dataclass(frozen=True)
class BookHandle:
    backend: str  # "sqlite" or "postgres"
    url: str
    path: Path | None  # the SQLite file, None on PostgreSQL


def D(value: Money) -> Decimal:
    """Decimal from test text; never from a float."""
    if isinstance(value, float):  # pragma: no cover - a mistake in a test
        raise TypeError("use strings for money in tests, not floats")
    return value if isinstance(value, Decimal) else Decimal(str(value))


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


# ---------------------------------------------------------------- books


_pg_schema_ready: set[str] = set()


def fresh_postgres_book(url: str) -> None:
    """Open `url` and empty it: the schema is (re)built once, then truncated."""
    from models.db import init_db
    from models.migrations import LATEST, current_version

    db = init_db(url, migrate=False)
    if url not in _pg_schema_ready or current_version(db) != LATEST:
        db.drop_tables(ALL_TABLES, safe=True, cascade=True)
        init_db(url)
        _pg_schema_ready.add(url)
        return
    names = ", ".join(f'"{m._meta.table_name}"' for m in ALL_TABLES if m is not SchemaVersion)
    db.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def demo_book(backend: str, folder: Path, company: str, **demo: Any) -> str:
    """A small demo book (`app.demo.make_demo(**demo)`) on "sqlite" (in `folder`) or
    "postgres" (ACERTO_TEST_PG), left open: its URL."""
    from app.demo import make_demo

    if backend == "postgres":
        fresh_postgres_book(PG_URL)
        url = PG_URL
    else:
        url = str(folder / "demo.sqlite")
        book_service.open_book(url)
    book_service.initialise("EUR", company)
    make_demo(**demo)
    return url


def invoice_page_query(filters: Any, column: str, order: str, total: int) -> tuple[str, Any]:
    """The page query (with its parameters) `panes.page` sends for a page of invoices."""
    from app.read import panes
    from models.db import database

    db = database.obj
    real = db.execute_sql
    seen: list[tuple[str, Any]] = []

    def spy(sql: str, params: Any = (), *a: Any, **k: Any) -> Any:
        seen.append((sql, params))
        return real(sql, params, *a, **k)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        panes.page("invoices", filters, column, order, 0, 20, total=total)  # type: ignore[arg-type]
    finally:
        del db.execute_sql
    return next((s, p) for s, p in seen if "JOIN" in s and "LIMIT" in s)


def open_memory_book() -> None:
    """A new in-memory SQLite book (for property tests: many books per test)."""
    from models.db import init_db

    init_db(":memory:")


def dump_book() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order: compare before/after an action.

    Plain SQL rather than model queries: property tests dump the book around
    every action, and this is many times faster.
    """
    from models.db import database

    out = {}
    for model in ALL_TABLES:
        table = model._meta.table_name
        cursor = database.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1')
        out[table] = [tuple(row) for row in cursor.fetchall()]
    return out


def reload(row: Any) -> Any:
    return type(row).get_by_id(row.get_id())


# ---------------------------------------------------------------- settings


def set_params(**values: Any) -> None:
    """set_params(max_underpayment="0.50", discount_on_partial_payments=False)."""
    for key, value in values.items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        book_service.set_setting(key, str(value))


# ---------------------------------------------------------------- documents


def _code(customer: Customer | str | None) -> str:
    if customer is None:
        return "C1"
    return customer.code if isinstance(customer, Customer) else str(customer)


def make_customer(
    code: str = "C1", terms: str | None = "2% 10, net 30", name: str | None = None
) -> Customer:
    """The customer `code`, created with `terms` if it does not exist yet."""
    found = Customer.get_or_none(Customer.code == code)
    if found is not None:
        if terms is not None and (found.terms is None or found.terms.text != terms):
            return customers.update_customer(code, terms=terms)
        return found
    return customers.add_customer(code, name or f"Customer {code}", terms=terms)


def _ensure(customer: Customer | str | None, terms: str | None = None) -> str:
    """The customer's code; a new customer is created with "2% 10, net 30"."""
    code = _code(customer)
    if Customer.get_or_none(Customer.code == code) is None:
        make_customer(code, terms=terms or "2% 10, net 30")
    elif terms is not None:
        make_customer(code, terms=terms)
    return code


def _lines(lines: Iterable[LineSpec]) -> list[LineInput]:
    return [LineInput(desc, D(qty), D(price)) for desc, qty, price in lines]


def make_invoice(
    total: Money | None = "100.00",
    customer: Customer | str | None = None,
    on: date = DAY0,
    terms: str | None = None,
    lines: Sequence[LineSpec] | None = None,
    order: Order | str | None = None,
    draft: bool = False,
) -> Invoice:
    """A posted invoice of `total` (one line) or of `lines`.

    `terms` set the customer's terms before posting (terms are copied onto
    the invoice when it posts); a new customer gets "2% 10, net 30".
    """
    code = _ensure(customer, terms)
    order_no = order.number if isinstance(order, Order) else order
    if lines is not None:
        return invoices.create_invoice(code, on, lines=_lines(lines), order=order_no, draft=draft)
    assert total is not None
    return invoices.create_invoice(code, on, amount=D(total), order=order_no, draft=draft)


def pay(
    amount: Money = "100.00",
    customer: Customer | str | None = None,
    on: date = DAY0,
    order: Order | str | None = None,
    reference: str = "",
) -> Payment:
    code = _ensure(customer)
    order_no = order.number if isinstance(order, Order) else order
    return payments.create_payment(code, on, D(amount), order=order_no, reference=reference)


def _number(doc: Any) -> str:
    return doc if isinstance(doc, str) else doc.number


def settle(
    source: Payment | Invoice | str,
    *invoices: Invoice | str,
    amount: Money | None = None,
    full_settlement: bool | str | list[str] = False,
    on: date | None = None,
    amounts: Mapping[str, Money] | None = None,
) -> list[Settlement]:
    return settlements.settle(
        _number(source),
        [_number(i) for i in invoices],
        amount=D(amount) if amount is not None else None,
        full_settlement=full_settlement,
        on=on,
        amounts={k: D(v) for k, v in amounts.items()} if amounts else None,
    )


def make_order(
    lines: Sequence[LineSpec] = (("Widget", "3", "100.00"),),
    customer: Customer | str | None = None,
    on: date = DAY0,
    discount: Money = "0",
) -> Order:
    code = _ensure(customer)
    return orders.create_order(code, on, _lines(lines), discount=D(discount))


def credit_note(
    invoice: Invoice | str,
    amount: Money | None = None,
    lines: Mapping[int, Money] | None = None,
    on: date = DAY0,
    reason: str = "",
) -> Invoice:
    return credit_notes.create_credit_note(
        _number(invoice),
        on,
        amount=D(amount) if amount is not None else None,
        lines={k: D(v) for k, v in lines.items()} if lines else None,
        reason=reason,
    )


# ---------------------------------------------------------------- reading back


def fresh(doc: Invoice | Payment | Order) -> Any:
    """The row as stored now (cached figures change under a held row)."""
    return reload(doc)


def balance(inv: Invoice | str) -> Decimal:
    row = Invoice.get(Invoice.number == _number(inv))
    return book_service.currency().from_minor(row.total - row.settled)


def unapplied(payment: Payment | str) -> Decimal:
    p = Payment.get(Payment.number == _number(payment))
    return book_service.currency().from_minor(p.amount - p.applied - p.refunded)


def parts(s: Settlement) -> tuple[str, str, str, str]:
    """(amount, discount, writeoff, full_settlement) of a settlement row as text."""
    cur = book_service.currency()
    s = reload(s)
    return tuple(  # type: ignore[return-value]
        cur.fmt(cur.from_minor(v)) for v in (s.amount, s.discount, s.writeoff, s.full_settlement)
    )


def journal_of(s: Settlement) -> list[tuple[str, str, str]]:
    """The journal entry of a settlement: sorted (account, debit, credit)."""
    cur = book_service.currency()
    entry = JournalEntry.get(JournalEntry.settlement == s.id)
    return sorted(
        (ln.account, cur.fmt(cur.from_minor(ln.debit)), cur.fmt(cur.from_minor(ln.credit)))
        for ln in JournalLine.select().where(JournalLine.entry == entry.id)
    )


def account_balance(account: str) -> Decimal:
    """Debit minus credit of one account over the whole journal."""
    cur = book_service.currency()
    total = sum(
        ln.debit - ln.credit for ln in JournalLine.select().where(JournalLine.account == account)
    )
    return cur.from_minor(int(total))


def payments_workbook(
    path: Any, numbers: list[str], amount: str = "10.00", settle: tuple[str, str] | None = None
) -> None:
    """An exchange workbook of new payments from customer C1 on 2026-03-06;
    `settle` (payment, invoice): a Settlements row applying that payment's amount."""
    from datetime import date
    from decimal import Decimal

    from reports.xlsx_write import Column, XlsxWriter

    with XlsxWriter(path) as wb:
        sheet = wb.sheet(
            "Payments",
            [
                Column("number"),
                Column("customer"),
                Column("date", "date"),
                Column("amount", "money"),
            ],
        )
        for number in numbers:
            sheet.row([number, "C1", date(2026, 3, 6), Decimal(amount)])
        if settle is not None:
            sets = wb.sheet(
                "Settlements",
                [
                    Column("source"),
                    Column("invoice"),
                    Column("seq", "int"),
                    Column("date", "date"),
                    Column("amount", "money"),
                ],
            )
            sets.row([settle[0], settle[1], 1, date(2026, 3, 6), Decimal(amount)])
