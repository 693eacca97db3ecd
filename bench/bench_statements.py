"""Benchmark: statements of account for 1,000 customers of a 100,000-invoice book.

Issue 13's target: at most 30 s for the batch (`acerto pdf statement --all`).
The book is a demo book made by `acerto demo` (through the services), built
once and reused when the file is already there:

    .venv/bin/python bench/bench_statements.py [BOOK] [--invoices N] [--customers N]
        [--from D] [--to D]

It prints the time to read the statements alone (aging once, then every
customer's lines), then the whole `statement_pdfs` (what `pdf statement
--all` runs: read, lay out, write; `--workers N` to force the number of
processes), pages and lines written, and the per-customer rate. A smaller book (say --invoices 10000)
gives a quick figure; say which one a figure is.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from app.read.statement import statements  # noqa: E402
from app.services import book  # noqa: E402
from models.db import close_db  # noqa: E402
from reports import statement_pool  # noqa: E402
from reports.customer_jobs import statement_pdfs  # noqa: E402

TODAY = "2026-11-29"


def make_book(path: Path, invoices: int, customers: int) -> None:
    print(f"building {path} with {invoices:,} invoices and {customers:,} customers …")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", "--book", str(path), "demo", "--invoices", str(invoices),
         "--customers", str(customers), "--today", TODAY, "--quiet"],
        check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    print(f"  built in {time.perf_counter() - started:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("book", nargs="?", help="an existing book (made when missing)")
    ap.add_argument("--invoices", type=int, default=100_000)
    ap.add_argument("--customers", type=int, default=1_000)
    ap.add_argument("--from", dest="date_from", default="2026-01-01")
    ap.add_argument("--to", dest="date_to", default=TODAY)
    ap.add_argument("--limit", type=int, default=1_000, help="customers to read (default 1000)")
    ap.add_argument("--workers", type=int, help="processes writing PDFs (default: as --all does)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-statements-"))
    path = Path(args.book) if args.book else folder / "book.sqlite"
    if not path.exists():
        make_book(path, args.invoices, args.customers)
    start, end = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    book.open_book(str(path))
    t0 = time.perf_counter()
    with book.reading():
        count, each = statements(start, end)
        t_aging = time.perf_counter() - t0
        data = list(islice(each, args.limit))
    t_read = time.perf_counter() - t0 - t_aging
    lines = sum(len(s.lines) for s in data)
    close_db()
    out = folder / "out"
    out.mkdir()
    book.open_book(str(path))
    t1, c1, k1 = time.perf_counter(), time.process_time(), _children_cpu()
    written = statement_pdfs(out, start, end, workers=args.workers)
    total, cpu = time.perf_counter() - t1, time.process_time() - c1
    workers_cpu = _children_cpu() - k1
    pages = sum(len(PdfReader(str(p)).pages) for p in written)
    print(
        f"{len(written):,} statements ({count:,} customers with a balance) of {path.name}, "
        f"{start} to {end}: {lines:,} lines, {pages:,} pages; load {os.getloadavg()[0]:.1f}"
    )
    print(f"  reading alone: aging once {t_aging:.2f} s, every statement's lines {t_read:.2f} s")
    workers = args.workers or statement_pool.workers_for(len(written))
    print(f"  statement_pdfs (read + write, {workers} process(es)): {total:.2f} s wall, "
          f"{cpu:.2f} s CPU in the parent, {workers_cpu:.2f} s in the workers")  # fmt: skip
    each_ms = 1000 * total / max(len(written), 1)
    print(f"  {each_ms:.1f} ms a customer")
    projected = each_ms  # milliseconds a customer = seconds for 1,000 customers
    verdict = "met" if projected <= 30 else "NOT met"
    print(f"  1,000 customers at this rate: {projected:.0f} s; target ≤ 30 s — {verdict}")
    print(f"  files in {out}")


def _children_cpu() -> float:
    """CPU seconds of finished child processes (the pool's workers, joined at its end)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


if __name__ == "__main__":
    main()
