"""Document numbers: each series' next number, and the numbers imported documents keep."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import cast

from models import fast
from models.held import held_counter

SERIES_PREFIX = {
    "invoice": "INV",
    "standalone": "INV",
    "credit_note": "CN",
    "corrective": "CI",
    "order": "SO",
    "payment": "PAY",
    "refund": "REF",
    "draft": "DRAFT",
}


def next_number(series: str) -> str:
    """The next number of a series; call inside the posting transaction."""
    prefix = SERIES_PREFIX[series]
    held = held_counter(prefix)
    if held is not None:
        value = held.value + 1
        held.hold(value)
        return _numbered(prefix, value)
    # One statement (SQLite ≥ 3.35 and PostgreSQL): create the series at 1 or step it.
    (value,) = fast.execute(
        'INSERT INTO "counter" ("name", "value") VALUES ({p}, 1) ON CONFLICT ("name") '
        'DO UPDATE SET "value" = "counter"."value" + 1 RETURNING "value"',
        [prefix],
    ).fetchone()
    return _numbered(prefix, value)


def _numbered(prefix: str, value: int) -> str:
    return f"{prefix}-{value:06d}"


@lru_cache(maxsize=64)
def _own_form(prefix: str) -> re.Pattern[str]:
    """A series' own number form: PAY-000123."""
    return re.compile(rf"{re.escape(prefix)}-(\d+)")


def numbers_for(series: str, given: Sequence[str | None]) -> list[str]:
    """`number_for` of each of `given`, in order: inside a batch the series is
    held once for them all (an import's or a demo's rows)."""
    prefix = SERIES_PREFIX[series]
    held = held_counter(prefix)
    if held is None:
        return [number_for(series, number) for number in given]
    form = _own_form(prefix)
    value = held.value
    if None not in given:  # every number kept (an import's rows): the series moves past them
        numbers = cast(list[str], list(given))
        kept = [int(m.group(1)) for m in map(form.fullmatch, numbers) if m]
        if kept and max(kept) > value:
            held.hold(max(kept))
        return numbers
    out = []
    for number in given:
        if number is None:
            value += 1
            out.append(_numbered(prefix, value))
            continue
        m = form.fullmatch(number)
        if m:
            value = max(value, int(m.group(1)))
        out.append(number)
    if value != held.value:
        held.hold(value)
    return out


def number_for(series: str, number: str | None = None) -> str:
    """The number a new document takes: `number` when given (an imported
    document keeps the workbook's), else the next of its series. A kept
    number of the series' own form moves the series past it, so later
    documents never collide with it."""
    if number is None:
        return next_number(series)
    prefix = SERIES_PREFIX[series]
    m = _own_form(prefix).fullmatch(number)
    held = held_counter(prefix) if m else None
    if m and held is not None:
        held.hold(max(held.value, int(m.group(1))))
    elif m:
        # Create the series at the kept number, or move it up to it; never back.
        fast.execute(
            'INSERT INTO "counter" ("name", "value") VALUES ({p}, {p}) ON CONFLICT ("name") '
            'DO UPDATE SET "value" = CASE WHEN excluded."value" > "counter"."value" '
            'THEN excluded."value" ELSE "counter"."value" END',
            [prefix, int(m.group(1))],
        )
    return number
