"""Statement PDFs written by a small pool of processes (issue 13's batch speed).

Laying a PDF out is pure Python (reportlab) and holds the interpreter, so a
batch of 1,000 statements on a 2-core machine goes twice as fast when two
processes write the files. The parent reads the book (the workers never
open it) and hands each worker a finished `Statement`, its language and
its file; a worker lays it out exactly as the single command does
(`write_one`), so the files read the same.

Workers are started with "spawn", never "fork": the window runs batches
from a thread of a Qt process, which must not be forked. Starting them
costs about a second, so small batches stay in the calling process.
Cancelling stops handing out statements and waits for those in hand;
`write_new` leaves no half-written file either way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from app import i18n
from app.errors import Cancelled
from app.files import sync_folder
from app.i18n import _
from app.read.statement import Statement
from reports.jobs import write_new
from reports.pdf_base import folder_synced_later
from reports.statement_pdf import write_statement

POOL_FROM = 40  # statements: below this the pool's start costs more than it saves
IN_FLIGHT = 8  # statements handed out and not yet written, per worker

Job = tuple[Path, Statement, str]  # file, data, language
Writer = Callable[[Path, Any, str], Path]  # a module-level function: workers import it


def workers_for(count: int) -> int:
    """How many processes write `count` statements: 1 (this one) or up to 2."""
    if count < POOL_FROM:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def write_one(out: Path, s: Statement, lang: str) -> Path:
    """One statement PDF in its customer's language (in a worker or in this process)."""
    with i18n.language(lang):
        write_new(out, lambda: write_statement(out, s))
    return out


def write_all(
    jobs: Iterable[Job],
    workers: int,
    done: Callable[[Path], None],
    cancelled: Callable[[], bool] | None = None,
    write: Writer = write_one,
) -> None:
    """Write every job's PDF with `workers` processes, calling `done(path)` as each
    file is finished (in the order they finish). `write` lays out one job (a
    statement by default; the credit notes of `reports/credit_note_batch.py` too)."""
    folders: set[Path] = set()  # synced once each at the end, not after every file
    try:
        if workers <= 1:
            for out, s, lang in jobs:
                _check(cancelled)
                folders.add(out.parent)
                done(_one_of_batch(write, out, s, lang))
            return
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: set[Future[Path]] = set()
            try:
                for out, s, lang in jobs:
                    _check(cancelled)
                    folders.add(out.parent)
                    pending.add(pool.submit(_one_of_batch, write, out, s, lang))
                    if len(pending) >= IN_FLIGHT * workers:
                        pending = _collect(pending, done, FIRST_COMPLETED)
                _collect(pending, done, None)
            except BaseException:
                for f in pending:
                    f.cancel()
                raise
    finally:
        for folder in folders:
            sync_folder(folder)


def _one_of_batch(write: Writer, out: Path, s: Any, lang: str) -> Path:
    with folder_synced_later():
        return write(out, s, lang)


def _collect(
    pending: set[Future[Path]], done: Callable[[Path], None], until: str | None
) -> set[Future[Path]]:
    finished, left = wait(pending, return_when=until or "ALL_COMPLETED")
    for f in finished:
        done(f.result())
    return set(left)


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled(_("The statements were cancelled."))
