"""A bank account is learned only from its own customer's payments (trial 16).

A third party paying someone's invoice (PENA HERMANOS, customer C1 by name,
paying C2's invoice) is posted as C2's payment; but the line's bank account
(IBAN) is not remembered as C2's, or every next line from PENA's account
would be proposed for C2. The account is remembered only when the line's
payer is not known as another customer — by the payer's name, or by a name
in the line's free text as the matcher reads it — on every path that posts
a line: accepting the proposal, `--invoice`, `--customer`, `bank match --auto`.
A payer nobody knows, or known as that same customer, teaches it as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS, Move, Stmt
from tests.integration.conftest import Cli

D = Decimal
IBAN = "ES9121000418450200051332"  # PENA's account, unknown to the book at first


@pytest.fixture
def shop(cli: Cli, make_customer: Callable[..., str]) -> Cli:
    """C1 Peña Hermanos, C2 Açores Pescas, C3 Padaria Bom Dia; an invoice of 100.00 each."""
    make_customer("C1", "net 30", "Peña Hermanos S.L.")
    make_customer("C2", "net 30", "Açores Pescas")
    make_customer("C3", "net 30", "Padaria Bom Dia")
    for code in ("C1", "C2", "C3"):
        cli.ok("invoice", "add", "--customer", code, "--date", "2026-11-01", "--amount", "100")
    return cli


def _statement(cli: Cli, tmp_path: Path, payer: str, text: str) -> None:
    """Line 1: 100.00 from account IBAN, by `payer` with `text`; line 2: 100.00 more
    from the same account, saying nothing else (proposed by the account alone)."""
    moves = [
        Move(date(2026, 11, 4), D("100.00"), payer, IBAN, text, "R1"),
        Move(date(2026, 11, 5), D("100.00"), "", IBAN, "transferencia", "R2"),
    ]
    stmt = Stmt(
        "PT50000201231234567890154", "EUR", D("0"), date(2026, 11, 1), date(2026, 11, 30), moves
    )
    path = tmp_path / "nov.xml"
    path.write_bytes(WRITERS["camt053"](stmt))
    cli.ok("bank", "import", str(path), "--account", "Caixa")


def _known(cli: Cli) -> list[tuple[str, str]]:
    """The bank accounts the book knows, with their customers."""
    con = sqlite3.connect(cli.path)
    try:
        return con.execute(
            "SELECT c.code, a.iban FROM customer_bank_account a "
            "JOIN customer c ON c.id = a.customer_id ORDER BY a.iban"
        ).fetchall()
    finally:
        con.close()


# How line 1 is posted as C2's payment: as proposed (its text names C2's invoice), or
# by hand, or by accept-all.
PATHS = {
    "proposal": ["bank", "accept", "1"],
    "invoice": ["bank", "accept", "1", "--invoice", "INV-000002"],
    "customer and invoice": ["bank", "accept", "1", "--customer", "C2", "--invoice", "INV-000002"],
    "customer": ["bank", "accept", "1", "--customer", "C2"],
    "auto": ["bank", "match", "--auto", "--min-confidence", "0.9"],
}

# The payer of line 1 as the line says it: (name, text).
THIRD_PARTIES = {
    "by the payer's name": ("PENA HERMANOS SL", "Pag. INV-000002"),
    "by a name in the free text": ("", "TRANSF PENA HERMANOS INV-000002"),
}


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("third", list(THIRD_PARTIES))
def test_a_third_partys_account_is_not_learned_for_the_invoices_customer(
    shop: Cli, tmp_path: Path, path: str, third: str
) -> None:
    """Line 1 is posted as C2's payment, its account left unknown: line 2, from the
    same account, is not proposed for C2."""
    _statement(shop, tmp_path, *THIRD_PARTIES[third])
    shop.ok(*PATHS[path])
    line = shop.json("bank-line", "1")
    assert line["status"] == "matched"
    assert shop.json("payment", "PAY-000001")["customer"] == "C2"
    assert _known(shop) == []
    assert shop.json("bank-line", "2")["proposal"]["customer"] != "C2"


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize(
    "payer", [("", "Pag. INV-000002"), ("Ninguem Lda", "Pag. INV-000002"), ("ACORES PESCAS", "")]
)
def test_an_account_is_learned_from_an_unknown_payer_or_the_customer_itself(
    shop: Cli, tmp_path: Path, path: str, payer: tuple[str, str]
) -> None:
    """A payer nobody knows, or known as C2 itself: the account is C2's from then on."""
    if path == "proposal" or path == "auto":
        payer = (payer[0], payer[1] or "INV-000002")
    _statement(shop, tmp_path, *payer)
    shop.ok(*PATHS[path])
    assert shop.json("payment", "PAY-000001")["customer"] == "C2"
    assert _known(shop) == [("C2", IBAN)]


def test_the_account_learned_from_the_payers_own_payment_after_a_third_partys(
    shop: Cli, tmp_path: Path
) -> None:
    """PENA pays C2's invoice (nothing learned), then its own: the account is C1's."""
    _statement(shop, tmp_path, "PENA HERMANOS SL", "Pag. INV-000002")
    shop.ok("bank", "accept", "1")
    shop.ok("bank", "accept", "2", "--invoice", "INV-000001")
    assert _known(shop) == [("C1", IBAN)]
