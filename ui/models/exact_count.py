"""A pane's exact count, read off the GUI thread (issue 12).

A pane first counts its rows no further than `panes.COUNT_CAP` + 1 (a few
milliseconds however many rows the filter keeps) and shows its first page at
once; when there are more, the exact count is read here, in a
`ui.workers.Job` with its own connection to the book, and handed back by
`counted(request, n)`. One read runs at a time: a request made while one
runs (the user is still typing) waits, only the latest waiting one is read
when the running one ends, and the model drops an answer to any request but
its latest (`request` numbers them). The window's start holds the shown
pane's count (`hold`) until its first paint (`resume`): a count of a million
rows is 20-40 ms of CPU the first paint does not need (issue 12). On Linux the counting thread runs at a
lower priority (nice 10): it is background work, and on a busy machine it
otherwise takes CPU the window needs for the rows it shows meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from app.read import panes
from ui.workers import Job

_running: set[Job] = set()  # jobs have no Qt parent: they live until their thread ends


class ExactCount(QObject):
    counted = Signal(int, int)  # the request's number, the count

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.wanted: tuple[int, panes.Kind, panes.Filters] | None = None
        self.job: Job | None = None
        self.reads = 0  # counts started so far
        self.held = False  # requests wait for resume() (the window's first paint)

    def request(self, number: int, kind: panes.Kind, filters: panes.Filters) -> None:
        """Count `kind`'s rows under `filters` exactly; answer with `number`."""
        self.wanted = (number, kind, filters)
        self._start()

    def hold(self) -> None:
        """Start nothing until resume(); the latest request waits."""
        self.held = True

    def resume(self) -> None:
        """Start the request that waits, if any."""
        self.held = False
        self._start()

    def busy(self) -> bool:
        return self.job is not None or self.wanted is not None

    def wait(self) -> None:
        """Let a running count end (its thread must not outlive Qt); nothing more starts."""
        self.wanted = None
        if self.job is not None:
            self.job.wait()

    def _start(self) -> None:
        if self.wanted is None or self.job is not None or self.held:
            return  # the running job starts the waiting request when it ends
        number, kind, filters = self.wanted
        self.wanted = None
        job = Job(lambda: background_count(kind, filters))
        self.job = job
        _running.add(job)
        job.succeeded.connect(lambda: self._done(job, number))
        job.failed.connect(lambda: self._failed(job))
        job.finished.connect(lambda: self._finished(job))
        self.reads += 1
        job.start()

    def _done(self, job: Job, number: int) -> None:
        if isValid(self):
            self.counted.emit(number, int(job.result))

    def _failed(self, job: Job) -> None:
        # a refusal (the book went away): the pane keeps "more than"; a bug is a bug
        if isValid(self) and job.bug is not None:
            sys.excepthook(*job.bug)

    def _finished(self, job: Job) -> None:
        _running.discard(job)
        if isValid(self) and self.job is job:
            self.job = None
            self._start()


NICE = 10


def background_count(kind: panes.Kind, filters: panes.Filters) -> int:
    """The exact count, from a thread that yields the CPU to the window's."""
    if sys.platform.startswith("linux"):  # a thread's own niceness (its task id)
        with contextlib.suppress(OSError):  # not allowed here: the usual priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
    return panes.count(kind, filters)
