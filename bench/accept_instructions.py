"""Instructions the main thread spends accepting a bank statement: a figure that
does not move with the machine's speed (issue 11).

Wall and CPU times on this VM move by 10-20 % from hour to hour, more than
most changes to accept-all's Python are worth. valgrind's callgrind counts
the instructions each thread runs, the same from run to run within a few
millions: this runs `accept_all(0.9)` on a copy of the 20,000-invoice bench
book (bench/bank_book.py) under it, then the same script without the
accept, and prints the main thread's instructions less the second's (its
imports and set-up), and the writer thread's. About 50 times slower than
the run itself (35 s). Compare two trees by running it in each:

    PYTHONPATH=TREE .venv/bin/python -m bench.accept_instructions

Needs valgrind (Debian: `apt-get install valgrind`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.bank_book import cached_book

# The run itself, in the child: open a copy of the book, accept (unless told not to).
_CHILD = """
import os, sys
from decimal import Decimal
from app.exchange.bank import accept
from app.services import book
from models.db import close_db
book.open_book(sys.argv[1]); book.currency()
if not os.environ.get("ACCEPT_NONE"):
    print(len(accept.accept_all(Decimal("0.9")).accepted))
close_db()
"""


def _env(accept: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, not inside the count
    if not accept:
        env["ACCEPT_NONE"] = "1"
    return env


def _threads(book: Path, work: Path, accept: bool) -> tuple[str, list[int]]:
    """What the run printed, and the instructions of each of its threads (main first)."""
    copy = work / "book.sqlite"
    shutil.copy(book, copy)
    out = work / "cg"
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--separate-threads=yes", f"--callgrind-out-file={out}.%p"]
        + [sys.executable, "-c", _CHILD, str(copy)],
        env=_env(accept),
        check=True,
        capture_output=True,
        text=True,
    )
    counts = []
    for path in sorted(work.glob("cg.*-*")):
        found = re.search(r"^summary: (\d+)", path.read_text(errors="replace"), re.MULTILINE)
        counts.append(int(found.group(1)) if found else 0)
        path.unlink()
    for path in work.glob("cg.*"):
        path.unlink()
    copy.unlink()
    return done.stdout.strip(), counts


def main() -> None:
    if shutil.which("valgrind") is None:
        sys.exit("accept_instructions: valgrind is not installed (apt-get install valgrind)")
    book = cached_book(20_000, 200, 5_000)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        warm = [sys.executable, "-c", "import app.exchange.bank.accept"]
        subprocess.run(warm, env=_env(True), check=True)
        said, ran = _threads(book, work, accept=True)
        _none, idle = _threads(book, work, accept=False)
    lines = int(said)
    main_thread = ran[0] - idle[0]
    print(f"accept-all on 20,000 invoices, {lines:,} lines accepted (callgrind, instructions):")
    print(f"  main thread {main_thread / 1e9:.3f} G ({main_thread / lines / 1e3:.0f} k a line)")
    # The batch's writer is the busiest of the others (app/read/bank_lookup.py
    # `shapes_ahead` adds a short one: the pass over every invoice).
    others = sorted(ran[1:], reverse=True)
    print(f"  writer thread {others[0] / 1e9:.3f} G" if others else "  no writer thread")
    if others[1:]:
        print(f"  other threads {sum(others[1:]) / 1e9:.3f} G")


if __name__ == "__main__":
    main()
