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
from decimal import Decimal
from typing import TYPE_CHECKING

from app.cli.common import Subparsers, book_currency, money, opt_day, out, said_day, whole
from app.i18n import _

if TYPE_CHECKING:
    from app.exchange.bank.accept import Accepted


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
    out(
        *said_accepted(done),
        _("Bank line {line}: {document} posted.").format(line=done.line, document=done.document),
        done.document,
    )
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


def said_accepted(done: Accepted) -> list[str]:
    """The sentences saying what accepting a line posted, the warning first."""
    from app.read import bank as bank_read  # lazy: the matching rules

    cur = book_currency()
    row = bank_read.get_line(done.line)
    line = bank_read.line_json(row, cur)
    if line["refund"] is not None:
        return [
            _("Refund {number}: {amount} paid out on {date}.").format(
                number=line["refund"],
                amount=money(str(-Decimal(line["amount"]))),
                date=said_day(row.booking_date),
            )
        ]
    from app.read import queries  # lazy: the read model of `show payment`

    pay = queries.show_payment(line["payment"])
    said = []
    if done.known_payer is not None:
        known, how = done.known_payer
        said.append(
            _(
                "Warning: bank line {line} is posted as customer {customer}'s payment, but its "
                "payer is known as customer {known} ({how})."
            ).format(line=done.line, customer=pay["customer"], known=known, how=how)
        )
    said.append(
        _("Payment {number} of customer {customer}: {amount} received on {date}.").format(
            number=pay["number"],
            customer=pay["customer"],
            amount=money(pay["amount"]),
            date=said_day(pay["date"]),
        )
    )
    said += [
        "  "
        + _("{invoice}: {amount} applied, cash discount {discount}, write-off {writeoff}.").format(
            invoice=s["invoice"],
            amount=money(s["amount"]),
            discount=money(s["discount"]),
            writeoff=money(s["writeoff"]),
        )
        for s in pay["settlements"]
    ]
    if Decimal(pay["unapplied"]):
        said.append(
            _("{amount} left on customer {customer}'s account.").format(
                amount=money(pay["unapplied"]), customer=pay["customer"]
            )
        )
    return said
