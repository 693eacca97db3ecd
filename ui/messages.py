"""The one way the window tells the user that the book was left as it was.

A refusal (`app.errors.UserError`: a rule said no, with the sentence the
user reads) goes to the posting dialog's own error line when it came from
one, else to a warning box; a cancelled long job is a calm word in the
status bar. The posting seam (ui/ops.py), the background jobs
(ui/workers.py) and the window's other actions all call these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from app.errors import Cancelled, UserError
from app.rules.limits import escape
from ui.i18n import translate


@runtime_checkable
class ShowsRefusals(Protocol):
    """A widget with its own error line (the posting dialogs): refusals go there."""

    def show_error(self, text: str) -> None: ...


def show_refusal(parent: QWidget | None, message: str, title: str = "") -> None:
    """Show a refusal: in the dialog's own error line, else in a warning box.

    What the user typed or a file held is quoted in it: its control characters
    are shown escaped, never sent raw."""
    message = escape(message, keep_lines=True)
    if isinstance(parent, ShowsRefusals):
        parent.show_error(message)
        return
    QMessageBox.warning(parent, title or translate("Acerto", "Acerto"), message)


def say_cancelled(parent: QWidget, message: str, title: str = "") -> None:
    """A calm word that nothing happened: the status bar, or an information box."""
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 8000)
    else:
        QMessageBox.information(parent, title or translate("Acerto", "Acerto"), message)


def refused(
    parent: QWidget,
    exc: UserError,
    title: str = "",
    failure: Callable[[str], Any] | None = None,
) -> None:
    """Tell the user the book was left as it was: cancelled calmly, refused with its sentence."""
    if isinstance(exc, Cancelled):
        say_cancelled(parent, str(exc), title)
    else:
        show_refusal(parent, str(exc), title)
    if failure is not None:
        failure(str(exc))
