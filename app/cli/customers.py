"""Customer commands: add, edit, list."""

from __future__ import annotations

import argparse

from app.cli import documents
from app.cli.common import Subparsers, limit_option, listing, money, out, print_json
from app.errors import UserError
from app.i18n import _
from app.read import queries
from app.services import book, customers


def register(sub: Subparsers) -> None:
    p = sub.add_parser("customer", help=_("customers: add, edit, list"))
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = csub.add_parser("add", help=_("add a customer"))
    c.add_argument("code", help=_("the customer's code"))
    c.add_argument("name", help=_("the customer's name"))
    c.add_argument("--terms", help=_('payment terms, e.g. "2%% 10, net 30" (default: the book\'s)'))
    _details(
        c,
        _("the customer's address"),
        _("the customer's tax id"),
        _("the customer's e-mail address"),
    )
    _lang_option(c)
    c.set_defaults(func=cmd_customer_add)
    c = csub.add_parser("edit", help=_("change a customer's name, terms or details"))
    c.add_argument("code", help=_("the customer's code"))
    c.add_argument("--name", help=_("the customer's new name"))
    c.add_argument("--terms", help=_('new payment terms, e.g. "2%% 10, net 30"'))
    _details(
        c,
        _("the customer's new address"),
        _("the customer's new tax id"),
        _("the customer's new e-mail address"),
    )
    _lang_option(c)
    documents.add_dunning_flags(c)
    c.set_defaults(func=cmd_customer_edit)
    c = csub.add_parser("list", help=_("customers with their balances"))
    c.add_argument("--search", help=_("part of the code or name"))
    limit_option(c)
    c.add_argument("--json", action="store_true", help=_("print one JSON object"))
    c.set_defaults(func=cmd_customer_list, reads=True)


def _details(c: argparse.ArgumentParser, address: str, tax_id: str, email: str) -> None:
    """A customer's --address, --tax-id and --email, with their help texts."""
    c.add_argument("--address", help=address)
    c.add_argument("--tax-id", help=tax_id)
    c.add_argument("--email", help=email)


def _lang_option(c: argparse.ArgumentParser) -> None:
    # Its own dest: the global --lang (the language of messages) must not be overwritten.
    c.add_argument(
        "--lang",
        dest="customer_lang",
        metavar="L",
        help=_(
            "language of the documents sent to the customer: en, pt_BR, es "
            "(book: the book's language setting)"
        ),
    )


def cmd_customer_add(args: argparse.Namespace) -> int:
    c = customers.add_customer(
        args.code,
        args.name,
        terms=args.terms,
        address=args.address or "",
        tax_id=args.tax_id or "",
        email=args.email or "",
        language=args.customer_lang or "",
    )
    terms = (
        c.terms.text
        if c.terms is not None
        else _("{setting} (book default)").format(setting=book.setting("default_terms"))
    )
    out(
        _("Customer {code} {name}, terms {terms}.").format(code=c.code, name=c.name, terms=terms),
        c.code,
    )
    return 0


def cmd_customer_edit(args: argparse.Namespace) -> int:
    fields = {
        k: v
        for k, v in {
            "name": args.name,
            "terms": args.terms,
            "address": args.address,
            "tax_id": args.tax_id,
            "email": args.email,
            "language": args.customer_lang,
        }.items()
        if v is not None
    }
    if not fields and getattr(args, "dunning", None) is None:
        raise UserError(
            _(
                "Nothing to change: give --name, --terms, --address, --tax-id, --email, --lang "
                "or --dunning/--no-dunning."
            )
        )
    code = str(args.code).strip()
    with book.transaction():  # one user action
        if fields:
            code = customers.update_customer(args.code, **fields).code
        documents.set_dunning(args)
    out(_("Customer {code} changed.").format(code=code), code)
    return 0


def cmd_customer_list(args: argparse.Namespace) -> int:
    rows = []
    for c in queries.find_customers(args.search or "", limit=args.limit):
        j = queries.show_customer(c.code)
        rows.append(
            (
                c.code,
                c.name,
                j["terms"],
                money(j["open_balance"]),
                money(j["credit"]),
                money(j["net_balance"]),
            )
        )
    if args.json:
        print_json([queries.show_customer(str(r[0])) for r in rows])
        return 0
    return listing(
        (_("Code"), _("Name"), _("Terms"), _("Open"), _("Credit"), _("Net")),
        rows,
        {3, 4, 5},
        _("No customers."),
    )
