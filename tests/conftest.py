"""Shared fixtures: a fresh temporary book per test, on every backend.

`book` is parametrised over "sqlite" (a temporary file) and, when the
environment variable ACERTO_TEST_PG holds a postgresql:// URL, "postgres"
(the tables of that database are emptied before each test). It yields a
`BookHandle` (backend, url, path) with the book already open.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _worker_database() -> None:
    """Under pytest-xdist each worker empties and fills its own PostgreSQL
    database (created on the test server beside the one given), so two
    workers never truncate each other's tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("ACERTO_TEST_PG", "")
    if not worker or not url.startswith(("postgresql://", "postgres://")):
        return
    import psycopg2

    base, _, name = url.rpartition("/")
    name, sep, query = name.partition("?")
    mine = f"{name}_{worker}"
    conn = psycopg2.connect(url)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [mine])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{mine}"')
    finally:
        conn.close()
    os.environ["ACERTO_TEST_PG"] = f"{base}/{mine}{sep}{query}"


_worker_database()

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.builders import PG_URL, BookHandle, fresh_postgres_book  # noqa: E402

BACKENDS = ["sqlite", "postgres"] if PG_URL else ["sqlite"]


@pytest.fixture(params=BACKENDS)
def book(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BookHandle]:
    """A new, open, empty book (currency EUR, default parameters)."""
    from models.db import close_db, init_db

    if request.param == "sqlite":
        path = tmp_path / "book.sqlite"
        init_db(str(path))
        handle = BookHandle("sqlite", str(path), path)
    else:
        fresh_postgres_book(PG_URL)
        handle = BookHandle("postgres", PG_URL, None)
    try:
        yield handle
    finally:
        close_db()


@pytest.fixture
def sqlite_book(tmp_path: Path) -> Iterator[BookHandle]:
    """A new SQLite book only (for what is about files: backups, migrations)."""
    from models.db import close_db, init_db

    path = tmp_path / "book.sqlite"
    init_db(str(path))
    try:
        yield BookHandle("sqlite", str(path), path)
    finally:
        close_db()


@pytest.fixture(autouse=True, scope="module")
def _no_book_left_bound() -> Iterator[None]:
    """Each test module leaves no book bound behind it. An in-memory book a
    module closed but left bound reopens empty, and the next module's pure
    rule tests, which ask the book's language for their texts, then read
    "no such table: setting" (test_batch.py before test_settlement_rules.py
    in one process)."""
    yield
    from models.db import close_db, database

    if database.obj is not None:
        close_db()
        database.initialize(None)
