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

Every check is one set-based query: the grouped sums LEFT JOINed to the
rows that cache them, and a WHERE keeping the rows that break a rule, so a
sound book sends no row to Python (issue 12: 100,000 invoices in about a
second of SQLite).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, SQL, Case, SqliteDatabase, fn

from app.i18n import N_, _, ngettext, said_figure, said_money
from app.rules.money import Currency, qty_from_milli
from models.db import database
from models.on_order import COUNTED_CREDITS_SQL
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
        return said_money(self.cur)(self.cur.from_minor(minor))


def _rows(query: Any) -> Iterator[tuple[Any, ...]]:
    """A query's rows as tuples (peewee's stubs type them as model instances)."""
    return iter(query.tuples())


def check_invariants(say: Say, cur: Currency, suspects_only: bool = True) -> None:
    """Say every broken invariant and every stale cached figure of the open book.

    Set-based: each check is one query whose WHERE finds the rows that break it, so a
    sound book sends no row to Python; `suspects_only=False` sends every row through
    the same comparisons (the straightforward way the tests hold the SQL to)."""
    m = Money(cur)
    _invoices(say, m, suspects_only)
    _payments(say, m, suspects_only)
    _orders(say, m, suspects_only)
    _order_lines(say, suspects_only)
    _line_amounts(say, cur)
    _series(say)
    _journal_entries(say, m)


# ---------------------------------------------------------------- invoices


def _sub(key: Any, where: Any = True, **values: Any) -> Any:
    """A grouped subquery: each aggregate AS its name per non-null `key` (a foreign key
    field) over its own table, with the key as column `k`, to LEFT JOIN onto the rows it sums."""
    columns = [v.alias(name) for name, v in values.items()]
    query = key.model.select(key.alias("k"), *columns).where(key.is_null(False) & where)
    return query.group_by(key)


def _joined(model: Any, columns: list[Any], subs: list[Any]) -> tuple[Any, list[Any]]:
    """`model`'s rows LEFT JOINed to each grouped subquery on its key; the subqueries
    as aliased sources, to name their sums (COALESCE(sum, 0) with `_v`)."""
    query = model.select(*columns)
    aliased = []
    for i, sub in enumerate(subs):
        a = sub.alias(f"s{i}")
        query = query.join_from(model, a, JOIN.LEFT_OUTER, on=(a.c.k == model.id))
        aliased.append(a)
    return query.order_by(model.id), aliased


def _v(sub: Any, name: str) -> Any:
    return fn.COALESCE(getattr(sub.c, name), 0)


def _only(query: Any, suspect: Any, suspects_only: bool) -> Iterator[tuple[Any, ...]]:
    """The rows the SQL finds suspect (set-based: a sound book sends none to Python);
    every row when `suspects_only` is False (the straightforward way, for the tests)."""
    return _rows(query.where(suspect) if suspects_only else query)


def _status_sql(status: Any, settled: Any, total: Any) -> Any:
    """_status_of in SQL."""
    return Case(
        None,
        [
            (status.in_(("draft", "corrected")), status),
            ((total == 0) & (settled == 0) & (status == "posted"), status),
            ((settled == 0) & (total != 0), "posted"),
            (settled == total, "settled"),
        ],
        "partially_settled",
    )


def _status_of(status: str, settled: int, total: int) -> str:
    """app/services/documents.py: refresh_status, for comparing."""
    if status in ("draft", "corrected"):
        return status
    if total == 0 and settled == 0 and status == "posted":
        return status  # a document of zero (a correction that changes nothing) stays posted
    if settled == 0 and total != 0:
        return "posted"
    return "settled" if settled == total else "partially_settled"


def _invoices(say: Say, m: Money, suspects_only: bool = True) -> None:
    settles = Settlement.amount + Settlement.discount + Settlement.writeoff
    query, (rec, giv, ref, lin) = _joined(
        Invoice,
        [Invoice.id, Invoice.number, Invoice.kind, Invoice.status, Invoice.total],
        [
            _sub(
                Settlement.invoice,
                received=fn.SUM(settles + Settlement.full_settlement),
                discount=fn.SUM(Settlement.discount + Settlement.full_settlement),
            ),
            _sub(Settlement.credit_note, given=fn.SUM(Settlement.amount)),
            _sub(Refund.credit_note, refunded=fn.SUM(Refund.amount)),
            _sub(InvoiceLine.invoice, lines=fn.SUM(InvoiceLine.amount)),
        ],
    )
    made = _v(rec, "received") - _v(giv, "given") - _v(ref, "refunded")
    discount, lines, total = _v(rec, "discount"), lin.c.lines, Invoice.total
    query = query.select_extend(Invoice.settled, Invoice.discount_taken, made, discount, lines)
    suspect = (
        ((total >= 0) & (made > total))
        | ((total < 0) & (made < total))
        | (made != Invoice.settled)
        | (discount != Invoice.discount_taken)
        | (lines.is_null(False) & (lines != total))
        | (Invoice.status != _status_sql(Invoice.status, Invoice.settled, total))
    )
    for row in _only(query, suspect, suspects_only):
        _invoice_says(say, m, *row)


def _invoice_says(
    say: Say, m: Money, iid: int, number: str, kind: str, status: str, total: int,
    settled: int, taken: int, made: int, discount: int, lines: int | None,
) -> None:  # fmt: skip
    word = _("Credit note") if kind == "credit_note" else _("Invoice")
    made, discount = int(made), int(discount)
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
    if discount != taken:
        say(
            _(
                "{word} {number}: the discount taken ({taken}) differs from its settlements' discounts ({get})."
            ).format(word=word, number=number, taken=m(taken), get=m(discount))
        )
    if lines is not None and int(lines) != total:
        say(
            _("{word} {number}: the total ({total}) differs from its lines ({m}).").format(
                word=word, number=number, total=m(total), m=m(int(lines))
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


def _payments(say: Say, m: Money, suspects_only: bool = True) -> None:
    query, (app_, ref) = _joined(
        Payment,
        [Payment.number, Payment.amount, Payment.applied, Payment.refunded],
        [
            _sub(Settlement.payment, s=fn.SUM(Settlement.amount)),
            _sub(Refund.payment, s=fn.SUM(Refund.amount)),
        ],
    )
    applied, refunded = _v(app_, "s"), _v(ref, "s")
    query = query.select_extend(applied, refunded)
    suspect = (
        (applied + refunded > Payment.amount)
        | (applied < 0)
        | (applied != Payment.applied)
        | (refunded != Payment.refunded)
    )
    for number, amount, cached_applied, cached_refunded, a, r in _only(
        query, suspect, suspects_only
    ):
        applied_rows, refunded_rows = int(a), int(r)
        if applied_rows + refunded_rows > amount:
            say(
                _(
                    "Payment {number} ({amount}) is used beyond its amount: its settlements apply {get} and {get2} was refunded from it."
                ).format(
                    number=number, amount=m(amount), get=m(applied_rows), get2=m(refunded_rows)
                )
            )
        if applied_rows < 0:
            say(
                _("Payment {number}: its settlements apply a negative {m}.").format(
                    number=number, m=m(applied_rows)
                )
            )
        if cached_applied != applied_rows:
            say(
                _(
                    "Payment {number}: the applied figure ({cached_applied}) differs from its settlements ({get})."
                ).format(number=number, cached_applied=m(cached_applied), get=m(applied_rows))
            )
        if cached_refunded != refunded_rows:
            say(
                _(
                    "Payment {number}: the refunded figure ({cached_refunded}) differs from its refunds ({get})."
                ).format(number=number, cached_refunded=m(cached_refunded), get=m(refunded_rows))
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
    return (
        (Invoice.kind == "invoice") & Invoice.order.is_null(False) & (Invoice.status != "draft")
    ) | Invoice.id.in_(SQL(COUNTED_CREDITS_SQL))


def _orders(say: Say, m: Money, suspects_only: bool = True) -> None:
    posted = Invoice.kind.in_(("invoice", "standalone")) & (Invoice.status != "draft")
    query, (inv, cnt, pay, ref, lin) = _joined(
        Order,
        [Order.number, Order.status, Order.discount, Order.total],
        [
            _sub(Invoice.order, _on_order(), s=fn.SUM(Invoice.total)),
            _sub(Invoice.order, posted, s=fn.COUNT(Invoice.id)),
            _sub(Payment.order, s=fn.SUM(Payment.amount)),
            _sub(Refund.order, s=fn.SUM(Refund.amount)),
            _sub(OrderLine.order, OrderLine.removed == False, s=fn.SUM(OrderLine.amount)),  # noqa: E712
        ],
    )
    invoiced, paid, refunded, lines = _v(inv, "s"), _v(pay, "s"), _v(ref, "s"), _v(lin, "s")
    query = query.select_extend(
        Order.invoiced, Order.paid, Order.refunded, invoiced, _v(cnt, "s"), paid, refunded, lines
    )
    expected = Case(
        None,
        [
            (Order.status.in_(("cancelled", "draft")), Order.status),
            (Order.invoiced == 0, "open"),
            (Order.invoiced >= Order.total, "invoiced"),
        ],
        "partially_invoiced",
    )
    suspect = (
        ((Order.status == "cancelled") & (invoiced != 0))
        | (Order.invoiced != invoiced)
        | (Order.paid != paid)
        | (Order.refunded != refunded)
        | (Order.total != lines - Order.discount)
        | (Order.status != expected)
    )
    for row in _only(query, suspect, suspects_only):
        _order_says(say, m, *row)


def _order_says(
    say: Say, m: Money, number: str, status: str, discount: int, total: int, c_invoiced: int,
    c_paid: int, c_refunded: int, invoiced: int, posted: int, paid: int, refunded: int,
    lines: int,
) -> None:  # fmt: skip
    invoiced, paid, refunded, lines = int(invoiced), int(paid), int(refunded), int(lines)
    if status == "cancelled" and invoiced:
        say(
            ngettext(
                "Order {number} is cancelled but invoiced: {get} posted invoice for {get2} is on it.",
                "Order {number} is cancelled but invoiced: {get} posted invoices for {get2} are on it.",
                int(posted),
            ).format(number=number, get=int(posted), get2=m(invoiced))
        )
    for what, cached, rows_sum in (
        (N_("invoiced"), c_invoiced, invoiced),
        (N_("paid"), c_paid, paid),
        (N_("refunded"), c_refunded, refunded),
    ):
        if cached != rows_sum:
            say(
                _(
                    "Order {number}: the {what} figure ({cached}) differs from its rows ({rows_sum})."
                ).format(number=number, what=_(what), cached=m(cached), rows_sum=m(rows_sum))
            )
    if total != lines - discount:
        say(
            _(
                "Order {number}: the total ({total}) differs from its lines less its discount ({m})."
            ).format(number=number, total=m(total), m=m(lines - discount))
        )
    expected = _order_status(status, c_invoiced, total)
    if status != expected:
        say(
            _(
                'Order {number}: the status "{status}" should be "{expected}" for what is invoiced.'
            ).format(number=number, status=status, expected=expected)
        )


def _order_lines(say: Say, suspects_only: bool = True) -> None:
    billed = (
        InvoiceLine.select(
            InvoiceLine.order_line.alias("k"), fn.SUM(InvoiceLine.quantity).alias("s")
        )
        .join(Invoice, on=(InvoiceLine.invoice == Invoice.id))
        .where(InvoiceLine.order_line.is_null(False) & _on_order())
        .group_by(InvoiceLine.order_line)
    )
    query, (b,) = _joined(
        OrderLine, [Order.number, OrderLine.seq, OrderLine.invoiced_quantity], [billed]
    )
    query = query.join_from(OrderLine, Order, JOIN.INNER, on=(OrderLine.order == Order.id))
    quantity = _v(b, "s")
    query = query.select_extend(quantity)
    for number, seq, cached, rows_sum in _only(
        query, OrderLine.invoiced_quantity != quantity, suspects_only
    ):
        if cached != int(rows_sum):
            say(
                _(
                    "Order {number} line {seq}: the invoiced quantity ({qty_from_milli}) differs from its invoice lines ({qty_from_milli2})."
                ).format(
                    number=number,
                    seq=seq,
                    qty_from_milli=said_figure(qty_from_milli(cached)),
                    qty_from_milli2=said_figure(qty_from_milli(int(rows_sum))),
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
        for prefix in sorted(set(stands) | SERIES_PREFIXES):
            top = _highest(model, prefix)
            if top is not None and stands.get(prefix, 0) < top:
                say(
                    _(
                        "The numbering series {prefix} stands at {stands} but {prefix}-{top:06d} exists: the next number would be taken twice."
                    ).format(prefix=prefix, stands=stands.get(prefix, 0), top=top)
                )


def _highest(model: Any, prefix: str) -> int | None:
    """The highest N of the numbers PREFIX-N (N all digits) of `model`: the longest
    first, then from the top down, until one is all digits after the prefix."""
    head = prefix + "-"
    mine = fn.SUBSTR(model.number, 1, len(head)) == head
    if isinstance(database.obj, SqliteDatabase):  # bytewise order: a range of the unique index
        mine = (model.number >= head) & (model.number < prefix + ".") & mine
    width_of = fn.LENGTH(model.number).coerce(False)  # an integer, not the column's text
    widths = _rows(model.select(width_of).where(mine).group_by(width_of).order_by(width_of.desc()))
    for (width,) in list(widths):
        same = model.select(model.number).where(mine & (width_of == int(width)))
        for (number,) in _rows(same.order_by(model.number.desc())):
            digits = str(number)[len(head) :]
            if digits.isdigit():
                return int(digits)
    return None


# ---------------------------------------------------------------- journal


def _journal_entries(say: Say, m: Money) -> None:
    """Every entry balances by itself (the journal's total balancing hides two wrong ones)."""
    diff = fn.SUM(JournalLine.debit - JournalLine.credit)
    # Grouped by the lines' own entry_id (its index), then only the entries that are off
    # are joined for their descriptions: no lookup per line.
    sub = (
        JournalLine.select(JournalLine.entry.alias("k"), diff.alias("d"))
        .group_by(JournalLine.entry)
        .having(diff != 0)
        .alias("off")
    )
    off = _rows(
        JournalEntry.select(JournalEntry.id, JournalEntry.description, sub.c.d)
        .join(sub, on=(sub.c.k == JournalEntry.id))
        .order_by(JournalEntry.id)
    )
    for eid, description, diff in off:
        say(
            _(
                'Journal entry {eid} ("{description}") does not balance: debits exceed credits by {diff}.'
            ).format(eid=eid, description=description, diff=m(int(diff)))
        )
