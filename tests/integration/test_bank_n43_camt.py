"""The same Spanish statement read as Norma 43 and as camt.053 is stored once (issue 11).

Norma 43 names the account by bank, branch and account number (CCC without
its control digits); camt.053 names it by IBAN, which holds the CCC. The
store takes both for one account, and a statement of the same period with
the same opening and closing balances for the statement it holds already,
its movements claimed by booking date and amount (the formats share no id
for a movement). Both files are written by tests/bankfiles.py from the same
movements.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS, Move, Stmt
from tests.integration.conftest import Cli
from tests.integration.test_bank_twins import MOVES  # the same movements, another account

D = Decimal
# tests/bankfiles.py writes Norma 43 for bank 2100, branch 0418, account 0200051332:
# this IBAN (control digits 45) is that account.
IBAN = "ES9121000418450200051332"
STMT = Stmt(IBAN, "EUR", D("1000.00"), date(2026, 11, 1), date(2026, 11, 30), MOVES)
SUFFIX = {"camt053": ".xml", "n43": ".n43"}


def _file(tmp_path: Path, kind: str, stmt: Stmt = STMT) -> str:
    path = tmp_path / f"{kind}-{stmt.ident}{SUFFIX[kind]}"
    path.write_bytes(WRITERS[kind](stmt))
    return str(path)


def _lines(cli: Cli) -> list[dict[str, str]]:
    return list(json.loads(cli.run("bank", "lines", "--json").out))


@pytest.mark.parametrize("first,second", [("camt053", "n43"), ("n43", "camt053")])
def test_one_statement_as_norma43_and_as_camt053_is_stored_once(
    cli: Cli, tmp_path: Path, first: str, second: str
) -> None:
    out = cli.run("bank", "import", _file(tmp_path, first)).out
    assert "added 4 lines" in out, out
    held = _lines(cli)
    out = cli.run("bank", "import", _file(tmp_path, second)).out
    assert "added 0 lines; 4 lines the book already holds" in out, out
    assert _lines(cli) == held  # one account, the first file's lines untouched
    assert len({x["account"] for x in held}) == 1
    # Each read again still adds nothing.
    for kind in (first, second):
        out = cli.run("bank", "import", _file(tmp_path, kind)).out
        assert "added 0 lines" in out, out
    assert _lines(cli) == held


def test_the_next_statement_in_the_other_format_adds_its_lines_to_the_same_account(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("bank", "import", _file(tmp_path, "camt053"))
    later = replace(
        STMT,
        ident="STMT-2",
        opening=STMT.closing,
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        moves=[
            Move(date(2026, 12, 2), D("98.00"), "Pena Hermanos SL", "", "Pago INV-000002"),
            Move(date(2026, 12, 3), D("98.00"), "Pena Hermanos SL", "", "Pago INV-000003"),
        ],
    )
    out = cli.run("bank", "import", _file(tmp_path, "n43", later)).out
    assert "added 2 lines" in out and "missing" not in out, out
    rows = _lines(cli)
    assert len(rows) == 6 and len({x["account"] for x in rows}) == 1


def test_the_same_days_with_another_opening_balance_add_nothing_and_are_named(
    cli: Cli, tmp_path: Path
) -> None:
    """Same period and movements, another opening balance: one account has one balance
    a day, so the movements are the ones held (nothing twice) and the balance that
    does not follow is said."""
    cli.ok("bank", "import", _file(tmp_path, "camt053"))
    other = replace(STMT, opening=D("500.00"))
    out = cli.run("bank", "import", _file(tmp_path, "n43", other)).out
    assert "added 0 lines; 4 lines the book already holds" in out, out
    assert len(_lines(cli)) == 4
    assert (
        "opens at 500.00, but the book makes the account 1000.00 by then (statement STMT-1 "
        "opened at 1000.00 on 2026-11-01; lines since then: 0): it opens 500.00 lower, so "
        "movements are missing or differ." in out
    ), out
