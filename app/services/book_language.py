"""The book's language: the one its stored sentences are written in.

Settlement explanations and journal texts are stored in the book and
compared again by `check --replay` and the exchange workbook's round trip,
so they are written in the book's setting `language` (English unless
chosen), not in the language of whoever posts: app/i18n.py `B_()` reads it
from here.
"""

from __future__ import annotations

from typing import Any

from app import i18n
from models.db import database

# The open book's language as last read outside a transaction: (database, language).
# A preview composes many sentences; it should not read the setting for each.
_last: list[Any] = [None, "en"]


def checked(value: str) -> str:
    """The stored form of a language setting ("pt-br" → "pt_BR"); a refusal otherwise."""
    _last[0] = None  # the setting is about to change: read it again next time
    return i18n.language_of(value)


def open_book_language() -> str:
    """The open book's language (English with no book open): read inside a
    transaction (where the settings service keeps what it read), else once per book."""
    db = database.obj
    if db is None:
        return "en"
    # Once per transaction: its outermost level is a new object each time
    # (a setting changed inside it goes through `checked`, which forgets).
    stack = db._state.transactions
    owner = stack[0] if stack else db
    if _last[0] is not owner:  # asked for every stored sentence: the rest only when it changes
        from app.services.book import setting  # the settings service, which imports this module

        _last[:] = [owner, setting("language")]
    return str(_last[1])


i18n.use_book_language(open_book_language)
