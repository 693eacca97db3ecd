"""`bank match` and `bank lines` as a bookkeeper reads them (issue 16: defects A, C, D).

- `bank match --auto` without `--min-confidence` accepts the sure proposals
  only (0.90, as the Bank view's Accept all), not every guess down to 0.00;
  the plain listing still lists every proposal.
- Each kind of proposal reads naturally in en, pt_BR and es: "-> money on
  account", not "-> crédito em conta a conta"; "-> none", not "-> nenhuma -";
  an over- or underpayment inside the tolerance is said as one, with a
  positive amount, whichever way the line was found (its number, its payer).
- `bank lines` names each line's account, and says so when there are no lines;
  `bank match` names the account when the lines are in more than one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.rules.statement import AUTO_LEAST
from tests.bankfiles import WRITERS, Move, Stmt
from tests.integration.conftest import Cli

D = Decimal
ON = date(2026, 11, 10)
MOVES = [
    Move(ON, D("100.40"), "", "", "Pag INV-000001", "R1"),  # number, 0.40 over
    Move(ON, D("49.70"), "", "", "INV-000002", "R2"),  # number, 0.30 under
    Move(ON, D("70.50"), "PADARIA BOM DIA", "", "transferencia", "R3"),  # name, 0.50 over
    Move(ON, D("29.80"), "MERCEARIA SAO JOAO", "", "obrigado", "R4"),  # name, 0.20 under
    Move(ON, D("25.00"), "OFICINA GONCALVES", "", "adiantamento", "R5"),  # nothing open
    Move(ON, D("-20.00"), "ACORES PESCAS", "", "Devolucao REF-000001", "R6"),  # a refund
    Move(ON, D("5.00"), "Ninguem", "", "?", "R7"),  # nobody
    Move(ON, D("12.34"), "PENA HERMANOS", "", "x", "R8"),  # the oldest due first
]
STMT = Stmt("PT50000201231234567890999", "EUR", D("0"), date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def shop(cli: Cli, make_customer: Callable[..., str], tmp_path: Path) -> Cli:
    for code, name in (
        ("C1", "Peña Hermanos S.L."),
        ("C2", "Açores Pescas"),
        ("C3", "Padaria Bom Dia"),
        ("C4", "Oficina Gonçalves"),
        ("C5", "Mercearia São João"),
    ):
        make_customer(code, "net 30", name)
    for code, amount in (("C1", "100.00"), ("C2", "50.00"), ("C3", "70.00"), ("C5", "30.00")):
        cli.ok("invoice", "add", "--customer", code, "--date", "2026-11-01", "--amount", amount)
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-10-01", "--amount", "40.00")
    cli.ok("settings", "set", "max_overpayment", "1.00")
    cli.ok("settings", "set", "max_underpayment", "1.00")
    cli.ok("payment", "add", "--customer", "C2", "--date", "2026-11-02", "--amount", "20.00")
    cli.ok("refund", "PAY-000001", "--date", "2026-11-03")
    path = tmp_path / "nov.xml"
    path.write_bytes(WRITERS["camt053"](Stmt(**{**STMT.__dict__, "moves": MOVES})))
    cli.ok("bank", "import", str(path), "--account", "Millennium")
    return cli


# ---------------------------------------------------------------- A: --auto's default


def test_auto_without_a_confidence_accepts_the_sure_proposals_only(shop: Cli) -> None:
    """Without --min-confidence, --auto once accepted everything down to 0.00: the
    oldest-due guess and money on account posted, and the summary said "below 0"."""
    listed = json.loads(shop.run("bank", "match", "--json").out)
    assert len(listed) == len(MOVES)  # the listing still lists every proposal
    sure = {
        r["id"]
        for r in listed
        if r["proposal"]["kind"] != "none" and D(r["proposal"]["confidence"]) >= AUTO_LEAST
    }
    guesses = {r["id"] for r in listed if r["remittance"] in ("x", "adiantamento")}
    assert sure and guesses and not sure & guesses
    dry = shop.run("bank", "match", "--auto", "--dry-run").out
    assert f"{len(sure)} proposals at or above 0.9 would be accepted" in dry
    out = shop.run("bank", "match", "--auto").out
    assert f"{len(sure)} lines accepted, 0 refused, {len(MOVES) - len(sure)} below 0.9" in out
    matched = {r["id"] for r in json.loads(shop.run("bank", "lines", "--json").out)}
    left = {r["id"] for r in json.loads(shop.run("bank", "lines", "--unmatched", "--json").out)}
    assert matched - left == sure
    # Asked for, a lower confidence is still taken, in either spelling.
    assert "abaixo de 0,9" in shop.run("--lang", "pt_BR", "bank", "match", "--auto").out
    out = shop.run("--lang", "pt_BR", "bank", "match", "--auto", "--min-confidence", "0,4").out
    assert "recusadas: 0; abaixo de 0,4 ou sem proposta: 1" in out  # only nobody's line is left


@pytest.mark.parametrize(("lang", "said"), [("en", "0.9"), ("pt_BR", "0,9"), ("es", "0,9")])
def test_the_help_says_the_default(cli: Cli, lang: str, said: str) -> None:
    text = " ".join(cli.run("--lang", lang, "bank", "match", "--help").out.split())
    assert f"(default {said})" in text or f"(padrão {said})" in text or f"defecto {said})" in text


# ---------------------------------------------------------------- C: the proposals' words

WORDS = {
    "en": [
        "-> invoices INV-000001  (confidence 0.99, C1)",
        "overpayment of 0.40 within the tolerance",
        "underpayment of 0.30 within the tolerance",
        "overpayment of 0.50 within the tolerance",
        "underpayment of 0.20 within the tolerance",
        "-> money on account  (confidence 0.45, C4)",
        "-> refund REF-000001  (confidence",
        "-> none  (confidence 0.00)",
    ],
    "pt_BR": [
        "-> faturas INV-000001  (confiança 0,99, C1)",
        "pagamento a maior de 0,40 dentro da tolerância",
        "pagamento a menor de 0,30 dentro da tolerância",
        "pagamento a maior de 0,50 dentro da tolerância",
        "pagamento a menor de 0,20 dentro da tolerância",
        "-> crédito em conta  (confiança 0,45, C4)",
        "-> reembolso REF-000001  (confiança",
        "-> nenhuma  (confiança 0,00)",
    ],
    "es": [
        "-> facturas INV-000001  (confianza 0,99, C1)",
        "pago de más de 0,40 dentro de la tolerancia",
        "pago de menos de 0,30 dentro de la tolerancia",
        "pago de más de 0,50 dentro de la tolerancia",
        "pago de menos de 0,20 dentro de la tolerancia",
        "-> a cuenta  (confianza 0,45, C4)",
        "-> reembolso REF-000001  (confianza",
        "-> ninguna  (confianza 0,00)",
    ],
}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_each_kind_of_proposal_reads_naturally(shop: Cli, lang: str) -> None:
    text = shop.run("--lang", lang, "bank", "match").out
    for said in WORDS[lang]:
        assert said in text, (said, text)
    for garbled in (" -  (", "a conta  (", "a cuenta a cuenta", "-0,", "-0.", "difference"):
        assert garbled not in text.replace("-> a cuenta  (", ""), (garbled, text)
    # one account: not named on every line
    assert "Millennium" not in text
    # `show bank-line` names the kind and what it settles the same way
    shown = shop.run("--lang", lang, "show", "bank-line", "6").out
    assert WORDS[lang][6].split("  (")[0].removeprefix("-> ") in shown, shown


# ---------------------------------------------------------------- D: the account, no lines


def test_lines_name_their_account_and_the_same_movement_in_two_is_told_apart(
    shop: Cli, tmp_path: Path
) -> None:
    other = tmp_path / "other.xml"
    twin = Stmt("ES9121000418450200051999", "EUR", D("0"), STMT.start, STMT.end, MOVES[:1])
    other.write_bytes(WRITERS["camt053"](twin))
    shop.ok("bank", "import", str(other), "--account", "Santander")
    table = shop.run("bank", "lines").out.splitlines()
    assert table[0].split()[:5] == ["Line", "Booked", "Amount", "Status", "Account"]
    assert [row.split()[4] for row in table[1:]].count("Santander") == 1
    assert [row.split()[4] for row in table[1:]].count("Millennium") == len(MOVES)
    rows = json.loads(shop.run("bank", "lines", "--json").out)
    assert {r["account"] for r in rows} == {"Millennium", "Santander"}
    listing = shop.run("bank", "match").out
    assert "Line 1  2026-11-10  Millennium  100.40  -> invoices INV-000001" in listing
    assert f"Line {len(MOVES) + 1}  2026-11-10  Santander  100.40  -> invoices" in listing


@pytest.mark.parametrize(
    ("lang", "none", "none_unmatched"),
    [
        ("en", "No bank lines.", "No unmatched bank lines."),
        ("pt_BR", "Nenhuma linha bancária.", "Nenhuma linha bancária não conciliada."),
        ("es", "No hay líneas bancarias.", "No hay líneas bancarias sin conciliar."),
    ],
)
def test_no_lines_is_a_sentence_not_a_bare_header(
    cli: Cli, tmp_path: Path, lang: str, none: str, none_unmatched: str
) -> None:
    assert cli.run("--lang", lang, "bank", "lines").out.strip() == none
    assert cli.run("--lang", lang, "bank", "lines", "--unmatched").out.strip() == none_unmatched
    path = tmp_path / "one.xml"
    path.write_bytes(WRITERS["camt053"](Stmt(**{**STMT.__dict__, "moves": MOVES[6:7]})))
    cli.ok("bank", "import", str(path), "--account", "Millennium")
    cli.ok("customer", "add", "C9", "Ninguem")
    cli.ok("invoice", "add", "--customer", "C9", "--date", "2026-11-01", "--amount", "5.00")
    cli.ok("bank", "accept", "1")
    assert cli.run("--lang", lang, "bank", "lines", "--unmatched").out.strip() == none_unmatched
    assert "Millennium" in cli.run("--lang", lang, "bank", "lines").out
