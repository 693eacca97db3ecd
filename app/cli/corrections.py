"""Credit notes, corrective invoices and the unbilled items they leave."""

from __future__ import annotations

import argparse

from app.cli.common import (
    Subparsers,
    book_currency,
    date_option,
    day,
    line_quantities,
    listing,
    out,
    parse_amount,
    said_amount,
    whole,
    word,
)
from app.i18n import _
from app.read import lookups
from app.rules.money import fmt_qty, qty_from_milli
from app.services import credit_notes, documents
from app.services.corrections import (
    bill_unbilled,
    correct,
    preview_draft,
    write_off_unbilled,
)


def register(sub: Subparsers) -> None:
    p = sub.add_parser("credit-note", help=_("credit an invoice by amount or by lines"))
    p.add_argument("invoice", metavar="INVOICE", help=_("the invoice to credit"))
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--amount", metavar="A", help=_("the amount to credit"))
    g.add_argument("--line", action="append", metavar="N=QTY", help=_("credit QTY units of line N"))
    p.add_argument(
        "--reason", metavar="R", help=_("why the invoice is credited (printed on the credit note)")
    )
    date_option(p)
    p.set_defaults(func=cmd_credit_note)

    p = sub.add_parser(
        "correct", help=_("corrective invoice: new quantities for an invoice's lines")
    )
    p.add_argument("invoice", metavar="INVOICE", help=_("the invoice to correct"))
    p.add_argument(
        "--qty",
        action="append",
        metavar="LINE=QTY",
        help=_("new quantity of a line (lines not named are reversed to 0)"),
    )
    p.add_argument(
        "--remove-line", action="append", metavar="N", help=_("leave line N uncorrected")
    )
    p.add_argument(
        "--draft",
        action="store_true",
        help=_("keep the correction as a draft for `invoice edit` / `invoice post`"),
    )
    date_option(p)
    p.set_defaults(func=cmd_correct)

    p = sub.add_parser("unbilled", help=_("unbilled items left by corrections"))
    usub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    u = usub.add_parser("list", help=_("open unbilled items"))
    u.add_argument("--customer", metavar="C", help=_("only this customer's items"))
    u.add_argument("--all", action="store_true", help=_("also billed and not chargeable ones"))
    u.set_defaults(func=cmd_unbilled_list, reads=True)
    u = usub.add_parser("bill", help=_("bill an unbilled item on a new invoice"))
    u.add_argument("id", metavar="ID", help=_("the unbilled item's id (see `unbilled list`)"))
    date_option(u)
    u.set_defaults(func=cmd_unbilled_bill)
    u = usub.add_parser("write-off", help=_("mark an unbilled item not chargeable"))
    u.add_argument("id", metavar="ID", help=_("the unbilled item's id (see `unbilled list`)"))
    date_option(u)
    u.set_defaults(func=cmd_unbilled_write_off)


def cmd_credit_note(args: argparse.Namespace) -> int:
    cur = book_currency()
    amount = parse_amount(args.amount, _("amount to credit"))
    lines = line_quantities(args.line, "--line") or None
    cn = credit_notes.create_credit_note(
        args.invoice, day(args.date), amount=amount, lines=lines, reason=args.reason or ""
    )
    cn = documents.get_invoice(cn.number)
    owed = cn.settled - cn.total
    out(
        _("Credit note {number} on {number2}: {from_minor}.").format(
            number=cn.number,
            number2=cn.credits.number,
            from_minor=said_amount(cur, cur.from_minor(-cn.total)),
        )
    )
    for sid, explanation in lookups.settlement_explanations(cn.number):
        out(_("Settlement {sid}: {explanation}").format(sid=sid, explanation=explanation))
    out(
        _("Credit owed to {code}: {from_minor}.").format(
            code=cn.customer.code, from_minor=said_amount(cur, cur.from_minor(owed))
        ),
        cn.number,
    )
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    cur = book_currency()
    quantities = line_quantities(args.qty, "--qty")
    remove = [whole(n, _("line number")) for n in args.remove_line or ()]
    ci = correct(
        args.invoice, day(args.date), quantities=quantities, remove=remove, draft=args.draft
    )
    ci = documents.get_invoice(ci.number)
    if ci.status == "draft":
        shown = preview_draft(ci.number)
        out(
            _(
                "Draft correction {number} of {number2}: {total}. {effect} Change it with `invoice edit {number}`, post it with `invoice post {number}`."
            ).format(
                number=ci.number,
                number2=ci.corrects.number,
                total=said_amount(cur, shown.total),
                effect=shown.effect,
            ),
            ci.number,
        )
        return 0
    say_corrective(ci.number)
    return 0


def say_corrective(number: str) -> None:
    """What posting a correction did, `correct` and `invoice post` of a kept draft alike:
    its total, the settlements it made on the chain, the credit it left, its unbilled items."""
    cur = book_currency()
    ci = documents.get_invoice(number)
    out(
        _("Corrective invoice {number} of {number2}: {from_minor}.").format(
            number=ci.number,
            number2=ci.corrects.number,
            from_minor=said_amount(cur, cur.from_minor(ci.total)),
        )
    )
    for sid, explanation in lookups.settlement_explanations(ci.number):
        out(_("Settlement {sid}: {explanation}").format(sid=sid, explanation=explanation))
    owed = ci.settled - ci.total
    if ci.total < 0 and owed > 0:
        out(
            _("Credit owed to {code}: {from_minor}.").format(
                code=ci.customer.code, from_minor=said_amount(cur, cur.from_minor(owed))
            )
        )
    for u in lookups.unbilled_of(ci.number):
        out(
            _("Unbilled item {id}: {description}, {qty} = {from_minor}.").format(
                id=u.id,
                description=u.description,
                qty=_qty(u.quantity),
                from_minor=said_amount(cur, cur.from_minor(u.amount)),
            )
        )
    out(ci.number)


def _qty(milli: int) -> str:
    return fmt_qty(qty_from_milli(milli))


def cmd_unbilled_list(args: argparse.Namespace) -> int:
    cur = book_currency()
    rows = [
        (
            u.id,
            u.customer,
            u.invoice,
            u.description,
            _qty(u.quantity),
            said_amount(cur, cur.from_minor(u.amount)),
            word(u.status),
        )
        for u in lookups.list_unbilled(args.customer, include_closed=args.all)
    ]
    return listing(
        (_("Id"), _("Customer"), _("From"), _("Description"), _("Qty"), _("Amount"), _("Status")),
        rows,
        {0, 4, 5},
        _("No unbilled items."),
    )


def cmd_unbilled_bill(args: argparse.Namespace) -> int:
    cur = book_currency()
    inv = bill_unbilled(whole(args.id, _("unbilled item")), day(args.date))
    out(
        _("Unbilled item {id} billed on invoice {number}: {from_minor}.").format(
            id=args.id, number=inv.number, from_minor=said_amount(cur, cur.from_minor(inv.total))
        ),
        inv.number,
    )
    return 0


def cmd_unbilled_write_off(args: argparse.Namespace) -> int:
    item = write_off_unbilled(whole(args.id, _("unbilled item")), day(args.date))
    out(_("Unbilled item {id} marked not chargeable.").format(id=item.id))
    return 0
