"""Fixtures for the command-line tests: a fresh SQLite book per test.

`cli` runs `app.cli.main([...])` in-process against a temporary book named
by $ACERTO_BOOK, so no test touches the user's data folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from models.db import close_db, init_db
from models.tables import ALL_TABLES


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def last(self) -> str:
        lines = self.out.strip().splitlines()
        return lines[-1] if lines else ""


def dump_tables(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table, in a stable order: 'the book unchanged' means equal dumps."""
    init_db(str(path), migrate=False)
    try:
        out = []
        for table in ALL_TABLES:
            pk = table._meta.primary_key
            rows = list(table.select().order_by(pk).tuples())
            out.append((table._meta.table_name, rows))
        return out
    finally:
        close_db()


def as_posted(dump: list[tuple[str, list[tuple[Any, ...]]]]) -> list[object]:
    """A dump without the clock's stamps, and the journal as its entries with
    their lines, in order of their contents rather than their ids: bank
    accept-all posts a chunk's payments, then their settlements, so the same
    entries take other ids than accepting one line at a time."""
    from datetime import datetime

    tables = dict(dump)
    lines: dict[object, list[tuple[Any, ...]]] = {}
    for line in tables.pop("journal_line"):
        lines.setdefault(line[1], []).append(line[2:])
    entries = sorted(
        (repr(e[1:]), sorted(lines.get(e[0], []), key=repr)) for e in tables.pop("journal_entry")
    )
    return [
        (t, [tuple("<t>" if isinstance(v, datetime) else v for v in r) for r in rows])
        for t, rows in tables.items()
    ] + [("journal", entries)]


class Cli:
    def __init__(self, path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.path = path
        self.capsys = capsys

    def run(self, *args: str) -> Result:
        self.capsys.readouterr()
        code = main([str(a) for a in args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ok(self, *args: str) -> str:
        """Run a command that must succeed; returns the last line of stdout."""
        r = self.run(*args)
        assert r.code == 0, f"acerto {' '.join(args)} failed ({r.code}): {r.err}"
        assert r.err == "" or "Internal error" not in r.err
        return r.last

    def json(self, what: str, key: str) -> dict[str, Any]:
        r = self.run("show", what, key, "--json")
        assert r.code == 0, r.err
        data = json.loads(r.out)
        assert isinstance(data, dict)
        return data

    def dump(self) -> list[tuple[str, list[tuple[Any, ...]]]]:
        return dump_tables(self.path)

    def fails(self, *args: str, match: str, code: int = 1) -> Result:
        """Run a command that must be refused: a sentence on stderr, the book unchanged."""
        before = self.dump()
        r = self.run(*args)
        assert r.code == code, f"expected exit {code}, got {r.code}: out={r.out!r} err={r.err!r}"
        assert "Internal error" not in r.err, r.err
        assert "Traceback" not in r.err, r.err
        assert re.search(match, r.err), f"{match!r} not in {r.err!r}"
        assert self.dump() == before, "the book changed although the command was refused"
        return r


@pytest.fixture
def book_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "book.sqlite"
    monkeypatch.setenv("ACERTO_BOOK", str(path))
    yield path
    close_db()


@pytest.fixture
def cli(book_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    c = Cli(book_path, capsys)
    c.ok("init", "--currency", "EUR", "--company", "Conceição & Filhos, Lda")
    return c


@pytest.fixture
def make_customer(cli: Cli) -> Callable[..., str]:
    def make(code: str = "C1", terms: str = "net 30", name: str = "Açores Pescas") -> str:
        return cli.ok("customer", "add", code, name, "--terms", terms)

    return make
