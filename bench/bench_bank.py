"""How fast statement lines are matched to open invoices (app/rules/bank_match.py).

Builds N open invoices over C customers and L statement lines (60 % quote
an invoice number, 30 % only the payer's name, 10 % neither), then times
the book's indexes and `propose_all`. The floor, measured in the same run:
one dictionary lookup and one Decimal comparison per line (what any
matcher costs at least). Issue 11's target: 100,000 lines against a
1,000,000-invoice book in at most 5 s.

Run: .venv/bin/python bench/bench_bank.py [--open N] [--customers C] [--lines L]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from app.rules.bank_match import MatchBook, OpenItem, propose_all
from app.rules.money import Currency
from app.rules.settlement import OpenInvoice, Params
from app.rules.statement import StatementLine
from app.rules.terms import parse_terms


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--open", type=int, default=200_000)
    ap.add_argument("--customers", type=int, default=2_000)
    ap.add_argument("--lines", type=int, default=100_000)
    args = ap.parse_args(argv)
    rnd = random.Random(1)
    terms = parse_terms("2% 10, net 30")
    items = []
    for n in range(1, args.open + 1):
        d = date(2026, 1, 1) + timedelta(days=n % 300)
        b = Decimal(rnd.randint(1000, 100_000)) / 100
        inv = OpenInvoice(f"INV-{n:06d}", d, d + timedelta(days=30), b, b, terms)
        items.append(OpenItem(f"C{n % args.customers}", inv))
    names = {f"C{i}": f"Customer number {i} Lda" for i in range(args.customers)}
    lines = []
    for k in range(args.lines):
        item = items[rnd.randrange(len(items))]
        inv = item.invoice
        on = inv.date + timedelta(days=rnd.randint(0, 40))
        r = rnd.random()
        text, name = (
            (f"Pag {inv.number}", "")
            if r < 0.6
            else ("obrigado", names[item.customer])
            if r < 0.9
            else ("x", "nobody known")
        )
        lines.append(StatementLine(on, on, inv.balance, "EUR", name, "", text, key=str(k)))
    t = time.perf_counter()
    book = MatchBook(Params(), Currency.of("EUR"), items, names, {})
    indexed = time.perf_counter() - t
    t = time.perf_counter()
    found = propose_all(lines, book)
    matched = time.perf_counter() - t
    t = time.perf_counter()
    by_number = {i.invoice.number: i for i in items}
    hits = sum(1 for x in lines if by_number.get(x.remittance[4:]) and x.amount > 0)
    floor = time.perf_counter() - t
    kinds = Counter(p.kind for p in found)
    print(
        f"bank match {args.lines:,} lines vs {args.open:,} open invoices: index {indexed:.2f} s, "
        f"propose {matched:.2f} s ({matched / floor:.0f}x floor {floor:.3f} s, {hits:,} lookups); "
        f"{dict(kinds)}"
    )


if __name__ == "__main__":
    main()
