"""A refund's payout taken back (payouts.reverse_payout, issue 11): the bank and
refunds payable as before the payout, the refund owed again, refusals change nothing."""

from __future__ import annotations

import pytest

from app.read.check import check_book
from app.rules.settlement import BANK, REFUNDS_PAYABLE
from app.services import payouts
from tests.builders import D, account_balance, day
from tests.unit.test_money_out import _refund_of_credit, refused

pytestmark = pytest.mark.usefixtures("book")


def test_a_reversed_payout_owes_the_refund_again() -> None:
    _pay, ref_no = _refund_of_credit()
    before = (account_balance(BANK), account_balance(REFUNDS_PAYABLE))
    payouts.pay_refund(ref_no, day(6), "TRF 77")
    ref = payouts.reverse_payout(ref_no, day(8), "wrong line")
    assert (ref.paid_on, ref.paid_reference) == (None, "")
    assert (account_balance(BANK), account_balance(REFUNDS_PAYABLE)) == before
    assert check_book().ok
    # Owed again, it is paid out again.
    assert payouts.pay_refund(ref_no, day(9)).paid_on == day(9)
    assert account_balance(REFUNDS_PAYABLE) == D("0.00")


def test_reversal_refusals() -> None:
    _pay, ref_no = _refund_of_credit()
    refused(lambda: payouts.reverse_payout(ref_no, day(6)), "is not paid out")
    refused(lambda: payouts.reverse_payout("REF-999999", day(6)), 'no refund numbered "REF-999999"')
    payouts.pay_refund(ref_no, day(6))
    refused(lambda: payouts.reverse_payout(ref_no, day(5)), "before the payout of refund")
    payouts.reverse_payout(ref_no, day(6))
    refused(lambda: payouts.reverse_payout(ref_no, day(7)), "is not paid out")


def test_a_reversal_is_remembered_with_its_payout_and_both_entries() -> None:
    from models.tables import JournalEntry, PayoutReversal

    _pay, ref_no = _refund_of_credit()
    payouts.pay_refund(ref_no, day(6), "TRF 77")
    payouts.reverse_payout(ref_no, day(8), "wrong line")
    payouts.pay_refund(ref_no, day(9), "TRF 78")
    payouts.reverse_payout(ref_no, day(9))
    rows = list(PayoutReversal.select().order_by(PayoutReversal.id))
    assert [(r.refund.number, r.paid_on, r.paid_reference, r.date, r.reason) for r in rows] == [
        (ref_no, day(6), "TRF 77", day(8), "wrong line"),
        (ref_no, day(9), "TRF 78", day(9), ""),
    ]
    said = [(r.paid_entry.description, r.entry.description) for r in rows]
    assert said == [
        (
            f"Payout of refund {ref_no} (TRF 77)",
            f"Payout of refund {ref_no} taken back: wrong line",
        ),
        (f"Payout of refund {ref_no} (TRF 78)", f"Payout of refund {ref_no} taken back"),
    ]
    assert all(r.paid_entry.refund_id == r.entry.refund_id == r.refund_id for r in rows)
    assert JournalEntry.select().where(JournalEntry.refund == rows[0].refund_id).count() == 5
