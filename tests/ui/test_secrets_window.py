"""The window keeps a server's password out of its title, Recent books, the settings
file and the log; the settings file is readable by its owner only."""

from __future__ import annotations

import logging
import socket
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from app.services import book
from tests.builders import PG_URL, fresh_postgres_book
from ui.main import MainWindow, make_application
from ui.recent import recent_books, remember_book

SECRET = "Sekr3t-pw-4711"


def settings_file() -> Path:
    return Path(QSettings().fileName())


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_refused_server_book_leaves_no_password_anywhere(  # type: ignore[no-untyped-def]
    qtbot, ctx, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    make_application()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append(text))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    url = f"postgresql://clerk:{SECRET}@127.0.0.1:{closed_port()}/acerto"
    with caplog.at_level(logging.DEBUG):
        assert not w.switch_book(url)
    assert shown and "cannot be opened" in shown[0] and "clerk@" in shown[0]
    assert SECRET not in shown[0]
    assert SECRET not in w.windowTitle()
    assert SECRET not in caplog.text
    # A settings file that kept one from before is read without it, and rewritten so.
    QSettings().setValue("recent_books", [url, "/tmp/a.sqlite"])
    assert recent_books() == [book.book_label(url), "/tmp/a.sqlite"]
    remember_book(url)
    w._fill_recent()
    menu = [a.text() for a in w.recent_menu.actions()]
    assert menu and not any(SECRET in text for text in menu)
    w.save_state()
    assert SECRET not in settings_file().read_text(encoding="utf-8")
    assert stat.S_IMODE(settings_file().stat().st_mode) == 0o600


def test_the_settings_file_is_created_for_its_owner_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    make_application()  # names the application, hence the file; creates it, 0600
    path = settings_file()
    assert path.read_text(encoding="utf-8") == ""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # an older file, readable by all
    remember_book("/tmp/book.sqlite")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "/tmp/book.sqlite" in path.read_text(encoding="utf-8")


@pytest.mark.skipif(not PG_URL, reason="needs ACERTO_TEST_PG")
def test_a_server_book_opened_with_a_password_never_shows_it(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    make_application()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    fresh_postgres_book(PG_URL)
    scheme, rest = PG_URL.split("://", 1)
    host = rest.rpartition("@")[2]
    url = f"PostgreSQL://postgres:{SECRET}@{host}"
    try:
        assert w.switch_book(url)
        assert "postgresql" in w.windowTitle().lower() and SECRET not in w.windowTitle()
        assert not any(SECRET in a.text() for a in w.recent_menu.actions())
        w.save_state()
        assert SECRET not in settings_file().read_text(encoding="utf-8")
        assert stat.S_IMODE(settings_file().stat().st_mode) == 0o600
    finally:
        book.close_book()


def test_the_server_password_is_asked_in_a_masked_field(  # type: ignore[no-untyped-def]
    qtbot, ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit

    from ui.dialogs.password import PasswordDialog

    make_application()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    url = f"postgresql://clerk@127.0.0.1:{closed_port()}/acerto"
    asked: list[object] = []

    def exec_(dialog: PasswordDialog) -> int:
        asked.append(dialog.password.echoMode())
        dialog.password.setText(SECRET)
        return int(QDialog.DialogCode.Accepted)

    opened: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a: (url, True))
    monkeypatch.setattr(PasswordDialog, "exec", exec_)
    monkeypatch.setattr(w, "switch_book", lambda u: opened.append(u) or False)
    w.open_url_dialog()
    assert asked == [QLineEdit.EchoMode.Password]
    assert opened == [f"{url}?password={SECRET}"]
    assert book.book_label(opened[0]) == url  # what the title and Recent books get
