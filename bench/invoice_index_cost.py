"""What each index on the invoice's settled figures costs accept-all's writer (issue 11
against issue 12).

Accepting a bank line settles an invoice: one UPDATE of its `settled`,
`discount_taken` and `status` (models/locks.py's guarded form, as the batch's
writer thread runs it: a statement of 200 rows a chunk). Six indexes hold
those columns: the panes' sorts by settled and by balance (models/schema.py
SORT_INDEXES), their filters by status and of the open invoices
(FILTER_INDEXES), the customers' open invoices by due date, and the bank
matcher's own (MATCH_INDEX). Each such UPDATE removes and adds an entry in
each, at a random place of a million.

This runs the same UPDATE for 100,000 invoices drawn at random (settled in
full, as most accepted lines are) on a fresh copy of the book, with every
index, with each of the six left out, and with none of them (the floor, in
the same run), each variant `--rounds` times, alternating; then commits. It
prints the best time of each. What an index saves here is what the writer
thread would spend less at 1,000,000 invoices; when the writer is what
accept-all waits for, the wall saves about as much.

    .venv/bin/python -m bench.invoice_index_cost [--invoices N] [--customers C] [--lines L] [--rounds R]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.bank_book import cached_book

SIX = (
    "invoice_settled",
    "invoice_balance",
    "invoice_status_date",
    "invoice_open_date",
    "invoice_customer_status_due",
    "invoice_customer_open_balance",
)
CACHE_KIB = 256 * 1024  # models/bulk_load.py LOAD_CACHE_KIB: accept-all's page cache
ROW = "(?, ?, ?, ?, ?, ?, ?)"
UPDATE = (
    'UPDATE OR FAIL "invoice" SET "discount_taken" = v.column1, "settled" = v.column2,'
    ' "status" = v.column3 FROM (VALUES {rows}) AS v WHERE "invoice"."id" = v.column4'
    ' AND "invoice"."discount_taken" = v.column5 AND "invoice"."settled" = v.column6'
    ' AND "invoice"."status" = v.column7'
)


def _run(book: Path, work: Path, left_out: tuple[str, ...], settle: int) -> tuple[float, float]:
    """Seconds for the updates and for the commit, on a fresh copy without `left_out`."""
    copy = work / "book.sqlite"
    shutil.copyfile(book, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        for name in left_out:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
        rows = conn.execute(
            'SELECT "id", "settled", "discount_taken", "status", "total" FROM "invoice"'
            ' WHERE "status" <> \'draft\' AND "total" > "settled"'
        ).fetchall()
        picked = random.Random(7).sample(rows, min(settle, len(rows)))
        conn.execute("BEGIN IMMEDIATE")
        start = time.perf_counter()
        for at in range(0, len(picked), 200):
            chunk = picked[at : at + 200]
            params = [
                x
                for pk, settled, taken, status, total in chunk
                for x in (taken, total, "settled", pk, taken, settled, status)
            ]
            done = conn.execute(UPDATE.format(rows=", ".join([ROW] * len(chunk))), params)
            assert done.rowcount == len(chunk), done.rowcount
        updated = time.perf_counter()
        conn.execute("COMMIT")
        return updated - start, time.perf_counter() - updated
    finally:
        conn.close()
        copy.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # The book's shape as bench/accept_writer.py's: the same cached book serves both.
    ap.add_argument("--invoices", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=2000)
    ap.add_argument("--lines", type=int, default=111_000)
    ap.add_argument("--settle", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    book = cached_book(args.invoices, args.customers, args.lines)
    variants: list[tuple[str, tuple[str, ...]]] = [("every index", ())]
    variants += [(f"without {name}", (name,)) for name in SIX]
    variants.append(("none of the six (the floor)", SIX))
    best: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(dir=book.parent) as tmp:
        for _round in range(args.rounds):
            for label, left_out in variants:
                took = _run(book, Path(tmp), left_out, args.settle)
                if label not in best or took[0] < best[label][0]:
                    best[label] = took
    every = best["every index"][0]
    print(
        f"{args.settle:,} invoices settled in a book of {args.invoices:,} (best of {args.rounds}):"
    )
    for label, (updates, commit) in best.items():
        saved = every - updates
        print(
            f"  {label:42s} updates {updates:5.2f} s  commit {commit:4.2f} s  saves {saved:5.2f} s"
        )


if __name__ == "__main__":
    main()
