"""PostgreSQL: a text of one or two characters is looked up in the grams' indexes
(models/text_search.py `create_grams`, app/read/panes/text.py) and keeps exactly
the rows plain ILIKE keeps (issue 12).

The plain reading is test_pane_text's: every document joined to its customer,
ILIKE '%text%' on its number, its customer's code and name and (a payment) its
reference, in the database's collation. The book is test_pane_text's (accents,
case, quotes, wildcards, the Kelvin sign) with a few more rows holding one-letter
texts only outside ASCII ('Ñ', 'ç', the Kelvin sign, whose lower case is 'k'). For
every pane and every short text: the capped and the exact count, the totals'
count, every row of the page, and the first rows from the matches and by walking
the sort; then each of the three ways the condition is written (a count's, the
matches', a walk's) on its own. A book made before the indexes gains them when
opened, a new one is made with them, and a role that may not create the function
still opens its book and finds the same rows by scanning.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.read import panes
from app.read.panes import text as text_search
from app.services import customers, invoices, payments
from models import text_search as indexes
from models.db import close_db, database, init_db
from models.tables import Invoice, Order, Payment
from tests.builders import PG_URL, fresh_postgres_book
from tests.integration.test_pane_text import (
    TERMS,
    TODAY,
    _fill,
    _plain,
    _same_as_plain,
    _statements,
)

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="set ACERTO_TEST_PG=postgresql://... to run against PostgreSQL"
)

# Rows that hold some short texts only in a letter outside ASCII.
SHORT_CUSTOMERS = [("Y1", "Ñandú Ltd"), ("Y2", "Maçã Lda"), ("Y3", "\u212aelvin Sign")]
SHORT_REFERENCES = ["Ñ-7", "ção_1", "\u212a%", "50%_x", "a_b"]
SHORT = [
    *("a", "A", "da", "zq", "ZQ", "7", "12", "0", "-0", "k", "K", "lv"),
    *("ç", "Ç", "çã", "ñ", "Ñ", "Ña", "\u212a", "%", "_", "%_", "0%", "_b", "\\", '"'),
]
MODELS = {"invoices": Invoice, "orders": Order, "payments": Payment}


def _fill_short() -> None:
    _fill()
    for i, (code, name) in enumerate(SHORT_CUSTOMERS):
        customers.add_customer(code, name, terms=TERMS)
        invoices.create_invoice(code, TODAY - timedelta(days=i), amount=Decimal("3.00") + i)
    for k, ref in enumerate(SHORT_REFERENCES):
        payments.create_payment("Y1", TODAY, Decimal("1.00") + k, reference=ref)


@pytest.fixture(scope="module")
def pg_book() -> Iterator[None]:
    assert PG_URL
    fresh_postgres_book(PG_URL)
    _fill_short()
    yield
    close_db()


def _ids(query: Any) -> set[int]:
    return {int(r[0]) for r in query.tuples()}


@pytest.mark.parametrize("kind", panes.KINDS)
def test_short_texts_keep_the_plain_ilikes_rows(pg_book: None, kind: panes.Kind) -> None:
    seen, db = _statements()
    try:
        found = [_same_as_plain(kind, text) for text in SHORT]
        for text in SHORT:
            f = panes.Filters(today=TODAY, text=text)
            want = len(_plain(kind, text))
            assert panes.count(kind, f, cap=3) == min(want, 4), (kind, text)
    finally:
        del db.execute_sql
    assert sum(1 for n in found if n) > 8  # the texts find things, not only nothing
    assert any(indexes.GRAMS in s for s in seen)  # the grams' indexes were asked


@pytest.mark.parametrize("kind", panes.KINDS)
def test_each_way_of_writing_the_condition_keeps_the_same_rows(
    pg_book: None, kind: panes.Kind
) -> None:
    m = MODELS[kind]
    for text in SHORT:
        want = _plain(kind, text)
        for short in (text_search.COUNT, text_search.MATCHES, text_search.WALK):
            cond = text_search.condition(m, text, drive=False, short=short)
            assert _ids(m.select(m.id).where(cond)) == want, (kind, text, short)


def test_the_non_ascii_letters_are_found_as_ilike_finds_them(pg_book: None) -> None:
    """'k' finds the Kelvin sign, 'ñ' an 'Ñ', 'Ç' a 'ç': ILIKE's lower case in the
    database's collation (the "C" collation's ILIKE folds ASCII letters only)."""
    kelvin = {
        int(r[0])
        for r in database.execute_sql(
            "SELECT i.id FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE c.code = 'Y3'"
        )
    }
    assert kelvin and kelvin <= _plain("invoices", "k")
    every = {
        r.id for r in panes.page("invoices", panes.Filters(today=TODAY, text="k"), limit=10**6)
    }
    assert kelvin <= every
    assert _same_as_plain("invoices", "ñ") >= 1
    assert _same_as_plain("payments", "Ç") >= 1


def _grams_indexes() -> set[str]:
    rows = database.execute_sql("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_grams'")
    return {str(r[0]) for r in rows}


WANTED = {indexes.gram_index(t, c) for t in indexes.GRAMMED for c in indexes.SEARCHED[t]}


def _new_book() -> None:
    """An empty database made a book afresh (not fresh_postgres_book's truncation)."""
    from models.tables import ALL_TABLES

    assert PG_URL
    db = init_db(PG_URL, migrate=False)
    db.drop_tables(ALL_TABLES, safe=True, cascade=True)
    db.execute_sql(f"DROP FUNCTION IF EXISTS {indexes.GRAMS}(text) CASCADE")
    init_db(PG_URL)


def _made_older() -> None:
    """The open book as the version before the grams: no function, no indexes."""
    from models.migrations import MIGRATIONS, _m15_short_text_grams

    database.execute_sql(f"DROP FUNCTION {indexes.GRAMS}(text) CASCADE")  # and its indexes
    before = MIGRATIONS.index(_m15_short_text_grams)
    database.execute_sql("UPDATE schema_version SET version = %s", (before,))
    assert _grams_indexes() == set()
    close_db()


def test_an_older_book_gains_the_grams_and_a_new_one_has_them() -> None:
    assert PG_URL
    _new_book()
    assert _grams_indexes() == WANTED
    _fill_short()
    _made_older()
    init_db(PG_URL)  # opening it migrates it
    assert _grams_indexes() == WANTED
    for kind in panes.KINDS:
        for text in ("a", "7", "ç", "%"):
            _same_as_plain(kind, text)
    close_db()


def test_a_role_that_may_not_create_the_function_opens_its_book_and_scans(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert PG_URL
    fresh_postgres_book(PG_URL)
    _fill_short()
    _made_older()
    refused = "DO $$ BEGIN RAISE insufficient_privilege USING MESSAGE = 'no'; END $$"
    monkeypatch.setattr(indexes, "_GRAMS_FUNCTION", refused)
    init_db(PG_URL)  # the migration's refusal is caught: the book opens, migrated
    assert _grams_indexes() == set()
    assert not indexes.has_grams(database.obj, "invoice")
    seen, db = _statements()
    try:
        # The "C" collation's scan, as before the indexes: the same rows for texts
        # whose letters have no other upper case than ASCII's (not 'k', not 'i').
        for kind in panes.KINDS:
            for text in ("a", "7", "12", "ç", "Ñ", "%", "_", "zq"):
                _same_as_plain(kind, text)
    finally:
        del db.execute_sql
    assert not any(indexes.GRAMS in s for s in seen)
    monkeypatch.undo()
    indexes.create_grams(database.obj)  # whole again for the next module's book
    assert _grams_indexes() == WANTED
    close_db()
