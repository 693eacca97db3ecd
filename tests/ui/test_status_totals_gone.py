"""A totals read that ends after its window closed, or after another book was
opened, changes nothing and raises nothing.

The read runs on its own thread (ui/status_totals.py); under load it can end
after the window and its status label were destroyed. Seen once in the suite
as "Internal C++ object (QLabel) already deleted" raised in the event loop, and
in CI (2026-11-29) as "no such table: setting": a read of one test's window
ended after the next test had opened its book, failed there, and its failure
went to the exception hook in the next test.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel

from app.services import book
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
    totals._done(job, "invoices", 1, book.opened())  # type: ignore[arg-type]
    totals._failed(job, 1, book.opened())  # type: ignore[arg-type]
    totals._finished(job, 1)  # type: ignore[arg-type]
    assert totals.shown_generation == 0


def test_a_read_that_ends_with_the_label_shows_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    totals = StatusTotals(label)
    totals.generation = 1
    totals._done(_job(), "invoices", 1, book.opened())  # type: ignore[arg-type]
    assert totals.shown_generation == 1
    assert label.text().startswith("1 ")


def _failed_with_a_bug() -> _Job:
    job = _Job()
    job.refusal = None  # type: ignore[assignment]
    try:
        raise RuntimeError("no such table: setting")
    except RuntimeError as exc:
        job.bug = (type(exc), exc, exc.__traceback__)  # type: ignore[assignment]
    return job


def test_a_read_of_a_book_no_longer_open_is_dropped(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooked: list[object] = []
    monkeypatch.setattr("sys.excepthook", lambda *info: hooked.append(info))
    label = QLabel("earlier totals")
    qtbot.addWidget(label)
    totals = StatusTotals(label)
    totals.generation = 1
    then = object()  # the book the read began on; another is open now
    totals._done(_job(), "invoices", 1, then)  # type: ignore[arg-type]
    totals._failed(_failed_with_a_bug(), 1, then)  # type: ignore[arg-type]
    assert (totals.shown_generation, label.text(), hooked) == (0, "earlier totals", [])
    totals._failed(_failed_with_a_bug(), 1, book.opened())  # type: ignore[arg-type]
    assert len(hooked) == 1  # the same failure on the book still open is a bug shown


def test_after_the_window_closed_nothing_is_read_or_shown(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooked: list[object] = []
    monkeypatch.setattr("sys.excepthook", lambda *info: hooked.append(info))
    label = QLabel()
    qtbot.addWidget(label)
    totals = StatusTotals(label)
    totals.wait()  # the window closes
    totals._failed(_failed_with_a_bug(), 0, book.opened())  # type: ignore[arg-type]
    totals.start()
    totals.request("invoices", None)  # type: ignore[arg-type]
    assert (hooked, totals.reads, totals.job) == ([], 0, None)


def test_a_read_dropped_because_the_book_was_opened_again_is_read_again(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening another book failed while a read ran, and the window went back to
    its book without asking for totals: the latest request is read again, else
    the label stays greyed for good."""
    label = QLabel("earlier totals")
    qtbot.addWidget(label)
    totals = StatusTotals(label)
    started: list[int] = []
    monkeypatch.setattr(totals, "_start", lambda: started.append(totals.generation))
    totals.request("invoices", None)  # type: ignore[arg-type]
    assert not label.isEnabled() and started == [1]
    job = _job()
    totals.job = job  # type: ignore[assignment]
    then = object()  # the book the read began on; the window opened it again since
    totals._done(job, "invoices", 1, then)  # type: ignore[arg-type]
    totals._finished(job, 1, then)  # type: ignore[arg-type]
    assert started == [1, 1] and totals.job is None  # read again, for the same request
    totals.job = job  # type: ignore[assignment]
    totals._finished(job, 1, book.opened())  # type: ignore[arg-type]
    assert started == [1, 1]  # a read of the book still open is not read twice
