"""`acerto bank`: statements in, their lines listed, and what each should settle (issue 11)."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation

from app.cli.bank_accept import register_accept
from app.cli.common import (
    Subparsers,
    book_currency,
    money,
    out,
    print_json,
    proposed,
    said_day,
    table,
)
from app.errors import UserError
from app.i18n import _, ngettext, said_figure
from app.rules.statement import AUTO_LEAST, STATEMENT_FORMATS
from app.services import bank


def register(sub: Subparsers) -> None:
    p = sub.add_parser("bank", help=_("bank statements: import, lines, matching proposals"))
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    imp = actions.add_parser(
        "import", help=_("read a statement file (camt.053, OFX, Norma 43, MT940, CSV)")
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--account", metavar="NAME", help=_("the bank account's name in the book"))
    imp.add_argument("--format", choices=STATEMENT_FORMATS, default="auto")
    imp.add_argument("--dry-run", action="store_true", help=_("read and report; store nothing"))
    imp.add_argument(
        "--map",
        metavar="ROLE=COLUMN,...",
        help=_(
            "CSV columns: date=,amount= (or debit=,credit=),reference=,counterparty=,iban=,"
            "value_date=,day_first=yes|no; kept for the account's next CSV file"
        ),
    )
    imp.set_defaults(func=cmd_import)

    ls = actions.add_parser("lines", help=_("the statement lines, oldest first"))
    ls.add_argument("--unmatched", action="store_true", help=_("only lines not yet matched"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_lines, reads=True)

    match = actions.add_parser(
        "match",
        help=_("what each unmatched line should settle, how sure, and why (writes nothing)"),
    )
    match.add_argument(
        "--min-confidence",
        metavar="X",
        help=_(
            "only proposals at or above X (0 to 1; default: every proposal, {least} with --auto)"
        ).format(least=said_figure(AUTO_LEAST)),
    )
    match.add_argument("--json", action="store_true")
    match.add_argument(
        "--auto",
        action="store_true",
        help=_("accept every proposal at or above --min-confidence (default {least})").format(
            least=said_figure(AUTO_LEAST)
        ),
    )
    match.add_argument(
        "--dry-run", action="store_true", help=_("with --auto: count what would be accepted")
    )
    match.set_defaults(func=cmd_match)

    register_accept(actions)


def _csv_mapping(args: argparse.Namespace) -> tuple[object | None, str | None, list[str]]:
    """The CSV mapping to read with, the one to keep for the account (None: keep what
    it has), and what to say about them."""
    from app.exchange.bank import csvfile, kept  # lazy: the readers

    cur = book_currency()
    held = kept.kept_mapping(args.account)
    if not args.map:
        said = []
        if held is not None and kept.is_csv(args.file, args.format):
            said.append(
                _("Read with the CSV mapping kept for bank account {account}: {mapping}").format(
                    account=args.account, mapping=csvfile.mapping_to_text(held)
                )
            )
        return held, None, said
    mapping = csvfile.mapping_from_text(args.map, cur.code, cur.places)
    given = csvfile.mapping_to_json(mapping)
    said = []
    if held is not None and given != csvfile.mapping_to_json(held):
        said.append(
            _(
                "The CSV mapping kept for bank account {account} is replaced: it was {old}; "
                "it is now {new}."
            ).format(
                account=args.account,
                old=csvfile.mapping_to_text(held),
                new=csvfile.mapping_to_text(mapping),
            )
        )
    return mapping, given, said


def cmd_import(args: argparse.Namespace) -> int:
    from app.exchange.bank import read_statements  # lazy: the readers

    mapping, kept, said = _csv_mapping(args)
    statements = read_statements(args.file, args.format, mapping)
    report = bank.store_statements(
        statements,
        args.file.rsplit("/", 1)[-1],
        account=args.account,
        dry_run=args.dry_run,
        csv_mapping=kept,
    )
    verb = _("would add") if report.dry_run else _("added")
    out(*said)
    n = report.statements
    out(
        _("Bank account {account}: {statements}, {verb} {added}; {known}.").format(
            account=report.account,
            statements=ngettext("{count} new statement", "{count} new statements", n).format(
                count=n
            ),
            verb=verb,
            added=ngettext("{count} line", "{count} lines", report.added).format(
                count=report.added
            ),
            known=ngettext(
                "{count} line the book already holds",
                "{count} lines the book already holds",
                report.known,
            ).format(count=report.known),
        )
    )
    for gap in report.gaps:
        out(_("Gap: {gap}").format(gap=gap))
    if report.dry_run:
        out(_("Dry run: nothing was stored."))
    return 0


def cmd_lines(args: argparse.Namespace) -> int:
    from app.read import bank as bank_read  # lazy: the matching rules

    cur = book_currency()
    rows = bank_read.lines(unmatched=args.unmatched)
    if args.json:
        print_json([bank_read.line_json(r, cur) for r in rows])
        return 0
    if not rows:
        out(_("No unmatched bank lines.") if args.unmatched else _("No bank lines."))
        return 0
    # The account: the same movement held in two accounts is two lines, not a twin.
    names = bank_read.accounts_by_id()
    head = [_("Line"), _("Booked"), _("Amount"), _("Status"), _("Account"), _("Counterparty")]
    out(
        *table(
            [[*head, _("Text")]]
            + [
                [
                    r.id,
                    said_day(r.booking_date),
                    money(cur.fmt(cur.from_minor(r.amount))),
                    _status(r.status),
                    names[r.account_id][:30],
                    r.counterparty[:30],
                    r.remittance[:40],
                ]
                for r in rows
            ],
            right={2},
        )
    )
    return 0


def _status(status: str) -> str:
    """A bank line's stored status in the language of the command."""
    return {"matched": _("matched"), "unmatched": _("unmatched")}.get(status, status)


def _confidence(text: str) -> Decimal:
    try:  # a decimal comma too ("0,9"): a confidence has no thousands to group
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal(-1)
    if not (0 <= value <= 1):
        raise UserError(
            _('The minimum confidence "{text}" must be a number from 0 to 1.').format(text=text)
        )
    return value


def _auto(least: Decimal, dry_run: bool) -> int:
    from app.exchange.bank import accept  # lazy: the exchange package

    report = accept.accept_all(least, dry_run)
    if dry_run:
        out(
            ngettext(
                "{count} proposal at or above {least} would be accepted; {below} below it or "
                "without a proposal. Dry run: nothing was posted.",
                "{count} proposals at or above {least} would be accepted; {below} below it or "
                "without a proposal. Dry run: nothing was posted.",
                len(report.accepted),
            ).format(count=len(report.accepted), least=said_figure(least), below=report.below),
            _(
                "Only a line refused when it is posted (known only then) can make the run accept fewer."
            ),
        )
        return 0
    for a in report.accepted:
        out(
            _("Bank line {line}: {document} posted ({reason})").format(
                line=a.line, document=a.document, reason=a.proposal.reason
            )
        )
    for why in report.refused:
        out(_("Not accepted: {why}").format(why=why))
    out(
        ngettext(
            "{count} line accepted, {count2} refused, {below} below {least} or without a proposal.",
            "{count} lines accepted, {count2} refused, {below} below {least} or without a "
            "proposal.",
            len(report.accepted),
        ).format(
            count=len(report.accepted),
            count2=len(report.refused),
            below=report.below,
            least=said_figure(least),
        )
    )
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    from app.read import bank as bank_read  # lazy: the matching rules

    if args.dry_run and not args.auto:
        raise UserError(
            _("--dry-run goes with --auto (without --auto, `bank match` writes nothing).")
        )
    if args.auto:  # accepting: the sure ones unless told (as the Bank view's Accept all)
        given = args.min_confidence
        return _auto(AUTO_LEAST if given is None else _confidence(given), args.dry_run)
    least = _confidence("0" if args.min_confidence is None else args.min_confidence)
    cur = book_currency()
    found = [(r, p) for r, p in bank_read.proposals() if p.confidence >= least]
    if args.json:
        print_json([bank_read.line_json(r, cur, p) for r, p in found])
        return 0
    if not found:
        out(
            _("No unmatched bank line")
            + (
                _(" with a proposal at or above {least}.").format(least=said_figure(least))
                if least
                else "."
            )
        )
        return 0
    # The account each line is in, when they are in more than one (a movement held in
    # two accounts is then told apart from a line listed twice).
    names = bank_read.accounts_by_id()
    several = len({r.account_id for r, _p in found}) > 1
    for r, p in found:
        out(
            _(
                "Line {id}  {booking_date}{account}  {amount}  -> {proposal}  (confidence {confidence}{customer})"
            ).format(
                id=r.id,
                booking_date=said_day(r.booking_date),
                account="  " + names[r.account_id] if several else "",
                amount=money(cur.fmt(cur.from_minor(r.amount))),
                proposal=proposed(p.kind, [*p.invoices, p.refund or ""]),
                confidence=said_figure(p.confidence, 2),
                customer=", " + p.customer if p.customer else "",
            ),
            f"  {p.reason}",
        )
    return 0
