"""What accept-all's writer thread spends, statement by statement, and when (issue 11).

Runs `accept_all(Decimal("0.9"))` once on a fresh copy of a bench book
(bench/bank_book.py; by default the 1,000,000-invoice book with a statement of
111,000 lines, 99,996 of them accepted) and times each statement the batch's
writer thread runs (models/batch_writer.py `Writer._one`, wrapped here): its
wall and its thread's CPU, summed by statement, and the share of each second of
the run the writer spent in a statement. When that share stays near 1, the
writer is what the run waits for, not the main thread's Python.

    ACERTO_BANK_BENCH_DIR=/dev/shm/bb .venv/bin/python -m bench.accept_writer [--invoices N] [--lines L]
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any


def _busy(spans: list[tuple[float, float]]) -> list[float]:
    """The share of each second (from 0) spent inside the spans."""
    out: list[float] = []
    for start, end in spans:
        at = start
        while at < end:
            second = int(at)
            upto = min(second + 1.0, end)
            out += [0.0] * (second + 1 - len(out))
            out[second] += upto - at
            at = upto
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--invoices", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=2000)
    ap.add_argument("--lines", type=int, default=111_000)
    args = ap.parse_args()
    from bench.bank_book import cached_book

    book = cached_book(args.invoices, args.customers, args.lines)
    from app.exchange.bank import accept
    from app.services import book as book_service
    from models import batch_writer
    from models.db import close_db

    spans: list[tuple[float, float, float, str, int]] = []
    run_one = batch_writer.Writer._one

    def timed(self: Any, sql: str, params: list[Any], width: int, rows: int, row: str) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        run_one(self, sql, params, width, rows, row)
        n = len(params) // width if width else len(params)
        spans.append((wall, time.perf_counter(), time.thread_time() - cpu, sql, n))

    batch_writer.Writer._one = timed  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory(dir=book.parent) as tmp:
            copy = Path(tmp) / "book.sqlite"
            shutil.copyfile(book, copy)
            book_service.open_book(str(copy))
            book_service.currency()
            start, main_cpu = time.perf_counter(), time.thread_time()
            done = accept.accept_all(Decimal("0.9"))
            wall, main_cpu = time.perf_counter() - start, time.thread_time() - main_cpu
            close_db()
    finally:
        batch_writer.Writer._one = run_one  # type: ignore[method-assign]
    by: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for begun, ended, cpu, sql, n in spans:
        # no statement: a call the writer runs in its turn (the references' checks)
        what = re.sub(r"\s+", " ", sql)[:48] or "(new rows' references checked)"
        by[what][0] += 1
        by[what][1] += n
        by[what][2] += ended - begun
        by[what][3] += cpu
    print(f"{len(done.accepted):,} accepted: wall {wall:.2f} s, main thread CPU {main_cpu:.2f} s")
    print(f"  {'statement':50s} {'runs':>5s} {'rows':>8s} {'wall':>7s} {'CPU':>7s}")
    for what, (runs, rows, w, c) in sorted(by.items(), key=lambda kv: -kv[1][2]):
        print(f"  {what:50s} {int(runs):5d} {int(rows):8d} {w:6.2f}s {c:6.2f}s")
    total_wall = sum(v[2] for v in by.values())
    total_cpu = sum(v[3] for v in by.values())
    print(f"  {'all':50s} {'':5s} {'':8s} {total_wall:6.2f}s {total_cpu:6.2f}s")
    shares = _busy([(b - start, e - start) for b, e, *_rest in spans])
    print("  the writer busy, second by second: " + " ".join(f"{x:.2f}" for x in shares))


if __name__ == "__main__":
    main()
