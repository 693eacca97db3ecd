"""Where a whole `acerto` process spends its time, by phase (py-spy, issue 12).

    .venv/bin/python -m bench.spy import [--payments N] [--rate HZ]

`import`: a fresh SQLite book and bench_reports' workbook of N payments (100,000),
then `acerto import` of it under `py-spy record` (the dev extra installs py-spy);
the samples, every stack of the whole process, are put in the phase of the first
rule below that one of its frames matches, and the phases printed with their share.
Sampling a whole process from outside, py-spy sees the start (imports) and the
commit that an in-process profiler misses.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACERTO = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]

# (phase, frame names: a stack with one of them is in the phase), first match wins
IMPORT_PHASES = [
    ("end of the load: indexes made, text index caught up",
     ["indexes_on_demand", "sort_indexes_at_end", "catch_up"]),
    ("SQLite taking the rows (executemany)", ["Batch._write"]),
    ("the guarded reader's checks (sizes, formulas)", ["check_workbook"]),
    ("python-calamine reading the sheets", ["get_sheet_by_name", "CalamineWorkbook"]),
    ("cells to records (types, checks a cell)", ["read_sheet", "_read_chunk"]),
    ("the plan's checks (references, duplicates)", ["Plan.check"]),
    ("the services: payments and their journal", ["record_payments"]),
    ("the replay's operations and order", ["Replay"]),
    ("commit", ["commit"]),
    ("start: imports", ["_find_and_load"]),
]  # fmt: skip


def _calamine_lines() -> list[str]:
    """py-spy shows no native frame: calamine's time is on the lines that call it."""
    path = ROOT / "reports" / "xlsx_read.py"
    lines = path.read_text().splitlines()
    return [f"xlsx_read.py:{i})" for i, text in enumerate(lines, 1) if "get_sheet_by_name" in text]


def phases(raw: Path, rules: list[tuple[str, list[str]]]) -> list[tuple[str, int]]:
    """Samples by phase from py-spy's raw output (a stack and its count a line)."""
    counts: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        name = next((p for p, frames in rules if any(f in stack for f in frames)), "other")
        counts[name] += int(n)
    return counts.most_common()


def spy_import(payments: int, rate: int) -> None:
    from bench.bench_reports import _payments_workbook

    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as d:
        xlsx, book, raw = Path(d, "payments.xlsx"), Path(d, "book.sqlite"), Path(d, "raw.txt")
        _payments_workbook(xlsx, payments)
        subprocess.run([*ACERTO, "--book", str(book), "init", "--currency", "EUR"], check=True,
                       cwd=ROOT, capture_output=True)  # fmt: skip
        cmd = [spy, "record", "-r", str(rate), "-f", "raw", "-o", str(raw), "--"]
        subprocess.run([*cmd, *ACERTO, "--book", str(book), "import", str(xlsx)], check=True,
                       cwd=ROOT, capture_output=True)  # fmt: skip
        rules = [(p, f + _calamine_lines() if "calamine" in p else f) for p, f in IMPORT_PHASES]
        got = phases(raw, rules)
    total = sum(n for _, n in got)
    print(f"acerto import of {payments:,} payments: {total:,} samples at {rate} Hz")
    for name, n in got:
        print(f"  {100 * n / total:5.1f} %  {name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["import"])
    ap.add_argument("--payments", type=int, default=100_000)
    ap.add_argument("--rate", type=int, default=500, help="samples a second")
    args = ap.parse_args(argv)
    spy_import(args.payments, args.rate)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
