"""The rules' invariants over the stored rows, for `acerto check`.

Each finding is one sentence naming the document. Two kinds:

- the rules broken, computed from the rows that make them (settlements,
  refunds, invoices): an order cancelled but invoiced, a payment or a
  credit note used beyond its amount, an invoice settled beyond its total,
  a journal entry that does not balance;
- a cached figure (models/tables.py: an invoice's total, settled and
  discount taken and its status; a payment's applied and refunded; an
  order's total, invoiced, paid, refunded and status; an order line's
  amount and invoiced quantity) that differs from the rows it caches.

Every check is one grouped query per figure, so a 100,000-invoice book
takes seconds, not a query per document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, Case, fn

from app.i18n import _
from app.rules.money import Currency, qty_from_milli
from models.on_order import counted_on_order
from models.tables import (
    Counter,
    Invoice,
    InvoiceLine,
    JournalEntry,
    JournalLine,
    Order,
    OrderLine,
    Payment,
    Refund,
    Settlement,
)

Say = Callable[[str], None]
# app/services/book.py: SERIES_PREFIX (a read model must not ask the services for it)
SERIES_PREFIXES = frozenset({"INV", "CN", "CI", "SO", "PAY", "REF", "DRAFT"})


@dataclass(frozen=True)
class Money:
    cur: Currency

    def __call__(self, minor: int) -> str:
        return self.cur.fmt(self.cur.from_minor(minor))


def _rows(query: Any) -> Iterator[tuple[Any, ...]]:
    """A query's rows as tuples (peewee's stubs type them as model instances)."""
    return iter(query.tuples())


def _sums(query: Any) -> dict[int, int]:
    return {int(k): int(v or 0) for k, v in _rows(query)}


def _total_by(key: Any, value: Any, where: Any = True) -> dict[int, int]:
    """SUM(value) per non-null `key` (a foreign key field) over its own table."""
    query = key.model.select(key, fn.SUM(value)).where(key.is_null(False) & where)
    return _sums(query.group_by(key))


def check_invariants(say: Say, cur: Currency) -> None:
    """Say every broken invariant and every stale cached figure of the open book."""
    m = Money(cur)
    _invoices(say, m)
    _payments(say, m)
    _orders(say, m)
    _order_lines(say)
    _line_amounts(say, cur)
    _series(say)
    _journal_entries(say, m)


# ---------------------------------------------------------------- invoices


def _settled_rows() -> tuple[dict[int, int], dict[int, int], dict[int, int], dict[int, int]]:
    """Per invoice: what its settlements settle and the discount they take; per credit
    note: what it applied to invoices and what was refunded from it."""
    settles = Settlement.amount + Settlement.discount + Settlement.writeoff
    received = _total_by(Settlement.invoice, settles + Settlement.full_settlement)
    discount = _total_by(Settlement.invoice, Settlement.discount + Settlement.full_settlement)
    given = _total_by(Settlement.credit_note, Settlement.amount)
    refunded = _total_by(Refund.credit_note, Refund.amount)
    return received, discount, given, refunded


def _status_of(status: str, settled: int, total: int) -> str:
    """app/services/documents.py: refresh_status, for comparing."""
    if status in ("draft", "corrected"):
        return status
    if total == 0 and settled == 0 and status == "posted":
        return status  # a document of zero (a correction that changes nothing) stays posted
    if settled == 0 and total != 0:
        return "posted"
    return "settled" if settled == total else "partially_settled"


def _invoices(say: Say, m: Money) -> None:
    received, discount, given, refunded = _settled_rows()
    lines = _total_by(InvoiceLine.invoice, InvoiceLine.amount)
    rows = _rows(
        Invoice.select(
            Invoice.id,
            Invoice.number,
            Invoice.kind,
            Invoice.status,
            Invoice.total,
            Invoice.settled,
            Invoice.discount_taken,
        )
    )
    for iid, number, kind, status, total, settled, taken in rows:
        word = _("Credit note") if kind == "credit_note" else _("Invoice")
        made = received.get(iid, 0) - given.get(iid, 0) - refunded.get(iid, 0)
        if total >= 0 and made > total:
            say(
                _(
                    "{word} {number} is settled beyond its total: its settlements settle {made} of {total}."
                ).format(word=word, number=number, made=m(made), total=m(total))
            )
        if total < 0 and made < total:
            say(
                _("{word} {number} is applied and refunded beyond its amount: {m} of {m2}.").format(
                    word=word, number=number, m=m(-made), m2=m(-total)
                )
            )
        if made != settled:
            say(
                _(
                    "{word} {number}: the settled figure ({settled}) differs from its settlements and refunds ({made})."
                ).format(word=word, number=number, settled=m(settled), made=m(made))
            )
        if discount.get(iid, 0) != taken:
            say(
                _(
                    "{word} {number}: the discount taken ({taken}) differs from its settlements' discounts ({get})."
                ).format(word=word, number=number, taken=m(taken), get=m(discount.get(iid, 0)))
            )
        if iid in lines and lines[iid] != total:
            say(
                _("{word} {number}: the total ({total}) differs from its lines ({m}).").format(
                    word=word, number=number, total=m(total), m=m(lines[iid])
                )
            )
        expected = _status_of(status, settled, total)
        if status != expected:
            say(
                _(
                    '{word} {number}: the status "{status}" should be "{expected}" for what is settled.'
                ).format(word=word, number=number, status=status, expected=expected)
            )


# ---------------------------------------------------------------- payments


def _payments(say: Say, m: Money) -> None:
    applied = _total_by(Settlement.payment, Settlement.amount)
    refunded = _total_by(Refund.payment, Refund.amount)
    rows = _rows(
        Payment.select(
            Payment.id, Payment.number, Payment.amount, Payment.applied, Payment.refunded
        )
    )
    for pid, number, amount, cached_applied, cached_refunded in rows:
        used = applied.get(pid, 0) + refunded.get(pid, 0)
        if used > amount:
            say(
                _(
                    "Payment {number} ({amount}) is used beyond its amount: its settlements apply {get} and {get2} was refunded from it."
                ).format(
                    number=number,
                    amount=m(amount),
                    get=m(applied.get(pid, 0)),
                    get2=m(refunded.get(pid, 0)),
                )
            )
        if applied.get(pid, 0) < 0:
            say(
                _("Payment {number}: its settlements apply a negative {m}.").format(
                    number=number, m=m(applied[pid])
                )
            )
        if cached_applied != applied.get(pid, 0):
            say(
                _(
                    "Payment {number}: the applied figure ({cached_applied}) differs from its settlements ({get})."
                ).format(
                    number=number, cached_applied=m(cached_applied), get=m(applied.get(pid, 0))
                )
            )
        if cached_refunded != refunded.get(pid, 0):
            say(
                _(
                    "Payment {number}: the refunded figure ({cached_refunded}) differs from its refunds ({get})."
                ).format(
                    number=number, cached_refunded=m(cached_refunded), get=m(refunded.get(pid, 0))
                )
            )


# ---------------------------------------------------------------- orders


def _order_status(status: str, invoiced: int, total: int) -> str:
    """app/services/orders.py: _status, for comparing."""
    if status in ("cancelled", "draft"):
        return status
    if invoiced == 0:
        return "open"
    return "invoiced" if invoiced >= total else "partially_invoiced"


def _on_order() -> Any:
    """The posted documents an order's invoiced figures follow: its invoices (not the
    standalone ones) and the credit notes and corrections of those (SPEC §9)."""
    ids = counted_on_order()
    return Invoice.id.in_(ids) if ids else (Invoice.id < 0)


def _orders(say: Say, m: Money) -> None:
    invoiced = _total_by(Invoice.order, Invoice.total, _on_order())
    posted = _sums(
        Invoice.select(Invoice.order, fn.COUNT(Invoice.id))
        .where(
            Invoice.order.is_null(False)
            & Invoice.kind.in_(("invoice", "standalone"))
            & (Invoice.status != "draft")
        )
        .group_by(Invoice.order)
    )
    paid = _total_by(Payment.order, Payment.amount)
    refunded = _total_by(Refund.order, Refund.amount)
    lines = _total_by(OrderLine.order, OrderLine.amount, OrderLine.removed == False)  # noqa: E712
    rows = _rows(
        Order.select(
            Order.id,
            Order.number,
            Order.status,
            Order.discount,
            Order.total,
            Order.invoiced,
            Order.paid,
            Order.refunded,
        )
    )
    for oid, number, status, discount, total, c_invoiced, c_paid, c_refunded in rows:
        if status == "cancelled" and invoiced.get(oid, 0):
            say(
                _(
                    "Order {number} is cancelled but invoiced: {get} posted invoice(s) for {get2} are on it."
                ).format(number=number, get=posted.get(oid, 0), get2=m(invoiced.get(oid, 0)))
            )
        for what, cached, rows_sum in (
            ("invoiced", c_invoiced, invoiced.get(oid, 0)),
            ("paid", c_paid, paid.get(oid, 0)),
            ("refunded", c_refunded, refunded.get(oid, 0)),
        ):
            if cached != rows_sum:
                say(
                    _(
                        "Order {number}: the {what} figure ({cached}) differs from its rows ({rows_sum})."
                    ).format(number=number, what=what, cached=m(cached), rows_sum=m(rows_sum))
                )
        if total != lines.get(oid, 0) - discount:
            say(
                _(
                    "Order {number}: the total ({total}) differs from its lines less its discount ({m})."
                ).format(number=number, total=m(total), m=m(lines.get(oid, 0) - discount))
            )
        expected = _order_status(status, c_invoiced, total)
        if status != expected:
            say(
                _(
                    'Order {number}: the status "{status}" should be "{expected}" for what is invoiced.'
                ).format(number=number, status=status, expected=expected)
            )


def _order_lines(say: Say) -> None:
    billed = _sums(
        InvoiceLine.select(InvoiceLine.order_line, fn.SUM(InvoiceLine.quantity))
        .join(Invoice, on=(InvoiceLine.invoice == Invoice.id))
        .where(InvoiceLine.order_line.is_null(False) & _on_order())
        .group_by(InvoiceLine.order_line)
    )
    rows = _rows(
        OrderLine.select(
            OrderLine.id, Order.number, OrderLine.seq, OrderLine.invoiced_quantity
        ).join(Order, JOIN.INNER, on=(OrderLine.order == Order.id))
    )
    for lid, number, seq, cached in rows:
        if cached != billed.get(lid, 0):
            say(
                _(
                    "Order {number} line {seq}: the invoiced quantity ({qty_from_milli}) differs from its invoice lines ({qty_from_milli2})."
                ).format(
                    number=number,
                    seq=seq,
                    qty_from_milli=qty_from_milli(cached),
                    qty_from_milli2=qty_from_milli(billed.get(lid, 0)),
                )
            )


def _rounded_product(line: Any) -> Any:
    """quantity (thousandths) × unit price (minor units), rounded half up (away from zero)
    to minor units, in SQL integers: both SQLite and PostgreSQL truncate toward zero."""
    product = line.quantity * line.unit_price
    return Case(None, [(product >= 0, (product + 500) / 1000)], (product - 500) / 1000)


def _line_amounts(say: Say, cur: Currency) -> None:
    """A billed line's amount is its quantity times its price, rounded once (SPEC §1)."""
    m = Money(cur)
    billed = _rows(
        InvoiceLine.select(
            Invoice.number, InvoiceLine.seq, InvoiceLine.amount, _rounded_product(InvoiceLine)
        )
        .join(Invoice, on=(InvoiceLine.invoice == Invoice.id))
        .where((InvoiceLine.role == "bill") & (InvoiceLine.amount != _rounded_product(InvoiceLine)))
    )
    ordered = _rows(
        OrderLine.select(Order.number, OrderLine.seq, OrderLine.amount, _rounded_product(OrderLine))
        .join(Order, on=(OrderLine.order == Order.id))
        .where(OrderLine.amount != _rounded_product(OrderLine))
    )
    for what, rows in (("Invoice", billed), ("Order", ordered)):
        for number, seq, amount, expected in rows:
            say(
                _(
                    "{what} {number} line {seq}: the amount ({amount}) is not its quantity times its price ({expected})."
                ).format(
                    what=what, number=number, seq=seq, amount=m(amount), expected=m(int(expected))
                )
            )


def _series(say: Say) -> None:
    """Each numbering series stands at or past the highest number of its own form, so
    the next document cannot take a number that exists."""
    stands = {str(k): int(v) for k, v in _rows(Counter.select(Counter.name, Counter.value))}
    for model in (Invoice, Order, Payment, Refund):
        highest: dict[str, int] = {}
        for (number,) in _rows(model.select(model.number)):
            prefix, _dash, digits = str(number).rpartition("-")
            if (prefix in stands or prefix in SERIES_PREFIXES) and digits.isdigit():
                highest[prefix] = max(highest.get(prefix, 0), int(digits))
        for prefix, top in sorted(highest.items()):
            if stands.get(prefix, 0) < top:
                say(
                    _(
                        "The numbering series {prefix} stands at {stands} but {prefix}-{top:06d} exists: the next number would be taken twice."
                    ).format(prefix=prefix, stands=stands.get(prefix, 0), top=top)
                )


# ---------------------------------------------------------------- journal


def _journal_entries(say: Say, m: Money) -> None:
    """Every entry balances by itself (the journal's total balancing hides two wrong ones)."""
    off = _rows(
        JournalLine.select(
            JournalEntry.id,
            JournalEntry.description,
            fn.SUM(JournalLine.debit - JournalLine.credit),
        )
        .join(JournalEntry, on=(JournalLine.entry == JournalEntry.id))
        .group_by(JournalEntry.id, JournalEntry.description)
        .having(fn.SUM(JournalLine.debit - JournalLine.credit) != 0)
    )
    for eid, description, diff in off:
        say(
            _(
                'Journal entry {eid} ("{description}") does not balance: debits exceed credits by {diff}.'
            ).format(eid=eid, description=description, diff=m(int(diff)))
        )
