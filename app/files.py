"""Writing a file atomically: every file Acerto saves is either the old one or the complete new one.

The content goes to a temporary file in the destination folder (same file
system, so the final rename is atomic), is flushed to the disk (fsync),
and only then takes the destination's name (`os.replace`, or a hard link
when an existing file must not be overwritten); the folder is synced so
the rename itself survives a power cut. On every other way out (an error,
a cancel, Ctrl+C) the temporary file is removed. Workbooks, PDFs and
backups all go through here; it needs nothing but the standard library.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


class TargetExists(FileExistsError):
    """The destination appeared while we wrote and overwriting it was not allowed."""


def temporary_beside(path: Path) -> Path:
    """A new, empty, uniquely named hidden file in `path`'s folder (mode from the umask)."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp


def sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(tmp: Path, path: Path, *, overwrite: bool = True, sync_parent: bool = True) -> None:
    """Give the finished temporary file `tmp` the name `path`.

    With `overwrite=False` the name is taken with a hard link, which fails
    if the name exists (no check-then-write race); where the file system
    has no hard links, a last check and a rename. With `sync_parent=False`
    the folder is left for the caller to sync (`sync_folder`), once for a
    batch of files: each file is still whole or absent after a power cut.
    """
    sync_file(tmp)
    if overwrite:
        os.replace(tmp, path)
    else:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise TargetExists(str(path)) from None
        except OSError:
            if path.exists():
                raise TargetExists(str(path)) from None
            os.replace(tmp, path)
        else:
            tmp.unlink()
    if sync_parent:
        sync_folder(path.parent)


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, overwrite: bool = True, sync_parent: bool = True
) -> Iterator[Path]:
    """Yield a temporary path to write; on a clean exit it becomes `path`.

    >>> with atomic_write("report.pdf") as tmp:
    ...     write_pdf(tmp)

    On any exception (a cancel included) the temporary file is removed and
    `path` is left as it was.
    """
    target = Path(path)
    tmp = temporary_beside(target)
    try:
        yield tmp
        publish(tmp, target, overwrite=overwrite, sync_parent=sync_parent)
    finally:
        tmp.unlink(missing_ok=True)
