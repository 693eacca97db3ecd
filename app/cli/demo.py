"""`acerto demo`: fill a new book with demonstration data."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import Subparsers, count, day, out
from app.i18n import _
from app.services import book


def register(sub: Subparsers) -> None:
    p = sub.add_parser("demo", help=_("fill a new book with demonstration data"))
    p.add_argument(
        "--customers", type=count, default=20, help=_("how many customers (default %(default)s)")
    )
    p.add_argument(
        "--invoices", type=count, default=200, help=_("how many invoices (default %(default)s)")
    )
    p.add_argument(
        "--seed",
        type=count,
        default=1,
        help=_("the random seed: the same seed makes the same book (default %(default)s)"),
    )
    p.add_argument("--today", metavar="D", help=_("the demo's 'today' (default: today)"))
    p.add_argument("--quiet", action="store_true", help=_("no progress on stderr"))
    p.set_defaults(func=cmd_demo, creates_book=True)


def cmd_demo(args: argparse.Namespace) -> int:
    today = day(args.today, _("demo date"))
    last = [-1]

    def progress(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if pct // 10 != last[0] // 10 and not args.quiet:
            last[0] = pct
            print(
                _("  {done:,} of {total:,} invoices").format(done=done, total=total),
                file=sys.stderr,
            )

    from app.cli.book import init_language
    from app.demo import make_demo  # lazy: only the demo needs it

    with book.transaction():  # a new book speaks the command's language, as `init` makes it
        init_language(None)

    summary = make_demo(
        customers=args.customers,
        invoices=args.invoices,
        seed=args.seed,
        today=today,
        progress=progress,
    )
    out(str(summary))
    return 0
