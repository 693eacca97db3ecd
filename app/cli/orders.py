"""Order commands: add, post, delete, change, cancel, list."""

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
    order_discount,
    out,
    parse_lines,
    said_amount,
    said_day,
    whole,
    word,
)
from app.i18n import _
from app.read import lookups
from app.services import book, orders


def register(sub: Subparsers) -> None:
    p = sub.add_parser("order", help=_("orders: add, post, delete, change, cancel, list"))
    osub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    o = osub.add_parser("add", help=_("add an order"))
    o.add_argument("--customer", required=True, metavar="C", help=_("the customer's code"))
    date_option(o)
    lines_option(
        o, _("a line: description;quantity;unit price (repeat for more lines)"), required=True
    )
    o.add_argument("--discount", metavar="A", help=_("a discount on the whole order (an amount)"))
    o.add_argument("--notes", help=_("notes kept with the order"))
    o.add_argument("--draft", action="store_true", help=_("keep it as a draft"))
    o.set_defaults(func=cmd_order_add)
    o = osub.add_parser("post", help=_("post a draft order"))
    o.add_argument("number", help=_("the draft order's number"))
    o.set_defaults(func=cmd_order_post)
    o = osub.add_parser("delete", help=_("delete a draft order"))
    o.add_argument("number", help=_("the draft order's number"))
    o.set_defaults(func=cmd_order_delete)
    o = osub.add_parser("change", help=_("remove or add lines, change quantities, give a discount"))
    o.add_argument("number", metavar="ORDER", help=_("the order's number"))
    o.add_argument(
        "--remove-line",
        action="append",
        metavar="N",
        help=_("remove line N (repeat for more lines)"),
    )
    o.add_argument(
        "--qty",
        action="append",
        metavar="LINE=QTY",
        help=_("new quantity of a line (not below what is invoiced of it net of credits)"),
    )
    o.add_argument("--discount", metavar="A", help=_("a discount on the whole order (an amount)"))
    lines_option(o, _("add a line: description;quantity;unit price (repeat for more lines)"))
    date_option(o)
    o.set_defaults(func=cmd_order_change)
    o = osub.add_parser("cancel", help=_("cancel an order with no invoice"))
    o.add_argument("number", metavar="ORDER", help=_("the order's number"))
    date_option(o)
    o.set_defaults(func=cmd_order_cancel)
    o = osub.add_parser("list", help=_("orders"))
    o.add_argument("--customer", metavar="C", help=_("only this customer's orders"))
    limit_option(o)
    o.set_defaults(func=cmd_order_list, reads=True)


def cmd_order_add(args: argparse.Namespace) -> int:
    discount = order_discount(args.discount)
    o = orders.create_order(
        args.customer,
        day(args.date),
        parse_lines(args.line),
        discount=discount,
        draft=args.draft,
        notes=args.notes or "",
    )
    state = _("Draft order") if args.draft else _("Order")
    out(
        _("{state} {number} for {code}: total {from_minor}.").format(
            state=state,
            number=o.number,
            code=o.customer.code,
            from_minor=said_amount(book_currency(), book_currency().from_minor(o.total)),
        ),
        o.number,
    )
    return 0


def cmd_order_post(args: argparse.Namespace) -> int:
    o = orders.post_order(args.number)
    out(_("Order posted as {number}.").format(number=o.number), o.number)
    return 0


def cmd_order_delete(args: argparse.Namespace) -> int:
    orders.delete_draft_order(args.number)
    out(_("Draft order {number} deleted.").format(number=args.number))
    return 0


def cmd_order_change(args: argparse.Namespace) -> int:
    cur = book_currency()
    remove = [whole(n, _("order line number")) for n in args.remove_line or ()]
    discount = order_discount(args.discount)
    with book.transaction():  # the refunds read are the ones this change made
        before = {r.id for r in lookups.order_refunds(args.number)}
        change = orders.change_order(
            args.number,
            day(args.date),
            remove_lines=remove,
            add_lines=parse_lines(args.line),
            discount=discount,
            quantities=line_quantities(args.qty, "--qty"),
        )
        refunds = [r for r in lookups.order_refunds(args.number) if r.id not in before]
    out(
        _("Order {number} changed ({description}): total {from_minor} → {from_minor2}.").format(
            number=change.order.number,
            description=change.description,
            from_minor=said_amount(cur, cur.from_minor(change.old_total)),
            from_minor2=said_amount(cur, cur.from_minor(change.new_total)),
        )
    )
    for r in refunds:
        reason = r.reason.removeprefix(_("Refund: "))
        out(
            _("Refund {number}: {from_minor} ({reason}).").format(
                number=r.number,
                from_minor=said_amount(cur, cur.from_minor(r.amount)),
                reason=reason,
            )
        )
    out(refunds[-1].number if refunds else change.order.number)
    return 0


def cmd_order_cancel(args: argparse.Namespace) -> int:
    cur = book_currency()
    o = orders.cancel_order(args.number, day(args.date))
    refunds = lookups.order_refunds(o.number)
    out(_("Order {number} cancelled.").format(number=o.number))
    for r in refunds:
        out(
            _("Refund {number}: {from_minor}.").format(
                number=r.number, from_minor=said_amount(cur, cur.from_minor(r.amount))
            )
        )
    out(o.number)
    return 0


def cmd_order_list(args: argparse.Namespace) -> int:
    found = lookups.list_orders(args.customer, args.limit)
    cur = book_currency()
    rows = [
        (
            o.number,
            said_day(o.date),
            o.customer,
            word(o.status),
            said_amount(cur, cur.from_minor(o.total)),
            said_amount(cur, cur.from_minor(o.invoiced)),
            said_amount(cur, cur.from_minor(o.received)),
        )
        for o in found
    ]
    return listing(
        (
            _("Number"),
            _("Date"),
            _("Customer"),
            _("Status"),
            _("Total"),
            _("Invoiced"),
            _("Received"),
        ),
        rows,
        {4, 5, 6},
        _("No orders."),
    )
