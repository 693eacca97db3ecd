"""The status bar's totals of the current pane, read off the GUI thread.

On a big book the totals are a scan of the filter's rows (half a second at a
million invoices), so they never hold up the window: nothing is read before
the window's first paint, and each read runs in a `ui.workers.Job` (its own
connection to the book). Only one read runs at a time; a request made while
one runs (another pane, filter or "book changed") starts a fresh read when
it ends, and a result is shown only when no request came after it, so the
label always tells the totals of what the pane shows now.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel
from shiboken6 import isValid

from app.read import panes
from app.services import book
from ui import i18n
from ui.i18n import translate
from ui.workers import Job

_running: set[Job] = set()  # jobs have no Qt parent: they live until their thread ends


class StatusTotals(QObject):
    shown = Signal()  # the label shows the totals of the latest request

    def __init__(self, label: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.ready = False  # the window has painted once
        self.wanted: tuple[panes.Kind, panes.Filters] | None = None
        self.generation = 0  # bumped by each request
        self.job: Job | None = None
        self.reads = 0  # totals reads started so far
        self.shown_generation = 0  # the request the label answers
        self.closed = False  # the window closed: nothing more is read or shown

    def request(self, kind: panes.Kind, filters: panes.Filters) -> None:
        """The totals of `kind` under `filters` are wanted (read now, or after the first paint)."""
        self.wanted = (kind, filters)
        self.generation += 1
        # What the label shows is an earlier request's until the new totals arrive:
        # greyed, so a filter's rows are never read against another filter's totals.
        self.label.setEnabled(False)
        self._start()

    def start(self) -> None:
        """The window has painted: read what was asked for meanwhile."""
        self.ready = True
        self._start()

    def busy(self) -> bool:
        return self.job is not None

    def current(self) -> bool:
        """The label shows the totals of the latest request."""
        return self.shown_generation == self.generation

    def settle(self) -> None:
        """Read now if not yet, and wait until the label shows the latest request
        (a screenshot of the window shows its totals)."""
        self.start()
        while not self.current() and self.job is not None:
            self.job.wait()
            QCoreApplication.processEvents()  # the result, and a newer read if one was asked

    def wait(self) -> None:
        """Let a running read end (the window closes; its thread must not outlive Qt);
        what it read is not shown, and nothing more is read."""
        self.closed = True
        if self.job is not None:
            self.job.wait()

    def _start(self) -> None:
        if not self.ready or self.closed or self.wanted is None or self.job is not None:
            return  # a running job restarts us when it ends
        kind, filters = self.wanted
        generation = self.generation
        opened = book.opened()  # the book the window shows now
        job = Job(lambda: panes.totals(kind, filters))
        self.job = job
        _running.add(job)
        job.succeeded.connect(lambda: self._done(job, kind, generation, opened))
        job.failed.connect(lambda: self._failed(job, generation, opened))
        job.finished.connect(lambda: self._finished(job, generation, opened))
        self.reads += 1
        job.start()

    def _gone(self, opened: object = None) -> bool:
        """The window (and its label) was closed while a read ran, or another book
        was opened (`opened`: the book the read was for): nothing to show."""
        if self.closed or (opened is not None and book.opened() is not opened):
            return True  # a window showing another book asks again for its totals
        return not (isValid(self) and isValid(self.label))

    def _done(self, job: Job, kind: panes.Kind, generation: int, opened: object) -> None:
        if self._gone(opened):
            return
        if generation == self.generation:
            self.label.setText(totals_text(kind, job.result) + "  ")
            self.label.setEnabled(True)
            self.shown_generation = generation
            self.shown.emit()

    def _failed(self, job: Job, generation: int, opened: object) -> None:
        if self._gone(opened) or generation != self.generation:
            return
        if job.refusal is not None:
            self.label.setText(str(job.refusal))
            self.label.setEnabled(True)
            self.shown_generation = generation
            self.shown.emit()
        elif job.bug is not None:
            sys.excepthook(*job.bug)

    def _finished(self, job: Job, generation: int, opened: object = None) -> None:
        _running.discard(job)
        if self._gone():
            return
        if self.job is job:
            self.job = None
            if generation != self.generation:
                self._start()  # a request came while it ran: read that one
            elif opened is not None and book.opened() is not opened:
                # The book was opened again meanwhile (another book failed to open and
                # the window went back to this one, asking nothing): the latest request
                # is read again from the book open now, or the label stays greyed.
                self._start()


def totals_text(kind: str, t: Any) -> str:
    """The status bar's sentence for the totals `t` of pane `kind`."""
    m = i18n.money
    if kind == "invoices":
        return translate(
            "Acerto", "{n} documents · total {total} · open {open} · overdue {overdue} ({od_n})"
        ).format(
            n=i18n.count(t.count),
            total=m(t.amount),
            open=m(t.open),
            overdue=m(t.overdue),
            od_n=i18n.count(t.overdue_count),
        )
    if kind == "orders":
        return translate("Acerto", "{n} orders · total {total} · left to invoice {open}").format(
            n=i18n.count(t.count), total=m(t.amount), open=m(t.open)
        )
    return translate("Acerto", "{n} payments · received {total} · unapplied {open}").format(
        n=i18n.count(t.count), total=m(t.amount), open=m(t.open)
    )
