"""Regression tests for defects a spec review reproduced (each failed before
its fix). Numbers are the reviewer's reproductions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.errors import UserError
from app.read import queries
from app.read.check import check_book
from app.rules.money import Currency
from app.services import corrections, documents, drafts, invoices, orders, settlements
from models.tables import UnbilledItem
from tests.builders import (
    balance,
    credit_note,
    day,
    dump_book,
    fresh,
    make_invoice,
    make_order,
    pay,
    set_params,
    settle,
    unapplied,
)

pytestmark = pytest.mark.usefixtures("book")


def test_a_prepayment_settles_on_the_invoice_date_not_before() -> None:
    # 98.00: the customer deducted the discount (500.00 would cover the whole
    # balance and settle it at full value, SPEC §9).
    p = pay("98.00", on=day(-28))
    inv = make_invoice("100.00", on=day(0))
    (row,) = settle(p, inv)
    assert row.date == day(0)  # the invoice did not exist on the payment's date
    settled = documents.get_invoice(inv.number)
    assert (settled.settled, settled.discount_taken) == (10000, 200)  # 2 % tier on day 0


def test_a_full_settlement_waiver_is_reversed_by_a_full_credit_note() -> None:
    inv = make_invoice("1000.00", terms="net 30")
    p = pay("990.00", on=day(19))
    settle(p, inv, full_settlement=True)
    cn = credit_note(inv, "1000.00", on=day(24))
    assert queries.show_customer("C1")["credit"] == "990.00"  # what was paid, not 1000
    assert fresh(cn).total - fresh(cn).settled == -99000
    assert check_book().ok


def test_unsettling_a_discount_a_credit_note_reversed_is_refused() -> None:
    inv = make_invoice("100.00")
    make_invoice("100.00", on=day(1))
    p = pay("98.00", on=day(4))
    (row,) = settle(p, inv)
    cn = credit_note(inv, "100.00", on=day(5))
    before = dump_book()
    with pytest.raises(UserError, match="reversed the cash discount"):
        settlements.unsettle(row.id)
    netting = fresh(cn).applied_settlements.get()
    with pytest.raises(UserError, match="part of the credit note"):
        settlements.unsettle(netting.id)
    assert dump_book() == before


def test_no_underpayment_write_off_while_the_payment_still_has_money() -> None:
    set_params(max_underpayment="0.50")
    a = make_invoice("1000.00", terms="net 30")
    b = make_invoice("1000.00", terms="net 30")
    p = pay("2000.00", on=day(2))
    settle(p, a, amount="999.60")
    settle(p, b, amounts={b.number: "999.70"})
    assert (balance(a), balance(b)) == (Decimal("0.40"), Decimal("0.30"))
    # Applying the rest closes both without any write-off.
    settle(p, a, b)
    assert (balance(a), balance(b), unapplied(p)) == (0, 0, 0)


def test_capping_at_the_whole_payment_still_writes_off_a_small_overpayment() -> None:
    set_params(max_overpayment="0.50")
    inv = make_invoice("100.00", terms="net 30")
    p = pay("100.30", on=day(2))
    (row,) = settle(p, inv, amount="100.30")
    assert (row.amount, row.writeoff) == (10030, -30)


def test_correcting_a_correction_upward_uses_up_the_unbilled_hours() -> None:
    inv = make_invoice(None, lines=[("Hours", "8", "50.00")], terms="net 30")
    ci1 = corrections.correct(inv.number, day(1), {1: Decimal("6")})
    corrections.correct(ci1.number, day(2), {2: Decimal("7")})
    open_items = list(UnbilledItem.select().where(UnbilledItem.status == "open"))
    assert [(i.quantity, i.amount) for i in open_items] == [(1000, 5000)]  # 1 h left, not 2
    assert check_book().ok  # the unbilled account equals the open items


def test_a_draft_cannot_be_posted_to_a_cancelled_order() -> None:
    o = make_order()
    pay("100.00", order=o)
    draft = orders.invoice_order(o.number, day(1), amount=Decimal("100.00"), draft=True)
    orders.cancel_order(o.number, day(2))
    before = dump_book()
    with pytest.raises(UserError, match="cancelled"):
        drafts.post_invoice(draft.number)
    assert dump_book() == before


def test_the_last_part_of_a_line_credit_takes_the_remainder() -> None:
    inv = make_invoice(None, lines=[("Hours", "1.5", "0.33")], terms="net 30")
    for n in range(3):
        credit_note(inv, lines={1: "0.5"}, on=day(n + 1))
    assert balance(inv) == 0  # 0.17 + 0.17 + 0.16 = 0.50


def test_credit_note_json_keeps_balance_equal_total_minus_settled() -> None:
    inv = make_invoice("200.00")
    settle(pay("196.00", on=day(5)), inv)
    cn = credit_note(inv, "200.00", on=day(6))
    shown = queries.show_invoice(cn.number)
    total, settled, bal = (Decimal(shown[k]) for k in ("total", "settled", "balance"))
    assert total - settled == bal == Decimal("-196.00")


def test_ambiguous_amounts_in_zero_and_three_decimal_currencies() -> None:
    with pytest.raises(UserError, match="Write 1234[.]"):
        Currency.of("JPY").parse("1,234")
    with pytest.raises(UserError, match="ambiguous"):
        Currency.of("KWD").parse("1,234")


def test_lines_can_be_added_to_an_order_invoiced_past_its_total() -> None:
    o = make_order()
    orders.invoice_order(o.number, day(1), amount=Decimal("400.00"))
    orders.change_order(
        o.number, day(2), add_lines=[invoices.LineInput("Extra", Decimal(1), Decimal("50.00"))]
    )
    assert fresh(o).total == 35000
