"""Benchmarks of the reports and the exchange, with their sizes and targets.

    .venv/bin/python -m bench.bench_reports [--items 100000] [--payments 100000]

aging     the whole `acerto aging` process over N open items        target  5 s, 200 MB for 100,000
          (min/median/max of --runs runs, interleaved with its floor)
import    an exchange workbook of N payments (read, check, write)  target  3 s for 100,000
export    the same book's exchange workbook                        (reported, no target)

The aging book is written straight into the tables (the services would
take minutes for 100,000 invoices and are not what is measured); the
import goes through `app.exchange.import_book` exactly as `acerto import`.

`--pg URL` builds both books in that PostgreSQL database instead (every
table of it dropped first; `scripts/pg start` gives a throwaway one): the
aging's floor then reads the rows with psycopg2.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2026, 3, 31)


PG: str | None = None  # --pg: the books go into this PostgreSQL database
REUSE = False  # --reuse: the PostgreSQL aging book of the last run is measured again


def _fresh(path: Path) -> None:
    from app.services import book
    from models.db import init_db

    if PG:
        _empty_postgres(PG)
    init_db(PG or str(path))
    book.initialise("EUR", "Bancada de Ensaio, Lda")


def _empty_postgres(url: str) -> None:
    """Every table of the database dropped: the book is built afresh in it."""
    import psycopg2

    con = psycopg2.connect(url)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (name,) in cur.fetchall():
            cur.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    con.close()


def _book(folder: Path, name: str) -> str:
    return PG or str(folder / name)


def _customers(n: int) -> list[int]:
    from models.tables import Customer

    rows = [{"code": f"C{i:05d}", "name": f"Cliente Açores {i}"} for i in range(1, n + 1)]
    for i in range(0, len(rows), 500):
        Customer.insert_many(rows[i : i + 500]).execute()
    return [c.id for c in Customer.select(Customer.id)]


def bench_aging(
    items: int, folder: Path, runs: int = 3, trees: list[Path] | None = None, settled: int = 0
) -> float:
    trees = trees or [Path(__file__).resolve().parent.parent]
    if (PG and not REUSE) or not (PG or (folder / "aging.sqlite").exists()):
        _aging_book(items, folder, settled)
    return _aging_runs(_book(folder, "aging.sqlite"), folder, items, runs, trees)


def _aging_book(items: int, folder: Path, settled: int = 0) -> None:
    from models.db import database
    from models.tables import Invoice, Payment, Settlement

    _fresh(folder / "aging.sqlite")
    rng = random.Random(1)
    with database.atomic():
        ids = _customers(500)
        rows = []
        for n in range(1, items + 1):
            on = AS_OF - timedelta(days=rng.randint(0, 400))
            rows.append(
                (
                    f"INV-{n:07d}",
                    "invoice",
                    "posted",
                    rng.choice(ids),
                    on,
                    on + timedelta(days=30),
                    rng.randint(1_000, 500_000),
                    0,
                    "net 30",
                )
            )
        fields = [
            Invoice.number,
            Invoice.kind,
            Invoice.status,
            Invoice.customer,
            Invoice.date,
            Invoice.due_date,
            Invoice.total,
            Invoice.settled,
            Invoice.terms_text,
        ]
        for i in range(0, len(rows), 2000):
            Invoice.insert_many(rows[i : i + 2000], fields=fields).execute()
        # Some history: part payments, some dated after the as-of date.
        pays = [
            (f"PAY-{n:07d}", ids[n % len(ids)], AS_OF - timedelta(days=n % 200 - 20), 10_000)
            for n in range(1, items // 10 + 1)
        ]
        for i in range(0, len(pays), 2000):
            Payment.insert_many(
                pays[i : i + 2000],
                fields=[Payment.number, Payment.customer, Payment.date, Payment.amount],
            ).execute()
        first_pay = Payment.select(Payment.id).order_by(Payment.id).first().id
        first_inv = Invoice.select(Invoice.id).order_by(Invoice.id).first().id
        sets = [
            (first_pay + k, first_inv + k * 10, AS_OF - timedelta(days=k % 200 - 20), 1_000)
            for k in range(items // 10)
        ]
        for i in range(0, len(sets), 2000):
            Settlement.insert_many(
                sets[i : i + 2000],
                fields=[Settlement.payment, Settlement.invoice, Settlement.date, Settlement.amount],
            ).execute()
        _cached_figures()
        if settled:
            _settled_history(settled, len(ids))
    if PG:
        database.execute_sql("ANALYZE")
    database.close()


def _cached_figures() -> None:
    """The invoices' settled and the payments' applied figures summed from the
    settlements written above (as the services keep them)."""
    from models.db import database

    for table, column, key in (
        ("invoice", "settled", "invoice_id"),
        ("payment", "applied", "payment_id"),
    ):
        database.execute_sql(
            f'UPDATE "{table}" SET "{column}" = (SELECT COALESCE(SUM(s.amount), 0) FROM settlement s '
            f'WHERE s.{key} = "{table}".id) WHERE id IN (SELECT {key} FROM settlement)'
        )


def _settled_history(n: int, customers: int) -> None:
    """`n` more invoices, each paid in full before the as-of date by its own payment
    and settlement (--settled: a large book whose open items are a few of its
    invoices), written in SQL (PostgreSQL)."""
    from models.db import database

    p = database.param
    seq, num = f"generate_series(1, {p}) AS n(i)", "lpad(i::text, 7, '0')"
    day = f"({p}::date - mod(i, 400))"  # psycopg2 reads % as a parameter's mark: mod()
    first = database.execute_sql("SELECT min(id) FROM customer").fetchone()[0]
    amount, cust = "(1000 + mod(i, 400000))", f"mod(i, {customers})"
    database.execute_sql(
        "INSERT INTO invoice (number, kind, status, customer_id, date, due_date, terms_text, "
        "discount_percent_bp, total, settled, discount_taken, reason) "
        f"SELECT 'INV-S' || {num}, 'invoice', 'settled', {first} + {cust}, {day}, "
        f"{day}, 'net 30', 0, {amount}, {amount}, 0, '' FROM {seq}",
        (AS_OF, AS_OF, n),
    )
    database.execute_sql(
        "INSERT INTO payment (number, customer_id, date, amount, applied, refunded, method, "
        f"reference) SELECT 'PAY-S' || {num}, {first} + {cust}, {day}, {amount}, "
        f"{amount}, 0, 'bank transfer', '' FROM {seq}",
        (AS_OF, n),
    )
    database.execute_sql(
        "INSERT INTO settlement (payment_id, invoice_id, date, amount, discount, writeoff, "
        "full_settlement, explanation, automatic) SELECT p.id, i.id, p.date, p.amount, 0, 0, 0, "
        "'', false FROM payment p JOIN invoice i "
        "ON i.number = 'INV-S' || substr(p.number, 6) WHERE substr(p.number, 1, 5) = 'PAY-S'"
    )


def _child(argv: list[str], tree: Path | None = None) -> tuple[float, float, float]:
    """Run `argv` as a child process (with `tree` first on its path):
    (wall seconds, CPU seconds, peak RSS in MB)."""
    import os
    import subprocess

    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    start = time.perf_counter()
    # `python -c` puts the working folder first on the path: run in the tree.
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, env=env, cwd=tree)
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{argv} failed")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _aging_runs(db: str, folder: Path, items: int, runs: int, trees: list[Path]) -> float:
    """The whole `acerto aging` process of each tree, `runs` times, interleaved with its floor."""
    out = folder / "aging.xlsx"
    aging = [
        sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())",
        "--book", str(db), "aging", "--as-of", AS_OF.isoformat(), "--basis", "due",
        "--buckets", "30,60,90,120", "--out", str(out),
    ]  # fmt: skip
    floor = [
        sys.executable, "-m", "bench.bench_reports", "--aging-floor", db, "--keep", str(folder)
    ]  # fmt: skip
    times: dict[Path, list[float]] = {t: [] for t in trees}
    cpus: dict[Path, list[float]] = {t: [] for t in trees}
    peaks: dict[Path, list[float]] = {t: [] for t in trees}
    floors, floor_cpus, floor_peaks = [], [], []
    load = _load()
    for _ in range(runs):
        for tree in trees:
            took, cpu, peak = _child(aging, tree)
            times[tree].append(took)
            cpus[tree].append(cpu)
            peaks[tree].append(peak)
        took, cpu, peak = _child(floor, Path(__file__).resolve().parent.parent)
        floors.append(took)
        floor_cpus.append(cpu)
        floor_peaks.append(peak)
    print(
        f"aging floor {items:,} items (read with {'psycopg2' if PG else 'sqlite3'}, bare "
        "xlsxwriter write_row): "
        f"{_spread(floors)} s wall, {_spread(floor_cpus)} s CPU (min/median/max), "
        f"peak {max(floor_peaks):.0f} MB"
    )
    for tree in trees:
        ratio = statistics.median(times[tree]) / statistics.median(floors)
        print(
            f"aging    {items:>8,} open items: {_spread(times[tree])} s wall, "
            f"{_spread(cpus[tree])} s CPU, peak {max(peaks[tree]):.0f} MB, {ratio:.2f}x "
            f"the floor (target 5 s, 200 MB; the whole `acerto aging` process of {tree})"
        )
    print(f"         {out.stat().st_size:,} bytes; load average {load} before, {_load()} after")
    return statistics.median(times[trees[-1]])


def _load() -> str:
    """The machine's 1-minute load average (the runs share it with whatever else runs)."""
    import os

    return f"{os.getloadavg()[0]:.2f}"


def _spread(values: list[float]) -> str:
    return "/".join(f"{v:.2f}" for v in (min(values), statistics.median(values), max(values)))


def aging_floor(db: str, folder: Path) -> None:
    """The floor of the aging: the open invoices read with sqlite3 (psycopg2 from a
    postgresql:// URL) and written with bare xlsxwriter (constant_memory, write_row,
    formats made once), no aging rules."""
    import sqlite3

    import xlsxwriter

    if db.startswith("postgresql://"):
        import psycopg2

        pg = psycopg2.connect(db)
        cur: Any = pg.cursor()
    else:
        cur = sqlite3.connect(db).cursor()
    wb = xlsxwriter.Workbook(str(folder / "floor.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet("Detail")
    money, day = (
        wb.add_format({"num_format": "#,##0.00"}),
        wb.add_format({"num_format": "yyyy-mm-dd"}),
    )
    ws.set_column(4, 5, 10, day)
    ws.set_column(7, 8, 12, money)
    epoch = date(1899, 12, 30)
    q = (
        "SELECT c.code, c.name, i.number, i.kind, i.date, i.due_date, i.total FROM invoice i "
        "JOIN customer c ON c.id = i.customer_id WHERE i.status <> 'draft' "
        "AND i.total - i.settled > 0 ORDER BY c.code, i.due_date"
    )
    cur.execute(q)
    for r, (code, name, number, kind, on, due, total) in enumerate(cur, 1):
        on_, due_ = date.fromisoformat(str(on)[:10]), date.fromisoformat(str(due)[:10])
        days = (AS_OF - due_).days
        ws.write_row(r, 0, (code, name, number, kind))
        ws.write_number(r, 4, (on_ - epoch).days, day)
        ws.write_number(r, 5, (due_ - epoch).days, day)
        ws.write_number(r, 6, days)
        ws.write_number(r, 7, total / 100, money)
        ws.write_number(r, 8, total / 100, money)
        ws.write_string(r, 9, "1-30")
    wb.close()


def _payments_workbook(path: Path, payments: int) -> None:
    from reports.xlsx_write import Column, XlsxWriter

    rng = random.Random(2)
    with XlsxWriter(path) as wb:
        c = wb.sheet("Customers", [Column("code"), Column("name")])
        for i in range(1, 501):
            c.row([f"C{i:05d}", f"Cliente Açores {i}"])
        p = wb.sheet(
            "Payments",
            [
                Column("number"),
                Column("customer"),
                Column("date", "date"),
                Column("amount", "money"),
                Column("method"),
                Column("reference"),
            ],
        )
        from decimal import Decimal

        for n in range(1, payments + 1):
            p.row(
                [
                    f"PAY-{n:07d}",
                    f"C{rng.randint(1, 500):05d}",
                    AS_OF - timedelta(days=rng.randint(0, 700)),
                    Decimal(rng.randint(100, 1_000_000)).scaleb(-2),
                    "bank transfer",
                    f"TRF {n}",
                ]
            )


def _calamine_floor(path: Path) -> float:
    """The floor of an import: python-calamine reading every row of the same file."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        for _row in wb.get_sheet_by_name(name).to_python():
            pass
    return time.perf_counter() - start


def bench_import(payments: int, folder: Path) -> tuple[float, float]:
    from app.exchange import import_book
    from models.tables import Payment
    from reports.exchange_xlsx import ExchangeSource, write_exchange

    path = folder / "payments.xlsx"
    _payments_workbook(path, payments)
    _fresh(folder / "import.sqlite")
    start = time.perf_counter()
    with ExchangeSource(path) as source:
        result = import_book(source)
    took = time.perf_counter() - start
    assert Payment.select().count() == payments, result.summary()
    floor = _calamine_floor(path)
    print(
        f"import   {payments:>8,} payments:   {took:6.2f} s  (target 3 s; floor: calamine "
        f"reading the same file {floor:.2f} s, ratio {took / floor:.1f}x)"
    )
    from app.services import book

    start = time.perf_counter()
    write_exchange(folder / "export.xlsx", book.currency())
    exp = time.perf_counter() - start
    print(f"export   {payments:>8,} payments:   {exp:6.2f} s")
    return took, exp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--payments", type=int, default=100_000)
    ap.add_argument("--only", choices=("aging", "import"), help="run one benchmark")
    ap.add_argument(
        "--settled",
        type=int,
        default=0,
        help="the aging book also holds this many invoices paid in full (e.g. 900000: 1M invoices)",
    )
    ap.add_argument(
        "--reuse", action="store_true", help="with --pg: measure the aging book already there"
    )
    ap.add_argument("--runs", type=int, default=3, help="runs of the aging (and its floor)")
    ap.add_argument("--aging-floor", help=argparse.SUPPRESS)
    ap.add_argument("--pg", metavar="URL", help="build the books in this PostgreSQL database")
    ap.add_argument(
        "--tree",
        type=Path,
        action="append",
        help="measure this checkout's `acerto aging` (repeat: before and after, interleaved)",
    )
    ap.add_argument("--keep", type=Path, help="build the books in this folder and keep them")
    args = ap.parse_args(argv)
    if args.aging_floor:
        aging_floor(args.aging_floor, args.keep)
        return 0
    if args.settled and not args.pg:
        ap.error("--settled builds its invoices in SQL on PostgreSQL: give --pg URL")
    global PG, REUSE
    PG, REUSE = args.pg, args.reuse
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep.resolve() if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.only in (None, "aging"):
            bench_aging(args.items, folder, args.runs, args.tree, args.settled)
        if args.only in (None, "import"):
            bench_import(args.payments, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
