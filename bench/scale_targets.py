"""The measurements behind `python -m bench.scale`, one function per target of issue 12.

Each runs in a child process of bench/scale.py:

    .venv/bin/python -m bench.scale_targets NAME OPTIONS.json OUT.json

OPTIONS: the books and sizes bench/scale.py prepared (keys "book", "bank", "folder",
"runs", "items", "payments", "notes", "pg", "invoices"). OUT: a list of records, one
per target row: {"key", "size", "unit", "figure": [one value a run], "floor": [...] or
null, "floor_what", "peak_mb", "note"}. Whole processes are timed from outside
(os.wait4: wall, CPU and the child's peak RSS); in-process figures (the panes, the
credit note) carry this process's peak RSS. Each bench's own building blocks are
reused (bench_reports, bench_pdf, bench_small, bench_pane_first, bench_pane_text,
bench_gnucash); bench_start runs whole with its --json.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACERTO = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]
Record = dict[str, Any]


def child(argv: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one whole process run in the tree."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-code cached, as an installed acerto's
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if code not in ok:
        raise SystemExit(f"{' '.join(argv[3:8])} ... exited {code}: {err.strip()[-500:]}")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def self_peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def record(key: str, size: str, unit: str, figure: list[float], **more: Any) -> Record:
    return {
        "key": key,
        "size": size,
        "unit": unit,
        "figure": figure,
        "floor": more.get("floor"),
        "floor_what": more.get("floor_what", ""),
        "peak_mb": more.get("peak_mb"),
        "note": more.get("note", ""),
    }


def interleaved(
    runs: int, ours: list[str], floor: list[str] | None, ok: tuple[int, ...] = (0,)
) -> tuple[list[float], list[float] | None, float]:
    """`runs` of the floor process then ours, interleaved: our walls, the floor's, our peak."""
    walls, floors, peak = [], [], 0.0
    for _ in range(runs):
        if floor:
            floors.append(child(floor)[0])
        took, _cpu, mb = child(ours, ok)
        walls.append(took)
        peak = max(peak, mb)
    return walls, (floors if floor else None), peak


# --- whole processes -------------------------------------------------------------


def t_start(o: dict[str, Any]) -> list[Record]:
    out = Path(o["folder"]) / "start.json"
    argv = [sys.executable, str(ROOT / "bench" / "bench_start.py"), o["book"]]
    subprocess.run([*argv, "--runs", str(o["runs"]), "--json", str(out)], cwd=ROOT, check=True)
    got = json.loads(out.read_text())
    return [
        record("start", o["size"], "s", got["paint"], floor=got["floor"],
               floor_what="bare PySide6 window, three empty tables", peak_mb=got["peak_mb"],
               note=f"CPU at the paint {got['paint_cpu_ratio']:.2f}x the floor's")
    ]  # fmt: skip


def t_small(o: dict[str, Any]) -> list[Record]:
    from bench.bench_small import small_book

    folder = Path(o["folder"]) / "small"
    shutil.rmtree(folder, ignore_errors=True)  # small_book makes a new book: none there
    folder.mkdir()
    book, number = small_book(folder)
    command = [sys.executable, "-m", "app", "--book", book, "show", "invoice", number, "--json"]
    child(command)  # warm the byte-code
    walls, floors, peak = interleaved(o["runs"], command, [sys.executable, "-c", "import peewee"])
    return [record("small", "1 invoice", "s", walls, floor=floors, peak_mb=peak,
                   floor_what='python -c "import peewee"')]  # fmt: skip


def t_check(o: dict[str, Any]) -> list[Record]:
    book = o["bank"]
    child([*ACERTO, "--book", book, "check"], ok=(0, 1))  # migrate, warm the page cache
    floor = [sys.executable, "-c", f"import sqlite3; sqlite3.connect({book!r}).execute("
             "'PRAGMA quick_check').fetchall()"]  # fmt: skip
    walls, floors, peak = interleaved(o["runs"], [*ACERTO, "--book", book, "check"], floor, (0, 1))
    return [record("check", o["size"], "s", walls, floor=floors, peak_mb=peak,
                   floor_what="sqlite3 PRAGMA quick_check alone")]  # fmt: skip


def t_demo(o: dict[str, Any]) -> list[Record]:
    path = Path(o["folder"]) / "demo.sqlite"
    walls, peak = [], 0.0
    for _ in range(o.get("demo_runs", 1)):
        path.unlink(missing_ok=True)
        took, _cpu, mb = child([*ACERTO, "--book", str(path), "demo", "--invoices",
                                str(o["invoices"]), "--today", "2026-03-31", "--quiet"])  # fmt: skip
        walls.append(took)
        peak = max(peak, mb)
    path.unlink(missing_ok=True)
    return [record("demo", o["size"], "s", walls, peak_mb=peak,
                   note="1 run (minutes each)" if len(walls) < 3 else "")]  # fmt: skip


# --- aging and import (bench_reports' books) --------------------------------------


def t_aging(o: dict[str, Any]) -> list[Record]:
    from bench import bench_reports as br

    folder = Path(o["folder"]) / ("aging-pg" if o.get("pg") else "aging")
    folder.mkdir(exist_ok=True)
    br.PG = o.get("pg")
    settled = max(o["invoices"] - o["items"], 0) if br.PG else 0
    if br.PG or not (folder / "aging.sqlite").exists():
        br._aging_book(o["items"], folder, settled)
    db = br._book(folder, "aging.sqlite")
    aging = [*ACERTO, "--book", db, "aging", "--as-of", br.AS_OF.isoformat(), "--basis", "due",
             "--buckets", "30,60,90,120", "--out", str(folder / "aging.xlsx")]  # fmt: skip
    floor = [sys.executable, "-m", "bench.bench_reports", "--aging-floor", db, "--keep",
             str(folder)]  # fmt: skip
    walls, floors, peak = interleaved(o["runs"], aging, floor)
    size = f"{o['items']:,} open items" + (f" of {o['items'] + settled:,}" if settled else "")
    return [record("pg-aging" if br.PG else "aging", size, "s", walls, floor=floors,
                   peak_mb=peak, floor_what="the rows read and written by bare xlsxwriter")]  # fmt: skip


CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
for name in wb.sheet_names:
    for _row in wb.get_sheet_by_name(name).to_python():
        pass
"""


def t_import(o: dict[str, Any]) -> list[Record]:
    from bench import bench_reports as br

    folder = Path(o["folder"])
    xlsx = folder / f"payments-{o['payments']}.xlsx"
    if not xlsx.exists():
        br._payments_workbook(xlsx, o["payments"])
    pg = o.get("pg")
    book = pg or str(folder / "import.sqlite")
    walls, floors, peak = [], [], 0.0
    for _ in range(o["runs"]):
        floors.append(child([sys.executable, "-c", CALAMINE, str(xlsx)])[0])
        if pg:
            br._empty_postgres(pg)
        else:
            Path(book).unlink(missing_ok=True)
        child([*ACERTO, "--book", book, "init", "--currency", "EUR"])
        took, _cpu, mb = child([*ACERTO, "--book", book, "import", str(xlsx)])
        walls.append(took)
        peak = max(peak, mb)
    size = f"{o['payments']:,} payments"
    rows = [record("pg-import" if pg else "import", size, "s", walls, floor=floors,
                   peak_mb=peak, floor_what="python-calamine reading the file",
                   note="whole processes; the import's includes opening the book")]  # fmt: skip
    if not pg:
        rows.append(import_bound(Path(book), floors, folder, size))
    return rows


def import_bound(imported: Path, floors: list[float], folder: Path, size: str) -> Record:
    """The least any import of the same rows costs: calamine's whole process (the
    floors above) plus SQLite writing, from Python lists, the rows the import wrote."""
    empty, work = folder / "bound-empty.sqlite", folder / "bound.sqlite"
    empty.unlink(missing_ok=True)
    child([*ACERTO, "--book", str(empty), "init", "--currency", "EUR"])
    writes = []
    for _ in floors:
        shutil.copyfile(empty, work)
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "import_bound.py"), str(imported), str(work)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        writes.append(float(done.stdout.split()[-1]))
    return record("import-bound", size, "s", [f + w for f, w in zip(floors, writes, strict=True)],
                  floor=floors, floor_what="python-calamine reading the file",
                  note="calamine's process plus SQLite writing the import's rows and "
                  "their indexes from Python lists: no validation, no rule")  # fmt: skip


# --- PDFs -------------------------------------------------------------------------


def _notes_book(folder: Path, notes: int) -> Path:
    path = folder / f"notes-{notes}.sqlite"
    if not path.exists():
        make = ("from pathlib import Path; from bench.bench_pdf import make_notes; "
                f"make_notes(Path({str(path)!r}), {notes})")  # fmt: skip
        subprocess.run([sys.executable, "-c", make], cwd=ROOT, check=True)
    return path


def t_pdf(o: dict[str, Any]) -> list[Record]:
    from bench.bench_pdf import bare_table, batch_writer, per_doc

    folder = Path(o["folder"])
    book = _notes_book(folder, o["notes"])
    out = folder / "pdf-out"
    out.mkdir(exist_ok=True)
    from app.read.report_data import credit_note_data
    from models.db import close_db, init_db

    init_db(str(book))
    datas = [credit_note_data(f"CN-{i:06d}") for i in range(1, min(o["notes"], 50) + 1)]
    close_db()
    write, end_run = batch_writer(datas)
    floor, note = [], []
    for _ in range(o["runs"]):  # interleaved, as bench_pdf
        floor += per_doc(bare_table, out, 50, 1)[0]
        note += per_doc(write, out, 50, 1, lambda: end_run(out))[0]
    rows = [record("pdf-note", "50 credit notes a run", "ms", note, floor=floor,
                   peak_mb=self_peak(), floor_what="bare reportlab one-page table")]  # fmt: skip
    every = [*ACERTO, "--book", str(book), "pdf", "credit-note", "--all", "--out-dir", str(out)]
    walls, _none, peak = interleaved(o["runs"], every, None)
    rows.append(record("pdf-all", f"{o['notes']:,} credit notes", "s", walls, peak_mb=peak))
    return rows


def t_settlement(o: dict[str, Any]) -> list[Record]:
    """`pdf settlement` over every settlement of a demo book of 6,000 invoices (about
    5,200 settlements; --notes scales it: notes x 6)."""
    import sqlite3

    n = o["notes"] * 6
    book = Path(o["folder"]) / f"demo-{n}.sqlite"
    if not book.exists():
        child([*ACERTO, "--book", str(book), "demo", "--invoices", str(n), "--today",
               "2026-03-31", "--quiet"])  # fmt: skip
    count = sqlite3.connect(book).execute("SELECT count(*) FROM settlement").fetchone()[0]
    argv = [*ACERTO, "--book", str(book), "pdf", "settlement", "--from", "2000-01-01", "--to",
            "2099-12-31", "--out", str(Path(o["folder"]) / "settlements.pdf")]  # fmt: skip
    walls, _none, peak = interleaved(o["runs"], argv, None)
    return [record("pdf-settlement", f"{count:,} settlements", "s", walls, peak_mb=peak)]


# --- the peer ---------------------------------------------------------------------


def t_peer(o: dict[str, Any]) -> list[Record]:
    from datetime import date

    from bench import bench_gnucash as bg

    folder = Path(o["folder"]) / "gnucash"
    folder.mkdir(exist_ok=True)
    n, today = o.get("peer_invoices", 3000), date.today().isoformat()
    book, spec, gnc = folder / f"acerto-{n}.sqlite", folder / "inv.json", folder / f"g-{n}.gnucash"
    if not book.exists():
        child([*ACERTO, "--book", str(book), "demo", "--invoices", str(n), "--today", today,
               "--quiet"])  # fmt: skip
    if not gnc.exists():
        bg.export(book, spec)
        child([bg.GNUCASH_PY, str(ROOT / "bench" / "gnucash_book.py"), str(spec), str(gnc)])
    aging = [*ACERTO, "--book", str(book), "aging", "--as-of", today, "--out",
             str(folder / "aging.xlsx")]  # fmt: skip
    gnucash = ["gnucash-cli", "--report", "run", "--name", "Receivable Aging", "--output-file",
               str(folder / "aging.html"), str(gnc)]  # fmt: skip
    child(aging)  # warm-up
    walls, floors, peak = interleaved(o["runs"], aging, gnucash)
    return [record("peer", f"{n:,} invoices", "s", walls, floor=floors, peak_mb=peak,
                   floor_what="gnucash-cli Receivable Aging (the peer)")]  # fmt: skip


# --- the panes (in this process, as the window's model reads them) ------------------


def _runs_of(samples: dict[str, list[float]]) -> tuple[str, list[float]]:
    """The case whose median is the worst, and its runs."""
    name = max(samples, key=lambda k: statistics.median(samples[k]))
    return name, samples[name]


def _plain_first_page(kind: str, runs: int) -> list[float]:
    from models.db import database

    table = {"invoices": "invoice", "payments": "payment", "orders": '"order"'}[kind]
    return _timed_ms(lambda: database.execute_sql(f"SELECT * FROM {table} LIMIT 200").fetchall(),
                     runs)  # fmt: skip


def _timed_ms(fn: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def t_pane_first(o: dict[str, Any]) -> list[Record]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.services import book
    from bench.bench_pane_first import CASES, one
    from ui import i18n

    app = QApplication([])
    i18n.install("en")
    book.open_book(o.get("pg") or o["book"])
    first: dict[str, list[float]] = {}
    end: dict[str, list[float]] = {}
    floor: list[float] = []
    for _ in range(o["runs"]):  # interleaved: a run of every case, then the floor
        for kind, label, fields in CASES:
            got = one(app, kind, fields)
            first.setdefault(f"{kind}: {label}", []).append(got[0])
            end.setdefault(f"{kind}: {label}", []).append(got[2])
        floor += _plain_first_page("invoices", 1)
    prefix = "pg-" if o.get("pg") else ""
    (first_name, worst_first), (end_name, worst_end) = _runs_of(first), _runs_of(end)
    what = "plain SELECT * FROM invoice LIMIT 200"
    return [
        record(prefix + "pane-first", o["size"], "ms", worst_first, floor=floor,
               floor_what=what, peak_mb=self_peak(),
               note=f"slowest of {len(CASES)} filters: {first_name}"),
        record(prefix + "pane-end", o["size"], "ms", worst_end, floor=floor,
               floor_what=what, peak_mb=self_peak(),
               note=f"slowest of {len(CASES)} filters: {end_name}"),
    ]  # fmt: skip


def _filter_samples(kind: str, label: str, f: Any, runs: int) -> dict[str, list[float]]:
    """A filter: its count and first page; each sort of it: the page at the count known."""
    from app.read import panes

    out = {
        f"{kind}: {label}: count + first page": _timed_ms(
            lambda: panes.page(kind, f, total=panes.count(kind, f)), runs
        )
    }
    n = panes.count(kind, f)
    for column in panes.sort_columns(kind):  # type: ignore[arg-type]
        for order in ("asc", "desc"):
            out[f"{kind}: {label} by {column} {order}"] = _timed_ms(
                lambda c=column, d=order: panes.page(kind, f, c, d, 0, total=n), runs
            )
    return out


def t_pane_sort(o: dict[str, Any]) -> list[Record]:
    """bench_pane_text's grid: every filter by every sort column both ways, as the window
    reads them; the slowest median."""
    from app.read import panes
    from app.services import book
    from bench.bench_pane_text import GRID, TODAY
    from models.db import database

    book.open_book(o.get("pg") or o["book"])
    samples: dict[str, list[float]] = {}
    for kind in ("invoices", "payments", "orders"):
        for label, fields in GRID:
            if kind != "invoices" and (
                "status" in fields and fields["status"] != "open_items" or "kind" in fields
            ):
                continue
            f = panes.Filters(today=TODAY, **fields)
            samples.update(_filter_samples(kind, label, f, o["runs"]))
    name, runs = _runs_of(samples)
    floor = _timed_ms(lambda: database.execute_sql("SELECT COUNT(*) FROM invoice").fetchone(),
                      o["runs"])  # fmt: skip
    over = sum(statistics.median(v) > 300 for v in samples.values())
    return [record(("pg-" if o.get("pg") else "") + "pane-sort", o["size"], "ms", runs,
                   floor=floor, floor_what="plain SELECT COUNT(*) FROM invoice",
                   peak_mb=self_peak(),
                   note=f"slowest of {len(samples)}: {name}; {over} over 300 ms")]  # fmt: skip


TARGETS: dict[str, Callable[[dict[str, Any]], list[Record]]] = {
    "start": t_start,
    "pane-first": t_pane_first,
    "pane-sort": t_pane_sort,
    "aging": t_aging,
    "import": t_import,
    "check": t_check,
    "pdf": t_pdf,
    "settlement": t_settlement,
    "small": t_small,
    "peer": t_peer,
    "demo": t_demo,
}


def main() -> None:
    name, options, out = sys.argv[1], json.loads(Path(sys.argv[2]).read_text()), sys.argv[3]
    Path(out).write_text(json.dumps(TARGETS[name](options)))


if __name__ == "__main__":
    main()
