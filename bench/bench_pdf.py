"""PDF speed against its floors (issue 12), min/median/max of --runs runs and peak memory.

    .venv/bin/python -m bench.bench_pdf [--notes 1000] [--runs 3] [--settlement-book B --from D --to D]

credit note   one credit note's PDF, in-process, per document of a batch (50 different
              credit notes in turn, caches warm, each file written as --all writes it:
              synced before its rename, the folder synced once a run); floor: a bare
              reportlab one-page table (SimpleDocTemplate, Helvetica, six rows, written
              plainly), runs of each interleaved. Target: at most 2x.
first         the first document of a fresh process (imports done, nothing cached), the
              credit note against the bare table, each in its own child process.
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def spread(values: list[float]) -> str:
    return f"min {min(values):.3f} median {statistics.median(values):.3f} max {max(values):.3f}"


def per_doc(
    write: Callable[[Path], object],
    folder: Path,
    docs: int,
    runs: int,
    after: Callable[[], object] = lambda: None,
) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per document, one figure per run (`after` ends a run)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        for i in range(docs):
            write(folder / f"d{i}.pdf")
        after()
        wall.append((time.perf_counter() - start) / docs * 1000)
        cpu.append((time.process_time() - start_cpu) / docs * 1000)
    return wall, cpu


def batch_writer(datas: list[Any]) -> tuple[Callable[[Path], object], Callable[[Path], object]]:
    """A credit note written as `pdf credit-note --all` writes each (whole: synced before
    its rename), and the end of a run: the folder synced once (reports/statement_pool.py)."""
    from app.files import sync_folder
    from reports.credit_note_pdf import write_credit_note
    from reports.pdf_base import folder_synced_later

    def write(p: Path) -> object:
        with folder_synced_later():
            return write_credit_note(p, datas[int(p.stem[1:]) % len(datas)])

    return write, sync_folder


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


FIRST = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from bench.bench_pdf import bare_table
from app.read.report_data import credit_note_data
from models.db import init_db
from reports.credit_note_pdf import write_credit_note
init_db({book!r})
data = credit_note_data("CN-000001")
start = time.perf_counter()
if {kind!r} == "floor":
    bare_table(Path({out!r}))
else:
    write_credit_note({out!r}, data)
print((time.perf_counter() - start) * 1000)
"""


def first_doc(kind: str, book: Path, folder: Path) -> float:
    """Milliseconds of the first document written by a fresh process (imports excluded)."""
    code = FIRST.format(root=str(ROOT), book=str(book), kind=kind, out=str(folder / "first.pdf"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


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
        # In a child: the services' objects would otherwise stay in this heap, and the
        # cycle collector walking them inflates every document timed below.
        make = f"from pathlib import Path; from bench.bench_pdf import make_notes; make_notes(Path({str(book_path)!r}), {a.notes})"
        subprocess.run([sys.executable, "-c", make], cwd=ROOT, check=True)
        print(f"book of {a.notes} credit notes made in {time.perf_counter() - start:.1f} s")
        from app.read.report_data import credit_note_data
        from models.db import close_db, init_db

        init_db(str(book_path))
        datas = [credit_note_data(f"CN-{i:06d}") for i in range(1, min(a.notes, 50) + 1)]
        write, end_run = batch_writer(datas)
        floor: list[float] = []
        floor_cpu: list[float] = []
        note: list[float] = []
        note_cpu: list[float] = []
        for _ in range(a.runs):  # interleaved: a run of the floor, then one of credit notes
            w, c = per_doc(bare_table, folder, 50, 1)
            floor, floor_cpu = floor + w, floor_cpu + c
            w, c = per_doc(write, folder, 50, 1, lambda: end_run(folder))
            note, note_cpu = note + w, note_cpu + c
        close_db()
        for kind, f, n in (("wall", floor, note), ("CPU", floor_cpu, note_cpu)):
            ratio = statistics.median(n) / statistics.median(f)
            print(f"{kind} ms/doc: floor (bare reportlab one-page table) {spread(f)}; "
                  f"credit note in a batch {spread(n)}; ratio {ratio:.2f}x (target 2x)")  # fmt: skip
        firsts = {kind: [first_doc(kind, book_path, folder) for _ in range(a.runs)]
                  for kind in ("floor", "note")}  # fmt: skip
        ratio = statistics.median(firsts["note"]) / statistics.median(firsts["floor"])
        print(
            f"first document of a process, ms: floor {spread(firsts['floor'])}, "
            f"credit note {spread(firsts['note'])}  ratio {ratio:.2f}x"
        )
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
