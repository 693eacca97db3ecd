"""The book as a file: storage faults in words, the damaged-book guard, backup and restore.

- `fault_sentence(exc, url)`: a disk-full, read-only, damaged or failing
  disk error from the database, as the sentence a bookkeeper reads (the
  transaction it broke has been rolled back by `database.atomic()`).
- `refuse_damaged_book(url)`: SQLite's `PRAGMA quick_check`, once per
  opened book, before the first posting or a backup; a damaged book is
  refused with the way back (the last backup, `acerto restore`).
- `backup_book(dest)`: a copy of the open SQLite book under a new name,
  never over an existing file, never a partial file.
- `restore_book(backup, url)`: the book replaced by a backup, checked
  first and after, while nobody else has the book open.
"""

from __future__ import annotations

import functools
import os
import shutil
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from peewee import DatabaseError, SqliteDatabase

from app.errors import UserError
from app.files import TargetExists, atomic_write, publish, temporary_beside
from app.i18n import _
from app.services import book
from models.bookfile import (
    CANNOT_OPEN,
    DAMAGED,
    FULL,
    IO_ERROR,
    LOST,
    READ_ONLY,
    BookInUse,
    fault_kind,
    held_exclusively,
    inspect_file,
    integrity_problems,
    side_files,
)
from models.db import database, sqlite_path
from models.migrations import latest_version

T = TypeVar("T")

# The books whose quick check passed in this process (by database object:
# opening a book again makes a new one, checked again).
_checked: weakref.WeakSet[object] = weakref.WeakSet()


def how_to_recover(url: str) -> str:
    label = book.book_label(url)
    return _(
        "Restore the last backup with `acerto --book {label} restore BACKUP` (the book as it is now is kept beside it), then run `acerto check`."
    ).format(label=label)


def fault_sentence(exc: BaseException, url: str, outcome: str | None = None) -> str | None:
    """A storage fault behind `exc` in words, or None when `exc` is no storage fault.

    `outcome` says what became of the action; by default that of a posting,
    whose transaction `database.atomic()` has rolled back."""
    outcome = outcome or _("nothing was saved and the book is as it was")
    kind = fault_kind(exc)
    label = book.book_label(url)
    if kind == FULL:
        return _(
            "The disk holding {label} is full (or the book reached its size limit): {outcome}. Free some space and try again."
        ).format(label=label, outcome=outcome)
    if kind == READ_ONLY:
        return _(
            "The book {label} is read-only (the file or its folder cannot be written): {outcome}. It can still be shown, checked, exported and reported on; to post, make the file and its folder writable or copy the book somewhere writable."
        ).format(label=label, outcome=outcome)
    if kind == DAMAGED:
        detail = str(exc).strip() or type(exc).__name__
        return _("The book {label} is damaged ({detail}): {outcome}. ").format(
            label=label, detail=detail, outcome=outcome
        ) + how_to_recover(url)
    if kind == IO_ERROR:
        return _(
            "The disk holding {label} reported an input/output error: {outcome}. Check the disk, then run `acerto check`."
        ).format(label=label, outcome=outcome)
    if kind == LOST:
        return _(
            "The connection to the server holding {label} was lost: {outcome} (the server keeps nothing of an unfinished action). Check the server or the network and try again."
        ).format(label=label, outcome=outcome)
    if kind == CANNOT_OPEN:
        return _(
            "The book {label} cannot be opened: the file or its folder is missing or locked."
        ).format(label=label)
    return None


def refuse_damaged_book(url: str, action: str = "") -> None:
    """Refuse to write to (or copy) a SQLite book whose quick integrity check fails.

    Run once per opened book: the quick check reads the whole file (1.1 s
    for a 156 MB, 100,000-invoice book on a busy 2-core machine;
    docs/reliability.md), too dear for every posting.
    """
    action = action or _("posted to")
    db = database.obj
    if not isinstance(db, SqliteDatabase) or db in _checked:
        return
    problems = integrity_problems(db, quick=True, limit=3)
    if problems:
        raise UserError(
            _(
                "The book {book_label} is damaged (SQLite quick check: {join}), so it cannot be {action}. "
            ).format(book_label=book.book_label(url), join="; ".join(problems), action=action)
            + how_to_recover(url)
        )
    _checked.add(db)


def guarded(call: Callable[..., T], url: str) -> Callable[..., T]:
    """`call` (a posting) behind the damaged-book refusal, its storage faults as sentences.

    The window's one posting seam (ui/ops.py) wraps every posting with this;
    the signature stays visible (progress=/cancelled= are found through it).
    """

    @functools.wraps(call)
    def run(*args: Any, **kwargs: Any) -> T:
        refuse_damaged_book(url)
        try:
            return call(*args, **kwargs)
        except UserError:
            raise
        except Exception as exc:
            sentence = fault_sentence(exc, url)
            if sentence is None:
                raise
            raise UserError(sentence) from exc

    return run


def _open_sqlite(refusal: str) -> SqliteDatabase:
    db = database.obj
    if not isinstance(db, SqliteDatabase):
        raise UserError(refusal)
    return db


def backup_book(dest: str, url: str, *, overwrite: bool = False) -> Path:
    """`acerto backup DEST`: the open SQLite book copied to the new file `dest`.

    `overwrite` (the window, whose save dialog asked) replaces an existing
    file, atomically."""
    db = _open_sqlite(_("Backup copies SQLite books; back up a PostgreSQL book with pg_dump."))
    target = Path(dest)
    if target.is_dir():
        raise UserError(
            _('The backup destination "{dest}" is a folder; name a file.').format(dest=dest)
        )
    if target.exists() and not overwrite:
        raise UserError(
            _('The backup destination "{dest}" already exists; choose a new file name.').format(
                dest=dest
            )
        )
    refuse_damaged_book(url, _("backed up"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target, overwrite=overwrite) as tmp:
            copy_into(db, tmp)
    except TargetExists:
        raise UserError(
            _(
                'The backup destination "{dest}" appeared while the copy was written; it was left as it is. Choose a new file name.'
            ).format(dest=dest)
        ) from None
    except (OSError, DatabaseError) as exc:
        raise UserError(_copy_failed(exc, dest)) from None
    return target


def copy_into(db: SqliteDatabase, path: Path) -> None:
    """The live book copied page by page into the file `path` (SQLite's backup API)."""
    import sqlite3

    target = sqlite3.connect(str(path))
    try:
        db.connection().backup(target)
    finally:
        target.close()
    for side in side_files(path):
        side.unlink(missing_ok=True)


def _copy_failed(exc: BaseException, dest: str) -> str:
    kind = fault_kind(exc, files=True)
    if kind == FULL:
        reason = _("the disk is full")
    elif kind == READ_ONLY:
        reason = _("the folder cannot be written")
    else:
        reason = str(exc).strip() or type(exc).__name__
    return _(
        'The backup "{dest}" could not be written ({reason}); no file was left behind.'
    ).format(dest=dest, reason=reason)


# ---------------------------------------------------------------- restore


@dataclass(frozen=True)
class Restored:
    book: Path
    kept: Path | None  # the book as it was before, kept beside it


def restore_book(backup: str, url: str) -> Restored:
    """`acerto restore BACKUP`: replace the (closed) book at `url` with a checked backup.

    The backup is copied beside the book and checked there (SQLite's full
    integrity check, an Acerto schema version this Acerto can open); the
    book is then held exclusively (refused while a window or a command has
    it open), the old file kept as `<book>.before-restore`, its -wal/-shm
    removed, and the copy renamed over it. The result is checked again.
    """
    path_text = sqlite_path(url)
    if path_text is None:
        raise UserError(
            _("Restore replaces a SQLite book file; restore a PostgreSQL book with pg_restore.")
        )
    path = Path(path_text)
    source = Path(backup)
    if not source.is_file():
        raise UserError(
            _('The backup "{backup}" does not exist or is not a file.').format(backup=backup)
        )
    if source.resolve() == path.resolve():
        raise UserError(
            _('The backup "{backup}" is the book itself; name a backup copy.').format(backup=backup)
        )
    if not path.parent.is_dir():
        raise UserError(
            _('The folder "{parent}" of the book does not exist.').format(parent=path.parent)
        )
    tmp = temporary_beside(path)
    try:
        try:
            shutil.copyfile(source, tmp)
        except OSError as exc:
            raise UserError(_copy_failed(exc, str(path))) from None
        _refuse_bad_backup(tmp, backup)
        kept = _swap_in(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        for side in side_files(tmp):
            side.unlink(missing_ok=True)
    problems, _findings = inspect_file(path)
    if problems:  # pragma: no cover - the same bytes passed the check a moment ago
        raise UserError(
            _("The restored book {path} fails its integrity check: {value}.").format(
                path=path, value=problems[0]
            )
        )
    return Restored(path, kept)


def _refuse_bad_backup(copy: Path, backup: str) -> None:
    problems, version = inspect_file(copy)
    if problems:
        raise UserError(
            _(
                'The backup "{backup}" is damaged (SQLite integrity check: {value}); the book was not changed. Choose another backup.'
            ).format(backup=backup, value=problems[0])
        )
    if version is None:
        raise UserError(
            _('"{backup}" is not an Acerto book; the book was not changed.').format(backup=backup)
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UserError(
            _(
                'The backup "{backup}" has a schema version ({version!r}) no Acerto writes; the book was not changed. Choose another backup.'
            ).format(backup=backup, version=version)
        )
    if version > latest_version():
        raise UserError(
            _(
                'The backup "{backup}" was written by a newer Acerto (schema {version}); update Acerto to restore it. The book was not changed.'
            ).format(backup=backup, version=version)
        )


def _swap_in(new: Path, path: Path) -> Path | None:
    """Put the checked copy `new` in the place of the book `path`, keeping the old one."""
    if not path.exists():
        publish(new, path, overwrite=False)
        return None
    try:
        with held_exclusively(path):
            kept = _keep_name(path)
            os.link(path, kept)
            for side, kept_side in zip(side_files(path), side_files(kept), strict=True):
                if side.exists():
                    # The old -wal holds the old book's last postings: kept with it,
                    # and gone from beside the new book, which must not read it.
                    os.link(side, kept_side)
                    side.unlink()
            publish(new, path)
    except BookInUse:
        raise UserError(
            _(
                "The book {path} is open in a window or another command; close it there and run the restore again. The book was not changed."
            ).format(path=path)
        ) from None
    return kept


def _keep_name(path: Path) -> Path:
    n = 1
    while True:
        kept = path.with_name(path.name + (".before-restore" if n == 1 else f".before-restore-{n}"))
        if not kept.exists():
            return kept
        n += 1
