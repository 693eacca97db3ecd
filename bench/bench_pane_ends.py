"""Benchmark: filters whose rows sit at one end of a sort's order (issue 12).

First and last page (as the window reads them: the exact count first, the last
page from the other end) of the invoice filters the panes12 grid left over
300 ms, min / median / max of RUNS in one process, with this process's CPU
(SQLite's work is in it; on PostgreSQL the server's is not).

    .venv/bin/python bench/bench_pane_ends.py BOOK.sqlite|URL [RUNS]

BOOK: bench/bench_pane_text.py's prepared book. Runs against an older checkout
too (PYTHONPATH=CHECKOUT) for "before".
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from typing import Any

TODAY = date(2026, 6, 30)
CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("open", {"status": "open_items"}, ["settled", "status"]),
    ("overdue", {"status": "overdue"}, ["settled", "status"]),
    ("standalone", {"kind": "standalone"}, ["due_date", "balance"]),
    ("text 'C12'", {"text": "C12"}, ["customer", "customer_name"]),
    ("dates 2026-03", {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}, ["due_date"]),
]


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    from app.read import panes
    from app.services import book

    book.open_book(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) == 3 else 3
    print(f"load average {os.getloadavg()[0]:.2f}; min / median / max of {runs}, ms; CPU median")
    for label, fields, columns in CASES:
        f = panes.Filters(today=TODAY, **fields)
        n = panes.count("invoices", f)
        for column in columns:
            for order in ("asc", "desc"):
                for where, offset in (("first", 0), ("last", max(n - panes.PAGE_SIZE, 0))):
                    wall, cpu = [], []
                    for _ in range(runs):
                        start, used = time.perf_counter(), time.process_time()
                        rows = panes.page("invoices", f, column, order, offset, total=n)  # type: ignore[arg-type]
                        wall.append((time.perf_counter() - start) * 1000)
                        cpu.append((time.process_time() - used) * 1000)
                    name = f"{label} by {column} {order}, {where} page"
                    print(
                        f"{name:<44} {min(wall):8.1f} {statistics.median(wall):8.1f}"
                        f" {max(wall):8.1f}  cpu {statistics.median(cpu):7.1f}  {len(rows)}",
                        flush=True,
                    )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
