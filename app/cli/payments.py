"""Money commands: payment add, settle, unsettle, refund."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from app.cli.common import (
    Subparsers,
    book_currency,
    date_option,
    day,
    opt_day,
    out,
    parse_amount,
    said_amount,
    whole,
)
from app.errors import UserError
from app.i18n import _
from app.read import lookups
from app.services import documents, order_payments, payments, refunds, settlements


def register(sub: Subparsers) -> None:
    p = sub.add_parser("payment", help=_("payments: add"))
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = psub.add_parser("add", help=_("record money received"))
    a.add_argument("--customer", required=True, metavar="C", help=_("the customer's code"))
    date_option(a)
    a.add_argument("--amount", required=True, metavar="A", help=_("the amount received"))
    a.add_argument(
        "--order",
        action="append",
        metavar="ORDER[=AMOUNT]",
        help=_(
            "a deposit or card payment on an order; repeat as ORDER=AMOUNT to split the "
            "payment over several orders (the rest is customer credit)"
        ),
    )
    a.add_argument(
        "--excess",
        choices=("credit",),
        help=_("money above what an order still needs stays as customer credit"),
    )
    a.add_argument("--ref", metavar="R", help=_("bank reference"))
    a.add_argument(
        "--method", metavar="M", help=_("bank transfer, card, cash, ... (default bank transfer)")
    )
    a.set_defaults(func=cmd_payment_add)

    p = sub.add_parser("settle", help=_("apply a payment or credit note to invoices"))
    p.add_argument("source", metavar="SOURCE", help=_("payment or credit-note number"))
    p.add_argument(
        "invoices", metavar="INVOICE", nargs="*", help=_("default: open invoices, oldest due first")
    )
    p.add_argument("--amount", metavar="A", help=_("cap on what is applied from SOURCE"))
    p.add_argument(
        "--full-settlement",
        action="append",
        nargs="?",
        const="",
        metavar="INVOICE",
        help=_(
            "waive the remainder of INVOICE as cash discount (bare: of the one invoice settled)"
        ),
    )
    p.add_argument(
        "--no-discount",
        action="store_true",
        help=_("no cash discount on the invoices settled (unless --discount names one)"),
    )
    p.add_argument(
        "--discount",
        action="append",
        metavar="INVOICE=AMOUNT",
        help=_("the cash discount on one invoice, from 0 up to what the terms allow"),
    )
    p.add_argument(
        "--apply",
        action="append",
        metavar="INVOICE=AMOUNT",
        help=_("amount to settle on one invoice (the discount is still computed from the money)"),
    )
    date_option(p, _("settlement date, decides the discount tier (default: the payment's date)"))
    p.set_defaults(func=cmd_settle, intermixed="invoices")

    p = sub.add_parser("unsettle", help=_("reverse a settlement"))
    p.add_argument(
        "settlement", metavar="SETTLEMENT", help=_("the settlement's id (see `show payment`)")
    )
    date_option(p, _("date of the reversal (default today)"))
    p.set_defaults(func=cmd_unsettle)

    p = sub.add_parser("refund", help=_("pay back unapplied credit of a payment or credit note"))
    p.add_argument(
        "source", metavar="SOURCE", help=_("the payment or credit note whose credit is paid back")
    )
    p.add_argument("--amount", metavar="A", help=_("default: all that is left"))
    date_option(p)
    p.add_argument("--reason", metavar="R", help=_("why the money is paid back"))
    p.set_defaults(func=cmd_refund)


def cmd_payment_add(args: argparse.Namespace) -> int:
    cur = book_currency()
    amount = cur.parse(args.amount, _("payment amount"))
    if args.order:
        return _payment_for_orders(args, amount)
    if args.excess:
        raise UserError(_("--excess is for a payment on an order (--order); this one names none."))
    pay = payments.create_payment(
        args.customer,
        day(args.date),
        amount,
        reference=args.ref or "",
        method=args.method or "bank transfer",
    )
    out(
        _("Payment {number} from {code}: {amount}.").format(
            number=pay.number, code=pay.customer.code, amount=said_amount(cur, amount)
        ),
        pay.number,
    )
    return 0


def _orders_named(items: Sequence[str]) -> list[tuple[str, Decimal | None]]:
    """'--order ORDER' (alone) or '--order ORDER=AMOUNT' (repeated)."""
    named: list[tuple[str, Decimal | None]] = []
    for item in items:
        number, sep, text = str(item).rpartition("=")
        if not sep:
            named.append((str(item).strip(), None))
            continue
        if not number.strip():
            raise UserError(
                _('"{item}" must be written as ORDER=AMOUNT, e.g. SO-000001=100.00.').format(
                    item=item
                )
            )
        named.append(
            (
                number.strip(),
                book_currency().parse(text, _("amount for order {number}").format(number=number)),
            )
        )
    if len(named) > 1 and any(a is None for _, a in named):
        raise UserError(
            _(
                "--order is named more than once without amounts: write each as ORDER=AMOUNT to split the payment, or record one payment per order."
            )
        )
    return named


def _payment_for_orders(args: argparse.Namespace, amount: Decimal) -> int:
    cur = book_currency()
    parts = order_payments.receive_payment(
        args.customer,
        day(args.date),
        amount,
        _orders_named(args.order),
        excess=args.excess,
        reference=args.ref or "",
        method=args.method or "bank transfer",
    )
    for part in parts:
        pay = documents.get_payment(part.number)
        text = _("Payment {number} from {code}: {from_minor}").format(
            number=pay.number,
            code=pay.customer.code,
            from_minor=said_amount(cur, cur.from_minor(pay.amount)),
        )
        if pay.order is None:
            text += _(" as customer credit")
        else:
            text += _(" on order {number}").format(number=pay.order.number)
            if pay.applied:
                text += _(", {from_minor} applied to its invoices").format(
                    from_minor=said_amount(cur, cur.from_minor(pay.applied))
                )
        out(text + ".")
    out(*(p.number for p in parts))
    return 0


def _per_invoice(items: Sequence[str] | None, option: str = "--apply") -> dict[str, Decimal] | None:
    """'--apply INVOICE=AMOUNT' (or '--discount') options: an amount per invoice."""
    if not items:
        return None
    found: dict[str, Decimal] = {}
    what = _("amount to apply to") if option == "--apply" else _("cash discount on")
    for item in items:
        number, sep, text = str(item).rpartition("=")
        if not sep or not number.strip():
            raise UserError(
                _('"{item}" must be written as INVOICE=AMOUNT, e.g. INV-000001=100.00.').format(
                    item=item
                )
            )
        inv = documents.get_invoice(number)
        if inv.number in found:
            raise UserError(
                _("Invoice {number} is named twice in {option}.").format(
                    number=inv.number, option=option
                )
            )
        found[inv.number] = book_currency().parse(
            text, _("{what} {number}").format(what=what, number=inv.number)
        )
    return found


def _waive(items: Sequence[str] | None) -> bool | list[str]:
    """'--full-settlement [INVOICE]': the invoices named, or True for the bare flag."""
    if not items:
        return False
    names = [item for item in items if item.strip()]
    return names or True


def cmd_settle(args: argparse.Namespace) -> int:
    cur = book_currency()
    amounts = _per_invoice(args.apply)
    invoices = list(args.invoices)
    for number in amounts or ():
        if number not in invoices and invoices:
            invoices.append(number)
    rows = settlements.settle(
        args.source,
        invoices,
        amount=parse_amount(args.amount, _("amount to apply")),
        full_settlement=_waive(args.full_settlement),
        on=opt_day(args.date, _("settlement date")),
        amounts=amounts,
        discounts=_per_invoice(args.discount, "--discount"),
        no_discount=args.no_discount,
    )
    for row in rows:
        out(_("Settlement {id}: {explanation}").format(id=row.id, explanation=row.explanation))
    src = documents.get_source(args.source, cur)
    out(
        _("{number} has {available} left to apply.").format(
            number=src.number, available=said_amount(cur, src.available)
        )
    )
    out(*(str(row.id) for row in rows))
    return 0


def cmd_unsettle(args: argparse.Namespace) -> int:
    sid = whole(args.settlement, "settlement")
    on = opt_day(args.date, _("unsettlement date"))
    if on is None:
        settled_on = lookups.settlement_date(sid)
        # Today, unless the settlement is dated later (a book kept ahead of the clock).
        on = max(date.today(), settled_on) if settled_on is not None else date.today()
    rev = settlements.unsettle(sid, on=on)
    out(
        _("Settlement {id}: {explanation}").format(id=rev.id, explanation=rev.explanation),
        str(rev.id),
    )
    return 0


def cmd_refund(args: argparse.Namespace) -> int:
    cur = book_currency()
    r = refunds.refund_credit(
        args.source,
        day(args.date),
        amount=parse_amount(args.amount, _("refund amount")),
        reason=args.reason or "",
    )
    out(
        _("Refund {number}: {from_minor} to {code}.").format(
            number=r.number,
            from_minor=said_amount(cur, cur.from_minor(r.amount)),
            code=r.customer.code,
        ),
        r.number,
    )
    return 0
