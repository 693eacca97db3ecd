"""The pure settlement rules of SPEC §3 (app.settlement), no database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import UserError
from app.rules.credit_note import plan_credit_note
from app.rules.money import Currency
from app.rules.settlement import (
    CREDIT_NOTE,
    PAYMENT,
    JournalLine,
    OpenInvoice,
    Params,
    SettlementPreview,
    plan_settlement,
)
from app.rules.terms import parse_terms

EUR = Currency.of("EUR")
D0 = date(2026, 3, 1)
D = Decimal


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def inv(
    total: str = "100.00",
    terms: str = "2% 10, net 30",
    balance: str | None = None,
    number: str = "INV-1",
    on: date = D0,
    discount_taken: str = "0",
) -> OpenInvoice:
    t = parse_terms(terms)
    return OpenInvoice(
        number=number,
        date=on,
        due_date=t.due_date(on),
        total=D(total),
        balance=D(balance if balance is not None else total),
        terms=t,
        discount_taken=D(discount_taken),
    )


def plan(
    money: str,
    invoices: list[OpenInvoice],
    on: date,
    params: Params | None = None,
    **kw: object,
) -> SettlementPreview:
    return plan_settlement(
        source="PAY-1",
        source_kind=PAYMENT,
        available=D(money),
        invoices=invoices,
        on=on,
        params=params or Params(),
        currency=EUR,
        **kw,  # type: ignore[arg-type]
    )


def figures(p: SettlementPreview) -> list[tuple[str, str, str, str, str, str]]:
    """Per application: invoice, amount, discount, writeoff, full settlement, balance after."""
    return [
        (
            a.invoice,
            *(
                EUR.fmt(x)
                for x in (a.amount, a.discount, a.writeoff, a.full_settlement, a.balance_after)
            ),
        )
        for a in p.applications
    ]


def balanced(p: SettlementPreview) -> bool:
    return sum(ln.debit for ln in p.journal) == sum(ln.credit for ln in p.journal)


# ---------------------------------------------------------------- rule 1


def test_rule1_partial_payment_without_discount() -> None:
    p = plan("60.00", [inv(terms="net 30")], day(3))
    assert figures(p) == [("INV-1", "60.00", "0.00", "0.00", "0.00", "40.00")]
    assert p.remaining_credit == 0
    assert "balance now 40.00" in p.explanation
    assert set(p.journal) == {
        JournalLine("customer_advances", D("60.00"), D(0)),
        JournalLine("receivables", D(0), D("60.00")),
    }


# ---------------------------------------------------------------- rule 2


def test_rule2_cash_discount_within_the_period() -> None:
    p = plan("98.00", [inv()], day(8))
    assert figures(p) == [("INV-1", "98.00", "2.00", "0.00", "0.00", "0.00")]
    assert "100.00 × 2 / 100 = 2.00" in p.explanation
    assert "2 % until 2026-03-11" in p.explanation
    assert "invoice settled" in p.explanation
    assert set(p.journal) == {
        JournalLine("customer_advances", D("98.00"), D(0)),
        JournalLine("cash_discount", D("2.00"), D(0)),
        JournalLine("receivables", D(0), D("100.00")),
    }


def test_rule2_last_day_of_the_period_still_discounts() -> None:
    assert figures(plan("98.00", [inv()], day(10)))[0][2] == "2.00"


def test_rule2_day_after_the_period_no_discount() -> None:
    p = plan("98.00", [inv()], day(11))
    assert figures(p) == [("INV-1", "98.00", "0.00", "0.00", "0.00", "2.00")]
    assert "no cash discount" in p.explanation
    assert "ran until 2026-03-11" in p.explanation


def test_rule2_full_payment_late_settles_without_discount() -> None:
    p = plan("100.00", [inv()], day(11))
    assert figures(p) == [("INV-1", "100.00", "0.00", "0.00", "0.00", "0.00")]


def test_rule2_paying_the_full_total_early_with_discount_when_paid_in_full_leaves_credit() -> None:
    """The behaviour of book setting discount_when_paid_in_full = yes (SPEC §9)."""
    p = plan("100.00", [inv()], day(2), Params(discount_when_paid_in_full=True))
    assert figures(p) == [("INV-1", "98.00", "2.00", "0.00", "0.00", "0.00")]
    assert p.remaining_credit == D("2.00")


# ---------------------------------------------------------------- rule 3


def test_rule3_discount_on_a_partial_payment() -> None:
    p = plan("49.00", [inv()], day(5))
    assert figures(p) == [("INV-1", "49.00", "1.00", "0.00", "0.00", "50.00")]
    assert "49.00 × 2 / 98 = 1.00" in p.explanation
    assert "partial-payment discount" in p.explanation
    assert "2 % until 2026-03-11" in p.explanation


def test_rule3_discount_comes_from_the_money_even_when_the_full_balance_is_targeted() -> None:
    # The proposal targets the whole balance; the discount follows the money.
    by_default = plan("49.00", [inv()], day(5))
    by_amount = plan("49.00", [inv()], day(5), amounts={"INV-1": D("49.00")})
    full_balance = plan("49.00", [inv()], day(5), amounts={"INV-1": D("100.00")})
    assert figures(by_default) == figures(by_amount) == figures(full_balance)
    assert by_default.discount == D("1.00")


def test_rule3_parameter_off_no_discount_on_partial_payment() -> None:
    p = plan("49.00", [inv()], day(5), Params(discount_on_partial_payments=False))
    assert figures(p) == [("INV-1", "49.00", "0.00", "0.00", "0.00", "51.00")]
    assert "no cash discount on a partial payment" in p.explanation


def test_rule3_parameter_off_full_payment_still_discounts() -> None:
    p = plan("98.00", [inv()], day(5), Params(discount_on_partial_payments=False))
    assert figures(p)[0][2] == "2.00"


def test_rule3_second_partial_payment_completes_within_the_cap() -> None:
    first = plan("49.00", [inv()], day(3))
    second = plan("49.00", [inv(balance="50.00", discount_taken="1.00")], day(5))
    assert figures(second) == [("INV-1", "49.00", "1.00", "0.00", "0.00", "0.00")]
    assert first.discount + second.discount == D("2.00")


def test_rule3_discounts_never_exceed_total_times_percent() -> None:
    # 2.00 already taken on a 100.00 invoice at 2 %: no room for more.
    p = plan("58.80", [inv(balance="60.00", discount_taken="2.00")], day(5))
    assert figures(p) == [("INV-1", "58.80", "0.00", "0.00", "0.00", "1.20")]
    # 1.50 taken: 0.50 of room; 59.50 is what the customer owes after it.
    p = plan("59.50", [inv(balance="60.00", discount_taken="1.50")], day(5))
    assert p.discount == D("0.50")
    assert figures(p) == [("INV-1", "59.50", "0.50", "0.00", "0.00", "0.00")]


@given(
    total=st.integers(min_value=1, max_value=10**8),
    payments=st.lists(st.integers(min_value=1, max_value=10**8), min_size=1, max_size=6),
    pct=st.sampled_from(["1%", "2%", "2.5%", "3%", "5%", "10%", "33%"]),
    on=st.integers(min_value=0, max_value=10),
)
def test_rule3_cumulative_discount_cap_holds_for_any_sequence(
    total: int, payments: list[int], pct: str, on: int
) -> None:
    terms = f"{pct} 10, net 30"
    t = EUR.from_minor(total)
    cap = EUR.round(t * D(pct[:-1]) / 100)
    bal, taken = t, D(0)
    for money in payments:
        if bal <= 0:
            break
        p = plan(
            str(EUR.from_minor(money)),
            [inv(str(t), terms, str(bal), discount_taken=str(taken))],
            day(on),
        )
        a = p.applications[0]
        assert a.amount <= EUR.from_minor(money)
        assert a.discount >= 0
        bal -= a.settles
        taken += a.discount
        assert 0 <= bal <= t
        assert taken <= cap
        assert balanced(p)


# ---------------------------------------------------------------- rule 5


def test_rule5_underpayment_within_tolerance_is_written_off() -> None:
    p = plan("999.90", [inv("1000.00", "net 30")], day(3), Params(max_underpayment=D("0.50")))
    assert figures(p) == [("INV-1", "999.90", "0.00", "0.10", "0.00", "0.00")]
    assert "underpayment 0.10 ≤ maximum 0.50, written off" in p.explanation
    assert JournalLine("over_underpayment", D("0.10"), D(0)) in p.journal


def test_rule5_underpayment_beyond_tolerance_stays_open() -> None:
    p = plan("999.00", [inv("1000.00", "net 30")], day(3), Params(max_underpayment=D("0.50")))
    assert figures(p) == [("INV-1", "999.00", "0.00", "0.00", "0.00", "1.00")]


def test_rule5_underpayment_with_discount_within_tolerance() -> None:
    # 2 % of 1,000.00 = 20.00; 979.70 leaves 0.30, within 0.50.
    p = plan("979.70", [inv("1000.00")], day(3), Params(max_underpayment=D("0.50")))
    assert figures(p) == [("INV-1", "979.70", "20.00", "0.30", "0.00", "0.00")]


def test_rule5_overpayment_within_tolerance_is_written_off() -> None:
    p = plan("1000.30", [inv("1000.00", "net 30")], day(3), Params(max_overpayment=D("0.50")))
    assert figures(p) == [("INV-1", "1000.30", "0.00", "-0.30", "0.00", "0.00")]
    assert p.remaining_credit == 0
    assert "overpayment 0.30 ≤ maximum 0.50, written off" in p.explanation
    assert JournalLine("over_underpayment", D(0), D("0.30")) in p.journal
    assert balanced(p)


def test_rule5_larger_overpayment_stays_customer_credit() -> None:
    p = plan("1001.00", [inv("1000.00", "net 30")], day(3), Params(max_overpayment=D("0.50")))
    assert figures(p) == [("INV-1", "1000.00", "0.00", "0.00", "0.00", "0.00")]
    assert p.remaining_credit == D("1.00")


def test_rule5_overpayment_is_not_written_off_when_the_bookkeeper_caps_the_amount() -> None:
    p = plan(
        "1000.30",
        [inv("1000.00", "net 30")],
        day(3),
        Params(max_overpayment=D("0.50")),
        cap=D("1000.00"),
    )
    assert figures(p)[0][3] == "0.00"
    assert p.remaining_credit == D("0.30")


# ---------------------------------------------------------------- rule 6


def test_rule6_full_settlement_waives_the_rest_as_cash_discount() -> None:
    p = plan("990.00", [inv("1000.00", "net 30")], day(3), full_settlement=True)
    assert figures(p) == [("INV-1", "990.00", "0.00", "0.00", "10.00", "0.00")]
    assert "full settlement: the remaining 10.00 is waived" in p.explanation
    assert p.discount == D("10.00")
    assert JournalLine("cash_discount", D("10.00"), D(0)) in p.journal
    assert balanced(p)


def test_rule6_full_settlement_not_allowed() -> None:
    with pytest.raises(UserError, match="Full settlement is not allowed"):
        plan(
            "990.00",
            [inv("1000.00", "net 30")],
            day(3),
            Params(full_settlement_allowed=False),
            full_settlement=True,
        )


# ---------------------------------------------------------------- rule 7


def test_rule7_one_payment_several_invoices_in_the_given_order() -> None:
    a = inv("100.00", "net 30", number="INV-A")
    b = inv("50.00", "net 30", number="INV-B")
    p = plan("120.00", [a, b], day(3))
    assert figures(p) == [
        ("INV-A", "100.00", "0.00", "0.00", "0.00", "0.00"),
        ("INV-B", "20.00", "0.00", "0.00", "0.00", "30.00"),
    ]
    assert p.applied == D("120.00")
    assert balanced(p)


def test_rule7_money_left_after_all_invoices_is_credit() -> None:
    a = inv("100.00", "net 30", number="INV-A")
    b = inv("50.00", "net 30", number="INV-B")
    p = plan("200.00", [a, b], day(3))
    assert p.applied == D("150.00")
    assert p.remaining_credit == D("50.00")


def test_rule7_tier_in_force_on_the_payment_date() -> None:
    terms = "2% 5, 1% 14, net 30"
    first = plan("294.00", [inv("1000.00", terms)], day(3))
    assert figures(first) == [("INV-1", "294.00", "6.00", "0.00", "0.00", "700.00")]
    assert "294.00 × 2 / 98 = 6.00" in first.explanation
    second = plan("693.00", [inv("1000.00", terms, "700.00", discount_taken="6.00")], day(10))
    assert figures(second) == [("INV-1", "693.00", "7.00", "0.00", "0.00", "0.00")]
    assert "1 % until 2026-03-15" in second.explanation


def test_rule7_amounts_per_invoice() -> None:
    a = inv("100.00", "net 30", number="INV-A")
    b = inv("50.00", "net 30", number="INV-B")
    p = plan("120.00", [a, b], day(3), amounts={"INV-A": D("30.00"), "INV-B": D("50.00")})
    assert [x[:2] for x in figures(p)] == [("INV-A", "30.00"), ("INV-B", "50.00")]
    assert p.remaining_credit == D("40.00")


# ---------------------------------------------------------------- refusals


def test_refuses_more_than_available() -> None:
    with pytest.raises(UserError, match="has only 50.00 left to apply; 60.00 was asked"):
        plan("50.00", [inv()], day(3), cap=D("60.00"))
    with pytest.raises(UserError, match="nothing left to apply"):
        plan("0", [inv()], day(3))
    with pytest.raises(UserError, match="no open invoice"):
        plan("10.00", [inv(balance="0")], day(3))
    with pytest.raises(UserError, match="cannot be negative"):
        plan("10.00", [inv()], day(3), amounts={"INV-1": D("-1")})


# ---------------------------------------------------------------- rule 4 (credit notes)


def cn(credit: str, invoice: OpenInvoice, params: Params | None = None) -> SettlementPreview:
    return plan_credit_note(
        source="CN-1",
        credit=D(credit),
        invoice=invoice,
        on=day(20),
        params=params or Params(),
        currency=EUR,
    )


def test_rule4_credit_reduces_the_open_balance_first() -> None:
    p = cn("30.00", inv())
    assert figures(p) == [("INV-1", "30.00", "0.00", "0.00", "0.00", "70.00")]
    assert p.remaining_credit == 0
    assert p.source_kind == CREDIT_NOTE


def test_rule4_credit_beyond_the_balance_is_owed_to_the_customer() -> None:
    p = cn("100.00", inv(balance="40.00"))
    assert figures(p) == [("INV-1", "40.00", "0.00", "0.00", "0.00", "0.00")]
    assert p.remaining_credit == D("60.00")


def test_rule4_full_credit_after_cash_discount_reverses_the_discount() -> None:
    p = cn("100.00", inv(balance="0", discount_taken="2.00"))
    assert figures(p) == [("INV-1", "2.00", "-2.00", "0.00", "0.00", "0.00")]
    assert p.remaining_credit == D("98.00")
    assert "settles -98.00 and reverses -2.00 of cash discount" in p.explanation
    assert "owed 98.00, not 100.00" in p.explanation
    assert balanced(p)


def test_rule4_partial_return_pro_rata() -> None:
    p = cn("50.00", inv(balance="0", discount_taken="2.00"))
    assert figures(p) == [("INV-1", "1.00", "-1.00", "0.00", "0.00", "0.00")]
    assert p.remaining_credit == D("49.00")


def test_rule4_parameter_off_no_discount_reversal() -> None:
    p = cn(
        "100.00", inv(balance="0", discount_taken="2.00"), Params(discount_on_credit_notes=False)
    )
    assert p.applications == ()
    assert p.remaining_credit == D("100.00")


def test_rule4_partly_paid_with_discount_then_fully_credited() -> None:
    # 49.00 paid + 1.00 discount; crediting all 100.00 gives back the 49.00 paid.
    p = cn("100.00", inv(balance="50.00", discount_taken="1.00"))
    assert figures(p) == [("INV-1", "51.00", "-1.00", "0.00", "0.00", "0.00")]
    assert p.remaining_credit == D("49.00")


@given(
    total=st.integers(min_value=1, max_value=10**7),
    paid=st.integers(min_value=0, max_value=10**7),
    taken=st.integers(min_value=0, max_value=500),
    money=st.integers(min_value=1, max_value=2 * 10**7),
    pct=st.sampled_from(["1%", "2%", "2.5%", "10%"]),
    on=st.integers(min_value=0, max_value=40),
    tolerance=st.sampled_from(["0", "0.05", "1.00"]),
    partial=st.booleans(),
    in_full=st.booleans(),
    cap=st.sampled_from([None, "0.5", "1"]),
)
def test_one_invoice_is_planned_as_one_of_several(
    total: int,
    paid: int,
    taken: int,
    money: int,
    pct: str,
    on: int,
    tolerance: str,
    partial: bool,
    in_full: bool,
    cap: str | None,
) -> None:
    """A pool given one invoice pays its discount back as it goes (plan_settlement's
    `alone`); the same pool given that invoice and one with nothing left to settle
    takes the general way, money left over paying discounts back after: the same plan."""
    t = EUR.from_minor(total)
    bal = t - min(EUR.from_minor(paid), t)
    if bal <= 0:
        bal = t
    one = inv(str(t), f"{pct} 10, net 30", str(bal), discount_taken=str(EUR.from_minor(taken)))
    settled = inv("10.00", "net 30", "0.00", number="INV-0")
    params = Params(
        discount_on_partial_payments=partial,
        max_underpayment=D(tolerance),
        max_overpayment=D(tolerance),
        discount_when_paid_in_full=in_full,
    )
    available = EUR.from_minor(money)
    kw = {} if cap is None else {"cap": EUR.round(available * D(cap))}
    alone = plan(str(available), [one], day(on), params, **kw)
    general = plan(str(available), [one, settled], day(on), params, **kw)
    assert alone == general
