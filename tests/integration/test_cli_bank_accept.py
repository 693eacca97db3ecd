"""`bank accept` by hand and `bank unmatch --date` (issue 11, trial 16): every kind of line
can be posted by what the bookkeeper names — a money-out line as the payout of
`--refund`, money in as `--customer`'s payment with or without `--invoice` — every
refusal names what to give instead, in the reader's figures; accepting says what it
posted, and warns when the line's payer is known as another customer; unmatching
refuses a date before what it takes back instead of moving it.

The statement (tests/bankfiles.py): 1) 98.00 "Pago INV-000001" from Pena Hermanos,
2) 50.00 from the IBAN ES91..., 3) 70.00 from "Padaria Bom Diaa", 4) -20.00 paid
to a supplier, 5) 5.00 nobody can place.
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
IBAN = "ES9121000418450200051332"
MOVES = [
    Move(date(2026, 11, 4), D("98.00"), "Pena Hermanos SL", "", "Pago INV-000001", "R1"),
    Move(date(2026, 11, 5), D("50.00"), "", IBAN, "transferencia", "R2"),
    Move(date(2026, 11, 6), D("70.00"), "Padaria Bom Diaa", "", "obrigado", "R3"),
    Move(date(2026, 11, 7), D("-20.00"), "Fornecedor", "", "compra", "R4"),
    Move(date(2026, 11, 8), D("1005.00"), "Ninguem", "", "?", "R5"),
]
STMT = Stmt(
    "PT50000201231234567890154", "EUR", D("1000.00"), date(2026, 11, 1), date(2026, 11, 30), MOVES
)


@pytest.fixture
def shop(cli: Cli, make_customer: Callable[..., str], tmp_path: Path) -> Cli:
    """Three customers with an invoice each (C1 on 2% 10), and the statement imported."""
    make_customer("C1", "2% 10, net 30", "Peña Hermanos S.L.")
    make_customer("C2", "net 30", "Açores Pescas")
    make_customer("C3", "net 30", "Padaria Bom Dia")
    for code, amount in (("C1", "100.00"), ("C2", "50.00"), ("C3", "70.00")):
        cli.ok("invoice", "add", "--customer", code, "--date", "2026-11-01", "--amount", amount)
    _import(cli, tmp_path, STMT)
    return cli


def _import(cli: Cli, tmp_path: Path, stmt: Stmt) -> None:
    path = tmp_path / f"{stmt.ident}.xml"
    path.write_bytes(WRITERS["camt053"](stmt))
    cli.ok("bank", "import", str(path), "--account", "Caixa")


def _refund_of_20(cli: Cli, code: str = "C2") -> str:
    """A refund of 20.00 owed to `code`, which line 4 (-20.00) may have paid out."""
    pay = cli.ok("payment", "add", "--customer", code, "--date", "2026-11-02", "--amount", "20")
    return cli.ok("refund", pay, "--date", "2026-11-03")


# ---------------------------------------------------------------- what to give, said


@pytest.mark.parametrize(
    ("args", "said"),
    [
        # money out
        (["4", "--invoice", "INV-000002"], r"Bank line 4 is money out \(-20\.00\); .* --refund\."),
        (["4", "--customer", "C2"], r"Bank line 4 is money out \(-20\.00\); .* --refund\."),
        (
            ["4"],
            r"Bank line 4 is money out \(-20\.00\) that matches no open refund\. If it paid out "
            r"a refund, name it with --refund\. .*Acerto keeps receivables only, and such a line "
            r"is left unmatched\.",
        ),
        # money in
        (["5", "--refund", "REF-000001"], r"Bank line 5 is money in \(1005\.00\); .*--customer\."),
        (["5"], r"Bank line 5 has no proposal \(.*\) .*--invoice, or .* --customer"),
        (
            ["2", "--customer", "C1", "--invoice", "INV-000002"],
            r"Invoice INV-000002 is customer C2's, not C1's",
        ),
        (["2", "--customer", "C9"], r'There is no customer with code "C9"'),
    ],
)
def test_every_refusal_names_what_to_give(shop: Cli, args: list[str], said: str) -> None:
    """Each refusal names the flag that fits the line (never --invoice for money out)."""
    r = shop.fails("bank", "accept", *args, match=said)
    if args[0] == "4":
        assert "--invoice" not in r.err.split("--refund")[-1], r.err


@pytest.mark.parametrize("lang", ["pt_BR", "es"])
@pytest.mark.parametrize(
    ("args", "amount"),
    [
        (["4", "--invoice", "INV-000002"], "-20,00"),
        (["4"], "-20,00"),
        (["5", "--refund", "REF-000001"], "1.005,00"),
    ],
)
def test_a_refusal_writes_the_amount_as_the_reader_does(
    shop: Cli, lang: str, args: list[str], amount: str
) -> None:
    r = shop.fails("--lang", lang, "bank", "accept", *args, match=f"\\({amount}\\)")
    assert "--refund" in r.err, r.err


# ---------------------------------------------------------------- posting by hand


def test_a_money_out_line_is_posted_as_the_payout_of_the_refund_named(shop: Cli) -> None:
    """Two refunds of 20.00 are owed (C2's and C3's): the line is posted as the payout
    of the one named, whichever the matcher proposed."""
    _refund_of_20(shop, "C3")  # REF-000001, on PAY-000001
    refund = _refund_of_20(shop)  # C2's, on PAY-000002
    proposed = shop.json("bank-line", "4")["proposal"]
    refund = "REF-000001" if proposed["refund"] == refund else refund
    payment = "PAY-000001" if refund == "REF-000001" else "PAY-000002"
    r = shop.run("--lang", "pt_BR", "bank", "accept", "4", "--refund", refund)
    assert r.code == 0, r.err
    assert r.last == refund
    assert f"{refund}: 20,00" in r.out, r.out
    line = shop.json("bank-line", "4")
    assert (line["status"], line["refund"], line["payment"]) == ("matched", refund, None)
    (ref,) = shop.json("payment", payment)["refunds"]
    assert (ref["paid"], ref["paid_on"]) == (True, "2026-11-07")
    assert "The book is consistent." in shop.run("check").out
    # Unmatched, it is owed again and can be posted by hand once more.
    shop.ok("bank", "unmatch", "4")
    assert shop.ok("bank", "accept", "4", "--refund", refund) == refund


def test_a_refund_of_another_amount_is_refused(shop: Cli) -> None:
    shop.ok("payment", "add", "--customer", "C2", "--date", "2026-11-02", "--amount", "30.00")
    refund = shop.ok("refund", "PAY-000001", "--date", "2026-11-03")
    shop.fails(
        "--lang", "pt_BR", "bank", "accept", "4", "--refund", refund,
        match=r"30,00.*-?20,00",
    )  # fmt: skip


def test_unidentified_money_is_posted_to_the_customer_named_on_account(shop: Cli) -> None:
    """Line 5 (1005.00 from "Ninguem") has no proposal: the bookkeeper knows it is C3's.
    Without --invoice it stays on C3's account, as an accepted on-account proposal."""
    r = shop.run("--lang", "pt_BR", "bank", "accept", "5", "--customer", "C3")
    assert r.code == 0, r.err
    number = r.last
    pay = shop.json("payment", number)
    assert (pay["customer"], pay["amount"], pay["unapplied"]) == ("C3", "1005.00", "1005.00")
    assert pay["settlements"] == []
    assert "1.005,00" in r.out and "1005.00" not in r.out, r.out
    assert shop.json("invoice", "INV-000003")["balance"] == "70.00"
    assert shop.json("bank-line", "5")["payment"] == number
    assert "The book is consistent." in shop.run("check").out


def test_money_in_for_a_customer_and_their_invoices(shop: Cli) -> None:
    """Line 3 (70.00, proposed to C3 by name) posted as C3's against INV-000003, named."""
    number = shop.ok("bank", "accept", "3", "--customer", "C3", "--invoice", "INV-000003")
    assert shop.json("payment", number)["customer"] == "C3"
    assert shop.json("invoice", "INV-000003")["status"] == "settled"


# ---------------------------------------------------------------- what was posted, said


def _know_iban_as(cli: Cli, code: str) -> None:
    con = sqlite3.connect(cli.path)
    con.execute(
        "INSERT INTO customer_bank_account (customer_id, iban) "
        f"SELECT id, '{IBAN}' FROM customer WHERE code = ?",
        (code,),
    )
    con.commit()
    con.close()


@pytest.mark.parametrize(
    ("lang", "posted", "settled", "left"),
    [
        (
            "en",
            "Payment PAY-000001 of customer C2: 50.00 received on 2026-11-05.",
            "INV-000002: 30.00 applied, cash discount 0.00, write-off 0.00.",
            "20.00 left on customer C2's account.",
        ),
        (
            "pt_BR",
            "PAY-000001",
            "INV-000002: 30,00",
            "20,00",
        ),
        ("es", "PAY-000001", "INV-000002: 30,00", "20,00"),
    ],
)
def test_a_third_party_payment_is_posted_with_a_warning_and_what_it_did(
    shop: Cli, lang: str, posted: str, settled: str, left: str
) -> None:
    """Line 2 comes from an IBAN the book knows as C1's; the bookkeeper says it pays
    C2's invoice (part of it: 30.00 of 50.00 is still open after a payment of 20.00).
    Posted as C2's payment, not refused; the warning names C1, and what was posted —
    the payment, the settlement, the money left on C2's account — is said, the
    payment's number last."""
    shop.ok("payment", "add", "--customer", "C2", "--date", "2026-11-02", "--amount", "20.00")
    shop.ok("settle", "PAY-000001", "INV-000002")
    _know_iban_as(shop, "C1")
    r = shop.run("--lang", lang, "bank", "accept", "2", "--invoice", "INV-000002")
    assert r.code == 0, r.err
    lines = r.out.strip().splitlines()
    assert lines[-1] == "PAY-000002"
    assert "C1" in lines[0] and "C2" in lines[0] and IBAN in lines[0], lines
    text = r.out.replace("PAY-000001", "PAY-000002") if lang != "en" else r.out
    assert posted.replace("PAY-000001", "PAY-000002") in text, r.out
    assert settled in r.out and left in r.out, r.out
    pay = shop.json("payment", "PAY-000002")
    assert (pay["customer"], pay["applied"], pay["unapplied"]) == ("C2", "30.00", "20.00")


def test_no_warning_when_the_payer_is_the_invoices_customer(shop: Cli) -> None:
    _know_iban_as(shop, "C2")
    r = shop.run("bank", "accept", "2", "--invoice", "INV-000002")
    assert r.code == 0, r.err
    assert "Warning" not in r.out, r.out
    assert "left on" not in r.out, r.out  # nothing left: nothing said of it
    assert "INV-000002: 50.00 applied, cash discount 0.00, write-off 0.00." in r.out


def test_a_proposal_accepted_warns_of_a_payer_known_by_name(shop: Cli) -> None:
    """Line 1 names C1's invoice and comes from "Pena Hermanos SL" (C1 by name): no
    warning. Accepted against C3's invoice, the payer's name is said."""
    r = shop.run("bank", "accept", "1", "--invoice", "INV-000003")
    assert r.code == 0, r.err
    assert r.out.startswith("Warning: bank line 1 is posted as customer C3's payment"), r.out
    assert "Pena Hermanos SL" in r.out.splitlines()[0]


def test_a_payer_named_only_in_the_text_is_warned_of_as_it_is_not_learned(
    shop: Cli, tmp_path: Path
) -> None:
    """The warning reads the payer as the account rule does (app/rules/bank_customer.py
    `payer`, `teaches`): a name in the free text alone counts, so the bookkeeper is told
    why the line's account is not remembered for the customer it was posted as."""
    iban = "PT50003300004531738132505"
    text = Move(date(2026, 11, 9), D("50.00"), "", iban, "TRANSFERENCIA PADARIA BOM DIAA", "R6")
    end = date(2026, 11, 30)
    _import(shop, tmp_path, Stmt(STMT.account, "EUR", STMT.closing, end, end, [text], "STMT-2"))
    r = shop.run("bank", "accept", "6", "--invoice", "INV-000002")
    assert r.code == 0, r.err
    first = r.out.splitlines()[0]
    assert first.startswith("Warning: bank line 6 is posted as customer C2's payment"), r.out
    assert "known as customer C3" in first and "PADARIA BOM DIAA" in first, first
    with sqlite3.connect(shop.path) as db:
        assert db.execute(
            "SELECT count(*) FROM customer_bank_account WHERE iban = ?", (iban,)
        ).fetchone() == (0,)


# ---------------------------------------------------------------- unmatching on a date


def test_unmatching_refuses_a_date_before_the_payment(shop: Cli) -> None:
    shop.ok("bank", "accept", "1")  # PAY-000001 on 2026-11-04
    shop.fails(
        "--lang", "pt_BR", "bank", "unmatch", "1", "--date", "2026-11-01",
        match=r"01/11/2026 .*PAY-000001.* 04/11/2026",
    )  # fmt: skip
    shop.ok("bank", "unmatch", "1", "--date", "2026-11-04")
    refund = shop.json("payment", "PAY-000001")["refunds"][0]
    assert refund["date"] == "2026-11-04"


def test_unmatching_refuses_a_date_before_a_later_settlement(shop: Cli) -> None:
    """Line 5 on account for C3 (2026-11-08), then settled by hand on 2026-11-20:
    unmatching on the 15th would unsettle before the settlement."""
    shop.ok("bank", "accept", "5", "--customer", "C3")
    shop.ok("settle", "PAY-000001", "INV-000003", "--date", "2026-11-20")
    shop.fails(
        "bank", "unmatch", "5", "--date", "2026-11-15",
        match=r"2026-11-15 .*2026-11-20",
    )  # fmt: skip
    shop.ok("bank", "unmatch", "5")  # by default: the latest of them
    refund = shop.json("payment", "PAY-000001")["refunds"][0]
    assert refund["date"] == "2026-11-20"


def test_unmatching_a_payout_refuses_a_date_before_it(shop: Cli) -> None:
    refund = _refund_of_20(shop)
    shop.ok("bank", "accept", "4", "--refund", refund)  # paid out on 2026-11-07
    shop.fails(
        "bank", "unmatch", "4", "--date", "2026-11-01",
        match=r"2026-11-01 is before the payout .* \(2026-11-07\)",
    )  # fmt: skip
    shop.ok("bank", "unmatch", "4", "--date", "2026-11-09")
    (ref,) = shop.json("payment", "PAY-000001")["refunds"]
    assert [t["date"] for t in ref["payouts_taken_back"]] == ["2026-11-09"]
