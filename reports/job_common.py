"""What every report job shares: progress and cancel callbacks, a new file undone on cancel.

Apart from reports/jobs.py so a job that writes no PDF (the aging workbook,
reports/aging_job.py) does not import reportlab: `acerto aging` is a whole
process measured against GnuCash's (issue 12).
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import TypeVar

from app.errors import Cancelled, UserError
from app.i18n import N_, _

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
T = TypeVar("T")

CANCELLED = N_("Cancelled; nothing was changed.")


def write_new(path: str | PathLike[str], write: Callable[[], T]) -> T:
    """Run `write`; when it is cancelled, a file that did not exist before is removed."""
    target = Path(path)
    existed = target.exists()
    try:
        return write()
    except Cancelled:
        if not existed:
            target.unlink(missing_ok=True)
        raise


def out_folder(path: str | PathLike[str]) -> Path:
    """The folder a batch writes its files into, made with its parents when it does not
    exist yet (naming a new folder is how one asks for it); a sentence if it cannot be."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise UserError(_('"{path}" is a file, not a folder.').format(path=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(
            _('The folder "{path}" could not be made: {reason}.').format(
                path=folder, reason=e.strerror or e
            )
        ) from None
    return folder
