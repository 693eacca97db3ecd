"""Long work off the GUI thread, with a progress dialog that can cancel it.

A `Job` runs a function in a QThread. The function receives `progress(done,
total)` and `cancelled()` callbacks (those its signature names) and passes
them on to app/ and reports/ (which raise `app.errors.Cancelled` inside
their transaction when `cancelled()` answers True, so the book stays as it
was). `progress` only emits a signal and `cancelled` only reads a flag the
GUI thread sets, so both are safe to call from the worker. The thread opens
its own connection to the book (`app.services.book.thread_connection`:
peewee's connections belong to one thread) and closes it at the end. The
outcome comes back to the GUI thread by signal: a refusal is shown by the
one refusal helper (ui/messages.py), a bug goes to the global exception hook
(ui/excepthook.py). Postings run here through `ui.ops.run_op(long=True)`.
"""

from __future__ import annotations

import inspect
import sys
import threading
from collections.abc import Callable
from contextlib import nullcontext
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import Cancelled, UserError
from app.services import book
from ui.i18n import translate
from ui.messages import refused

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

__all__ = ["Cancelled", "Job", "long_work_kwargs", "run_in_background"]


def long_work_kwargs(
    fn: Callable[..., Any], progress: Progress, cancelled: IsCancelled
) -> dict[str, Any]:
    """`progress=` and `cancelled=` for `fn`, each only when its signature takes it."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return {}
    offered = {"progress": progress, "cancelled": cancelled}
    return {name: value for name, value in offered.items() if name in params}


class Job(QThread):
    progressed = Signal(int, int)
    # The outcome stays on the job (the result, or the refusal, or the bug's
    # exception info); the signals carry no Python objects across threads.
    succeeded = Signal()
    failed = Signal()

    def __init__(
        self, fn: Callable[..., Any], parent: QObject | None = None, uses_book: bool = True
    ) -> None:
        super().__init__(parent)
        self.fn = fn
        self.uses_book = uses_book
        self._cancel = threading.Event()
        self.was_cancelled = False
        self.dialog: QProgressDialog | None = None
        self.result: Any = None
        self.refusal: UserError | None = None
        self.bug: tuple[type[BaseException], BaseException, TracebackType | None] | None = None

    def cancel(self) -> None:
        """Ask the work to stop (GUI thread); it notices at its next check."""
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(int(done), int(total))

    def run(self) -> None:
        connection = book.thread_connection() if self.uses_book else nullcontext()
        try:
            with connection:
                kwargs = long_work_kwargs(self.fn, self._progress, self.cancelled)
                result = self.fn(**kwargs)
        except Cancelled:
            self.was_cancelled = True
            self.refusal = Cancelled(translate("Acerto", "Cancelled; nothing was changed."))
            self.failed.emit()
        except UserError as exc:
            self.refusal = exc
            self.failed.emit()
        except Exception as exc:  # a bug: the GUI thread hands it to the exception hook
            self.bug = (type(exc), exc, exc.__traceback__)
            self.failed.emit()
        else:
            self.result = result
            self.succeeded.emit()


_running: set[Job] = set()


def run_in_background(
    parent: QWidget,
    title: str,
    fn: Callable[..., Any],
    on_done: Callable[[Any], None] | None = None,
    label: str = "",
    on_refused: Callable[[str], Any] | None = None,
) -> Job:
    """Start `fn(progress=, cancelled=)` in a thread behind a cancellable progress dialog.

    `on_done(result)` runs on the GUI thread when it succeeds; a refusal or
    a cancel is shown (then `on_refused(message)` runs), a bug is raised to
    the global exception hook.
    """
    dialog = QProgressDialog(label or title, translate("Acerto", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(380)
    job = Job(fn)  # no Qt parent: it lives until its thread has finished
    _running.add(job)
    job.dialog = dialog
    dialog.canceled.connect(job.cancel)
    dialog.canceled.connect(lambda: dialog.setLabelText(translate("Acerto", "Cancelling…")))
    jobs: list[Job] | None = getattr(parent, "jobs", None)
    if isinstance(jobs, list):
        jobs.append(job)

    def progressed(done: int, total: int) -> None:
        if total > 0 and not job.cancelled():
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def close_dialog() -> None:
        dialog.reset()
        dialog.close()
        dialog.deleteLater()
        if isinstance(jobs, list) and job in jobs:
            jobs.remove(job)

    def finished_ok() -> None:
        close_dialog()
        if on_done is not None:
            on_done(job.result)

    def finished_bad() -> None:
        close_dialog()
        if job.refusal is not None:
            refused(parent, job.refusal, title, on_refused)
        elif job.bug is not None:
            sys.excepthook(*job.bug)

    job.progressed.connect(progressed)
    job.succeeded.connect(finished_ok)
    job.failed.connect(finished_bad)
    job.finished.connect(lambda: _running.discard(job))
    job.start()
    return job
