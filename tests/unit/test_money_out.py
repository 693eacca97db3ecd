"""Issue 9, items 3 and 7, through the services: one payment for several
orders, and money going back out (payout of a refund), with the issue's numbers."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.read.check import check_book
from app.read.panes import money_out
from app.read.queries import show_invoice, show_order, show_payment
from app.rules.order_money import split_payment
from app.rules.settlement import ADVANCES, BANK, REFUNDS_PAYABLE
from app.services import corrections, order_payments, payments, payouts, refunds
from tests.builders import (
    D,
    account_balance,
    credit_note,
    day,
    dump_book,
    fresh,
    make_invoice,
    make_order,
    pay,
    settle,
    unapplied,
)

pytestmark = pytest.mark.usefixtures("book")


def two_orders() -> tuple[str, str]:
    """The issue's orders: SO-000001 of 100.00 and SO-000002 of 200.00."""
    a = make_order([("Shirt", "1", "100.00")])
    b = make_order([("Coat", "1", "200.00")])
    return a.number, b.number


def refused(action: object, match: str) -> None:
    before = dump_book()
    with pytest.raises(UserError, match=match):
        action()  # type: ignore[operator]
    assert dump_book() == before


# ---------------------------------------------------------------- item 3: the rule, pure


def test_split_rule_parts_and_rest() -> None:
    parts = split_payment(30000, [("A", 10000), ("B", 15000)], {"A": 10000, "B": 20000}, None, str)
    assert [(p.order, p.amount) for p in parts] == [("A", 10000), ("B", 15000), (None, 5000)]


def test_split_rule_refusals() -> None:
    needs = {"A": 10000, "B": 20000}
    with pytest.raises(UserError, match="add up to 350, more than the payment of 300"):
        split_payment(300, [("A", 100), ("B", 250)], {"A": 500, "B": 500}, None, str)
    with pytest.raises(UserError, match="named alone only"):
        split_payment(30000, [("A", None), ("B", None)], needs, None, str)
    with pytest.raises(UserError, match="named twice"):
        split_payment(30000, [("A", 100), ("A", 100)], needs, None, str)
    with pytest.raises(UserError, match="still needs 20000; 25000 was given"):
        split_payment(30000, [("B", 25000)], needs, None, str)
    parts = split_payment(30000, [("B", 25000)], needs, "credit", str)
    assert [(p.order, p.amount) for p in parts] == [("B", 20000), (None, 10000)]


# ---------------------------------------------------------------- item 3: the services


def test_issue_case_300_for_two_orders_is_split() -> None:
    """`--order SO-000001=100 --order SO-000002=150` of 300.00: 100 + 150 on the
    orders, 50.00 plain customer money; nothing is booked to the wrong order."""
    a, b = two_orders()
    parts = order_payments.receive_payment(
        "C1", day(2), D("300.00"), [(a, D("100.00")), (b, D("150.00"))], reference="TRF 9"
    )
    assert [(p.order.number if p.order_id else None, p.amount) for p in parts] == [
        (a, 10000),
        (b, 15000),
        (None, 5000),
    ]
    head = parts[0]
    assert [fresh(p).split_of_id for p in parts] == [None, head.id, head.id]
    assert show_order(a)["paid"] == "100.00"
    assert show_order(b)["paid"] == "150.00"
    assert unapplied(parts[2]) == D("50.00")
    assert account_balance(BANK) == D("300.00")
    assert account_balance(ADVANCES) == D("-300.00")
    shown = show_payment(parts[1].number)
    assert shown["split_of"] == head.number
    assert [(x["number"], x["order"], x["amount"]) for x in shown["parts"]] == [
        (head.number, a, "100.00"),
        (parts[1].number, b, "150.00"),
        (parts[2].number, None, "50.00"),
    ]
    assert show_payment(head.number)["split_of"] is None
    assert check_book().ok


def test_split_part_pays_the_orders_open_invoice() -> None:
    a, b = two_orders()
    inv = make_invoice("100.00", order=a)
    order_payments.receive_payment("C1", day(3), D("180.00"), [(a, D("100.00")), (b, D("80.00"))])
    assert fresh(inv).settled == 10000
    assert show_order(b)["paid"] == "80.00"


def test_split_refusals_change_nothing() -> None:
    a, b = two_orders()
    refused(
        lambda: order_payments.receive_payment("C1", day(2), D("300.00"), [(a, None), (b, None)]),
        "named alone only",
    )
    refused(
        lambda: order_payments.receive_payment(
            "C1", day(2), D("300.00"), [(a, D("100.00")), (b, D("250.00"))]
        ),
        "add up to 350.00, more than the payment of 300.00",
    )
    # Issue 9: 300 on the 200 order was booked to it whole; now it is refused.
    refused(
        lambda: payments.create_payment("C1", day(2), D("300.00"), order=b),
        "Order SO-000002 still needs 200.00; 300.00 was given for it",
    )
    refused(
        lambda: order_payments.receive_payment("C1", day(2), D("300.00"), [(a, D("150.00"))]),
        "Order SO-000001 still needs 100.00",
    )


def test_excess_credit_keeps_the_excess_as_customer_credit() -> None:
    _a, b = two_orders()
    first = payments.create_payment("C1", day(2), D("300.00"), order=b, excess="credit")
    assert first.amount == 20000 and first.order_id is not None
    shown = show_payment(first.number)
    assert [(x["order"], x["amount"]) for x in shown["parts"]] == [(b, "200.00"), (None, "100.00")]
    assert show_order(b)["paid"] == "200.00"
    # The order needs nothing more: a further payment on it is all excess.
    refused(
        lambda: payments.create_payment("C1", day(3), D("0.01"), order=b),
        "still needs 0.00",
    )


def test_the_need_counts_invoices_paid_otherwise_and_unapplied_order_money() -> None:
    a, _b = two_orders()
    inv = make_invoice("60.00", order=a, terms="net 30")  # 60 invoiced, 40 not yet
    settle(pay("10.00"), inv)  # 10 of it paid with plain money
    pay("20.00", order=a)  # 20 of order money applied to the invoice
    assert order_payments.order_need(fresh(inv).order) == 7000
    preview = order_payments.preview_payment("C1", D("100.00"), [(a, D("100.00"))], "credit")
    assert [(p.order, p.amount, p.asked, p.need) for p in preview.parts] == [
        (a, D("70.00"), D("100.00"), D("70.00")),
        (None, D("30.00"), D("0.00"), D("0.00")),
    ]
    assert "30.00 stays as customer credit" in preview.explanation


def test_a_bare_order_payment_works_as_before() -> None:
    a, _ = two_orders()
    p = pay("100.00", order=a)
    assert fresh(p).order_id is not None and fresh(p).split_of_id is None
    assert show_payment(p.number)["parts"] == []


# ---------------------------------------------------------------- item 7: payout


def _refund_of_credit() -> tuple[str, str]:
    """A 150.00 payment on a 100.00 invoice: 50.00 credit, refunded."""
    inv = make_invoice("100.00", terms="net 30")
    p = pay("150.00", on=day(1))
    settle(p, inv)
    ref = refunds.refund_credit(p.number, day(5))
    return p.number, ref.number


def test_payout_clears_refunds_payable_against_the_bank() -> None:
    pay_no, ref_no = _refund_of_credit()
    assert account_balance(REFUNDS_PAYABLE) == D("-50.00")
    preview = payouts.preview_payout(ref_no, day(6))
    assert preview.amount == D("50.00")
    assert [(x.account, x.debit, x.credit) for x in preview.journal] == [
        (REFUNDS_PAYABLE, D("50.00"), D("0")),
        (BANK, D("0"), D("50.00")),
    ]
    ref = payouts.pay_refund(ref_no, day(6), "TRF 77")
    assert ref.paid_on == day(6) and ref.paid_reference == "TRF 77"
    assert account_balance(REFUNDS_PAYABLE) == D("0.00")
    assert account_balance(BANK) == D("100.00")  # 150 in, 50 out
    listed = show_payment(pay_no)["refunds"]
    assert listed == [
        {
            "number": ref_no,
            "amount": "50.00",
            "date": day(5).isoformat(),
            "paid": True,
            "paid_on": day(6).isoformat(),
            "paid_reference": "TRF 77",
            "payouts_taken_back": [],
        }
    ]
    entry = show_payment(pay_no)["journal"][-2:]
    assert {(x["account"], x["debit"], x["credit"]) for x in entry} == {
        ("refunds_payable", "50.00", "0.00"),
        ("bank", "0.00", "50.00"),
    }
    assert check_book().ok


def test_payout_refusals() -> None:
    _, ref_no = _refund_of_credit()
    refused(lambda: payouts.pay_refund("REF-999999", day(6)), 'no refund numbered "REF-999999"')
    refused(lambda: payouts.pay_refund(ref_no, day(4)), "before refund")
    payouts.pay_refund(ref_no, day(6))
    refused(lambda: payouts.pay_refund(ref_no, day(7)), "already paid out on")


def test_payout_of_a_credit_notes_refund_is_listed_on_the_credit_note() -> None:
    inv = make_invoice("100.00", terms="net 30")
    settle(pay("100.00"), inv)
    cn = credit_note(inv, "40.00", on=day(2))
    ref = refunds.refund_credit(cn.number, day(3))
    assert show_invoice(cn.number)["refunds"][0]["paid"] is False
    payouts.pay_refund(ref.number, day(4), "cheque 12")
    shown = show_invoice(cn.number)
    assert shown["refunds"][0]["paid_on"] == day(4).isoformat()
    assert ("refunds_payable", "40.00", "0.00") in {
        (x["account"], x["debit"], x["credit"]) for x in shown["journal"]
    }
    assert account_balance(REFUNDS_PAYABLE) == D("0.00")


def test_an_order_changes_refund_can_be_paid_out() -> None:
    o = make_order([("Widget", "3", "100.00")])
    pay("300.00", order=o)
    from app.services import orders

    orders.change_order(o.number, day(2), discount=D("50.00"))
    (ref,) = show_order(o.number)["refunds"]
    assert ref["amount"] == "50.00" and ref["paid"] is False
    payouts.pay_refund(ref["number"], day(3))
    assert show_order(o.number)["refunds"][0]["paid"] is True
    assert check_book().ok


def test_check_names_refunds_payable_that_differs_from_unpaid_refunds() -> None:
    _, ref_no = _refund_of_credit()
    from models.tables import Refund

    Refund.update(paid_on=day(9)).where(Refund.number == ref_no).execute()  # behind its back
    report = check_book()
    assert not report.ok
    assert any("Refunds payable (50.00) differs" in p for p in report.problems)


def test_unbilled_items_are_billed_or_written_off_by_the_services_the_window_calls() -> None:
    inv = make_invoice(lines=[("Hours", "8", "50.00")], terms="net 30")
    corrections.correct(inv.number, day(2), {1: D("6")})
    (item,) = money_out.open_unbilled("C1")
    assert (item.description, item.quantity, item.amount) == ("Hours", D("2"), D("100.00"))
    before = dump_book()
    bill = money_out.preview_unbilled(item.id, day(3), bill=True)
    off = money_out.preview_unbilled(item.id, day(3), bill=False)
    assert dump_book() == before  # previews roll back
    assert bill.amount == D("100.00") and bill.document.startswith("INV-")
    assert ("receivables", D("100.00"), D("0")) in {
        (x.account, x.debit, x.credit) for x in bill.journal
    }
    assert {(x.account, x.debit, x.credit) for x in off.journal} == {
        ("sales", D("100.00"), D("0")),
        ("unbilled", D("0"), D("100.00")),
    }
    billed = corrections.bill_unbilled(item.id, day(3))
    assert billed.number == bill.document and billed.total == 10000
    assert money_out.open_unbilled() == []


def test_refund_preview_and_unpaid_refunds_list() -> None:
    inv = make_invoice("100.00", terms="net 30")
    p = pay("130.00", on=day(1))
    settle(p, inv)
    before = dump_book()
    preview = money_out.preview_refund(p.number, day(4))
    assert dump_book() == before
    assert preview.amount == D("30.00")
    assert {(x.account, x.debit, x.credit) for x in preview.journal} == {
        ("customer_advances", D("30.00"), D("0")),
        ("refunds_payable", D("0"), D("30.00")),
    }
    with pytest.raises(UserError, match="only 30.00 left to refund"):
        money_out.preview_refund(p.number, day(4), D("31.00"))
    ref = refunds.refund_credit(p.number, day(4))
    assert [(r.number, r.source, r.amount) for r in money_out.unpaid_refunds("C1")] == [
        (ref.number, p.number, D("30.00"))
    ]
    assert money_out.preview_payout(ref.number, day(5)).amount == D("30.00")
    payouts.pay_refund(ref.number, day(5))
    assert money_out.unpaid_refunds() == []


def test_the_dialogs_proposal_fills_the_oldest_order_first() -> None:
    from app.rules.order_money import propose

    assert propose(D("250.00"), [D("100.00"), D("200.00"), D("50.00")]) == [
        D("100.00"),
        D("150.00"),
        D("0.00"),
    ]
    a, b = two_orders()
    pay("40.00", order=a)
    needs = money_out.order_needs("C1")
    assert [(n.number, n.need) for n in needs] == [(a, D("60.00")), (b, D("200.00"))]
    assert money_out.propose_split(D("300.00"), needs) == [D("60.00"), D("200.00")]


def test_split_and_payout_replay_the_same_on_this_backend() -> None:
    """`check --replay` (the exchange rows replayed through the services) finds the
    split receipt and the payout as stored, on SQLite and on PostgreSQL."""
    from app.exchange.check_replay import replay_check

    a, b = two_orders()
    parts = order_payments.receive_payment(
        "C1", day(2), D("300.00"), [(a, D("100.00")), (b, D("150.00"))]
    )
    ref = refunds.refund_credit(parts[2].number, day(4), D("30.00"))
    payouts.pay_refund(ref.number, day(5), "TRF 5")
    report = replay_check()
    assert report.differences == []
