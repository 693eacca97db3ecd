"""A statement file that names no bank account (a CSV never does) is read only into the
account the bookkeeper names: without `--account` it is refused, saying so, and nothing
is written (a tester's CSV went into an account of its own, every movement held twice)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS
from tests.integration.conftest import Cli
from tests.integration.test_cli_bank import STMT, SUFFIX

# OFX requires its account (ofxtools refuses a file without ACCTID) and a Norma 43
# record always carries the account's digits: the others can leave it out.
NAMELESS = ["camt053", "mt940", "csv_pt", "csv_es"]


def _nameless(tmp_path: Path, kind: str) -> str:
    path = tmp_path / f"nameless{SUFFIX[kind]}"
    path.write_bytes(WRITERS[kind](replace(STMT, account="")))
    return str(path)


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
@pytest.mark.parametrize("kind", NAMELESS)
def test_a_file_naming_no_account_is_refused_without_one(
    cli: Cli, tmp_path: Path, kind: str, dry_run: list[str]
) -> None:
    f = _nameless(tmp_path, kind)
    name = Path(f).name
    r = cli.fails("bank", "import", f, *dry_run, match=rf"^{name} names no bank account")
    assert "--account" in r.err and "Nothing was imported." in r.err, r.err
    assert "bank accounts are" not in r.err  # the book has none yet
    assert r.out == ""


@pytest.mark.parametrize("kind", NAMELESS)
def test_the_refusal_lists_the_books_accounts_and_the_named_one_reads_it(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    cli.ok("bank", "import", _file_with_account(tmp_path), "--account", "Millennium")
    cli.ok("bank", "import", _file_with_account(tmp_path), "--account", "Caixa")
    f = _nameless(tmp_path, kind)
    cli.fails("bank", "import", f, match=r"the book's bank accounts are Caixa, Millennium\.")
    out = cli.run("bank", "import", f, "--account", "Millennium").out
    assert "Bank account Millennium:" in out and "added 0 lines" in out, out


def test_the_refusal_is_said_in_the_readers_language(cli: Cli, tmp_path: Path) -> None:
    r = cli.fails(
        "--lang", "pt_BR", "bank", "import", _nameless(tmp_path, "csv_pt"), match="nameless.csv"
    )
    assert "não indica a conta bancária" in r.err and "--account" in r.err, r.err


def _file_with_account(tmp_path: Path) -> str:
    path = tmp_path / "named.xml"
    path.write_bytes(WRITERS["camt053"](STMT))
    return str(path)
