"""SPEC §3 rules 1–10 through the posting services, with the spec's numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.errors import UserError
from app.read import queries
from app.read.check import check_book
from app.services import refunds, settlements
from models.tables import Invoice, Settlement
from tests.builders import (
    BookHandle,
    D,
    account_balance,
    balance,
    credit_note,
    day,
    dump_book,
    fresh,
    journal_of,
    make_customer,
    make_invoice,
    parts,
    pay,
    set_params,
    settle,
    unapplied,
)


@pytest.fixture(autouse=True)
def _book_is_consistent_after_each_test(book: BookHandle):  # type: ignore[no-untyped-def]
    yield
    report = check_book()
    assert report.ok, report.problems


def status(doc: Invoice) -> str:
    return str(fresh(doc).status)


def customer(code: str = "C1") -> dict[str, str]:
    return queries.show_customer(code)


# ---------------------------------------------------------------- rule 1


def test_rule1_partial_payment_without_discount() -> None:
    inv = make_invoice("100.00", terms="net 30")
    p = pay("60.00", on=day(5))
    [s] = settle(p, inv)
    assert parts(s) == ("60.00", "0.00", "0.00", "0.00")
    assert balance(inv) == D("40.00")
    assert status(inv) == "partially_settled"
    assert unapplied(p) == 0
    shown = queries.show_invoice(inv.number)
    assert (shown["settled"], shown["balance"]) == ("60.00", "40.00")
    assert journal_of(s) == [
        ("customer_advances", "60.00", "0.00"),
        ("receivables", "0.00", "60.00"),
    ]
    assert customer()["open_balance"] == "40.00"


# ---------------------------------------------------------------- rule 2


def test_rule2_cash_discount_on_day_8() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    p = pay("98.00", on=day(8))
    [s] = settle(p, inv)
    assert parts(s) == ("98.00", "2.00", "0.00", "0.00")
    assert balance(inv) == 0
    assert status(inv) == "settled"
    assert "100.00 × 2 / 100 = 2.00" in s.explanation
    assert "2 % until 2026-03-11" in s.explanation
    assert journal_of(s) == [
        ("cash_discount", "2.00", "0.00"),
        ("customer_advances", "98.00", "0.00"),
        ("receivables", "0.00", "100.00"),
    ]
    assert account_balance("cash_discount") == D("2.00")
    assert customer()["open_balance"] == "0.00"
    assert customer()["credit"] == "0.00"


def test_rule2_paid_on_day_11_no_discount() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    p = pay("98.00", on=day(11))
    [s] = settle(p, inv)
    assert parts(s) == ("98.00", "0.00", "0.00", "0.00")
    assert balance(inv) == D("2.00")
    assert status(inv) == "partially_settled"
    assert "no cash discount" in s.explanation


def test_rule2_settlement_date_decides_the_tier() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    p = pay("98.00", on=day(8))
    [s] = settle(p, inv, on=day(11))
    assert parts(s) == ("98.00", "0.00", "0.00", "0.00")
    with pytest.raises(UserError, match="before"):
        settle(p, inv, on=day(7))


# ---------------------------------------------------------------- rule 3


def test_rule3_discount_on_a_partial_payment() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    p = pay("49.00", on=day(5))
    [s] = settle(p, inv)
    assert parts(s) == ("49.00", "1.00", "0.00", "0.00")
    assert balance(inv) == D("50.00")
    assert "49.00 × 2 / 98 = 1.00" in s.explanation
    assert "partial-payment discount" in s.explanation
    assert "2 % until 2026-03-11" in s.explanation
    shown = queries.show_invoice(inv.number)
    assert shown["settlements"][0]["explanation"] == s.explanation
    assert (shown["settled"], shown["balance"], shown["discount_taken"]) == (
        "50.00",
        "50.00",
        "1.00",
    )
    assert journal_of(s) == [
        ("cash_discount", "1.00", "0.00"),
        ("customer_advances", "49.00", "0.00"),
        ("receivables", "0.00", "50.00"),
    ]


def test_rule3_full_balance_as_amount_still_discounts_from_the_money() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    p = pay("49.00", on=day(5))
    [s] = settle(p, inv, amounts={inv.number: "100.00"})
    assert parts(s) == ("49.00", "1.00", "0.00", "0.00")


def test_rule3_parameter_off() -> None:
    set_params(discount_on_partial_payments=False)
    inv = make_invoice("100.00", terms="2% 10, net 30")
    [s] = settle(pay("49.00", on=day(5)), inv)
    assert parts(s) == ("49.00", "0.00", "0.00", "0.00")
    assert balance(inv) == D("51.00")


def test_rule3_discounts_on_one_invoice_never_exceed_total_times_percent() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    for money in ("33.33", "33.33", "30.00"):
        settle(pay(money, on=day(4)), inv)
    row = fresh(inv)
    assert row.discount_taken <= 200
    assert row.settled <= row.total


# ---------------------------------------------------------------- rule 4


def test_rule4_credit_note_reduces_the_open_balance_first() -> None:
    inv = make_invoice("100.00", terms="net 30")
    cn = credit_note(inv, amount="30.00", on=day(3))
    assert balance(inv) == D("70.00")
    assert fresh(cn).total == -3000
    assert balance(cn) == 0
    assert customer()["credit"] == "0.00"
    assert customer()["open_balance"] == "70.00"


def test_rule4_credit_beyond_the_balance_is_customer_credit() -> None:
    inv = make_invoice("100.00", terms="net 30")
    settle(pay("60.00", on=day(2)), inv)
    cn = credit_note(inv, amount="100.00", on=day(3))
    assert balance(inv) == 0
    assert balance(cn) == D("-60.00")
    assert customer()["credit"] == "60.00"
    # The customer's credit pays another invoice...
    other = make_invoice("50.00", on=day(4))
    [s] = settle(cn, other)
    assert parts(s) == ("50.00", "0.00", "0.00", "0.00")
    assert balance(other) == 0
    assert customer()["credit"] == "10.00"
    # ...and the rest is refunded.
    ref = refunds.refund_credit(cn.number, day(5))
    assert ref.amount == 1000
    assert customer()["credit"] == "0.00"
    assert account_balance("refunds_payable") == D("-10.00")


def test_rule4_full_credit_after_cash_discount() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    settle(pay("98.00", on=day(5)), inv)
    cn = credit_note(inv, amount="100.00", on=day(20))
    [s] = Settlement.select().where(Settlement.credit_note == cn.id)
    # "settles −98.00 and reverses −2.00 of cash discount"
    assert parts(s) == ("2.00", "-2.00", "0.00", "0.00")
    assert balance(cn) == D("-98.00")
    assert balance(inv) == 0
    assert fresh(inv).discount_taken == 0
    assert customer()["credit"] == "98.00"
    assert "owed 98.00, not 100.00" in s.explanation
    assert account_balance("cash_discount") == 0
    shown = queries.show_invoice(cn.number)
    assert (shown["total"], shown["balance"], shown["kind"]) == ("-100.00", "-98.00", "credit_note")
    assert ("receivables", "2.00", "0.00") in journal_of(s)
    assert ("cash_discount", "0.00", "2.00") in journal_of(s)


def test_rule4_partial_return_pro_rata() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    settle(pay("98.00", on=day(5)), inv)
    cn = credit_note(inv, amount="50.00", on=day(20))
    [s] = Settlement.select().where(Settlement.credit_note == cn.id)
    assert parts(s) == ("1.00", "-1.00", "0.00", "0.00")
    assert balance(cn) == D("-49.00")
    assert customer()["credit"] == "49.00"


def test_rule4_parameter_off_customer_is_owed_the_full_credit() -> None:
    set_params(discount_on_credit_notes=False)
    inv = make_invoice("100.00", terms="2% 10, net 30")
    settle(pay("98.00", on=day(5)), inv)
    cn = credit_note(inv, amount="100.00", on=day(20))
    assert balance(cn) == D("-100.00")
    assert customer()["credit"] == "100.00"


def test_rule4_credit_note_by_lines() -> None:
    inv = make_invoice(lines=[("Hours", "8", "50.00"), ("Travel", "1", "30.00")], terms="net 30")
    cn = credit_note(inv, lines={1: "2"}, on=day(2))
    assert fresh(cn).total == -10000
    assert balance(inv) == D("330.00")
    shown = queries.show_invoice(cn.number)
    assert shown["lines"][0]["quantity"] == "-2"
    with pytest.raises(UserError, match="has only 6 left to credit"):
        credit_note(inv, lines={1: "7"}, on=day(2))


# ---------------------------------------------------------------- rule 5


def test_rule5_underpayment_tolerance() -> None:
    set_params(max_underpayment="0.50")
    inv = make_invoice("1000.00", terms="net 30")
    [s] = settle(pay("999.90", on=day(3)), inv)
    assert parts(s) == ("999.90", "0.00", "0.10", "0.00")
    assert status(inv) == "settled"
    assert journal_of(s) == [
        ("customer_advances", "999.90", "0.00"),
        ("over_underpayment", "0.10", "0.00"),
        ("receivables", "0.00", "1000.00"),
    ]
    assert "underpayment 0.10 ≤ maximum 0.50, written off" in s.explanation


def test_rule5_overpayment_within_tolerance() -> None:
    set_params(max_overpayment="0.50")
    inv = make_invoice("1000.00", terms="net 30")
    p = pay("1000.40", on=day(3))
    [s] = settle(p, inv)
    assert parts(s) == ("1000.40", "0.00", "-0.40", "0.00")
    assert unapplied(p) == 0
    assert status(inv) == "settled"
    assert account_balance("over_underpayment") == D("-0.40")


def test_rule5_larger_overpayment_stays_credit() -> None:
    set_params(max_overpayment="0.50")
    inv = make_invoice("1000.00", terms="net 30")
    p = pay("1000.60", on=day(3))
    [s] = settle(p, inv)
    assert parts(s) == ("1000.00", "0.00", "0.00", "0.00")
    assert unapplied(p) == D("0.60")
    assert customer()["credit"] == "0.60"
    assert customer()["net_balance"] == "-0.60"


# ---------------------------------------------------------------- rule 6


def test_rule6_full_settlement() -> None:
    inv = make_invoice("1000.00", terms="net 30")
    [s] = settle(pay("990.00", on=day(3)), inv, full_settlement=True)
    assert parts(s) == ("990.00", "0.00", "0.00", "10.00")
    assert status(inv) == "settled"
    assert journal_of(s) == [
        ("cash_discount", "10.00", "0.00"),
        ("customer_advances", "990.00", "0.00"),
        ("receivables", "0.00", "1000.00"),
    ]
    assert "full settlement: the remaining 10.00 is waived" in s.explanation
    shown = queries.show_invoice(inv.number)["settlements"][0]
    assert shown["full_settlement"] == "10.00"


def test_rule6_full_settlement_off_is_refused_and_changes_nothing() -> None:
    set_params(full_settlement_allowed=False)
    inv = make_invoice("1000.00", terms="net 30")
    p = pay("990.00", on=day(3))
    before = dump_book()
    with pytest.raises(UserError, match="Full settlement is not allowed"):
        settle(p, inv, full_settlement=True)
    assert dump_book() == before


# ---------------------------------------------------------------- rule 7


def test_rule7_one_payment_several_invoices_oldest_due_first() -> None:
    make_customer("C1", terms="net 30")
    late = make_invoice("100.00", on=day(5))
    early = make_invoice("100.00", on=day(0))
    make_customer("C1", terms="net 10")
    earliest_due = make_invoice("100.00", on=day(3))  # due day 13, before day 30
    p = pay("250.00", on=day(20))
    rows = settle(p)  # no invoices named: the proposal, oldest due first
    assert [fresh(s).invoice.number for s in rows] == [
        earliest_due.number,
        early.number,
        late.number,
    ]
    assert [parts(s)[0] for s in rows] == ["100.00", "100.00", "50.00"]
    assert balance(late) == D("50.00")
    assert unapplied(p) == 0


def test_rule7_one_invoice_several_payments() -> None:
    inv = make_invoice("300.00", terms="net 30")
    for money in ("100.00", "150.00", "50.00"):
        settle(pay(money, on=day(4)), inv)
    assert status(inv) == "settled"
    assert len(queries.show_invoice(inv.number)["settlements"]) == 3


def test_rule7_tiers_on_the_payment_date() -> None:
    inv = make_invoice("1000.00", terms="2% 5, 1% 14, net 30")
    [first] = settle(pay("294.00", on=day(3)), inv)
    assert parts(first) == ("294.00", "6.00", "0.00", "0.00")
    assert balance(inv) == D("700.00")
    [second] = settle(pay("693.00", on=day(10)), inv)
    assert parts(second) == ("693.00", "7.00", "0.00", "0.00")
    assert status(inv) == "settled"
    assert fresh(inv).discount_taken == 1300


def test_rule7_amount_caps_what_is_applied() -> None:
    inv = make_invoice("100.00", terms="net 30")
    p = pay("80.00", on=day(3))
    [s] = settle(p, inv, amount="30.00")
    assert parts(s)[0] == "30.00"
    assert unapplied(p) == D("50.00")


# ---------------------------------------------------------------- rule 8


def test_rule8_every_settlement_explains_itself_in_show_json() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    p = pay("49.00", on=day(5))
    settle(p, inv)
    [shown] = queries.show_payment(p.number)["settlements"]
    assert shown["explanation"].startswith(f"49.00 from {p.number} to {inv.number}")
    assert (
        "49.00 × 2 / 98 = 1.00, partial-payment discount, 2 % until 2026-03-11"
        in shown["explanation"]
    )
    assert (shown["amount"], shown["discount"], shown["writeoff"]) == ("49.00", "1.00", "0.00")
    journal = queries.show_payment(p.number)["journal"]
    assert {(j["account"], j["debit"], j["credit"]) for j in journal} >= {
        ("bank", "49.00", "0.00"),
        ("customer_advances", "0.00", "49.00"),
        ("customer_advances", "49.00", "0.00"),
        ("cash_discount", "1.00", "0.00"),
        ("receivables", "0.00", "50.00"),
    }


def test_rule8_preview_equals_what_is_posted() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    p = pay("49.00", on=day(5))
    before = dump_book()
    preview = settlements.preview_settlement(p.number, [inv.number])
    assert dump_book() == before
    [s] = settle(p, inv)
    [a] = preview.applications
    assert (a.amount, a.discount, a.explanation) == (
        Decimal("49.00"),
        Decimal("1.00"),
        s.explanation,
    )


# ---------------------------------------------------------------- rule 9


def test_rule9_split_discount_parts_add_up() -> None:
    # A discount spread over three equal lines: 3.33 + 3.33 + 3.34.
    from app.rules.money import allocate
    from app.services import book as book_service

    parts_ = allocate(D("10.00"), [D("100.00")] * 3, book_service.currency())
    assert parts_ == [D("3.33"), D("3.33"), D("3.34")]


def test_rule9_rounding_of_one_discount_is_once_half_up() -> None:
    inv = make_invoice("100.00", terms="2% 10, net 30")
    # 24.75 × 2 / 98 = 0.50510… → 0.51
    [s] = settle(pay("24.75", on=day(5)), inv)
    assert parts(s) == ("24.75", "0.51", "0.00", "0.00")


# ---------------------------------------------------------------- rule 10


def test_rule10_unsettle_restores_everything() -> None:
    set_params(max_underpayment="0.50")
    inv = make_invoice("1000.00", terms="2% 10, net 30")
    p = pay("979.70", on=day(3))
    before_inv, before_pay = fresh(inv), fresh(p)
    [s] = settle(p, inv)
    assert parts(s) == ("979.70", "20.00", "0.30", "0.00")
    rev = settlements.unsettle(s.id)
    assert parts(rev) == ("-979.70", "-20.00", "-0.30", "0.00")
    inv_now, pay_now = fresh(inv), fresh(p)
    assert (inv_now.settled, inv_now.discount_taken, inv_now.status) == (
        before_inv.settled,
        before_inv.discount_taken,
        before_inv.status,
    )
    assert (pay_now.applied, pay_now.refunded) == (before_pay.applied, before_pay.refunded)
    for account in ("cash_discount", "over_underpayment"):
        assert account_balance(account) == 0
    assert account_balance("receivables") == D("1000.00")
    assert account_balance("customer_advances") == D("-979.70")
    shown = queries.show_invoice(inv.number)["settlements"]
    assert shown[0]["reversed_by"] == rev.id
    assert shown[1]["reverses"] == s.id
    # Undone once only; the invoice can be settled again.
    with pytest.raises(UserError, match="already undone"):
        settlements.unsettle(s.id)
    with pytest.raises(UserError, match="itself an unsettlement"):
        settlements.unsettle(rev.id)
    [again] = settle(p, inv)
    assert parts(again) == ("979.70", "20.00", "0.30", "0.00")


def test_rule10_unsettle_a_full_settlement_and_a_credit_note_application() -> None:
    inv = make_invoice("1000.00", terms="net 30")
    [s] = settle(pay("990.00", on=day(3)), inv, full_settlement=True)
    settlements.unsettle(s.id)
    assert balance(inv) == D("1000.00")
    assert account_balance("cash_discount") == 0
    cn = credit_note(inv, amount="400.00", on=day(4))
    [applied] = Settlement.select().where(Settlement.credit_note == cn.id)
    assert balance(inv) == D("600.00")
    settlements.unsettle(applied.id)
    assert balance(inv) == D("1000.00")
    assert balance(cn) == D("-400.00")
    assert queries.show_customer("C1")["credit"] == "1390.00"
