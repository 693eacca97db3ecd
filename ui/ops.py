"""The one seam every posting from the window goes through.

Like Anki's `CollectionOp`: a dialog or a window action hands `run_op` the
app/services call that writes, and `run_op`

1. runs it: on the GUI thread behind a busy cursor for one document, or,
   with `long=True`, in a worker thread with its own connection, a progress
   dialog and Cancel (ui/workers.py);
2. on success emits the book context's one "book changed" signal
   (`BookContext.changed`), which every pane, the detail view and the status
   bar listen to, then calls `success(result)`;
3. when another user keeps the book busy (a lock, a deadlock), runs the
   call again a few times (app/services/retry.py), then refuses with "The
   book is busy: ...";
4. on a refusal (`UserError`, the sentence a rule gave) changes nothing and
   shows the sentence through `ui.messages.show_refusal`, the one message
   helper; a cancelled long job says so calmly (`say_cancelled`). A damaged
   book is refused before its first posting (SQLite's quick check, once),
   and a full disk or a read-only book is a refusal in words too
   (`app.services.storage.guarded`).

Anything else is a bug: it is left to the global exception hook
(ui/excepthook.py), which logs the traceback and says where the log is.
No rule is decided here; the service is the rule book.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.errors import UserError
from app.services import storage
from app.services.retry import retried
from ui.context import BookContext
from ui.messages import refused
from ui.workers import run_in_background

T = TypeVar("T")


def context_of(widget: QObject) -> BookContext:
    """The book context of `widget` or of the first of its parents that has one."""
    obj: QObject | None = widget
    while obj is not None:
        ctx = getattr(obj, "ctx", None)
        if isinstance(ctx, BookContext):
            return ctx
        obj = obj.parent()
    raise LookupError(f"{type(widget).__name__} has no book context to post through")


def run_op(
    parent: QWidget,
    call: Callable[..., T],
    *,
    success: Callable[[T], Any] | None = None,
    failure: Callable[[str], Any] | None = None,
    long: bool = False,
    title: str = "",
) -> None:
    """Run the posting `call` and tell the window; see the module's docstring.

    With `long=True`, `call` runs in a worker thread and receives the
    `progress=` / `cancelled=` keywords its signature names; it must not
    touch widgets. `failure(message)` runs after a refusal or a cancel
    has been shown (a dialog that wants to stay open needs nothing).
    """
    ctx = context_of(parent)
    # The book's quick integrity check before its first posting; disk full,
    # read-only and damaged-file errors become refusals in words.
    call = storage.guarded(call, ctx.url)
    # Another user's transaction in the way: the action runs again, then says the book is busy.
    call = retried(call)

    def done(result: T) -> None:
        ctx.notify()  # the one "book changed"
        if success is not None:
            success(result)

    if long:
        run_in_background(parent, title or parent.windowTitle(), call, done, on_refused=failure)
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    refusal: UserError | None = None
    try:
        result = call()
    except UserError as exc:  # a rule said no (a Cancelled is one too); bugs go on up
        refusal = exc
    finally:
        QApplication.restoreOverrideCursor()
    if refusal is not None:
        refused(parent, refusal, title, failure)
        return
    done(result)
