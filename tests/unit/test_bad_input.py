"""Bad input through the services: a UserError naming the thing, nothing changed.

Every case runs against one small book; the whole book (every row of every
table) is dumped before and after and must be identical.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from app.errors import UserError
from app.rules.dates import parse_date
from app.services import book as book_service
from app.services import (
    corrections,
    customers,
    drafts,
    invoices,
    orders,
    payments,
    refunds,
    settlements,
)
from app.services.invoices import LineInput
from models.tables import Invoice, Order, Payment, Settlement
from tests.builders import (
    BookHandle,
    D,
    credit_note,
    day,
    dump_book,
    make_customer,
    make_invoice,
    make_order,
    pay,
    settle,
)


@dataclass
class World:
    inv: Invoice  # 100.00, open
    paid: Invoice  # 50.00, settled by `p`
    p: Payment  # 80.00, 30.00 unapplied
    settlement: Settlement
    draft: Invoice
    cancelled: Order
    partial: Order  # partially invoiced
    other_inv: Invoice  # another customer's


@pytest.fixture
def world(book: BookHandle) -> World:
    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", on=day(0))
    paid = make_invoice("50.00", on=day(0))
    p = pay("80.00", on=day(1))
    [s] = settle(p, paid, on=day(11))
    draft = make_invoice("20.00", draft=True)
    cancelled = make_order([("A", "1", "10.00")])
    orders.cancel_order(cancelled.number, day(1))
    partial = make_order([("A", "1", "100.00"), ("B", "1", "50.00")])
    orders.invoice_order(partial.number, day(1), line_qty={1: D("1")})
    other = make_invoice("70.00", customer="C2")
    return World(inv, paid, p, s, draft, cancelled, partial, other)


Case = tuple[str, Callable[[World], object], Callable[[World], str]]

CASES: list[Case] = [
    (
        "unknown customer",
        lambda w: invoices.create_invoice("NOPE", day(1), amount=D("1")),
        lambda w: '"NOPE"',
    ),
    (
        "unknown customer payment",
        lambda w: payments.create_payment("NOPE", day(1), D("1")),
        lambda w: '"NOPE"',
    ),
    ("unknown invoice to settle", lambda w: settle(w.p, "INV-999999"), lambda w: '"INV-999999"'),
    ("unknown source", lambda w: settle("PAY-999999", w.inv), lambda w: '"PAY-999999"'),
    (
        "unknown order",
        lambda w: orders.invoice_order("SO-999999", day(1), amount=D("1")),
        lambda w: '"SO-999999"',
    ),
    ("unknown order payment", lambda w: pay("5.00", order="SO-999999"), lambda w: '"SO-999999"'),
    ("unknown settlement", lambda w: settlements.unsettle(999999), lambda w: "999999"),
    (
        "unknown invoice to credit",
        lambda w: credit_note("INV-999999", amount="1"),
        lambda w: '"INV-999999"',
    ),
    (
        "unknown invoice to correct",
        lambda w: corrections.correct("INV-999999", day(1), {1: D(1)}),
        lambda w: '"INV-999999"',
    ),
    (
        "impossible date",
        lambda w: payments.create_payment("C1", parse_date("2026-02-30", "payment date"), D("5")),
        lambda w: 'payment date "2026-02-30" does not exist',
    ),
    (
        "settling more than the payment",
        lambda w: settle(w.p, w.inv, amount="31.00"),
        lambda w: f"{w.p.number} has only 30.00 left",
    ),
    (
        "settling an already settled invoice",
        lambda w: settle(w.p, w.paid),
        lambda w: f"{w.paid.number} is already settled",
    ),
    (
        "settling another customer's invoice",
        lambda w: settle(w.p, w.other_inv),
        lambda w: f"{w.other_inv.number} belongs to another customer",
    ),
    ("settling a draft", lambda w: settle(w.p, w.draft), lambda w: f"{w.draft.number} is a draft"),
    (
        "an invoice cannot pay",
        lambda w: settle(w.inv, w.paid),
        lambda w: f"{w.inv.number} is an invoice, not a payment",
    ),
    (
        "naming an invoice twice",
        lambda w: settle(w.p, w.inv, w.inv),
        lambda w: f"{w.inv.number} is named twice",
    ),
    (
        "settlement date before the payment",
        lambda w: settle(w.p, w.inv, on=day(0)),
        lambda w: f"before {w.p.number}",
    ),
    (
        "invoice to a cancelled order",
        lambda w: invoices.create_invoice("C1", day(2), amount=D("5"), order=w.cancelled.number),
        lambda w: f"Order {w.cancelled.number} is cancelled",
    ),
    (
        "order invoice of a cancelled order",
        lambda w: orders.invoice_order(w.cancelled.number, day(2), amount=D("5")),
        lambda w: f"Order {w.cancelled.number} is cancelled",
    ),
    (
        "payment to a cancelled order",
        lambda w: pay("5.00", order=w.cancelled, on=day(2)),
        lambda w: f"Order {w.cancelled.number} is cancelled",
    ),
    (
        "cancelling a partially invoiced order",
        lambda w: orders.cancel_order(w.partial.number, day(2)),
        lambda w: f"Order {w.partial.number} is partially invoiced",
    ),
    (
        "changing a cancelled order",
        lambda w: orders.change_order(w.cancelled.number, day(2), discount=D("1")),
        lambda w: f"Order {w.cancelled.number} is cancelled",
    ),
    (
        "deleting a posted invoice",
        lambda w: drafts.delete_draft(w.inv.number),
        lambda w: f"{w.inv.number} is posted",
    ),
    (
        "posting a posted invoice",
        lambda w: drafts.post_invoice(w.inv.number),
        lambda w: f"{w.inv.number} is already posted",
    ),
    (
        "crediting more than left",
        lambda w: credit_note(w.inv, amount="100.01", on=day(2)),
        lambda w: f"{w.inv.number} has only 100.00 left to credit; 100.01 was asked",
    ),
    (
        "crediting an unknown line",
        lambda w: credit_note(w.inv, lines={4: "1"}, on=day(2)),
        lambda w: f"{w.inv.number} has no line 4",
    ),
    (
        "crediting before the invoice date",
        lambda w: credit_note(w.inv, amount="1", on=day(-1)),
        lambda w: f"before invoice {w.inv.number}",
    ),
    (
        "correcting with an unknown line",
        lambda w: corrections.correct(w.inv.number, day(2), {9: D(1)}),
        lambda w: f"{w.inv.number} has no line 9",
    ),
    (
        "correcting a draft",
        lambda w: corrections.correct(w.draft.number, day(2), {1: D(1)}),
        lambda w: f"{w.draft.number} is a draft",
    ),
    (
        "refunding more than the credit",
        lambda w: refunds.refund_credit(w.p.number, day(3), D("30.01")),
        lambda w: f"{w.p.number} has only 30.00 left to refund",
    ),
    (
        "unsettling before the settlement",
        lambda w: settlements.unsettle(w.settlement.id, on=day(1)),
        lambda w: "before the settlement",
    ),
    (
        "zero payment",
        lambda w: payments.create_payment("C1", day(1), D("0")),
        lambda w: "more than zero",
    ),
    (
        "zero invoice",
        lambda w: invoices.create_invoice("C1", day(1), amount=D("0")),
        lambda w: "more than zero",
    ),
    (
        "negative line quantity",
        lambda w: invoices.create_invoice("C1", day(1), lines=[LineInput("Pens", D("-1"), D("2"))]),
        lambda w: 'line "Pens" must be more than zero',
    ),
    ("duplicate customer", lambda w: customers.add_customer("C1", "Again"), lambda w: 'code "C1"'),
    (
        "bad customer terms",
        lambda w: customers.add_customer("C9", "Nine", terms="soon"),
        lambda w: '"soon"',
    ),
    ("unknown setting", lambda w: book_service.set_setting("colour", "red"), lambda w: '"colour"'),
    (
        "bad yes/no setting",
        lambda w: book_service.set_setting("full_settlement_allowed", "maybe"),
        lambda w: '"maybe"',
    ),
    (
        "negative tolerance",
        lambda w: book_service.set_setting("max_underpayment", "-1"),
        lambda w: "max_underpayment cannot be negative",
    ),
    (
        "currency change with documents",
        lambda w: book_service.set_setting("currency", "USD"),
        lambda w: "currency cannot change",
    ),
    (
        "bad amount text",
        lambda w: payments.create_payment("C1", day(1), book_service.currency().parse("1,234")),
        lambda w: '"1,234" is ambiguous',
    ),
]


@pytest.mark.parametrize(("name", "action", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_changes_nothing(
    world: World, name: str, action: Callable[[World], object], words: Callable[[World], str]
) -> None:
    before = dump_book()
    with pytest.raises(UserError) as err:
        action(world)
    message = str(err.value)
    assert words(world) in message, message
    assert message[0].isupper() and message.rstrip().endswith((".", ")")), message
    assert dump_book() == before


def test_the_world_itself_is_sound(world: World) -> None:
    from app.read.check import check_book

    assert check_book().ok
    assert world.p.amount - Payment.get_by_id(world.p.id).applied == 3000
