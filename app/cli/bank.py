"""`acerto bank`: statements in, their lines listed, and what each should settle (issue 11)."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation

from app.cli.common import (
    Subparsers,
    book_currency,
    money,
    opt_day,
    out,
    print_json,
    table,
    whole,
)
from app.errors import UserError
from app.rules.statement import STATEMENT_FORMATS
from app.services import bank


def register(sub: Subparsers) -> None:
    p = sub.add_parser("bank", help="bank statements: import, lines, matching proposals")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    imp = actions.add_parser(
        "import", help="read a statement file (camt.053, OFX, Norma 43, MT940, CSV)"
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--account", metavar="NAME", help="the bank account's name in the book")
    imp.add_argument("--format", choices=STATEMENT_FORMATS, default="auto")
    imp.add_argument("--dry-run", action="store_true", help="read and report; store nothing")
    imp.add_argument(
        "--map",
        metavar="ROLE=COLUMN,...",
        help="CSV columns: date=,amount= (or debit=,credit=),reference=,counterparty=,iban=,"
        "value_date=,day_first=yes|no; kept for the account's next CSV file",
    )
    imp.set_defaults(func=cmd_import)

    ls = actions.add_parser("lines", help="the statement lines, oldest first")
    ls.add_argument("--unmatched", action="store_true", help="only lines not yet matched")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_lines, reads=True)

    match = actions.add_parser(
        "match", help="what each unmatched line should settle, how sure, and why (writes nothing)"
    )
    match.add_argument(
        "--min-confidence", metavar="X", default="0", help="only proposals at or above X (0 to 1)"
    )
    match.add_argument("--json", action="store_true")
    match.add_argument(
        "--auto", action="store_true", help="accept every proposal at or above --min-confidence"
    )
    match.add_argument(
        "--dry-run", action="store_true", help="with --auto: count what would be accepted"
    )
    match.set_defaults(func=cmd_match)

    acc = actions.add_parser("accept", help="post a bank line: its proposal, or --invoice N...")
    acc.add_argument("line", metavar="LINE", help="the bank line's id (bank lines)")
    acc.add_argument(
        "--invoice", metavar="N", action="append", default=[], help="settle these invoices"
    )
    acc.set_defaults(func=cmd_accept)

    un = actions.add_parser(
        "unmatch", help="take back what accepting a line posted (unsettle, receipt taken back)"
    )
    un.add_argument("line", metavar="LINE", help="the bank line's id")
    un.add_argument("--date", metavar="D", help="date of the reversal (default the line's date)")
    un.set_defaults(func=cmd_unmatch)


def cmd_import(args: argparse.Namespace) -> int:
    from app.exchange.bank import csvfile, read_statements  # lazy: the readers

    cur = book_currency()
    mapping, kept = None, None
    if args.map:
        mapping = csvfile.mapping_from_text(args.map, cur.code, cur.places)
        kept = csvfile.mapping_to_json(mapping)
    elif args.account:
        mapping = csvfile.mapping_from_json(bank.csv_mapping_of(args.account), cur.code, cur.places)
    statements = read_statements(args.file, args.format, mapping)
    report = bank.store_statements(
        statements,
        args.file.rsplit("/", 1)[-1],
        account=args.account,
        dry_run=args.dry_run,
        csv_mapping=kept,
    )
    verb = "would add" if report.dry_run else "added"
    out(
        f"Bank account {report.account}: {report.statements} new statement(s), {verb} "
        f"{report.added} line(s); {report.known} line(s) the book already holds."
    )
    for gap in report.gaps:
        out(f"Gap: {gap}")
    if report.dry_run:
        out("Dry run: nothing was stored.")
    return 0


def cmd_lines(args: argparse.Namespace) -> int:
    from app.read import bank as bank_read  # lazy: the matching rules

    cur = book_currency()
    rows = bank_read.lines(unmatched=args.unmatched)
    if args.json:
        print_json([bank_read.line_json(r, cur) for r in rows])
        return 0
    out(
        *table(
            [["Line", "Booked", "Amount", "Status", "Counterparty", "Text"]]
            + [
                [
                    r.id,
                    r.booking_date.isoformat(),
                    money(cur.fmt(cur.from_minor(r.amount))),
                    r.status,
                    r.counterparty[:30],
                    r.remittance[:40],
                ]
                for r in rows
            ],
            right={2},
        )
        or ["No bank lines."]
    )
    return 0


def _confidence(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not (0 <= value <= 1):
        raise UserError(f'The minimum confidence "{text}" must be a number from 0 to 1.')
    return value


def cmd_accept(args: argparse.Namespace) -> int:
    from app.exchange.bank import accept  # lazy: the exchange package

    done = accept.accept(whole(args.line, "bank line"), args.invoice)
    out(f"Bank line {done.line}: {done.document} posted.", done.document)
    return 0


def cmd_unmatch(args: argparse.Namespace) -> int:
    row = bank.unmatch_line(whole(args.line, "bank line"), opt_day(args.date))
    out(
        f"Bank line {row.id} unmatched: its payment's settlements are undone and the "
        "receipt taken back."
    )
    return 0


def _auto(least: Decimal, dry_run: bool) -> int:
    from app.exchange.bank import accept  # lazy: the exchange package

    report = accept.accept_all(least, dry_run)
    if dry_run:
        out(
            f"{len(report.accepted)} proposal(s) at or above {least} would be accepted; "
            f"{report.below} below it or without a proposal. Dry run: nothing was posted."
        )
        return 0
    for a in report.accepted:
        out(f"Bank line {a.line}: {a.document} posted ({a.proposal.reason})")
    for why in report.refused:
        out(f"Not accepted: {why}")
    out(
        f"{len(report.accepted)} line(s) accepted, {len(report.refused)} refused, "
        f"{report.below} below {least} or without a proposal."
    )
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    from app.read import bank as bank_read  # lazy: the matching rules

    least = _confidence(args.min_confidence)
    if args.dry_run and not args.auto:
        raise UserError("--dry-run goes with --auto (without --auto, `bank match` writes nothing).")
    if args.auto:
        return _auto(least, args.dry_run)
    cur = book_currency()
    found = [(r, p) for r, p in bank_read.proposals() if p.confidence >= least]
    if args.json:
        print_json([bank_read.line_json(r, cur, p) for r, p in found])
        return 0
    if not found:
        out("No unmatched bank line" + (f" with a proposal at or above {least}." if least else "."))
        return 0
    for r, p in found:
        settles = (
            ", ".join(p.invoices) or p.refund or ("on account" if p.kind == "account" else "-")
        )
        out(
            f"Line {r.id}  {r.booking_date.isoformat()}  {money(cur.fmt(cur.from_minor(r.amount)))}"
            f"  -> {p.kind} {settles}  (confidence {p.confidence:.2f}{', ' + p.customer if p.customer else ''})",
            f"  {p.reason}",
        )
    return 0
