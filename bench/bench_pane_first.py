"""Benchmark: a pane's first rows and Ctrl+End as the window's model reads them (issue 12).

For each filter, the pane model (ui/models/pane_model.py, offscreen Qt) is made
and asked for its first row: the count the model takes first and the first
page (target ≤ 100 ms at 1,000,000 invoices). Then Ctrl+End: the real last
row (≤ 100 ms). Then, when the first count was capped, the time until the
exact count arrived from its thread (the rows grow then). Min / median / max
of RUNS in one process, wall and this process's CPU (SQLite's work is in it;
on PostgreSQL the server's is not).

    .venv/bin/python bench/bench_pane_first.py BOOK.sqlite|URL [RUNS]

The same command runs against an older checkout (PYTHONPATH=CHECKOUT) for
"before": a model without a capped count counts exactly first, and its
Ctrl+End reads the last page from the other end. The book is
bench/bench_pane_text.py's prepared one (`prepare`).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from typing import Any

TODAY = date(2026, 6, 30)

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("invoices", "no filter", {}),
    ("invoices", "text '12' (88,605 rows, two characters)", {"text": "12"}),
    ("invoices", "text 'INV' (every row)", {"text": "INV"}),
    ("invoices", "text '7' (one character)", {"text": "7"}),
    ("invoices", "text 'zq' (none, two characters)", {"text": "zq"}),
    ("invoices", "text 'Comercio' (every customer)", {"text": "Comercio"}),
    ("invoices", "text 'C12' (55,500)", {"text": "C12"}),
    ("invoices", "text 'INV-01234' (10)", {"text": "INV-01234"}),
    ("invoices", "status overdue", {"status": "overdue"}),
    ("invoices", "status settled", {"status": "settled"}),
    ("invoices", "kind standalone", {"kind": "standalone"}),
    ("payments", "no filter", {}),
    ("payments", "text 'Cliente 77'", {"text": "Cliente 77"}),
    ("orders", "no filter", {}),
]


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def one(app: Any, kind: str, fields: dict[str, Any]) -> tuple[float, float, float, float, str]:
    """(first row ms, its CPU ms, Ctrl+End ms, exact count ms from the start or nan, rows)."""
    from app.read import panes
    from ui.models.pane_model import PaneModel

    f = panes.Filters(today=TODAY, **fields)
    start, cpu = time.perf_counter(), time.process_time()
    model = PaneModel(kind, f)  # type: ignore[arg-type]
    model.data(model.index(0, 0))
    first, first_cpu = _ms(start), (time.process_time() - cpu) * 1000
    exact = getattr(model, "exact", True)
    shown = f"{model.rowCount():,}" + ("" if exact else "+")
    at = time.perf_counter()
    if not exact:
        model.to_end(True)
    model.data(model.index(model.rowCount() - 1, 0))
    end = _ms(at)
    counted = float("nan")
    if not exact:
        job = model.exact_count.job
        if job is not None:
            job.wait()
        while not model.exact and model.exact_count.busy():
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        counted = _ms(start)
        shown += f" -> {model.rowCount():,}"
    model.wait() if hasattr(model, "wait") else None
    return first, first_cpu, end, counted, shown


def _mmm(values: list[float]) -> str:
    if any(v != v for v in values):  # nan: not capped
        return f"{'-':>23}"
    return f"{min(values):7.1f} {statistics.median(values):7.1f} {max(values):7.1f}"


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.services import book
    from ui import i18n

    app = QApplication([])
    i18n.install("en")
    book.open_book(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) == 3 else 3
    print(f"load average {os.getloadavg()[0]:.2f}; min / median / max of {runs} runs, ms")
    print(f"{'':<50} {'first row':>23} {'cpu':>6} {'Ctrl+End':>23} {'exact count':>23}  rows")
    for kind, label, fields in CASES:
        got = [one(app, kind, fields) for _ in range(runs)]
        first, cpu, end, counted = ([g[i] for g in got] for i in range(4))
        print(
            f"{kind + ': ' + label:<50} {_mmm(first)} {statistics.median(cpu):6.1f}"
            f" {_mmm(end)} {_mmm(counted)}  {got[-1][4]}",
            flush=True,
        )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
