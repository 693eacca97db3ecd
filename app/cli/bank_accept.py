"""`acerto bank accept` and `bank unmatch` (issue 11): a line posted as proposed or as
the bookkeeper names it (money in: `--invoice`, `--customer`; money out: `--refund`),
and taken back.

Accepting says what it posted — the payment and each of its settlements, the money
left on the customer's account, or the refund paid out — in the reader's words and
figures, with a warning first when the line's payer is known as another customer
than the one whose payment it became; the document's number stays the last line
printed (a creating command's contract with scripts).
"""

from __future__ import annotations

import argparse
from functools import partial

from app.cli.common import (
    Subparsers,
    book_currency,
    opt_day,
    out,
    said_amount,
    said_day,
    whole,
)
from app.i18n import _


def register_accept(actions: Subparsers) -> None:
    """`bank accept` and `bank unmatch`, under `bank`'s actions."""
    acc = actions.add_parser(
        "accept",
        help=_(
            "post a bank line: its proposal, or money in against --invoice N... and/or "
            "--customer CODE, money out as --refund N"
        ),
    )
    acc.add_argument("line", metavar="LINE", help=_("the bank line's id (bank lines)"))
    acc.add_argument(
        "--invoice",
        metavar="N",
        action="append",
        default=[],
        help=_("money in: settle these invoices (the customer's, with --customer)"),
    )
    acc.add_argument(
        "--customer",
        metavar="CODE",
        help=_("money in: the customer who paid; without --invoice it stays on their account"),
    )
    acc.add_argument("--refund", metavar="N", help=_("money out: the refund the line paid out"))
    acc.set_defaults(func=cmd_accept)

    un = actions.add_parser(
        "unmatch", help=_("take back what accepting a line posted (unsettle, receipt taken back)")
    )
    un.add_argument("line", metavar="LINE", help=_("the bank line's id"))
    un.add_argument(
        "--date",
        metavar="D",
        help=_(
            "date of the reversal, not before what it takes back (default the line's date, "
            "or that of what it takes back when later)"
        ),
    )
    un.set_defaults(func=cmd_unmatch)


def cmd_accept(args: argparse.Namespace) -> int:
    from app.exchange.bank import accept  # lazy: the exchange package

    done = accept.accept(
        whole(args.line, _("bank line")), args.invoice, refund=args.refund, customer=args.customer
    )
    cur = book_currency()
    out(*accept.said_posted(done, partial(said_amount, cur), said_day), done.document)
    return 0


def cmd_unmatch(args: argparse.Namespace) -> int:
    from app.services.bank_unmatch import unmatch_line

    row = unmatch_line(whole(args.line, _("bank line")), opt_day(args.date))
    if row.amount < 0:  # money out: the payout of a refund
        out(
            _(
                "Bank line {id} unmatched: the payout is taken back and the refund is owed again."
            ).format(id=row.id)
        )
        return 0
    out(
        _(
            "Bank line {id} unmatched: its payment's settlements are undone and the receipt taken back."
        ).format(id=row.id)
    )
    return 0
