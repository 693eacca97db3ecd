"""What the integrity checks cost on a big book.

    acerto --book /dev/shm/b.sqlite demo --invoices 100000     # a few minutes
    .venv/bin/python bench/bench_integrity.py /dev/shm/b.sqlite

Prints the file size, `PRAGMA quick_check` (run once per opened book before
its first posting or a backup), `PRAGMA integrity_check` (the first step
of `acerto check`), the rules' invariants and cached figures
(app/read/invariants.py) and the whole `check_book`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.read.check import check_book  # noqa: E402
from app.read.invariants import check_invariants  # noqa: E402
from app.services import book  # noqa: E402
from models.bookfile import integrity_problems  # noqa: E402
from models.db import database  # noqa: E402


def timed(label: str, fn: object) -> object:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    print(f"{label:<40} {time.perf_counter() - start:7.2f} s")
    return result


def main(path: str) -> None:
    size = Path(path).stat().st_size
    print(f"book {path}: {size / 1e6:.0f} MB")
    book.open_book(path)
    db = database.obj
    timed("open (no migration)", lambda: (book.close_book(), book.open_book(path)))
    db = database.obj
    assert timed("PRAGMA quick_check", lambda: integrity_problems(db, quick=True)) == []
    assert timed("PRAGMA integrity_check", lambda: integrity_problems(db)) == []
    found: list[str] = []
    timed("invariants and cached figures", lambda: check_invariants(found.append, book.currency()))
    report = timed("check_book (all of acerto check)", check_book)
    print(f"problems: {len(found)} invariants, {len(report.problems)} in check")  # type: ignore[attr-defined]
    book.close_book()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/dev/shm/b.sqlite")
