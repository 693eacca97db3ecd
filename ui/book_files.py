"""The window's File menu for books: open one (a file, a server's URL with its
password, a recent one), make a new one, back one up (ui/main.py's thin methods
call these; SPEC §7)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import UserError
from app.read import panes
from app.rules.limits import escape
from app.services import book, passwords
from ui.i18n import translate
from ui.messages import show_refusal
from ui.recent import recent_books, remember_book

if TYPE_CHECKING:
    from ui.main import MainWindow

log = logging.getLogger(__name__)


def switch_book(window: MainWindow, url: str) -> bool:
    # Opening stays on the GUI thread, behind a busy cursor: on a
    # 100,000-invoice SQLite book open_book takes ~0.07 s, the window's
    # first pages and totals ~0.2 s, and migrating one schema version
    # forward (backup copy of the 150 MB file included) ~0.5 s; see
    # docs/window.md. A worker would have to re-bind the process-wide
    # database proxy that the panes read through, for no visible gain.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        url = book.book_location(url)
        book.refuse_missing_book(url)  # a book is made by New book, never by Open
        book.open_book_or_refuse(url, create=False)
    except Exception as exc:  # a bad file or an unreachable server
        try:
            book.open_book(window.ctx.url)
        except Exception:  # pragma: no cover
            log.warning("could not reopen the previous book")
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(
            window,
            translate("Acerto", "Open book"),
            translate("Acerto", "The book could not be opened:")
            + "\n"
            + escape(book.redact(str(exc), url), keep_lines=True),
        )
        return False
    try:
        window.ctx.url = url
        remember_book(url)
        fill_recent(window)
        window._update_title()
        window.customer.set_code("")
        window.ctx.notify()  # another book: "book changed" for everything
    finally:
        QApplication.restoreOverrideCursor()
    return True


def new_book(window: MainWindow) -> None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(
        window,
        translate("Acerto", "New book"),
        str(Path.home() / "book.sqlite"),
        translate("Acerto", "Acerto books (*.sqlite *.acerto *.db)"),
    )
    if path:
        if os.path.exists(path):
            QMessageBox.warning(
                window,
                translate("Acerto", "New book"),
                translate("Acerto", "That file exists; choose Open book to open it."),
            )
            return
        from ui.dialogs.first_start import FirstStartDialog

        if FirstStartDialog(path, window, today=window.ctx.today()).exec():
            window.switch_book(path)
        else:
            book.open_book(window.ctx.url)  # nothing made: back to the book that was open


def open_book(window: MainWindow) -> None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(
        window,
        translate("Acerto", "Open book"),
        str(Path(window.ctx.url).parent),
        translate("Acerto", "Acerto books (*.sqlite *.acerto *.db);;All files (*)"),
    )
    if path:
        window.switch_book(path)


def open_url(window: MainWindow) -> None:
    from PySide6.QtWidgets import QInputDialog

    url, ok = QInputDialog.getText(
        window,
        translate("Acerto", "Open book on a server"),
        translate("Acerto", "PostgreSQL URL (postgresql://user@host:port/dbname):"),
    )
    if not (ok and url.strip()):
        return
    url = with_password(window, url.strip())
    if url:
        window.switch_book(url)


def with_password(window: MainWindow, url: str) -> str:
    """A server URL with the password to connect with: the one it has, the
    one kept in the system keyring, or one asked in a masked field (kept in
    memory only, or in the keyring if the user ticks it). "" if cancelled."""
    if not url.lower().startswith(("postgresql:", "postgres:")) or book.book_password(url):
        return url
    kept = passwords.stored(url)
    if kept:
        return book.with_password(url, kept)
    from ui.dialogs.password import PasswordDialog  # a server book without its password

    dialog = PasswordDialog(window, book.book_label(url), passwords.available())
    if not dialog.exec():
        return ""
    password = dialog.password.text()
    if dialog.remember.isChecked():
        passwords.store(url, password)
    return book.with_password(url, password)


def open_recent(window: MainWindow, url: str) -> None:
    url = with_password(window, url)
    if url:
        window.switch_book(url)


def fill_recent(window: MainWindow) -> None:
    window.recent_menu.clear()
    for i, url in enumerate(recent_books()):
        act = window.recent_menu.addAction(f"&{i + 1} {book.book_label(url)}")
        act.triggered.connect(lambda _c=False, url=url: open_recent(window, url))
    window.recent_menu.setEnabled(bool(window.recent_menu.actions()))


def backup(window: MainWindow) -> None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(
        window,
        translate("Acerto", "Back up book"),
        str(Path.home() / "acerto-backup.sqlite"),
        translate("Acerto", "Acerto books (*.sqlite)"),
    )
    if not path:
        return
    try:
        panes.backup(path)
    except UserError as exc:
        show_refusal(window, str(exc), translate("Acerto", "Back up book"))
        return
    window.statusBar().showMessage(
        translate("Acerto", "Backup written to {path}").format(path=path), 8000
    )
