"""Benchmark: statements of account for 1,000 customers of a 100,000-invoice book.

Issue 13's target: at most 30 s for the batch (`acerto pdf statement --all`).
The book is a demo book made by `acerto demo` (through the services), built
once and reused when the file is already there:

    .venv/bin/python bench/bench_statements.py [BOOK] [--invoices N] [--customers N]
        [--from D] [--to D]

It prints the time to read the statements (aging once, then each
customer's lines), the time to lay out and write the PDFs, pages and lines
written, and the per-customer rate. A smaller book (say --invoices 10000)
gives a quick figure; say which one a figure is.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from app import i18n  # noqa: E402
from app.read.statement import statements  # noqa: E402
from app.services import book  # noqa: E402
from app.services.customers import document_language  # noqa: E402
from reports.customer_jobs import out_path  # noqa: E402
from reports.jobs import write_new  # noqa: E402
from reports.statement_pdf import write_statement  # noqa: E402

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
    ap.add_argument("--limit", type=int, default=1_000, help="customers to write (default 1000)")
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
        read = layout = 0.0
        written: list[Path] = []
        lines = 0
        it = iter(each)
        while len(written) < min(count, args.limit):
            t = time.perf_counter()
            s = next(it)
            read += time.perf_counter() - t
            t = time.perf_counter()
            out = out_path(folder, "statement", s.customer.code)
            with i18n.language(document_language(s.customer.code)):
                write_new(out, lambda s=s, out=out: write_statement(out, s))  # type: ignore[misc]
            layout += time.perf_counter() - t
            written.append(out)
            lines += len(s.lines)
    total = time.perf_counter() - t0
    pages = sum(len(PdfReader(str(p)).pages) for p in written)
    print(
        f"{len(written):,} statements ({count:,} customers with a balance) of {path.name}, "
        f"{start} to {end}: {lines:,} lines, {pages:,} pages"
    )
    print(f"  aging once {t_aging:.2f} s, reading {read:.2f} s, PDFs {layout:.2f} s")
    each_ms = 1000 * total / max(len(written), 1)
    print(f"  total {total:.2f} s, {each_ms:.1f} ms a customer")
    projected = each_ms  # milliseconds a customer = seconds for 1,000 customers
    verdict = "met" if projected <= 30 else "NOT met"
    print(f"  1,000 customers at this rate: {projected:.0f} s; target ≤ 30 s — {verdict}")
    print(f"  files in {folder}")


if __name__ == "__main__":
    main()
