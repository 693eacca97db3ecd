"""A user action tried again when another user was in the way.

Two clerks posting at once meet in the database: on SQLite the second
waits for the write lock (the busy timeout) and may still find it taken;
on PostgreSQL a deadlock, a serialization failure or a lock that could not
be taken ends the transaction; a guarded update that found its row changed
(models/locks.py: LostRace) ends it too. Each time the whole action was
rolled back, so it can simply run again: `retrying` runs it up to
`ATTEMPTS` times, pausing a little longer (and a little at random, so the
racers spread out) before each new try, and then gives up with the
sentence of `BookBusy` — never a traceback. The faces call it around each
user action: the command line's `main` and the window's `run_op`.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from app.errors import BookBusy, UserError
from models.db import database, is_contention

T = TypeVar("T")

ATTEMPTS = 6
FIRST_PAUSE = 0.05  # seconds; doubled after each try, plus up to as much again at random


def retrying(action: Callable[[], T], attempts: int | None = None) -> T:
    """Run `action` (one whole user action: one transaction); try again while the book is busy."""
    attempts = attempts or ATTEMPTS
    pause = FIRST_PAUSE
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except UserError:
            raise
        except Exception as exc:
            # Inside someone else's transaction only the outermost level may try again.
            if not is_contention(exc) or _in_transaction():
                raise
            if attempt == attempts:
                raise BookBusy() from None
        time.sleep(pause + random.uniform(0, pause))
        pause *= 2
    raise AssertionError("unreachable")


def retried(fn: Callable[..., T]) -> Callable[..., T]:
    """`fn` whose every call is `retrying`; keeps its signature (the window inspects it)."""

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> T:
        return retrying(lambda: fn(*args, **kwargs))

    return call


def _in_transaction() -> bool:
    db = database.obj
    return db is not None and not db.is_closed() and bool(db.in_transaction())
