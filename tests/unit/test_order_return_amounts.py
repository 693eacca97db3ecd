"""Issue 9, item 2 (QA pass): credits by amount on order invoices, and the hours a
correction of an order invoice leaves unbilled (SPEC §4, §5.3, §9).

Runs on every backend of the `book` fixture (PostgreSQL too when ACERTO_TEST_PG is set).
"""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.read import queries
from app.read.check import check_book
from app.services import corrections, orders
from models.tables import InvoiceLine, UnbilledItem
from tests.builders import (
    BookHandle,
    D,
    balance,
    credit_note,
    day,
    dump_book,
    fresh,
    make_customer,
    make_order,
    pay,
    unapplied,
)


@pytest.fixture(autouse=True)
def _book_is_consistent_after_each_test(book: BookHandle):  # type: ignore[no-untyped-def]
    make_customer(terms="net 30")
    yield
    report = check_book()
    assert report.ok, report.problems


def shown(order) -> dict:  # type: ignore[no-untyped-def]
    return queries.show_order(order.number)


def quantities(order) -> list[str]:  # type: ignore[no-untyped-def]
    return [ln["invoiced_quantity"] for ln in shown(order)["lines"]]


# ---------------------------------------------------------------- credits by amount


def test_whole_credit_by_amount_returns_the_shirt_as_a_credit_by_line_would() -> None:
    """The issue's shirts: 3 × 100.00 paid 300.00, one invoiced, credited 100.00 by amount."""
    order = make_order([("Shirt", "3", "100.00")])
    p = pay("300.00", order=order)
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("1")})
    cn = credit_note(inv, amount="100.00", on=day(1))
    o = shown(order)
    assert (o["status"], o["invoiced"], quantities(order)) == ("open", "0.00", ["0"])
    [row] = InvoiceLine.select().where(InvoiceLine.invoice == cn.id)
    assert (row.quantity, row.amount, row.description) == (-1000, -10000, "Shirt")
    orders.change_order(order.number, day(2), quantities={1: D("2")})
    assert shown(order)["refunded"] == "100.00"
    first = orders.invoice_order(order.number, day(2), line_qty={1: D("1")})
    second = orders.invoice_order(order.number, day(3), line_qty={1: D("1")})
    assert balance(first) == balance(second) == 0  # the freed 100.00, then the payment
    o = shown(order)
    assert (o["status"], o["invoiced"], o["total"], quantities(order)) == (
        "invoiced",
        "200.00",
        "200.00",
        ["2"],
    )
    assert unapplied(p) == 0
    assert queries.show_customer("C1")["credit"] == "0.00"


def test_partial_credit_by_amount_keeps_quantities_and_frees_money_for_an_amount() -> None:
    """Shirt 3 × 100.00 and Cap 2 × 50.00; 60.00 off an invoice of one of each cannot
    say which line it is for: a price reduction, invoiced back by amount only."""
    order = make_order([("Shirt", "3", "100.00"), ("Cap", "2", "50.00")])
    pay("400.00", order=order)
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("1"), 2: D("1")})
    credit_note(inv, amount="60.00", on=day(1))
    o = shown(order)
    assert (o["invoiced"], quantities(order)) == ("90.00", ["1", "1"])
    orders.invoice_order(order.number, day(2), line_qty={1: D("2"), 2: D("1")})
    assert (shown(order)["invoiced"], quantities(order)) == ("340.00", ["3", "2"])
    before = dump_book()
    with pytest.raises(UserError) as err:
        orders.invoice_order(order.number, day(3), line_qty={1: D("1")})
    assert "has only 0 left to invoice" in str(err.value)
    assert "still has 60.00 to invoice, 60.00 more than its quantities left" in str(err.value)
    assert "--amount" in str(err.value)
    assert dump_book() == before
    last = orders.invoice_order(order.number, day(3), amount=D("60.00"))
    assert balance(last) == 0
    assert (shown(order)["status"], shown(order)["invoiced"]) == ("invoiced", "400.00")


def test_whole_credit_after_a_partial_one_returns_every_line() -> None:
    order = make_order([("Shirt", "3", "100.00"), ("Cap", "2", "50.00")])
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("1"), 2: D("1")})
    credit_note(inv, amount="60.00", on=day(1))
    assert quantities(order) == ["1", "1"]
    cn = credit_note(inv, amount="90.00", on=day(2))
    assert fresh(cn).total == -9000
    o = shown(order)
    assert (o["status"], o["invoiced"], quantities(order)) == ("open", "0.00", ["0", "0"])
    orders.cancel_order(order.number, day(3))
    assert shown(order)["status"] == "cancelled"


def test_whole_credit_of_an_order_corrective_returns_its_net_hours() -> None:
    """8 h corrected to 10 h (+100.00), that corrective credited 100.00 by amount: back to 8 h."""
    order = make_order([("Hours", "12", "50.00")])
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("8")})
    ci = corrections.correct(inv.number, day(2), {1: D("10")})
    assert quantities(order) == ["10"]
    credit_note(ci, amount="100.00", on=day(3))
    o = shown(order)
    assert (o["invoiced"], quantities(order)) == ("400.00", ["8"])


# ---------------------------------------------------------------- unbilled hours of an order line


def hours_corrected_to_six():  # type: ignore[no-untyped-def]
    """Hours 10 × 50.00 paid 500.00; 8 h invoiced, corrected to 6 h (2 h left unbilled)."""
    order = make_order([("Hours", "10", "50.00")])
    p = pay("500.00", order=order)
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("8")})
    corrections.correct(inv.number, day(2), {1: D("6")})
    [item] = UnbilledItem.select()
    assert (item.quantity, item.amount, item.status) == (2000, 10000, "open")
    return order, p, item


def hours_billed() -> int:
    """Hours billed on invoices (net of credits and corrections) plus open unbilled items."""
    lines = sum(ln.quantity for ln in InvoiceLine.select())
    return lines + sum(
        i.quantity for i in UnbilledItem.select().where(UnbilledItem.status == "open")
    )


def test_invoicing_the_hours_again_bills_the_unbilled_item_not_twice() -> None:
    order, p, item = hours_corrected_to_six()
    more = orders.invoice_order(order.number, day(3), line_qty={1: D("4")})
    item = fresh(item)
    assert (item.status, item.billed_invoice_id) == ("billed", more.id)
    assert balance(more) == 0
    o = shown(order)
    assert (o["status"], o["invoiced"], quantities(order)) == ("invoiced", "500.00", ["10"])
    assert queries.show_customer("C1")["credit"] == "0.00"
    assert unapplied(p) == 0
    assert hours_billed() == 10000
    with pytest.raises(UserError, match="already billed"):
        corrections.bill_unbilled(item.id, day(4))


def test_two_hours_invoiced_again_are_the_unbilled_ones_then_two_more() -> None:
    order, _p, item = hours_corrected_to_six()
    two = orders.invoice_order(order.number, day(3), line_qty={1: D("2")})
    assert fresh(item).billed_invoice_id == two.id
    assert quantities(order) == ["8"]
    orders.invoice_order(order.number, day(4), line_qty={1: D("2")})
    assert hours_billed() == 10000
    assert shown(order)["status"] == "invoiced"


def test_the_item_alone_is_refused_while_its_order_is_live_and_can_be_written_off() -> None:
    order, _p, item = hours_corrected_to_six()
    before = dump_book()
    with pytest.raises(UserError) as err:
        corrections.bill_unbilled(item.id, day(3))
    text = str(err.value)
    assert f"left on order {order.number} line 1" in text
    assert f"--order {order.number} --order-line 1=2" in text
    assert dump_book() == before
    with pytest.raises(UserError, match="cannot go below 8"):
        orders.change_order(order.number, day(3), quantities={1: D("7")})
    assert dump_book() == before
    corrections.write_off_unbilled(item.id, day(3))
    orders.change_order(order.number, day(4), quantities={1: D("6")})
    assert (shown(order)["status"], hours_billed()) == ("invoiced", 6000)


def test_a_correction_raising_another_invoice_of_the_line_closes_the_item() -> None:
    """5 h + 5 h on a 10 h order; the first corrected to 3 h (2 h unbilled), the second
    raised to 7 h: those 2 h are the unbilled ones, billed once."""
    order = make_order([("Hours", "10", "50.00")])
    first = orders.invoice_order(order.number, day(1), line_qty={1: D("5")})
    second = orders.invoice_order(order.number, day(1), line_qty={1: D("5")})
    corrections.correct(first.number, day(2), {1: D("3")})
    ci = corrections.correct(second.number, day(3), {1: D("7")})
    [item] = UnbilledItem.select()
    assert (item.status, item.billed_invoice_id) == ("billed", ci.id)
    assert (quantities(order), hours_billed()) == (["10"], 10000)
