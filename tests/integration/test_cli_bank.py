"""`acerto bank import / lines / match` and `show bank-line` (issue 11), through the command line.

Statement files are written by tests/bankfiles.py from a small book's open
invoices: a payment quoting its invoice with the 2 % discount deducted, a
customer found only by IBAN, one only by a misspelled name, an outgoing
line, a line nobody can place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS, Move, Stmt
from tests.integration.conftest import Cli, as_posted

D = Decimal
IBAN = "PT50000201231234567890154"
MOVES = [
    Move(date(2026, 11, 4), D("98.00"), "Pena Hermanos SL", "", "Pago INV-000001", "R1"),
    Move(date(2026, 11, 5), D("50.00"), "", "ES9121000418450200051332", "transferencia", "R2"),
    Move(date(2026, 11, 6), D("70.00"), "Padaria Bom Diaa", "", "obrigado", "R3"),
    Move(date(2026, 11, 7), D("-20.00"), "Fornecedor", "", "compra", "R4"),
    Move(date(2026, 11, 8), D("5.00"), "Ninguem", "", "?", "R5"),
]
STMT = Stmt(IBAN, "EUR", D("1000.00"), date(2026, 11, 1), date(2026, 11, 30), MOVES)
SUFFIX = {
    "camt053": ".xml",
    "ofx1": ".ofx",
    "ofx2": ".ofx",
    "n43": ".n43",
    "mt940": ".sta",
    "csv_pt": ".csv",
    "csv_es": ".csv",
}


@pytest.fixture
def shop(cli: Cli, make_customer: Callable[..., str]) -> Cli:
    make_customer("C1", "2% 10, net 30", "Peña Hermanos S.L.")
    make_customer("C2", "net 30", "Açores Pescas")
    make_customer("C3", "net 30", "Padaria Bom Dia")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-11-01", "--amount", "100.00")
    cli.ok("invoice", "add", "--customer", "C2", "--date", "2026-11-01", "--amount", "50.00")
    cli.ok("invoice", "add", "--customer", "C3", "--date", "2026-11-01", "--amount", "70.00")
    return cli


def _file(tmp_path: Path, kind: str, stmt: Stmt = STMT) -> str:
    path = tmp_path / f"{kind}-{stmt.ident}{SUFFIX[kind]}"
    path.write_bytes(WRITERS[kind](stmt))
    return str(path)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_import_then_again_adds_nothing_twice(shop: Cli, tmp_path: Path, kind: str) -> None:
    f = _file(tmp_path, kind)
    first = shop.run("bank", "import", f, "--account", "Millennium").out
    assert "1 new statement, added 5 lines; 0 lines the book already holds" in first
    again = shop.run("bank", "import", f, "--account", "Millennium").out
    assert "added 0 lines; 5 lines the book already holds" in again
    lines = shop.run("bank", "lines", "--json")
    assert lines.code == 0
    import json

    rows = json.loads(lines.out)
    assert [r["amount"] for r in rows] == ["98.00", "50.00", "70.00", "-20.00", "5.00"]
    assert {r["status"] for r in rows} == {"unmatched"}


def test_a_dry_run_stores_nothing(shop: Cli, tmp_path: Path) -> None:
    before = shop.dump()
    out = shop.run("bank", "import", _file(tmp_path, "camt053"), "--dry-run").out
    assert "would add 5 lines" in out and "Dry run: nothing was stored." in out
    assert shop.dump() == before


def test_an_overlapping_statement_adds_only_its_new_lines(shop: Cli, tmp_path: Path) -> None:
    shop.ok("bank", "import", _file(tmp_path, "camt053"))
    overlap = replace(
        STMT,
        ident="STMT-2",
        opening=D("1000.00") + D("98.00") + D("50.00") + D("70.00"),
        start=date(2026, 11, 7),
        moves=[*MOVES[3:], Move(date(2026, 11, 20), D("10.00"), "Novo", "", "x", "R6")],
    )
    out = shop.run("bank", "import", _file(tmp_path, "camt053", overlap)).out
    assert "added 1 line; 2 lines the book already holds" in out
    assert "Gap:" not in out


def test_a_statement_that_does_not_follow_the_last_one_is_a_gap(shop: Cli, tmp_path: Path) -> None:
    shop.ok("bank", "import", _file(tmp_path, "camt053"))  # closes at 1,203.00 on 11-30
    later = replace(
        STMT,
        ident="STMT-3",
        opening=D("1218.00"),
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        moves=[Move(date(2026, 12, 2), D("10.00"), "Novo", "", "x", "R7")],
    )
    out = shop.run("bank", "import", _file(tmp_path, "camt053", later)).out
    assert "added 1 line" in out
    assert (
        "Gap: Statement STMT-3 opens at 1218.00, but the statement before it (STMT-1) closed at "
        "1203.00 on 2026-11-30: it opens 15.00 higher, so 15.00 of money in (net) is missing "
        "between them." in out
    )


def test_a_statement_in_another_currency_is_refused(shop: Cli, tmp_path: Path) -> None:
    shop.fails(
        "bank",
        "import",
        _file(tmp_path, "camt053", replace(STMT, currency="USD")),
        match="is in USD; the book keeps EUR",
    )


def test_a_hostile_file_is_refused_and_writes_nothing(shop: Cli, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>'
    )
    shop.fails("bank", "import", str(bomb), match="bomb.xml: declares a DTD or entities")


def test_match_proposes_what_each_line_settles(shop: Cli, tmp_path: Path) -> None:
    shop.ok("customer", "add", "C9", "Sem Nome")  # no effect on the matches
    shop.ok("bank", "import", _file(tmp_path, "camt053"))
    # The customer C2 is known by its IBAN (as if remembered from an earlier accepted line).
    import sqlite3

    con = sqlite3.connect(shop.path)
    con.execute(
        "INSERT INTO customer_bank_account (customer_id, iban) "
        "SELECT id, 'ES9121000418450200051332' FROM customer WHERE code = 'C2'"
    )
    con.commit()
    con.close()
    import json

    rows = json.loads(shop.run("bank", "match", "--json").out)
    found = {r["remittance"]: r["proposal"] for r in rows}
    number = found["Pago INV-000001"]
    assert (number["kind"], number["customer"], number["confidence"]) == ("invoices", "C1", "0.99")
    assert number["invoices"][0] == {
        "invoice": "INV-000001",
        "amount": "98.00",
        "discount": "2.00",
        "writeoff": "0.00",
        "full_settlement": "0.00",
        "balance_after": "0.00",
    }
    by_iban = found["transferencia"]
    assert (by_iban["customer"], by_iban["invoices"][0]["invoice"]) == ("C2", "INV-000002")
    by_name = found["obrigado"]
    assert (by_name["customer"], by_name["invoices"][0]["invoice"]) == ("C3", "INV-000003")
    assert found["compra"]["kind"] == "none" and found["?"]["kind"] == "none"
    sure = json.loads(shop.run("bank", "match", "--json", "--min-confidence", "0.95").out)
    assert [r["remittance"] for r in sure] == ["Pago INV-000001", "transferencia"]
    text = shop.run("bank", "match").out
    assert "The text names INV-000001; 98.00 settles it exactly (cash discount 2.00)." in text
    shown = shop.json("bank-line", "1")
    assert shown["proposal"]["explanation"].endswith("invoice settled.")


@pytest.mark.parametrize(
    ("lang", "least", "said", "listed"),
    [
        ("en", "0.95", "0.95", "-> invoices INV-000001  (confidence 0.99, C1)"),
        ("pt_BR", "0,95", "0,95", "-> faturas INV-000001  (confiança 0,99, C1)"),
        ("es", "0,95", "0,95", "-> facturas INV-000001  (confianza 0,99, C1)"),
    ],
)
def test_a_confidence_is_written_as_the_readers_language_writes_it(
    shop: Cli, tmp_path: Path, lang: str, least: str, said: str, listed: str
) -> None:
    """The listing and the summaries write a confidence as an amount is written
    ('0,95' in pt_BR and es), and take it so too; the JSON keeps '0.99'. The
    listing names the proposal's kind in the reader's words."""
    shop.ok("bank", "import", _file(tmp_path, "camt053"))
    listing = shop.run("--lang", lang, "bank", "match", "--min-confidence", least).out
    assert listed in listing, listing
    dry = shop.run(
        "--lang", lang, "bank", "match", "--auto", "--min-confidence", least, "--dry-run"
    )
    assert f" {said}" in dry.out, dry.out
    assert lang == "en" or "0.95" not in dry.out, dry.out
    rows = json.loads(shop.run("bank", "match", "--json", "--min-confidence", least).out)
    assert {r["proposal"]["confidence"] for r in rows} >= {"0.99"}


def test_bad_arguments_are_sentences(shop: Cli, tmp_path: Path) -> None:
    shop.fails("bank", "match", "--min-confidence", "2", match="must be a number from 0 to 1")
    shop.fails("show", "bank-line", "99", match='There is no bank line "99"')
    shop.fails("bank", "import", str(tmp_path / "nope.xml"), match="No file at")


# ---------------------------------------------------------------- accepting


def _rows(cli: Cli, *args: str) -> list[dict]:  # type: ignore[type-arg]
    import json

    return json.loads(cli.run(*args, "--json").out)  # type: ignore[no-any-return]


def test_accepting_a_proposal_posts_the_payment_and_its_settlement(
    shop: Cli, tmp_path: Path
) -> None:
    shop.ok("bank", "import", _file(tmp_path, "camt053"))
    number = shop.ok("bank", "accept", "1")
    assert number == "PAY-000001"
    pay = shop.json("payment", number)
    assert (pay["amount"], pay["date"], pay["customer"]) == ("98.00", "2026-11-04", "C1")
    assert pay["reference"].startswith("bank line 1")
    inv = shop.json("invoice", "INV-000001")
    assert (inv["status"], inv["balance"], inv["discount_taken"]) == ("settled", "0.00", "2.00")
    line = shop.json("bank-line", "1")
    assert (line["status"], line["payment"]) == ("matched", "PAY-000001")
    shop.fails("bank", "accept", "1", match=r"Bank line 1 is already matched \(PAY-000001\)")
    assert "The book is consistent." in shop.run("check").out


def test_accepting_against_the_bookkeepers_invoices_and_remembering_the_account(
    shop: Cli, tmp_path: Path
) -> None:
    shop.ok("bank", "import", _file(tmp_path, "camt053"))
    shop.fails("bank", "accept", "5", match="has no proposal")
    # Line 2 (50.00 from an unknown IBAN): the bookkeeper says it is C2's INV-000002.
    assert shop.ok("bank", "accept", "2", "--invoice", "INV-000002") == "PAY-000001"
    assert shop.json("invoice", "INV-000002")["status"] == "settled"
    # The account is now known: a later line from it is proposed for C2.
    later = replace(
        STMT,
        ident="STMT-2",
        opening=STMT.closing,
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        moves=[Move(date(2026, 12, 3), D("10.00"), "", "ES9121000418450200051332", "mais", "R8")],
    )
    shop.ok("bank", "import", _file(tmp_path, "camt053", later))
    (row,) = [r for r in _rows(shop, "bank", "match") if r["remittance"] == "mais"]
    assert (row["proposal"]["kind"], row["proposal"]["customer"]) == ("account", "C2")
    assert row["proposal"]["confidence"] == "0.50"


def test_an_outgoing_line_pays_out_its_refund(shop: Cli, tmp_path: Path) -> None:
    shop.ok("payment", "add", "--customer", "C2", "--date", "2026-11-02", "--amount", "20.00")
    refund = shop.ok("refund", "PAY-000001", "--date", "2026-11-03")
    moves = [replace(MOVES[3], text=f"Devolucao {refund}")]
    shop.ok("bank", "import", _file(tmp_path, "camt053", replace(STMT, moves=moves)))
    (row,) = _rows(shop, "bank", "match")
    assert (row["proposal"]["kind"], row["proposal"]["refund"]) == ("refund", refund)
    shop.ok("bank", "accept", str(row["id"]))
    shown = shop.json("bank-line", str(row["id"]))
    assert (shown["status"], shown["refund"]) == ("matched", refund)
    assert "The book is consistent." in shop.run("check").out


def test_auto_accepts_what_one_by_one_would(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`bank match --auto` posts exactly what accepting each proposal by hand
    (oldest line first, asking afresh each time) posts: the two books are equal."""

    def setup(c: Cli) -> None:
        for code, terms, name in (
            ("C1", "2% 10, net 30", "Peña Hermanos S.L."),
            ("C2", "net 30", "Açores Pescas"),
            ("C3", "net 30", "Padaria Bom Dia"),
        ):
            c.ok("customer", "add", code, name, "--terms", terms)
        for code, amount in (("C1", "100.00"), ("C2", "50.00"), ("C3", "70.00"), ("C3", "30.00")):
            c.ok("invoice", "add", "--customer", code, "--date", "2026-11-01", "--amount", amount)
        # Two lines for C3: the second must see what the first settled.
        moves = [*MOVES, Move(date(2026, 11, 9), D("70.00"), "Padaria Bom Dia", "", "resto", "R9")]
        c.ok("bank", "import", _file(tmp_path, "camt053", replace(STMT, moves=moves)))

    setup(cli)  # by hand
    for row in _rows(cli, "bank", "lines"):
        fresh = cli.json("bank-line", str(row["id"]))["proposal"]
        if fresh["kind"] != "none" and D(fresh["confidence"]) >= D("0.4"):
            cli.ok("bank", "accept", str(row["id"]))
    by_hand_dump = cli.dump()
    by_hand = _without_stamps(by_hand_dump)
    assert len([r for r in by_hand if r[0] == "payment"][0][1]) >= 3

    auto = Cli(tmp_path / "auto.sqlite", capsys)
    monkeypatch.setenv("ACERTO_BOOK", str(auto.path))
    auto.ok("init", "--currency", "EUR", "--company", "Conceição & Filhos, Lda")
    setup(auto)
    dry = auto.run("bank", "match", "--auto", "--min-confidence", "0.4", "--dry-run").out
    assert "proposals at or above 0.4 would be accepted" in dry
    out = auto.run("bank", "match", "--auto", "--min-confidence", "0.4").out
    assert "lines accepted, 0 refused" in out
    assert as_posted(auto.dump()) == as_posted(by_hand_dump)


def _without_stamps(dump: list[tuple[str, list[tuple[object, ...]]]]) -> list[object]:
    """The book's rows without the clock's stamps (posted_at, imported_at...)."""
    from datetime import datetime

    return [
        (t, [tuple("<t>" if isinstance(v, datetime) else v for v in r) for r in rows])
        for t, rows in dump
    ]


def test_unmatching_takes_back_what_accepting_posted(shop: Cli, tmp_path: Path) -> None:
    shop.ok("bank", "import", _file(tmp_path, "camt053"))
    before = shop.json("customer", "C1")
    shop.ok("bank", "accept", "1")
    shop.fails("bank", "unmatch", "2", match="Bank line 2 is not matched")
    out = shop.run("bank", "unmatch", "1").out
    assert "Bank line 1 unmatched" in out
    inv = shop.json("invoice", "INV-000001")
    assert (inv["status"], inv["balance"], inv["discount_taken"]) == ("posted", "100.00", "0.00")
    after = shop.json("customer", "C1")
    assert {k: after[k] for k in ("open_balance", "credit")} == {
        k: before[k] for k in ("open_balance", "credit")
    }
    line = shop.json("bank-line", "1")
    assert (line["status"], line["payment"]) == ("unmatched", None)
    pay = shop.json("payment", "PAY-000001")
    assert pay["refunds"][0]["paid"] is True
    assert "The book is consistent." in shop.run("check").out
    assert "no difference" in shop.run("check", "--replay").out
    # Accepted again, it settles the invoice as the first time.
    shop.ok("bank", "accept", "1")
    assert shop.json("invoice", "INV-000001")["discount_taken"] == "2.00"


def test_a_csv_mapping_is_given_once_and_kept_for_the_account(shop: Cli, tmp_path: Path) -> None:
    odd = "Fecha Op.;Concepto Mov.;Importe EUR;Ordenante\n04/11/2026;INV-000001;98,00;Pena\n"
    first = tmp_path / "nov.csv"
    first.write_text(odd, encoding="utf-8")
    shop.fails("bank", "import", str(first), "--account", "Santander", match="CSV mapping")
    shop.fails(
        "bank",
        "import",
        str(first),
        "--account",
        "Santander",
        "--map",
        "when=Fecha Op.",
        match='names "when"',
    )
    spec = "date=Fecha Op.,reference=Concepto Mov.,amount=Importe EUR,counterparty=Ordenante"
    out = shop.run("bank", "import", str(first), "--account", "Santander", "--map", spec).out
    assert "added 1 line" in out
    later = tmp_path / "dec.csv"
    later.write_text(odd.replace("04/11/2026", "02/12/2026"), encoding="utf-8")
    out = shop.run("bank", "import", str(later), "--account", "Santander").out  # no --map now
    assert "added 1 line" in out
    rows = _rows(shop, "bank", "lines")
    assert [(r["booking_date"], r["amount"], r["remittance"]) for r in rows] == [
        ("2026-11-04", "98.00", "INV-000001"),
        ("2026-12-02", "98.00", "INV-000001"),
    ]


def test_unmatching_forgets_the_account_that_accepting_taught(shop: Cli, tmp_path: Path) -> None:
    """Line 2 (an IBAN the book does not know) accepted against C2's invoice, then taken
    back: the IBAN no longer sends its lines to C2, and the line is placed again."""
    shop.ok("bank", "import", _file(tmp_path, "camt053"))
    assert shop.json("bank-line", "2")["proposal"]["kind"] == "none"
    shop.ok("bank", "accept", "2", "--invoice", "INV-000002")
    shop.ok("bank", "unmatch", "2")
    line = shop.json("bank-line", "2")
    assert (line["status"], line["proposal"]["kind"]) == ("unmatched", "none")
    assert shop.json("invoice", "INV-000002")["balance"] == "50.00"
    # Accepted again for another customer's invoice, the account is learnt for that one.
    shop.ok("bank", "accept", "2", "--invoice", "INV-000003")
    assert shop.json("invoice", "INV-000003")["balance"] == "20.00"
    assert "The book is consistent." in shop.run("check").out
