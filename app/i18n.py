"""The engine's sentences in the bookkeeper's language: one gettext catalogue.

Every sentence the engine produces (refusals, settlement explanations, journal
texts, terms text, report and PDF headings) is marked with `_()` (or `N_()`
where it is only named and translated later) and written with named
placeholders, never an f-string:

    raise UserError(_("No customer {code}.").format(code=code))

Babel extracts the marked sentences into resources/locale/acerto.pot; the
translations live in resources/locale/<lang>/LC_MESSAGES/acerto.po and are
compiled to .mo beside it (see CONTRIBUTING.md, "Adding a translation").

The language is a context: the command line sets it from `--lang` or the
environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), the window from its
language setting, a customer document from the customer's language
(`with language(customer_lang): ...`). No Qt here: app/ never imports it.

Sentences the book stores (settlement explanations, journal texts) are
marked with `B_()` instead: they are written in the book's language (its
setting `language`, English unless chosen), whatever language the reader
works in, so that `check --replay` and the exchange workbook's round trip
write the same text again. The services tell this module how to read that
setting (`use_book_language`); with no book open it is English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from app.errors import UserError

LANGUAGES: tuple[str, ...] = ("en", "pt_BR", "es")
DOMAIN = "acerto"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"

# The language of the process (the command line's, the window's), seen by
# every thread; a `language()` block overrides it in its own context.
_process_language = "en"
_current: ContextVar[str | None] = ContextVar("acerto_language", default=None)


def _english() -> str:
    return "en"


_book_language: list[Callable[[], str]] = [_english]


def normalise(name: str | None) -> str:
    """One of LANGUAGES for a locale name as users and systems write it
    ("pt_BR.UTF-8", "pt-br", "pt", "es_ES", "es_MX@euro", "C"); English otherwise."""
    text = (name or "").strip().split(".")[0].split("@")[0].replace("-", "_")
    lower = text.lower()
    if lower.startswith("pt"):
        return "pt_BR"
    if lower == "es" or lower.startswith("es_"):
        return "es"
    return "en"


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it."""
    env = os.environ if environ is None else environ
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if value:
            # LANGUAGE may list several ("pt_BR:pt:en"); the first one decides.
            return normalise(value.split(":")[0])
    return "en"


def current() -> str:
    """The language sentences are produced in now."""
    lang = _current.get()
    return _process_language if lang is None else lang


def set_language(name: str) -> str:
    """Make `name` (normalised) the language from now on; returns it."""
    global _process_language
    lang = name if name in LANGUAGES else normalise(name)
    _process_language = lang
    _current.set(None)
    return lang


@contextmanager
def language(name: str | None) -> Iterator[str]:
    """Produce sentences in `name` inside the block (a customer's document);
    an empty name keeps the current language."""
    if not name:
        yield current()
        return
    lang = name if name in LANGUAGES else normalise(name)
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (English is the source: no catalogue)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


def _(message: str) -> str:
    """`message` in the current language (itself when not translated)."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def use_book_language(source: Callable[[], str]) -> None:
    """How to read the open book's language (the services register it)."""
    _book_language[0] = source


def book_language() -> str:
    lang = _book_language[0]()
    return lang if lang in LANGUAGES else normalise(lang)


# Each language's stored sentences as its catalogue gives them (the catalogues are
# read once a process: `translations`), kept by message: a plan stores a few
# sentences a settlement, and accept-all plans 100,000 (gettext is two calls more).
_stored: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}


def B_(message: str) -> str:
    """`message` in the book's language: a sentence the book stores."""
    lang = _book_language[0]()
    said = _stored.get(lang)
    if said is None:  # a language as a setting may spell it ("pt-br")
        lang = normalise(lang)
        said = _stored[lang]
    words = said.get(message)
    if words is None:
        words = said[message] = translations(lang).gettext(message)
    return words


def N_(message: str) -> str:
    """Mark a sentence for the catalogue without translating it here
    (a table of texts translated where they are shown)."""
    return message


def language_of(text: str) -> str:
    """One of LANGUAGES as a person types it ("pt_BR", "pt-br", "ES"), for a
    setting or a customer; refused in a sentence otherwise (unlike
    `normalise`, which reads a system's locale and falls back to English)."""
    # Imported here: the modules under app/ import this one for `_`.
    from app.rules.limits import quote

    typed = str(text).strip()
    for lang in LANGUAGES:
        if typed.replace("-", "_").lower() == lang.lower():
            return lang
    raise UserError(
        _('There is no language "{lang}"; the languages are {languages}.').format(
            lang=quote(typed), languages=", ".join(LANGUAGES)
        )
    )


def book_money(currency: Any) -> Callable[[Any], str]:
    """How a sentence the book stores (an explanation, a journal text) writes an
    amount: in the book's language, "1.234,56" for pt_BR and es; English keeps
    the plain "1234.56" the command line, the JSON and scripts read."""
    lang = book_language()
    if lang == "en":
        return currency.fmt  # type: ignore[no-any-return]
    from app.formats import amount  # lazy: Babel only when a book speaks it

    return lambda value: amount(value, currency, lang)


def book_day(value: Any) -> str:
    """A date in a stored sentence: dd/mm/yyyy for pt_BR and es, ISO in English."""
    lang = book_language()
    if lang == "en":
        return str(value.isoformat())
    from app.formats import day

    return day(value, lang)


def book_quantity(value: Any) -> str:
    """A quantity in a stored sentence: "2,5" for pt_BR and es, "2.5" in English."""
    lang = book_language()
    if lang == "en":
        from app.rules.money import fmt_qty

        return fmt_qty(value)
    from app.formats import quantity

    return quantity(value, lang)


def said_day(value: Any) -> str:
    """A date in a sentence said now (a refusal, a printed summary): 31/03/2026 in
    pt_BR and es, ISO in English."""
    lang = current()
    if lang == "en":
        return str(value.isoformat())
    from app.formats import day

    return day(value, lang)


def said_figure(value: Any, places: int | None = None) -> str:
    """A figure that is no amount (a confidence) in a sentence said now: '0.90' in
    English, '0,90' in pt_BR and es (the JSON keeps the plain form). `places`:
    that many decimals; None: as given, without trailing zeros ('0.9'). The
    command line's summaries and the window's Bank view write it so."""
    d = Decimal(value)
    text = f"{d:.{places}f}" if places is not None else f"{d.normalize():f}"
    lang = current()
    if lang == "en":
        return text
    from app.formats import separators  # lazy: Babel only for a reader who needs it

    return text.replace(".", separators(lang)[0])


def said_money(currency: Any) -> Callable[[Any], str]:
    """How a sentence said now (a refusal, a proposal's reason, a check) writes an
    amount: in the reader's language; English keeps the plain "1234.56"."""
    lang = current()
    if lang == "en":
        return currency.fmt  # type: ignore[no-any-return]
    from app.formats import amount

    return lambda value: amount(value, currency, lang)
