"""Invoices: made (one or many at once), their lines and posting (journal, terms,
order effects). A draft posted, changed or deleted: app/services/drafts.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any, cast

from app.errors import UserError
from app.i18n import B_, N_, _
from app.rules import limits
from app.rules.money import ZERO, Currency, parse_quantity, qty_to_milli
from app.rules.settlement import (
    RECEIVABLES,
    SALES,
)
from app.rules.terms import parse_terms
from app.services import book
from app.services.documents import get_customer, get_order
from app.services.journal import dr_cr, post_entry, post_pairs
from app.services.order_lines import check_invoiceable, order_line_by_seq, order_lines
from models import fast, fast_bulk
from models.db import database
from models.locks import hold, row_locks
from models.tables import (
    Customer,
    Invoice,
    InvoiceLine,
    Order,
    audit_stamp,
)


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
        raise UserError(
            _('The line "{text}" must be written as "DESCRIPTION;QUANTITY;UNIT PRICE".').format(
                text=limits.quote(text)
            )
        )
    desc = limits.check_text("description", parts[0].strip())
    if not desc:
        raise UserError(_('The line "{text}" has no description.').format(text=limits.quote(text)))
    qty = parse_quantity(parts[1], _('quantity of line "{desc}"').format(desc=desc))
    price = cur.parse(parts[2], _('unit price of line "{desc}"').format(desc=desc))
    return LineInput(desc, qty, price)


def check_lines(lines: Sequence[LineInput]) -> None:
    if not lines:
        raise UserError(_("A document needs at least one line."))
    for line in lines:
        limits.check_text("description", line.description)
        qty, price = line.quantity, line.unit_price
        if (
            limits.quantity_within(qty)
            and limits.amount_within(price)
            and limits.amount_within(qty * price)
        ):  # the quick tests of the three below: the words only for a refusal
            if qty <= 0 or price < 0:
                _refuse_line(line)
            continue
        for problem, value, what in (
            (limits.quantity_problem(line.quantity), line.quantity, N_("quantity {where}")),
            (limits.amount_problem(line.unit_price), line.unit_price, N_("unit price {where}")),
            (
                limits.amount_problem(line.quantity * line.unit_price),
                line.quantity * line.unit_price,
                N_("amount {where}"),
            ),
        ):
            if problem is not None:  # the words are made only for a refusal
                where = _('of line "{description}"').format(
                    description=limits.quote(line.description)
                )
                limits.refuse(problem, value, _(what).format(where=where))
        _refuse_line(line)


def _refuse_line(line: LineInput) -> None:
    """Refuse a line of no quantity or of a negative price (in words)."""
    if line.quantity <= 0:
        raise UserError(
            _('The quantity of line "{description}" must be more than zero.').format(
                description=line.description
            )
        )
    if line.unit_price < 0:
        raise UserError(
            _('The unit price of line "{description}" cannot be negative.').format(
                description=line.description
            )
        )


@dataclass(frozen=True, slots=True)
class InvoiceIn:
    """One invoice to post, as `create_invoice` takes it (its arguments' meanings there)."""

    customer: str
    on: date
    lines: Sequence[LineInput] | None = None
    amount: Decimal | None = None
    order: str | None = None
    number: str | None = None
    terms: str | None = None


def create_invoice(
    customer: str,
    on: date,
    lines: Sequence[LineInput] | None = None,
    amount: Decimal | None = None,
    order: str | None = None,
    draft: bool = False,
    *,
    number: str | None = None,
    terms: str | None = None,
) -> Invoice:
    """A new invoice, posted at once unless `draft`.

    `number` and `terms` keep an imported invoice's number and the terms it
    was posted under (default: the next number, the customer's terms).
    """
    if not draft:
        (made,) = create_invoices([InvoiceIn(customer, on, lines, amount, order, number, terms)])
        if isinstance(made, UserError):
            raise made
        return made
    with database.atomic():
        cur = book.currency()
        cust = get_customer(customer)
        order_row = _invoiceable_order(order, cust)
        given = _given_lines(lines, amount, on, order_row)
        inv = fast.create(
            Invoice,
            number=book.next_number("draft"),
            kind="invoice",
            status="draft",
            customer=cust,
            order=order_row,
            date=on,
            due_date=on,
        )
        write_lines(inv, given, cur, order_row, first_seq=1)
        return inv


def create_invoices(rows: Iterable[InvoiceIn]) -> list[Invoice | UserError]:
    """Post invoices in the order given; for each row, in its place, the
    Invoice or the UserError that refused it (a refused row writes nothing).
    `create_invoice` of a posted invoice is this of one row.

    Each row is decided as alone, by the same code. An invoice on an order
    is posted on its own (it changes its order), unless it is its order's
    first document on an order paid nothing (`_joins`); the others wait and
    are written together: their numbers in order, one insert per table."""
    out: list[Invoice | UserError | None] = []
    with database.atomic():
        cur = book.currency()
        waiting: list[_Decided] = []
        places: list[int] = []
        on_orders: set[int] = set()  # the orders of the invoices waiting

        def send() -> None:
            for place, inv in zip(places, _write(cur, waiting), strict=True):
                out[place] = inv
            waiting.clear()
            places.clear()
            on_orders.clear()

        known: dict[str, Customer] = {}
        for row in rows:
            out.append(None)
            try:
                cust = known.get(row.customer) or known.setdefault(
                    row.customer, get_customer(row.customer)
                )
                order_row = None
                if row.order:
                    order_row = _joins(row.order, cust, on_orders)
                    if order_row is None:
                        send()  # numbers stay in the rows' order
                        out[-1] = _on_order(cur, row, cust)
                        continue
                    on_orders.add(order_row.id)
                waiting.append(_decided(row, cust, cur, order_row, alone=order_row is not None))
                places.append(len(out) - 1)
            except UserError as e:
                out[-1] = e
        send()
    return cast(list[Invoice | UserError], out)  # every place filled


@dataclass(frozen=True, slots=True)
class _Decided:
    """A posted invoice decided, waiting to be written."""

    row: InvoiceIn
    customer: Customer
    order: Order | None
    kind: str
    total: int
    lines: list[dict[str, Any]]
    terms: dict[str, Any]
    alone: bool = False  # its order's only document once written (`_joins`)


def _invoiceable_order(order: str | None, cust: Customer) -> Order | None:
    order_row = get_order(order) if order else None
    if order_row is not None:
        if row_locks():
            # Locked before it is checked: an order cancelled meanwhile takes no invoice.
            hold(orders=[order_row.id])
            order_row = get_order(order_row.number)
        check_invoiceable(order_row, cust)
    return order_row


def _given_lines(
    lines: Sequence[LineInput] | None, amount: Decimal | None, on: date, order_row: Order | None
) -> Sequence[LineInput]:
    """The invoice's lines as given, or its one line of `amount`; refused in words."""
    if (lines is None) == (amount is None):
        raise UserError(_("Give either invoice lines or an amount, not both or neither."))
    if limits.date_problem(on) is not None:  # the words only for a refusal
        limits.check_date(on, _("invoice date"))
    if amount is not None:
        limits.check_amount(amount, _("invoice amount"))
        if amount <= 0:
            raise UserError(_("The invoice amount must be more than zero."))
        desc = (
            B_("Partial invoice of order {number}").format(number=order_row.number)
            if order_row
            else B_("Invoice")
        )
        lines = [LineInput(desc, Decimal(1), amount)]
    assert lines is not None
    check_lines(lines)
    return lines


def _decided(
    row: InvoiceIn, cust: Customer, cur: Currency, order_row: Order | None, *, alone: bool = False
) -> _Decided:
    """What posting `row` would write (refused in words): everything but its number;
    `alone`: it will be its order's only document (`_Decided.alone`)."""
    given = _given_lines(row.lines, row.amount, row.on, order_row)
    # Posted at once: the row is written whole, as posting a draft would leave it.
    lines, total = _line_rows(given, cur, order_row, 1, 0)
    kind = "standalone" if order_row is not None and order_row.status == "invoiced" else "invoice"
    _refuse_total(kind, total)
    terms = _terms_fields(kind, cust, row.on, row.terms)
    return _Decided(row, cust, order_row, kind, total, lines, terms, alone)


def _joins(order: str, cust: Customer, waiting: set[int]) -> Order | None:
    """The order of an invoice that may wait with the others (read and checked as
    `_on_order` reads and checks it, refused in words), or None: post it on its own.

    It may when what it does to its order writes no row and refuses nothing: the
    invoice is the order's first document (no credit freed, nothing unbilled) and
    the order was paid nothing (no payment to settle from, no money to refund), so
    its order's figures are all it changes. Not with row locks (the order is locked
    in the invoice's own savepoint), nor beside an invoice on the same order
    (`waiting`: the orders of the invoices waiting)."""
    if row_locks():
        return None
    order_row = _invoiceable_order(order, cust)
    assert order_row is not None
    if order_row.paid or order_row.id in waiting or fast.count_where(Invoice, order=order_row.id):
        return None
    return order_row


def _on_order(cur: Currency, row: InvoiceIn, cust: Customer) -> Invoice | UserError:
    """An invoice on an order, posted with what it does to the order (or a refusal)."""
    try:
        with database.atomic():
            (inv,) = _write(cur, [_decided(row, cust, cur, _invoiceable_order(row.order, cust))])
            return inv
    except UserError as e:
        return e


INVOICE_COLUMNS = (
    "number",
    "kind",
    "status",
    "customer",
    "order",
    "date",
    "due_date",
    "terms_text",
    "discount_date",
    "discount_percent_bp",
    "total",
    "posted_at",
)
LINE_COLUMNS = ("invoice", "seq", "description", "quantity", "unit_price", "amount", "order_line")
_LINE_VALUES = itemgetter(*LINE_COLUMNS[1:-1])  # a line row's own columns, in order


def _write(cur: Currency, decided: list[_Decided]) -> list[Invoice]:
    """The decided invoices, their lines and journal entries, and their orders' effects."""
    if not decided:
        return []
    numbers = book.numbers_for("invoice", [d.row.number for d in decided])
    stamp = audit_stamp()
    values: list[tuple[Any, ...]] = [
        (
            number,
            d.kind,
            "posted",
            d.customer.id,
            None if d.order is None else d.order.id,
            d.row.on,
            d.terms["due_date"],
            d.terms["terms_text"],
            d.terms.get("discount_date"),
            d.terms.get("discount_percent_bp", 0),
            d.total,
            stamp,
        )
        for number, d in zip(numbers, decided, strict=True)
    ]
    ids = fast.insert_rows(Invoice, INVOICE_COLUMNS, values)
    fast.insert_rows(
        InvoiceLine,
        LINE_COLUMNS,
        [
            (inv_id, *_LINE_VALUES(line), _id_of(line["order_line"]))
            for inv_id, d in zip(ids, decided, strict=True)
            for line in d.lines
        ],
    )
    made = fast_bulk.instances(Invoice, INVOICE_COLUMNS, values, ids)
    for inv, d in zip(made, decided, strict=True):
        inv.__rel__ = (
            {"customer": d.customer, "order": d.order} if d.order else {"customer": d.customer}
        )
    words = {kind: _kind_word_of(kind) for kind in {d.kind for d in decided}}
    post_pairs(
        cur,
        [
            (d.row.on, f"{words[d.kind]} {v[0]}", RECEIVABLES, SALES, d.total, "invoice", inv_id)
            for d, v, inv_id in zip(decided, values, ids, strict=True)
        ],
    )
    for inv, d in zip(made, decided, strict=True):
        if inv.order_id is not None and inv.kind == "invoice":
            _posted_on_order(inv, d, cur)
    return made


def _posted_on_order(inv: Invoice, d: _Decided, cur: Currency) -> None:
    """What a written order invoice does to its order (its lines as just written, in order)."""
    from app.services.orders import invoice_posted_on_order

    named = [line for line in d.lines if line["order_line"] is not None]
    lines = [(line["order_line"].id, line["quantity"]) for line in named]
    invoice_posted_on_order(inv, cur, lines, d.order, alone=d.alone)


def _id_of(row: Any) -> int | None:
    return None if row is None else int(row.id)


def _line_rows(
    lines: Sequence[LineInput],
    cur: Currency,
    order_row: Order | None,
    first_seq: int,
    total_before: int,
) -> tuple[list[dict[str, Any]], int]:
    """The lines' rows (without their invoice) and the invoice's new total, in minor units."""
    total = ZERO
    rows = []
    known = None  # the order's lines, read once when a line names one
    for seq, line in enumerate(lines, start=first_seq):
        amount = cur.round(line.quantity * line.unit_price)
        total += amount
        ol = None
        if line.order_line is not None:
            if order_row is None:
                raise UserError(_("Order lines can only be invoiced on an invoice for that order."))
            known = order_lines(order_row) if known is None else known
            ol = order_line_by_seq(order_row, line.order_line, known)
        rows.append(
            {
                "seq": seq,
                "description": line.description,
                "quantity": qty_to_milli(line.quantity),
                "unit_price": cur.to_minor(line.unit_price),
                "amount": cur.to_minor(amount),
                "order_line": ol,
            }
        )
    whole = cur.from_minor(total_before) + total
    if not limits.amount_within(whole):  # the words only for a refusal
        limits.check_amount(whole, _("invoice total"))
    return rows, total_before + cur.to_minor(total)


def write_lines(
    inv: Invoice,
    lines: Sequence[LineInput],
    cur: Currency,
    order_row: Order | None = None,
    first_seq: int | None = None,
    save: bool = True,
) -> None:
    if first_seq is None:  # lines added to a draft follow the ones it has
        first_seq = InvoiceLine.select().where(InvoiceLine.invoice == inv).count() + 1
    rows, inv.total = _line_rows(lines, cur, order_row, first_seq, inv.total)
    if rows:
        fast.insert_many(InvoiceLine, ({"invoice": inv.id, **row} for row in rows))
    if save:
        fast.save(inv)


def _refuse_total(kind: str, total: int) -> None:
    if total <= 0 and kind in ("invoice", "standalone"):
        raise UserError(_("An invoice must have a total above zero; use a credit note to credit."))


def _posted_fields(
    kind: str, cust: Customer, on: date, number: str | None, terms: str | None
) -> dict[str, Any]:
    """What posting decides of an invoice: its number, terms, due and discount dates."""
    series = kind if kind != "standalone" else "invoice"
    return {
        "number": book.number_for(series, number),
        "status": "posted",
        "posted_at": audit_stamp(),
        **_terms_fields(kind, cust, on, terms),
    }


def _terms_fields(kind: str, cust: Customer, on: date, terms: str | None) -> dict[str, Any]:
    """What the terms decide of a posted document: its due date, and its discount's
    date and percent (an invoice: the terms given, or the customer's)."""
    fields: dict[str, Any] = {"due_date": on}
    if kind in ("invoice", "standalone"):
        given = parse_terms(terms) if terms else book.customer_terms(cust)
        fields["terms_text"] = given.text
        fields["due_date"] = given.due_date(on)
        if given.tiers:
            fields["discount_date"] = given.discount_until(given.tiers[0], on)
            fields["discount_percent_bp"] = int(given.tiers[0].percent * 100)
    return fields


def _post_effects(inv: Invoice, cur: Currency) -> None:
    """The journal entry of a posted invoice, and what it does to its order."""
    from app.services.orders import invoice_posted_on_order

    post_entry(
        cur,
        inv.date,
        f"{kind_word(inv)} {inv.number}",
        dr_cr(RECEIVABLES, SALES, cur.from_minor(inv.total)),
        invoice=inv,
    )
    if inv.order_id is not None and inv.kind == "invoice":
        invoice_posted_on_order(inv, cur)


def post_invoice_row(
    inv: Invoice, cur: Currency, *, number: str | None = None, terms: str | None = None
) -> None:
    """Post a draft invoice: number, terms, journal, order effects."""
    if inv.status != "draft":
        raise UserError(_("Invoice {number} is already posted.").format(number=inv.number))
    _refuse_total(inv.kind, inv.total)
    if inv.order is not None and inv.order.status in ("cancelled", "draft"):
        raise UserError(
            _(
                "Order {number} is {status}; invoice {number2} cannot be posted to it. Delete the draft or post it without the order."
            ).format(number=inv.order.number, status=inv.order.status, number2=inv.number)
        )
    if inv.order is not None and inv.order.status == "invoiced":
        inv.kind = "standalone"
    for name, value in _posted_fields(inv.kind, inv.customer, inv.date, number, terms).items():
        setattr(inv, name, value)
    fast.save(inv)
    _post_effects(inv, cur)


_KIND_WORDS = {
    "invoice": N_("Invoice"),
    "standalone": N_("Standalone invoice"),
    "credit_note": N_("Credit note"),
    "corrective": N_("Corrective invoice"),
}


def kind_word(inv: Invoice) -> str:
    return _kind_word_of(inv.kind)


def _kind_word_of(kind: str) -> str:
    return B_(_KIND_WORDS[kind])
