"""One movement is stored once whatever files tell of it (issue 11): the same
statement in any two formats, overlapping CSV exports that carry no balances and no
line ids, and balance gaps said across formats without false ones
(app/rules/same_movement.py, app/rules/statement_gap.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS, Move, Stmt
from tests.integration.conftest import Cli

D = Decimal
IBAN = "ES9121000418450200051332"  # the account tests/bankfiles.py writes Norma 43 for
MOVES = [
    Move(date(2026, 11, 4), D("98.00"), "Pena Hermanos SL", "", "Pago INV-000001", "R1"),
    # Two identical payments on one day, from the same payer: two movements.
    Move(date(2026, 11, 4), D("10.00"), "Padaria", "", "cafe", "R2"),
    Move(date(2026, 11, 4), D("10.00"), "Padaria", "", "cafe", "R3"),
    Move(date(2026, 11, 6), D("70.00"), "Padaria Bom Dia", "", "obrigado", "R4"),
    Move(date(2026, 11, 7), D("-20.00"), "Fornecedor", "", "compra", "R5"),
]
STMT = Stmt(IBAN, "EUR", D("1000.00"), date(2026, 11, 1), date(2026, 11, 30), MOVES)
KINDS = ["camt053", "ofx1", "mt940", "n43", "csv_pt", "csv_es"]


def _file(tmp_path: Path, kind: str, stmt: Stmt = STMT, name: str = "") -> str:
    path = tmp_path / (name or f"{kind}-{stmt.ident}.dat")
    path.write_bytes(WRITERS[kind](stmt))
    return str(path)


def _import(cli: Cli, path: str) -> str:
    r = cli.run("bank", "import", path, "--account", "Caixa")
    assert r.code == 0, r.err
    return r.out


def _amounts(cli: Cli) -> list[str]:
    return [x["amount"] for x in json.loads(cli.run("bank", "lines", "--json").out)]


@pytest.mark.parametrize("second", KINDS)
@pytest.mark.parametrize("first", KINDS)
def test_one_statement_in_any_two_formats_is_stored_once(
    cli: Cli, tmp_path: Path, first: str, second: str
) -> None:
    out = _import(cli, _file(tmp_path, first))
    assert "added 5 lines; 0 lines" in out, out  # both 10.00 payments kept
    out = _import(cli, _file(tmp_path, second, name=f"again-{second}.dat"))
    assert "added 0 lines; 5 lines the book already holds" in out, out
    assert "Gap" not in out
    assert _amounts(cli) == ["98.00", "10.00", "10.00", "70.00", "-20.00"]


@pytest.mark.parametrize("kind", ["csv_pt", "csv_es"])
def test_overlapping_csv_exports_add_only_what_is_new(cli: Cli, tmp_path: Path, kind: str) -> None:
    """Two exports of one account, named apart, with no balances and no line ids."""
    _import(cli, _file(tmp_path, kind, name="export-1.csv"))
    later = replace(
        STMT,
        moves=[
            *MOVES[1:],  # from the 4th again: the two 10.00 payments among them
            Move(date(2026, 11, 4), D("10.00"), "Padaria", "", "cafe"),  # a third, later that day
            Move(date(2026, 11, 9), D("55.00"), "Novo", "", "nova"),
        ],
    )
    out = _import(cli, _file(tmp_path, kind, later, name="export-2.csv"))
    assert "added 2 lines; 4 lines the book already holds" in out, out
    assert sorted(_amounts(cli)) == sorted(
        ["98.00", "10.00", "10.00", "70.00", "-20.00", "10.00", "55.00"]
    )
    assert "Gap" not in out  # a CSV has no balances: no gap can be said, no false one


def _later(opening: Decimal, ident: str = "STMT-2") -> Stmt:
    return replace(
        STMT,
        ident=ident,
        opening=opening,
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        moves=[Move(date(2026, 12, 2), D("10.00"), "Novo", "", "x", "R7")],
    )


@pytest.mark.parametrize("missing", [D(0), D(25)])
@pytest.mark.parametrize("second", ["camt053", "mt940", "n43"])
@pytest.mark.parametrize("first", ["camt053", "ofx1", "mt940", "n43"])
def test_a_gap_is_said_across_formats_and_a_following_statement_is_none(
    cli: Cli, tmp_path: Path, first: str, second: str, missing: Decimal
) -> None:
    out = _import(cli, _file(tmp_path, first))
    assert "Gap" not in out  # the account's first statement follows nothing
    out = _import(cli, _file(tmp_path, second, _later(STMT.closing + missing)))
    assert "added 1 line" in out, out
    if missing:
        # Each statement as its bank names it: camt.053's id, MT940's :20: reference, a
        # Norma 43's or OFX's (which have none) file; never the store's composite key.
        this = "STMT-2" if second != "n43" else f"{second}-STMT-2.dat"
        before = "STMT-1" if first in ("camt053", "mt940") else f"{first}-STMT-1.dat"
        assert (
            f"Gap: Statement {this} opens at 1193.00, but the statement before it ({before}) "
            "closed at 1168.00 on 2026-11-30: it opens 25.00 higher, so 25.00 of money in (net) "
            "is missing between them." in out
        ), out
        assert IBAN not in out and "210004" not in out, out
    else:
        assert "Gap" not in out, out


@pytest.mark.parametrize("wrong", [D(0), D(7)])
@pytest.mark.parametrize("second", ["camt053", "mt940", "n43"])
def test_an_overlapping_statement_is_checked_against_the_lines_held(
    cli: Cli, tmp_path: Path, second: str, wrong: Decimal
) -> None:
    """A statement from the 6th, inside November's: its opening balance is November's
    opening and the three lines held before the 6th."""
    _import(cli, _file(tmp_path, "camt053"))
    mid = replace(STMT, ident="STMT-4", start=date(2026, 11, 6), moves=MOVES[3:])
    out = _import(cli, _file(tmp_path, second, replace(mid, opening=D("1118.00") + wrong)))
    assert "added 0 lines; 2 lines" in out, out
    if not wrong:
        assert "Gap" not in out, out
        return
    assert (
        "opens at 1125.00, but the book makes the account 1118.00 by then (statement STMT-1 "
        "opened at 1000.00 on 2026-11-01; lines since then: 3): it opens 7.00 higher, so "
        "movements are missing or differ." in out
    ), out


@pytest.mark.parametrize("missing", [D(0), D(25)])
@pytest.mark.parametrize("first,second", [("camt053", "n43"), ("mt940", "camt053")])
def test_a_statement_read_before_the_one_it_follows_is_checked_against_it(
    cli: Cli, tmp_path: Path, first: str, second: str, missing: Decimal
) -> None:
    """December's file, then November's: December's opening is checked once November's
    closing is in the book."""
    out = _import(cli, _file(tmp_path, first, _later(STMT.closing + missing)))
    assert "Gap" not in out  # nothing held before it
    out = _import(cli, _file(tmp_path, second))
    assert "added 5 lines" in out, out
    if missing:
        assert "Gap: Statement STMT-2 opens at 1193.00" in out and "1168.00" in out, out
        assert "it opens 25.00 higher, so 25.00 of money in (net) is missing" in out, out
    else:
        assert "Gap" not in out, out


def test_a_file_without_an_opening_balance_says_no_gap(cli: Cli, tmp_path: Path) -> None:
    """OFX gives only the balance at its end, CSV none: nothing to check, nothing said;
    the statement after the OFX is checked against the OFX's closing balance."""
    _import(cli, _file(tmp_path, "camt053"))
    out = _import(cli, _file(tmp_path, "ofx1", _later(STMT.closing + 25)))
    assert "added 1 line" in out and "Gap" not in out, out
    out = _import(cli, _file(tmp_path, "csv_pt", _later(STMT.closing + 25, "STMT-3")))
    assert "added 0 lines" in out and "Gap" not in out, out
    january = replace(
        _later(D("1213.00"), "STMT-4"),  # the OFX closed at 1203.00
        start=date(2027, 1, 1),
        end=date(2027, 1, 31),
        moves=[Move(date(2027, 1, 5), D("1.00"), "x", "", "x", "R8")],
    )
    out = _import(cli, _file(tmp_path, "camt053", january))
    assert (
        "the statement before it (ofx1-STMT-2.dat) closed at 1203.00 on 2026-12-31: it opens "
        "10.00 higher, so 10.00 of money in (net) is missing between them." in out
    ), out


@pytest.mark.parametrize(
    "lang,said",
    [
        (
            "pt_BR",
            "Lacuna: O extrato STMT-2 abre com 1.167,60, mas o extrato anterior (STMT-1) fechou "
            "com 1.168,00 em 30/11/2026: abre 0,40 abaixo, então faltam entre eles 0,40 de saídas "
            "(líquidas).",
        ),
        (
            "es",
            "Hueco: El extracto STMT-2 abre con 1.167,60, pero el extracto anterior (STMT-1) cerró "
            "con 1.168,00 el 30/11/2026: abre 0,40 por debajo, así que faltan entre ellos 0,40 de "
            "pagos (netos).",
        ),
    ],
)
def test_a_gap_is_said_in_the_readers_figures_which_way_it_goes(
    cli: Cli, tmp_path: Path, lang: str, said: str
) -> None:
    """The tester read "faltam -0.40 de movimentos" after "(PT50...:NOV-B:00001) fechou com
    3483.27": a point in pt_BR, the store's key for the bank's NOV-B, a negative missing sum."""
    _import(cli, _file(tmp_path, "mt940"))
    path = _file(tmp_path, "camt053", _later(D("1167.60")))
    out = cli.run("--lang", lang, "bank", "import", path, "--account", "Caixa").out
    assert said in out, out


def test_an_overlap_is_said_in_the_readers_figures(cli: Cli, tmp_path: Path) -> None:
    _import(cli, _file(tmp_path, "camt053", replace(STMT, opening=D("1000.00"))))
    mid = replace(STMT, ident="STMT-4", start=date(2026, 11, 6), moves=MOVES[3:])
    path = _file(tmp_path, "n43", replace(mid, opening=D("1110.00")))
    out = cli.run("--lang", "pt_BR", "bank", "import", path, "--account", "Caixa").out
    assert (
        "O extrato n43-STMT-4.dat abre com 1.110,00, mas pelo livro a conta tem 1.118,00 nessa "
        "data (o extrato STMT-1 abriu com 1.000,00 em 01/11/2026; linhas desde então: 3): "
        "abre 8,00 abaixo, então há movimentos que faltam ou divergem." in out
    ), out
