"""The one kind of error a bookkeeper is meant to read.

A `UserError` carries a sentence that names what was wrong and where; the
window shows it in a message box and the command line prints it on stderr.
Anything else that escapes is a bug and is reported as one.
"""


class UserError(Exception):
    """Bad input or a rule that said no; the message is for the user."""


class Cancelled(UserError):
    """The user cancelled long work; nothing was written.

    Long operations take `progress(done, total)` and `cancelled() -> bool`
    callbacks; when `cancelled()` answers True they raise this inside their
    transaction, so the book is left as it was.
    """


class BookBusy(UserError):
    """Other users kept the book busy through every try (app/services/retry.py)."""

    def __init__(self) -> None:
        from app.i18n import _  # app/i18n.py imports this module for its own refusals

        super().__init__(_("The book is busy: another user is posting; try again."))
