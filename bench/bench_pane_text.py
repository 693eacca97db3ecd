"""Benchmark: the panes' filters on a 1,000,000-invoice book (issue 12: each ≤ 300 ms).

Two steps, so the same timings run against an older checkout for "before":

    # a copy of bench/bank_book.py's book (1,000,000 invoices, 2,000 customers)
    # with 300,000 payments, 100,000 orders, a third of the invoices settled and
    # one in twenty standalone, written in SQL:
    .venv/bin/python bench/bench_pane_text.py prepare SRC.sqlite DEST.sqlite

    # count and first page (as the window reads them: the count, then the page
    # with total=count) of every filter, min/median/max of 3 in one process,
    # with the floor of a plain SELECT COUNT(*) of the table:
    PYTHONPATH=CHECKOUT .venv/bin/python bench/bench_pane_text.py time DEST.sqlite

Every filter by every sort column, both ways, first and last page (Ctrl+End), with
the process's CPU beside the wall time (a busy machine stretches the wall):
`grid DEST.sqlite|URL [RUNS] [invoices payments orders]`.

PostgreSQL: `pg DEST.sqlite URL` copies the prepared rows into an empty database
(scripts/pg start) without the trigram indexes; `time URL`; `pg-index URL` builds
them; `time URL` again.

SRC: `python -c "from bench.bank_book import cached_book; print(cached_book(1_000_000, 2000,
100_000))"` (about 5 minutes the first time, kept under /dev/shm). Opening DEST with
this checkout migrates it (the text indexes are built then; their time is printed).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2026, 6, 30)
PAYMENTS = 300_000
ORDERS = 100_000


def prepare(src: Path, dest: Path) -> None:
    shutil.copyfile(src, dest)
    db = sqlite3.connect(dest)
    customers = db.execute("SELECT count(*) FROM customer").fetchone()[0]
    seq = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
    db.execute(
        seq + 'INSERT INTO "order" (id, number, customer_id, date, status, discount, total,'
        " invoiced, paid, refunded, notes)"
        " SELECT i, printf('SO-%07d', i), (i - 1) % ? + 1, date('2026-01-01', '+' || (i % 300)"
        " || ' days'), CASE i % 3 WHEN 0 THEN 'invoiced' ELSE 'open' END, 0, 1000 + i % 90000,"
        " CASE i % 3 WHEN 0 THEN 1000 + i % 90000 ELSE 0 END, 0, 0, '' FROM n",
        (ORDERS, customers),
    )
    db.execute(
        seq + "INSERT INTO payment (id, number, customer_id, order_id, date, amount, applied,"
        " refunded, method, reference, split_of_id)"
        " SELECT i, printf('PAY-%07d', i), (i - 1) % ? + 1, NULL, date('2026-01-01', '+' ||"
        " (i % 300) || ' days'), 1000 + i % 90000, CASE i % 2 WHEN 0 THEN 1000 + i % 90000"
        " ELSE 0 END, 0, 'bank transfer', printf('TRF %s %05d', c.name, i % 100000), NULL"
        " FROM n JOIN customer c ON c.id = (i - 1) % ? + 1",
        (PAYMENTS, customers, customers),
    )
    db.execute("UPDATE invoice SET status = 'settled', settled = total WHERE id % 3 = 0")
    db.execute("UPDATE invoice SET kind = 'standalone' WHERE id % 20 = 7")
    db.commit()
    db.execute("VACUUM")
    db.close()


CPU: list[float] = []  # this process's CPU of the last _timed runs (SQLite's work is in it)


def _timed(fn: Callable[[], Any], runs: int = 3) -> tuple[list[float], Any]:
    times, result = [], None
    CPU.clear()
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
        CPU.append((time.process_time() - cpu) * 1000)
    return times, result


def _show(label: str, times: list[float], result: Any = "") -> None:
    lo, mid, hi = min(times), statistics.median(times), max(times)
    cpu = f"cpu {statistics.median(CPU):6.1f}" if CPU else ""
    print(f"{label:<52} {lo:7.1f} {mid:7.1f} {hi:7.1f} ms {cpu}  {result}", flush=True)


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("invoices", "no filter", {}),
        ("invoices", "text 'INV-01234' (a number, 10 rows)", {"text": "INV-01234"}),
        ("invoices", "text 'Cliente 1234' (a customer, 500)", {"text": "Cliente 1234"}),
        ("invoices", "text 'C12' (111 customers' codes, 55,500)", {"text": "C12"}),
        ("invoices", "text '000' (3,700 numbers)", {"text": "000"}),
        ("invoices", "text 'nowhere' (none)", {"text": "nowhere"}),
        ("invoices", "text 'Comercio' (every customer's name)", {"text": "Comercio"}),
        ("invoices", "text 'INV' (every number)", {"text": "INV"}),
        ("invoices", "text '12' (two characters: LIKE)", {"text": "12"}),
        ("invoices", "customer C1234", {"customer": "C1234"}),
        ("invoices", "status open", {"status": "open_items"}),
        ("invoices", "status overdue", {"status": "overdue"}),
        ("invoices", "status settled", {"status": "settled"}),
        ("invoices", "kind standalone", {"kind": "standalone"}),
        (
            "invoices",
            "dates 2026-03-01..2026-03-31",
            {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)},
        ),
        ("invoices", "customer C1234 + text 'INV-00'", {"customer": "C1234", "text": "INV-00"}),
        ("payments", "no filter", {}),
        ("payments", "text 'PAY-012345' (a number)", {"text": "PAY-012345"}),
        ("payments", "text ' 01234' (references)", {"text": " 01234"}),
        ("payments", "text 'Cliente 77' (11 customers)", {"text": "Cliente 77"}),
        ("payments", "status open (unapplied)", {"status": "open_items"}),
        ("orders", "no filter", {}),
        ("orders", "text 'SO-00123' (numbers)", {"text": "SO-00123"}),
        ("orders", "text 'Cliente 77' (11 customers)", {"text": "Cliente 77"}),
        ("orders", "status open", {"status": "open_items"}),
    ]


def time_filters(path: str) -> None:
    from app.read import panes
    from app.services import book
    from models.db import database

    start = time.perf_counter()
    book.open_book(path)
    print(f"open (and migrate if older): {time.perf_counter() - start:.1f} s")
    tables = {"invoices": "invoice", "payments": "payment", "orders": '"order"'}
    for kind, table in tables.items():
        times, n = _timed(
            lambda t=table: database.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        )
        _show(f"{kind}: floor, plain SELECT COUNT(*)", times, n)
    print(f"{'':<52} {'min':>7} {'median':>7} {'max':>7}")
    for kind, label, fields in _cases():
        f = panes.Filters(today=TODAY, **fields)
        times, n = _timed(lambda k=kind, f=f: panes.count(k, f))
        _show(f"{kind}: {label}: count", times, n)
        times, rows = _timed(lambda k=kind, f=f, n=n: panes.page(k, f, total=n))
        _show(f"{kind}: {label}: first page", times, len(rows))
    f = panes.Filters(today=TODAY, status=panes.OVERDUE)
    times, t = _timed(lambda: panes.totals("invoices", f))
    _show("invoices: status overdue: totals", times, t.count)


GRID = [
    ("no filter", {}),
    ("customer C1234", {"customer": "C1234"}),
    ("status open", {"status": "open_items"}),
    ("status overdue", {"status": "overdue"}),
    ("status settled", {"status": "settled"}),
    ("kind standalone", {"kind": "standalone"}),
    ("dates 2026-03", {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}),
    ("text 'C12'", {"text": "C12"}),
    ("text 'INV-01234'", {"text": "INV-01234"}),
    ("text '12'", {"text": "12"}),
]


def time_grid(path: str, runs: int, kinds: list[str]) -> None:
    """Every filter of GRID x every sort column x both orders: the first page and the
    last page (Ctrl+End: offset total - 200, read from the other end), as the window
    reads them (the count first). Prints min/median/max of `runs`, and the slowest."""
    from app.read import panes
    from app.services import book

    book.open_book(path)
    worst: list[tuple[float, str]] = []
    for kind in kinds:
        for label, fields in GRID:
            if kind != "invoices" and (
                "status" in fields and fields["status"] != "open_items" or "kind" in fields
            ):
                continue
            f = panes.Filters(today=TODAY, **fields)
            times, n = _timed(lambda k=kind, f=f: panes.count(k, f), runs)
            _show(f"{kind}: {label}: count", times, n)
            worst.append((statistics.median(times), f"{kind}: {label}: count"))
            for column in panes.sort_columns(kind):  # type: ignore[arg-type]
                for order in ("asc", "desc"):
                    for where, offset in (("first", 0), ("last", max(n - panes.PAGE_SIZE, 0))):
                        times, rows = _timed(
                            lambda k=kind, f=f, c=column, o=order, at=offset, n=n: panes.page(
                                k, f, c, o, at, total=n
                            ),
                            runs,
                        )
                        name = f"{kind}: {label}: {column} {order} {where} page"
                        _show(name, times, len(rows))
                        worst.append((statistics.median(times), name))
    print("slowest (median ms):")
    for ms, name in sorted(worst, reverse=True)[:25]:
        print(f"  {ms:8.1f}  {name}")


def copy_to_postgres(src: Path, url: str) -> None:
    """The prepared book's searched tables into an empty PostgreSQL database (COPY),
    without the trigram indexes (`pg-index` builds them)."""
    import csv
    import io

    from models.db import init_db

    db = init_db(url)
    for (name,) in db.execute_sql("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%trgm'"):
        db.execute_sql(f'DROP INDEX "{name}"')
    lite = sqlite3.connect(src)
    cur = db.connection().cursor()
    for table in ("payment_terms", "customer", "order", "invoice", "payment"):
        have = {c.name for c in db.get_columns(table)}
        cols = ", ".join(
            f'"{r[1]}"' for r in lite.execute(f'PRAGMA table_info("{table}")') if r[1] in have
        )
        buf = io.StringIO()
        writer = csv.writer(buf)
        for row in lite.execute(f'SELECT {cols} FROM "{table}"'):
            writer.writerow(["\\N" if v is None else v for v in row])
        buf.seek(0)
        cur.copy_expert(f"COPY \"{table}\" ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buf)
        if table != "payment_terms":
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT max(id) FROM "{table}"))'
            )
    db.connection().commit()
    db.execute_sql("ANALYZE")


def index_postgres(url: str) -> None:
    from models import text_search
    from models.db import init_db

    db = init_db(url)
    start = time.perf_counter()
    with db.atomic():
        text_search.create(db)
    db.execute_sql("ANALYZE")
    print(f"pg_trgm GIN indexes: {time.perf_counter() - start:.1f} s")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "pg":
        copy_to_postgres(Path(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "pg-index":
        index_postgres(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "grid":
        runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
        time_grid(sys.argv[2], runs, sys.argv[4:] or ["invoices", "payments", "orders"])
    elif len(sys.argv) == 3 and sys.argv[1] == "time":
        time_filters(sys.argv[2])  # a file, or a postgresql:// URL
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
