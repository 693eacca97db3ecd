"""How fast `acerto demo` fills a book, and how long `acerto check` then takes.

Sizes: 1,000 / 10,000 / 100,000 invoices (20 customers). Every size goes
through the posting services (the demo has no writer of its own). Target:
the 100,000-invoice book as fast as the old bulk writer did it (38 s of
CPU); latest figures in bench/README.md.

Run: .venv/bin/python bench/bench_demo.py [N ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from app.demo import make_demo
from app.read.check import check_book
from app.services import book
from models.db import close_db
from models.tables import ALL_TABLES

TODAY = date(2026, 3, 31)


def run(invoices: int, customers: int = 20) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.sqlite"
        book.open_book(str(path))
        book.initialise("EUR", "Bench")
        t = time.perf_counter()
        make_demo(customers=customers, invoices=invoices, seed=1, today=TODAY)
        made = time.perf_counter() - t
        rows = sum(table.select().count() for table in ALL_TABLES)
        t = time.perf_counter()
        report = check_book()
        checked = time.perf_counter() - t
        close_db()
        size = path.stat().st_size / 1e6
        print(
            f"{invoices:>8,} invoices: {made:6.1f} s, {invoices / made:8,.0f} invoices/s, "
            f"{rows:>9,} rows, {rows / made:8,.0f} rows/s, {size:6.1f} MB; "
            f"check {checked:5.1f} s {'ok' if report.ok else 'PROBLEMS: ' + '; '.join(report.problems[:3])}"
        )


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1_000, 10_000, 100_000]
    for n in sizes:
        run(n)


if __name__ == "__main__":
    main(sys.argv[1:])
