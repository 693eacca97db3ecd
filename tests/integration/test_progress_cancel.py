"""Long work reports progress and can be cancelled (STYLE §7): aging, export, import.

A cancelled import leaves the book exactly as it was (one transaction,
rolled back); a cancelled aging or export leaves no file behind, and a
workbook already at the destination stays as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import app.read.aging
import reports.aging_xlsx
from app.errors import Cancelled
from app.read.aging import compute_aging
from app.rules.money import Currency
from app.services import book
from models.db import close_db, init_db
from models.tables import Payment
from reports.aging_xlsx import write_aging
from reports.exchange_xlsx import import_exchange, write_exchange
from reports.xlsx_write import Column, XlsxWriter
from tests.integration.conftest import Cli

PAYMENTS = 9000  # a little over two progress steps of 4096 rows


def payments_workbook(path: Path, n: int = PAYMENTS) -> Path:
    with XlsxWriter(path) as wb:
        c = wb.sheet("Customers", [Column("code"), Column("name")])
        for i in range(1, 21):
            c.row([f"C{i:03d}", f"Cliente Açores {i}"])
        p = wb.sheet(
            "Payments",
            [
                Column("number"),
                Column("customer"),
                Column("date", "date"),
                Column("amount", "money"),
            ],
        )
        for k in range(1, n + 1):
            p.row(
                [
                    f"PAY-{k:06d}",
                    f"C{k % 20 + 1:03d}",
                    dt.date(2026, 1, 1) + dt.timedelta(days=k % 90),
                    Decimal(k).scaleb(-2) + 1,
                ]
            )
    return path


@pytest.fixture
def book_open(cli: Cli) -> Iterator[Path]:
    """The CLI's book, opened in this process for the direct calls the window makes."""
    init_db(str(cli.path), migrate=False)
    try:
        yield cli.path
    finally:
        close_db()


class Stopper:
    """Records progress calls; cancels once `when(done, total)` has been true."""

    def __init__(self, when: Callable[[int, int], bool] = lambda done, total: True) -> None:
        self.calls: list[tuple[int, int]] = []
        self.when = when
        self.stop = False

    def progress(self, done: int, total: int) -> None:
        self.calls.append((done, total))
        if self.when(done, total):
            self.stop = True

    def cancelled(self) -> bool:
        return self.stop


def _dump(cli: Cli) -> list[tuple[str, list[tuple[object, ...]]]]:
    close_db()
    try:
        return cli.dump()
    finally:
        init_db(str(cli.path), migrate=False)


# ---------------------------------------------------------------- import


def test_import_reports_progress_up_to_the_total(cli: Cli, book_open: Path, tmp_path: Path) -> None:
    source = payments_workbook(tmp_path / "in.xlsx")
    meter = Stopper(lambda done, total: False)
    result = import_exchange(source, progress=meter.progress, cancelled=meter.cancelled)
    assert len(result.created["Payments"]) == PAYMENTS
    assert len(meter.calls) >= 4
    dones = [d for d, _ in meter.calls]
    assert dones == sorted(dones)
    assert all(d <= t for d, t in meter.calls)
    assert meter.calls[-1][0] == meter.calls[-1][1]
    assert meter.calls[0][1] == 2 * (PAYMENTS + 20)  # read, then write, every row


def test_import_cancelled_after_the_first_progress_call_changes_nothing(
    cli: Cli, book_open: Path, tmp_path: Path
) -> None:
    source = payments_workbook(tmp_path / "in.xlsx")
    before = _dump(cli)
    meter = Stopper()
    with pytest.raises(Cancelled, match="cancelled"):
        import_exchange(source, progress=meter.progress, cancelled=meter.cancelled)
    assert len(meter.calls) == 1
    assert _dump(cli) == before


def test_import_cancelled_while_writing_rolls_back(
    cli: Cli, book_open: Path, tmp_path: Path
) -> None:
    source = payments_workbook(tmp_path / "in.xlsx")
    before = _dump(cli)
    written: list[int] = []

    def writing(done: int, total: int) -> bool:
        # Past the reading half, rows go in inside the transaction: stop
        # after the first slice of payments (of three).
        if done > total // 2:
            written.append(Payment.select().count())
        return bool(written and written[-1])

    meter = Stopper(writing)
    with pytest.raises(Cancelled):
        import_exchange(source, progress=meter.progress, cancelled=meter.cancelled)
    assert 0 < written[-1] < PAYMENTS, "the cancel did not come half-way through the writing"
    assert _dump(cli) == before


def test_a_dry_run_counts_only_the_reading(cli: Cli, book_open: Path, tmp_path: Path) -> None:
    source = payments_workbook(tmp_path / "in.xlsx", 100)
    meter = Stopper(lambda done, total: False)
    import_exchange(source, dry_run=True, progress=meter.progress, cancelled=meter.cancelled)
    assert meter.calls[-1] == (120, 120)


# ---------------------------------------------------------------- export


@pytest.mark.slow
@pytest.mark.parametrize("existing", [False, True])
def test_export_cancelled_leaves_no_file(
    cli: Cli, book_open: Path, tmp_path: Path, existing: bool
) -> None:
    import_exchange(payments_workbook(tmp_path / "in.xlsx"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "book.xlsx"
    if existing:
        out.write_bytes(b"last month's export")
    meter = Stopper()
    with pytest.raises(Cancelled, match="no file was written"):
        write_exchange(out, _eur(), progress=meter.progress, cancelled=meter.cancelled)
    assert len(meter.calls) == 1
    left = sorted(p.name for p in out_dir.iterdir())
    assert left == (["book.xlsx"] if existing else [])  # no .partial either
    if existing:
        assert out.read_bytes() == b"last month's export"


@pytest.mark.slow
def test_export_progress_reaches_the_total(cli: Cli, book_open: Path, tmp_path: Path) -> None:
    import_exchange(payments_workbook(tmp_path / "in.xlsx"))
    meter = Stopper(lambda done, total: False)
    _, counts = write_exchange(
        tmp_path / "out.xlsx", _eur(), progress=meter.progress, cancelled=meter.cancelled
    )
    rows = sum(counts.values())
    assert meter.calls[-1] == (rows, rows)
    assert all(t == rows for _, t in meter.calls)  # the total is known from the start
    assert [d for d, _ in meter.calls] == sorted(d for d, _ in meter.calls)


def _eur() -> Currency:
    return book.currency()


# ---------------------------------------------------------------- aging


@pytest.fixture
def aged_book(cli: Cli) -> Cli:
    cli.ok("customer", "add", "C1", "Conceição & Filhos", "--terms", "net 30")
    for day in ("2025-11-01", "2026-01-01", "2026-03-20"):
        cli.ok("invoice", "add", "--customer", "C1", "--date", day, "--amount", "100.00")
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "40.00")
    return cli


@pytest.mark.parametrize("existing", [False, True])
def test_aging_cancelled_leaves_no_file(
    aged_book: Cli,
    book_open: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    existing: bool,
) -> None:
    monkeypatch.setattr(reports.aging_xlsx, "CHECK_EVERY", 1)
    aging = compute_aging(dt.date(2026, 3, 31), "due", (30, 60, 90, 120))
    assert aging.item_count == 4
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "aging.xlsx"
    if existing:
        out.write_bytes(b"old aging")
    meter = Stopper(lambda done, total: done == 2)
    with pytest.raises(Cancelled, match="no file was written"):
        write_aging(
            out,
            aging,
            generated_at=dt.datetime(2026, 4, 1),
            progress=meter.progress,
            cancelled=meter.cancelled,
        )
    assert meter.calls == [(1, 4), (2, 4)]
    assert sorted(p.name for p in out_dir.iterdir()) == (["aging.xlsx"] if existing else [])
    if existing:
        assert out.read_bytes() == b"old aging"


def test_aging_progress_reaches_the_item_count(
    aged_book: Cli, book_open: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports.aging_xlsx, "CHECK_EVERY", 1)
    aging = compute_aging(dt.date(2026, 3, 31), "due", (30, 60, 90, 120))
    meter = Stopper(lambda done, total: False)
    write_aging(
        tmp_path / "a.xlsx",
        aging,
        generated_at=dt.datetime(2026, 4, 1),
        progress=meter.progress,
        cancelled=meter.cancelled,
    )
    assert meter.calls[-1] == (4, 4)
    assert [d for d, _ in meter.calls] == [1, 2, 3, 4, 4]


def test_the_aging_computation_can_be_cancelled(
    aged_book: Cli, book_open: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.read.aging, "CHECK_EVERY", 1)
    with pytest.raises(Cancelled):
        compute_aging(dt.date(2026, 3, 31), cancelled=lambda: True)
    assert compute_aging(dt.date(2026, 3, 31), cancelled=lambda: False).item_count == 4
