"""argparse's own sentences, listed for the engine's catalogue.

argparse writes "usage:", "options", "the following arguments are required:
..." with the `_` and `ngettext` it imported from gettext; app/cli/__init__.py
(`_argparse_in_our_language`) points those at app/i18n's, so they are said in
the language the command line chose. They are listed here, exactly as argparse
writes them (Python 3.11+), so that Babel extracts them with the rest of the
engine's sentences. Nothing imports this module at run time (the start of
`acerto` stays small); the extraction reads it, and a test checks that every
translation keeps argparse's %-placeholders.
"""

from __future__ import annotations

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


def plural(count: int) -> str:
    """The one plural argparse writes (listed for the extraction)."""
    return ngettext("expected %s argument", "expected %s arguments", count)
