"""Money going back out (issue 9): `payout REFUND` records that a refund was paid out;
`payout REFUND --take-back` takes that payout back (issue 11: the bank returned it, or
it was recorded by mistake), as a bank line unmatched does."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import Subparsers, book_currency, date_option, day, out, said_amount, said_day
from app.errors import UserError
from app.i18n import _
from app.rules.money import Currency
from app.services import payouts


def register(sub: Subparsers) -> None:
    p = sub.add_parser("payout", help=_("record that a refund was paid out to the customer"))
    p.add_argument("refund", metavar="REFUND", help=_("refund number"))
    date_option(p, _("date the money left the bank (default today)"))
    p.add_argument("--reference", metavar="TEXT", help=_("bank reference of the payout"))
    p.add_argument(
        "--take-back",
        action="store_true",
        help=_("take the refund's payout back (the refund is owed again); --date: when"),
    )
    p.add_argument("--reason", metavar="TEXT", help=_("with --take-back: why"))
    p.set_defaults(func=cmd_payout)


def cmd_payout(args: argparse.Namespace) -> int:
    cur = book_currency()
    if args.take_back:
        return _take_back(args, cur)
    if args.reason:
        raise UserError(_("--reason goes with --take-back."))
    ref = payouts.pay_refund(args.refund, day(args.date), args.reference or "")
    assert ref.paid_on is not None
    _said(_("Refund {number}: {from_minor} paid out to {code} on {paid_on}."), ref, cur)
    return 0


def _take_back(args: argparse.Namespace, cur: Currency) -> int:
    if args.reference:
        raise UserError(_("--reference goes with a payout, not with --take-back."))
    ref = payouts.reverse_payout(args.refund, day(args.date), args.reason or "")
    _said(
        _("Refund {number}: the payout of {amount} taken back; {code} is owed it again."), ref, cur
    )
    return 0


def _said(sentence: str, ref: Any, cur: Currency) -> None:
    """`sentence` about refund `ref` (its number, amount, customer and payout date),
    then its number as the last line."""
    amount = said_amount(cur, cur.from_minor(ref.amount))
    paid_on = said_day(ref.paid_on) if ref.paid_on is not None else ""
    words = dict(number=ref.number, amount=amount, from_minor=amount, code=ref.customer.code)
    out(sentence.format(paid_on=paid_on, **words), ref.number)
