"""Issue 9, item 2: returns and corrections on order invoices (SPEC §4, §9)."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.read import queries
from app.read.check import check_book
from app.services import corrections, orders
from tests.builders import (
    BookHandle,
    D,
    balance,
    credit_note,
    day,
    dump_book,
    fresh,
    make_order,
    pay,
    unapplied,
)


@pytest.fixture(autouse=True)
def _book_is_consistent_after_each_test(book: BookHandle):  # type: ignore[no-untyped-def]
    yield
    report = check_book()
    assert report.ok, report.problems


def shirts_paid_one_returned():  # type: ignore[no-untyped-def]
    """Order of 3 shirts (100.00 each) paid 300.00; one invoiced, that invoice credited in full."""
    order = make_order([("Shirt", "3", "100.00")])
    p = pay("300.00", order=order)
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("1")})
    assert balance(inv) == 0  # settled from the order's money
    cn = credit_note(inv, lines={1: "1"}, on=day(2))
    return order, p, inv, cn


def shown(order) -> dict:  # type: ignore[no-untyped-def]
    return queries.show_order(order.number)


def test_credit_note_lowers_what_the_order_has_invoiced() -> None:
    order, _p, _inv, cn = shirts_paid_one_returned()
    o = shown(order)
    assert (o["status"], o["invoiced"], o["paid"]) == ("open", "0.00", "300.00")
    assert o["lines"][0]["invoiced_quantity"] == "0"
    assert o["credit_notes"] == [cn.number]


def test_freed_order_money_settles_the_next_invoice_of_the_order() -> None:
    order, p, _inv, cn = shirts_paid_one_returned()
    again = orders.invoice_order(order.number, day(3), line_qty={1: D("1")})
    assert fresh(again).kind == "invoice"  # not standalone: the order is not invoiced
    assert balance(again) == 0
    [row] = queries.show_invoice(again.number)["settlements"]
    assert (row["source"], row["amount"]) == (cn.number, "100.00")
    rest = orders.invoice_order(order.number, day(4), line_qty={1: D("2")})
    assert balance(rest) == 0
    o = shown(order)
    assert (o["status"], o["invoiced"], o["refunded"]) == ("invoiced", "300.00", "0.00")
    assert unapplied(p) == 0
    assert queries.show_customer("C1")["credit"] == "0.00"


def test_returned_order_can_be_changed_with_refund_of_spec_4() -> None:
    order, p, _inv, _cn = shirts_paid_one_returned()
    orders.change_order(order.number, day(3), quantities={1: D("2")})
    o = shown(order)
    # Received 300.00, new total 200.00: 100.00 refunded at once.
    assert (o["total"], o["invoiced"], o["refunded"]) == ("200.00", "0.00", "100.00")
    assert o["lines"][0]["quantity"] == "2"
    assert unapplied(p) == D("100.00")
    last = orders.invoice_order(order.number, day(4), line_qty={1: D("2")})
    assert balance(last) == 0
    assert shown(order)["status"] == "invoiced"
    assert queries.show_customer("C1")["credit"] == "0.00"


def test_returned_order_can_be_cancelled_and_all_its_money_goes_back() -> None:
    order, p, _inv, cn = shirts_paid_one_returned()
    orders.cancel_order(order.number, day(3))
    o = shown(order)
    assert (o["status"], o["refunded"]) == ("cancelled", "300.00")
    assert sorted(r["amount"] for r in o["refunds"]) == ["100.00", "200.00"]
    assert unapplied(p) == 0
    assert fresh(cn).settled == fresh(cn).total  # its credit refunded
    assert queries.show_customer("C1")["credit"] == "0.00"


def test_correction_of_an_order_invoice_8_to_6_lets_4_more_hours_be_invoiced() -> None:
    order = make_order([("Hours", "10", "50.00")])
    p = pay("500.00", order=order)
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("8")})
    corrections.correct(inv.number, day(2), {1: D("6")})
    o = shown(order)
    assert (o["status"], o["invoiced"]) == ("partially_invoiced", "300.00")
    assert o["lines"][0]["invoiced_quantity"] == "6"
    more = orders.invoice_order(order.number, day(3), line_qty={1: D("4")})
    assert balance(more) == 0  # 100.00 freed by the correction, then 100.00 of the payment
    o = shown(order)
    assert (o["status"], o["invoiced"], o["refunded"]) == ("invoiced", "500.00", "0.00")
    assert unapplied(p) == 0


def test_quantity_never_below_what_is_invoiced_net_of_credits() -> None:
    order = make_order([("Shirt", "3", "100.00")])
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("2")})
    before = dump_book()
    with pytest.raises(UserError, match="2 invoiced net of credits"):
        orders.change_order(order.number, day(2), quantities={1: D("1")})
    assert dump_book() == before
    credit_note(inv, lines={1: "1"}, on=day(2))
    orders.change_order(order.number, day(3), quantities={1: D("1")})
    o = shown(order)
    assert (o["total"], o["invoiced"], o["status"]) == ("100.00", "100.00", "invoiced")


def test_order_ending_fully_invoiced_refunds_the_money_left() -> None:
    order = make_order([("Shirt", "3", "100.00")])
    pay("300.00", order=order)
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("3")})
    cn = credit_note(inv, lines={1: "1"}, on=day(2))
    assert shown(order)["status"] == "partially_invoiced"
    preview = orders.preview_order_change(order.number, quantities={1: D("2")})
    assert preview.refund == D("100.00")
    orders.change_order(order.number, day(3), quantities={1: D("2")})
    o = shown(order)
    assert (o["status"], o["total"], o["refunded"]) == ("invoiced", "200.00", "100.00")
    assert fresh(cn).settled == fresh(cn).total
    assert queries.show_customer("C1")["credit"] == "0.00"
