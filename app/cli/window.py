"""The window from the command line: started lazily, so the command line runs without Qt."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def register(sub: Subparsers) -> None:
    p = sub.add_parser("screenshot", help=_("main window and every dialog as PNG"))
    p.add_argument("dir", metavar="DIR", help=_("the folder to write the PNG files into"))
    p.add_argument(
        "--lang",
        choices=("en", "pt_BR", "es"),
        default="en",
        help=_("the window's language (default en)"),
    )
    p.set_defaults(func=cmd_screenshot, no_book=True)


def run_window(book_url: str) -> int:
    # Python's cyclic collector waits while the window starts: importing Qt and the
    # window's modules makes thousands of objects that live as long as the process,
    # which it would otherwise walk about 35 times for nothing (8-12 ms of CPU before
    # the first paint; issue 12). The window collects again after its first paint.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            from ui.main import run_window as window
        except Exception as exc:  # the window is optional; the command line still works
            print(_("The window is not available: {exc}").format(exc=exc), file=sys.stderr)
            return 1
        result = window(book_url)
        return int(result or 0)
    finally:
        if collecting:
            gc.enable()


def cmd_screenshot(args: argparse.Namespace) -> int:
    try:
        from ui.screenshot import take_screenshots
    except Exception as exc:
        print(_("The window is not available: {exc}").format(exc=exc), file=sys.stderr)
        return 1
    errors: list[str] = []
    result = take_screenshots(args.book_url, args.dir, getattr(args, "lang", "en"), errors=errors)
    if isinstance(result, (list, tuple)):
        for path in result:
            print(path)
    for error in errors:  # no document of the book opens this dialog without an error
        name, _sep, message = error.partition(": ")
        print(
            _(
                "No picture of the {name} dialog: no document of this book opens it without an error ({message})."
            ).format(name=name, message=message),
            file=sys.stderr,
        )
    return 0
