"""Issue 7 (speed held): the quick test of an invoice's lines refuses exactly as the full one.

`check_lines` (app/services/invoices.py) first asks the quick questions
(`limits.quantity_within`, `limits.amount_within`) and makes the words of a
refusal only when one fails. The property: any lines, with quantities and
prices at and beyond the book's limits, negative, zero, not numbers, give the
same outcome (accepted, or the same refusal, or the same error) as the full
test, where every problem is asked for in words (the quick test turned off).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.rules import limits
from app.services.invoices import LineInput, check_lines

EDGES = (
    "0",
    "-0",
    "0.001",
    "-1",
    "1",
    "2.5",
    "999999999.999",
    "1000000000",
    "999999999999.99",
    "1000000000000",
    "-1000000000000",
    "1E+40",
    "NaN",
    "Infinity",
    "-Infinity",
)
numbers = st.sampled_from(EDGES).map(Decimal) | st.decimals(
    min_value=-(10**13), max_value=10**13, places=3
)
lines = st.lists(
    st.builds(
        LineInput,
        description=st.sampled_from(("Horas", "", "bad\x00text", "x" * 301)),
        quantity=numbers,
        unit_price=numbers,
    ),
    max_size=3,
)


def _outcome(given: list[LineInput]) -> tuple[str, str]:
    try:
        check_lines(given)
    except Exception as e:  # refusals and errors alike: both paths must agree
        return (type(e).__name__, str(e))
    return ("accepted", "")


@settings(max_examples=300, deadline=None)
@given(lines)
@example([LineInput("Horas", Decimal(0), Decimal(10))])
@example([LineInput("Horas", Decimal(1), Decimal(-1))])
@example([LineInput("Horas", Decimal("1000000000"), Decimal(1))])
def test_the_quick_test_refuses_as_the_full_one(given: list[LineInput]) -> None:
    quick = _outcome(given)
    with mock.patch.object(limits, "quantity_within", lambda value: False):
        full = _outcome(given)
    assert quick == full


def test_the_full_test_is_the_one_asked_when_the_quick_one_fails(
    monkeypatch: Any,
) -> None:
    """The patch above reaches `check_lines` (else the property compares a path with itself)."""
    asked: list[Decimal] = []
    problem = limits.quantity_problem
    monkeypatch.setattr(limits, "quantity_within", lambda value: False)
    monkeypatch.setattr(
        limits, "quantity_problem", lambda value: asked.append(value) or problem(value)
    )
    check_lines([LineInput("Horas", Decimal(2), Decimal(10))])
    assert asked == [Decimal(2)]
