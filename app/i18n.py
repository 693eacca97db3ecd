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
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from app.errors import UserError

LANGUAGES: tuple[str, ...] = ("en", "pt_BR", "es")
DOMAIN = "acerto"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"

_current: ContextVar[str] = ContextVar("acerto_language", default="en")


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


def is_language(name: str) -> bool:
    return name in LANGUAGES


def current() -> str:
    """The language sentences are produced in now."""
    return _current.get()


def set_language(name: str) -> str:
    """Make `name` (normalised) the language from now on; returns it."""
    lang = name if name in LANGUAGES else normalise(name)
    _current.set(lang)
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
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


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
