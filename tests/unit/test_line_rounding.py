"""check's line-amount rule in SQL integers agrees with the money module's rounding
(ROUND_HALF_UP on Decimals: half away from zero) on every backend."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from peewee import Select, Value

from app.read.invariants import _rounded_product
from app.rules.money import Currency, qty_from_milli
from models.db import database

CASES = [
    (1000, 100),  # 1 × 1.00
    (1500, 1),  # 1.5 × 0.01 = 0.015 → 0.02
    (-1500, 1),  # −0.015 → −0.02
    (500, 1),  # 0.005 → 0.01
    (-500, 1),  # −0.005 → −0.01
    (499, 1),  # 0.00499 → 0.00
    (-499, 1),
    (333, 7),
    (2500, -3),  # a negative price
    (123456, 98765),
    (-8000, 5000),
    (0, 12345),
]


@pytest.mark.parametrize(("quantity", "price"), CASES)
def test_sql_rounding_matches_the_money_module(book, quantity: int, price: int) -> None:
    cur = Currency.of("EUR")
    expected = cur.to_minor(cur.round(qty_from_milli(quantity) * cur.from_minor(price)))
    # BIGINT like the columns (PostgreSQL would multiply two int4 parameters in int4).
    line = SimpleNamespace(
        quantity=Value(quantity).cast("BIGINT"), unit_price=Value(price).cast("BIGINT")
    )
    got = Select(columns=[_rounded_product(line)]).bind(database.obj).scalar()
    assert int(got) == expected, (quantity, price, Decimal(quantity * price) / 1000)
