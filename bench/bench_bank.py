"""How fast bank lines are matched and accepted, on a real book (issue 11).

Proposals: `app.read.bank.proposals()` end to end — the unmatched lines
read, the open invoices they name or may settle asked of the book's
indexes, every line proposed — on a book of N invoices (K of them open)
over C customers with L statement lines (bench/bank_book.py builds it
once under /dev/shm). Beside it, measured in the same run: SQLite
handing Python every open invoice's row and the lines' rows, nothing done
with them ("read all": what a matcher reading the whole book, as accepting
does, costs at least; proposals read no longer so since prop11).

Accepting: `bank match --auto` (app.exchange.bank.accept.accept_all) on a
copy of a smaller book (A lines; accepting costs per line, not per
invoice of the book), every proposal at or above 0.9.

Issue 11's targets: proposals for 100,000 lines against 1,000,000
invoices in 5 s; accepting 100,000 in 10 s.

Run: .venv/bin/python -m bench.bench_bank [--invoices N] [--open K] [--customers C]
         [--lines L] [--accept-lines A] [--skip-accept | --accept-big]

`--accept-big` accepts on (a copy of) the big book itself, every line of it:
at 1,000,000 invoices the matcher reads none of them up front (a
`FollowBook`); the copy goes beside the books, under $ACERTO_BANK_BENCH_DIR.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from bench.accept_bound import write_bound
from bench.bank_book import CACHE, cached_book, working_copy


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> str:
    wall, cpu = _clock()
    return f"{wall - start[0]:.2f} s ({cpu - start[1]:.2f} s CPU)"


def floor(path: Path) -> str:
    db = sqlite3.connect(path)
    start = _clock()
    db.execute(
        "select number, customer_id, date, due_date, total, total - settled, discount_taken,"
        " terms_text from invoice where kind in ('invoice', 'standalone', 'corrective')"
        " and total > 0 and status != 'draft' and settled < total"
    ).fetchall()
    db.execute("select * from bank_line where status = 'unmatched'").fetchall()
    db.close()
    return _since(start)


def proposals(path: Path) -> None:
    from app.read import bank as bank_read
    from app.services import book
    from models.db import close_db

    book.open_book(str(path))
    book.currency()
    start = _clock()
    found = bank_read.proposals()
    took = _since(start)
    kinds = Counter(f"{p.kind} {p.confidence}" for _r, p in found)
    close_db()
    print(f"  proposals: {len(found):,} lines in {took}; read all {floor(path)}")
    print(f"  {dict(sorted(kinds.items()))}")


def accepting(path: Path) -> None:
    """accept_all on a copy of the book; beside it, what its matcher costs before
    the first line (`match_book(follow=True)` and the unmatched lines read, alone)."""
    from app.exchange.bank import accept
    from app.read import bank as bank_read
    from app.services import book
    from models.db import close_db

    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        copy = working_copy(path, Path(tmp) / "book.sqlite")
        book.open_book(str(copy))
        book.currency()
        start = _clock()
        with bank_read.bulk():
            bank_read.match_book(follow=True)
            bank_read.unmatched_rows()
        before = _since(start)
        start = _clock()
        main = time.thread_time()
        report = accept.accept_all(Decimal("0.9"))
        main = time.thread_time() - main
        took = _since(start)
        wall = time.perf_counter() - start[0]
        cpu = time.process_time() - start[1]
        close_db()
        bound = write_bound(path, copy, Path(tmp) / "bound.sqlite")
    n = len(report.accepted)
    print(
        f"  accept all >= 0.9: {n:,} accepted, {len(report.refused)} refused, "
        f"{report.below:,} below, in {took}: {wall / max(n, 1) * 1000:.3f} ms a line "
        f"({cpu / max(n, 1) * 1000:.3f} ms CPU, the writer thread's included)"
    )
    # accept-all's own thread runs Python (one thread at a time holds its lock); the
    # batch's writer thread, SQLite's writes. On two cores no run of the same work
    # takes less than its own thread's CPU, nor less than half of all its CPU.
    print(
        f"  of its CPU: {main:.2f} s its own thread's (Python, its reads, the commit), "
        f"{cpu - main:.2f} s the others' (the batch's writer thread); the least wall "
        f"the same work allows on two cores: {max(main, cpu / 2):.2f} s"
    )
    print(f"  the matcher and the lines before the first line, alone: {before}")
    print(
        f"  SQLite alone writing the same rows (bench/accept_bound.py): {bound.pop('all'):.2f} s CPU: "
        + ", ".join(f"{k} {v:.2f}" for k, v in bound.items())
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--invoices", type=int, default=1_000_000)
    ap.add_argument("--open", type=int, default=None, help="open invoices (default all)")
    ap.add_argument("--customers", type=int, default=2_000)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--accept-invoices", type=int, default=20_000)
    ap.add_argument("--accept-lines", type=int, default=5_000)
    ap.add_argument("--skip-accept", action="store_true")
    ap.add_argument("--accept-big", action="store_true", help="accept on the big book itself")
    args = ap.parse_args(argv)
    load = os.getloadavg()[0]
    path = cached_book(args.invoices, args.customers, args.lines, args.open)
    print(
        f"bank bench, load {load:.1f}: {args.invoices:,} invoices "
        f"({args.open or args.invoices:,} open), {args.customers:,} customers, "
        f"{args.lines:,} lines"
    )
    proposals(path)
    if args.accept_big:
        print(f"  accepting on the same book ({args.lines:,} lines):")
        accepting(path)
    elif not args.skip_accept:
        small = cached_book(args.accept_invoices, args.customers // 10 or 1, args.accept_lines)
        print(f"  accepting on {args.accept_invoices:,} invoices, {args.accept_lines:,} lines:")
        accepting(small)


if __name__ == "__main__":
    main()
