"""Benchmark: the start of a small command against `python -c "import peewee"`.

Each run is a whole process: the floor (`python -c "import peewee"`), then
`python -m app --book BOOK show invoice NUMBER --json` of each tree given
with --tree (default: this checkout), interleaved, so the ratio holds on a
busy machine. Wall seconds from the parent, CPU seconds from the child's
rusage. Without BOOK a small book (one customer, one invoice) is made in a
temporary folder.

The children run with their byte-code cached, as an installed `acerto`
does: PYTHONDONTWRITEBYTECODE (set in the project's sessions) is removed
from their environment, and a warm-up run of each tree writes __pycache__.
(Without a cache every start compiles the app's modules: the figures taken
before 2026-11-29 07:30 were, for the app but not for peewee.)

    .venv/bin/python bench/bench_small.py [BOOK --number N] [--runs 5] [--tree DIR ...]

Target (issue 12): ≤ 2× the floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(argv: list[str], tree: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one child process (its output discarded, its code checked)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=tree, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def small_book(folder: Path) -> tuple[str, str]:
    book = str(folder / "small.sqlite")
    acerto = [sys.executable, "-m", "app", "--book", book]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([*acerto, "init", "--currency", "EUR"], env=env, check=True, capture_output=True)
    subprocess.run([*acerto, "customer", "add", "C1", "Cliente"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    out = subprocess.run(
        [*acerto, "invoice", "add", "--customer", "C1", "--date", "2026-03-02",
         "--line", "Hours;2;50.00"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return book, out.strip().splitlines()[-1]


def figures(values: list[float]) -> str:
    return " / ".join(
        f"{v * 1000:.0f}" for v in (min(values), statistics.median(values), max(values))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?")
    parser.add_argument("--number", help="the invoice to show (with BOOK)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", action="append", type=Path)
    args = parser.parse_args()
    trees = args.tree or [ROOT]
    with tempfile.TemporaryDirectory() as tmp:
        book, number = (args.book, args.number) if args.book else small_book(Path(tmp))
        floor = [sys.executable, "-c", "import peewee"]
        command = [sys.executable, "-m", "app", "--book", book, "show", "invoice", number, "--json"]
        for tree in trees:  # warm the file cache and the byte-code of every tree
            run(command, tree)
        results: dict[str, list[tuple[float, float]]] = {"floor": []}
        for _ in range(args.runs):
            results["floor"].append(run(floor, ROOT))
            for tree in trees:
                results.setdefault(str(tree), []).append(run(command, tree))
    load = os.getloadavg()[0]
    print(f"{args.runs} runs, load {load:.1f}, byte-code cached; ms min / median / max")
    floor_wall = statistics.median(w for w, _ in results["floor"])
    floor_cpu = statistics.median(c for _, c in results["floor"])
    for name, rows in results.items():
        walls, cpus = [w for w, _ in rows], [c for _, c in rows]
        ratio = (
            ""
            if name == "floor"
            else f"  ratio {statistics.median(walls) / floor_wall:.2f}x wall, "
            f"{statistics.median(cpus) / floor_cpu:.2f}x CPU"
        )
        print(f"{name:<40} wall {figures(walls)}  cpu {figures(cpus)}{ratio}")


if __name__ == "__main__":
    main()
