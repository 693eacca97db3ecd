"""Posting throughput through the real services (one transaction each).

Prints invoices, payments and settlements per second on a fresh SQLite book.
Run: .venv/bin/python bench/bench_engine.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from app.services import book, customers, invoices, payments, settlements


def main(n: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book.open_book(str(Path(tmp) / "bench.sqlite"))
        book.initialise("EUR", "Bench")
        for c in range(20):
            customers.add_customer(f"C{c:03d}", f"Cliente {c}", terms="2% 10, net 30")
        d0 = date(2026, 1, 1)
        t = time.perf_counter()
        invoice_rows = [
            invoices.create_invoice(
                f"C{i % 20:03d}", d0 + timedelta(days=i % 300), amount=Decimal("100.00")
            )
            for i in range(n)
        ]
        t_inv = time.perf_counter() - t
        t = time.perf_counter()
        payment_rows = [
            payments.create_payment(
                f"C{i % 20:03d}", d0 + timedelta(days=i % 300 + 5), Decimal("98.00")
            )
            for i in range(n)
        ]
        t_pay = time.perf_counter() - t
        t = time.perf_counter()
        for inv, pay in zip(invoice_rows, payment_rows, strict=True):
            settlements.settle(pay.number, [inv.number])
        t_set = time.perf_counter() - t
        print(f"invoices:    {n / t_inv:8.0f}/s  ({t_inv:.2f} s for {n})")
        print(f"payments:    {n / t_pay:8.0f}/s  ({t_pay:.2f} s for {n})")
        print(f"settlements: {n / t_set:8.0f}/s  ({t_set:.2f} s for {n})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
