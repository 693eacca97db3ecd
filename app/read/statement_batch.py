"""The statement's figures read from the book, for one customer or a whole batch (issue 13).

One implementation of the rule for both: the opening balance (four sums
grouped by customer) and the period's documents, payments, refunds and
settlements (one query each, the settlements' sources joined), for every
customer at once or, given `customer`, for that one. A batch of 1,000
customers read one customer at a time took 31 s of a 100,000-invoice
book; read at once, about 1 s. `app/read/statement.py` assembles each
statement from these rows (`assemble`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import JOIN, SQL, fn

from app.read.netting import shown_amounts
from app.rules.money import ZERO, Currency
from models.tables import Invoice, Payment, Refund, Settlement

Movement = tuple[date, int, str, str, str, Decimal, Decimal, dict[str, Any]]


def balances_before(day: date, customer: int | None = None) -> dict[int, int]:
    """Customer id → net balance in minor units from everything dated before `day`
    (of every customer, or of `customer` only)."""
    out: dict[int, int] = defaultdict(int)
    docs: Any = (
        Invoice.select(Invoice.customer, fn.SUM(Invoice.total))
        .where((Invoice.status != "draft") & (Invoice.date < day) & _of(Invoice, customer))
        .group_by(Invoice.customer)
        .tuples()
    )
    pays: Any = (
        Payment.select(Payment.customer, fn.SUM(Payment.amount))
        .where((Payment.date < day) & _of(Payment, customer))
        .group_by(Payment.customer)
        .tuples()
    )
    refunds: Any = (
        Refund.select(Refund.customer, fn.SUM(Refund.amount))
        .where((Refund.date < day) & _of(Refund, customer))
        .group_by(Refund.customer)
        .tuples()
    )
    effect = Settlement.discount + Settlement.writeoff + Settlement.full_settlement
    settled: Any = (
        Settlement.select(Invoice.customer, fn.SUM(effect))
        .join(Invoice, on=(Settlement.invoice == Invoice.id))
        .where((Settlement.date < day) & _of(Invoice, customer))
        .group_by(Invoice.customer)
        .tuples()
    )
    for query, sign in ((docs, 1), (pays, -1), (refunds, 1), (settled, -1)):
        for customer, total in query:
            out[int(customer)] += sign * int(total or 0)
    return out


def movements(
    wanted: set[int], start: date, end: date, cur: Currency, customer: int | None = None
) -> dict[int, list[Movement]]:
    """Customer id (of `wanted`) → its movements in the period: (date, order within a
    day, number, kind, detail, debit, credit, more); `customer`: read that one only."""
    m = cur.from_minor
    out: dict[int, list[Movement]] = defaultdict(list)
    docs: Any = (
        Invoice.select(
            Invoice.customer, Invoice.number, Invoice.kind, Invoice.date, Invoice.due_date,
            Invoice.total, Invoice.reason,
        )
        .where(
            (Invoice.status != "draft") & Invoice.date.between(start, end) & _of(Invoice, customer)
        )
        .order_by(Invoice.id)
        .tuples()
    )  # fmt: skip
    for who, number, kind, on, due, total_minor, reason in docs:
        if who not in wanted:
            continue
        total = m(total_minor)
        if total >= 0:
            out[who].append((on, 0, number, kind, "", total, ZERO, {"due": due}))
        else:
            out[who].append((on, 0, number, kind, reason, ZERO, -total, {}))
    pays: Any = (
        Payment.select(Payment.customer, Payment.number, Payment.date, Payment.amount,
                       Payment.reference)
        .where(Payment.date.between(start, end) & _of(Payment, customer))
        .order_by(Payment.id)
        .tuples()
    )  # fmt: skip
    for who, number, on, amount, reference in pays:
        if who in wanted:
            out[who].append((on, 1, number, "payment", reference, ZERO, m(amount), {}))
    refunds: Any = (
        Refund.select(Refund.customer, Refund.number, Refund.date, Refund.amount, Refund.reason)
        .where(Refund.date.between(start, end) & _of(Refund, customer))
        .order_by(Refund.id)
        .tuples()
    )
    for who, number, on, amount, reason in refunds:
        if who in wanted:
            out[who].append((on, 1, number, "refund", reason, m(amount), ZERO, {}))
    for who, move in _settlements(wanted, start, end, cur, customer):
        out[who].append(move)
    return out


def _settlements(
    wanted: set[int], start: date, end: date, cur: Currency, customer: int | None
) -> Iterable[tuple[int, Movement]]:
    note = Invoice.alias("note")
    rows: Any = (
        Settlement.select(
            Invoice.customer, Settlement.id, Settlement.date, Settlement.amount,
            Settlement.discount, Settlement.writeoff, Settlement.full_settlement,
            Payment.number, note.number, Settlement.credit_note, Settlement.reverses,
            Invoice.number,
        )
        .join(Invoice, on=(Settlement.invoice == Invoice.id))
        .join(Payment, JOIN.LEFT_OUTER, on=(Settlement.payment == Payment.id))
        .join(note, JOIN.LEFT_OUTER, on=(Settlement.credit_note == note.id))
        .where(Settlement.date.between(start, end) & _of(Invoice, customer))
        .order_by(Settlement.id)
        .tuples()
    )  # fmt: skip
    mine = [r for r in rows if r[0] in wanted]
    shown = _shown(mine)
    for who, sid, on, amount, discount, writeoff, full, pay, cn, _n, _r, invoice in mine:
        effect = cur.from_minor(discount + writeoff + full)
        more = {
            "source": pay or cn or "",
            "invoice": invoice,
            "applied": cur.from_minor(shown.get(sid, amount)),
        }
        debit, credit = (ZERO, effect) if effect >= 0 else (-effect, ZERO)
        yield who, (on, 2, f"#{sid}", "settlement", "", debit, credit, more)


def _shown(rows: list[tuple[Any, ...]]) -> dict[int, int]:
    """The netting rows' amounts as read (`shown_amounts`), asked only of those rows:
    a credit note's netting that reversed discount (credit note set, discount < 0,
    not an unsettlement); every other row reads its stored amount."""
    ids = [r[1] for r in rows if r[9] is not None and r[4] < 0 and r[10] is None]
    if not ids:
        return {}
    return shown_amounts(Settlement.select().where(Settlement.id.in_(ids)).order_by(Settlement.id))


def _of(table: Any, customer: int | None) -> Any:
    """`table.customer == customer`, or true when reading every customer."""
    return (table.customer == customer) if customer is not None else SQL("1 = 1")
