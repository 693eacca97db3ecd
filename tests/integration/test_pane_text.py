"""The panes' text box through its trigram indexes keeps exactly the rows the
plain LIKE reading keeps (issue 12).

The plain reading: every document joined to its customer, kept when LIKE
(ILIKE on PostgreSQL) '%text%' holds for its number, its customer's code or
name, or (a payment) its reference, with %, _ and \\ in the text escaped. On a
small demo book with customers, numbers and references full of accents, case,
quotes and wildcards, for every pane and random texts of 1 to 8 characters
(taken from the book's own words with their case changed, or drawn from an
alphabet of the awkward characters): the count, the totals' count, every row
of the page, and the first rows read from the matches and by walking the sort,
are the plain reading's. The SQLite indexes stay in step with the demo's
batched writes, the import, a rename, a deletion and raw updates (FTS5's
integrity check against the tables), are built by the migration on an older
book, and a SQLite without the trigram tokenizer gets none and scans.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.demo import make_demo
from app.read import panes
from app.read.panes import text as text_search
from app.services import book, customers, invoices, orders, payments
from app.services.invoices import LineInput
from models import text_search as indexes
from models.db import close_db, database
from tests.builders import PG_URL, fresh_postgres_book

TODAY = date(2026, 3, 31)
TERMS = "2% 10, net 30"
# Customers (code, name) and payment references where LIKE's meaning shows.
ODD_CUSTOMERS = [
    ("X1", "Çafé Ünïcode Lda"),
    ("X2", "50% off_sale \\ back"),
    ("X3", 'ÉCOLE "école" Straße'),
    ("x4", "Kelvin \u212a and long \u017f"),  # fold to k and s in the index, not in LIKE
]
ODD_REFERENCES = ["50%_ref", 'say "hi"', "back\\slash", "ÇÃO ção", "100%", "a_b", "Kelvin \u212a"]
ALPHABET = "aAeEiIkKsS%_\\\"' -0123çÇéÉßÜ\u212a\u017f"
KINDS = panes.KINDS

PLAIN = {
    "invoices": ('"invoice"', ""),
    "orders": ('"order"', ""),
    "payments": ('"payment"', " OR d.reference {like}"),
}


def _fill() -> None:
    book.initialise("EUR", "Text box")
    make_demo(customers=6, invoices=60, seed=5, today=TODAY)
    for i, (code, name) in enumerate(ODD_CUSTOMERS):
        customers.add_customer(code, name, terms=TERMS)
        invoices.create_invoice(code, TODAY - timedelta(days=i), amount=Decimal("10.00") + i)
        for k, ref in enumerate(ODD_REFERENCES[i::2]):
            payments.create_payment(code, TODAY, Decimal("1.00") + k, reference=ref)


@pytest.fixture(scope="module")
def sqlite_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("text") / "text.sqlite"
    book.open_book(str(path))
    _fill()
    # The demo's batch put its rows into the indexes; these two are the latest, not in:
    invoices.create_invoice("X3", TODAY, amount=Decimal("7.00"))
    payments.create_payment("X1", TODAY, Decimal("2.00"), reference="late 50%_Ção")
    yield path
    close_db()


def _plain(kind: str, text: str) -> set[int]:
    """The straightforward reading: a join and LIKE on every column."""
    table, extra = PLAIN[kind]
    op = "ILIKE" if database.param == "%s" else "LIKE"
    like = f"{op} {database.param} ESCAPE '\\'"
    sql = (
        f'SELECT d.id FROM {table} d JOIN "customer" c ON c.id = d.customer_id '
        f"WHERE d.number {like} OR c.code {like} OR c.name {like}" + extra.format(like=like)
    )
    pattern = text_search.escaped(text.strip())
    n = sql.count(database.param)
    return {int(r[0]) for r in database.execute_sql(sql, (pattern,) * n)}


def _texts(rng: random.Random, count: int) -> list[str]:
    words: list[str] = []
    for sql in (
        'SELECT number FROM "invoice"',
        'SELECT number FROM "order"',
        'SELECT number || reference FROM "payment"',
        'SELECT code || name FROM "customer"',
    ):
        words += [str(r[0]) for r in database.execute_sql(sql)]
    out = []
    for _ in range(count):
        size = rng.randint(1, 8)
        if rng.random() < 0.7:
            word = rng.choice(words)
            start = rng.randint(0, max(len(word) - size, 0))
            piece = word[start : start + size]
            out.append("".join(ch.swapcase() if rng.random() < 0.3 else ch for ch in piece))
        else:
            out.append("".join(rng.choice(ALPHABET) for _ in range(size)))
    return out


def _ids(rows: list[Any]) -> list[int]:
    return [r.id for r in rows]


def _same_as_plain(kind: panes.Kind, text: str) -> int:
    """Every way the pane reads `text` keeps the plain reading's rows; returns their number."""
    want = _plain(kind, text)
    f = panes.Filters(today=TODAY, text=text)
    assert panes.count(kind, f) == len(want), (kind, text)
    assert panes.totals(kind, f).count == len(want), (kind, text)
    every = panes.page(kind, f, limit=10**6)
    assert set(_ids(every)) == want and len(every) == len(want), (kind, text)
    first = _ids(every[:5])
    # From the matches (a small total) and by walking the sort (a large one).
    assert _ids(panes.page(kind, f, limit=5, total=1)) == first, (kind, text)
    assert _ids(panes.page(kind, f, limit=5, total=10**7)) == first, (kind, text)
    return len(want)


def _statements() -> tuple[list[str], Any]:
    seen: list[str] = []
    db = database.obj
    real = db.execute_sql

    def spy(sql: str, params: Any = None, *a: Any, **k: Any) -> Any:
        seen.append(sql)
        return real(sql, params, *a, **k)

    db.execute_sql = spy
    return seen, db


@pytest.mark.parametrize("kind", KINDS)
def test_random_texts_keep_the_plain_readings_rows(sqlite_book: Path, kind: panes.Kind) -> None:
    book.open_book(str(sqlite_book))
    seen, db = _statements()
    try:
        found = [_same_as_plain(kind, t) for t in _texts(random.Random(12), 60)]
        for odd in ['"', "%", "_", "\\", "50%", "a_b", "ção", "Ção", "ÇÃO", "STRASSE", "k and"]:
            found.append(_same_as_plain(kind, odd))
    finally:
        del db.execute_sql
    assert sum(1 for n in found if n) > 10  # the texts find things, not only nothing
    assert any("MATCH" in s for s in seen)  # the trigram index was asked


def test_the_index_is_asked_for_ascii_texts_of_any_length(sqlite_book: Path) -> None:
    """Three characters or more through the trigrams; one or two ASCII ones through the
    terms they begin (every value is padded); one or two others are scanned (the index
    folds their case as LIKE does not)."""
    book.open_book(str(sqlite_book))
    cases = [("IN", True), ("INV", True), ("C0", True), ("Caf", True), ("7", True)]
    cases += [("ç", False), ("ÇÃ", False), ("ção", True)]
    for text, asked in cases:
        seen, db = _statements()
        try:
            panes.count("invoices", panes.Filters(today=TODAY, text=text))
        finally:
            del db.execute_sql
        assert any("MATCH" in s or "invoice_text_terms" in s for s in seen) == asked, text


def test_the_text_with_the_other_filters(sqlite_book: Path) -> None:
    book.open_book(str(sqlite_book))
    others = [
        panes.Filters(today=TODAY, status=panes.OPEN),
        panes.Filters(today=TODAY, status=panes.OVERDUE),
        panes.Filters(today=TODAY, customer="X1"),
        panes.Filters(today=TODAY, date_from=TODAY - timedelta(days=60)),
    ]
    for text in ("INV", "Lda", "00", "X1", "peña"):
        for other in others:
            f = replace(other, text=text)
            kept = {r.id for r in panes.page("invoices", other, limit=10**6)}
            plain = _plain("invoices", text) & kept
            assert panes.count("invoices", f) == len(plain), (text, other)
            assert set(_ids(panes.page("invoices", f, limit=10**6))) == plain, (text, other)


def _fts_sound() -> None:
    """FTS5's own check of each index against its table (rank 1: the content too),
    once the latest rows are in."""
    indexes.catch_up(database.obj)
    for table in indexes.SEARCHED:
        name = indexes.index_name(table)
        database.execute_sql(
            f'INSERT INTO "{name}" ("{name}", rank) VALUES (\'integrity-check\', 1)'
        )


def test_the_indexes_follow_batched_writes_renames_and_deletions(tmp_path: Path) -> None:
    book.open_book(str(tmp_path / "w.sqlite"))
    _fill()  # the demo writes through the batch (executemany)
    _fts_sound()
    assert _same_as_plain("invoices", "Lda") > 0
    customers.update_customer("X1", name="Renamed Zebra Holdings")
    _fts_sound()
    assert _same_as_plain("invoices", "zebra") == 1
    assert _same_as_plain("invoices", "Ünïcode") == 0
    line = LineInput("Thing", Decimal(1), Decimal("5.00"))
    draft = orders.create_order("X2", TODAY, [line], draft=True)
    assert _same_as_plain("orders", draft.number) == 1
    orders.delete_draft_order(draft.number)
    _fts_sound()
    assert _same_as_plain("orders", draft.number) == 0
    database.execute_sql("UPDATE \"payment\" SET reference = 'Quoted Walrus' WHERE id = 1")
    database.execute_sql('UPDATE "invoice" SET status = status')  # no searched column: no work
    _fts_sound()
    assert _same_as_plain("payments", "WALRUS") == 1
    close_db()


def _waiting(table: str) -> tuple[int, int, int]:
    """(rows in the table, rows in its index, rows above the index's mark)."""
    upto = indexes.upto_sql(table)
    return tuple(  # type: ignore[return-value]
        int(database.execute_sql(sql).fetchone()[0])
        for sql in (
            f'SELECT count(*) FROM "{table}"',
            f'SELECT count(*) FROM "{indexes.index_name(table)}_docsize"',
            f'SELECT count(*) FROM "{table}" WHERE id > {upto}',
        )
    )


def test_the_latest_rows_are_found_and_caught_up(tmp_path: Path) -> None:
    book.open_book(str(tmp_path / "p.sqlite"))
    _fill()  # the demo (a batch: caught up at its end), then single service calls
    rows, indexed, latest = _waiting("invoice")
    assert rows == indexed + latest and latest == len(ODD_CUSTOMERS) and indexed > 50
    for kind in KINDS:
        for text in _texts(random.Random(8), 15) + ["Lda", "Çafé"]:
            _same_as_plain(kind, text)
    # An indexed customer renamed, then one not in yet; a latest payment changed.
    customers.update_customer("C0001", name="Indexed Ibis")
    customers.update_customer("x4", name="Latest Puffin")
    last = database.execute_sql('SELECT max(id) FROM "payment"').fetchone()[0]
    database.execute_sql("UPDATE payment SET reference = 'Moved Marmot' WHERE id = ?", (last,))
    assert _same_as_plain("invoices", "puffin") == 1
    assert _same_as_plain("invoices", "ibis") > 1
    assert _same_as_plain("invoices", "Conceição") == 0
    assert _same_as_plain("payments", "marmot") == 1
    _fts_sound()
    assert _waiting("customer")[2] == 0 and _waiting("payment")[2] == 0
    # The largest id deleted and given again: the new row is not taken for the old.
    line = LineInput("Thing", Decimal(1), Decimal("5.00"))
    first = orders.create_order("X2", TODAY, [line], draft=True)
    indexes.catch_up(database.obj)
    orders.delete_draft_order(first.number)
    again = orders.create_order("X3", TODAY, [line], draft=True)
    assert again.id == first.id
    assert _same_as_plain("orders", "école") == 1
    assert _same_as_plain("orders", "50% off") == 0
    # Posting renumbers the draft: an indexed row's number changes in the index.
    indexes.catch_up(database.obj)
    posted = orders.post_order(again.number)
    assert _same_as_plain("orders", posted.number) == 1
    assert _same_as_plain("orders", again.number) == 0
    _fts_sound()
    close_db()


def test_the_import_fills_the_indexes(sqlite_book: Path, tmp_path: Path) -> None:
    from app.exchange import import_book
    from reports.exchange_xlsx import ExchangeSource, write_exchange

    book.open_book(str(sqlite_book))
    write_exchange(tmp_path / "book.xlsx", book.currency())
    close_db()
    book.open_book(str(tmp_path / "imported.sqlite"))
    book.initialise("EUR", "Text box")
    with ExchangeSource(tmp_path / "book.xlsx") as source:
        import_book(source)
    _fts_sound()
    for kind in KINDS:
        for text in _texts(random.Random(3), 15) + ["Çafé", "50%", "Lda"]:
            _same_as_plain(kind, text)
    close_db()


def _text_schema() -> list[tuple[str, str]]:
    sql = "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type != 'index'"
    names = {f"{t}_text" for t in indexes.SEARCHED}
    rows = database.execute_sql(sql)
    return sorted((str(n), str(q)) for n, q in rows if any(n.startswith(p) for p in names))


def test_an_older_book_gains_the_indexes_filled(sqlite_book: Path, tmp_path: Path) -> None:
    import shutil
    import sqlite3

    from models.migrations import MIGRATIONS, _m11_text_search

    before = MIGRATIONS.index(_m11_text_search)  # the version before the text indexes

    book.open_book(str(sqlite_book))
    fresh = _text_schema()
    assert len(fresh) == 4 * 9  # per table: FTS5, its 4 shadows, its view and terms, 2 triggers
    close_db()
    old = tmp_path / "old.sqlite"
    shutil.copyfile(sqlite_book, old)
    con = sqlite3.connect(old)
    for table in indexes.SEARCHED:
        name = indexes.index_name(table)
        for what in ("delete", "update"):
            con.execute(f'DROP TRIGGER "{name}_{what}"')
        con.execute(f'DROP TABLE "{name}"')
    con.execute(f'DROP TABLE "{indexes.MARK}"')
    con.execute("UPDATE schema_version SET version = ?", (before,))
    con.commit()
    con.close()
    book.open_book(str(old))
    assert _text_schema() == fresh
    _fts_sound()
    for kind in KINDS:
        assert _same_as_plain(kind, "Lda") > 0
    assert _same_as_plain("payments", "Çafé") > 0
    close_db()


def test_without_the_trigram_tokenizer_the_text_box_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexes, "has_trigram", lambda db: False)
    book.open_book(str(tmp_path / "old-sqlite.sqlite"))
    _fill()
    assert not any(indexes.available(database.obj, t) for t in indexes.SEARCHED)
    seen, db = _statements()
    try:
        for kind in KINDS:
            for text in _texts(random.Random(4), 15) + ["Çafé", "50%", "Lda"]:
                _same_as_plain(kind, text)
    finally:
        del db.execute_sql
    assert not any("MATCH" in s for s in seen)
    close_db()


def test_this_sqlite_has_the_trigram_tokenizer(sqlite_book: Path) -> None:
    """The venv's SQLite (3.34 or later) builds the indexes: the fast path is the one tested."""
    book.open_book(str(sqlite_book))
    assert indexes.has_trigram(database.obj)
    assert all(indexes.available(database.obj, t) for t in indexes.SEARCHED)


@pytest.mark.skipif(
    not PG_URL, reason="set ACERTO_TEST_PG=postgresql://... to run against PostgreSQL"
)
def test_postgresql_keeps_the_plain_readings_rows_through_its_trigram_indexes() -> None:
    assert PG_URL
    fresh_postgres_book(PG_URL)
    try:
        _fill()
        for kind in KINDS:
            for text in _texts(random.Random(21), 60) + ["Çafé", "ção", "50%", "a_b", '"', "\\"]:
                _same_as_plain(kind, text)
        names = {r[0] for r in database.execute_sql("SELECT indexname FROM pg_indexes")}
        assert {"invoice_number_trgm", "customer_name_trgm", "payment_reference_trgm"} <= names
        # With rows enough for an index to pay, the planner answers ILIKE from it.
        cols = [c.name for c in database.get_columns("invoice") if c.name not in ("id", "number")]
        listed = ", ".join(f'"{c}"' for c in cols)
        database.execute_sql(
            f"INSERT INTO invoice (number, {listed}) SELECT 'BULK-' || g, {listed} "
            "FROM invoice, generate_series(1, 20000) g WHERE id = 1"
        )
        database.execute_sql("ANALYZE invoice")
        plan = " ".join(
            r[0]
            for r in database.execute_sql(
                "EXPLAIN SELECT count(*) FROM invoice WHERE number ILIKE %s", ("%BULK-1234%",)
            )
        )
        assert "invoice_number_trgm" in plan, plan
        assert _same_as_plain("invoices", "bulk-1234") == 11
    finally:
        close_db()
