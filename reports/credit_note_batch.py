"""Every credit note of a period as its own PDF (`acerto pdf credit-note --all`).

One snapshot of the book for all of them; each file is named after its
credit note's number in the folder given, written whole or not at all, and
the fonts and styles are registered once for the lot (reports/pdf_base.py
caches them per process).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.errors import Cancelled, UserError
from app.i18n import _
from app.read.report_data import credit_note_data, credit_note_numbers
from app.services import book
from reports.credit_note_pdf import write_credit_note
from reports.pdf_base import styles

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_name(number: str) -> str:
    """A credit note's file name: its number with anything but letters, digits, dot,
    dash and underscore as an underscore, so no number names another folder."""
    return _UNSAFE.sub("_", number) + ".pdf"


def credit_note_pdfs(
    out_dir: Path,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """Write each posted credit note dated in the range to `out_dir`/NUMBER.pdf."""
    if not out_dir.is_dir():
        raise UserError(_('The folder "{folder}" does not exist.').format(folder=out_dir))
    styles()  # fonts and styles once, before the first document
    written: list[Path] = []
    with book.reading():
        numbers = credit_note_numbers(date_from, date_to)
        for done, number in enumerate(numbers):
            if cancelled is not None and cancelled():
                raise Cancelled(_("Cancelled; the credit notes written so far are kept."))
            data = credit_note_data(number)
            written.append(write_credit_note(out_dir / file_name(number), data))
            if progress is not None:
                progress(done + 1, len(numbers))
    return written
