"""argparse's own sentences ("usage:", "options", "the following arguments are
required: ...") in the reader's language, from the engine's catalogue.

argparse writes them through the `_` and `ngettext` it imported from gettext,
which read gettext's global domain and the environment only: neither --lang
nor our catalogue would reach them. `route_argparse` points those two names
at app/i18n's, so they are translated in the language the command line
chose (English: the text itself, as before). The sentences are listed here,
exactly as argparse writes them (Python 3.11+), so that Babel extracts them
into the catalogue with the rest.
"""

from __future__ import annotations

import argparse

from app import i18n
from app.i18n import N_, ngettext

# The ones a user meets: help headings and usage errors.
TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unexpected option string: %s"),
)


def _plurals(count: int) -> str:
    """The plural argparse writes (listed for the extraction)."""
    return ngettext("expected %s argument", "expected %s arguments", count)


def route_argparse() -> None:
    """Make argparse translate through the engine's catalogue from now on."""
    # argparse looks both names up in its module when it writes a sentence.
    setattr(argparse, "_", i18n._)  # noqa: B010 (not a public attribute of argparse)
    setattr(argparse, "ngettext", i18n.ngettext)  # noqa: B010
