"""Payments received, with their journal and order effects.

`record_payments` takes many payments at once (an import, a demo): each
row is decided exactly as `create_payment` decides one — it is the same
code, `create_payment` is `record_payments` of one row — and the rows go
to the book together (one insert per table inside a write batch).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple, cast, overload

from app.errors import UserError
from app.i18n import B_, _
from app.rules import limits
from app.rules.money import Currency
from app.rules.settlement import (
    ADVANCES,
    BANK,
)
from app.services import book
from app.services.documents import get_customer, get_order
from app.services.journal import post_pairs
from models import fast, fast_bulk
from models.db import database
from models.locks import hold, row_locks
from models.tables import Customer, Order, Payment

PAYMENT_COLUMNS = ("number", "customer", "order", "date", "amount", "method", "reference")


class PaymentIn(NamedTuple):
    """One payment to record, as the user (or a workbook row) gives it.

    A named tuple, not a frozen dataclass: an import makes one per row, and a
    frozen dataclass sets each field through object.__setattr__ (five times the cost)."""

    customer: str
    on: date
    amount: Decimal
    order: str | None = None
    reference: str = ""
    method: str = "bank transfer"
    number: str | None = None  # an imported payment keeps its number
    # The first part of the same receipt (a payment split over orders, issue 9).
    split_of: str | None = None


def why_not_payment(amount: Decimal, order: Order | None, customer: Customer) -> str | None:
    """The reason a payment cannot be recorded (None: it can)."""
    if amount <= 0:
        return _("A payment amount must be more than zero.")
    if order is not None:
        if order.customer_id != customer.id:
            return _("Order {number} belongs to another customer.").format(number=order.number)
        if order.status == "cancelled":
            return _("Order {number} is cancelled; it takes no payments.").format(
                number=order.number
            )
        if order.status == "draft":
            return _("Order {number} is a draft; post it before taking payments.").format(
                number=order.number
            )
    return None


def create_payment(
    customer: str,
    on: date,
    amount: Decimal,
    order: str | None = None,
    reference: str = "",
    method: str = "bank transfer",
    *,
    number: str | None = None,
    excess: str | None = None,
) -> Payment:
    """Record money received; on an order, what the order does not need is
    refused unless `excess` says where it goes (issue 9: `credit`, then the
    payment is recorded in two parts and the first is returned)."""
    if order is not None:
        from app.services.order_payments import receive_payment

        return receive_payment(
            customer,
            on,
            amount,
            [(order, None)],
            excess=excess,
            reference=reference,
            method=method,
            number=number,
        )[0]
    (result,) = record_payments([PaymentIn(customer, on, amount, order, reference, method, number)])
    if isinstance(result, UserError):
        raise result
    return result


@overload
def record_payments(
    rows: Iterable[PaymentIn], *, made: Literal[True] = True
) -> list[Payment | UserError]: ...


@overload
def record_payments(
    rows: Iterable[PaymentIn], *, made: Literal[False]
) -> list[Payment | UserError | None]: ...


def record_payments(
    rows: Iterable[PaymentIn], *, made: bool = True
) -> list[Payment | UserError] | list[Payment | UserError | None]:
    """Record payments in the order given; for each row, in its place, the
    Payment, or the UserError that refused it (a refused row writes nothing).
    `made=False`: a payment written with others may be None in its place, not
    made into an instance (an import, which needs only the refusals)."""
    out: list[Payment | UserError | None] = []
    with database.atomic():
        cur = book.currency()
        waiting: list[tuple[PaymentIn, int, int]] = []  # (row, customer id, minor units)
        places: list[int] = []  # where each waiting row's payment goes in `out`

        def send() -> None:
            written = _write(cur, waiting, made=made)
            if made:
                for place, pay in zip(places, written, strict=True):
                    out[place] = pay
            waiting.clear()
            places.clear()

        known: dict[str, tuple[Customer, int]] = {}  # a customer and its id, by code
        methods: set[str] = set()  # checked once each
        days: set[date] = set()  # likewise
        for row in rows:
            out.append(None)
            code, on, amount, order_no, reference, method, _number, split_of = row
            try:
                hit = known.get(code)
                if hit is None:
                    found = get_customer(code)
                    hit = known[code] = (found, found.id)
                cust, cust_id = hit
                if not limits.amount_within(amount):  # the words only for a refusal
                    limits.check_amount(amount, _("payment amount"))
                if on not in days:
                    if limits.date_problem(on) is not None:
                        limits.check_date(on, _("payment date"))
                    days.add(on)
                limits.check_text("reference", reference)
                if method not in methods:
                    methods.add(limits.check_text("method", method))
                order = get_order(order_no) if order_no else None
                if order is not None and row_locks():
                    hold(orders=[order.id])  # checked and paid under the lock
                    order = get_order(order.number)
                reason = why_not_payment(amount, order, cust)
                if reason:
                    raise UserError(reason)
                minor = cur.to_minor(amount)
                head = None
                if split_of is not None:
                    send()  # the head may be waiting in this run
                    head = _split_head(split_of, cust)
            except UserError as e:
                out[-1] = e
                continue
            if order is None and head is None:
                waiting.append((row, cust_id, minor))
                places.append(len(out) - 1)
                continue
            send()
            if order is None:
                out[-1] = _write(cur, [(row, cust_id, minor)], split_of=head)[0]
            else:
                out[-1] = _on_order(cur, row, cust_id, minor, order, head)
        send()
    return cast(list[Payment | UserError], out)  # every place filled


def _write(
    cur: Currency,
    rows: list[tuple[PaymentIn, int, int]],
    order: Order | None = None,
    split_of: int | None = None,
    *,
    made: bool = True,
) -> list[Payment]:
    """The payments and their journal entries (bank debited, customer advances credited);
    `rows`: (payment, its customer's id, its amount in minor units).
    `split_of`: the first part of the receipt these parts belong to (one row then);
    without `made`, none of them made into instances (an empty list)."""
    if not rows:
        return []
    order_id = None if order is None else order.id
    numbers = book.numbers_for("payment", [row.number for row, _cust, _minor in rows])
    values: list[tuple[Any, ...]] = [
        (number, cust_id, order_id, row.on, minor, row.method, row.reference)
        for number, (row, cust_id, minor) in zip(numbers, rows, strict=True)
    ]
    columns: tuple[str, ...] = PAYMENT_COLUMNS
    if split_of is not None:
        columns += ("split_of",)
        values = [(*v, split_of) for v in values]
    ids = fast.insert_rows(Payment, columns, values)
    words = B_("Payment {number}")  # the book's language, once for the rows
    post_pairs(
        cur,
        [
            (row.on, words.format(number=v[0]), BANK, ADVANCES, minor, "payment", pay_id)
            for (row, _cust, minor), v, pay_id in zip(rows, values, ids, strict=True)
        ],
    )
    if not made:
        return []
    return fast_bulk.instances(Payment, columns, values, ids)


def _split_head(number: str, cust: Customer) -> int:
    """The id of the first part of a receipt split over orders (refused in words)."""
    head = fast.get_by(Payment, Payment.number, str(number).strip())
    if head is None:
        raise UserError(
            _('There is no payment numbered "{number}" for this part to belong to.').format(
                number=number
            )
        )
    if head.customer_id != cust.id:
        raise UserError(
            _("Payment {number} is another customer's; a part must be the same customer's.").format(
                number=head.number
            )
        )
    if head.split_of_id is not None:
        raise UserError(
            _("Payment {number} is itself a part; name the first part of the receipt.").format(
                number=head.number
            )
        )
    return int(head.id)


def _on_order(
    cur: Currency,
    row: PaymentIn,
    cust_id: int,
    minor: int,
    order: Order,
    split_of: int | None = None,
) -> Payment | UserError:
    """A payment on an order, which then pays the order's open invoices (or a refusal)."""
    from app.services.orders import payment_received_on_order

    try:
        with database.atomic():
            (pay,) = _write(cur, [(row, cust_id, minor)], order, split_of)
            payment_received_on_order(pay, order, cur)
            return pay
    except UserError as e:
        return e
