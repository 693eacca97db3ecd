"""Shared fixtures: a fresh temporary book per test, on every backend.

`book` is parametrised over "sqlite" (a temporary file) and, when the
environment variable ACERTO_TEST_PG holds a postgresql:// URL, "postgres"
(the tables of that database are emptied before each test). It yields a
`BookHandle` (backend, url, path) with the book already open.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
