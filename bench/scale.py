"""One command for every target of issue 12: builds the books, runs each target's bench
and prints one table (figure min/median/max, its floor measured in the same run, the
ratio, peak memory, the target, met or NOT met).

    .venv/bin/python -m bench.scale [--invoices 1000000] [--runs 3] [--keep DIR]
        [--reuse DIR] [--only NAMES] [--pg URL] [--demo] [--json OUT]

Books (built in DIR, or a temporary folder removed at the end): bench/bank_book.py's
fast book of --invoices invoices (about 5 minutes at 1,000,000; `check` runs on it),
bench/bench_pane_text.py's `prepare` of it (payments, orders, settled and standalone
invoices: the panes and the start), bench_reports' aging book of --items open items
and its import workbook of --payments payments, bench_pdf's book of --notes credit
notes, bench_gnucash's 3,000-invoice books (only where /usr/bin/python3 imports
gnucash). --reuse DIR measures the books a --keep DIR run left.

Each target runs in its own child process (bench/scale_targets.py), which writes its
runs as JSON; a bench that fails says so in its row and the others still run. Nothing
here asserts a time: met / NOT met is the comparison printed, nothing more. --demo
adds the demo of --invoices invoices (one run: minutes); --pg URL adds the PostgreSQL
panes, aging and import (the database is emptied and filled by the run).

NAMES (--only, comma-separated): start, pane-first (and Ctrl+End), pane-sort, aging,
import, check, pdf (credit note and --all), settlement (its PDF), small, peer, demo, pg-pane-first,
pg-pane-sort, pg-aging, pg-import.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = "bench/README.md"


@dataclass(frozen=True)
class Target:
    """One row: issue 12's words, the target, and where the README profiles a miss."""

    what: str
    target: str
    limit: float | None = None  # the figure's median at most this (in the row's unit)
    ratio: float | None = None  # the median over the floor's median at most this
    mb: float | None = None  # peak memory under this
    profile: str = ""
    about: str = ""  # a row with no target of its own: what it tells of another


PANES = "Issue 12 (panes12b): counts that never hold up the first rows, bounded walks"
ROWS: dict[str, Target] = {
    "start": Target("Start: `acerto` to the painted main window", "≤ 2.5× floor, < 1 s",
                    1.0, 2.5, profile="Issue 12 (start12d): start"),
    "pane-first": Target("Panes: first rows", "≤ 100 ms", 100, profile=PANES),
    "pane-sort": Target("Panes: sort by every column, filter by customer, status, kind, "
                        "dates, text", "≤ 300 ms", 300,
                        profile="PostgreSQL: the write batch sends its rows by COPY (5e8bce1)"),
    "pane-end": Target("Panes: Ctrl+End reaches the real last row", "≤ 100 ms", 100,
                       profile=PANES),
    "aging": Target("Aging of 100,000 open items", "≤ 5 s, < 200 MB", 5.0, mb=200,
                    profile="Issue 12 (aging12): the aging workbook of 100,000 open items"),
    "import": Target("Import of 100,000 payments (full validation, the services)",
                     "≤ 3× calamine", ratio=3.0,
                     profile="The import's lower bound (issue 12)"),
    "import-bound": Target("Import: the least any import of the same rows costs", "—",
                           about="a lower bound of the import's figure: its ratio is the "
                           "least the import's ratio can be on this book's schema"),
    "check": Target("`check` at 1M (quick_check, every logical check)", "≤ 5 s, < 300 MB",
                    5.0, mb=300, profile="Issue 12 (scale12): check, small commands, PDFs, aging"),
    "pdf-note": Target("PDFs: credit note", "≤ 2× bare reportlab", ratio=2.0,
                       profile="Issue 12 (pdf12b): credit note and settlement report"),
    "pdf-all": Target("PDFs: `pdf credit-note --all`, 1,000", "≤ 10 s", 10.0,
                      profile="Issue 12 (pdf12b): credit note and settlement report"),
    "pdf-settlement": Target("PDFs: settlement report, 5,000 settlements", "≤ 5 s", 5.0,
                             profile="Issue 12 (pdf12b): credit note and settlement report"),
    "small": Target("Start of small commands: `show invoice X --json`",
                    "≤ 2× import peewee", ratio=2.0,
                    profile="Issue 12 (start12b): start of small commands and of the window"),
    "peer": Target("The peer: `acerto aging` against GnuCash's Receivable Aging",
                   "≥ 10× faster (≤ 0.10×)", ratio=0.1,
                   profile="Issue 12 (pdf12): PDF speeds and the GnuCash peer"),
    "pg-pane-first": Target("PostgreSQL: panes, first rows", "≤ 100 ms", 100,
                            profile="Issue 12 (pg12b): PostgreSQL at 1M"),
    "pg-pane-end": Target("PostgreSQL: panes, Ctrl+End", "≤ 100 ms", 100,
                          profile="Issue 12 (pg12b): PostgreSQL at 1M"),
    "pg-pane-sort": Target("PostgreSQL: panes, sort and filter", "≤ 300 ms", 300,
                           profile="Issue 12 (pg12b): PostgreSQL at 1M"),
    "pg-aging": Target("PostgreSQL: aging of 100,000 open items", "≤ 5 s, < 200 MB", 5.0,
                       mb=200, profile="Issue 12 (pg12b): PostgreSQL at 1M"),
    "pg-import": Target("PostgreSQL: import of 100,000 payments", "≤ 3× calamine",
                        ratio=3.0, profile="PostgreSQL: the write batch sends its rows by COPY (5e8bce1)"),
    "demo": Target("The demo builds 1,000,000 invoices", "< 3 min", 180.0,
                   profile="End of the sixth session (2026-11-29 16:17–16:21, machine idle, "
                   "load 0.7–1.0)"),
}  # fmt: skip

# runner (bench/scale_targets.py) -> the rows it gives, and the book it needs
RUNNERS: dict[str, tuple[list[str], str | None]] = {
    "start": (["start"], "panes"),
    "pane-first": (["pane-first", "pane-end"], "panes"),
    "pane-sort": (["pane-sort"], "panes"),
    "aging": (["aging"], None),
    "import": (["import", "import-bound"], None),
    "check": (["check"], "bank"),
    "pdf": (["pdf-note", "pdf-all"], None),
    "settlement": (["pdf-settlement"], None),
    "small": (["small"], None),
    "peer": (["peer"], None),
    "pg-pane-first": (["pg-pane-first", "pg-pane-end"], "pg"),
    "pg-pane-sort": (["pg-pane-sort"], "pg"),
    "pg-aging": (["pg-aging"], None),
    "pg-import": (["pg-import"], None),
    "demo": (["demo"], None),
}
BY_DEFAULT = ["start", "pane-first", "pane-sort", "aging", "import", "check", "pdf",
              "settlement", "small", "peer"]  # fmt: skip
PG_RUNNERS = ["pg-pane-first", "pg-pane-sort", "pg-aging", "pg-import"]


def _python(code: str, folder: Path, **env: str) -> str:
    """Run `code` in a child (this tree on its path); its last line of output."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), **env),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


class Books:
    """The books the targets need, built once in `folder` (or found there)."""

    def __init__(self, folder: Path, invoices: int, pg: str | None) -> None:
        self.folder, self.invoices, self.pg = folder, invoices, pg
        self.made: dict[str, str] = {}

    def get(self, name: str) -> str:
        if name not in self.made:
            start = time.perf_counter()
            self.made[name] = getattr(self, "_" + name)()
            took = time.perf_counter() - start  # with the books it is made from
            print(f"book {name}: {self.made[name]} ({took:.1f} s)", flush=True)
        return self.made[name]

    def _bank(self) -> str:
        """bank_book.py's book (every invoice open, 1,000 statement lines)."""
        customers = min(2000, max(self.invoices // 10, 1))
        code = ("from bench.bank_book import cached_book; "
                f"print(cached_book({self.invoices}, {customers}, 1000))")  # fmt: skip
        return _python(code, self.folder, ACERTO_BANK_BENCH_DIR=str(self.folder / "bank"))

    def _panes(self) -> str:
        """bench_pane_text's `prepare` of the bank book (payments 30 % and orders 10 % of
        the invoices: 300,000 and 100,000 at 1,000,000), migrated by opening it once."""
        dest = self.folder / f"panes-{self.invoices}.sqlite"
        if not dest.exists():
            src, tmp = self.get("bank"), dest.with_suffix(".building")
            code = ("import sys; from pathlib import Path; from bench import bench_pane_text as t; "
                    f"t.PAYMENTS, t.ORDERS = {max(self.invoices * 3 // 10, 1)}, "
                    f"{max(self.invoices // 10, 1)}; t.prepare(Path({src!r}), Path({str(tmp)!r}))"
                    )  # fmt: skip
            _python(code, self.folder)
            tmp.rename(dest)
        # Opened once (migrated), and the rows written in SQL put into the text box's
        # FTS5 index, as the end of every write batch does (models/text_search.py):
        # without it every text filter scans the rows above the index's mark.
        _python("from app.services import book; from models import text_search; "
                f"from models.db import database; book.open_book({str(dest)!r}); "
                "text_search.catch_up(database.obj)", self.folder)  # fmt: skip
        return str(dest)

    def _pg(self) -> str:
        """The prepared pane book copied into the PostgreSQL database, with its indexes."""
        assert self.pg
        panes = self.get("panes")
        empty = f"from bench.bench_reports import _empty_postgres; _empty_postgres({self.pg!r})"
        _python(empty, self.folder)
        for step in (f"copy_to_postgres(Path({panes!r}), {self.pg!r})",
                     f"index_postgres({self.pg!r})"):  # fmt: skip
            _python("from pathlib import Path; from bench.bench_pane_text import "
                    f"copy_to_postgres, index_postgres; {step}", self.folder)  # fmt: skip
        return self.pg


def gnucash_missing() -> str:
    """Why the peer cannot run here ('' when it can)."""
    py = Path("/usr/bin/python3")
    if not py.exists() or not shutil.which("gnucash-cli"):
        return "not run: GnuCash not installed"
    done = subprocess.run([str(py), "-c", "import gnucash"], capture_output=True)
    return "" if done.returncode == 0 else "not run: GnuCash not installed"


def run_target(name: str, books: Books, options: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one runner, or its rows marked failed with the reason."""
    keys, needs = RUNNERS[name]
    start = time.perf_counter()  # again once its books are there
    try:
        opts = dict(options)
        if needs == "bank":
            opts["bank"] = books.get("bank")
        elif needs:
            opts["book"] = books.get(needs)
        if name.startswith("pg-"):
            opts["pg"] = books.pg
        start = time.perf_counter()
        src, out = books.folder / f"{name}.options.json", books.folder / f"{name}.out.json"
        src.write_text(json.dumps(opts))
        out.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "bench.scale_targets", name.removeprefix("pg-"), str(src),
             str(out)],
            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
            raise RuntimeError(lines[-1])
        rows: list[dict[str, Any]] = json.loads(out.read_text())
        for row in rows:
            row["key"] = ("pg-" if name.startswith("pg-") else "") + row["key"].removeprefix("pg-")
    except (RuntimeError, OSError, ValueError) as e:
        rows = [{"key": k, "status": f"failed: {str(e)[:300]}"} for k in keys]
    took = time.perf_counter() - start
    print(f"ran {name} in {took:.1f} s (load {os.getloadavg()[0]:.1f})", flush=True)
    return rows


def judge(row: dict[str, Any]) -> dict[str, Any]:
    """The row's medians, ratio and met / NOT met against its Target."""
    t = ROWS[row["key"]]
    out = dict(row, what=t.what, target=t.target)
    if "figure" not in row:
        out.setdefault("status", "not run")
        return out
    fig = row["figure"]
    out["median"] = statistics.median(fig)
    out["min"], out["max"] = min(fig), max(fig)
    floor = row.get("floor")
    out["floor_median"] = statistics.median(floor) if floor else None
    out["ratio"] = out["median"] / out["floor_median"] if floor else None
    if t.about:
        out["status"] = t.about
        return out
    misses = []
    if t.limit is not None and out["median"] > t.limit:
        misses.append("time")
    if t.ratio is not None and (out["ratio"] is None or out["ratio"] > t.ratio):
        misses.append("ratio")
    if t.mb is not None and (row.get("peak_mb") is None or row["peak_mb"] >= t.mb):
        misses.append("memory")
    out["met"] = not misses
    out["status"] = "met" if not misses else "NOT met (" + ", ".join(misses) + ")"
    if misses and t.profile:
        out["status"] += f'; profile: {README} "{t.profile}"'
    return out


def _num(v: float | None, unit: str = "") -> str:
    if v is None:
        return "—"
    return f"{v:,.0f}{unit}" if abs(v) >= 100 else f"{v:.3g}{unit}" if v < 1 else f"{v:.2f}{unit}"


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| Target (issue 12) | Size | Figure min / median / max | Floor median | Ratio "
            "| Peak MB | Target | Met |")  # fmt: skip
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "median" not in r:
            lines.append(f"| {r['what']} | {r.get('size', '—')} | — | — | — | — | {r['target']} "
                         f"| {r['status']} |")  # fmt: skip
            continue
        u = " " + r["unit"]
        fig = f"{_num(r['min'])} / {_num(r['median'])} / {_num(r['max'])}{u}"
        floor = _num(r["floor_median"], u) if r["floor_median"] is not None else "—"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—"
        peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") is not None else "—"
        note = f" ({r['note']})" if r.get("note") else ""
        lines.append(f"| {r['what']}{note} | {r['size']} | {fig} | {floor} | {ratio} | {peak} "
                     f"| {r['target']} | {r['status']} |")  # fmt: skip
    return "\n".join(lines)


def selected(args: argparse.Namespace) -> list[str]:
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        wrong = [n for n in names if n not in RUNNERS]
        if wrong:
            raise SystemExit(f"--only: no target {', '.join(wrong)} (names: {', '.join(RUNNERS)})")
        return names
    return BY_DEFAULT + (PG_RUNNERS if args.pg else []) + (["demo"] if args.demo else [])


def measure(args: argparse.Namespace, folder: Path) -> list[dict[str, Any]]:
    books = Books(folder, args.invoices, args.pg)
    size = f"{args.invoices:,} invoices"
    options = {"folder": str(folder), "runs": args.runs, "invoices": args.invoices,
               "items": args.items, "payments": args.payments, "notes": args.notes,
               "size": size}  # fmt: skip
    names = selected(args)
    rows: list[dict[str, Any]] = []
    for name in names:
        if name.startswith("pg-") and not args.pg:
            rows += [{"key": k, "status": "not run: give --pg URL"} for k in RUNNERS[name][0]]
        elif name == "peer" and gnucash_missing():
            rows.append({"key": "peer", "status": gnucash_missing()})
        else:
            rows += run_target(name, books, options)
    if args.only is None:
        if not args.demo:
            rows.append({"key": "demo", "status": "not run (--demo: 7-9 minutes at 1M)"})
        if not args.pg:
            rows += [{"key": k, "status": "not run: give --pg URL"}
                     for n in PG_RUNNERS for k in RUNNERS[n][0]]  # fmt: skip
    order = list(ROWS)
    return [judge(r) for r in sorted(rows, key=lambda r: order.index(r["key"]))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--invoices", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--items", type=int, default=100_000, help="open items of the aging book")
    ap.add_argument("--payments", type=int, default=100_000, help="payments of the import")
    ap.add_argument("--notes", type=int, default=1000, help="credit notes of the PDF book")
    ap.add_argument("--keep", type=Path, help="build the books in DIR and keep them")
    ap.add_argument("--reuse", type=Path, help="measure the books a --keep DIR run left")
    ap.add_argument("--only", metavar="NAMES", help="comma-separated targets (see above)")
    ap.add_argument("--pg", metavar="URL", help="add the PostgreSQL rows (database emptied)")
    ap.add_argument("--demo", action="store_true", help="add the demo of --invoices invoices")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the table's rows as JSON")
    args = ap.parse_args(argv)
    names = selected(args)  # a wrong name stops before any book is built
    start = time.perf_counter()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = (args.reuse or args.keep or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        print(f"bench.scale: {', '.join(names)}; books in {folder}", flush=True)
        rows = measure(args, folder)
    end_load = os.getloadavg()
    print(f"\n{args.runs} runs each; load average {load[0]:.1f} at the start, "
          f"{end_load[0]:.1f} at the end; {time.perf_counter() - start:.0f} s in all\n")  # fmt: skip
    print(table(rows))
    if args.json:
        meta = {"runs": args.runs, "invoices": args.invoices, "load": [load[0], end_load[0]]}
        args.json.write_text(json.dumps({**meta, "rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
