"""Export: the book as the exchange workbook's rows (SPEC §6).

`export_sheets()` gives, for each sheet, its columns and a row iterator
streamed from the database; a writer in `reports/` lays them out. Posted
documents only; drafts are work in progress and stay home. The same
iterators, filtered by `where`, read back what an import or a replay
stored, so the workbook and the comparison share one reading of the book.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from peewee import JOIN, fn

from app.exchange.export_history import english_reason
from app.exchange.export_history import order_changes as _order_changes
from app.exchange.export_history import unbilled_items as _unbilled_items
from app.exchange.export_reversals import payout_reversals as _payout_reversals
from app.exchange.schema import SHEETS, Col
from app.rules.money import Currency, qty_from_milli
from app.services import book
from models.tables import (
    Customer,
    Invoice,
    InvoiceLine,
    JournalEntry,
    Order,
    OrderChange,
    OrderLine,
    Payment,
    PaymentTerms,
    PayoutReversal,
    Refund,
    SettingChange,
    Settlement,
    UnbilledItem,
)


def export_sheets() -> list[tuple[str, tuple[Col, ...], Iterator[list[Any]]]]:
    """Each sheet's name, columns and rows (lists of values in column order)."""
    cur = book.currency()
    makers: dict[str, Callable[[Currency], Iterator[dict[str, Any]]]] = {
        "Customers": _customers,
        "Orders": _orders,
        "OrderLines": _order_lines,
        "Invoices": _invoices,
        "InvoiceLines": _invoice_lines,
        "Payments": _payments,
        "Settlements": _settlements,
        "Refunds": _refunds,
        "Unbilled": _unbilled_items,
        "OrderChanges": _order_changes,
        "Book": _book,
        "SettingChanges": _setting_changes,
        "PayoutReversals": _payout_reversals,
    }
    out: list[tuple[str, tuple[Col, ...], Iterator[list[Any]]]] = []
    for name, cols in SHEETS.items():
        out.append((name, cols, _listed(makers[name](cur), cols)))
    return out


def export_total() -> int:
    """How many rows `export_sheets()` yields in all (for a progress bar)."""
    posted_orders = Order.status != "draft"
    posted = Invoice.status != "draft"
    return sum(
        int(q.count())
        for q in (
            Customer.select(),
            Order.select().where(posted_orders),
            OrderLine.select().join(Order).where(posted_orders),
            Invoice.select().where(posted),
            InvoiceLine.select().join(Invoice).where(posted),
            Payment.select(),
            Settlement.select(),
            Refund.select(),
            UnbilledItem.select(),
            OrderChange.select(),
            SettingChange.select(),
            PayoutReversal.select(),
        )
    ) + sum(1 for _ in _book(book.currency()))  # the Book sheet: settings, version, time


def _first_entry(ref: Any, model: Any, *extra: Any) -> Any:
    """The id of the first journal entry of a document's own event (its posting sequence)."""
    cond = (ref == model.id) & JournalEntry.settlement.is_null()
    for e in extra:
        cond &= e
    return JournalEntry.select(fn.MIN(JournalEntry.id)).where(cond)


def _listed(rows: Iterator[dict[str, Any]], cols: Sequence[Col]) -> Iterator[list[Any]]:
    for d in rows:
        yield [d.get(c.name) for c in cols]


def _customers(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q: Any = Customer.select(
        Customer.code,
        Customer.name,
        Customer.address,
        Customer.tax_id,
        Customer.email,
        PaymentTerms.text,
        Customer.language,
    ).join(PaymentTerms, JOIN.LEFT_OUTER)
    if where is not None:
        q = q.where(where)
    rows = q.order_by(Customer.code).tuples().iterator()
    for code, name, address, tax_id, email, terms, language in rows:
        yield {
            "code": code,
            "name": name,
            "address": address,
            "tax_id": tax_id,
            "email": email,
            "terms": terms or "",
            "language": language,
        }


def _orders(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q: Any = (
        Order.select(
            Order.number,
            Customer.code,
            Order.date,
            Order.status,
            Order.discount,
            Order.total,
            Order.notes,
        )
        .join(Customer)
        .where(Order.status != "draft")
    )
    if where is not None:
        q = q.where(where)
    for number, code, on, status, discount, total, notes in (
        q.order_by(Order.id).tuples().iterator()
    ):
        yield {
            "number": number,
            "customer": code,
            "date": on,
            "status": status,
            "discount": cur.from_minor(discount),
            "total": cur.from_minor(total),
            "notes": notes,
        }


def _order_lines(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q: Any = (
        OrderLine.select(
            Order.number,
            OrderLine.seq,
            OrderLine.description,
            OrderLine.quantity,
            OrderLine.unit_price,
            OrderLine.amount,
            OrderLine.removed,
        )
        .join(Order)
        .where(Order.status != "draft")
    )
    if where is not None:
        q = q.where(where)
    for number, seq, desc, qty, price, amount, removed in (
        q.order_by(Order.id, OrderLine.seq).tuples().iterator()
    ):
        yield {
            "order": number,
            "line": seq,
            "description": desc,
            "quantity": qty_from_milli(qty),
            "unit_price": cur.from_minor(price),
            "amount": cur.from_minor(amount),
            "removed": bool(removed),
        }


def _invoices(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    corrected = Invoice.alias("corrected")
    credited = Invoice.alias("credited")
    q: Any = (
        Invoice.select(
            Invoice.number,
            Invoice.kind,
            Invoice.status,
            Customer.code,
            Order.number,
            Invoice.date,
            Invoice.due_date,
            Invoice.terms_text,
            Invoice.total,
            corrected.number,
            credited.number,
            Invoice.reason,
            _first_entry(JournalEntry.invoice, Invoice, JournalEntry.refund.is_null()),
        )
        .join(Customer, on=(Invoice.customer == Customer.id))
        .switch(Invoice)
        .join(Order, JOIN.LEFT_OUTER, on=(Invoice.order == Order.id))
        .switch(Invoice)
        .join(corrected, JOIN.LEFT_OUTER, on=(Invoice.corrects == corrected.id))
        .switch(Invoice)
        .join(credited, JOIN.LEFT_OUTER, on=(Invoice.credits == credited.id))
        .where(Invoice.status != "draft")
    )
    if where is not None:
        q = q.where(where)
    for row in q.order_by(Invoice.id).tuples().iterator():
        (
            number,
            kind,
            status,
            code,
            order,
            on,
            due,
            terms,
            total,
            corrects,
            credits,
            reason,
            posted,
        ) = row
        yield {
            "number": number,
            "kind": kind,
            "status": status,
            "customer": code,
            "order": order,
            "date": on,
            "due_date": due,
            "terms": terms,
            "total": cur.from_minor(total),
            "corrects": corrects,
            "credits": credits,
            "reason": reason,
            "posted": posted,
        }


def _invoice_lines(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    orig = InvoiceLine.alias("orig")
    orig_inv = Invoice.alias("orig_inv")
    q: Any = (
        InvoiceLine.select(
            Invoice.number,
            InvoiceLine.seq,
            InvoiceLine.description,
            InvoiceLine.quantity,
            InvoiceLine.unit_price,
            InvoiceLine.amount,
            InvoiceLine.role,
            OrderLine.seq,
            orig_inv.number,
            orig.seq,
        )
        .join(Invoice, on=(InvoiceLine.invoice == Invoice.id))
        .switch(InvoiceLine)
        .join(OrderLine, JOIN.LEFT_OUTER, on=(InvoiceLine.order_line == OrderLine.id))
        .switch(InvoiceLine)
        .join(orig, JOIN.LEFT_OUTER, on=(InvoiceLine.original_line == orig.id))
        .join(orig_inv, JOIN.LEFT_OUTER, on=(orig.invoice == orig_inv.id))
        .where(Invoice.status != "draft")
    )
    if where is not None:
        q = q.where(where)
    for row in q.order_by(Invoice.id, InvoiceLine.seq).tuples().iterator():
        number, seq, desc, qty, price, amount, role, ol, oinv, oseq = row
        yield {
            "invoice": number,
            "line": seq,
            "description": desc,
            "quantity": qty_from_milli(qty),
            "unit_price": cur.from_minor(price),
            "amount": cur.from_minor(amount),
            "role": role,
            "order_line": ol,
            "original_invoice": oinv,
            "original_line": oseq,
        }


def _payments(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    head = Payment.alias("head")
    q: Any = (
        Payment.select(
            Payment.number,
            Customer.code,
            Order.number,
            Payment.date,
            Payment.amount,
            Payment.method,
            Payment.reference,
            _first_entry(JournalEntry.payment, Payment, JournalEntry.refund.is_null()),
            head.number,
        )
        .join(Customer, on=(Payment.customer == Customer.id))
        .switch(Payment)
        .join(Order, JOIN.LEFT_OUTER, on=(Payment.order == Order.id))
        .switch(Payment)
        .join(head, JOIN.LEFT_OUTER, on=(Payment.split_of == head.id))
    )
    if where is not None:
        q = q.where(where)
    for number, code, order, on, amount, method, ref, posted, split_of in (
        q.order_by(Payment.id).tuples().iterator()
    ):
        yield {
            "number": number,
            "customer": code,
            "order": order,
            "date": on,
            "amount": cur.from_minor(amount),
            "method": method,
            "reference": ref,
            "posted": posted,
            "split_of": split_of,
        }


def _settlement_query() -> Any:
    cn = Invoice.alias("cn")
    return (
        Settlement.select(
            Settlement.id,
            Payment.number,
            cn.number,
            Invoice.number,
            Settlement.date,
            Settlement.amount,
            Settlement.discount,
            Settlement.writeoff,
            Settlement.full_settlement,
            Settlement.reverses,
            Settlement.automatic,
            Settlement.explanation,
            JournalEntry.select(fn.MIN(JournalEntry.id)).where(
                JournalEntry.settlement == Settlement.id
            ),
        )
        .join(Invoice, on=(Settlement.invoice == Invoice.id))
        .switch(Settlement)
        .join(Payment, JOIN.LEFT_OUTER, on=(Settlement.payment == Payment.id))
        .switch(Settlement)
        .join(cn, JOIN.LEFT_OUTER, on=(Settlement.credit_note == cn.id))
    )


def _settlements(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    q = _settlement_query()
    if where is not None:
        q = q.where(where)
    seq_of: dict[int, int] = {}
    count: dict[tuple[str, str], int] = defaultdict(int)
    for row in q.order_by(Settlement.id).tuples().iterator():
        (
            sid,
            pay,
            cn,
            inv,
            on,
            amount,
            discount,
            writeoff,
            full,
            reverses,
            automatic,
            expl,
            posted,
        ) = row
        source = pay or cn
        count[source, inv] += 1
        seq_of[sid] = count[source, inv]
        yield {
            "source": source,
            "invoice": inv,
            "seq": count[source, inv],
            "date": on,
            "amount": cur.from_minor(amount),
            "discount": cur.from_minor(discount),
            "writeoff": cur.from_minor(writeoff),
            "full_settlement": cur.from_minor(full),
            "reverses": seq_of.get(reverses) if reverses else None,
            "automatic": bool(automatic),
            "explanation": expl,
            "posted": posted,
        }


def _refunds(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    cn = Invoice.alias("cn")
    q: Any = (
        Refund.select(
            Refund.number,
            Customer.code,
            Payment.number,
            cn.number,
            Order.number,
            Refund.date,
            Refund.amount,
            Refund.reason,
            JournalEntry.select(fn.MIN(JournalEntry.id)).where(JournalEntry.refund == Refund.id),
            Refund.paid_on,
            Refund.paid_reference,
            # The payout is the refund's later entry (issue 9).
            JournalEntry.select(fn.MAX(JournalEntry.id)).where(
                (JournalEntry.refund == Refund.id) & Refund.paid_on.is_null(False)
            ),
            OrderChange.description,
            OrderChange.facts,
        )
        .join(Customer, on=(Refund.customer == Customer.id))
        .switch(Refund)
        .join(Payment, JOIN.LEFT_OUTER, on=(Refund.payment == Payment.id))
        .switch(Refund)
        .join(cn, JOIN.LEFT_OUTER, on=(Refund.credit_note == cn.id))
        .switch(Refund)
        .join(Order, JOIN.LEFT_OUTER, on=(Refund.order == Order.id))
        .switch(Refund)
        .join(OrderChange, JOIN.LEFT_OUTER, on=(Refund.order_change == OrderChange.id))
    )
    if where is not None:
        q = q.where(where)
    for row in q.order_by(Refund.id).tuples().iterator():
        number, code, pay, cnn, order, on, amount, reason, posted, paid_on, paid_ref, paid = row[
            :12
        ]
        yield {
            "number": number,
            "customer": code,
            "source": pay or cnn,
            "order": order,
            "date": on,
            "amount": cur.from_minor(amount),
            "reason": reason,
            "posted": posted,
            "paid_on": paid_on,
            "paid_reference": paid_ref if paid_on is not None else None,
            "paid_posted": paid,
            # Not a column: the reason as an older book stored it (compare accepts it).
            "english_reason": english_reason(order, row[12], row[13], cur),
        }


def _book(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    """The book's settings, one row a key, then its schema version and the export time."""
    from app.exchange.book_sheet import book_rows  # book_sheet reads plan, which reads this

    return book_rows()


def _setting_changes(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    """Every change of a setting, in the order made (book_sheet reads plan, which reads this)."""
    from app.exchange.book_sheet import setting_change_rows

    return setting_change_rows(cur)
