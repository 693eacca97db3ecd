"""How a customer document writes dates, amounts and its paper, by language.

The one place the customer documents of issue 13 (invoice, statement,
reminder) format a date or an amount: through `app/formats.py` (CLDR), in
the current language (`app.i18n.current()`; a document is built inside
`with app.i18n.language(document_language(customer))`).

Paper: Letter for English (its numbers are en_US's), A4 for pt_BR and es.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from reportlab.lib.pagesizes import A4, LETTER

from app import formats, i18n
from app.formats import LOCALES
from app.rules.money import Currency


def locale() -> str:
    return LOCALES.get(i18n.current(), "en_US")


def page_size() -> tuple[float, float]:
    """Letter for English (United States), A4 otherwise."""
    return LETTER if locale() == "en_US" else A4


def date_text(day: date) -> str:
    return _date_text(day, i18n.current())


@lru_cache(maxsize=4096)
def _date_text(day: date, lang: str) -> str:
    # A statement prints the same few hundred dates over and over.
    return formats.day(day, lang)


def amount_text(cur: Currency, value: Decimal) -> str:
    """An amount with the currency's decimals and the language's separators.

    The same text as `app.formats.amount` (no symbol), made by `format` and one
    translation to the language's CLDR symbols: a statement prints thousands of
    amounts and Babel's pattern engine costs much more per call."""
    text = f"{cur.round(value):,.{cur.places}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # never "-0.00"
    return text.translate(_separators(i18n.current()))


@cache
def _separators(lang: str) -> dict[int, str]:
    decimal, group = formats.separators(lang)
    return str.maketrans({",": group, ".": decimal})


def symbol_text(cur: Currency, value: Decimal) -> str:
    """An amount with the language's currency symbol where its locale puts it:
    the same text as `app.formats.amount(value, cur, symbol=True)` ("€1,234.50",
    "R$ 1.234,50", "1.234,50 €"), without Babel's pattern engine per call."""
    lang = i18n.current()
    number = amount_text(cur, value)
    negative = number.startswith("-")
    affixes = _affixes(lang, cur, negative)
    if affixes is None:
        return formats.amount(value, cur, symbol=True)
    return affixes[0] + (number[1:] if negative else number) + affixes[1]


@cache
def _affixes(lang: str, cur: Currency, negative: bool) -> tuple[str, str] | None:
    """What Babel writes before and after the digits of a (negative) amount in `cur`."""
    sample = Decimal("-1234.5") if negative else Decimal("1234.5")
    with i18n.language(lang):
        digits = amount_text(cur, abs(sample))
    whole = formats.amount(sample, cur, lang, symbol=True)
    before, found, after = whole.partition(digits)
    return (before, after) if found else None  # digits written otherwise: Babel each time
