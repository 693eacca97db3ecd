"""Benchmark: texts of one or two characters in the Invoices pane (issue 12, pgtext12c).

Each case is read as the pane model reads its first rows: the count capped at
COUNT_CAP + 1, then the first page of 200 with that count (`total`, `more`).
Min / median / max of RUNS in one process, ms, with the floor `SELECT COUNT(*)
FROM invoice` first, in the same run. `plans` prints EXPLAIN ANALYZE (TIMING
OFF) of each statement of each case instead.

    .venv/bin/python bench/bench_pane_short.py BOOK.sqlite|URL times [RUNS]
    .venv/bin/python bench/bench_pane_short.py URL plans

The book: bench_pane_text.py's prepared one (`prepare`, `pg`, `pg-index`).
The same command runs against an older checkout (PYTHONPATH=CHECKOUT) for
"before".
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from typing import Any

TODAY = date(2026, 6, 30)
MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
CASES: list[tuple[str, dict[str, Any], str]] = [
    *[(t, {}, s) for t in ("zq", "12", "7", "a") for s in ("date", "total")],
    ("ç", {}, "date"),
    ("e", {}, "date"),  # a letter of every customer's name
    ("nt", {}, "date"),  # a pair of every customer's name ("Cliente")
    ("12", {"customer": "C1234"}, "date"),
    ("12", {"customer": "C1234"}, "total"),
    ("12", {"status": "settled"}, "date"),
    ("12", {"status": "settled"}, "total"),
    ("zq", {"status": "settled"}, "date"),
    ("12", MARCH, "date"),
    ("12", MARCH, "total"),
    ("7", {"kind": "standalone"}, "date"),
    ("99", {"kind": "standalone"}, "total"),
]


def first_rows(text: str, other: dict[str, Any], sort: str) -> int:
    from app.read import panes

    f = panes.Filters(today=TODAY, text=text, **other)
    n = panes.count("invoices", f, cap=panes.COUNT_CAP)
    panes.page("invoices", f, sort, "desc", 0, 200, total=n, more=n > panes.COUNT_CAP)
    return n


def _label(text: str, other: dict[str, Any], sort: str) -> str:
    return f"{text!r} {' '.join(f'{k}={v}' for k, v in other.items())} by {sort}"


def _mmm(ms: list[float]) -> str:
    return f"{min(ms):7.1f} {statistics.median(ms):7.1f} {max(ms):7.1f}"


def times(db: Any, runs: int) -> None:
    floor = []
    for _ in range(runs):
        start = time.perf_counter()
        db.execute_sql("SELECT COUNT(*) FROM invoice").fetchone()
        floor.append((time.perf_counter() - start) * 1000)
    print(f"{'floor SELECT COUNT(*) FROM invoice':<55} {_mmm(floor)}")
    for text, other, sort in CASES:
        ms, n = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            n = first_rows(text, other, sort)
            ms.append((time.perf_counter() - start) * 1000)
        print(f"{_label(text, other, sort):<55} {_mmm(ms)}  {n:,}", flush=True)


def plans(db: Any) -> None:
    seen: list[tuple[str, Any]] = []
    real = db.execute_sql

    def spy(sql: str, params: Any = None, *a: Any, **k: Any) -> Any:
        seen.append((sql, params))
        return real(sql, params, *a, **k)

    for text, other, sort in CASES:
        seen.clear()
        db.execute_sql = spy
        try:
            n = first_rows(text, other, sort)
        finally:
            del db.execute_sql
        print(f"\n=== {_label(text, other, sort)}: count {n:,}")
        for sql, params in seen:
            if sql.startswith("SELECT") and '"setting"' not in sql and "to_regclass" not in sql:
                print("--", db.connection().cursor().mogrify(sql, params).decode()[:300])
                for (line,) in db.execute_sql("EXPLAIN (ANALYZE, TIMING OFF) " + sql, params):
                    print(line)


def main() -> None:
    if len(sys.argv) not in (3, 4) or sys.argv[2] not in ("times", "plans"):
        sys.exit(__doc__)
    from app.services import book
    from models.db import database

    book.open_book(sys.argv[1])
    print(f"load average {os.getloadavg()[0]:.2f}")
    if sys.argv[2] == "plans":
        plans(database.obj)
    else:
        times(database.obj, int(sys.argv[3]) if len(sys.argv) == 4 else 3)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
