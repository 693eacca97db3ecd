"""A refund's payout taken back travels in the exchange workbook (issue 11): the
PayoutReversals sheet, replayed through `payouts.pay_refund` and
`payouts.reverse_payout` at their places in the history; `check --replay` finds
no difference on a book with one, and an import refuses a reversal row the
services refuse, cell named, nothing written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.bankfiles import WRITERS
from tests.integration.conftest import Cli, dump_tables
from tests.integration.test_bank_unmatch_payout import STMT  # one line: -30.00, "R9"

DOCUMENTS = (("customer", "C1"), ("payment", "PAY-000001"), ("invoice", "INV-000001"))


@pytest.fixture
def reversed_twice(cli: Cli, tmp_path: Path) -> Cli:
    """REF-000001 (30.00 of PAY-000001) paid out from a bank line, taken back by
    `bank unmatch`, paid out and taken back once more, then paid out by hand."""
    cli.ok("customer", "add", "C1", "Cliente Um", "--terms", "2% 10, net 30")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-10-25", "--amount", "100")
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-11-01", "--amount", "130")
    cli.ok("settle", "PAY-000001", "INV-000001")
    assert cli.ok("refund", "PAY-000001", "--date", "2026-11-02") == "REF-000001"
    path = tmp_path / "out.xml"
    path.write_bytes(WRITERS["camt053"](STMT))
    cli.ok("bank", "import", str(path), "--account", "Caixa")
    for on in ("2026-11-09", "2026-11-10"):
        assert cli.ok("bank", "accept", "1") == "REF-000001"
        cli.ok("bank", "unmatch", "1", "--date", on)
    cli.ok("payout", "REF-000001", "--date", "2026-11-12", "--reference", "TRF 12")
    return cli


def _shown(cli: Cli, *book: str) -> list[dict[str, Any]]:
    return [_json_of(cli, *book, what, key) for what, key in DOCUMENTS]


def _journal(path: Path) -> list[Any]:
    tables = dict(dump_tables(path))
    lines: dict[int, list[Any]] = {}
    for line in tables["journal_line"]:
        lines.setdefault(line[1], []).append(line[2:])
    entries = [(e[1], e[2], lines.get(e[0], [])) for e in tables["journal_entry"]]
    return [entries, [r[1:] for r in tables["payout_reversal"]]]


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(path)[name]
    header = [c.value for c in ws[1]]
    return [
        dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)
    ]


def _json_of(cli: Cli, *args: str) -> dict[str, Any]:
    *book, what, key = args
    r = cli.run(*book, "show", what, key, "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert isinstance(data, dict)
    return data


def test_reversed_payouts_round_trip_into_an_empty_book(
    reversed_twice: Cli, tmp_path: Path
) -> None:
    cli = reversed_twice
    assert "no difference" in cli.ok("check", "--replay")
    out = tmp_path / "book.xlsx"
    cli.ok("export", str(out))
    rows = _sheet(out, "PayoutReversals")
    assert [(r["refund"], r["seq"], r["paid_reference"], r["reason"]) for r in rows] == [
        ("REF-000001", 1, "bank line 1: R9", "bank line 1 unmatched"),
        ("REF-000001", 2, "bank line 1: R9", "bank line 1 unmatched"),
    ]
    assert [r["date"].date() for r in rows] == [date(2026, 11, 9), date(2026, 11, 10)]
    assert [r["paid_on"].date() for r in rows] == [date(2026, 11, 7)] * 2
    (refund,) = _sheet(out, "Refunds")
    assert (refund["paid_on"].date(), refund["paid_reference"]) == (date(2026, 11, 12), "TRF 12")

    other_path = tmp_path / "other.sqlite"
    other = ["--book", str(other_path)]
    cli.ok(*other, "init", "--currency", "EUR")
    r = cli.run(*other, "import", str(out))
    assert r.code == 0, r.err
    assert "PayoutReversals: 2 were created" in r.out
    assert _shown(cli, *other) == _shown(cli)
    assert _shown(cli)[1]["refunds"][0]["paid_on"] == "2026-11-12"
    assert _journal(other_path) == _journal(cli.path)
    assert "no difference" in cli.ok(*other, "check", "--replay")
    assert "no difference" in cli.ok("check", "--replay")
    # The same workbook again: nothing new, nothing changed.
    before = dump_tables(other_path)
    r = cli.run(*other, "import", str(out))
    assert r.code == 0, r.err
    assert "PayoutReversals: 0 were created, 2 already in the book" in r.out
    assert dump_tables(other_path) == before


def _with_row(src: Path, dest: Path, **cells: Any) -> int:
    """The workbook at `src` with one more PayoutReversals row; returns its row number."""
    wb = openpyxl.load_workbook(src)
    ws = wb["PayoutReversals"]
    header = [c.value for c in ws[1]]
    ws.append([cells.get(h) for h in header])
    wb.save(dest)
    return int(ws.max_row)


def _letter(name: str) -> str:
    from app.exchange.schema import SHEETS

    names = [c.name for c in SHEETS["PayoutReversals"]]
    return openpyxl.utils.get_column_letter(names.index(name) + 1)


def test_a_reversal_of_no_refund_or_of_a_payout_taken_back_is_refused(
    reversed_twice: Cli, tmp_path: Path
) -> None:
    cli = reversed_twice
    out = tmp_path / "book.xlsx"
    cli.ok("export", str(out))
    # A refund that is nowhere.
    bad = tmp_path / "no_refund.xlsx"
    row = _with_row(out, bad, refund="REF-000099", seq=1, paid_on="2026-11-12", date="2026-11-13")
    r = cli.fails("import", str(bad), match="was not imported")
    assert (
        f'PayoutReversals row {row}, column {_letter("refund")} (refund): "REF-000099" '
        "is not a refund in this workbook or in the book" in r.err
    )
    # The book's payout of REF-000001 taken back (seq 3) imports; once more (seq 4) it
    # is refused with the service's sentence: the refund is not paid out any more.
    once = tmp_path / "once.xlsx"
    _with_row(out, once, refund="REF-000001", seq=3, paid_on="2026-11-12", date="2026-11-14")
    twice = tmp_path / "twice.xlsx"
    row = _with_row(
        once, twice, refund="REF-000001", seq=4, paid_on="2026-11-12", date="2026-11-15"
    )
    r = cli.fails("import", str(twice), match="was not imported")
    assert (
        f'PayoutReversals row {row}, column {_letter("paid_on")} (paid_on): "2026-11-12" '
        "Refund REF-000001 is not paid out; there is no payout to take back." in r.err
    )
    # A gap in the numbering.
    gap = tmp_path / "gap.xlsx"
    row = _with_row(out, gap, refund="REF-000001", seq=5, paid_on="2026-11-12", date="2026-11-14")
    r = cli.fails("import", str(gap), match="was not imported")
    assert f'PayoutReversals row {row}, column {_letter("seq")} (seq): "5" should be 3' in r.err
    r = cli.run("import", str(once))
    assert r.code == 0, r.err
    assert _shown(cli)[1]["refunds"][0]["paid_on"] is None
    assert "no difference" in cli.ok("check", "--replay")


def test_into_an_empty_book_the_reversal_is_refused_where_the_service_refuses_it(
    reversed_twice: Cli, tmp_path: Path
) -> None:
    """A reversal dated before its payout: `reverse_payout`'s sentence on the date cell;
    the empty book stays empty."""
    cli = reversed_twice
    out = tmp_path / "book.xlsx"
    cli.ok("export", str(out))
    wb = openpyxl.load_workbook(out)
    ws = wb["PayoutReversals"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("date") + 1).value = "2026-11-05"
    bad = tmp_path / "early.xlsx"
    wb.save(bad)
    other_path = tmp_path / "other.sqlite"
    other = ["--book", str(other_path)]
    cli.ok(*other, "init", "--currency", "EUR")
    before = dump_tables(other_path)
    r = cli.fails(*other, "import", str(bad), match="was not imported")
    assert dump_tables(other_path) == before
    assert (
        f'PayoutReversals row 2, column {_letter("date")} (date): "2026-11-05" The reversal '
        "date 2026-11-05 is before the payout of refund REF-000001 (2026-11-07)." in r.err
    ), r.err
