"""SPEC §5: corrective invoices, unbilled items and correction chains."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.read import queries
from app.read.check import check_book
from app.services import correction_plan, corrections
from tests.builders import (
    BookHandle,
    D,
    account_balance,
    balance,
    credit_note,
    day,
    dump_book,
    fresh,
    make_invoice,
    pay,
    settle,
)


@pytest.fixture(autouse=True)
def _book_is_consistent_after_each_test(book: BookHandle):  # type: ignore[no-untyped-def]
    yield
    report = check_book()
    assert report.ok, report.problems


def hours_invoice():  # type: ignore[no-untyped-def]
    return make_invoice(lines=[("Hours", "8", "50.00"), ("Travel", "1", "30.00")], terms="net 30")


def test_draft_lists_every_line_with_new_quantity_zero() -> None:
    inv = hours_invoice()
    draft = corrections.start_correction(inv.number, day(2))
    assert draft.status == "draft"
    assert draft.kind == "corrective"
    quantities, removed = corrections.draft_quantities(draft)
    assert quantities == {1: D("0.000"), 2: D("0.000")}
    assert removed == []
    preview = corrections.preview_correction(inv.number)
    assert [(ln.seq, ln.original_quantity, ln.new_quantity) for ln in preview.lines] == [
        (1, D("8.000"), D("0.000")),
        (2, D("1.000"), D("0.000")),
    ]
    assert preview.total == D("-430.00")  # the assumption is a full reversal
    # Starting again gives back the same draft.
    assert corrections.start_correction(inv.number, day(2)).id == draft.id


def test_spec_example_8_hours_corrected_to_6() -> None:
    inv = hours_invoice()
    draft = corrections.start_correction(inv.number, day(2))
    corrections.edit_correction(draft.number, {1: D("6")}, remove=[2])
    ci = corrections.confirm_correction(draft.number)
    shown = queries.show_invoice(ci.number)
    assert shown["kind"] == "corrective"
    assert shown["corrects"] == inv.number
    assert shown["total"] == "-100.00"
    assert [(ln["description"], ln["quantity"], ln["amount"]) for ln in shown["lines"]] == [
        ("Reversal: Hours", "-8", "-400.00"),
        ("Hours", "6", "300.00"),
    ]
    assert [
        (u["description"], u["quantity"], u["amount"], u["status"]) for u in shown["unbilled"]
    ] == [("Hours", "2", "100.00", "open")]
    assert fresh(inv).status == "corrected"
    # The chain nets −100.00: the original is open for 330.00 now.
    assert balance(inv) == D("330.00")
    assert [i.number for i in correction_plan.chain(fresh(ci))] == [inv.number, ci.number]
    assert account_balance("unbilled") == D("100.00")


def test_paid_original_reduction_becomes_customer_credit() -> None:
    inv = hours_invoice()
    settle(pay("430.00", on=day(1)), inv)
    ci = corrections.correct(inv.number, day(3), {1: D("6")}, remove=[2])
    assert balance(ci) == D("-100.00")
    assert queries.show_customer("C1")["credit"] == "100.00"
    assert queries.show_customer("C1")["open_balance"] == "0.00"


def test_increase_is_a_new_amount_due_and_can_be_corrected_again() -> None:
    inv = hours_invoice()
    ci = corrections.correct(inv.number, day(3), {1: D("10")}, remove=[2])
    assert fresh(ci).total == 10000
    assert balance(ci) == D("100.00")
    assert fresh(ci).due_date == day(33)
    assert queries.show_customer("C1")["open_balance"] == "530.00"
    ci2 = corrections.correct(ci.number, day(4), {2: D("9")})
    assert [i.number for i in correction_plan.chain(fresh(ci2))] == [
        inv.number,
        ci.number,
        ci2.number,
    ]
    with pytest.raises(UserError, match=f"already corrected by {ci.number}"):
        corrections.start_correction(inv.number, day(5))


def test_unbilled_item_billed_later_or_not_chargeable() -> None:
    inv = make_invoice(lines=[("Hours", "8", "50.00")], terms="net 30")
    ci = corrections.correct(inv.number, day(3), {1: D("6")})
    [item] = queries.show_invoice(ci.number)["unbilled"]
    billed = corrections.bill_unbilled(item["id"], day(10))
    assert fresh(billed).total == 10000
    assert account_balance("unbilled") == 0
    with pytest.raises(UserError, match="already billed"):
        corrections.write_off_unbilled(item["id"], day(11))
    inv2 = make_invoice(lines=[("Kilos", "5", "2.00")], terms="net 30")
    ci2 = corrections.correct(inv2.number, day(3), {1: D("4.5")})
    [item2] = queries.show_invoice(ci2.number)["unbilled"]
    assert item2["quantity"] == "0.5"
    corrections.write_off_unbilled(item2["id"], day(4))
    assert account_balance("unbilled") == 0


def test_refusals_change_nothing() -> None:
    inv = hours_invoice()
    draft = corrections.start_correction(inv.number, day(2))
    cases = [
        (
            lambda: corrections.edit_correction(draft.number, {5: D("1")}),
            f"Invoice {inv.number} has no line 5",
        ),
        (lambda: corrections.edit_correction(draft.number, {1: D("-1")}), "cannot be negative"),
        (lambda: corrections.edit_correction(draft.number, {}, remove=[1, 2]), "at least one line"),
        (lambda: corrections.start_correction(inv.number, day(-1)), "before invoice"),
    ]
    for action, words in cases:
        before = dump_book()
        with pytest.raises(UserError, match=words):
            action()
        assert dump_book() == before


def test_credited_invoice_is_not_corrected_and_corrected_one_not_credited() -> None:
    a = hours_invoice()
    credit_note(a, amount="10.00", on=day(1))
    with pytest.raises(UserError, match="already has credit note"):
        corrections.start_correction(a.number, day(2))
    b = make_invoice(lines=[("Hours", "2", "50.00")], terms="net 30")
    ci = corrections.correct(b.number, day(2), {1: D("1")})
    with pytest.raises(UserError, match=f"corrected by {ci.number}"):
        credit_note(b, amount="10.00", on=day(3))
