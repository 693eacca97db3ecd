"""Customer document commands (issue 13): `pdf invoice`, `pdf statement`, `dunning`.

Registered by `app/cli/reports.py` into its `pdf` sub-parsers and the top
level. The documents are the jobs of `reports/customer_jobs.py`, the same
ones the window runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import Subparsers
from app.errors import UserError
from app.i18n import _


def register_pdf(kinds: Subparsers) -> None:
    p = kinds.add_parser("invoice", help="an invoice to send to the customer (any kind)")
    p.add_argument("number", help="the invoice's number, e.g. INV-000001")
    p.add_argument("--out", required=True, help="the .pdf file to write")
    p.set_defaults(func=cmd_pdf_invoice, reads=True)
    register_statement(kinds)


def register(sub: Subparsers) -> None:
    """Top-level commands (dunning)."""


def cmd_pdf_invoice(args: argparse.Namespace) -> int:
    from app.cli.reports import _out
    from reports.customer_jobs import invoice_pdf

    out = _out(args.out, ".pdf")
    data = invoice_pdf(out, args.number)
    print(
        _("Invoice {number}: {lines} lines, total {total}.").format(
            number=data.number, lines=len(data.lines), total=data.currency.fmt(data.total)
        )
    )
    print(out)
    return 0


def register_statement(kinds: Subparsers) -> None:
    p = kinds.add_parser("statement", help="statement of account of a customer over a period")
    p.add_argument("customer", nargs="?", help="the customer's code (or --all)")
    p.add_argument("--all", action="store_true", help="every customer with a balance or credit")
    p.add_argument("--from", dest="date_from", required=True, help="first date (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", required=True, help="last date (YYYY-MM-DD)")
    p.add_argument("--out", help="the .pdf file to write (one customer)")
    p.add_argument("--out-dir", help="the folder for one .pdf per customer (--all)")
    p.set_defaults(func=cmd_pdf_statement, reads=True)


def cmd_pdf_statement(args: argparse.Namespace) -> int:
    from app.cli.reports import _out
    from app.rules.dates import parse_date
    from reports.customer_jobs import statement_pdf, statement_pdfs

    start = parse_date(args.date_from, "start date")
    end = parse_date(args.date_to, "end date")
    if args.all:
        if args.customer or args.out or not args.out_dir:
            raise UserError(_("With --all, name no customer and give --out-dir DIR, not --out."))
        folder = _folder(args.out_dir)

        def progress(done: int, total: int) -> None:
            print(_("{done} of {total} statements").format(done=done, total=total), file=sys.stderr)

        written = statement_pdfs(folder, start, end, progress=progress)
        print(_("{count} statements written.").format(count=len(written)))
        print(folder)
        return 0
    if not args.customer or not args.out or args.out_dir:
        raise UserError(_("Name a customer and give --out FILE (or --all with --out-dir DIR)."))
    out = _out(args.out, ".pdf")
    s = statement_pdf(out, args.customer, start, end)
    print(
        _("Statement of {code}: {lines} lines, closing balance {closing}.").format(
            code=s.customer.code, lines=len(s.lines), closing=s.currency.fmt(s.closing)
        )
    )
    print(out)
    return 0


def _folder(path: str) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise UserError(_('The folder "{path}" does not exist.').format(path=path))
    return folder
