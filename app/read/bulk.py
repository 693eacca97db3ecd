"""The cyclic garbage collector paused while a book's worth of rows is read or written.

Its own module, so that what needs only this (the import) does not load the
bank matching's rules with it (app/read/bank.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk(set_aside: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while a book's worth of rows is read and matched:
    they are tuples, numbers and strings (no cycles to find), and the collector
    would walk the millions of them again at every generation's threshold, a third
    of the time proposals take on a 1,000,000-invoice book (bench/README.md).

    `set_aside`: what lives at the end is set aside (`gc.freeze`) before the
    collector is back, for a write batch around to give back as it ends
    (models/batch.py). Else the collector's first run walks it all at once: 0.57 s
    after accept-all at 1,000,000 invoices, most of it about to be freed by its
    count as the caller returns."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if set_aside:
                gc.freeze()
            gc.enable()
