"""Issue 9, item 1: a chain of corrections ends where one correction would (SPEC §5.4, §9)."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.read import queries
from app.read.check import check_book
from app.services import corrections, drafts
from tests.builders import (
    BookHandle,
    D,
    account_balance,
    balance,
    day,
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


def eight_hours():  # type: ignore[no-untyped-def]
    return make_invoice(lines=[("Hours", "8", "50.00")], terms="2% 10, net 30")


def customer() -> dict[str, str]:
    return queries.show_customer("C1")


def test_paid_chain_8_10_4_reverses_the_discount_of_every_invoice_relieved() -> None:
    inv = eight_hours()
    settle(pay("392.00", on=day(2)), inv)
    assert fresh(inv).discount_taken == 800
    ci = corrections.correct(inv.number, day(3), {1: D("10")})
    assert fresh(ci).total == 10000
    settle(pay("98.00", on=day(4)), ci)
    assert fresh(ci).discount_taken == 200
    ci2 = corrections.correct(ci.number, day(5), {1: D("4")})
    assert fresh(ci2).total == -30000
    # One invoice of 10 h paid 490 + 10 discount, corrected to 4 h, owes the customer 294.00.
    assert customer()["credit"] == "294.00"
    assert customer()["open_balance"] == "0.00"
    # Discount reversed pro rata per invoice relieved: 2.00 on the corrective, 4.00 on the original.
    assert fresh(ci).discount_taken == 0
    assert fresh(inv).discount_taken == 400
    assert account_balance("cash_discount") == D("4.00")
    shown = queries.show_invoice(ci2.number)
    # Each row reads as SPEC §9 reads a credit note on a paid invoice: what it hands back.
    assert [(s["invoice"], s["amount"], s["discount"]) for s in shown["settlements"]] == [
        (ci.number, "-98.00", "-2.00"),
        (inv.number, "-196.00", "-4.00"),
    ]


def test_unpaid_chain_8_10_4_leaves_the_original_open_for_200() -> None:
    inv = eight_hours()
    ci = corrections.correct(inv.number, day(3), {1: D("10")})
    corrections.correct(ci.number, day(5), {1: D("4")})
    # Newest first: the corrective's 100.00, then 200.00 of the original; no credit.
    assert balance(ci) == 0
    assert balance(inv) == D("200.00")
    assert customer()["open_balance"] == "200.00"
    assert customer()["credit"] == "0.00"


def test_chain_ends_where_one_correction_would(book: BookHandle) -> None:
    inv = eight_hours()
    settle(pay("392.00", on=day(2)), inv)
    ci = corrections.correct(inv.number, day(3), {1: D("4")})
    assert customer()["credit"] == "196.00"
    corrections.correct(ci.number, day(4), {1: D("6")})
    # One correction 8 h -> 6 h: 100.00 credited, 2.00 of the 8.00 discount reversed.
    assert customer()["credit"] == "98.00"
    assert customer()["open_balance"] == "0.00"
    assert account_balance("cash_discount") == D("6.00")
    assert account_balance("unbilled") == D("100.00")


def test_corrected_by_shows_the_chain_from_behind() -> None:
    inv = eight_hours()
    ci = corrections.correct(inv.number, day(3), {1: D("10")})
    ci2 = corrections.correct(ci.number, day(4), {1: D("9")})
    assert queries.show_invoice(inv.number)["corrected_by"] == [ci.number]
    assert queries.show_invoice(ci.number)["corrected_by"] == [ci2.number]
    assert queries.show_invoice(ci2.number)["corrected_by"] == []


def test_corrective_lines_are_addressed_by_the_numbers_shown() -> None:
    inv = eight_hours()
    ci = corrections.correct(inv.number, day(3), {1: D("10")})
    shown = queries.show_invoice(ci.number)["lines"]
    assert [(ln["line"], ln["description"]) for ln in shown] == [
        (1, "Reversal: Hours"),
        (2, "Hours"),
    ]
    # Line 1 as shown is the line the correction billed 10 h on.
    ci2 = corrections.correct(ci.number, day(4), {1: D("7")})
    assert fresh(ci2).total == -15000
    with pytest.raises(UserError, match="are the same line"):
        corrections.preview_correction(ci2.number, {1: D("1"), 2: D("2")})


def test_draft_correction_is_kept_edited_and_posted() -> None:

    inv = eight_hours()
    draft = corrections.correct(inv.number, day(3), {1: D("6")}, draft=True)
    assert fresh(draft).status == "draft"
    assert fresh(inv).status != "corrected"
    assert balance(inv) == D("400.00")
    corrections.edit_correction(draft.number, {1: D("5")}, on=day(4))
    ci = drafts.post_invoice(draft.number)
    assert fresh(ci).total == -15000
    assert fresh(ci).date == day(4)
    assert balance(inv) == D("250.00")
