"""Amounts and dates by the language's locale, and typed amounts read back (app/formats.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import formats
from app.errors import UserError
from app.i18n import LANGUAGES, language
from app.rules.limits import MAX_AMOUNT
from app.rules.money import Currency

EUR, BRL, JPY, BHD = (Currency.of(c) for c in ("EUR", "BRL", "JPY", "BHD"))
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "1,234.56"), ("pt_BR", "1.234,56"), ("es", "1.234,56")],
)
def test_amount_in_each_language(lang: str, expected: str) -> None:
    assert formats.amount(Decimal("1234.56"), EUR, lang) == expected


def test_amount_keeps_the_currencys_minor_digits() -> None:
    assert formats.amount(Decimal("98"), BRL, "pt_BR") == "98,00"
    assert formats.amount(Decimal("12345"), JPY, "pt_BR") == "12.345"
    assert formats.amount(Decimal("12345"), JPY, "en") == "12,345"
    assert formats.amount(Decimal("1.5"), BHD, "en") == "1.500"
    assert formats.amount(Decimal("-0.00"), EUR, "es") == "0,00"


def test_amount_is_exact_beyond_float() -> None:
    # 2**53 + 1 has no float; the text must still end in ...993,01
    assert formats.amount(Decimal("9007199254740993.01"), EUR, "pt_BR") == (
        "9.007.199.254.740.993,01"
    )


def test_amount_with_the_locales_symbol_and_placement() -> None:
    assert formats.amount(Decimal("1234.56"), BRL, "pt_BR", symbol=True) == f"R${NBSP}1.234,56"
    assert formats.amount(Decimal("-1234.56"), EUR, "es", symbol=True) == f"-1.234,56{NBSP}€"
    assert formats.amount(Decimal("1234.56"), EUR, "en", symbol=True) == "€1,234.56"


def test_amount_follows_the_current_language() -> None:
    assert formats.date_pattern() == "yyyy-MM-dd"  # asked first in English...
    with language("pt_BR"):
        assert formats.date_pattern() == "dd/MM/yyyy"  # ...then not remembered for all
    with language("pt_BR"):
        assert formats.amount(Decimal("16.59"), EUR) == "16,59"
        assert formats.day(date(2026, 4, 5)) == "05/04/2026"
    assert formats.amount(Decimal("16.59"), EUR) == "16.59"


def test_dates() -> None:
    d = date(2026, 1, 5)
    assert formats.day(d, "pt_BR") == "05/01/2026"
    assert formats.day(d, "es") == "05/01/2026"  # CLDR's d/M/yy widened
    assert formats.day(d, "en") == "2026-01-05"  # ISO: no US/UK ambiguity
    assert formats.day(None, "pt_BR") == ""
    assert formats.date_pattern("pt_BR") == "dd/MM/yyyy"


@pytest.mark.parametrize(
    "typed",
    ["1.234,56", "1234,56", "1 234,56", f"1{NBSP}234,56", "R$ 1.234,56", " 1.234,56 ", "+1234,56"],
)
def test_parse_pt_br(typed: str) -> None:
    assert formats.parse_amount(typed, BRL, "valor", "pt_BR") == Decimal("1234.56")


def test_parse_signs_and_small_amounts() -> None:
    assert formats.parse_amount("-98,00", BRL, "", "pt_BR") == Decimal("-98.00")
    assert formats.parse_amount("\u221298,00", BRL, "", "pt_BR") == Decimal("-98.00")
    assert formats.parse_amount("0,5", BRL, "", "pt_BR") == Decimal("0.50")
    assert formats.parse_amount("1.234", BRL, "", "pt_BR") == Decimal("1234.00")
    # a lone "." before two digits can only be a decimal point
    assert formats.parse_amount("98.00", BRL, "", "pt_BR") == Decimal("98.00")
    assert formats.parse_amount("1,234.56", EUR, "", "en") == Decimal("1234.56")
    assert formats.parse_amount("1.234", JPY, "", "pt_BR") == Decimal(1234)


@pytest.mark.parametrize(
    ("typed", "lang", "words"),
    [
        ("", "pt_BR", "empty"),
        ("abc", "pt_BR", '"abc" is not a number'),
        ("12a,00", "pt_BR", "not a number"),
        ("1,234.56", "pt_BR", '"," separates the decimals'),  # the other convention
        ("1.234,56", "en", '"." separates the decimals'),
        ("1,2,3", "pt_BR", "separates the decimals"),
        ("1.23.456", "pt_BR", "separates the decimals"),
        ("12,345", "pt_BR", "more than 2 decimal places"),
        ("12.345", "ja", "more than 2 decimal places"),  # unknown language: English
        ("1.000.000.000.000,00", "pt_BR", ""),  # beyond the limit
        ("--5", "pt_BR", "not a number"),
    ],
)
def test_parse_refuses_with_a_sentence_naming_field_and_text(
    typed: str, lang: str, words: str
) -> None:
    with pytest.raises(UserError) as err:
        formats.parse_amount(typed, BRL, "preço unitário", lang)
    text = str(err.value)
    assert "preço unitário" in text
    assert typed.strip() in text
    assert words in text


def test_parse_refuses_decimals_in_yen() -> None:
    with pytest.raises(UserError, match="JPY amounts have none"):
        formats.parse_amount("12,5", JPY, "amount", "pt_BR")


@given(
    data=st.data(),
    lang=st.sampled_from(LANGUAGES),
    code=st.sampled_from(["EUR", "BRL", "JPY", "USD", "BHD"]),
    symbol=st.booleans(),
)
def test_parse_of_format_gives_the_amount_back(
    data: st.DataObject, lang: str, code: str, symbol: bool
) -> None:
    cur = Currency.of(code)
    most = int(MAX_AMOUNT) * 10**cur.places - 1  # every amount the book holds
    value = cur.from_minor(data.draw(st.integers(min_value=-most, max_value=most)))
    shown = formats.amount(value, cur, lang, symbol=symbol)
    assert formats.parse_amount(shown, cur, "amount", lang) == value


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("code", ["EUR", "BRL", "USD", "JPY", "GBP", "CHF"])
def test_documents_symbol_amounts_read_as_babel_writes_them(lang: str, code: str) -> None:
    # reports/doc_format.symbol_text skips Babel per call (issue 12's PDF speed).
    from reports.doc_format import _affixes, symbol_text

    cur = Currency.of(code)
    assert _affixes(lang, cur, False) is not None and _affixes(lang, cur, True) is not None
    values = ["0", "-0.001", "0.5", "-0.5", "7", "-7", "999.99", "1000", "-1234.567", "1234567.891"]
    with language(lang):
        for v in [Decimal(x) for x in values] + [MAX_AMOUNT, -MAX_AMOUNT]:
            assert symbol_text(cur, v) == formats.amount(v, cur, symbol=True), (lang, code, v)
