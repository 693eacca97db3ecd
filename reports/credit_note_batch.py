"""Every credit note of a period as its own PDF (`acerto pdf credit-note --all`).

One snapshot of the book for all of them, read in one pass
(`app/read/credit_note_batch.py`); each file is named after its credit
note's number in the folder given, written whole or not at all, in its
customer's language (as `pdf credit-note NUMBER` writes it). Large batches
are laid out by the two worker processes the statements use
(`reports/statement_pool.py`); fonts, subsets and styles are made once per
process (reports/pdf_base.py, reports/pdf_fonts.py). Corrective invoices that
credit are written after the credit notes, each as `pdf credit-note NUMBER`
writes it (the corrective invoice's own PDF).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from app import i18n
from app.errors import Cancelled
from app.i18n import _
from app.read.corrective_data import CorrectiveData, corrective_data
from app.read.credit_note_batch import credit_notes
from app.read.report_data import CreditNoteData, crediting_corrective_numbers
from app.services import book
from app.services.customers import document_language
from reports import statement_pool
from reports.corrective_pdf import write_corrective
from reports.credit_note_pdf import write_credit_note
from reports.job_common import out_folder

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_name(number: str) -> str:
    """A credit note's file name: its number with anything but letters, digits, dot,
    dash and underscore as an underscore, so no number names another folder."""
    return _UNSAFE.sub("_", number) + ".pdf"


def write_note(out: Path, data: CreditNoteData | CorrectiveData, lang: str) -> Path:
    """One credit note's (or crediting corrective invoice's) PDF in its customer's
    language (in a worker or in this process)."""
    with i18n.language(lang):
        if isinstance(data, CorrectiveData):
            return write_corrective(out, data)
        return write_credit_note(out, data)


def credit_note_pdfs(
    out_dir: Path,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Write each posted credit note, and each corrective invoice that credits, dated in
    the range to `out_dir`/NUMBER.pdf, the folder made if it is new (`workers`
    processes; by default one for a few, two for many)."""
    written: list[Path] = []
    with book.reading():
        count, each = credit_notes(date_from, date_to)
        correctives = crediting_corrective_numbers(date_from, date_to)
        count += len(correctives)
        out_dir = out_folder(out_dir)  # once the dates are accepted

        def documents() -> Iterator[tuple[CreditNoteData | CorrectiveData, str]]:
            yield from each
            for number in correctives:
                data = corrective_data(number)
                yield data, document_language(data.customer.code)

        def jobs() -> Iterator[statement_pool.Job]:
            for data, lang in documents():
                if cancelled is not None and cancelled():
                    raise Cancelled(_("Cancelled; the credit notes written so far are kept."))
                yield out_dir / file_name(data.number), data, lang  # type: ignore[misc]

        def done(path: Path) -> None:
            written.append(path)
            if progress is not None:
                progress(len(written), count)

        n = statement_pool.workers_for(count) if workers is None else workers
        statement_pool.write_all(jobs(), n, done, write=write_note)
    return written
