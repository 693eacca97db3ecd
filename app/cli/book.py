"""Book commands: init, settings, check, backup, restore."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal

from app import i18n
from app.cli.common import Subparsers, out, print_json, table
from app.i18n import _, ngettext, said_figure, said_money
from app.services import book
from app.services.journal import last_entry


def register_init(sub: Subparsers) -> None:
    p = sub.add_parser("init", help=_("set a new book's currency and company"))
    p.add_argument("--currency", default="EUR", help=_("ISO 4217 code (default EUR)"))
    p.add_argument("--company", help=_("company name"))
    p.add_argument("--address", help=_("company address"))
    p.add_argument("--tax-id", help=_("company tax id"))
    p.add_argument("--terms", help=_('default payment terms, e.g. "net 30"'))
    p.add_argument(
        "--language",
        dest="book_language",
        help=_(
            "language of the book's stored texts (explanations, journal): en, pt_BR or es "
            "(default: the language of the command)"
        ),
    )
    p.set_defaults(func=cmd_init, creates_book=True)


def register(sub: Subparsers) -> None:
    p = sub.add_parser("settings", help=_("show or change the book's settings"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object"))
    p.set_defaults(func=cmd_settings, reads=True)
    ssub = p.add_subparsers(dest="action", metavar="ACTION")
    s = ssub.add_parser("set", help=_("change one setting"))
    s.add_argument("key", metavar="KEY", help=_("the setting's name, as `settings` lists it"))
    s.add_argument(
        "value",
        metavar="VALUE",
        help=_(
            "its new value: yes or no (also sim/não, sí/no) for a yes/no setting; "
            "0.50 or 0,50 for an amount"
        ),
    )
    s.set_defaults(func=cmd_settings_set, reads=False)

    p = sub.add_parser("check", help=_("integrity: journal, balances, database"))
    p.add_argument(
        "--replay",
        action="store_true",
        help=_("replay the history through the rules into a scratch book and compare"),
    )
    p.add_argument(
        "--full",
        action="store_true",
        help=_(
            "SQLite's full integrity check (every index against its table) instead of the quick one"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print one JSON object"))
    p.set_defaults(func=cmd_check, reads=True)

    p = sub.add_parser("backup", help=_("copy the book to a new file"))
    p.add_argument("dest", metavar="DEST", help=_("the new file to copy the book to"))
    p.set_defaults(func=cmd_backup, reads=True)

    p = sub.add_parser(
        "restore", help=_("replace the book with a backup copy (the old one is kept)")
    )
    p.add_argument("backup", metavar="BACKUP", help=_("the backup copy to restore"))
    p.set_defaults(func=cmd_restore, no_book=True)


def cmd_init(args: argparse.Namespace) -> int:
    book.initialise(args.currency, args.company or "")
    if args.address:
        book.set_setting("company_address", args.address)
    if args.tax_id:
        book.set_setting("company_tax_id", args.tax_id)
    if args.terms:
        book.set_setting("default_terms", args.terms)
    init_language(args.book_language)
    s = book.settings()
    out(
        _(
            'Book {book_label} ready: currency {currency}, company "{company_name}", default terms {default_terms}.'
        ).format(
            book_label=book.book_label(args.book_url),
            currency=s["currency"],
            company_name=s["company_name"],
            default_terms=s["default_terms"],
        )
    )
    return 0


def init_language(language: str | None) -> None:
    """A new book writes its stored texts in the language asked, else the command's
    (a book with postings keeps its language unless one is asked)."""
    if not language and last_entry():
        return
    lang = language or i18n.current()
    if lang != book.setting("language"):
        book.set_setting("language", lang)


def said_setting(key: str, value: str) -> str:
    """A setting's value as the reader reads it: yes and no in their language, an
    amount with their decimal comma (the JSON and the book keep the plain form)."""
    if key in book.BOOLEAN_KEYS:
        return _("yes") if value == "yes" else _("no")
    if key in book.AMOUNT_KEYS:
        return said_money(book.currency())(Decimal(value))
    return value


def cmd_settings(args: argparse.Namespace) -> int:
    s = book.settings()
    if args.json:
        print_json(s)
    else:
        out(*table([(k, said_setting(k, v)) for k, v in s.items()], indent=""))
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    stored = book.set_setting(args.key, args.value)
    out(_("{key} = {stored}").format(key=args.key, stored=said_setting(args.key, stored)))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.read.check import check_book

    if args.replay:
        return _check_replay()
    report = check_book(full=args.full)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "damaged": report.damaged,
                "integrity_check": report.integrity,
                "physical_check": report.physical,
                "seconds": round(report.seconds, 3),
                "problems": report.problems,
                "facts": report.facts,
            }
        )
        return 0 if report.ok else 1
    for fact in report.facts:
        print(fact)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.ok:
        print(_("The book is consistent."))
        return 0
    count = len(report.problems)
    print(
        ngettext("The book has {count} problem.", "The book has {count} problems.", count).format(
            count=count
        ),
        file=sys.stderr,
    )
    return 1


def _check_replay() -> int:
    from app.exchange import replay_check

    replay = replay_check()
    for difference in replay.differences:
        print(difference, file=sys.stderr)
    if replay.differences:
        print(
            ngettext(
                "Replay: {count} difference.",
                "Replay: {count} differences.",
                len(replay.differences),
            ).format(count=len(replay.differences)),
            file=sys.stderr,
        )
        return 1
    c = replay.counts
    print(
        _("Replay: no difference ({documents}, {settlements}, {lines}) in {seconds} s.").format(
            documents=ngettext("{count} document", "{count} documents", c["documents"]).format(
                count=c["documents"]
            ),
            settlements=ngettext(
                "{count} settlement", "{count} settlements", c["settlements"]
            ).format(count=c["settlements"]),
            lines=ngettext(
                "{count} journal line", "{count} journal lines", c["journal lines"]
            ).format(count=c["journal lines"]),
            seconds=said_figure(replay.seconds, 1),
        )
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.read.check import backup

    path = backup(args.dest, args.book_url)
    out(_("Backup written to {path}.").format(path=path), str(path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.storage import restore_book

    done = restore_book(args.backup, args.book_url)
    if done.kept is not None:
        out(_("The book as it was is kept as {kept}.").format(kept=done.kept))
    out(
        _("Book {book} restored from {backup}; its integrity check passed.").format(
            book=done.book, backup=args.backup
        ),
        done.book,
    )
    return 0
