"""PDF speed against its floors (issue 12), min/median/max of --runs runs and peak memory.

    .venv/bin/python -m bench.bench_pdf [--notes 1000] [--runs 3] [--settlement-book B --from D --to D]

credit note   one credit note's PDF, in-process, per document; floor: a bare reportlab
              one-page table (SimpleDocTemplate, Helvetica, six rows) in the same run.
              Target: at most 2x the floor.
--all         the whole process `acerto pdf credit-note --all --out-dir DIR` over a book
              of --notes credit notes made through the services. Target: 1,000 in 10 s.
settlement    the whole process `acerto pdf settlement` on an existing book (a demo book:
              `acerto --book B demo --invoices 10000`) over the dates given. Target: 5,000
              settlements in 5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def spread(values: list[float]) -> str:
    return f"min {min(values):.3f} median {statistics.median(values):.3f} max {max(values):.3f}"


def per_doc(write: Callable[[Path], object], folder: Path, docs: int, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        for i in range(docs):
            write(folder / f"d{i}.pdf")
        out.append((time.perf_counter() - start) / docs * 1000)
    return out


def bare_table(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    rows = [["#", "Description", "Quantity", "Unit price", "Amount"]]
    rows += [[str(i), f"Line {i}", "1.000", "10.00", "10.00"] for i in range(1, 6)]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build([Table(rows)])


def make_notes(path: Path, notes: int) -> None:
    from app.services import book, credit_notes, customers, invoices
    from models.db import close_db, init_db

    init_db(str(path))
    book.initialise("EUR", "Bancada de Ensaio, Lda")
    customers.add_customer("C1", "Conceição & Filhos, Lda")
    first = date(2026, 1, 1)
    for i in range(notes):
        on = first + timedelta(days=i % 300)
        inv = invoices.create_invoice("C1", on, amount=Decimal("100.00"))
        credit_notes.create_credit_note(inv.number, on, amount=Decimal("10.00"))
    close_db()


def whole(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak kilobytes of one `acerto` process."""
    cmd = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "app", *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    secs, kb = done.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--settlement-book")
    ap.add_argument("--from", dest="date_from")
    ap.add_argument("--to", dest="date_to")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book_path = folder / "notes.sqlite"
        start = time.perf_counter()
        make_notes(book_path, a.notes)
        print(f"book of {a.notes} credit notes made in {time.perf_counter() - start:.1f} s")
        from app.read.report_data import credit_note_data
        from models.db import close_db, init_db
        from reports.credit_note_pdf import write_credit_note

        init_db(str(book_path))
        data = credit_note_data("CN-000001")
        floor = per_doc(bare_table, folder, 50, a.runs)
        note = per_doc(lambda p: write_credit_note(p, data), folder, 50, a.runs)
        close_db()
        ratio = statistics.median(note) / statistics.median(floor)
        print(f"floor: bare reportlab one-page table, ms/doc: {spread(floor)}")
        print(f"credit note PDF, ms/doc: {spread(note)}  ratio {ratio:.2f}x (target 2x)")
        out = folder / "out"
        out.mkdir()
        runs = [whole(["--book", str(book_path), "pdf", "credit-note", "--all", "--out-dir",
                       str(out)]) for _ in range(a.runs)]  # fmt: skip
        print(
            f"pdf credit-note --all, {a.notes} notes, s: {spread([r[0] for r in runs])}  "
            f"peak {max(r[1] for r in runs) / 1024:.0f} MB (target 1,000 in 10 s)"
        )
    if a.settlement_book:
        runs = [
            whole(["--book", a.settlement_book, "pdf", "settlement", "--from", a.date_from,
                   "--to", a.date_to, "--out", str(Path(tempfile.gettempdir()) / "s.pdf")])
            for _ in range(a.runs)
        ]  # fmt: skip
        print(
            f"pdf settlement {a.date_from}..{a.date_to}, s: {spread([r[0] for r in runs])}  "
            f"peak {max(r[1] for r in runs) / 1024:.0f} MB (target 5,000 settlements in 5 s)"
        )


if __name__ == "__main__":
    main()
