"""The same statement read in two formats (its camt.053 and its MT940 or OFX of the
same days) adds its lines once: a line is also known by its booking date, amount and
the bank's reference of it, whatever the file's own key for it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS, Move, Stmt
from tests.integration.conftest import Cli

D = Decimal
IBAN = "PT50000201231234567890154"
MOVES = [
    Move(date(2026, 11, 4), D("98.00"), "Pena Hermanos SL", "", "Pago INV-000001", "R1"),
    Move(date(2026, 11, 4), D("98.00"), "Outro Cliente", "", "Pago INV-000007", "R2"),
    Move(date(2026, 11, 6), D("70.00"), "Padaria Bom Dia", "", "obrigado", "R3"),
    Move(date(2026, 11, 7), D("-20.00"), "Fornecedor", "", "compra", "R4"),
]
STMT = Stmt(IBAN, "EUR", D("1000.00"), date(2026, 11, 1), date(2026, 11, 30), MOVES)
# The same account as another format's file names it (the bank's domestic number).
DOMESTIC = replace(STMT, account="000201231234567890154")
SUFFIX = {"camt053": ".xml", "ofx1": ".ofx", "ofx2": ".ofx", "mt940": ".sta"}


def _file(tmp_path: Path, kind: str, stmt: Stmt = STMT) -> str:
    path = tmp_path / f"{kind}-{stmt.ident}{SUFFIX[kind]}"
    path.write_bytes(WRITERS[kind](stmt))
    return str(path)


def _count(cli: Cli) -> int:
    import json

    return len(json.loads(cli.run("bank", "lines", "--json").out))


@pytest.mark.parametrize("other", ["mt940", "ofx1", "ofx2"])
def test_a_statement_read_again_in_another_format_adds_nothing(
    cli: Cli, tmp_path: Path, other: str
) -> None:
    out = cli.run("bank", "import", _file(tmp_path, "camt053"), "--account", "Millennium").out
    assert "added 4 lines" in out
    again = _file(tmp_path, other, DOMESTIC)
    out = cli.run("bank", "import", again, "--account", "Millennium").out
    assert "added 0 lines; 4 lines the book already holds" in out
    assert _count(cli) == 4
    # A later statement in that other format adds only its new line.
    later = replace(
        DOMESTIC,
        ident="STMT-2",
        moves=[*MOVES, Move(date(2026, 11, 9), D("98.00"), "Pena", "", "INV-000002", "R9")],
    )
    out = cli.run("bank", "import", _file(tmp_path, other, later), "--account", "Millennium").out
    assert "added 1 line" in out
    assert _count(cli) == 5


def test_two_movements_alike_but_for_their_reference_stay_two(cli: Cli, tmp_path: Path) -> None:
    """Same day, same amount: the bank's references tell them apart."""
    cli.ok("bank", "import", _file(tmp_path, "mt940"), "--account", "Millennium")
    alike = replace(STMT, moves=[*MOVES, replace(MOVES[0], ref="R5")])
    out = cli.run(
        "bank", "import", _file(tmp_path, "camt053", alike), "--account", "Millennium"
    ).out
    assert "added 1 line; 4 lines the book already holds" in out
    assert _count(cli) == 5
