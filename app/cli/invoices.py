"""Invoice commands: add, post, edit, delete, list."""

from __future__ import annotations

import argparse

from app.cli.common import (
    Subparsers,
    book_currency,
    date_option,
    day,
    limit_option,
    line_quantities,
    lines_option,
    listing,
    opt_day,
    out,
    parse_amount,
    parse_lines,
    said_amount,
    said_day,
    whole,
    word,
)
from app.errors import UserError
from app.i18n import _
from app.read import lookups
from app.services import corrections, documents, drafts, invoices, orders


def register(sub: Subparsers) -> None:
    p = sub.add_parser("invoice", help=_("invoices: add, post, edit, delete, list"))
    isub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    i = isub.add_parser("add", help=_("add an invoice (posted at once unless --draft)"))
    i.add_argument("--customer", metavar="C", help=_("the customer's code"))
    date_option(i)
    i.add_argument("--order", metavar="O", help=_("the order the invoice bills"))
    g = i.add_mutually_exclusive_group(required=True)
    lines_option(g, _("a line: description;quantity;unit price (repeat for more lines)"))
    g.add_argument("--amount", metavar="A", help=_("one line for this amount"))
    g.add_argument(
        "--order-line",
        action="append",
        metavar="N=QTY",
        help=_("invoice QTY of line N of the order"),
    )
    i.add_argument("--draft", action="store_true", help=_("keep it as a draft"))
    i.set_defaults(func=cmd_invoice_add)
    i = isub.add_parser("post", help=_("post a draft invoice"))
    i.add_argument("number", help=_("the draft invoice's number"))
    i.set_defaults(func=cmd_invoice_post)
    i = isub.add_parser("delete", help=_("delete a draft invoice"))
    i.add_argument("number", help=_("the draft invoice's number"))
    i.set_defaults(func=cmd_invoice_delete)
    i = isub.add_parser("edit", help=_("change a draft invoice's date or lines"))
    i.add_argument("number", help=_("the draft invoice's number"))
    date_option(i, _("new date"))
    lines_option(i, _("replaces all lines"))
    i.add_argument(
        "--qty",
        action="append",
        metavar="LINE=QTY",
        help=_("a draft correction: new quantity of a line"),
    )
    i.add_argument(
        "--remove-line",
        action="append",
        metavar="N",
        help=_("a draft correction: leave line N as is"),
    )
    i.set_defaults(func=cmd_invoice_edit)
    i = isub.add_parser("list", help=_("invoices, oldest due first"))
    i.add_argument("--customer", metavar="C", help=_("only this customer's invoices"))
    i.add_argument("--open", action="store_true", help=_("only those with a balance"))
    limit_option(i)
    i.set_defaults(func=cmd_invoice_list, reads=True)


def cmd_invoice_add(args: argparse.Namespace) -> int:
    cur = book_currency()
    on = day(args.date)
    amount = parse_amount(args.amount, _("invoice amount"))
    chosen = line_quantities(args.order_line, "--order-line")
    if not args.customer and not args.order:
        raise UserError(_("Name the customer with --customer (or the order with --order)."))
    if chosen and not args.order:
        raise UserError(_("--order-line invoices lines of an order; name the order with --order."))
    if args.order and not args.line:
        order = documents.get_order(args.order)
        if args.customer and documents.get_customer(args.customer).id != order.customer_id:
            raise UserError(
                _("Order {number} belongs to another customer than {customer}.").format(
                    number=order.number, customer=args.customer
                )
            )
        inv = orders.invoice_order(
            order.number, on, amount=amount, line_qty=chosen or None, draft=args.draft
        )
    else:
        customer = args.customer or documents.get_order(args.order).customer.code
        inv = invoices.create_invoice(
            customer,
            on,
            lines=parse_lines(args.line) if args.line else None,
            amount=amount,
            order=args.order,
            draft=args.draft,
        )
    inv = documents.get_invoice(inv.number)
    word = (
        _("Draft invoice")
        if inv.status == "draft"
        else (_("Standalone invoice") if inv.kind == "standalone" else _("Invoice"))
    )
    text = _("{word} {number} for {code}: total {from_minor}").format(
        word=word,
        number=inv.number,
        code=inv.customer.code,
        from_minor=said_amount(cur, cur.from_minor(inv.total)),
    )
    if inv.status != "draft":
        text += _(", due {due_date}").format(due_date=said_day(inv.due_date))
        if inv.settled:
            text += _(", {from_minor} settled from money received on order {number}").format(
                from_minor=said_amount(cur, cur.from_minor(inv.settled)),
                number=documents.get_order(args.order).number,
            )
    out(text + ".", inv.number)
    return 0


def cmd_invoice_post(args: argparse.Namespace) -> int:
    inv = drafts.post_invoice(args.number)
    if inv.kind == "corrective":
        from app.cli.corrections import say_corrective

        say_corrective(inv.number)  # what the kept correction draft did, as `correct` says it
        return 0
    out(_("Invoice posted as {number}.").format(number=inv.number), inv.number)
    return 0


def cmd_invoice_delete(args: argparse.Namespace) -> int:
    drafts.delete_draft(args.number)
    out(_("Draft {number} deleted.").format(number=args.number))
    return 0


def cmd_invoice_edit(args: argparse.Namespace) -> int:
    """Change a draft invoice: its date and/or replace its lines."""
    drafts.refuse_if_posted(args.number)
    if documents.get_invoice(args.number).kind == "corrective":
        return _edit_correction(args)
    if args.qty or args.remove_line:
        raise UserError(_("--qty and --remove-line change a draft correction; use --line here."))
    if args.date is None and not args.line:
        raise UserError(_("Nothing to change: give --date or --line."))
    cur = book_currency()
    on = opt_day(args.date)
    lines = parse_lines(args.line)
    inv = drafts.edit_draft(args.number, on=on, lines=lines)
    out(
        _("Draft {number} changed: total {from_minor}.").format(
            number=inv.number, from_minor=said_amount(cur, cur.from_minor(inv.total))
        ),
        inv.number,
    )
    return 0


def _edit_correction(args: argparse.Namespace) -> int:
    """A kept correction draft (`correct ... --draft`): new quantities, removed lines, date."""
    if args.line:
        raise UserError(
            _("{number} is a draft correction: give new quantities with --qty LINE=QTY.").format(
                number=args.number
            )
        )
    if args.date is None and not args.qty and not args.remove_line:
        raise UserError(_("Nothing to change: give --qty, --remove-line or --date."))
    quantities = line_quantities(args.qty, "--qty")
    remove = [whole(n, _("line number")) for n in args.remove_line or ()]
    draft = corrections.edit_correction(args.number, quantities, remove, on=opt_day(args.date))
    cur = book_currency()
    shown = corrections.preview_draft(draft.number)
    out(
        _("Draft correction {number} changed: {total}. {effect}").format(
            number=draft.number, total=said_amount(cur, shown.total), effect=shown.effect
        ),
        draft.number,
    )
    return 0


def cmd_invoice_list(args: argparse.Namespace) -> int:
    found = lookups.list_invoices(args.customer, args.open, args.limit)
    cur = book_currency()
    rows = [
        (
            i.number,
            word(i.kind),
            word(i.status),
            i.customer,
            said_day(i.date),
            said_day(i.due_date),
            said_amount(cur, cur.from_minor(i.total)),
            said_amount(cur, cur.from_minor(i.balance)),
        )
        for i in found
    ]
    return listing(
        (
            _("Number"),
            _("Kind"),
            _("Status"),
            _("Customer"),
            _("Date"),
            _("Due"),
            _("Total"),
            _("Balance"),
        ),
        rows,
        {6, 7},
        _("No invoices."),
    )
