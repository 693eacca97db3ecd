"""The one table of field limits (app/rules/limits.py), on its own and where it is used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import UserError
from app.rules import limits
from app.rules.dates import parse_date
from app.rules.money import parse_amount, parse_quantity
from app.rules.terms import parse_terms
from app.services.customers import add_customer
from tests.builders import BookHandle

RAW_CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]


def no_raw_controls(text: str) -> bool:
    return not any(ch in text for ch in RAW_CONTROLS if ch != "\n")


def test_escape_writes_controls_as_escapes() -> None:
    assert limits.escape("a\x1b[31mred\x00\u009b\udcff") == "a\\x1b[31mred\\x00\\x9b\\udcff"
    assert limits.escape("one\ntwo\ttab") == "one\\ntwo\\ttab"
    assert limits.escape("one\ntwo", keep_lines=True) == "one\ntwo"
    assert limits.quote("x" * 500) == "x" * limits.QUOTE_MAX + "…"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("name", "N" * 10_240, "10,240 characters long; at most 200"),
        ("code", "C\x00", "NUL"),
        ("name", "Evil \x1b[2J Corp", "control character \\x1b"),
        ("name", "Two\nlines", "control character \\n"),
        ("reference", "ok\x07", "control character \\x07"),
        ("name", "bytes \udcff", "not text"),
    ],
)
def test_text_beyond_the_table_is_refused_with_a_sentence(
    field: str, value: str, reason: str
) -> None:
    with pytest.raises(UserError, match="^The ") as info:
        limits.check_text(field, value)
    message = str(info.value)
    assert reason in message
    assert no_raw_controls(message)
    assert len(message) < 300  # a 10 KB value is not repeated whole


def test_free_text_keeps_tabs_and_line_breaks() -> None:
    assert limits.check_text("address", "Rua 1\n1000 Lisboa\tPT") == "Rua 1\n1000 Lisboa\tPT"
    assert limits.check_text("reference", "\tTab") == "\tTab"


def test_amounts_quantities_dates_and_days_have_their_limits() -> None:
    assert parse_amount("999999999999.99") == Decimal("999999999999.99")
    with pytest.raises(UserError, match="largest amount the book holds"):
        parse_amount("1000000000000")
    with pytest.raises(UserError, match="largest amount"):
        parse_amount("-99999999999999999999999")
    with pytest.raises(UserError, match="largest quantity"):
        parse_quantity("1000000000")
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2999-12-31") == date(2999, 12, 31)
    for text in ("1899-12-31", "3000-01-01", "0001-01-01", "9999-12-31"):
        with pytest.raises(UserError, match="outside the years 1900–2999"):
            parse_date(text)
    assert parse_terms("net 3650").net_days == 3650
    with pytest.raises(UserError, match="at most 3,650"):
        parse_terms("net 3651")
    with pytest.raises(UserError, match="at most 3,650"):
        parse_terms("net 99999999999999999999")


@given(st.text(max_size=300))
def test_any_text_is_kept_or_refused_with_a_clean_sentence(text: str) -> None:
    try:
        kept = limits.check_text("name", text)
    except UserError as e:
        assert no_raw_controls(str(e))
    else:
        assert kept == text and len(text) <= 200 and no_raw_controls(text)


@given(st.text(max_size=40))
def test_any_typed_amount_or_date_is_a_value_or_a_clean_sentence(text: str) -> None:
    for parse in (parse_amount, parse_quantity, parse_date):
        try:
            parse(text)
        except UserError as e:
            assert no_raw_controls(str(e))


def test_a_10_kb_name_is_refused_on_every_backend(book: BookHandle) -> None:
    with pytest.raises(UserError, match="customer name of customer C1 .* at most 200"):
        add_customer("C1", "N" * 10_240)
    with pytest.raises(UserError, match="NUL"):
        add_customer("C2", "Nul\x00Name")
    add_customer("C3", "N" * 200)  # the limit itself is kept
