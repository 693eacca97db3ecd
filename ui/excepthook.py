"""The window's last line of defence: a bug is logged, not fatal.

`install()` sets `sys.excepthook` (exceptions escaping a slot, a timer or
an event handler on the GUI thread: PySide6 hands them to it) and
`threading.excepthook` (Python threads). Either writes the traceback to a
rotating log file in the user's data folder and shows a dialog saying that
an internal error happened and where the log is; the window keeps running.
Background jobs (ui/workers.py) call `report()` for the bugs they catch.

A `UserError` is not a bug: the posting seam (ui/ops.py) shows it through
`ui.messages.show_refusal`, so it never gets here; should one slip through, it
is shown the same way rather than logged as a crash.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import UserError
from ui.i18n import translate

log = logging.getLogger("acerto.bugs")

LOG_NAME = "acerto.log"
MAX_BYTES = 1_000_000
BACKUPS = 3  # acerto.log.1 .. .3: a few sessions of history, never a full disk

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def default_log_file() -> Path:
    """acerto.log in the user's data folder, beside the default book."""
    import platformdirs

    return Path(platformdirs.user_data_dir("Acerto")) / LOG_NAME


class _Hook:
    """What `install()` set up, so `uninstall()` can put everything back."""

    def __init__(self, log_file: Path | None) -> None:
        self._log_file = log_file
        self.handler: _LogFile | None = None
        self.previous_sys = sys.excepthook
        self.previous_threading = threading.excepthook
        self.showing = False
        self.relay: _Relay | None = None

    @property
    def log_file(self) -> Path:
        """The log's path; the default one is looked up when first needed (platformdirs)."""
        if self._log_file is None:
            self._log_file = default_log_file()
        return self._log_file


class _LogFile(logging.Handler):
    """The rotating log file, opened (its folder made) at the first record: a start
    without a warning neither imports logging.handlers nor touches the disk."""

    def __init__(self, hook: _Hook) -> None:
        super().__init__(logging.WARNING)
        self.hook = hook
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.file is None:
                self.file = self._open()
        except Exception:  # no folder, no disk: said on stderr, as a file handler does
            self.handleError(record)
            return
        self.file.handle(record)

    def _open(self) -> logging.Handler:
        import logging.handlers

        path = self.hook.log_file
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        return handler

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


_hook: _Hook | None = None


class _Relay(QObject):
    """Carries "show the dialog" from any thread to the GUI thread (queued signal)."""

    show = Signal(str)


def log_file() -> Path | None:
    """Where the tracebacks go, once `install()` has run."""
    return _hook.log_file if _hook is not None else None


def install(log_path: Path | None = None) -> Path | None:
    """Log bugs to `log_path` (default: the user's data folder, looked up when first
    written) and show them; returns `log_path`."""
    global _hook
    uninstall()
    hook = _Hook(log_path)
    handler = _LogFile(hook)
    # Warnings and up from every module (log.exception in a preview, a worker)
    # land in the same file as the crashes.
    logging.getLogger().addHandler(handler)
    hook.handler = handler
    relay = _Relay()
    relay.show.connect(_show_on_gui_thread)
    app = QCoreApplication.instance()
    if app is not None:
        relay.moveToThread(app.thread())
    hook.relay = relay
    _hook = hook
    sys.excepthook = _sys_hook
    threading.excepthook = _threading_hook
    return log_path


def uninstall() -> None:
    """Put back the hooks that were there before `install()` (tests)."""
    global _hook
    hook, _hook = _hook, None
    if hook is None:
        return
    sys.excepthook = hook.previous_sys
    threading.excepthook = hook.previous_threading
    if hook.handler is not None:
        logging.getLogger().removeHandler(hook.handler)
        hook.handler.close()


def _sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in the terminal still quits
        sys.__excepthook__(exc_type, exc, tb)
        return
    report((exc_type, exc, tb))


def _threading_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:  # SystemExit without a value: nothing to say
        return
    name = args.thread.name if args.thread is not None else "?"
    report((args.exc_type, args.exc_value, args.exc_traceback), where=f"thread {name}")


def report(info: ExcInfo, where: str = "") -> None:
    """Log a bug with its traceback and tell the user where the log is (any thread)."""
    exc_type, exc, tb = info
    if isinstance(exc, UserError):
        # Not a bug: the sentence is for the user, through the one refusal helper.
        from ui.messages import show_refusal

        if _on_gui_thread():
            show_refusal(None, str(exc))
        return
    log.error("Internal error%s", f" in {where}" if where else "", exc_info=info)
    hook = _hook
    if hook is None or hook.relay is None:
        return
    message = f"{exc_type.__name__}: {exc}"
    if _on_gui_thread():
        _show_on_gui_thread(message)
    else:
        hook.relay.show.emit(message)


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def _show_on_gui_thread(message: str) -> None:
    hook = _hook
    if hook is None or hook.showing:
        return  # one dialog at a time: an error repeating in a paint event is logged only
    hook.showing = True
    try:
        show_internal_error(_active_window(), message, hook.log_file)
    finally:
        hook.showing = False


def _active_window() -> QWidget | None:
    app = QApplication.instance()
    return app.activeWindow() if isinstance(app, QApplication) else None


def show_internal_error(parent: QWidget | None, message: str, path: Path) -> None:
    """The dialog: an internal error happened, the window goes on, the log is at `path`."""
    QMessageBox.critical(
        parent,
        translate("Acerto", "Internal error"),
        translate(
            "Acerto",
            "Acerto met an internal error (a bug) and stopped what it was doing; "
            "the window goes on working.\n\n{message}\n\n"
            "The details are in the log file:\n{path}\n\n"
            "Please send that file with a word on what you were doing.",
        ).format(message=message, path=path),
    )
