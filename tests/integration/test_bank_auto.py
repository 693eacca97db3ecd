"""`bank match --auto` (one transaction, batched writes, the matcher's copy of the
book kept in step) posts exactly what accepting each line by hand posts.

A small book with lines that depend on each other: two lines quoting the
same invoice (the second finds it settled or part paid), an IBAN first
seen with an invoice number and then alone, a customer paying by name
several times (each line must see what the one before settled), discounts
of the day, partial payments, overpayments, a transfer paying two
invoices together, lines nobody can place. By hand: every line, oldest
first, asked afresh and accepted when its proposal reaches the
confidence; then every row of the two books is compared (payments,
settlements, journal entries and lines, invoices' figures, bank lines).
"""

from __future__ import annotations

import gc
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS, Move, Stmt
from tests.integration.conftest import Cli, as_posted

D = Decimal
DAY0 = date(2026, 10, 1)
CUSTOMERS = [
    ("C1", "2% 10, net 30", "Peña Hermanos S.L.", "ES9121000418450200051332"),
    ("C2", "net 30", "Açores Pescas", "PT50000201231234567890154"),
    ("C3", "3% 5, 1% 15, net 45", "Padaria Bom Dia", "PT50000201231234567890155"),
    ("C4", "2% 10, net 30", "Conceição & Filhos", "PT50000201231234567890156"),
]


def _invoices() -> list[tuple[str, str, date, Decimal]]:
    """(number, customer, date, total) of the book's invoices, in the order posted."""
    rnd = random.Random(11)
    out = []
    for n in range(1, 19):
        code = CUSTOMERS[n % len(CUSTOMERS)][0]
        out.append((f"INV-{n:06d}", code, DAY0 + timedelta(days=n), D(rnd.randint(20, 300))))
    return out


def _moves() -> list[Move]:
    rnd = random.Random(5)
    by_code = {c[0]: c for c in CUSTOMERS}
    moves = []
    for k, (number, code, day, total) in enumerate(_invoices() * 2):
        _code, _terms, name, iban = by_code[code]
        on = day + timedelta(days=rnd.choice([2, 4, 8, 12, 20]))
        kind = rnd.random()
        amount = total
        if kind < 0.2:
            amount = total - (total * D("0.02")).quantize(D("0.01"))  # discount deducted
        elif kind < 0.3:
            amount = (total / 2).quantize(D("0.01"))  # part
        elif kind < 0.4:
            amount = total + D("3.00")  # a little more
        if k % 3 == 0:
            moves.append(Move(on, amount, "", iban if k < 18 else "", f"Pag. {number}", f"R{k}"))
        elif k % 3 == 1:
            moves.append(Move(on, amount, name.upper(), "", "transferencia", f"R{k}"))
        else:
            moves.append(Move(on, amount, "", iban, "obrigado", f"R{k}"))
    moves += _third_parties()
    moves.append(Move(DAY0 + timedelta(days=30), D("12.34"), "Ninguem", "", "?", "RX"))
    moves.append(Move(DAY0 + timedelta(days=31), D("-40.00"), "Fornecedor", "", "compra", "RY"))
    return sorted(moves, key=lambda m: m.booked)


def _third_parties() -> list[Move]:
    """A third party paying another customer's invoice from an account the book does not
    know: its name (C3's), or a name in its free text (C2's), is another customer than
    the invoice's (C4's). Its account is not learned for C4: the next line from it,
    saying nothing else, is no one's; its own payment by name then teaches it as C3's,
    and the line after is C3's by the account alone."""
    ours, theirs = "PT50000201231234567890777", "PT50000201231234567890778"
    on = DAY0 + timedelta(days=4)  # INV-000003 and INV-000007 open, their customer's not paid
    return [
        Move(on, D("10.00"), "PADARIA BOM DIA", ours, "Pag. INV-000003", "T1"),
        Move(on + timedelta(days=1), D("5.00"), "", ours, "obrigado", "T2"),
        Move(on + timedelta(days=2), D("7.00"), "PADARIA BOM DIA", ours, "obrigado", "T3"),
        Move(on + timedelta(days=3), D("4.00"), "", ours, "obrigado", "T4"),
        Move(
            on + timedelta(days=4), D("9.00"), "", theirs, "TRANSF ACORES PESCAS INV-000007", "T5"
        ),
        Move(on + timedelta(days=5), D("6.00"), "", theirs, "obrigado", "T6"),
    ]


def _setup(c: Cli, tmp_path: Path) -> None:
    for code, terms, name, _iban in CUSTOMERS:
        c.ok("customer", "add", code, name, "--terms", terms)
    for _number, code, day, total in _invoices():
        c.ok(
            "invoice", "add", "--customer", code, "--date", day.isoformat(), "--amount", f"{total}"
        )
    stmt = Stmt("PT50000201231234567890999", "EUR", D("0"), DAY0, DAY0 + timedelta(days=90))
    path = tmp_path / "statement.xml"
    path.write_bytes(WRITERS["camt053"](Stmt(**{**stmt.__dict__, "moves": _moves()})))
    c.ok("bank", "import", str(path), "--account", "Main")


@pytest.mark.parametrize(("least", "chunk"), [("0.4", 0), ("0.9", 0), ("0.4", 3), ("0.9", 5)])
def test_auto_posts_what_accepting_each_line_by_hand_posts(
    cli: Cli,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    least: str,
    chunk: int,
) -> None:
    """`chunk`: lines posted together (0: accept-all's own CHUNK, more than the
    book's lines; a few: the lines read ahead beyond a chunk are carried into
    the next one, and each chunk's rows are written before the next is matched)."""
    _chunks(monkeypatch, chunk)
    _setup(cli, tmp_path)
    import json

    lines = json.loads(cli.run("bank", "lines", "--json").out)
    accepted = 0
    for row in lines:  # oldest first, as `bank lines` lists them
        fresh = cli.json("bank-line", str(row["id"]))["proposal"]
        if fresh["kind"] != "none" and D(fresh["confidence"]) >= D(least):
            cli.ok("bank", "accept", str(row["id"]))
            accepted += 1
    by_hand = as_posted(cli.dump())
    assert accepted >= 10
    _third_parties_were_posted(cli, least)

    auto = Cli(tmp_path / "auto.sqlite", capsys)
    monkeypatch.setenv("ACERTO_BOOK", str(auto.path))
    auto.ok("init", "--currency", "EUR", "--company", "Conceição & Filhos, Lda")
    _setup(auto, tmp_path)
    sent = _savepoints_sent(monkeypatch)
    out = auto.run("bank", "match", "--auto", "--min-confidence", least).out
    assert f"{accepted} line{'s' * (accepted != 1)} accepted, 0 refused" in out
    assert as_posted(auto.dump()) == by_hand
    assert "The book is consistent." in auto.run("check").out
    # Nothing refused: every chunk's rows were written outside its savepoint, which
    # was therefore never sent (app/services/bank_post.py: SQLite copies every page
    # a statement inside a savepoint changes into its statement journal).
    assert sent == []


def _third_parties_were_posted(cli: Cli, least: str) -> None:
    """The third parties' lines (`_third_parties`) were posted as the invoices' customer's
    payments, their accounts not learned for that customer."""
    import sqlite3

    con = sqlite3.connect(cli.path)
    try:
        paid = dict(
            con.execute(
                "SELECT l.bank_ref, c.code FROM bank_line l JOIN payment p ON p.id = l.payment_id "
                "JOIN customer c ON c.id = p.customer_id WHERE l.bank_ref LIKE 'T%'"
            ).fetchall()
        )
        known = dict(
            con.execute(
                "SELECT a.iban, c.code FROM customer_bank_account a "
                "JOIN customer c ON c.id = a.customer_id WHERE a.iban LIKE '%77_'"
            ).fetchall()
        )
    finally:
        con.close()
    assert paid["T1"] == paid["T5"] == "C4", paid
    assert "T2" not in paid and "T6" not in paid, paid  # from no one known
    if least == "0.4":  # by name, then by the account alone
        assert (paid["T3"], paid["T4"]) == ("C3", "C3"), paid
        assert known == {"PT50000201231234567890777": "C3"}, known
    else:
        assert known == {}, known


def _chunks(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Accept-all posts `chunk` lines together (0: as it does)."""
    from app.exchange.bank import accept

    if chunk:
        monkeypatch.setattr(accept, "CHUNK", chunk)


def _savepoints_sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The savepoints the write batch sends to the book from now on (models/batch.py)."""
    from models.batch import Batch

    sent: list[str] = []
    raw = Batch._raw

    def recording(self: Batch, sql: str) -> None:
        if sql.startswith("SAVEPOINT"):
            sent.append(sql)
        raw(self, sql)

    monkeypatch.setattr(Batch, "_raw", recording)
    return sent


@pytest.mark.parametrize("chunk", [0, 4])
def test_a_line_the_services_refuse_is_skipped_as_by_hand(
    cli: Cli,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    chunk: int,
) -> None:
    """A line refused in the middle of a chunk: the lines before it are posted,
    it is reported, and the lines after it are matched against the book as
    it is without it — what accepting each line by hand gives (`chunk`: as in
    the test above; the lines read ahead for the next chunk are dropped with
    the matcher, which is read again)."""
    import json

    _chunks(monkeypatch, chunk)

    from app.errors import UserError
    from app.services import settlements

    real = settlements._settle_one

    def refusing(req: settlements.SettleIn, *args: object) -> int:
        if "INV-000003" in req.invoices:
            raise UserError("Refused for the test.")
        return real(req, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(settlements, "_settle_one", refusing)
    _setup(cli, tmp_path)
    accepted = refused = 0
    for row in json.loads(cli.run("bank", "lines", "--json").out):
        fresh = cli.json("bank-line", str(row["id"]))["proposal"]
        if fresh["kind"] != "none" and D(fresh["confidence"]) >= D("0.4"):
            if cli.run("bank", "accept", str(row["id"])).code == 0:
                accepted += 1
            else:
                refused += 1
    assert refused >= 1 and accepted >= 10
    by_hand = as_posted(cli.dump())

    auto = Cli(tmp_path / "auto.sqlite", capsys)
    monkeypatch.setenv("ACERTO_BOOK", str(auto.path))
    auto.ok("init", "--currency", "EUR", "--company", "Conceição & Filhos, Lda")
    _setup(auto, tmp_path)
    out = auto.run("bank", "match", "--auto", "--min-confidence", "0.4").out
    assert f"{accepted} line{'s' * (accepted != 1)} accepted, {refused} refused" in out
    assert "Refused for the test." in out
    assert as_posted(auto.dump()) == by_hand


def test_progress_is_told_and_a_cancel_accepts_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs accept-all in a worker (ui/dialogs/bank.py): it hears how far
    it got after each chunk, and its Cancel leaves the book as it was."""
    from app.errors import Cancelled
    from app.exchange.bank import accept
    from app.services import book

    _chunks(monkeypatch, 3)
    _setup(cli, tmp_path)
    before = as_posted(cli.dump())
    book.open_book(str(cli.path))
    told: list[tuple[int, int]] = []
    asked = iter([False, False, True])  # the third chunk is not begun
    with pytest.raises(Cancelled, match="none was accepted"):
        accept.accept_all(
            D("0.4"), progress=lambda d, t: told.append((d, t)), cancelled=lambda: next(asked)
        )
    assert len(told) == 2 and told[0][0] < told[1][0] < told[1][1]
    assert as_posted(cli.dump()) == before  # the chunks posted were rolled back
    # The run turned the cycle collector off and set aside what lived at its end; the
    # batch gave it back (nothing left frozen), cancelled or not. So with SQLite's
    # foreign-key checks, off while the run checked its own (models/references.py).
    assert gc.isenabled() and gc.get_freeze_count() == 0
    _checks_on_again()
    told.clear()
    report = accept.accept_all(D("0.4"), progress=lambda d, t: told.append((d, t)))
    assert report.accepted and told[-1][0] == told[-1][1]
    assert as_posted(cli.dump()) != before
    assert gc.isenabled() and gc.get_freeze_count() == 0
    _checks_on_again()


def test_the_run_checks_its_own_references_as_its_writer_goes(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Accept-all's transaction checks its foreign keys itself (models/references.py):
    SQLite's own checks are off while it runs (they would make SQLite journal every
    page of the writer's many-row statements), and the batch's writer thread checks
    the new rows as they come."""
    import threading

    from app.exchange.bank import accept
    from app.services import book
    from models import batch_writer, references
    from models.db import database

    _chunks(monkeypatch, 3)
    monkeypatch.setattr(batch_writer, "AFTER_EVERY", 1)  # a check after each insert
    _setup(cli, tmp_path)
    book.open_book(str(cli.path))
    checked: list[tuple[str, str]] = []
    real = references.References.check_new

    def recording(self: references.References, conn: object, table: str) -> None:
        checked.append((threading.current_thread().name, table))
        real(self, conn, table)

    monkeypatch.setattr(references.References, "check_new", recording)
    enforced: list[int] = []
    told = lambda _d, _t: enforced.append(  # noqa: E731
        database.obj.execute_sql("PRAGMA foreign_keys").fetchone()[0]
    )
    assert accept.accept_all(D("0.4"), progress=told).accepted
    assert enforced and set(enforced) == {0}
    on_writer = {t for name, t in checked if name == "acerto-batch-writer"}
    assert {"payment", "settlement", "journal_entry", "journal_line"} <= on_writer
    _checks_on_again()


def _checks_on_again() -> None:
    from models import references
    from models.db import database

    db = database.obj
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert references.active(db) is None
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_what_accepting_makes_for_a_line_is_freed_without_the_collector(
    cli: Cli, tmp_path: Path
) -> None:
    """Accept-all runs with the cycle collector off (app/exchange/bank/accept.py): what
    it makes for each line must be freed by its count, else a long run would hold it
    all until its end. None of the line's rows, plans or proposals is left in a
    cycle (what is, is the run's own: the matcher's copy of the book, the batch)."""
    from app.exchange.bank import accept
    from app.rules.bank_proposal import Proposal
    from app.rules.settlement import Application, JournalLine, SettlementPreview
    from app.services import book
    from app.services.bank_post import LinePost
    from app.services.journal import Entry
    from models.tables import BankLine, JournalEntry, Payment, Settlement

    per_line = (Proposal, Application, JournalLine, SettlementPreview, LinePost, Entry)
    per_line += (Payment, Settlement, JournalEntry, BankLine, accept.Accepted)
    _setup(cli, tmp_path)
    book.open_book(str(cli.path))
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        report = accept.accept_all(D("0.4"))
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage if isinstance(o, per_line)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert len(report.accepted) >= 20
    assert left == []
