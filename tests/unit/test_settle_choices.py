"""Issue 9, items 4–6 through the services, with the issue's numbers.

4. A payment covering the whole balance inside the discount period settles
   the invoice at full value (setting discount_when_paid_in_full, default
   no); the bookkeeper may set the discount (0 up to what the rules allow)
   or decline it; never a discount and an overpayment write-off together.
5. Full settlement waives the remainder of one named invoice only.
6. A credit note against a paid invoice reads −98.00 / −2.00.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.errors import UserError
from app.read import queries
from app.read.report_data import settlement_report
from app.services import settlements
from tests.builders import (
    account_balance,
    balance,
    credit_note,
    day,
    make_customer,
    make_invoice,
    pay,
    set_params,
    settle,
    unapplied,
)

pytestmark = pytest.mark.usefixtures("book")
D = Decimal


def _row(inv: str, n: int = 0) -> dict[str, str]:
    return queries.show_invoice(inv)["settlements"][n]  # type: ignore[no-any-return]


def _figures(inv: str, n: int = 0) -> tuple[str, str, str, str]:
    s = _row(inv, n)
    return s["amount"], s["discount"], s["writeoff"], s["full_settlement"]


def _discounted_invoice() -> str:
    make_customer("C1", terms="2% 10, net 30")
    return str(make_invoice("100.00", customer="C1").number)


# ---------------------------------------------------------------- item 4


def test_full_payment_on_day_4_settles_at_full_value_without_discount() -> None:
    inv = _discounted_invoice()
    p = pay("100.00", customer="C1", on=day(4))
    settle(p, inv)
    assert _figures(inv) == ("100.00", "0.00", "0.00", "0.00")
    assert unapplied(p) == D("0.00")
    assert account_balance("cash_discount") == D("0.00")
    assert (
        "no cash discount: the money covers the whole balance of 100.00" in _row(inv)["explanation"]
    )


def test_full_payment_with_apply_amount_settles_at_full_value() -> None:
    inv = _discounted_invoice()
    p = pay("100.00", customer="C1", on=day(4))
    settlements.settle(p.number, [inv], amounts={inv: D("100.00")})
    assert _figures(inv) == ("100.00", "0.00", "0.00", "0.00")
    assert unapplied(p) == D("0.00")


def test_full_payment_with_overpayment_tolerance_books_neither_discount_nor_writeoff() -> None:
    set_params(max_overpayment="5.00")
    inv = _discounted_invoice()
    p = pay("100.00", customer="C1", on=day(4))
    settle(p, inv)
    assert _figures(inv) == ("100.00", "0.00", "0.00", "0.00")
    assert account_balance("over_underpayment") == D("0.00")


def test_discount_when_paid_in_full_yes_keeps_the_discount_and_never_writes_off_with_it() -> None:
    set_params(max_overpayment="5.00", discount_when_paid_in_full=True)
    inv = _discounted_invoice()
    p = pay("100.00", customer="C1", on=day(4))
    settle(p, inv)
    # The 2.00 the customer did not deduct stays theirs as credit, not a write-off.
    assert _figures(inv) == ("98.00", "2.00", "0.00", "0.00")
    assert unapplied(p) == D("2.00")


def test_a_larger_overpayment_is_written_off_without_a_discount() -> None:
    set_params(max_overpayment="5.00")
    inv = _discounted_invoice()
    p = pay("102.00", customer="C1", on=day(4))
    settle(p, inv)
    assert _figures(inv) == ("102.00", "0.00", "-2.00", "0.00")


def test_the_customer_who_deducted_part_of_the_discount() -> None:
    inv = _discounted_invoice()
    p = pay("99.00", customer="C1", on=day(4))
    settle(p, inv)
    assert _figures(inv) == ("99.00", "1.00", "0.00", "0.00")
    assert "the customer deducted 1.00 of the 2.00 allowed" in _row(inv)["explanation"]


def test_one_payment_for_two_discounted_invoices_still_discounts_both() -> None:
    make_customer("C1", terms="2% 10, net 30")
    a = make_invoice("100.00", customer="C1").number
    b = make_invoice("100.00", customer="C1").number
    p = pay("196.00", customer="C1", on=day(4))
    settle(p)
    assert _figures(a) == ("98.00", "2.00", "0.00", "0.00")
    assert _figures(b) == ("98.00", "2.00", "0.00", "0.00")


def test_no_discount_and_a_chosen_discount() -> None:
    inv = _discounted_invoice()
    p = pay("98.00", customer="C1", on=day(4))
    settlements.settle(p.number, [inv], no_discount=True)
    assert _figures(inv) == ("98.00", "0.00", "0.00", "0.00")
    assert balance(inv) == D("2.00")
    assert "chosen by the bookkeeper (the rules allow 2.00" in _row(inv)["explanation"]
    inv2 = make_invoice("100.00", customer="C1").number
    p2 = pay("100.00", customer="C1", on=day(4))
    settlements.settle(p2.number, [inv2], discounts={inv2: D("1.50")})
    assert _figures(inv2) == ("98.50", "1.50", "0.00", "0.00")
    assert unapplied(p2) == D("1.50")


@pytest.mark.parametrize(
    ("given", "match"),
    [
        ("2.01", "can be at most 2.00 on 2026-03-05"),
        ("-1.00", "cannot be negative"),
    ],
)
def test_a_discount_outside_the_rules_bounds_is_refused(given: str, match: str) -> None:
    inv = _discounted_invoice()
    p = pay("100.00", customer="C1", on=day(4))
    with pytest.raises(UserError, match=match):
        settlements.settle(p.number, [inv], discounts={inv: D(given)})
    assert balance(inv) == D("100.00")


def test_a_discount_after_the_period_is_refused() -> None:
    inv = _discounted_invoice()
    p = pay("98.00", customer="C1", on=day(12))
    with pytest.raises(UserError, match="No cash discount can be taken on .* ran until 2026-03-11"):
        settlements.settle(p.number, [inv], discounts={inv: D("2.00")})


def test_a_discount_for_an_invoice_not_settled_is_refused() -> None:
    inv = _discounted_invoice()
    other = make_invoice("50.00", customer="C1").number
    p = pay("98.00", customer="C1", on=day(4))
    with pytest.raises(UserError, match=f"does not settle {other}"):
        settlements.settle(p.number, [inv], discounts={other: D("1.00")})


# ---------------------------------------------------------------- item 5


def _two_invoices_and_990() -> tuple[str, str, str]:
    make_customer("C1", terms="net 30")
    a = make_invoice("100.00", customer="C1", on=day(0)).number
    b = make_invoice("1000.00", customer="C1", on=day(1)).number
    p = pay("990.00", customer="C1", on=day(5)).number
    return a, b, p


def test_bare_full_settlement_over_two_invoices_is_refused_naming_them() -> None:
    a, b, p = _two_invoices_and_990()
    with pytest.raises(UserError, match=f"settles {a}, {b}: name the invoice"):
        settlements.settle(p, full_settlement=True)
    assert balance(b) == D("1000.00")


def test_named_full_settlement_waives_that_invoice_only() -> None:
    a, b, p = _two_invoices_and_990()
    settlements.settle(p, full_settlement=b)
    assert _figures(a) == ("100.00", "0.00", "0.00", "0.00")
    assert _figures(b) == ("890.00", "0.00", "0.00", "110.00")
    assert "the remaining 110.00 is waived" in _row(b)["explanation"]
    assert (balance(a), balance(b)) == (D("0.00"), D("0.00"))


def test_full_settlement_of_an_invoice_paid_in_full_is_refused() -> None:
    a, _b, p = _two_invoices_and_990()
    with pytest.raises(UserError, match=f"Invoice {a} is settled in full"):
        settlements.settle(p, full_settlement=[a])


def test_bare_full_settlement_with_one_invoice_still_works() -> None:
    make_customer("C1", terms="net 30")
    inv = make_invoice("1000.00", customer="C1")
    p = pay("990.00", customer="C1", on=day(5))
    settle(p, inv, full_settlement=True)
    assert _figures(inv.number) == ("990.00", "0.00", "0.00", "10.00")


# ---------------------------------------------------------------- item 6


def test_credit_note_against_a_paid_invoice_reads_minus_98_and_minus_2() -> None:
    inv = _discounted_invoice()
    p = pay("98.00", customer="C1", on=day(4))
    settle(p, inv)
    cn = credit_note(inv, amount="100.00", on=day(20))
    row = _row(inv, 1)
    assert (row["source"], row["amount"], row["discount"]) == (cn.number, "-98.00", "-2.00")
    assert row["from_source"] == "2.00"  # what the stored row took from the credit note
    assert "settles -98.00 and reverses -2.00" in row["explanation"]
    assert queries.show_invoice(cn.number)["balance"] == "-98.00"  # owed to the customer
    report = settlement_report(day(0), day(30))
    assert report.totals_of("payment")["applied"] == D("98.00")
    assert report.totals_of("payment")["discount"] == D("2.00")
    assert report.totals_of("credit_note")["applied"] == D("-98.00")
    assert report.totals_of("credit_note")["discount"] == D("-2.00")


def test_credit_note_against_an_open_invoice_reads_as_before() -> None:
    inv = _discounted_invoice()
    credit_note(inv, amount="40.00", on=day(2))
    row = _row(inv)
    assert (row["amount"], row["discount"], row["from_source"]) == ("40.00", "0.00", "40.00")


def test_credit_note_on_a_half_paid_invoice_reads_its_net() -> None:
    """49.00 + 1.00 discount paid, 50.00 open, credited in full: the row reduces the
    open 50.00 and hands back 49.00 with the 1.00 discount reversed; it reads the
    net, 1.00 / -1.00, and the customer is owed 49.00."""
    inv = _discounted_invoice()
    settle(pay("49.00", customer="C1", on=day(4)), inv)
    cn = credit_note(inv, amount="100.00", on=day(20))
    row = _row(inv, 1)
    assert (row["amount"], row["discount"], row["from_source"]) == ("1.00", "-1.00", "51.00")
    assert "reduces the open balance of" in row["explanation"]
    assert "settles -49.00 and reverses -1.00" in row["explanation"]
    assert queries.show_invoice(cn.number)["balance"] == "-49.00"
