"""Customer document commands (issue 13): `pdf invoice`, `pdf statement`, `dunning`.

Registered by `app/cli/reports.py` into its `pdf` sub-parsers and the top
level. The documents are the jobs of `reports/customer_jobs.py`, the same
ones the window runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import Subparsers, said_day
from app.errors import UserError
from app.i18n import _, ngettext, said_money


def register_pdf(kinds: Subparsers) -> None:
    p = kinds.add_parser("invoice", help=_("an invoice to send to the customer (any kind)"))
    p.add_argument("number", help=_("the invoice's number, e.g. INV-000001"))
    p.add_argument("--out", required=True, help=_("the .pdf file to write"))
    p.set_defaults(func=cmd_pdf_invoice, reads=True)
    register_statement(kinds)


def register(sub: Subparsers) -> None:
    """Top-level commands (dunning)."""
    p = sub.add_parser("dunning", help=_("payment reminders: who gets which level, the letters"))
    p.add_argument("--as-of", help=_("the date of the run (YYYY-MM-DD; default today)"))
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=_("list who gets which level and why; record nothing"),
    )
    p.add_argument("--out-dir", help=_("write one reminder letter (.pdf) per customer here"))
    p.set_defaults(func=cmd_dunning)


def add_dunning_flags(edit: argparse.ArgumentParser) -> None:
    """`customer edit --no-dunning` / `--dunning`: out of the reminder runs, or back in."""
    group = edit.add_mutually_exclusive_group()
    group.add_argument(
        "--no-dunning", dest="dunning", action="store_false", default=None,
        help=_("send this customer no payment reminders"),
    )  # fmt: skip
    group.add_argument(
        "--dunning", dest="dunning", action="store_true", default=None,
        help=_("send this customer payment reminders again"),
    )  # fmt: skip


def set_dunning(args: argparse.Namespace) -> bool:
    """Apply --dunning / --no-dunning of `customer edit`; whether one was given."""
    from app.services import dunning

    if getattr(args, "dunning", None) is None:
        return False
    dunning.set_dunning(args.code, bool(args.dunning))
    return True


def cmd_dunning(args: argparse.Namespace) -> int:
    from app.cli.common import day
    from app.services.dunning import check_no_future, describe
    from reports.customer_jobs import dunning_run

    as_of = day(args.as_of, _("as-of date"))
    folder = _folder(args.out_dir) if args.out_dir else None
    if not args.dry_run:
        check_no_future(as_of, day(None))
    run, written = dunning_run(as_of, folder, record=not args.dry_run)
    for line in describe(run):
        print(line)
    if args.dry_run:
        print(_("Dry run: no reminder level was recorded."))
    who = ngettext(
        "{count} customer gets a reminder on {date};",
        "{count} customers get a reminder on {date};",
        len(run.customers),
    ).format(count=len(run.customers), date=said_day(as_of))
    letters = ngettext("{letters} letter written.", "{letters} letters written.", len(written))
    print(who, letters.format(letters=len(written)))
    if folder is not None:
        print(folder)
    return 0


def cmd_pdf_invoice(args: argparse.Namespace) -> int:
    from app.cli.reports import _out
    from reports.customer_jobs import invoice_pdf

    out = _out(args.out, ".pdf")
    data = invoice_pdf(out, args.number)
    print(
        ngettext(
            "Invoice {number}: {lines} line, total {total}.",
            "Invoice {number}: {lines} lines, total {total}.",
            len(data.lines),
        ).format(
            number=data.number, lines=len(data.lines), total=said_money(data.currency)(data.total)
        )
    )
    print(out)
    return 0


def register_statement(kinds: Subparsers) -> None:
    p = kinds.add_parser("statement", help=_("statement of account of a customer over a period"))
    p.add_argument("customer", nargs="?", help=_("the customer's code (or --all)"))
    p.add_argument("--all", action="store_true", help=_("every customer with a balance or credit"))
    p.add_argument("--from", dest="date_from", required=True, help=_("first date (YYYY-MM-DD)"))
    p.add_argument("--to", dest="date_to", required=True, help=_("last date (YYYY-MM-DD)"))
    p.add_argument("--out", help=_("the .pdf file to write (one customer)"))
    p.add_argument("--out-dir", help=_("the folder for one .pdf per customer (--all)"))
    p.set_defaults(func=cmd_pdf_statement, reads=True)


def cmd_pdf_statement(args: argparse.Namespace) -> int:
    from app.cli.reports import _out
    from app.rules.dates import parse_date
    from reports.customer_jobs import statement_pdf, statement_pdfs

    start = parse_date(args.date_from, _("start date"))
    end = parse_date(args.date_to, _("end date"))
    if args.all:
        if args.customer or args.out or not args.out_dir:
            raise UserError(_("With --all, name no customer and give --out-dir DIR, not --out."))
        folder = _folder(args.out_dir)

        def progress(done: int, total: int) -> None:
            print(_("{done} of {total} statements").format(done=done, total=total), file=sys.stderr)

        written = statement_pdfs(folder, start, end, progress=progress)
        count = len(written)
        print(
            ngettext("{count} statement written.", "{count} statements written.", count).format(
                count=count
            )
        )
        print(folder)
        return 0
    if not args.customer or not args.out or args.out_dir:
        raise UserError(_("Name a customer and give --out FILE (or --all with --out-dir DIR)."))
    out = _out(args.out, ".pdf")
    s = statement_pdf(out, args.customer, start, end)
    print(
        ngettext(
            "Statement of {code}: {lines} line, closing balance {closing}.",
            "Statement of {code}: {lines} lines, closing balance {closing}.",
            len(s.lines),
        ).format(
            code=s.customer.code, lines=len(s.lines), closing=said_money(s.currency)(s.closing)
        )
    )
    print(out)
    return 0


def _folder(path: str) -> Path:
    """An --out-dir folder; the batch makes it if it is new, once the command's input
    has been accepted (reports/job_common.py: out_folder)."""
    return Path(path)
