"""How a customer document writes dates, amounts and its paper, by language.

The one place the new customer documents (invoice, statement, reminder)
format a date or an amount, so the switch to `app/formats.py` (the CLDR
formats of the language work) is made here alone. The language is
`app.i18n.current()`: a document is built inside
`with app.i18n.language(customer_language)`.

Paper: Letter for English (en is read as en_US), A4 for pt_BR and es.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol
from reportlab.lib.pagesizes import A4, LETTER

from app import i18n
from app.rules.money import Currency

LOCALES = {"en": "en_US", "pt_BR": "pt_BR", "es": "es_ES"}
# Four-digit years: a two-digit year on a document someone pays from misleads.
_DATE_PATTERNS = {"en": "MM/dd/yyyy", "pt_BR": "dd/MM/yyyy", "es": "dd/MM/yyyy"}


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
    return format_date(
        day, _DATE_PATTERNS.get(lang, "yyyy-MM-dd"), locale=LOCALES.get(lang, "en_US")
    )


def amount_text(cur: Currency, value: Decimal) -> str:
    """An amount with the currency's decimals and the language's separators.

    The same text as Babel's `format_decimal` with "#,##0.00" (groups of three,
    the locale's symbols), made by `format` and one translation: a statement
    prints thousands of amounts and Babel's pattern engine takes a millisecond
    each."""
    text = f"{cur.round(value):,.{cur.places}f}"
    return text.translate(_separators(locale()))


@cache
def _separators(name: str) -> dict[int, str]:
    return str.maketrans({",": get_group_symbol(name), ".": get_decimal_symbol(name)})


def money_text(cur: Currency, value: Decimal) -> str:
    """An amount with its currency code: "1,234.50 EUR" / "1.234,50 EUR"."""
    return f"{amount_text(cur, value)} {cur.code}"
