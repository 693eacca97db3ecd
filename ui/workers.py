"""Long work off the GUI thread, with a progress dialog that can cancel it.

A `Job` runs a function in a QThread. The function receives `progress(done,
total)` and `cancelled()` callbacks and passes them on to app/ and reports/
(which raise `app.errors.Cancelled` inside their transaction when
`cancelled()` answers True, so the book stays as it was). `progress` only
emits a signal and `cancelled` only reads a flag the GUI thread sets, so
both are safe to call from the worker. The thread opens its own database
connection (peewee's connections belong to one thread) and closes it at
the end. The result or the error comes back to the GUI thread by signal.
"""

from __future__ import annotations

import inspect
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog, QWidget

from app.errors import Cancelled, UserError
from models.db import database
from ui.i18n import translate

log = logging.getLogger(__name__)

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
    # The outcome stays on the job (result, or message and failure kind:
    # "cancelled", "user" for a UserError, "bug"); the signals carry no
    # Python objects across threads.
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
        self.message = ""
        self.failure = ""

    def cancel(self) -> None:
        """Ask the work to stop (GUI thread); it notices at its next check."""
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(int(done), int(total))

    def _fail(self, message: str, kind: str) -> None:
        self.message, self.failure = message, kind
        self.failed.emit()

    def run(self) -> None:
        opened = False
        try:
            if self.uses_book and database.obj is not None:
                opened = database.connect(reuse_if_open=True)
            result = self.fn(progress=self._progress, cancelled=self.cancelled)
        except Cancelled:
            self.was_cancelled = True
            self._fail(translate("Acerto", "Cancelled; nothing was changed."), "cancelled")
        except UserError as exc:
            self._fail(str(exc), "user")
        except Exception as exc:  # a bug: log it with its traceback
            log.exception("background job failed")
            self._fail("".join(traceback.format_exception_only(exc)).strip(), "bug")
        else:
            self.result = result
            self.succeeded.emit()
        finally:
            if opened and self.uses_book and database.obj is not None:
                database.close()


_running: set[Job] = set()


def _say_cancelled(parent: QWidget, title: str, message: str) -> None:
    """A calm word that nothing happened: the status bar, or an information box."""
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 8000)
    else:
        QMessageBox.information(parent, title, message)


def run_in_background(
    parent: QWidget,
    title: str,
    fn: Callable[..., Any],
    on_done: Callable[[Any], None] | None = None,
    label: str = "",
) -> Job:
    """Start `fn(progress=, cancelled=)` in a thread behind a cancellable progress dialog."""
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
        message, kind = job.message, job.failure
        if kind == "cancelled":
            _say_cancelled(parent, title, message)
        elif kind == "user":
            QMessageBox.warning(parent, title, message)
        else:
            QMessageBox.critical(
                parent,
                translate("Acerto", "Internal error"),
                translate("Acerto", "This is a bug in Acerto:") + "\n\n" + message,
            )

    job.progressed.connect(progressed)
    job.succeeded.connect(finished_ok)
    job.failed.connect(finished_bad)
    job.finished.connect(lambda: _running.discard(job))
    job.start()
    return job
