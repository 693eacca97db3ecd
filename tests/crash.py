"""Crash points: commands killed with SIGKILL at random moments (issue 8).

Each point starts one real command in its own process (settle, credit
note, correction, import, export, the credit-note and settlement PDFs,
the aging workbook) and kills it with SIGKILL after a random delay, or lets
it finish. After every point:

- the book opens and `check` passes (journal, accounts, the rules'
  invariants and cached figures);
- every command that said it was done (exit 0, its document number on the
  last line) left its document in the book;
- the destination file of a report or export is either the old file, byte
  for byte, or a complete new one (a PDF with its end marker, a workbook
  whose zip is whole).

The slow test runs a few points of each command; the long count:

    .venv/bin/python -m tests.crash --points 300 [--seed N]

prints the figures that docs/reliability.md keeps.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.builders import payments_workbook

ROOT = Path(__file__).resolve().parents[1]
ACTIONS = ("settle", "credit-note", "correct", "import", "export", "pdf-cn", "pdf-set", "aging")
DOCS = 400  # invoices and payments made up front, one used per posting point


@dataclass
class Tally:
    points: int = 0
    killed: int = 0
    finished: int = 0
    acknowledged: dict[str, str] = field(default_factory=dict)  # document number -> action
    by_action: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def make_book(path: Path) -> None:
    """A book with invoices and payments to settle, credit and correct."""
    from app.services import book, customers, invoices, payments
    from models.db import close_db, init_db

    init_db(str(path))
    book.initialise("EUR", "Queda Livre, Lda")
    customers.add_customer("C1", "Açores Pescas", terms="2% 10, net 30")
    with book.transaction(), book.batch():
        for _ in range(DOCS):
            invoices.create_invoice("C1", date(2026, 3, 1), amount=Decimal("100.00"))
            payments.create_payment("C1", date(2026, 3, 5), Decimal("100.00"))
    close_db()


def _command(action: str, k: int, work: Path) -> tuple[list[str], Path | None]:
    """The command line of point `k`, and the file it writes (if any)."""
    inv, pay = f"INV-{k:06d}", f"PAY-{k:06d}"
    if action == "settle":
        return ["settle", pay, inv, "--date", "2026-03-08"], None
    if action == "credit-note":
        return ["credit-note", inv, "--amount", "10.00", "--date", "2026-03-10"], None
    if action == "correct":
        return ["correct", inv, "--qty", "1=0.5", "--date", "2026-03-10"], None
    if action == "import":
        wb = work / f"in-{k}.xlsx"
        payments_workbook(wb, [f"PAY-9{k:05d}"], "12.34")
        return ["import", str(wb)], None
    if action == "export":
        out = work / "export.xlsx"
        return ["export", str(out)], out
    if action == "pdf-cn":
        out = work / "cn.pdf"
        return ["pdf", "credit-note", "CN-000001", "--out", str(out)], out
    if action == "pdf-set":
        out = work / "settlements.pdf"
        return [
            "pdf",
            "settlement",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--out",
            str(out),
        ], out
    out = work / "aging.xlsx"
    return ["aging", "--as-of", "2026-04-30", "--out", str(out)], out


def _complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
    try:
        with zipfile.ZipFile(path) as z:
            return z.testzip() is None and "[Content_Types].xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _check_book(path: Path, tally: Tally) -> None:
    from app.read.check import check_book
    from app.services.documents import get_invoice, get_payment
    from models.db import close_db, init_db
    from models.tables import Settlement

    init_db(str(path))
    try:
        report = check_book()
        tally.problems += [f"after point {tally.points}: {p}" for p in report.problems]
        for number in tally.acknowledged:
            try:
                if number.startswith("settlement "):
                    Settlement.get_by_id(int(number.split()[1]))
                else:
                    (get_payment if number.startswith("PAY") else get_invoice)(number)
            except Exception:
                tally.problems.append(
                    f"after point {tally.points}: {number} was acknowledged but is missing"
                )
    finally:
        close_db()


def run(points: int, folder: Path, seed: int = 1, out: object = None) -> Tally:
    """Run `points` crash points in `folder`; returns what was seen."""
    rng = random.Random(seed)
    path = folder / "book.sqlite"
    make_book(path)
    tally = Tally()
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    took: dict[str, float] = {}
    # A first credit note, so that the credit-note PDF has one to print.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--book",
            str(path),
            "credit-note",
            f"INV-{DOCS:06d}",
            "--amount",
            "1.00",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    for n in range(points):
        action = ACTIONS[n % len(ACTIONS)]
        k = n + 1
        args, dest = _command(action, k, folder)
        old = dest.read_bytes() if dest is not None and dest.exists() else None
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "--book", str(path), *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # The first point of each command runs to its end (how long it takes,
        # and the old file of the next points); the others are killed in the
        # second half of that time (the first is Python starting up), or let be.
        delay = None if action not in took else took[action] * rng.uniform(0.45, 1.1)
        try:
            stdout, stderr = proc.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            stdout, stderr = proc.communicate()
        tally.points += 1
        tally.by_action[action] += 1
        if proc.returncode == -signal.SIGKILL:
            tally.killed += 1
        else:
            tally.finished += 1
            took.setdefault(action, time.monotonic() - start)
            text = stdout.decode("utf-8", "replace").strip()
            if proc.returncode != 0:
                err = stderr.decode("utf-8", "replace").strip()
                tally.problems.append(f"point {k} ({action}) failed: {err[-300:]}")
            elif action == "import":
                tally.acknowledged[f"PAY-9{k:05d}"] = action
            elif action == "settle":
                for sid in text.splitlines()[-1].split():  # the settlements' ids
                    tally.acknowledged[f"settlement {sid}"] = action
            elif dest is None and text:
                tally.acknowledged[text.splitlines()[-1].split()[0]] = action
            if "Traceback" in stderr.decode("utf-8", "replace"):
                tally.problems.append(f"point {k} ({action}) printed a traceback")
        if dest is not None and dest.exists():
            if not (old is not None and dest.read_bytes() == old) and not _complete(dest):
                tally.problems.append(
                    f"point {k} ({action}): {dest.name} is neither old nor complete"
                )
        elif dest is not None and old is not None:
            tally.problems.append(f"point {k} ({action}): the old {dest.name} is gone")
        _check_book(path, tally)
        if out is not None and (n + 1) % 25 == 0:
            print(
                f"  {n + 1} points, {tally.killed} killed, {len(tally.problems)} problems", file=out
            )  # type: ignore[arg-type]
    return tally


def main(argv: list[str] | None = None) -> int:
    import tempfile

    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--points", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.points > DOCS:
        ap.error(f"at most {DOCS} points (one invoice and payment each)")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        tally = run(args.points, Path(tmp), args.seed, sys.stdout)
    print(
        f"{tally.points} points ({', '.join(f'{a} {c}' for a, c in sorted(tally.by_action.items()))}): "
        f"{tally.killed} killed, {tally.finished} finished, {len(tally.acknowledged)} documents "
        f"acknowledged; {len(tally.problems)} problems; {time.monotonic() - started:.0f} s"
    )
    for p in tally.problems:
        print("  " + p)
    return 1 if tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())
