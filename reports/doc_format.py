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

from babel.dates import format_date
from babel.numbers import format_decimal
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
    lang = i18n.current()
    return format_date(day, _DATE_PATTERNS.get(lang, "yyyy-MM-dd"), locale=locale())


def amount_text(cur: Currency, value: Decimal) -> str:
    """An amount with the currency's decimals and the language's separators."""
    pattern = "#,##0" + ("." + "0" * cur.places if cur.places else "")
    return format_decimal(cur.round(value), pattern, locale=locale())


def money_text(cur: Currency, value: Decimal) -> str:
    """An amount with its currency code: "1,234.50 EUR" / "1.234,50 EUR"."""
    return f"{amount_text(cur, value)} {cur.code}"
