"""Benchmark: the panes over a big book stay fast (SPEC §7: a million rows).

Builds a SQLite book with N invoices (default 1,000,000; rows written
directly, as a bench helper) in a temporary folder, then times what the
window does: count, first page, a deep page, totals, a sort on an
unindexed expression (balance), and a filter by customer and text.

    .venv/bin/python bench/bench_panes.py [N]

Target: each answer under 1 s at 1,000,000 invoices on a laptop, the
first page under 0.1 s (the window shows it while the rest stays on disk).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.read import panes  # noqa: E402
from app.services.book import open_book  # noqa: E402
from app.services.customers import add_customer  # noqa: E402
from models.db import database  # noqa: E402
from models.tables import Customer, Invoice  # noqa: E402


def build(n: int, customers: int = 500) -> None:
    for i in range(customers):
        add_customer(f"C{i:04d}", f"Customer {i:04d}", terms="2% 10, net 30")
    ids = [c.id for c in Customer.select(Customer.id)]
    base = date(2020, 1, 1).toordinal()
    with database.atomic():
        batch = []
        for i in range(1, n + 1):
            d = date.fromordinal(base + i % 2200)
            total = 1000 + (i * 7919) % 500000
            batch.append(
                {
                    "number": f"INV-{i:07d}",
                    "kind": "invoice",
                    "status": "settled" if i % 3 == 0 else "posted",
                    "customer": ids[i % len(ids)],
                    "date": d,
                    "due_date": date.fromordinal(d.toordinal() + 30),
                    "total": total,
                    "settled": total if i % 3 == 0 else 0,
                }
            )
            if len(batch) == 10000:
                Invoice.insert_many(batch).execute()
                batch = []
        if batch:
            Invoice.insert_many(batch).execute()


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    print(f"{label:<42} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = Path(tempfile.mkdtemp(prefix="acerto-bench-"))
    open_book(str(folder / "big.sqlite"))
    timed(f"build {n:,} invoices", lambda: build(n))
    today = date(2026, 3, 31)
    f = panes.Filters(today=today)
    timed("count", lambda: panes.count("invoices", f))
    timed("first page (date desc)", lambda: panes.page("invoices", f, "date", "desc", 0, 200))
    timed(
        "page at offset 500,000",
        lambda: panes.page("invoices", f, "date", "desc", min(500_000, n - 200), 200),
    )
    timed("totals", lambda: panes.totals("invoices", f))
    timed(
        "first page sorted by balance", lambda: panes.page("invoices", f, "balance", "asc", 0, 200)
    )
    fc = panes.Filters(today=today, customer="C0042")
    timed(
        "customer filter: count + first page",
        lambda: (panes.count("invoices", fc), panes.page("invoices", fc)),
    )
    ft = panes.Filters(today=today, text="INV-00123")
    timed("text filter: first page", lambda: panes.page("invoices", ft))
    fo = panes.Filters(today=today, status=panes.OVERDUE)
    timed("overdue: totals", lambda: panes.totals("invoices", fo))


if __name__ == "__main__":
    main()
