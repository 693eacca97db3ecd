"""Amounts and dates as a reader of a language writes them (Babel's CLDR data).

The window, the PDFs and the workbooks show an amount with `amount()` and a
date with `day()`, and read a typed amount back with `parse_amount()`, all
in one of the book's languages (app/i18n.py: en, pt_BR, es; the current
language unless one is given). No Qt here; nothing is converted to float:
Babel formats the exact `Decimal`, already rounded once by the currency.

The locales: pt_BR is Brazil's; es is Spain's (es_ES: "1.234,56", dates
dd/mm/yyyy). English numbers follow en_US ("1,234.56", the same as en_GB),
but English dates are ISO 8601 (2026-04-15): an English-reading bookkeeper
may be American or British, and "04/05/2026" means April to one and May to
the other, while the command line, the JSON and the exchange workbook
already write ISO dates. The other short patterns come from CLDR, widened
to two-digit days and months and four-digit years, so a column of dates
lines up and no year is ambiguous (es_ES's "d/M/yy" becomes dd/MM/yyyy).
"""

from __future__ import annotations

import copy
import re
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, get_currency_symbol

from app.errors import UserError
from app.i18n import LANGUAGES, _, current
from app.rules.limits import MAX_AMOUNT, amount_problem, quote
from app.rules.money import Currency

LOCALES: dict[str, str] = {"en": "en_US", "pt_BR": "pt_BR", "es": "es_ES"}
ISO_DATE = "yyyy-MM-dd"
# Spaces a person or a locale may put between digit groups.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']+")
_MINUS = ("-", "\u2212", "\u2013")


def _lang(lang: str | None) -> str:
    name = lang or current()
    return name if name in LANGUAGES else "en"


@cache
def locale_of(lang: str) -> Locale:
    """The CLDR locale of one of the book's languages."""
    return Locale.parse(LOCALES.get(lang, "en_US"))


@cache
def _pattern(lang: str, places: int, symbol: bool) -> NumberPattern:
    loc = locale_of(lang)
    base = loc.currency_formats["standard"] if symbol else loc.decimal_formats[None]
    pattern = copy.copy(base)
    pattern.frac_prec = (places, places)  # the currency's minor digits, always shown
    return pattern


def amount(
    value: Decimal, currency: Currency, lang: str | None = None, *, symbol: bool = False
) -> str:
    """`value` in the language's locale with the currency's decimals:
    "1,234.56" (en), "1.234,56" (pt_BR, es); with `symbol` "€1,234.56",
    "R$ 1.234,56", "1.234,56 €". JPY shows no decimals."""
    name = _lang(lang)
    exact = currency.round(value)
    if exact == 0:
        exact = abs(exact)  # never "-0,00"
    pattern = _pattern(name, currency.places, symbol)
    return pattern.apply(exact, locale_of(name), currency=currency.code, currency_digits=False)


def quantity(value: Decimal, lang: str | None = None) -> str:
    """A quantity (hours, kilos) as the language writes it, up to three
    decimals and no trailing zeros: "2,5" in pt_BR, "1,250" hours in en."""
    name = _lang(lang)
    return _pattern_trimmed(name).apply(value, locale_of(name))


@cache
def _pattern_trimmed(lang: str) -> NumberPattern:
    pattern = copy.copy(locale_of(lang).decimal_formats[None])
    pattern.frac_prec = (0, 3)
    return pattern


def symbol_of(currency: Currency, lang: str | None = None) -> str:
    """The currency's symbol as the language's locale writes it ("R$", "€", "JP¥")."""
    return get_currency_symbol(currency.code, locale_of(_lang(lang)))


def date_pattern(lang: str | None = None) -> str:
    """The language's short numeric date pattern (CLDR letters, which Qt shares):
    "yyyy-MM-dd" for en, "dd/MM/yyyy" for pt_BR and es."""
    return _date_pattern(_lang(lang))  # resolved first: the cache is by language


@cache
def _date_pattern(name: str) -> str:
    if name == "en":
        return ISO_DATE
    short = locale_of(name).date_formats["short"].pattern
    widened = re.sub(r"d+", "dd", short)
    widened = re.sub(r"M+", "MM", widened)
    return re.sub(r"y+", "yyyy", widened)


def day(value: date | None, lang: str | None = None) -> str:
    """A date in the language's short numeric form ("" for none)."""
    if value is None:
        return ""
    name = _lang(lang)
    return format_date(value, date_pattern(name), locale=locale_of(name))


def separators(lang: str | None = None) -> tuple[str, str]:
    """The language's decimal and grouping symbols: (".", ",") for en."""
    symbols = locale_of(_lang(lang)).number_symbols["latn"]
    return str(symbols["decimal"]), str(symbols["group"])


def parse_amount(
    text: object, currency: Currency, what: str = "", lang: str | None = None
) -> Decimal:
    """An amount typed in the language's way: pt_BR "1.234,56", "1234,56",
    "1 234,56", "-98,00", "R$ 1.234,56"; en "1,234.56". Refuses, with a
    sentence naming the field (`what`, already translated) and the text,
    anything else: letters, two decimal separators, misplaced thousands
    separators, the other convention's "1,234.56" in pt_BR, more decimals
    than the currency has, an amount beyond the limit. One leniency: a
    single "." in pt_BR (or "," in en) followed by one or two digits can
    only be a decimal point ("98.00"), so it is read as one."""
    name = _lang(lang)
    field = what or _("amount")
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        value = _parse_text(str(text if text is not None else ""), currency, field, name)
    shown = quote(text)
    if not value.is_finite():
        raise UserError(_('The {what} "{text}" is not a number.').format(what=field, text=shown))
    if abs(value) >= MAX_AMOUNT:
        raise UserError(
            _('The {what} "{text}" {problem}.').format(
                what=field, text=shown, problem=amount_problem(value)
            )
        )
    if value != value.quantize(currency.quantum, rounding=ROUND_DOWN):
        if currency.places == 0:
            message = _('The {what} "{text}" has decimals; {code} amounts have none.')
        else:
            message = _('The {what} "{text}" has more than {places} decimal places.')
        raise UserError(
            message.format(what=field, text=shown, code=currency.code, places=currency.places)
        )
    return value.quantize(currency.quantum)


def _strip_currency(text: str, currency: Currency, lang: str) -> str:
    for mark in sorted({symbol_of(currency, lang), currency.symbol, currency.code}, key=len)[::-1]:
        if mark and mark in text:
            return text.replace(mark, "", 1)
    return text


def _parse_text(text: str, currency: Currency, what: str, lang: str) -> Decimal:
    example = amount(Decimal("1234.5"), currency, lang)
    raw = _SPACES.sub("", _strip_currency(text.strip(), currency, lang))
    if not raw:
        raise UserError(
            _("The {what} is empty; type an amount such as {example}.").format(
                what=what, example=example
            )
        )
    sign = ""
    if raw[0] in _MINUS or raw[0] == "+":
        sign, raw = ("-" if raw[0] in _MINUS else ""), raw[1:]
    point, group = separators(lang)
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not (raw[0].isdigit() or raw[0] == point):
        raise UserError(
            _('The {what} "{text}" is not a number; type an amount such as {example}.').format(
                what=what, text=quote(text), example=example
            )
        )
    digits = _digits(raw, point, group, currency.places)
    if digits is None:
        raise UserError(
            _(
                'The {what} "{text}" is not written as {example} is: "{point}" separates the '
                'decimals and "{group}" the thousands.'
            ).format(what=what, text=quote(text), example=example, point=point, group=group)
        )
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        raise UserError(
            _('The {what} "{text}" is not a number.').format(what=what, text=quote(text))
        ) from None


def _digits(raw: str, point: str, group: str, places: int) -> str | None:
    """`raw` ("1.234,56" with point "," and group ".") as "1234.56"; None when the
    separators are not where the language puts them."""
    if raw.count(point) > 1:
        return None
    whole, _sep, frac = raw.partition(point)
    if not frac.isdigit() and frac:
        return None  # a group separator among the decimals: the other convention
    if group in whole:
        parts = whole.split(group)
        grouped = (
            1 <= len(parts[0]) <= 3
            and parts[0].isdigit()
            and all(len(p) == 3 and p.isdigit() for p in parts[1:])
        )
        if not grouped:
            tail = parts[-1]
            # "98.00" in pt_BR: a lone separator before one or two digits is no
            # thousands separator, so it can only be the decimal point.
            if _sep or len(parts) != 2 or not parts[0].isdigit() or not 1 <= len(tail) <= 2:
                return None
            if places == 0 or not tail.isdigit():
                return None
            return f"{parts[0]}.{tail}"
        whole = "".join(parts)
    if not whole.isdigit() and whole:
        return None
    return f"{whole or '0'}.{frac}" if frac else (whole or None)
