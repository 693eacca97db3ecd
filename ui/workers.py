"""Long work off the GUI thread, with a progress dialog that can cancel it.

A `Job` runs a function in a QThread. The function receives `progress(done,
total)` and `cancelled()` callbacks; the thread opens its own database
connection (peewee's SQLite connections belong to one thread) and closes it
at the end. The result or the error comes back to the GUI thread by signal.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.errors import UserError
from models.db import database
from ui.i18n import translate

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by work that noticed the cancel button."""


class Job(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str, bool)  # message, is a UserError

    def __init__(
        self, fn: Callable[..., Any], parent: QObject | None = None, uses_book: bool = True
    ) -> None:
        super().__init__(parent)
        self.fn = fn
        self.uses_book = uses_book
        self._cancel = threading.Event()
        self.was_cancelled = False

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(int(done), int(total))
        if self._cancel.is_set():
            raise Cancelled

    def run(self) -> None:
        opened = False
        try:
            if self.uses_book and database.obj is not None:
                opened = database.connect(reuse_if_open=True)
            result = self.fn(progress=self._progress, cancelled=self.cancelled)
        except Cancelled:
            self.was_cancelled = True
            self.failed.emit(translate("Acerto", "Cancelled; nothing was changed."), True)
        except UserError as exc:
            if self._cancel.is_set():  # the work noticed the cancel button itself
                self.was_cancelled = True
            self.failed.emit(str(exc), True)
        except Exception as exc:  # a bug: log it with its traceback
            log.exception("background job failed")
            self.failed.emit("".join(traceback.format_exception_only(exc)).strip(), False)
        else:
            if self._cancel.is_set():
                self.was_cancelled = True
            self.succeeded.emit(result)
        finally:
            if opened and self.uses_book and database.obj is not None:
                database.close()


def run_in_background(
    parent: QWidget,
    title: str,
    fn: Callable[..., Any],
    on_done: Callable[[Any], None] | None = None,
    label: str = "",
) -> Job:
    """Start `fn` in a thread behind a cancellable progress dialog."""
    dialog = QProgressDialog(label or title, translate("Acerto", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(380)
    job = Job(fn, parent)
    dialog.canceled.connect(job.cancel)

    def progressed(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def finished_ok(result: Any) -> None:
        dialog.reset()
        dialog.close()
        if on_done is not None and not job.was_cancelled:
            on_done(result)

    def finished_bad(message: str, user: bool) -> None:
        dialog.reset()
        dialog.close()
        if job.was_cancelled:
            return
        if user:
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
    job.finished.connect(job.deleteLater)
    job.start()
    return job
