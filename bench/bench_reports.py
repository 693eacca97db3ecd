"""Benchmarks of the reports and the exchange, with their sizes and targets.

    .venv/bin/python -m bench.bench_reports [--items 100000] [--payments 100000]

aging     an aging workbook of N open items (compute + write)      target  8 s for 100,000
import    an exchange workbook of N payments (read, check, write)  target  3 s for 100,000
export    the same book's exchange workbook                        (reported, no target)

The aging book is written straight into the tables (the services would
take minutes for 100,000 invoices and are not what is measured); the
import goes through `app.exchange.import_book` exactly as `acerto import`.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

AS_OF = date(2026, 3, 31)


def _fresh(path: Path) -> None:
    from app.services import book
    from models.db import init_db

    init_db(str(path))
    book.initialise("EUR", "Bancada de Ensaio, Lda")


def _customers(n: int) -> list[int]:
    from models.tables import Customer

    rows = [{"code": f"C{i:05d}", "name": f"Cliente Açores {i}"} for i in range(1, n + 1)]
    for i in range(0, len(rows), 500):
        Customer.insert_many(rows[i : i + 500]).execute()
    return [c.id for c in Customer.select(Customer.id)]


def bench_aging(items: int, folder: Path) -> float:
    from app.read.aging import compute_aging
    from models.db import database
    from models.tables import Invoice, Payment, Settlement
    from reports.aging_xlsx import write_aging

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
    out = folder / "aging.xlsx"
    start = time.perf_counter()
    aging = compute_aging(AS_OF, "due", (30, 60, 90, 120))
    write_aging(
        out, aging, generated_at=datetime(2026, 4, 1, 9, 0), book_label="bench", company="Bench"
    )
    took = time.perf_counter() - start
    print(
        f"aging    {items:>8,} open items: {took:6.2f} s  (target 8 s)  {out.stat().st_size:,} bytes"
    )
    return took


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
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only in (None, "aging"):
            bench_aging(args.items, folder)
        if args.only in (None, "import"):
            bench_import(args.payments, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
