"""Money going back out (issue 9): `payout REFUND` records that a refund was paid out."""

from __future__ import annotations

import argparse

from app.cli.common import Subparsers, book_currency, date_option, day, out, said_amount, said_day
from app.i18n import _
from app.services import payouts


def register(sub: Subparsers) -> None:
    p = sub.add_parser("payout", help=_("record that a refund was paid out to the customer"))
    p.add_argument("refund", metavar="REFUND", help=_("refund number"))
    date_option(p, _("date the money left the bank (default today)"))
    p.add_argument("--reference", metavar="TEXT", help=_("bank reference of the payout"))
    p.set_defaults(func=cmd_payout)


def cmd_payout(args: argparse.Namespace) -> int:
    cur = book_currency()
    ref = payouts.pay_refund(args.refund, day(args.date), args.reference or "")
    assert ref.paid_on is not None
    out(
        _("Refund {number}: {from_minor} paid out to {code} on {paid_on}.").format(
            number=ref.number,
            from_minor=said_amount(cur, cur.from_minor(ref.amount)),
            code=ref.customer.code,
            paid_on=said_day(ref.paid_on),
        ),
        ref.number,
    )
    return 0
