"""Bank lines unmatched (issue 11): what accepting a line posted, taken back.

A payment's settlements are unsettled and its receipt refunded and paid out the
same day; a refund's payout is reversed (`payouts.reverse_payout`). Nothing
posted is edited; the line is unmatched, to be accepted again as what it is. A
date given is never moved: one before what it takes back is refused, naming the
earliest day it may be (docs/bank.md, "The command line").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from peewee import fn

from app.errors import UserError
from app.i18n import B_, _, said_day
from app.services.bank import stored_line
from models import fast
from models.db import database
from models.tables import BankLine, CustomerBankAccount, Payment, Settlement


def unmatch_line(line_id: int, on: date | None = None) -> BankLine:
    """Take back what accepting a bank line posted, in one transaction: its
    payment's settlements are unsettled (their discounts and write-offs
    reversed, SPEC §3.10), then the receipt itself is taken back — refunded
    and paid out the same day through refunds payable, so the bank and the
    customer's account are as before the line was accepted — and the line
    is unmatched, to be accepted again as what it really is.

    Posted documents stay: the payment, the unsettlements and the refund
    say what happened and why. A payout (money out) is taken back by reversing
    it (`payouts.reverse_payout`): the refund it paid is owed again.
    """
    from app.services import payouts, refunds, settlements

    with database.atomic():
        row = stored_line(line_id)
        if row.status != "matched":
            raise UserError(
                _("Bank line {id} is not matched; there is nothing to take back.").format(id=row.id)
            )
        if row.refund is not None:
            return _unmatch_payout(row, on)
        pay = row.payment
        assert pay is not None  # a matched line is its payment or its payout
        if pay.order_id is not None or pay.split_of_id is not None:
            raise UserError(
                _("Payment {number} is an order payment; it is not taken back here.").format(
                    number=pay.number
                )
            )
        if pay.refunded:
            raise UserError(
                _(
                    "Payment {number} has refunds already; bank line {id} cannot be unmatched while they stand."
                ).format(number=pay.number, id=row.id)
            )
        undone = {
            r.reverses_id
            for r in Settlement.select(Settlement.reverses).where(
                (Settlement.payment == pay.id) & Settlement.reverses.is_null(False)
            )
        }
        live = [
            s
            for s in Settlement.select()
            .where((Settlement.payment == pay.id) & Settlement.reverses.is_null())
            .order_by(Settlement.id.desc())
            if s.id not in undone
        ]
        when = _unmatch_date(row, pay, live, on)
        for s in live:
            settlements.unsettle(s.id, when)
        ref = refunds.refund_credit(
            pay.number,
            when,
            reason=B_("Bank line {line} unmatched: the receipt is taken back").format(line=row.id),
        )
        payouts.pay_refund(ref.number, when, B_("bank line {line} unmatched").format(line=row.id))
        row.payment = None
        row.status = "unmatched"
        fast.save(row)
        _forget_account(row, pay.customer_id)
        return row


def _unmatch_date(row: BankLine, pay: Payment, live: Sequence[Settlement], on: date | None) -> date:
    """The day unmatching `row` posts on: `on` when given, refused when it is before
    what it takes back (the payment, and its settlements still standing); by default
    the line's booking date, or that earliest day when it is later."""
    earliest = max([pay.date, *(s.date for s in live)])
    if on is None:
        return max(row.booking_date, earliest)
    if on < earliest:
        raise UserError(
            _(
                "The date {on} is before what bank line {line} posted (payment {number} "
                "and its settlements, dated up to {earliest}): it can be taken back on "
                "{earliest} or later."
            ).format(on=said_day(on), line=row.id, number=pay.number, earliest=said_day(earliest))
        )
    return on


def _unmatch_payout(row: BankLine, on: date | None) -> BankLine:
    """A money-out line taken back: the refund's payout reversed (payouts.reverse_payout),
    the refund owed again, and the line unmatched (inside `unmatch_line`'s transaction)."""
    from app.services import payouts

    ref = row.refund
    assert ref is not None and ref.paid_on is not None
    payouts.reverse_payout(
        ref.number,
        # A date given is the services' to judge (refused before the payout, with the
        # payout's date); none given: the line's date, or the payout's when later.
        on or max(row.booking_date, ref.paid_on),
        B_("bank line {line} unmatched").format(line=row.id),
        line=row.id,
    )
    row.refund = None
    row.status = "unmatched"
    fast.save(row)
    return row


def _forget_account(row: BankLine, customer: int) -> None:
    """The bank account (IBAN) accepting `row` taught the book, forgotten when no other
    line of it stays matched to that customer: a line matched to the wrong customer
    and taken back must not send the next line of that account to them."""
    iban = row.iban.replace(" ", "").upper()
    known = fast.get_by(CustomerBankAccount, CustomerBankAccount.iban, iban) if iban else None
    if known is None or known.customer_id != customer:
        return
    still = (
        BankLine.select(BankLine.id)
        .join(Payment, on=(BankLine.payment == Payment.id))
        .where(
            (BankLine.status == "matched")
            & (BankLine.id != row.id)
            & (Payment.customer == customer)
            & (fn.UPPER(fn.REPLACE(BankLine.iban, " ", "")) == iban)
        )
    )
    if not still.exists():
        known.delete_instance()
