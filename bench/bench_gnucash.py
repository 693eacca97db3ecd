"""Acerto's aging against GnuCash's Receivable Aging report on the same invoices (issue 12's peer).

    .venv/bin/python bench/bench_gnucash.py [--invoices 3000] [--runs 3] [--keep DIR]

Needs GnuCash 4.13 and its Python bindings from Debian (`apt-get install
gnucash python3-gnucash`); a bench, not a test: CI never installs them.

1. An Acerto demo book of --invoices invoices (`acerto demo`, dated as of today).
2. The same invoices (number, customer, date, due date, total, what was settled
   and when) written to a GnuCash XML book through the bindings
   (bench/gnucash_book.py, run by /usr/bin/python3).
3. Interleaved, --runs times each: the whole process `acerto aging --as-of TODAY
   --out X.xlsx` and `gnucash-cli --report run --name "Receivable Aging"
   --output-file X.html BOOK` (GnuCash ages as of today). Wall seconds and the
   child's CPU seconds (os.wait4); min / median / max and GnuCash / Acerto.

Both print their open total, so the reader sees they aged the same money.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GNUCASH_PY = "/usr/bin/python3"


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system of the child) and stdout of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, out


def spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def acerto(*args: str) -> list[str]:
    return [sys.executable, "-m", "app", *args]


def export(book: Path, target: Path) -> int:
    """The Acerto book's posted invoices as gnucash_book.py reads them."""
    con = sqlite3.connect(book)
    rows = con.execute(
        """SELECT i.number, c.code, c.name, i.date, i.due_date, i.total, i.settled,
                  (SELECT MAX(s.date) FROM settlement s WHERE s.invoice_id = i.id)
           FROM invoice i JOIN customer c ON c.id = i.customer_id
           WHERE i.kind = 'invoice' AND i.status NOT IN ('draft', 'corrected')
           ORDER BY i.id"""
    ).fetchall()
    currency = con.execute("SELECT value FROM setting WHERE key = 'currency'").fetchone()
    con.close()
    spec = {"currency": currency[0] if currency else "EUR", "invoices": rows}
    target.write_text(json.dumps(spec), encoding="utf-8")
    return len(rows)


def gnucash_total(html: str) -> str:
    """The report's grand total (the last money cell)."""
    cells = re.findall(r">\s*([^<>]*\d[^<>]*)\s*<", html)
    return cells[-1].strip() if cells else "?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--invoices", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="a folder to keep (and reuse) the two books in")
    a = ap.parse_args()
    folder = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="bench-gnucash-"))
    folder.mkdir(parents=True, exist_ok=True)
    today = date.today().isoformat()
    book, spec, gnc = (folder / f"acerto-{a.invoices}.sqlite", folder / "invoices.json",
                       folder / f"gnucash-{a.invoices}.gnucash")  # fmt: skip
    if not book.exists():
        t = time.perf_counter()
        timed(acerto("--book", str(book), "demo", "--invoices", str(a.invoices), "--today", today,
                     "--quiet"))  # fmt: skip
        print(f"Acerto demo book: {time.perf_counter() - t:.1f} s")
    if not gnc.exists():
        count = export(book, spec)
        t = time.perf_counter()
        timed([GNUCASH_PY, str(ROOT / "bench" / "gnucash_book.py"), str(spec), str(gnc)])
        print(
            f"GnuCash book of {count} invoices through the bindings: {time.perf_counter() - t:.1f} s"
        )
    xlsx, html = folder / "aging.xlsx", folder / "aging.html"
    runs: dict[str, list[tuple[float, float]]] = {"acerto": [], "gnucash": []}
    said = {}
    timed(acerto("--book", str(book), "aging", "--as-of", today, "--out", str(xlsx)))  # warm-up
    for _ in range(a.runs):
        wall, cpu, out = timed(
            acerto("--book", str(book), "aging", "--as-of", today, "--out", str(xlsx))
        )
        runs["acerto"].append((wall, cpu))
        said["acerto"] = out.strip().splitlines()[0]
        wall, cpu, _ = timed(["gnucash-cli", "--report", "run", "--name", "Receivable Aging",
                              "--output-file", str(html), str(gnc)])  # fmt: skip
        runs["gnucash"].append((wall, cpu))
        said["gnucash"] = "total " + gnucash_total(html.read_text(encoding="utf-8"))
    print(f"load average {os.getloadavg()[0]:.1f}; as of {today}; {a.runs} interleaved runs each")
    for name, got in runs.items():
        print(f"{name:8} wall s {spread([w for w, _ in got])}   CPU s {spread([c for _, c in got])}"
              f"   ({said[name]})")  # fmt: skip
    for i, kind in ((0, "wall"), (1, "CPU")):
        mine = statistics.median(r[i] for r in runs["acerto"])
        theirs = statistics.median(r[i] for r in runs["gnucash"])
        print(f"GnuCash / Acerto, medians of {kind}: {theirs / mine:.1f}x (target at least 10x)")
    print(f"books in {folder}")


if __name__ == "__main__":
    main()
