"""Benchmark: `acerto` to the painted main window, against a bare PySide6 window.

Each run is a whole process on the offscreen platform. Acerto runs with
ACERTO_FIRST_PAINT (ui/startup.py), which prints the time of the window's
first paint (and, with =totals, of the status-bar totals) and quits; the
floor is a bare QMainWindow with a QTabWidget of three empty QTableViews
that prints the same line from its first paint. Runs are interleaved
(floor, acerto, floor, acerto, ...), so the ratio holds on a busy machine.

    .venv/bin/python bench/bench_start.py BOOK [--runs 5]

BOOK is a copy (opening migrates it). Targets (issue 12): ≤ 2.5× the floor
and under 1 s at 1,000,000 invoices.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
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
        print(f"first-paint {time.time():.6f}", flush=True)
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


def run(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from starting the process to each line it printed, and its CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    times = {"cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime}
    for line in out.splitlines():
        name, _sep, stamp = line.partition(" ")
        if name in ("first-paint", "totals"):
            times[name] = float(stamp) - start
    if "first-paint" not in times:
        raise SystemExit(f"no first-paint line from {argv}: {out!r}")
    return times


def figures(values: list[float]) -> str:
    return " / ".join(f"{v:.3f}" for v in (min(values), statistics.median(values), max(values)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    acerto = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]
    acerto += ["--book", args.book]
    floor, paint, totals, floor_cpu, paint_cpu = [], [], [], [], []
    run(acerto, dict(env, ACERTO_FIRST_PAINT="paint"))  # warm the page cache, migrate
    for _ in range(args.runs):
        bare = run([sys.executable, "-c", FLOOR], env)
        floor.append(bare["first-paint"])
        floor_cpu.append(bare["cpu"])
        ours = run(acerto, dict(env, ACERTO_FIRST_PAINT="paint"))
        paint.append(ours["first-paint"])
        paint_cpu.append(ours["cpu"])
        totals.append(run(acerto, dict(env, ACERTO_FIRST_PAINT="totals"))["totals"])
    print(f"runs: {args.runs}, interleaved; seconds min / median / max; load {os.getloadavg()}")
    print(f"floor (bare window, three empty tables)  {figures(floor)}")
    print(f"acerto to first paint                    {figures(paint)}")
    print(f"acerto to status-bar totals              {figures(totals)}")
    print(
        f"ratio (medians)                          {statistics.median(paint) / statistics.median(floor):.2f}x"
    )


if __name__ == "__main__":
    main()
