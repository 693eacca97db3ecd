"""Every proposal of a book written out, to compare two versions of the matcher (issue 11).

For each unmatched line, oldest first: its id, then the proposal as
`show bank-line --json` gives it (kind, confidence, customer, each
invoice's amount, discount, write-off, full settlement and balance after,
money on account, refund, the reason's words and the explanation), and
what the proposal says before its preview is made (`numbers`, `effects`
in minor units).
Run it with one tree's code and then another's on the same book and
compare the files (`cmp`):

    PYTHONPATH=TREE .venv/bin/python -m bench.bank_dump BOOK OUT [--every N]

`--every N` writes the whole preview of every N-th line only (the rest:
kind, confidence, customer, invoices, effects, refund and reason), as a
quicker check.
"""

from __future__ import annotations

import argparse
import json
import time


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("book")
    ap.add_argument("out")
    ap.add_argument("--every", type=int, default=1)
    args = ap.parse_args(argv)
    from app.read import bank as bank_read
    from app.services import book
    from models.db import close_db

    book.open_book(args.book)
    cur = book.currency()
    start = time.process_time()
    found = bank_read.proposals()
    took = time.process_time() - start
    with open(args.out, "w", encoding="utf-8") as out:
        for n, (row, p) in enumerate(found):
            if n % args.every == 0:
                data = bank_read.proposal_json(p, cur)
            else:
                data = {
                    "kind": p.kind,
                    "confidence": f"{p.confidence:.2f}",
                    "customer": p.customer,
                    "invoices": list(p.invoices),
                    "refund": p.refund,
                    "reason": p.reason,
                }
            data["line"] = row.id
            data["numbers"] = list(p.numbers)
            # in minor units: a Decimal's exponent ("0" or "0.00") is no part of the figure
            data["effects"] = [[n, cur.to_minor(s), cur.to_minor(d)] for n, s, d in p.effects]
            out.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
    close_db()
    print(f"{len(found):,} proposals in {took:.2f} s CPU, written to {args.out}")


if __name__ == "__main__":
    main()
