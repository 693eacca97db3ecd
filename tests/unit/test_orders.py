"""SPEC §4: orders invoiced in parts, paid ahead, changed and cancelled."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.read import queries
from app.read.check import check_book
from app.services import orders, payments, settlements
from app.services.invoices import LineInput
from models.tables import Payment, Settlement
from tests.builders import (
    DAY0,
    BookHandle,
    D,
    account_balance,
    balance,
    day,
    dump_book,
    fresh,
    make_invoice,
    make_order,
    pay,
    unapplied,
)


@pytest.fixture(autouse=True)
def _book_is_consistent_after_each_test(book: BookHandle):  # type: ignore[no-untyped-def]
    yield
    report = check_book()
    assert report.ok, report.problems


def shown(order) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return queries.show_order(order.number)


def test_spec_example_discount_after_a_first_invoice_refunds_the_difference() -> None:
    # Order 300.00 paid in full, invoice 1 for 100.00; a 50.00 discount makes
    # the total 250.00: 50.00 is refunded; invoice 2 for 150.00 completes it.
    order = make_order([("Widget", "3", "100.00")])
    p = pay("300.00", order=order, on=day(0))
    inv1 = orders.invoice_order(order.number, day(1), amount=D("100.00"))
    assert fresh(inv1).status == "settled"
    assert shown(order)["status"] == "partially_invoiced"
    assert unapplied(p) == D("200.00")

    preview = orders.preview_order_change(order.number, discount=D("50.00"))
    assert (preview.new_total, preview.received, preview.refund) == (
        D("250.00"),
        D("300.00"),
        D("50.00"),
    )
    orders.change_order(order.number, day(2), discount=D("50.00"))
    o = shown(order)
    assert (o["total"], o["paid"], o["refunded"]) == ("250.00", "300.00", "50.00")
    assert [r["amount"] for r in o["refunds"]] == ["50.00"]
    assert unapplied(p) == D("150.00")
    assert account_balance("refunds_payable") == D("-50.00")

    inv2 = orders.invoice_order(order.number, day(3), amount=D("150.00"))
    assert fresh(inv2).status == "settled"
    assert fresh(inv2).kind == "invoice"
    o = shown(order)
    assert o["status"] == "invoiced"
    assert o["invoices"] == [inv1.number, inv2.number]
    assert unapplied(p) == 0
    assert queries.show_customer("C1")["net_balance"] == "0.00"
    autos = Settlement.select().where(Settlement.payment == p.id)
    assert all(s.automatic for s in autos)
    assert "settles exactly the invoice's own amount" in autos[0].explanation


def test_order_invoice_settles_only_its_own_amount_from_order_money() -> None:
    order = make_order([("A", "1", "500.00")])
    p = pay("120.00", order=order)
    inv = orders.invoice_order(order.number, day(1), amount=D("200.00"))
    assert balance(inv) == D("80.00")
    assert unapplied(p) == 0
    # A later order payment pays the order's open invoice first.
    p2 = pay("100.00", order=order, on=day(2))
    assert balance(inv) == 0
    assert unapplied(p2) == D("20.00")


def test_invoicing_by_lines_and_quantities() -> None:
    order = make_order([("Hours", "10", "50.00"), ("Kit", "2", "25.00")])
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("4")})
    assert fresh(inv).total == 20000
    lines = {ln["line"]: ln for ln in shown(order)["lines"]}
    assert lines[1]["invoiced_quantity"] == "4"
    with pytest.raises(
        UserError, match=r"Order line 1 \(Hours\) has only 6 left to invoice; 7 was asked"
    ):
        orders.invoice_order(order.number, day(1), line_qty={1: D("7")})
    with pytest.raises(UserError, match="has no line 9"):
        orders.invoice_order(order.number, day(1), line_qty={9: D("1")})
    orders.invoice_order(order.number, day(2), line_qty={1: D("6"), 2: D("2")})
    assert shown(order)["status"] == "invoiced"


def test_invoice_after_the_order_is_invoiced_is_standalone() -> None:
    order = make_order([("A", "1", "100.00")])
    # Issue 9: the 50.00 the order does not need is kept as customer credit,
    # a second part of the same receipt.
    first = payments.create_payment("C1", DAY0, D("150.00"), order=order.number, excess="credit")
    (p,) = Payment.select().where(Payment.split_of == first.id)
    orders.invoice_order(order.number, day(1), amount=D("100.00"))
    assert shown(order)["status"] == "invoiced"
    extra = orders.invoice_order(order.number, day(2), amount=D("30.00"))
    assert fresh(extra).kind == "standalone"
    assert fresh(extra).number.startswith("INV-")
    assert balance(extra) == D("30.00")  # does not consume the order's money
    assert unapplied(p) == D("50.00")
    o = shown(order)
    assert (o["status"], o["invoiced"]) == ("invoiced", "100.00")
    # It is collectable like any other invoice.
    settlements.settle(p.number, [extra.number])
    assert balance(extra) == 0


def test_status_follows_the_invoiced_sum() -> None:
    order = make_order([("A", "1", "100.00")])
    assert shown(order)["status"] == "open"
    orders.invoice_order(order.number, day(1), amount=D("40.00"))
    assert shown(order)["status"] == "partially_invoiced"
    orders.invoice_order(order.number, day(1), amount=D("70.00"))  # passes the total
    assert shown(order)["status"] == "invoiced"


def test_cancel_an_order_without_invoices_refunds_its_money() -> None:
    order = make_order([("A", "2", "40.00")])
    p = pay("80.00", order=order)
    orders.cancel_order(order.number, day(2))
    o = shown(order)
    assert (o["status"], o["refunded"]) == ("cancelled", "80.00")
    assert fresh(p).refunded == 8000
    assert unapplied(p) == 0
    assert account_balance("refunds_payable") == D("-80.00")
    with pytest.raises(UserError, match="already cancelled"):
        orders.cancel_order(order.number, day(3))


def test_partially_invoiced_order_cannot_be_cancelled_but_can_be_changed() -> None:
    order = make_order([("A", "1", "100.00"), ("B", "1", "60.00")])
    orders.invoice_order(order.number, day(1), line_qty={1: D("1")})
    before = dump_book()
    with pytest.raises(UserError, match="partially invoiced.*cannot be cancelled"):
        orders.cancel_order(order.number, day(2))
    assert dump_book() == before
    orders.change_order(order.number, day(2), remove_lines=[2])
    o = shown(order)
    assert (o["total"], o["status"]) == ("100.00", "invoiced")


def test_change_adds_lines_and_refuses_what_breaks_the_order() -> None:
    order = make_order([("A", "1", "100.00")])
    orders.invoice_order(order.number, day(1), amount=D("60.00"))
    orders.change_order(order.number, day(2), add_lines=[LineInput("B", D(2), D("10.00"))])
    assert shown(order)["total"] == "120.00"
    for kwargs, words in [
        ({"discount": D("70.00")}, "below the 60.00 already invoiced"),
        ({}, "changes nothing"),
        ({"discount": D("-1")}, "cannot be negative"),
        ({"remove_lines": [7]}, "has no line 7"),
    ]:
        before = dump_book()
        with pytest.raises(UserError, match=words):
            orders.change_order(order.number, day(3), **kwargs)  # type: ignore[arg-type]
        assert dump_book() == before


def test_removing_an_invoiced_line_is_refused() -> None:
    order = make_order([("A", "2", "100.00"), ("B", "1", "5.00")])
    orders.invoice_order(order.number, day(1), line_qty={1: D("1")})
    with pytest.raises(UserError, match=r"line 1 \(A\) is already invoiced in part"):
        orders.change_order(order.number, day(2), remove_lines=[1])


def test_order_invoice_for_another_customer_is_refused() -> None:
    from app.services import invoices

    order = make_order([("A", "1", "100.00")], customer="C1")
    make_invoice("10.00", customer="C2")
    with pytest.raises(UserError, match=f"Order {order.number} belongs to another customer"):
        invoices.create_invoice("C2", day(1), amount=D("10.00"), order=order.number)


def test_order_payment_for_another_customer_is_refused() -> None:
    order = make_order([("A", "1", "100.00")], customer="C1")
    make_invoice("10.00", customer="C2")
    with pytest.raises(UserError, match="belongs to another customer"):
        pay("10.00", customer="C2", order=order)
