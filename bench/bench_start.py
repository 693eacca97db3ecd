"""Benchmark: `acerto` to the painted main window, against a bare PySide6 window.

Each run is a whole process on the offscreen platform. Acerto runs with
ACERTO_FIRST_PAINT (ui/startup.py), which prints the time of the window's
first paint (and, with =totals, of the status-bar totals) and quits; the
floor is a bare QMainWindow with a QTabWidget of three empty QTableViews
that prints the same line from its first paint. Runs are interleaved
(floor, acerto, floor, acerto, ...), so the ratio holds on a busy machine.

    .venv/bin/python bench/bench_start.py BOOK [--runs 5]
    .venv/bin/python bench/bench_start.py BOOK --shot window.png
    xvfb-run -a .venv/bin/python bench/bench_start.py BOOK --platform xcb

--shot opens the window in this process, sorts the Invoices pane by Balance
(descending), filters it to open items, presses Ctrl+End, waits for the
status-bar totals and saves the window as PNG (printing each step's time).

Each process also tells the CPU seconds it had spent at its first paint
(time.process_time): the whole process's CPU (rusage) includes its teardown
after the paint (Qt's widgets and the interpreter's modules: ~0.06-0.09 s for
Acerto's window, ~0.03 s for the bare one), which is not the start.

The children run with their byte-code cached, as an installed `acerto`
does: PYTHONDONTWRITEBYTECODE (set in the project's sessions) is removed
from their environment and the warm-up runs write __pycache__ (before
2026-11-29 07:30 the app's modules were compiled at every start here).

BOOK is a copy (opening migrates it). Targets (issue 12): ≤ 2.5× the floor
and under 1 s at 1,000,000 invoices.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget

class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.done)

    def done(self):
        print(f"first-paint {time.time():.6f} cpu {time.process_time():.6f}", flush=True)
        QApplication.quit()

app = QApplication([])
w = Window()
tabs = QTabWidget(w)
for title in ("Orders", "Invoices", "Payments"):
    tabs.addTab(QTableView(tabs), title)
w.setCentralWidget(tabs)
w.resize(1360, 800)
w.show()
app.exec()
"""


# Any checkout's window, timed from outside: its first paint prints and quits
# (for a tree without ACERTO_FIRST_PAINT, e.g. the main branch before this work).
PATCHED = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.main
original = ui.main.MainWindow.paintEvent
painted = []

def done():
    print(f"first-paint {time.time():.6f}", flush=True)
    QApplication.quit()

def paint(self, event):
    original(self, event)
    if not painted:
        painted.append(1)
        QTimer.singleShot(0, done)

ui.main.MainWindow.paintEvent = paint
from app.cli import main
sys.exit(main())
"""


def run(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from starting the process to each line it printed, and its CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    # In the tree's own folder: `python -c` puts the current folder first on sys.path,
    # which would otherwise run this checkout's modules for every tree.
    cwd = env.get("PYTHONPATH") or None
    out = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    times = {"cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime}
    for line in out.splitlines():
        name, *values = line.split()
        if name in ("first-paint", "totals") and name not in times:  # the first of each
            times[name] = float(values[0]) - start
            if values[1:2] == ["cpu"]:  # the CPU seconds the process had spent by then
                times[f"{name}-cpu"] = float(values[2])
    if "first-paint" not in times:
        raise SystemExit(f"no first-paint line from {argv}: {out!r}")
    return times


def figures(values: list[float]) -> str:
    return " / ".join(f"{v:.3f}" for v in (min(values), statistics.median(values), max(values)))


def shot(book_url: str, png: str) -> None:
    """The window after a sort, a filter and Ctrl+End, saved as `png`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.read import panes
    from app.services import book
    from ui import i18n
    from ui.context import BookContext
    from ui.main import MainWindow, make_application

    app = make_application()
    i18n.install("en")
    book.open_book(book_url)
    window = MainWindow(BookContext(book_url))
    window.show()
    QTest.qWaitForWindowExposed(window)
    pane = window.panes["invoices"]
    steps = [
        ("sort by Balance", lambda: pane.view.sortByColumn(6, Qt.SortOrder.DescendingOrder)),
        (
            "filter: open items",
            lambda: pane.status.setCurrentIndex(pane.status.findData(panes.OPEN)),
        ),
        (
            "Ctrl+End",
            lambda: QTest.keyClick(pane.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier),
        ),
    ]
    pane.view.setFocus()
    for label, step in steps:
        if (
            label == "Ctrl+End"
        ):  # as a click on a row would: with no current row it goes to the first
            pane.view.selectRow(0)
        start = time.perf_counter()
        step()
        app.processEvents()
        print(f"{label:<20} {1000 * (time.perf_counter() - start):8.1f} ms (with the repaint)")
    while not window.status_totals.current():
        QTest.qWait(50)
    app.processEvents()
    print(f"rows {pane.model.rowCount():,}, current row {pane.view.currentIndex().row():,}")
    print(f"status bar: {window.totals.text().strip()}")
    window.grab().save(png)
    print(png)
    window.close()


def write_json(
    path: str, floor: list[float], paint: list[float], floor_at: list[float], paint_at: list[float]
) -> None:
    """The runs' wall seconds to the first paint (the window's and the floor's), the ratio
    of CPU at the paint, and the peak RSS of the children (the largest: Acerto's window)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cpu_ratio = statistics.median(paint_at) / statistics.median(floor_at)
    got = {"paint": paint, "floor": floor, "paint_cpu_ratio": cpu_ratio, "peak_mb": peak}
    Path(path).write_text(json.dumps(got), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--before", metavar="TREE", help="also time the window of this checkout (e.g. main)"
    )
    parser.add_argument(
        "--shot", metavar="PNG", help="save the window after sort, filter, Ctrl+End"
    )
    parser.add_argument(
        "--platform",
        default="offscreen",
        help="Qt's platform plugin for the children (xcb: on a display, e.g. under xvfb-run -a)",
    )
    parser.add_argument(
        "--json", metavar="FILE", help="also write the runs' figures as JSON (bench/scale.py)"
    )
    args = parser.parse_args()
    if args.shot:
        shot(args.book, args.shot)
        return
    # The window's settings in a folder of their own: the warm-up run saves the
    # window's state, which every timed run then restores (as a user's start does).
    config = tempfile.mkdtemp(prefix="acerto-bench-start-")
    env = dict(
        os.environ, QT_QPA_PLATFORM=args.platform, PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=config
    )
    # a start on a display remembers its check of the xcb plugin's libraries here
    env["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="acerto-bench-cache-")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-code cached, as an installed acerto's
    acerto = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]
    acerto += ["--book", args.book]
    floor, paint, totals, floor_cpu, paint_cpu = [], [], [], [], []
    floor_at, paint_at = [], []  # CPU seconds at the first paint, told by the process
    before, before_cpu = [], []
    older = [sys.executable, "-c", PATCHED, "--book", args.book]
    older_env = dict(env, PYTHONPATH=str(args.before)) if args.before else env
    if args.before and (Path(args.before) / "ui" / "startup.py").exists():
        # A tree that has ACERTO_FIRST_PAINT is timed as this one is (the patched
        # window would also wait for its status-bar totals before the process ends).
        older = [*acerto[:3], "--book", args.book]
        older_env["ACERTO_FIRST_PAINT"] = "paint"
    if args.before:
        run(older, older_env)  # its warm-up
    run(acerto, dict(env, ACERTO_FIRST_PAINT="paint"))  # warm the page cache, migrate
    for _ in range(args.runs):
        bare = run([sys.executable, "-c", FLOOR], env)
        floor.append(bare["first-paint"])
        floor_cpu.append(bare["cpu"])
        floor_at.append(bare["first-paint-cpu"])
        ours = run(acerto, dict(env, ACERTO_FIRST_PAINT="paint"))
        paint.append(ours["first-paint"])
        paint_cpu.append(ours["cpu"])
        paint_at.append(ours.get("first-paint-cpu", float("nan")))
        totals.append(run(acerto, dict(env, ACERTO_FIRST_PAINT="totals"))["totals"])
        if args.before:
            theirs = run(older, older_env)
            before.append(theirs["first-paint"])
            before_cpu.append(theirs["cpu"])
    print(f"runs: {args.runs}, interleaved, byte-code cached; seconds min / median / max")
    print(f"load {os.getloadavg()}, platform {args.platform}")
    print(f"floor (bare window, three empty tables)  {figures(floor)}")
    print(f"acerto to first paint                    {figures(paint)}")
    print(f"acerto to status-bar totals              {figures(totals)}")
    if args.before:
        print(f"before ({args.before}) to first paint     {figures(before)}")
        print(f"before, CPU seconds                      {figures(before_cpu)}")
    print(f"floor, CPU seconds (whole process)       {figures(floor_cpu)}")
    print(f"acerto, CPU seconds (quits at the paint) {figures(paint_cpu)}")
    print(f"floor, CPU seconds at the first paint    {figures(floor_at)}")
    print(f"acerto, CPU seconds at the first paint   {figures(paint_at)}")
    ratio = statistics.median(paint) / statistics.median(floor)
    cpu_ratio = statistics.median(paint_cpu) / statistics.median(floor_cpu)
    at_ratio = statistics.median(paint_at) / statistics.median(floor_at)
    print(
        f"ratio of medians: wall {ratio:.2f}x, CPU {cpu_ratio:.2f}x (whole process), "
        f"{at_ratio:.2f}x (to the first paint) (target 2.5x, < 1 s)"
    )
    if args.json:
        write_json(args.json, floor, paint, floor_at, paint_at)
    for folder in (config, env["XDG_CACHE_HOME"]):  # the runs' settings and xcb check
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
