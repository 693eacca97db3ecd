"""A write batch's rows sent to PostgreSQL by COPY or by INSERTs (models/pg_send.py).

The property: any rows of the kinds of values a book holds (ints, text with tabs,
newlines, backslashes and "\\N", NULLs, booleans, dates, times) come back from a COPY
exactly as from execute_values' INSERTs. Without ACERTO_TEST_PG only the text form
and the choice of the way are tested.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import pg_send
from tests.builders import PG_URL

SQL = 'INSERT INTO "{t}" ("id", "n", "s", "b", "d", "ts") VALUES (%s, %s, %s, %s, %s, %s)'

texts = st.one_of(
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"])),
    st.sampled_from(["\\N", "\\", "a\tb", "a\nb", "a\r\nb", "\\t", "", " ", "ção", "€ 1,00"]),
)
values = st.tuples(
    st.one_of(st.none(), st.integers(min_value=-(2**62), max_value=2**62)),
    st.one_of(st.none(), texts),
    st.one_of(st.none(), st.booleans()),
    st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1))),
    st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1, 1, 1))),
)


class _Cursor:
    """Records what `send` asks of a psycopg2 cursor (execute_values' calls included)."""

    class connection:  # noqa: N801 - psycopg2's attribute
        encoding = "UTF8"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def copy_expert(self, sql: str, _file: Any) -> None:
        self.calls.append(sql)

    def mogrify(self, sql: str, args: Any) -> bytes:  # execute_values builds its pages with it
        self.calls.append("mogrify")
        return b"(1)"

    def execute(self, sql: Any) -> None:
        self.calls.append("INSERT")


def test_text_form_escapes_what_copy_reads_specially() -> None:
    row = [1, "a\tb\\c\nd\re", None, True, False, dt.date(2026, 3, 1)]
    assert pg_send._copy_text([row]) == "1\ta\\tb\\\\c\\nd\\re\t\\N\tt\tf\t2026-03-01\n"
    assert pg_send._copy_text([["\\N"]]) == "\\\\N\n"  # the text, not a NULL
    stamp = dt.datetime(2026, 3, 1, 9, 5, 7, 120)
    assert pg_send._copy_text([[stamp]]) == "2026-03-01 09:05:07.000120\n"


@pytest.mark.parametrize(
    "value",
    [Decimal("1.5"), 1.5, b"x", "a\x00b", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
)
def test_values_it_does_not_write_go_as_inserts(value: Any) -> None:
    rows = [[i, None] for i in range(pg_send.COPY_AT)] + [[0, value]]
    assert pg_send._copy_text(rows) is None
    cursor = _Cursor()
    pg_send.send(cursor, SQL.format(t="x"), rows)
    assert "INSERT" in cursor.calls and not any(c.startswith("COPY") for c in cursor.calls)


def test_few_rows_go_as_an_insert_many_as_a_copy() -> None:
    few, many = _Cursor(), _Cursor()
    pg_send.send(few, SQL.format(t="x"), [[1, 2, "a", True, None, None]] * (pg_send.COPY_AT - 1))
    pg_send.send(many, SQL.format(t="x"), [[1, 2, "a", True, None, None]] * pg_send.COPY_AT)
    assert "INSERT" in few.calls and not any(c.startswith("COPY") for c in few.calls)
    assert many.calls == ['COPY "x" ("id", "n", "s", "b", "d", "ts") FROM STDIN']


@pytest.fixture(scope="module")
def pg() -> Any:
    if not PG_URL:
        pytest.skip("ACERTO_TEST_PG not set")
    import psycopg2

    conn = psycopg2.connect(PG_URL)
    yield conn
    conn.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(values, min_size=pg_send.COPY_AT, max_size=pg_send.COPY_AT + 30))
def test_copy_gives_the_rows_inserts_give(pg: Any, rows: list[tuple[Any, ...]]) -> None:
    full = [[i, *row] for i, row in enumerate(rows)]
    cur = pg.cursor()
    try:
        for t in ("by_copy", "by_insert"):
            cur.execute(
                f'CREATE TEMP TABLE "{t}" (id bigint, n bigint, s text, b boolean, d date,'
                " ts timestamp)"
            )
        pg_send.send(cur, SQL.format(t="by_copy"), full)
        from psycopg2.extras import execute_values

        execute_values(
            cur, SQL.format(t="by_insert").replace("(%s, %s, %s, %s, %s, %s)", "%s"), full
        )
        got = {}
        for t in ("by_copy", "by_insert"):
            cur.execute(f'SELECT * FROM "{t}" ORDER BY id')
            got[t] = cur.fetchall()
        assert got["by_copy"] == got["by_insert"]
        assert got["by_copy"] == [tuple(r) for r in full]
    finally:
        pg.rollback()
