"""The global exception hook: a bug in a slot, a background job or a thread
is written with its traceback to the log file and shown in a dialog that
says where the log is; the window lives on. A refusal is not a bug."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.errors import UserError
from tests.builders import make_customer
from ui import excepthook, messages
from ui.main import MainWindow
from ui.workers import run_in_background

WAIT = 60_000

# pytest-qt would catch the exceptions itself; these tests need the real hook.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def hooked(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The hook installed with its log in tmp_path; the dialogs it shows are recorded."""
    shown: list[tuple[str, Path]] = []
    monkeypatch.setattr(
        excepthook,
        "show_internal_error",
        lambda parent, message, path: shown.append((message, path)),
    )
    log = tmp_path / "data" / "acerto.log"
    assert excepthook.install(log) == log
    try:
        yield log, shown
    finally:
        excepthook.uninstall()


@pytest.fixture
def w(qtbot, ctx):  # type: ignore[no-untyped-def]
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: not win.jobs, timeout=WAIT)


def broken_slot() -> None:
    raise RuntimeError("a bug in a slot")


def test_a_bug_in_a_slot_is_logged_and_shown_and_the_window_lives(qtbot, w, hooked):  # type: ignore[no-untyped-def]
    log, shown = hooked
    make_customer("C1", name="Alpha")
    act = w._action("broken", "Broken", broken_slot)
    act.trigger()  # Qt calls the slot; PySide6 hands its exception to sys.excepthook

    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "in broken_slot" in text and "RuntimeError: a bug in a slot" in text
    assert shown == [("RuntimeError: a bug in a slot", log)]
    # the window is still there and still works
    assert w.isVisible()
    w.refresh()
    assert w.customer.findData("C1") >= 0


def test_a_bug_in_a_background_job_reaches_the_hook(qtbot, w, hooked):  # type: ignore[no-untyped-def]
    log, shown = hooked

    def work() -> None:
        {}["missing"]  # noqa: B018 - the bug

    run_in_background(w, "Job", work)
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    assert shown == [("KeyError: 'missing'", log)]
    text = log.read_text(encoding="utf-8")
    assert "in work" in text and "KeyError: 'missing'" in text
    assert w.isVisible() and not w.jobs


def test_a_bug_in_a_python_thread_is_logged_and_shown_on_the_gui_thread(qtbot, w, hooked):  # type: ignore[no-untyped-def]
    log, shown = hooked

    def worker() -> None:
        raise ValueError("a bug in a thread")

    t = threading.Thread(target=worker, name="helper")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)  # queued to the GUI thread
    assert shown == [("ValueError: a bug in a thread", log)]
    text = log.read_text(encoding="utf-8")
    assert "Internal error in thread helper" in text and "in worker" in text


def test_a_refusal_is_not_a_bug(qtbot, w, hooked, monkeypatch):  # type: ignore[no-untyped-def]
    log, shown = hooked
    refusals: list[str] = []
    monkeypatch.setattr(messages, "show_refusal", lambda _p, m, _t="": refusals.append(m))

    def refuse() -> None:
        raise UserError("There is no invoice INV-9.")

    w._action("refuse", "Refuse", refuse).trigger()
    assert refusals == ["There is no invoice INV-9."]
    assert shown == []
    assert not log.exists() or "INV-9" not in log.read_text(encoding="utf-8")


def test_uninstall_puts_the_previous_hooks_back(tmp_path):  # type: ignore[no-untyped-def]
    import sys

    before = sys.excepthook, threading.excepthook
    excepthook.install(tmp_path / "acerto.log")
    assert sys.excepthook is not before[0]
    excepthook.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
    assert excepthook.log_file() is None


def test_the_default_log_is_in_the_user_data_folder(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda name: str(tmp_path / name))
    assert excepthook.default_log_file() == tmp_path / "Acerto" / "acerto.log"
