"""A large book for bench/bench_bank.py, built once and kept under /dev/shm.

Building 1,000,000 invoices through the posting services takes hours on
this machine (bench/README.md: the demo), so this builder posts a few
real documents through the services and copies them in SQL:

- the customers (and their terms) through `customers.add_customer`;
- one invoice per customer through `invoices.create_invoice`;
- every further invoice a copy, in one INSERT ... SELECT, of its
  customer's real invoice row with its own number, date, due and
  discount dates and total, and with its posting journal (entry,
  receivables and sales lines) and its invoice line, so the rows are the
  shapes the services write; the invoice counter follows;
- the statement lines through `bank.store_statements`, the importer's
  own service: 60 % quote an invoice number (a third of them with the
  cash discount of the day deducted), 30 % give only the payer's name
  (paying one invoice in full), 10 % neither;
- the text box's index caught up with every row, as a write batch leaves it.

Every invoice stays open (the hardest case for the matcher), or only
`open_` of them: the others are marked settled in place (status and
cached figure; no payment or settlement is written for them, and the
matcher reads open invoices only). The book is
kept at $ACERTO_BANK_BENCH_DIR (default /dev/shm/acerto-bank-bench)/
<shape>-<invoices>-<customers>-<lines>.sqlite
(<shape>: a hash of the tables, the migrations and the builder's version,
so a schema change builds a new one); a run copies it before
writing. Remove the folder to build afresh.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

CACHE = Path(os.environ.get("ACERTO_BANK_BENCH_DIR", "/dev/shm/acerto-bank-bench"))
BUILD = 2  # 2: the text index caught up (`_text_index`)
ROOT = Path(__file__).resolve().parent.parent
START = date(2026, 1, 1)
DAYS = 300
TERMS = "2% 10, net 30"


def _schema() -> str:
    """What the book's shape depends on: the tables, the schema, the migrations and
    this builder's version (raise BUILD when the builder changes what it writes)."""
    digest = hashlib.sha256(f"build {BUILD}".encode())
    for part in ("models/tables.py", "models/schema.py", "models/migrations.py"):
        digest.update((ROOT / part).read_bytes())
    return digest.hexdigest()[:10]


def cached_book(invoices: int, customers: int, lines: int, open_: int | None = None) -> Path:
    """The path of the built book (built now if missing): `open_` of the invoices
    open (default all)."""
    CACHE.mkdir(exist_ok=True)
    open_ = invoices if open_ is None else open_
    path = CACHE / f"{_schema()}-{invoices}-{open_}-{customers}-{lines}.sqlite"
    if not path.exists():
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        t = time.perf_counter()
        build(tmp, invoices, customers, lines, open_)
        tmp.rename(path)
        print(f"built {path} in {time.perf_counter() - t:.1f} s")
    return path


def working_copy(path: Path, dest: Path) -> Path:
    shutil.copyfile(path, dest)
    return dest


def total_of(n: int) -> int:
    """Invoice n's total in cents (deterministic, 10.00 to 1000.00)."""
    return (n * 2654435761) % 99001 + 1000


def date_of(n: int) -> date:
    return START + timedelta(days=n % DAYS)


def name_of(c: int) -> str:
    return f"Cliente {c} Comercio Lda"


def is_open(n: int, invoices: int, open_: int) -> bool:
    """Whether invoice n is left open: `open_` of them, spread evenly."""
    return n * open_ // invoices != (n - 1) * open_ // invoices


def build(path: Path, invoices: int, customers: int, lines: int, open_: int) -> None:
    from app.services import book
    from app.services import customers as cust_service
    from app.services import invoices as inv_service
    from models.db import close_db

    book.open_book(str(path))
    book.initialise("EUR", "Bank bench")
    with book.transaction():
        for c in range(1, customers + 1):
            cust_service.add_customer(f"C{c}", name_of(c), TERMS)
        for n in range(1, min(customers, invoices) + 1):
            inv_service.create_invoice(f"C{n}", date_of(n), amount=Decimal(total_of(n)) / 100)
    close_db()
    if invoices > customers:
        _copy_invoices(path, customers + 1, invoices, customers)
    if open_ < invoices:
        _settle_marks(path, invoices, open_)
    book.open_book(str(path))
    _statement(invoices, customers, lines, open_)
    _text_index()
    close_db()


def _text_index() -> None:
    """The text box's index holding every row, as a write batch leaves it
    (models/text_search.py: `catch_up` at each batch's end). Without it the
    first batch on the book (an accept-all) indexed every invoice at its end:
    1.5 s of CPU at 1,000,000 invoices, no part of accepting."""
    from models import text_search
    from models.db import database

    with database.atomic():
        text_search.catch_up(database.obj)


def _copy_invoices(path: Path, first: int, last: int, customers: int) -> None:
    """Invoices first..last, each a copy of invoice (n - 1) % customers + 1 (its customer's
    real one), with their journal and line; ids follow the numbers."""
    db = sqlite3.connect(path)
    e0 = db.execute("select max(id) from journal_entry").fetchone()[0]
    l0 = db.execute("select max(id) from journal_line").fetchone()[0]
    i0 = db.execute("select max(id) from invoice_line").fetchone()[0]
    db.create_function("total_of", 1, total_of, deterministic=True)
    db.create_function("day_of", 1, lambda n: date_of(n).isoformat(), deterministic=True)
    db.create_function(
        "plus", 2, lambda d, k: (date.fromisoformat(d) + timedelta(days=k)).isoformat()
    )
    seq = "with recursive n(i) as (select ? union all select i + 1 from n where i < ?) "
    db.execute(
        seq
        + "insert into invoice (id, number, kind, status, customer_id, order_id, date, due_date,"
        " terms_text, discount_date, discount_percent_bp, total, settled, discount_taken,"
        " corrects_id, credits_id, reason, posted_at)"
        " select i, printf('INV-%06d', i), t.kind, t.status, t.customer_id, null, day_of(i),"
        " plus(day_of(i), 30), t.terms_text, plus(day_of(i), 10), t.discount_percent_bp,"
        " total_of(i), 0, 0, null, null, '', t.posted_at"
        " from n join invoice t on t.id = (i - 1) % ? + 1",
        (first, last, customers),
    )
    db.execute(
        seq + "insert into invoice_line (id, invoice_id, seq, description, quantity, unit_price,"
        " amount, order_line_id, original_line_id, role)"
        " select ? + i - ?, i, 1, 'Invoice', 1000, total_of(i), total_of(i), null, null, 'bill'"
        " from n",
        (first, last, i0 + 1, first),
    )
    db.execute(
        seq + "insert into journal_entry (id, date, description, invoice_id)"
        " select ? + i - ?, day_of(i), 'Invoice ' || printf('INV-%06d', i), i from n",
        (first, last, e0 + 1, first),
    )
    db.execute(
        seq + "insert into journal_line (id, entry_id, account, debit, credit)"
        " select ? + 2 * (i - ?), ? + i - ?, 'receivables', total_of(i), 0 from n"
        " union all select ? + 2 * (i - ?) + 1, ? + i - ?, 'sales', 0, total_of(i) from n",
        (first, last, l0 + 1, first, e0 + 1, first, l0 + 1, first, e0 + 1, first),
    )
    db.execute("update counter set value = ? where name = 'INV'", (last,))
    db.commit()
    db.close()


def _settle_marks(path: Path, invoices: int, open_: int) -> None:
    """The invoices not left open marked settled (status and cached figure only: no
    payment or settlement is written for them; matching reads open invoices only)."""
    db = sqlite3.connect(path)
    db.create_function("is_open", 1, lambda n: is_open(n, invoices, open_), deterministic=True)
    db.execute("update invoice set settled = total, status = 'settled' where not is_open(id)")
    db.commit()
    db.close()


def _statement(invoices: int, customers: int, lines: int, open_: int) -> None:
    """`lines` statement lines paying the book's invoices, stored by the import's service."""
    from app.rules.statement import Statement, StatementLine, keyed
    from app.services import bank

    rnd = random.Random(11)
    out: list[StatementLine] = []
    still = [n for n in range(1, invoices + 1) if is_open(n, invoices, open_)]
    picked = rnd.sample(still, min(lines, len(still)))
    for k, n in enumerate(picked):
        total = Decimal(total_of(n)) / 100
        day = date_of(n)
        r = rnd.random()
        if r < 0.6:
            on = day + timedelta(days=rnd.randint(0, 20))
            amount = total
            if k % 3 == 0:  # discount of the day deducted
                on = day + timedelta(days=rnd.randint(0, 10))
                amount = total - (total * 2 / 100).quantize(Decimal("0.01"))
            text, name = f"Pagamento INV-{n:06d}", ""
        elif r < 0.9:
            on, amount, text = day + timedelta(days=rnd.randint(11, 40)), total, "transferencia"
            name = name_of((n - 1) % customers + 1).upper()
        else:
            on, amount, text, name = day + timedelta(days=5), total, "?", "Nobody Known"
        out.append(StatementLine(on, on, amount, "EUR", name, "", text, bank_ref=f"B{k}"))
    out.sort(key=lambda x: x.booking_date)
    acct = "PT50000201231234567890154"
    stmt = Statement(acct, "BENCH-1", "EUR", lines=keyed(acct, out))
    bank.store_statements([stmt], "bench.xml", account="Bench bank")
