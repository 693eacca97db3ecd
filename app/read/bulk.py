"""The cyclic garbage collector paused while a book's worth of rows is read or written.

Its own module, so that what needs only this (the import) does not load the
bank matching's rules with it (app/read/bank.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while a book's worth of rows is read and matched:
    they are tuples, numbers and strings (no cycles to find), and the collector
    would walk the millions of them again at every generation's threshold, a third
    of the time proposals take on a 1,000,000-invoice book (bench/README.md)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
