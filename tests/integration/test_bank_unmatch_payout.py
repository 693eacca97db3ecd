"""`bank unmatch` of a money-out line accepted as a refund's payout (issue 11): the
payout is reversed (payouts.reverse_payout), the refund is owed again, the line is
unmatched, and what was posted stays in the journal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS, Move, Stmt
from tests.integration.conftest import Cli

STMT = Stmt(
    "PT50000201231234567890154",
    "EUR",
    Decimal("1000.00"),
    date(2026, 11, 1),
    date(2026, 11, 30),
    [Move(date(2026, 11, 7), Decimal("-30.00"), "Cliente Um", "", "Reembolso", "R9")],
)


@pytest.fixture
def paid_out(cli: Cli, make_customer: Callable[..., str], tmp_path: Path) -> Cli:
    """A refund of 30.00 owed to C1, and the bank line that paid it out, accepted."""
    make_customer("C1", "net 30", "Cliente Um")
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-11-01", "--amount", "30")
    assert cli.ok("refund", "PAY-000001", "--date", "2026-11-02") == "REF-000001"
    path = tmp_path / "out.xml"
    path.write_bytes(WRITERS["camt053"](STMT))
    cli.ok("bank", "import", str(path), "--account", "Caixa")
    assert cli.ok("bank", "accept", "1") == "REF-000001"
    return cli


def _refund(cli: Cli) -> dict[str, object]:
    refunds = cli.json("payment", "PAY-000001")["refunds"]
    assert len(refunds) == 1  # no refund made or lost on the way
    return dict(refunds[0])


def _payable(cli: Cli) -> str:
    out = cli.run("check").out
    assert "The book is consistent." in out, out
    return next(x for x in out.splitlines() if x.startswith("Refunds payable"))


def test_unmatching_a_payout_line_owes_the_refund_again(paid_out: Cli) -> None:
    cli = paid_out
    assert _refund(cli)["paid_on"] == "2026-11-07"
    r = cli.run("bank", "unmatch", "1")
    assert r.code == 0, r.err
    assert "Bank line 1 unmatched: the payout is taken back and the refund is owed again." in r.out
    ref = _refund(cli)
    assert (ref["number"], ref["paid"], ref["paid_on"]) == ("REF-000001", False, None)
    assert _payable(cli).endswith("(30.00).")  # owed to the customer again
    line = cli.json("bank-line", "1")
    assert (line["status"], line["refund"], line["payment"]) == ("unmatched", None, None)
    assert line["proposal"]["kind"] == "refund"
    # Accepted again, it pays the same refund out once more.
    assert cli.ok("bank", "accept", "1") == "REF-000001"
    assert _refund(cli)["paid_on"] == "2026-11-07"
    assert _payable(cli).endswith("(0.00).")


def test_a_lines_payout_is_taken_back_by_unmatching_the_line(paid_out: Cli) -> None:
    """`payout --take-back` of a payout that is a bank line's is refused, naming the
    line, and changes nothing: taken back by hand, the line would stay matched to a
    payout no longer there. Unmatching the line takes it back."""
    cli = paid_out
    before = _payable(cli)
    cli.fails(
        "payout", "REF-000001", "--take-back", "--date", "2026-11-08",
        match="The payout of refund REF-000001 is bank line 1: unmatch that line to take it back.",
    )  # fmt: skip
    assert _refund(cli)["paid_on"] == "2026-11-07" and _payable(cli) == before
    assert cli.json("bank-line", "1")["status"] == "matched"
    assert cli.run("bank", "unmatch", "1").code == 0
    assert _refund(cli)["paid_on"] is None
    # Paid out again by hand (no line): taken back by hand.
    cli.ok("payout", "REF-000001", "--date", "2026-11-10", "--reference", "TRF 9")
    assert cli.run("payout", "REF-000001", "--take-back", "--date", "2026-11-11").code == 0
    assert _refund(cli)["paid_on"] is None


def test_the_payout_and_its_reversal_stay_in_the_journal(paid_out: Cli) -> None:
    from models.db import close_db, init_db
    from models.tables import JournalEntry

    cli = paid_out
    cli.ok("bank", "unmatch", "1", "--date", "2026-11-09")
    init_db(str(cli.path), migrate=False)
    try:
        said = [
            (str(e.date), e.description)
            for e in JournalEntry.select().where(JournalEntry.refund.is_null(False))
        ]
    finally:
        close_db()
    assert said[1:] == [
        ("2026-11-07", "Payout of refund REF-000001 (bank line 1: R9)"),
        ("2026-11-09", "Payout of refund REF-000001 taken back: bank line 1 unmatched"),
    ]


def test_a_line_not_matched_is_refused_and_nothing_changes(paid_out: Cli) -> None:
    cli = paid_out
    cli.ok("bank", "unmatch", "1")
    before = cli.dump()
    cli.fails("bank", "unmatch", "1", match="Bank line 1 is not matched")
    assert cli.dump() == before
