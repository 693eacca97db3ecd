"""app/read/bulk.py: no cyclic garbage collection inside `bulk`; with `set_aside`, what
lives at its end is frozen for the write batch around to give back, so the collector's
next run does not walk it all at once (accept-all: app/exchange/bank/accept.py)."""

from __future__ import annotations

import gc

from app.read.bulk import bulk


def test_the_collector_is_off_inside_and_back_after() -> None:
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
        with bulk():  # nested: still off, and left off for the outer one
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_lives_at_the_end_is_set_aside_and_not_walked() -> None:
    gc.collect()
    frozen = gc.get_freeze_count()
    try:
        with bulk(set_aside=True):
            kept = [[k] for k in range(5_000)]
        assert gc.get_freeze_count() >= frozen + len(kept)
        assert gc.get_count()[0] < 100  # the young generation left empty: nothing to walk
    finally:
        gc.unfreeze()  # as the batch around does at its end
    with bulk():
        more = [[k] for k in range(5_000)]
    assert gc.get_freeze_count() == 0 and len(more) == 5_000
