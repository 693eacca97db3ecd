"""Eight clerks at once: processes racing the real command line over the same documents.

Each round sets up fresh documents for a new customer (two open invoices,
a payment, a settlement to undo, a credit note with credit left, an order
with money received on it), then starts `python -m app` eight times at
once, each with one command drawn from a pool of conflicting ones: settle,
unsettle, refund, credit note, order cancel and invoice on the order. When
every round is done the book must hold its promises (`problems`): no
payment applied beyond its amount, no invoice settled beyond its total,
no credit note used beyond its credit, cached figures equal to their rows,
no order cancelled while invoiced, `acerto check` passing, and every
process ended with success or a sentence (never a traceback).

    python -m tests.integration.race --book PATH_OR_URL --rounds 200   # scripts/race

tests/integration/test_race.py runs a few rounds on SQLite and, with
ACERTO_TEST_PG, on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.services import credit_notes, customers, invoices, orders, payments, settlements
from app.services.invoices import LineInput
from models.db import close_db, database, init_db, is_postgres_url

DAY = date(2026, 3, 1)
WHEN = "2026-03-15"
ROOT = Path(__file__).resolve().parents[2]
BUSY = "The book is busy"


@dataclass
class Outcome:
    argv: list[str]
    code: int
    err: str

    @property
    def kind(self) -> str:
        if "Traceback" in self.err or "Internal error" in self.err or self.code not in (0, 1):
            return "crash"
        if self.code == 0:
            return "success"
        return "busy" if BUSY in self.err else "refused"


@dataclass
class Report:
    rounds: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> Counter[str]:
        return Counter(o.kind for o in self.outcomes)

    def summary(self) -> str:
        c = self.counts()
        return (
            f"{self.rounds} rounds, {len(self.outcomes)} commands: {c['success']} succeeded, "
            f"{c['refused']} refused with a sentence, {c['busy']} busy, {c['crash']} crashed; "
            f"{len(self.problems)} broken promises; {self.seconds:.1f} s"
        )


def _setup_round(r: int) -> list[list[str]]:
    """Fresh documents for round `r`; returns the pool of commands that race over them."""
    with database.atomic():
        code = f"R{r:04d}"
        customers.add_customer(code, f"Racer {r}", terms="net 30")
        a = invoices.create_invoice(code, DAY, amount=Decimal("100.00")).number
        b = invoices.create_invoice(code, DAY, amount=Decimal("100.00")).number
        p = payments.create_payment(code, DAY, Decimal("100.00")).number
        d = invoices.create_invoice(code, DAY, amount=Decimal("100.00")).number
        q = payments.create_payment(code, DAY, Decimal("100.00")).number
        s0 = settlements.settle(q, [d])[0].id
        e = invoices.create_invoice(code, DAY, amount=Decimal("100.00")).number
        settlements.settle(payments.create_payment(code, DAY, Decimal("100.00")).number, [e])
        cn = credit_notes.create_credit_note(e, DAY, amount=Decimal("100.00")).number
        o = orders.create_order(code, DAY, [LineInput("Nets", Decimal(1), Decimal("100.00"))])
        op = payments.create_payment(code, DAY, Decimal("100.00"), order=o.number).number
    return [
        ["settle", p, a, "--date", WHEN],
        ["settle", p, b, "--date", WHEN],
        ["settle", p, "--date", WHEN],
        ["refund", p, "--date", WHEN],
        ["credit-note", a, "--amount", "60.00", "--date", WHEN],
        ["credit-note", b, "--amount", "100.00", "--date", WHEN],
        ["unsettle", str(s0), "--date", WHEN],
        ["unsettle", str(s0), "--date", WHEN],
        ["settle", q, d, "--date", WHEN],
        ["settle", cn, a, "--date", WHEN],
        ["refund", cn, "--date", WHEN],
        ["settle", op, b, "--date", WHEN],
        ["order", "cancel", o.number, "--date", WHEN],
        ["invoice", "add", "--order", o.number, "--amount", "100.00", "--date", WHEN],
    ]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@contextmanager
def _gate(url: str, waiting: int) -> Iterator[None]:
    """On PostgreSQL, hold the started commands at the door and let them in together.

    Every command reads the schema version first; while this holds the
    version table locked they wait there, and the lock's release starts
    them within a millisecond of each other (process start-up alone spreads
    them over a second, and most races would never meet). SQLite: nothing.
    """
    if not is_postgres_url(url):
        yield
        return
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        cur = conn.cursor()
        cur.execute('LOCK TABLE "schema_version" IN ACCESS EXCLUSIVE MODE')
        yield
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            cur.execute("SELECT pg_stat_clear_snapshot()")  # else one view per transaction
            cur.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            if cur.fetchone()[0] >= waiting:
                break
            time.sleep(0.02)
        conn.rollback()
    finally:
        conn.close()


def _race(url: str, commands: list[list[str]]) -> list[Outcome]:
    """Start every command at once; wait for all."""
    with _gate(url, len(commands)):
        procs = _start(url, commands)
    out = []
    for argv, proc in procs:
        _, err = proc.communicate(timeout=300)
        out.append(Outcome(argv, proc.returncode, err))
    return out


def _start(url: str, commands: list[list[str]]) -> list[tuple[list[str], subprocess.Popen[str]]]:
    return [
        (
            argv,
            subprocess.Popen(
                [sys.executable, "-m", "app", "--book", url, *argv],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                env=_env(),
                cwd=ROOT,
            ),
        )
        for argv in commands
    ]


def run(url: str, rounds: int, processes: int = 8, seed: int = 8, progress: bool = False) -> Report:
    """Race `rounds` rounds of `processes` commands over the book at `url` (already created)."""
    rng = random.Random(seed)
    report = Report()
    start = time.monotonic()
    for r in range(rounds):
        init_db(url)
        try:
            pool = _setup_round(r)
        finally:
            close_db()
        report.outcomes += _race(url, rng.sample(pool, processes))
        report.rounds += 1
        if progress and report.rounds % 10 == 0:
            print(f"round {report.rounds}: {dict(report.counts())}", file=sys.stderr, flush=True)
    report.seconds = time.monotonic() - start
    report.problems = problems(url, report.outcomes)
    return report


def problems(url: str, outcomes: list[Outcome]) -> list[str]:
    """Every broken promise in the book after a race, in words."""
    found = [
        f"acerto {' '.join(o.argv)} crashed (exit {o.code}): {o.err.strip()[-300:]}"
        for o in outcomes
        if o.kind == "crash"
    ]
    init_db(url)
    try:
        found += _book_problems()
    finally:
        close_db()
    check = subprocess.run(
        [sys.executable, "-m", "app", "--book", url, "check"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    if check.returncode != 0:
        found.append(f"acerto check failed ({check.returncode}): {check.stdout}{check.stderr}")
    return found


_PAYMENTS = """
SELECT p.number, p.amount, p.applied, p.refunded,
  (SELECT COALESCE(SUM(s.amount), 0) FROM settlement s WHERE s.payment_id = p.id),
  (SELECT COALESCE(SUM(f.amount), 0) FROM refund f WHERE f.payment_id = p.id)
FROM payment p"""
_INVOICES = """
SELECT i.number, i.total, i.settled,
  (SELECT COALESCE(SUM(s.amount + s.discount + s.writeoff + s.full_settlement), 0)
     FROM settlement s WHERE s.invoice_id = i.id),
  (SELECT COALESCE(SUM(s.amount), 0) FROM settlement s WHERE s.credit_note_id = i.id),
  (SELECT COALESCE(SUM(f.amount), 0) FROM refund f WHERE f.credit_note_id = i.id)
FROM invoice i WHERE i.status <> 'draft'"""
_ORDERS = """
SELECT o.number, o.status, o.invoiced,
  (SELECT COUNT(*) FROM invoice i WHERE i.order_id = o.id AND i.status <> 'draft')
FROM "order" o"""


def _book_problems() -> list[str]:
    db = database.obj
    out = []
    for number, amount, applied, refunded, used, paid_back in db.execute_sql(_PAYMENTS):
        if used + paid_back > amount:
            out.append(f"payment {number} is applied {used} and refunded {paid_back} of {amount}")
        if (applied, refunded) != (used, paid_back):
            out.append(
                f"payment {number} says applied {applied}, refunded {refunded}; "
                f"its rows say {used}, {paid_back}"
            )
    for number, total, settled, settles, gives, paid_back in db.execute_sql(_INVOICES):
        if total > 0 and not 0 <= settles <= total:
            out.append(f"invoice {number} is settled {settles} of its total {total}")
        if total < 0 and gives + paid_back > -total:
            out.append(f"credit note {number} gives {gives} and refunds {paid_back} of {-total}")
        rows = settles if total > 0 else -(gives + paid_back)
        if total != 0 and settled != rows:
            out.append(f"invoice {number} says settled {settled}; its rows say {rows}")
    for number, status, invoiced, count in db.execute_sql(_ORDERS):
        if status == "cancelled" and (invoiced or count):
            out.append(f"order {number} is cancelled with {count} invoices ({invoiced} invoiced)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--book",
        required=True,
        help="a new SQLite file, or the postgresql:// URL of a throwaway server (emptied first)",
    )
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    if is_postgres_url(args.book):
        from tests.builders import fresh_postgres_book

        fresh_postgres_book(args.book)
    else:
        init_db(args.book)
    close_db()
    report = run(args.book, args.rounds, args.processes, args.seed, progress=True)
    print(report.summary())
    for line in report.problems[:50]:
        print("  " + line)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
