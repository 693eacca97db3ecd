"""Money going back out (issue 9, item 7): a refund paid out to the customer.

A refund (of a payment's or a credit note's credit, or made by an order
change) posts to refunds payable; `pay_refund` records that the money left
the bank: refunds payable is debited, the bank credited, and the refund
carries the date and reference of the payout. A refund is paid out once;
`reverse_payout` takes a payout back (the refund is owed again) with an
entry of its own, the payout's entry kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import fn

from app.errors import UserError
from app.i18n import B_, _, said_day
from app.rules import limits
from app.rules.settlement import BANK, REFUNDS_PAYABLE
from app.rules.settlement import JournalLine as Line
from app.services import book
from app.services.journal import dr_cr, last_entry, post_entry
from models import fast
from models.db import database
from models.tables import BankLine, JournalEntry, PayoutReversal, Refund


@dataclass(frozen=True)
class PayoutPreview:
    """What `pay_refund` would post (nothing written)."""

    refund: str
    customer: str
    source: str | None  # the payment or credit note refunded (None: an order's own refund)
    date: date  # the refund's own date: a payout is not dated before it
    amount: Decimal
    journal: tuple[Line, ...]
    explanation: str


def get_refund(number: str) -> Refund:
    ref = fast.get_by(Refund, Refund.number, str(number).strip())
    if ref is None:
        raise UserError(_('There is no refund numbered "{number}".').format(number=number))
    return ref


def _why_not(ref: Refund, on: date | None) -> str | None:
    if ref.paid_on is not None:
        return _("Refund {number} was already paid out on {paid_on}.").format(
            number=ref.number, paid_on=said_day(ref.paid_on)
        )
    if on is not None and on < ref.date:
        return _("The payout date {on} is before refund {number} ({date}).").format(
            on=said_day(on), number=ref.number, date=said_day(ref.date)
        )
    return None


def preview_payout(number: str, on: date | None = None) -> PayoutPreview:
    cur = book.currency()
    ref = get_refund(number)
    reason = _why_not(ref, on)
    if reason:
        raise UserError(reason)
    amount = cur.from_minor(ref.amount)
    doc = ref.payment if ref.payment_id else ref.credit_note if ref.credit_note_id else None
    source = None if doc is None else str(doc.number)
    owed = _("owed to {code}").format(code=ref.customer.code) + (
        _(" from {source}").format(source=source) if source else ""
    )
    return PayoutPreview(
        ref.number,
        ref.customer.code,
        source,
        ref.date,
        amount,
        tuple(x for x in dr_cr(REFUNDS_PAYABLE, BANK, amount) if x is not None),
        _(
            "Refund {number} of {amount} {owed} is paid out: refunds payable {amount} is cleared against the bank."
        ).format(number=ref.number, amount=cur.fmt(amount), owed=owed),
    )


def pay_refund(number: str, on: date, reference: str = "") -> Refund:
    """Record that refund `number` was paid out on `on` (one journal entry)."""
    with database.atomic():
        cur = book.currency()
        limits.check_date(on, _("payout date"))
        reference = limits.check_text("reference", reference)
        preview = preview_payout(number, on)
        ref = get_refund(number)
        # Paid out once: the guarded update refuses a second payout made meanwhile.
        done = (
            Refund.update(paid_on=on, paid_reference=reference)
            .where((Refund.id == ref.id) & Refund.paid_on.is_null())
            .execute()
        )
        if done != 1:
            raise UserError(_("Refund {number} was already paid out.").format(number=ref.number))
        post_entry(
            cur,
            on,
            B_("Payout of refund {number}").format(number=ref.number)
            + (f" ({reference})" if reference else ""),
            list(preview.journal),
            refund=ref.id,
            payment=ref.payment_id,
        )
        return get_refund(ref.number)


def paid_out(number: str) -> Refund:
    """Refund `number`, refused unless it is paid out now (a payout to take back)."""
    ref = get_refund(number)
    if ref.paid_on is None:
        raise _not_paid_out(ref.number)
    return ref


def _not_paid_out(number: str) -> UserError:
    return UserError(
        _("Refund {number} is not paid out; there is no payout to take back.").format(number=number)
    )


def _refuse_a_lines_payout(ref: Refund, line: int | None) -> None:
    """The payout is a matched bank line's, and that line is not the one unmatched: the
    line would stay matched to a payout no longer there."""
    matched = (
        BankLine.select(BankLine.id)
        .where((BankLine.refund == ref.id) & (BankLine.status == "matched"))
        .scalar()
    )
    if matched is not None and matched != line:
        raise UserError(
            _(
                "The payout of refund {number} is bank line {line}: unmatch that line "
                "to take it back."
            ).format(number=ref.number, line=matched)
        )


def reverse_payout(number: str, on: date, reason: str = "", *, line: int | None = None) -> Refund:
    """Take back the payout of refund `number` (recorded against a bank line that was
    not it, say), in one journal entry dated `on`: the bank debited and refunds payable
    credited, the payout's own entry reversed. The refund is open again — owed to the
    customer, to be paid out once more; the payout's entry stays in the journal with
    its date and reference, and the reversal's says why (a settlement's `unsettle`
    is the same for money in). A `PayoutReversal` row remembers which payout was
    taken back, when and why, and both entries (the exchange workbook's
    PayoutReversals sheet). A payout that is a bank line's (accepted from a
    statement) is taken back by unmatching that line (`line`: the one unmatched),
    which leaves the line as it was before."""
    with database.atomic():
        cur = book.currency()
        limits.check_date(on, _("reversal date"))
        reason = limits.check_text("reason", reason)
        ref = paid_out(number)
        assert ref.paid_on is not None  # paid_out refuses a refund that is not paid out
        _refuse_a_lines_payout(ref, line)
        if on < ref.paid_on:
            raise UserError(
                _(
                    "The reversal date {on} is before the payout of refund {number} ({paid_on})."
                ).format(on=said_day(on), number=ref.number, paid_on=said_day(ref.paid_on))
            )
        # Taken back once: the guarded update refuses a second reversal made meanwhile.
        done = (
            Refund.update(paid_on=None, paid_reference="")
            .where((Refund.id == ref.id) & (Refund.paid_on == ref.paid_on))
            .execute()
        )
        if done != 1:
            raise _not_paid_out(ref.number)  # taken back meanwhile
        # The payout is the refund's last entry while it is paid out.
        paid_entry = int(
            JournalEntry.select(fn.MAX(JournalEntry.id))
            .where(JournalEntry.refund == ref.id)
            .scalar()
        )
        post_entry(
            cur,
            on,
            B_("Payout of refund {number} taken back").format(number=ref.number)
            + (f": {reason}" if reason else ""),
            dr_cr(BANK, REFUNDS_PAYABLE, cur.from_minor(ref.amount)),
            refund=ref.id,
            payment=ref.payment_id,
        )
        fast.insert(
            PayoutReversal,
            refund=ref.id,
            paid_on=ref.paid_on,
            paid_reference=ref.paid_reference,
            paid_entry=paid_entry,
            date=on,
            reason=reason,
            entry=last_entry(),
        )
        return get_refund(ref.number)
