"""The books opened lately (File > Recent books) and the settings file's privacy."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from app.services import book

MAX_RECENT = 8


def recent_books() -> list[str]:
    """The books opened lately, server URLs without their passwords (an older
    settings file that kept one is read without it)."""
    value = QSettings().value("recent_books", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    return list(dict.fromkeys(book.book_label(str(v)) for v in value if v))


def remember_book(url: str) -> None:
    """Keep `url` first among the recent books; a password is never stored: reopening
    a server book takes it from ~/.pgpass or PGPASSWORD."""
    label = book.book_label(url)
    items = [label] + [u for u in recent_books() if u != label]
    settings = QSettings()
    settings.setValue("recent_books", items[:MAX_RECENT])
    settings.sync()
    private_settings()


def private_settings() -> None:
    """The settings file is readable by its owner only (0600), its folder too (0700).

    Called at start, before anything is written, and after each write of the
    recent books: QSettings keeps the mode of the file it replaces."""
    path = Path(QSettings().fileName())
    if not path.is_absolute():  # a registry or an in-memory store: no file
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
