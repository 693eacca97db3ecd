"""The command line (SPEC §8): every operation of the window, scriptable.

Shape of a command
------------------
Each subcommand is an argparse sub-parser whose handler is attached with
``parser.set_defaults(func=handler)``. A handler receives the parsed
``argparse.Namespace`` and returns the exit code (``int``). ``main`` opens
the book once (``book.open_book(url)``) before calling any handler, except
for the window (no command) and ``screenshot``, which open it themselves.
Handlers call the services of ``app/`` (one user action, one transaction)
and never catch ``UserError``: ``main`` turns it into one sentence on
stderr and exit code 1, and so is a storage fault (disk full, read-only or
damaged book: ``app.services.storage.fault_sentence``); anything else is a
bug, shown as "Internal error" with its traceback and exit code 3
(argparse's usage errors exit 2). A command that only reads says so with
``set_defaults(reads=True)``; every other command first has the book's
quick integrity check (once, ``storage.refuse_damaged_book``). A book
file that does not exist is refused with a sentence, creating nothing,
except by the commands that make one (``set_defaults(creates_book=True)``:
``init``, ``demo``) and the window's first start; ``restore`` (a book back
from its backup) and ``screenshot`` (a demo book in a temporary file when
the named one is missing) handle their book themselves. A
command that met another user's transaction (a busy book, a deadlock) is
run again from the opening of the book, a few times, and then ends in the
sentence "The book is busy: ..." (app/services/retry.py).

This module holds the parser's top and ``main``; each command group lives
in its own module (book.py, demo.py, customers.py, orders.py, invoices.py,
payments.py, corrections.py, show.py, window.py, reports.py), which
exposes ``register(subparsers)`` adding its sub-parsers with the
``set_defaults(func=...)`` convention. The command line is a face: it
parses, calls ``app/`` (services to act, read models to show) and prints;
it holds no SQL and imports neither peewee nor the tables.

Report commands (``aging``, ``pdf``, ``import``, ``export``) live in
``app/cli/reports.py``; this module registers them when that module
exists.

Commands that create a document print its number (a settlement: its id)
as the last line of stdout, so scripts can ``tail -n 1``. Dates default to
today: the command line is the one face that reads the clock (common.py);
the domain receives dates as parameters.
"""

from __future__ import annotations

import gc
import sys

# Python's cyclic collector waits while the engine's modules load (peewee, the tables,
# their dataclasses: objects that live as long as the process, walked ~40 times for
# nothing, 7-14 ms of CPU at every start; issue 12). It runs again below.
_COLLECTING = gc.isenabled()
gc.disable()
# And peewee is imported without PostgreSQL's driver (psycopg2 with libpq, OpenSSL,
# Kerberos: ~25 ms of CPU), which a SQLite book never uses: a PostgreSQL book gives it
# to peewee when it is opened (models/pg_driver.py).
_DRIVER_HIDDEN = "peewee" not in sys.modules and "psycopg2" not in sys.modules
if _DRIVER_HIDDEN:
    sys.modules["psycopg2"] = None  # type: ignore[assignment]  # import psycopg2: ImportError

import argparse  # noqa: E402
import importlib  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import TYPE_CHECKING, NoReturn  # noqa: E402

from app import i18n  # noqa: E402
from app.errors import UserError  # noqa: E402
from app.i18n import _  # noqa: E402
from app.rules.limits import bad_characters, escape  # noqa: E402
from app.services import book, storage  # noqa: E402
from app.services import book as services_book  # noqa: E402
from app.services.retry import retrying  # noqa: E402

if _DRIVER_HIDDEN and sys.modules.get("psycopg2", False) is None:
    del sys.modules["psycopg2"]  # importable again (models/pg_driver.py loads it)
if _COLLECTING:
    gc.enable()

if TYPE_CHECKING:
    from app.cli.common import Handler, Subparsers

ENV_BOOK = book.ENV_BOOK


# ---------------------------------------------------------------- parser


def _reports_unavailable(reason: str) -> Handler:
    def handler(args: argparse.Namespace) -> int:
        print(_("The reports are not available: {reason}").format(reason=reason), file=sys.stderr)
        return 1

    return handler


def _register_reports(sub: Subparsers) -> None:
    try:
        present = (
            "app.cli.reports" in sys.modules
            or importlib.util.find_spec("app.cli.reports") is not None
        )
    except (ImportError, ValueError):
        present = False
    if not present:
        return
    try:
        cli_reports = importlib.import_module("app.cli.reports")
    except Exception as exc:
        handler = _reports_unavailable(f"{type(exc).__name__}: {exc}")
        for name in ("aging", "pdf", "import", "export"):
            p = sub.add_parser(name, help=_("(not available)"))
            p.add_argument("rest", nargs=argparse.REMAINDER)
            p.set_defaults(func=handler)
        return
    cli_reports.register(sub)


class _Parser(argparse.ArgumentParser):
    """argparse, with what the user typed escaped when a usage error quotes it."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        said = {"prog": self.prog, "message": escape(message, keep_lines=True)}
        self.exit(2, _("%(prog)s: error: %(message)s\n") % said)


def _language(text: str) -> str:
    """--lang: en, pt_BR, es as users write them (pt, pt-BR, es_ES.UTF-8 …)."""
    lang = i18n.normalise(text)
    if lang == "en" and not text.strip().lower().startswith(("en", "c", "posix")):
        raise argparse.ArgumentTypeError(
            _('"{text}" is not a language of Acerto; the languages are {languages}.').format(
                text=text, languages=", ".join(i18n.LANGUAGES)
            )
        )
    return lang


def _top_parser() -> argparse.ArgumentParser:
    """The parser's top: --book and --lang (what the window takes)."""
    parser = _Parser(
        prog="acerto",
        description=_(
            "Acerto: receivables reconciliation — orders, invoices, payments, settlements."
        ),
        epilog=_(
            "Without a command the window opens. The book defaults to ${variable} or "
            "book.sqlite in the user's data folder."
        ).format(variable=book.ENV_BOOK),
    )
    parser.add_argument(
        "--book", metavar="PATH_OR_URL", help=_("SQLite file or postgresql://user@host:port/dbname")
    )
    parser.add_argument(
        "--lang",
        dest="messages_language",  # not "language": a command may have its own --language
        metavar="L",
        type=_language,
        help=_(
            "language of the messages: en, pt_BR or es (default: LANGUAGE, LC_ALL, LC_MESSAGES, LANG)"
        ),
    )
    return parser


# Which module registers each command, in the order of `acerto --help` (issue 12:
# start of small commands). A command line naming one of these words builds the
# parser of its group alone: `acerto show invoice X` imports app.cli.show and none
# of the other groups (nor their services). Each module keeps its `register`.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("app.cli.book", "register_init", ("init",)),
    ("app.cli.demo", "register", ("demo",)),
    ("app.cli.customers", "register", ("customer",)),
    ("app.cli.orders", "register", ("order",)),
    ("app.cli.invoices", "register", ("invoice",)),
    ("app.cli.payments", "register", ("payment", "settle", "unsettle", "refund")),
    ("app.cli.payouts", "register", ("payout",)),
    ("app.cli.bank", "register", ("bank",)),
    ("app.cli.corrections", "register", ("credit-note", "correct", "unbilled")),
    ("app.cli.show", "register", ("show",)),
    ("app.cli.book", "register", ("settings", "check", "backup", "restore")),
    ("app.cli.window", "register", ("screenshot",)),
    ("app.cli.desktop", "register", ("install-desktop",)),
    ("app.cli.reports", "", ("aging", "pdf", "import", "export", "dunning")),
)


def _register_group(sub: Subparsers, module: str, function: str) -> None:
    if not function:
        _register_reports(sub)
        return
    # The package's name `book` is the book service: loading the submodule
    # app.cli.book (which rebinds `book`) is undone.
    getattr(importlib.import_module(module), function)(sub)
    globals()["book"] = services_book


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with `command` (a word of GROUPS) only its group's."""
    # Each command group is imported here, not at the top: `acerto` alone (the
    # window) loads none of them (issue 12: start to the painted window).
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module, function, words in GROUPS:
        if command is None or command in words:
            _register_group(sub, module, function)
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The command typed after --book/--lang, when it is one of GROUPS' words."""
    i = 0
    while i < len(argv):
        if argv[i] in ("--book", "--lang"):
            i += 2
        elif argv[i].startswith(("--book=", "--lang=")):
            i += 1
        else:
            break
    word = argv[i] if i < len(argv) else None
    known = any(word in words for _m, _f, words in GROUPS)
    return word if known else None


# ---------------------------------------------------------------- main


def _refuse_undecodable(argv: Sequence[str]) -> None:
    """An argument with bytes the locale could not decode (Python keeps them as lone
    surrogates) is refused before anything looks it up or stores it."""
    for arg in argv:
        problem = bad_characters(str(arg), multiline=True)
        if problem is not None and "not text" in problem:
            raise UserError(
                _('The argument "{arg}" {problem}.').format(arg=escape(str(arg)), problem=problem)
            )


def main(argv: Sequence[str] | None = None) -> int:
    """One command in the language of --lang or the environment (the caller's language after)."""
    before = i18n.current()
    try:
        return _command(argv)
    finally:
        i18n.set_language(before)


def _window_only(argv: Sequence[str]) -> bool:
    """Only --book and --lang, no command: the window opens, no command group is needed."""
    i = 0
    while i < len(argv):
        if argv[i] in ("--book", "--lang") and i + 1 < len(argv):
            i += 2
        elif argv[i].startswith(("--book=", "--lang=")):
            i += 1
        else:
            return False
    return True


def _argparse_in_our_language() -> None:
    """argparse's own sentences ("usage:", "options", "the following arguments are
    required") through the engine's catalogue, in the language chosen: argparse
    writes them with the `_` and `ngettext` it imported from gettext, which know
    neither --lang nor our catalogue, and looks both names up in its module each
    time. The sentences are listed for the catalogue in app/cli/argparse_texts.py."""
    setattr(argparse, "_", i18n._)  # noqa: B010 (not a public attribute of argparse)
    setattr(argparse, "ngettext", i18n.ngettext)  # noqa: B010


def _asked_language(words: Sequence[str]) -> str:
    """The language of --lang if it reads as one, else the environment's: the parser's
    help and usage errors are written in it, so it is known before the parser is built."""
    asked = None
    i = 0
    while i < len(words) and words[i].startswith("-") and words[i] != "--":
        # Only the options before the command: `customer add --lang L` is the customer's.
        word = words[i]
        if word in ("--lang", "--book") and i + 1 < len(words):
            asked = words[i + 1] if word == "--lang" else asked
            i += 2
            continue
        if word.startswith("--lang="):
            asked = word.partition("=")[2]
        i += 1
    if asked is not None:
        try:
            return _language(asked)
        except argparse.ArgumentTypeError:
            pass  # the parser says so, in the environment's language
    return i18n.from_environment()


def _command(argv: Sequence[str] | None) -> int:
    # The book service, held here: importing the submodule app.cli.book late (the
    # demo command does) rebinds this package's name `book` to it.
    book = globals()["book"] = services_book
    words = sys.argv[1:] if argv is None else list(argv)
    i18n.set_language(_asked_language(words))
    _argparse_in_our_language()
    parser = _top_parser() if _window_only(words) else build_parser(_command_word(words))
    try:
        args, extra = parser.parse_known_args(argv)
        # A command's list of documents may come after its options too
        # (`settle PAY --amount 500 INV-2`): argparse has taken the list by
        # then, so the words left over join it (set_defaults(intermixed=NAME)).
        field = getattr(args, "intermixed", None)
        if extra and field and not any(e.startswith("-") for e in extra):
            getattr(args, field).extend(extra)
        elif extra:
            args = parser.parse_args(argv)  # the usual usage error
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    i18n.set_language(getattr(args, "messages_language", None) or i18n.from_environment())
    func: Handler | None = getattr(args, "func", None)
    url = ""
    try:
        _refuse_undecodable(sys.argv[1:] if argv is None else argv)
        # Only a file path or a postgresql:// URL; the password never shown (book_label).
        url = args.book_url = book.book_location(args.book or book.default_book_path())
        if func is None:
            from app.cli.window import run_window

            return run_window(url)
        if getattr(args, "no_book", False):
            return func(args)
        if not getattr(args, "creates_book", False):
            book.refuse_missing_book(url)  # a mistyped path never becomes a new book

        def action() -> int:
            book.open_book_or_refuse(url, create=bool(getattr(args, "creates_book", False)))
            try:
                if not getattr(args, "reads", False):
                    # Once per command, before its first posting (a read needs no check).
                    storage.refuse_damaged_book(url)
                return func(args)
            finally:
                book.close_book()

        # One command is one user action: tried again while other users keep the book busy.
        return retrying(action)
    except UserError as exc:
        # Messages quote what was typed or read: never send its control characters raw.
        print(escape(book.redact(str(exc), url), keep_lines=True), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted; the book is unchanged by the unfinished action."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader closed our output (`acerto ... | head -1`): the action was
        # done; stop writing quietly instead of calling it a bug.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        # Disk full, read-only, damaged: a posting has been rolled back.
        outcome = _("it could not be read") if getattr(args, "reads", False) else None
        sentence = storage.fault_sentence(exc, url, outcome)
        if sentence is not None:
            print(escape(book.redact(sentence, url), keep_lines=True), file=sys.stderr)
            return 1
        why = escape(book.redact(str(exc), url))
        print(
            _("Internal error: {name}: {why}").format(name=type(exc).__name__, why=why),
            file=sys.stderr,
        )
        import traceback  # lazy: only a bug prints one

        print(escape(book.redact(traceback.format_exc(), url), keep_lines=True), file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
