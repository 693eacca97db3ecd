"""Money: parsing typed amounts, rounding once half-up, splitting in parts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import UserError
from app.rules.dates import parse_date
from app.rules.money import (
    Currency,
    allocate,
    fmt_qty,
    parse_amount,
    parse_quantity,
    qty_from_milli,
    qty_to_milli,
)

EUR = Currency.of("EUR")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", "1234.50"),
        ("1234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567", "1234567.00"),
        ("-12", "-12.00"),
        ("+7", "7.00"),
        ("0,5", "0.50"),
        ("0.12", "0.12"),
        (" 99.90 ", "99.90"),
        ("1 234,50", "1234.50"),
        (Decimal("3.1"), "3.10"),
        (42, "42.00"),
    ],
)
def test_parse_amount_accepts(text: object, expected: str) -> None:
    value = parse_amount(text)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("abc", 'amount "abc" is not a number'),
        ("1.2.3", 'amount "1.2.3" is not a number'),
        ("12,345.678", "more than 2 decimal places"),
        ("1,234", "ambiguous"),
        ("1.234", "ambiguous"),
        ("", "empty"),
        ("-", "not a number"),
        ("12a", "not a number"),
        ("1,23,4.00", "misplaced thousands separators"),
        ("1.234,5,6", "more than one decimal separator"),
        ("0.001", "more than 2 decimal places"),
        ("NaN", "not a number"),
        (Decimal("Infinity"), "not a number"),
    ],
)
def test_parse_amount_refuses(text: object, words: str) -> None:
    with pytest.raises(UserError) as err:
        parse_amount(text)
    assert words in str(err.value)


def test_parse_amount_names_what_it_parses() -> None:
    with pytest.raises(UserError, match='The unit price "x" is not a number'):
        parse_amount("x", what="unit price")


def test_three_decimal_currencies_take_a_dot_and_refuse_an_ambiguous_comma() -> None:
    assert Currency.of("KWD").parse("1.234") == Decimal("1.234")
    with pytest.raises(UserError, match="ambiguous"):
        Currency.of("KWD").parse("1,234")
    assert Currency.of("KWD").parse("1.234,500") == Decimal("1234.500")


def test_currency_of_code() -> None:
    assert Currency.of("eur") == Currency("EUR", 2)
    assert Currency.of("JPY").places == 0
    assert Currency.of("BHD").places == 3
    assert Currency.of("EUR").symbol == "€"
    for bad in ("EURO", "", "E1R"):
        with pytest.raises(UserError, match="ISO 4217"):
            Currency.of(bad)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("-0.005", "-0.01"),
        ("2.675", "2.68"),
        ("1.00", "1.00"),
    ],
)
def test_round_half_up_once(value: str, rounded: str) -> None:
    assert EUR.round(Decimal(value)) == Decimal(rounded)


def test_minor_units_round_trip() -> None:
    assert EUR.to_minor(Decimal("1234.56")) == 123456
    assert EUR.from_minor(123456) == Decimal("1234.56")
    assert Currency.of("JPY").to_minor(Decimal("500")) == 500
    assert Currency.of("BHD").from_minor(1) == Decimal("0.001")
    with pytest.raises(ValueError):
        EUR.to_minor(Decimal("1.005"))


def test_formatting() -> None:
    assert EUR.fmt(Decimal("-2")) == "-2.00"
    assert EUR.display(Decimal("1234.5")) == "1,234.50"
    assert EUR.display(Decimal("1234.5"), symbol=True) == "€ 1,234.50"
    assert Currency.of("JPY").fmt(Decimal("1500")) == "1500"


def test_quantities_have_three_places() -> None:
    assert parse_quantity("2.5") == Decimal("2.500")
    assert parse_quantity("1,25") == Decimal("1.250")
    assert qty_to_milli(Decimal("2.5")) == 2500
    assert qty_from_milli(125) == Decimal("0.125")
    assert fmt_qty(Decimal("8.000")) == "8"
    assert fmt_qty(Decimal("2.500")) == "2.5"
    with pytest.raises(UserError, match="more than 3 decimal places"):
        parse_quantity("0.1234")


def test_allocate_gives_the_last_part_the_remainder() -> None:
    # SPEC §3.9: round each part, the last takes what is left.
    parts = allocate(Decimal("10.00"), [Decimal(1)] * 3, EUR)
    assert parts == [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]
    assert allocate(Decimal("1.00"), [Decimal(0), Decimal(0)], EUR) == [Decimal(0), Decimal("1.00")]
    assert allocate(Decimal("5.00"), [], EUR) == []
    assert sum(
        allocate(Decimal("2.00"), [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], EUR)
    ) == Decimal("2.00")


@given(
    total=st.integers(min_value=-(10**9), max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12),
)
def test_allocated_parts_always_add_up(total: int, weights: list[int]) -> None:
    whole = EUR.from_minor(total)
    parts = allocate(whole, [EUR.from_minor(w) for w in weights], EUR)
    assert sum(parts, Decimal(0)) == whole
    assert len(parts) == len(weights)
    assert all(p == EUR.round(p) for p in parts)


@given(minor=st.integers(min_value=-(10**12), max_value=10**12))
def test_formatted_amounts_parse_back(minor: int) -> None:
    value = EUR.from_minor(minor)
    assert EUR.parse(EUR.fmt(value)) == value
    assert EUR.parse(EUR.display(value)) == value


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-02-30", "does not exist in the calendar"),
        ("2026-13-01", "does not exist in the calendar"),
        ("2026-3-1", "is not a date"),
        ("01/03/2026", "is not a date"),
        ("", "is not a date"),
    ],
)
def test_parse_date_refuses(text: str, words: str) -> None:
    with pytest.raises(UserError) as err:
        parse_date(text, "invoice date")
    assert words in str(err.value)
    assert "invoice date" in str(err.value)


def test_parse_date_accepts_iso() -> None:
    from datetime import date

    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date(date(2026, 1, 2)) == date(2026, 1, 2)


def test_a_currency_without_minor_units_says_so() -> None:
    """QA: a JPY amount with decimals read 'has more than 0 decimal places'."""
    import pytest

    from app.errors import UserError
    from app.rules.money import Currency

    with pytest.raises(UserError, match="has decimals; this currency has none"):
        Currency.of("JPY").parse("12.5")
    assert str(Currency.of("JPY").parse("12345")) == "12345"
