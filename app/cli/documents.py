"""Customer document commands (issue 13): `pdf invoice`, `pdf statement`, `dunning`.

Registered by `app/cli/reports.py` into its `pdf` sub-parsers and the top
level. The documents are the jobs of `reports/customer_jobs.py`, the same
ones the window runs.
"""

from __future__ import annotations

import argparse

from app.cli.common import Subparsers
from app.i18n import _


def register_pdf(kinds: Subparsers) -> None:
    p = kinds.add_parser("invoice", help="an invoice to send to the customer (any kind)")
    p.add_argument("number", help="the invoice's number, e.g. INV-000001")
    p.add_argument("--out", required=True, help="the .pdf file to write")
    p.set_defaults(func=cmd_pdf_invoice, reads=True)


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
