"""A server book's password kept in the system keyring (issue 8): asked once
in a masked field, kept only when the user ticks it, then used without
asking; never in the settings file. On a machine without a keyring the
choice is offered disabled and nothing is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit

from app.services import book, passwords
from ui.dialogs.password import PasswordDialog
from ui.main import MainWindow, make_application

URL = "postgresql://anna@db.example:5432/loja"
SECRET = "c0fre-forte-42"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Any:
    before = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(before)


def _window(qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[MainWindow, list[str]]:
    make_application()
    opened: list[str] = []
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    monkeypatch.setattr(w, "switch_book", lambda url: opened.append(url) or True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (URL, True))
    return w, opened


def _answer(
    monkeypatch: pytest.MonkeyPatch, password: str, remember: bool, seen: list[Any]
) -> None:
    def exec_(dialog: PasswordDialog) -> int:
        seen.append((dialog.password.echoMode(), dialog.remember.isEnabled()))
        dialog.password.setText(password)
        dialog.remember.setChecked(remember)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(PasswordDialog, "exec", exec_)


def test_kept_in_the_keyring_when_ticked_then_used_without_asking(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    w, opened = _window(qtbot, ctx, monkeypatch)
    seen: list[Any] = []
    _answer(monkeypatch, SECRET, True, seen)
    w.open_url_dialog()
    assert seen == [(QLineEdit.EchoMode.Password, True)]
    assert book.book_password(opened[-1]) == SECRET
    assert memory_keyring.kept == {("Acerto", book.book_label(URL)): SECRET}
    # Next time (or from Recent books) the keyring answers; nothing is asked.
    _answer(monkeypatch, "never asked", False, seen)
    w._open_recent(URL)
    assert len(seen) == 1
    assert book.book_password(opened[-1]) == SECRET
    w.save_state()
    assert SECRET not in Path(QSettings().fileName()).read_text(encoding="utf-8")


def test_not_kept_unless_ticked(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    w, opened = _window(qtbot, ctx, monkeypatch)
    _answer(monkeypatch, SECRET, False, [])
    w.open_url_dialog()
    assert book.book_password(opened[-1]) == SECRET
    assert memory_keyring.kept == {}


def test_without_a_keyring_the_choice_is_disabled_and_nothing_is_kept(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not passwords.available()
        assert passwords.stored(URL) == "" and not passwords.store(URL, SECRET)
        w, opened = _window(qtbot, ctx, monkeypatch)
        seen: list[Any] = []
        _answer(monkeypatch, SECRET, True, seen)
        w.open_url_dialog()
        assert seen == [(QLineEdit.EchoMode.Password, False)]
        assert book.book_password(opened[-1]) == SECRET
    finally:
        keyring.set_keyring(before)
