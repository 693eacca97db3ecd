"""Payment terms: parsing, tiers in force on a date, due dates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.errors import UserError
from app.rules.terms import Terms, Tier, parse_terms

D0 = date(2026, 3, 1)


def test_one_tier() -> None:
    t = parse_terms("2% 10, net 30")
    assert t == Terms((Tier(Decimal(2), 10),), 30)
    assert t.text == "2% 10, net 30"
    assert t.due_date(D0) == date(2026, 3, 31)
    assert t.discount_until(t.tiers[0], D0) == date(2026, 3, 11)
    assert t.max_percent == Decimal(2)


def test_two_tiers() -> None:
    t = parse_terms("2% 5, 1% 14, net 30")
    assert t.tiers == (Tier(Decimal(2), 5), Tier(Decimal(1), 14))
    assert t.text == "2% 5, 1% 14, net 30"
    assert t.max_percent == Decimal(2)


def test_net_only() -> None:
    t = parse_terms("net 15")
    assert t.tiers == ()
    assert t.net_days == 15
    assert t.max_percent == 0
    assert t.tier_on(D0, D0) is None
    assert parse_terms("NET 15") == t


@pytest.mark.parametrize("text", ["2%10,net 30", " 2 % 10 ; net 30 ", "2% 10 / net 30"])
def test_spacing_and_separators(text: str) -> None:
    assert parse_terms(text).text == "2% 10, net 30"


def test_decimal_percent() -> None:
    assert parse_terms("1.5% 10, net 30").tiers[0].percent == Decimal("1.5")
    # "," separates tiers, so a decimal comma is refused rather than misread.
    with pytest.raises(UserError, match="not understood"):
        parse_terms("1,5% 10, net 30")
    assert parse_terms("1.5% 10, net 30").text == "1.5% 10, net 30"


@pytest.mark.parametrize(
    ("elapsed", "percent"),
    [(0, Decimal(2)), (5, Decimal(2)), (6, Decimal(1)), (14, Decimal(1)), (15, None), (40, None)],
)
def test_tier_in_force_on_a_date(elapsed: int, percent: Decimal | None) -> None:
    t = parse_terms("2% 5, 1% 14, net 30")
    tier = t.tier_on(D0, D0 + timedelta(days=elapsed))
    assert (tier.percent if tier else None) == percent


def test_boundary_day_of_one_tier() -> None:
    t = parse_terms("2% 10, net 30")
    assert t.tier_on(D0, D0 + timedelta(days=10)) == Tier(Decimal(2), 10)
    assert t.tier_on(D0, D0 + timedelta(days=11)) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "are empty"),
        (None, "are empty"),
        ("abc", 'not understood at "abc"'),
        ("2% 10", "do not say when the invoice is due"),
        ("net 30, 2% 10", 'go on after "net 30"'),
        ("2 10, net 30", 'not understood at "2 10"'),
        ("0% 10, net 30", "between 0% and 100%"),
        ("100% 10, net 30", "between 0% and 100%"),
        ("1% 5, 2% 14, net 30", "each later tier must have more days and a smaller percent"),
        ("2% 14, 1% 5, net 30", "each later tier must have more days and a smaller percent"),
        ("2% 40, net 30", "cannot run past the due date"),
        ("net thirty", "not understood"),
    ],
)
def test_bad_terms(text: str | None, words: str) -> None:
    with pytest.raises(UserError) as err:
        parse_terms(text)
    assert words in str(err.value)
    assert "payment terms" in str(err.value)
