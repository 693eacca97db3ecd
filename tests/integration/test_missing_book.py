"""A book never appears by accident (issue 10): every command but `init` and
`demo` refuses a book file that does not exist, in one sentence, creating
nothing — no file, no folder (a mistyped --book used to become a new empty
book, missing folders included, which then said "no customer C1").

The commands are read from the parser, so a command added later is held to
the same rule without touching this test."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli import build_parser, main
from tests.builders import PG_URL

# Commands that make a book (init, demo) or handle a missing one on purpose:
# restore brings a book back from its backup; screenshot renders a demo book
# in a temporary file and leaves the named path alone (ui/screenshot.py);
# install-desktop touches no book (tests/integration/test_desktop.py).
EXEMPT = {("init",), ("demo",), ("restore",), ("screenshot",), ("install-desktop",)}


def _leaf_commands() -> Iterator[tuple[tuple[str, ...], list[str]]]:
    """(command path, its arguments filled with "1") for every leaf command."""

    def walk(p: argparse.ArgumentParser, path: tuple[str, ...]) -> Iterator[tuple[Any, Any]]:
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        args: list[str] = []
        for a in p._actions:
            if isinstance(a, (argparse._SubParsersAction, argparse._HelpAction)):
                continue
            value = str(next(iter(a.choices))) if a.choices else "1"
            if not a.option_strings:
                args.append(value)
            elif a.required:
                args += [a.option_strings[0], value]
        for group in p._mutually_exclusive_groups:
            if group.required and not any(a.required for a in group._group_actions):
                args += [group._group_actions[0].option_strings[0], "1"]
        if path and (not subs or not any(a.required for a in subs)):
            yield path, args
        for sp in subs:
            for name, child in sp.choices.items():
                yield from ((p2, args + a2) for p2, a2 in walk(child, (*path, name)))

    yield from walk(build_parser(), ())


COMMANDS = [
    (path, args) for path, args in _leaf_commands() if path[:1] not in {e[:1] for e in EXEMPT}
]


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_the_commands_are_read_from_the_parser() -> None:
    names = {path for path, _ in COMMANDS}
    for expected in [("show",), ("check",), ("import",), ("customer", "add"), ("aging",)]:
        assert expected in names, expected
    assert len(names) >= 30


@pytest.mark.parametrize(("path", "args"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_refuses_a_missing_book_and_creates_nothing(
    path: tuple[str, ...],
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kept.txt").write_text("x")
    missing = tmp_path / "typo" / "shop.sqlite"
    monkeypatch.setenv("ACERTO_BOOK", str(tmp_path / "default" / "book.sqlite"))
    argv = [*path, *args]
    if path == ("import",):
        argv.append("--dry-run")
    before = _tree(tmp_path)
    for book_args in (["--book", str(missing)], []):  # named, and the default book
        code = main([*book_args, *argv])
        err = capsys.readouterr().err
        assert code == 1, (argv, err)
        assert err.startswith("No book at "), err
        assert "acerto" in err and "init" in err and "Traceback" not in err
        assert _tree(tmp_path) == before, f"acerto {' '.join(argv)} created files"
    assert not os.path.exists(missing.parent)


def test_init_and_demo_still_make_a_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "new" / "a.sqlite", tmp_path / "b.sqlite"
    assert main(["--book", str(a), "init", "--currency", "BRL", "--company", "Loja"]) == 0
    assert main(["--book", str(b), "demo", "--customers", "2", "--invoices", "3", "--quiet"]) == 0
    assert a.exists() and b.exists()
    assert main(["--book", str(a), "settings", "--json"]) == 0
    assert '"currency": "BRL"' in capsys.readouterr().out


def test_an_empty_file_is_no_book_and_stays_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file with no book in it (an empty file, say one a user touched) is refused
    like a missing one: no tables are created in it."""
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert main(["--book", str(empty), "customer", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("No book at ") and "init" in err, err
    assert empty.read_bytes() == b""
    assert main(["--book", str(empty), "init", "--currency", "EUR", "--company", "Loja"]) == 0
    assert main(["--book", str(empty), "customer", "list"]) == 0


@pytest.mark.skipif(not PG_URL, reason="ACERTO_TEST_PG is not set")
def test_a_server_database_without_a_book_is_refused_and_left_empty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A PostgreSQL database with none of Acerto's tables is no book: commands
    refuse it in one sentence and create no table; `init` makes the book."""
    from models.db import close_db, init_db
    from models.tables import ALL_TABLES

    db = init_db(PG_URL, migrate=False)
    db.drop_tables(ALL_TABLES, safe=True, cascade=True)
    close_db()
    try:
        for argv in (["customer", "list"], ["show", "invoice", "INV-1", "--json"], ["check"]):
            assert main(["--book", PG_URL, *argv]) == 1
            err = capsys.readouterr().err
            assert err.startswith("No book at ") and "init" in err, err
            assert "Traceback" not in err
        db = init_db(PG_URL, migrate=False)
        assert db.get_tables() == []
        close_db()
        assert main(["--book", PG_URL, "init", "--currency", "EUR", "--company", "Loja"]) == 0
        assert main(["--book", PG_URL, "customer", "list"]) == 0
    finally:
        from tests.builders import fresh_postgres_book

        close_db()
        fresh_postgres_book(PG_URL)
        close_db()
