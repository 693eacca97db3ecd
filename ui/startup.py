"""The window's start: the QApplication, what can stop the window before Qt starts,
and the start-up timing for the bench (bench/bench_start.py).

With ACERTO_FIRST_PAINT=paint the window prints `first-paint <epoch seconds>
cpu <CPU seconds of the process so far>` once it has painted for the first
time, then quits; with
ACERTO_FIRST_PAINT=totals it also waits for the status-bar totals and prints
`totals <epoch seconds>` before quitting. Without the variable nothing happens.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from types import ModuleType

from PySide6.QtWidgets import QApplication

from app.errors import UserError
from app.services import book
from ui import platform_libs
from ui.recent import private_settings
from ui.status_totals import StatusTotals

ENV = "ACERTO_FIRST_PAINT"


def first_paint(totals: StatusTotals) -> bool:
    """Called once, after the window's first paint; True when the window quits now."""
    mode = os.environ.get(ENV, "")
    if not mode:
        return False
    print(f"first-paint {time.time():.6f} cpu {time.process_time():.6f}", flush=True)
    if mode != "totals":
        QApplication.quit()
        return True

    def arrived() -> None:
        print(f"totals {time.time():.6f}", flush=True)
        QApplication.quit()

    totals.shown.connect(arrived)
    return False


def lazy_module(name: str) -> ModuleType:
    """Module `name`, executed when one of its names is first used: the window's
    start does not pay for what only an action needs (reportlab, xlsxwriter)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("Acerto")
    app.setApplicationName("Acerto")
    assert isinstance(app, QApplication)
    private_settings()
    return app


def window_problem(book_url: str | None) -> str | None:
    """Why the window cannot open, in one sentence, before Qt is started (Qt
    aborts the process when its platform plugin cannot load); None if it can.
    A missing book is the first start only at the default place: a named
    path that does not exist is a typing mistake, refused like the command line does."""
    problem = platform_libs.display_problem() or platform_libs.library_problem()
    if problem is not None or not book_url:
        return problem
    try:
        url = book.book_location(book_url)
        missing = book.missing_book(url)
        # the default place is asked only for a missing book (platformdirs: ~12 ms at start)
        if missing is None or url == book.book_location(book.default_book_path()):
            return None
        return missing
    except UserError as exc:
        return str(exc)
