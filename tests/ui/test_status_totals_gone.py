"""A totals read that ends after its window closed changes nothing and raises nothing.

The read runs on its own thread (ui/status_totals.py); under load it can end
after the window and its status label were destroyed. Seen once in the suite
as "Internal C++ object (QLabel) already deleted" raised in the event loop.
"""

from __future__ import annotations

from types import SimpleNamespace

import shiboken6
from PySide6.QtWidgets import QLabel

from ui.status_totals import StatusTotals


class _Job:
    """What the totals read leaves behind: its result, or its refusal."""

    def __init__(self) -> None:
        self.result = SimpleNamespace(count=1, amount=0, open=0, overdue=0, overdue_count=0)
        self.refusal = "refused"
        self.bug = None


def _job() -> _Job:
    return _Job()


def test_a_read_that_ends_after_the_label_is_gone(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    totals = StatusTotals(label)
    totals.generation = 1
    job = _job()
    totals.job = job  # type: ignore[assignment]
    shiboken6.delete(label)
    totals._done(job, "invoices", 1)  # type: ignore[arg-type]
    totals._failed(job, 1)  # type: ignore[arg-type]
    totals._finished(job, 1)  # type: ignore[arg-type]
    assert totals.shown_generation == 0


def test_a_read_that_ends_with_the_label_shows_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    totals = StatusTotals(label)
    totals.generation = 1
    totals._done(_job(), "invoices", 1)  # type: ignore[arg-type]
    assert totals.shown_generation == 1
    assert label.text().startswith("1 ")
