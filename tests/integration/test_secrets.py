"""Secrets stay secret, and --book names a file or a PostgreSQL server, nothing else.

A password written in a postgresql:// URL appears in no output of the
command line, whether the book opens (with ACERTO_TEST_PG, whose server
trusts any password) or is refused (a role or a port that is not there, a
URL without a database name, a hanging server).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.services import book
from models.db import CONNECT_TIMEOUT, make_database
from tests.builders import PG_URL, fresh_postgres_book

SECRET = "Sekr3t-pw-4711"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def with_password(url: str, password: str = SECRET) -> str:
    scheme, rest = url.split("://", 1)
    userinfo, at, host = rest.rpartition("@")
    if not at:
        return f"{scheme}://postgres:{password}@{rest}"
    return f"{scheme}://{userinfo.split(':')[0]}:{password}@{host}"


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def hanging_server() -> Iterator[int]:
    """A port that takes connections and never says a word."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield int(s.getsockname()[1])


def test_a_refused_server_book_never_shows_its_password(
    capsys: pytest.CaptureFixture[str], closed_port: int
) -> None:
    for url in (
        f"postgresql://clerk:{SECRET}@127.0.0.1:{closed_port}/acerto",
        f"PostgreSQL://clerk:{SECRET}@127.0.0.1:{closed_port}/acerto",
        f"postgresql://clerk:{SECRET}@127.0.0.1:{closed_port}",  # no database name
        f"postgresql://127.0.0.1:{closed_port}/acerto?password={SECRET}",
    ):
        code, output = run(capsys, "--book", url, "check")
        assert code == 1, output
        assert "cannot be opened" in output and "postgresql://" in output
        assert SECRET not in output
        assert "Traceback" not in output and "Internal error" not in output


def test_a_hanging_server_ends_in_a_sentence(
    capsys: pytest.CaptureFixture[str], hanging_server: int
) -> None:
    url = f"postgresql://clerk:{SECRET}@127.0.0.1:{hanging_server}/acerto?connect_timeout=1"
    code, output = run(capsys, "--book", url, "check")
    assert code == 1
    assert "did not answer in time" in output and SECRET not in output


def test_the_default_connect_timeout_is_ten_seconds() -> None:
    assert CONNECT_TIMEOUT == 10
    db = make_database("postgresql://clerk@127.0.0.1:1/acerto")
    assert db.connect_params["connect_timeout"] == 10
    own = make_database("postgresql://clerk@127.0.0.1:1/acerto?connect_timeout=3")
    assert str(own.connect_params["connect_timeout"]) == "3"


@pytest.mark.parametrize(
    "url", ["mysql://x", "http://example.com/book", "sqlite:x", "file:///tmp/book", "ftp://a/b"]
)
def test_only_a_path_or_a_postgresql_url_is_a_book(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run(capsys, "--book", url, "init", "--currency", "EUR")
    assert code == 1
    assert "neither a file path nor a postgresql:// URL" in output
    assert list(tmp_path.iterdir()) == []  # no local file named after the URL


def test_labels_and_redaction() -> None:
    url = "postgresql://clerk:p@ss:w0rd@db.example:5432/acerto"
    assert book.book_label(url) == "postgresql://clerk@db.example:5432/acerto"
    assert book.book_password(url) == "p@ss:w0rd"
    assert book.redact("failed for p@ss:w0rd and p%40ss", url) == "failed for *** and p%40ss"
    assert book.book_location("POSTGRES://clerk@h/db") == "postgresql://clerk@h/db"
    assert book.book_location("/tmp/book.sqlite") == "/tmp/book.sqlite"
    typed = book.with_password("postgresql://clerk@h/db?sslmode=require", "a&b c")
    assert typed == "postgresql://clerk@h/db?sslmode=require&password=a%26b%20c"
    assert book.book_label(typed) == "postgresql://clerk@h/db?sslmode=require"
    assert book.redact("password a&b c", typed) == "password ***"


@pytest.mark.skipif(not PG_URL, reason="needs ACERTO_TEST_PG")
def test_a_server_book_opened_with_a_password_never_shows_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fresh_postgres_book(PG_URL)
    url = with_password(PG_URL).replace("postgresql://", "POSTGRESQL://", 1)
    outputs = []
    for args in (
        ("init", "--currency", "EUR", "--company", "Secret Test"),
        ("customer", "add", "C1", "Someone"),
        ("settings",),
        ("check",),
        ("show", "invoice", "INV-404"),
        ("import", str(tmp_path / "missing.xlsx")),
    ):
        code, output = run(capsys, "--book", url, *args)
        assert code in (0, 1), output
        outputs.append(output)
    text = "\n".join(outputs)
    assert "Book postgresql://" in text  # init names the book, without its password
    assert SECRET not in text
