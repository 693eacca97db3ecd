"""The import of N payments in CPU seconds, its calamine floor, and where the time goes.

    PYTHONPATH=TREE .venv/bin/python bench/bench_import.py [--payments N] [--stages] [--label L]

Runs `app.exchange.import_book` of TREE (the tree on PYTHONPATH: an export of
another commit under /dev/shm, or this one) on bench_reports' payments
workbook, and prints the CPU seconds of the import and of python-calamine
reading every row of the same file (the floor), with the load. The workbook
and the floor come from the bench_reports.py beside this file, so a tree
whose bench lacks them (fca254e) is measured on the same workbook. Run the
trees interleaved, a process each; CPU seconds say more than the wall clock
on a shared machine. `--stages` also times a few coarse functions (each
called a handful of times, so unprofiled): the guarded reader's checks,
reading the cells, the plan, the replay's operations and order, the
service, the compare.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def _bench_reports() -> Any:
    spec = importlib.util.spec_from_file_location("_bench_reports", _HERE / "bench_reports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_bench_reports"] = module
    spec.loader.exec_module(module)
    return module


def _timed(spent: dict[str, float], owner: Any, name: str, label: str) -> None:
    """Wrap `owner.name` so that its CPU seconds add up in spent[label]."""
    fn = getattr(owner, name)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, wrapper)


def _stages(spent: dict[str, float]) -> None:
    import app.exchange as exchange
    import app.exchange.cells as cells
    import app.exchange.plan as plan
    import app.exchange.replay as replay
    import app.services.payments as payments
    import reports.xlsx_read as xlsx_read

    _timed(spent, xlsx_read, "check_workbook", "checks")
    if hasattr(cells.Checker, "read_sheet"):  # before app/exchange/reading.py
        _timed(spent, cells.Checker, "read_sheet", "cells")
    else:
        _timed(spent, exchange, "read_sheet", "cells")
    _timed(spent, plan.Plan, "check", "plan")
    _timed(spent, replay.Replay, "__init__", "replay ops+order")
    _timed(spent, replay.Replay, "_payment_ops", "replay ops+order")
    _timed(spent, replay, "_sort", "replay ops+order")
    _timed(spent, payments, "record_payments", "record_payments")
    _timed(spent, exchange, "compare", "compare")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--payments", type=int, default=100_000)
    ap.add_argument("--stages", action="store_true", help="time the import's stages too")
    ap.add_argument("--label", default=os.environ.get("PYTHONPATH", "."), help="names the tree")
    args = ap.parse_args(argv)
    bench = _bench_reports()
    spent: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payments.xlsx"
        bench._payments_workbook(path, args.payments)
        bench._fresh(Path(tmp) / "import.sqlite")
        from app.exchange import import_book
        from reports.exchange_xlsx import ExchangeSource

        if args.stages:
            try:
                _stages(spent)
            except ImportError:  # a tree from before app/exchange/ was a package
                print(f"{args.label}: no stages (the tree has no app/exchange/cells.py)")
        start = time.process_time()
        with ExchangeSource(path) as source:
            import_book(source)
        took = time.process_time() - start
        start = time.process_time()
        bench._calamine_floor(path)
        floor = time.process_time() - start
    print(
        f"{args.label}: import of {args.payments:,} payments {took:.2f} s CPU; calamine floor "
        f"{floor:.2f} s CPU ({took / floor:.1f}x); load {os.getloadavg()[0]:.1f}"
    )
    if spent:
        rest = took - sum(spent.values())
        print("  " + "  ".join(f"{k} {v:.2f}" for k, v in spent.items()) + f"  the rest {rest:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
