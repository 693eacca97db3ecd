"""The aging's queries (SPEC §6): which invoices, credit notes and payments are
open as of a date, and by how much, read through the figures the services keep
(`total - settled`, `amount - applied - refunded`) plus what was settled, applied
or refunded after the date. app/read/aging.py buckets and sums what they give.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from peewee import JOIN, PostgresqlDatabase, fn

from models.db import database
from models.tables import Customer, Invoice, Payment, Refund, Settlement

RECEIVABLE_KINDS = ("invoice", "standalone", "corrective")


def sum_minor(amounts: Any) -> Any:
    """SUM of minor units as a 64-bit integer (PostgreSQL's SUM of a bigint is a
    numeric: the open items' filter over a million invoices ran in numeric
    arithmetic, 0.99 s -> 0.83 s, issue 12)."""
    return fn.SUM(amounts).cast("BIGINT")


def settled_after(as_of: date) -> Any:
    """Each invoice's settlements dated after `as_of`, summed (the invoices' own
    `settled` figure holds them all)."""
    parts = (
        Settlement.amount + Settlement.discount + Settlement.writeoff + Settlement.full_settlement
    )
    return (
        Settlement.select(Settlement.invoice.alias("inv_id"), sum_minor(parts).alias("later"))
        .where(Settlement.date > as_of)
        .group_by(Settlement.invoice)
        .alias("lt")
    )


def invoice_rows(as_of: date) -> Any:
    """The receivable invoices open as of `as_of`: what is open now (`total -
    settled`, the figure the services keep and `acerto check` proves) plus what
    was settled after the date. So the aging reads the settlements of the days
    after its date, not every settlement the book ever had (issue 12: 900,000
    of them aggregated for 100,000 open items at a million invoices)."""
    lt = settled_after(as_of)
    open_ = Invoice.total - Invoice.settled + fn.COALESCE(lt.c.later, 0)
    cols = [
        Invoice.customer,
        Invoice.number,
        Invoice.kind,
        Invoice.date,
        Invoice.due_date,
        Invoice.total,
        open_.alias("open"),
    ]
    q = Invoice.select(*cols).join(lt, JOIN.LEFT_OUTER, on=(lt.c.inv_id == Invoice.id))
    q = q.where(
        (Invoice.status != "draft")
        & (Invoice.kind.in_(RECEIVABLE_KINDS))
        & (Invoice.total > 0)
        & (Invoice.date <= as_of)
        & (open_ != 0)
    )
    later = Settlement.select(Settlement.invoice).where(
        (Settlement.date > as_of) & Settlement.invoice.is_null(False)
    )
    return through_balances(q, Invoice.total - Invoice.settled, Invoice.id, later)


def credit_note_rows(as_of: date) -> tuple[Any, Any]:
    applied = (
        Settlement.select(
            Settlement.credit_note.alias("cn_id"), sum_minor(Settlement.amount).alias("amt")
        )
        .where((Settlement.date <= as_of) & Settlement.credit_note.is_null(False))
        .group_by(Settlement.credit_note)
        .alias("ap")
    )
    refunded = (
        Refund.select(Refund.credit_note.alias("cn_id"), sum_minor(Refund.amount).alias("amt"))
        .where((Refund.date <= as_of) & Refund.credit_note.is_null(False))
        .group_by(Refund.credit_note)
        .alias("rf")
    )
    credit = (0 - Invoice.total) - fn.COALESCE(applied.c.amt, 0) - fn.COALESCE(refunded.c.amt, 0)
    q = (
        Invoice.select(
            Invoice.customer,
            Invoice.number,
            Invoice.kind,
            Invoice.date,
            Invoice.total,
            credit.alias("credit"),
        )
        .join(applied, JOIN.LEFT_OUTER, on=(applied.c.cn_id == Invoice.id))
        .join(refunded, JOIN.LEFT_OUTER, on=(refunded.c.cn_id == Invoice.id))
        .where(
            (Invoice.status != "draft")
            & (Invoice.total < 0)
            & (Invoice.date <= as_of)
            & (credit != 0)
        )
    )
    return q, credit


def payment_rows(as_of: date) -> tuple[Any, Any]:
    """Payments with credit unapplied as of `as_of`: unapplied now (`amount -
    applied - refunded`, kept by the services) plus what was applied or
    refunded after the date (as `invoice_rows`)."""
    applied = (
        Settlement.select(
            Settlement.payment.alias("pay_id"), sum_minor(Settlement.amount).alias("amt")
        )
        .where((Settlement.date > as_of) & Settlement.payment.is_null(False))
        .group_by(Settlement.payment)
        .alias("ap")
    )
    refunded = (
        Refund.select(Refund.payment.alias("pay_id"), sum_minor(Refund.amount).alias("amt"))
        .where((Refund.date > as_of) & Refund.payment.is_null(False))
        .group_by(Refund.payment)
        .alias("rf")
    )
    credit = (
        Payment.amount
        - Payment.applied
        - Payment.refunded
        + fn.COALESCE(applied.c.amt, 0)
        + fn.COALESCE(refunded.c.amt, 0)
    )
    q = (
        Payment.select(
            Payment.customer, Payment.number, Payment.date, Payment.amount, credit.alias("credit")
        )
        .join(applied, JOIN.LEFT_OUTER, on=(applied.c.pay_id == Payment.id))
        .join(refunded, JOIN.LEFT_OUTER, on=(refunded.c.pay_id == Payment.id))
        .where((Payment.date <= as_of) & (credit != 0))
    )
    later = [
        m.select(m.payment).where((m.date > as_of) & m.payment.is_null(False))
        for m in (Settlement, Refund)
    ]
    q = through_balances(q, Payment.amount - Payment.applied - Payment.refunded, Payment.id, *later)
    return q, credit


def through_balances(q: Any, balance: Any, key: Any, *later: Any) -> Any:
    """On PostgreSQL, `q` also asks what every row open as of the date is: open
    now (`balance` not 0) or in one of `later` (settled or refunded after the
    date). Same rows, found through the balance indexes and the ids instead of a
    scan of every invoice and payment (payments at 1M: 0.46 s -> 0.10 s, issue
    12). `= ANY(ARRAY(...))`: an IN inside an OR filters a full scan."""
    if not isinstance(database.obj, PostgresqlDatabase):
        return q
    touched = (balance > 0) | (balance < 0)
    for ids in later:
        touched |= key == fn.ANY(fn.ARRAY(ids))
    return q.where(touched)


def credit_totals(as_of: date) -> Iterator[tuple[int, int, int]]:
    """(customer id, unapplied credit in minor units, items holding it) per customer."""
    for (q, credit), model in (
        (credit_note_rows(as_of), Invoice),
        (payment_rows(as_of), Payment),
    ):
        agg = q.select(model.customer, fn.SUM(credit), fn.COUNT(model.id)).group_by(model.customer)
        for cid, total, items in agg.tuples():
            yield int(cid), int(total or 0), int(items)


def room_to_sort() -> None:
    """PostgreSQL sorts the open items by customer code for the Detail: at its
    default work_mem (4 MB) 100,000 of them spilled to disk (0.6-1.5 s). This
    transaction (`book.reading()`) only gets 64 MB, enough for some 500,000 rows
    sorted in memory; a larger sort still spills, as it should.

    No JIT: expecting 800,000 open items where 100,000 come (1M invoices), the
    planner compiled both big queries, 0.20 s and 0.25 s of 1.0 s and 0.7 s."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase) and db.in_transaction():
        db.execute_sql("SET LOCAL work_mem = '64MB'")
        db.execute_sql("SET LOCAL jit = off")


def with_customer(q: Any) -> Any:
    return (
        q.switch(q.model)
        .join(Customer, on=(q.model.customer == Customer.id))
        .select_extend(Customer.code, Customer.name)
    )


def raw_rows(q: Any) -> Iterator[tuple[Any, ...]]:
    """A query's rows straight from the DB-API cursor: no model or field conversion.

    Dates arrive as ISO text on SQLite and as dates on PostgreSQL; `_Days`
    reads both.
    """
    cursor = database.execute(q)
    try:
        while True:
            batch = cursor.fetchmany(2000)
            if not batch:
                return
            yield from batch
    finally:
        cursor.close()
