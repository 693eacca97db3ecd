"""Storage faults in words: disk full, a read-only book, a garbage schema version,
backup without overwrite or partial file, and `acerto restore`.

Each failure must end in one sentence on stderr, exit 1, no traceback, and
the book exactly as it was (`cli.fails` compares every row).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models import db as models_db
from tests.integration.conftest import Cli, dump_tables

LONG_LINES = [arg for i in range(40) for arg in ("--line", f"{'Descrição ' * 25}{i};1;10.00")]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".partial" in p.name)


def test_disk_full_is_a_sentence_and_a_full_rollback(cli: Cli, make_customer, monkeypatch) -> None:
    make_customer()
    # max_page_count below the needed size makes SQLite fail as a full disk would
    # (it cannot go below the current size: the book is capped where it stands).
    monkeypatch.setitem(models_db.SQLITE_PRAGMAS, "max_page_count", 1)
    r = cli.fails(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-01", *LONG_LINES,
        match=r"The disk holding .+ is full \(or the book reached its size limit\): nothing was "
        r"saved and the book is as it was\.",
    )  # fmt: skip
    assert r.out == ""
    monkeypatch.delitem(models_db.SQLITE_PRAGMAS, "max_page_count")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", *LONG_LINES)
    assert cli.run("check").code == 0


def make_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the book file is not writable. As root os.access calls every file
    writable, so the test takes that one decision; SQLite then enforces it (mode=ro)."""
    monkeypatch.setattr(models_db, "file_is_read_only", lambda path: True)


def test_a_read_only_book_reads_and_refuses_posting(
    cli: Cli, make_customer, monkeypatch, tmp_path: Path
) -> None:
    make_customer()
    make_read_only(monkeypatch)
    cli.fails(
        "payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "5",
        match=r"The book .+ is read-only \(the file or its folder cannot be written\): nothing "
        r"was saved",
    )  # fmt: skip
    assert cli.json("customer", "C1")["code"] == "C1"
    assert cli.run("check").code == 0
    cli.ok("export", str(tmp_path / "book.xlsx"))
    cli.ok("aging", "--as-of", "2026-03-31", "--out", str(tmp_path / "aging.xlsx"))
    assert (tmp_path / "book.xlsx").stat().st_size > 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files; see make_read_only")
def test_a_book_file_without_write_permission(cli: Cli, make_customer) -> None:
    make_customer()
    cli.path.chmod(0o444)
    try:
        cli.fails(
            "payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "5",
            match="is read-only",
        )  # fmt: skip
        assert cli.run("check").code == 0
    finally:
        cli.path.chmod(0o644)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE schema_version SET version = 'abc'",
        "UPDATE schema_version SET version = -3",
        "INSERT INTO schema_version (version) VALUES (2)",
    ],
)
def test_a_garbage_schema_version_is_a_sentence(cli: Cli, sql: str) -> None:
    con = sqlite3.connect(cli.path)
    con.execute(sql)
    con.commit()
    con.close()
    for args in (("show", "customer", "C1"), ("check",)):
        r = cli.run(*args)
        assert r.code == 1
        assert "Traceback" not in r.err and "Internal error" not in r.err
        assert "is not one Acerto writes: the book is damaged or is not an Acerto book." in r.err
        assert "restore BACKUP" in r.err


# ---------------------------------------------------------------- backup


def test_backup_refuses_to_overwrite_and_leaves_no_partial_file(
    cli: Cli, make_customer, tmp_path: Path, monkeypatch
) -> None:
    make_customer()
    dest = tmp_path / "b.sqlite"
    dest.write_bytes(b"someone else's file")
    cli.fails("backup", str(dest), match="already exists; choose a new file name")
    assert dest.read_bytes() == b"someone else's file"

    from app.services import storage

    def disk_fills(db, path: Path) -> None:
        path.write_bytes(b"half a book")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "copy_into", disk_fills)
    other = tmp_path / "other.sqlite"
    cli.fails("backup", str(other), match=r"could not be written \(the disk is full\); no file")
    assert not other.exists()
    assert _leftovers(tmp_path) == []


# ---------------------------------------------------------------- restore


@pytest.fixture
def monday(cli: Cli, make_customer, tmp_path: Path) -> Path:
    """A book with a customer, and its backup taken on Monday."""
    make_customer()
    backup = tmp_path / "monday.sqlite"
    cli.ok("backup", str(backup))
    return backup


def test_restore_replaces_the_book_and_keeps_the_old_one(
    cli: Cli, monday: Path, tmp_path: Path
) -> None:
    backup = monday
    before = cli.dump()
    later = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "7")
    after = cli.dump()
    r = cli.run("restore", str(backup))
    assert r.code == 0, r.err
    assert "its integrity check passed" in r.out
    assert cli.dump() == before
    kept = cli.path.with_name(cli.path.name + ".before-restore")
    assert dump_tables(kept) == after
    assert cli.run("show", "invoice", later).code == 1
    assert cli.run("check").code == 0
    assert _leftovers(tmp_path) == []


def _crash_after_posting(book: Path) -> None:
    """Another process commits a row and dies without closing: its -wal stays."""
    code = (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1])\n"
        "con.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "con.execute(\"UPDATE customer SET name = 'written in the wal'\")\n"
        "con.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(book)], check=True)


def test_restore_removes_a_stale_wal(cli: Cli, monday: Path, tmp_path: Path) -> None:
    backup = monday
    _crash_after_posting(cli.path)
    wal = cli.path.with_name(cli.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    cli.ok("restore", str(backup))
    assert not wal.exists() or wal.stat().st_size == 0
    assert cli.json("customer", "C1")["name"] == "Açores Pescas"
    # The old book keeps its last posting, with its own -wal beside it.
    kept = cli.path.with_name(cli.path.name + ".before-restore")
    con = sqlite3.connect(kept)
    assert con.execute("SELECT name FROM customer").fetchone()[0] == "written in the wal"
    con.close()


def test_restore_refuses_while_the_book_is_open_elsewhere(
    cli: Cli, monday: Path, tmp_path: Path
) -> None:
    backup = monday
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "con = sqlite3.connect(sys.argv[1])\n"
            "con.execute('SELECT count(*) FROM customer').fetchone()\n"
            "print('open', flush=True)\n"
            "sys.stdin.readline()\n",
            str(cli.path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        cli.fails("restore", str(backup), match="is open in a window or another command")
    finally:
        holder.communicate("\n", timeout=10)
    assert _leftovers(tmp_path) == []
    cli.ok("restore", str(backup))


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"not a database at all" * 100, r"is damaged \(SQLite integrity check: "),
        (None, r"is not an Acerto book"),
    ],
)
def test_restore_refuses_a_bad_backup(
    cli: Cli, make_customer, tmp_path: Path, content: bytes | None, match: str
) -> None:
    make_customer()
    backup = tmp_path / "bad.sqlite"
    if content is None:
        con = sqlite3.connect(backup)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    else:
        backup.write_bytes(content)
    cli.fails("restore", str(backup), match=match)
    assert _leftovers(tmp_path) == []
    assert not cli.path.with_name(cli.path.name + ".before-restore").exists()


def test_restore_refuses_a_damaged_backup_page(cli: Cli, monday: Path) -> None:
    from tests.integration.test_check_invariants import overwrite_page

    backup = monday
    overwrite_page(backup, "customer")
    cli.fails("restore", str(backup), match=r"The backup .+ is damaged .+ Choose another backup\.")


def test_restore_brings_back_a_damaged_book(cli: Cli, monday: Path) -> None:
    from tests.integration.test_check_invariants import overwrite_page

    backup = monday
    overwrite_page(cli.path, "customer")
    assert cli.run("check").code == 1
    cli.ok("restore", str(backup))
    assert cli.run("check").code == 0
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "5")


def test_the_windows_backup_replaces_a_chosen_file_whole(sqlite_book, tmp_path: Path) -> None:
    from app.read.panes import backup as window_backup
    from app.services import customers

    customers.add_customer("C1", "Alpha", None)
    dest = tmp_path / "chosen.sqlite"
    dest.write_bytes(b"the file the user agreed to replace")
    assert window_backup(str(dest)) == str(dest)
    con = sqlite3.connect(dest)
    assert con.execute("SELECT code FROM customer").fetchall() == [("C1",)]
    con.close()
    assert _leftovers(tmp_path) == []


def test_an_older_read_only_book_is_a_sentence(cli: Cli, monkeypatch) -> None:
    con = sqlite3.connect(cli.path)
    con.execute("UPDATE schema_version SET version = 2")
    con.commit()
    con.close()
    make_read_only(monkeypatch)
    r = cli.run("show", "customer", "C1")
    assert r.code == 1 and "Traceback" not in r.err
    assert "written by an older Acerto (schema 2) and its file is read-only" in r.err
    assert not list(cli.path.parent.glob("*.bak"))


def test_a_book_in_a_read_only_folder_reads_without_side_files(
    cli: Cli, make_customer, monkeypatch, tmp_path: Path
) -> None:
    """A folder that cannot be written has no room for the WAL's -shm file:
    the book is opened immutable (it has no log to read), reads, and refuses
    posting. As root os.access calls every folder writable, so the test takes
    that one decision; that no side file appears shows SQLite needed none."""
    make_customer()
    models_db.close_db()
    for side in ("-wal", "-shm"):
        assert not Path(str(cli.path) + side).exists() or side == "-shm"
        Path(str(cli.path) + side).unlink(missing_ok=True)
    make_read_only(monkeypatch)
    monkeypatch.setattr(models_db, "folder_is_read_only", lambda path: True)
    assert cli.json("customer", "C1")["code"] == "C1"
    assert cli.run("check").code == 0
    cli.ok("export", str(tmp_path / "book.xlsx"))
    cli.fails(
        "payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "5",
        match=r"is read-only",
    )  # fmt: skip
    models_db.close_db()
    assert not Path(str(cli.path) + "-shm").exists()
    assert not Path(str(cli.path) + "-wal").exists()
