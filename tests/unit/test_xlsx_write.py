"""The pure parts of the workbook writer: formula-injection guard, number formats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.xlsx_write import FORMULA_TRIGGERS, money_format, neutralize, restore


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+351 912",
        "-5",
        "@SUM(A1)",
        "\tx",
        "\rx",
        '=HYPERLINK("http://x")',
        "\u2212 1",
        "\uff1dcmd",
    ],
)
def test_text_that_starts_like_a_formula_gets_a_quote(text: str) -> None:
    assert neutralize(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Conceição", "a=b", " =1", "1-2", "100.00", "€ 5"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralize(text) == text


def test_a_leading_quote_is_doubled_so_the_guard_can_be_undone() -> None:
    assert neutralize("'=x") == "''=x"
    assert restore("''=x") == "'=x"
    assert restore("'hello") == "'hello"  # a quote the guard did not add stays


@given(st.text())
def test_restore_undoes_neutralize(text: str) -> None:
    guarded = neutralize(text)
    assert restore(guarded) == text
    assert not guarded or guarded[0] not in FORMULA_TRIGGERS


@pytest.mark.parametrize(
    ("decimals", "symbol", "expected"),
    [
        (2, None, "#,##0.00"),
        (0, None, "#,##0"),
        (3, None, "#,##0.000"),
        (2, "€", '#,##0.00 "€"'),
        (0, "JPY", '#,##0 "JPY"'),
        (2, 'R"$', '#,##0.00 "R$"'),
    ],
)
def test_money_format_follows_the_currency(
    decimals: int, symbol: str | None, expected: str
) -> None:
    assert money_format(decimals, symbol) == expected


def test_money_format_refuses_nonsense_decimals() -> None:
    with pytest.raises(ValueError):
        money_format(-1)
