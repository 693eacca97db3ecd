"""Fixtures for the window tests: an open temporary book and its context."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from datetime import date  # noqa: E402

import pytest  # noqa: E402

TODAY = date(2026, 4, 15)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """QSettings in a temporary folder, English interface."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("AcertoTests")
    QCoreApplication.setApplicationName("acerto-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield


@pytest.fixture
def ctx(qtbot, sqlite_book):  # type: ignore[no-untyped-def]
    from ui import i18n
    from ui.context import BookContext

    i18n.install("en")
    return BookContext(sqlite_book.url, today=TODAY)
