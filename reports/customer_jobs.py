"""Customer document jobs the two faces share: the invoice, statements, reminders.

Like `reports/jobs.py`: the data from `app/read` (or the dunning service),
the file from `reports/`; each document is laid out in its customer's
language (`app.i18n.language`). Batches take `progress(done, total)` and
`cancelled()`; a cancelled batch keeps the files already finished and
leaves no half-written one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from os import PathLike
from pathlib import Path

from app import i18n
from app.errors import Cancelled
from app.i18n import _
from app.read.invoice_data import InvoiceData, invoice_data
from app.read.report_data import _party, company
from app.read.statement import Statement, statement, statements
from app.services import book, dunning
from app.services.customers import document_language
from app.services.documents import get_customer
from app.services.dunning import DunningRun
from reports import statement_pool
from reports.doc_format import date_text
from reports.invoice_pdf import write_invoice
from reports.job_common import out_folder
from reports.jobs import IsCancelled, Progress, write_new
from reports.reminder_pdf import write_reminder
from reports.statement_pdf import write_statement


def invoice_pdf(path: str | PathLike[str], number: str) -> InvoiceData:
    """Write invoice `number` (any receivable kind) as a PDF to send to the customer."""
    with book.reading():
        data = invoice_data(number)
        lang = document_language(data.customer.code)
    with i18n.language(lang):
        write_new(path, lambda: write_invoice(path, data))
    return data


def pdf_name(*parts: str) -> str:
    """A file name from document numbers or customer codes: safe on every system."""
    text = "-".join(p for p in parts if p)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)
    return (safe.strip("._") or "document") + ".pdf"


def out_path(folder: Path, *parts: str) -> Path:
    return folder / pdf_name(*parts)


def statement_pdf(
    path: str | PathLike[str], code: str, date_from: date, date_to: date
) -> Statement:
    """Write customer `code`'s statement of account for the period as a PDF."""
    with book.reading():
        data = statement(code, date_from, date_to)
        lang = document_language(data.customer.code)
    with i18n.language(lang):
        write_new(path, lambda: write_statement(path, data))
    return data


def statement_pdfs(
    folder: str | PathLike[str],
    date_from: date,
    date_to: date,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    workers: int | None = None,
) -> list[Path]:
    """One statement PDF per customer with a balance or credit at `date_to`, in `folder`.

    The book is read here; large batches are laid out by two processes
    (`reports/statement_pool.py`); `workers` overrides how many."""
    written: list[Path] = []
    with book.reading():
        count, each = statements(date_from, date_to, cancelled=cancelled)
        target = out_folder(folder)  # made if new, once the dates are accepted
        if progress is not None:
            progress(0, count)
        book_lang = book.setting("language") or i18n.current()

        def jobs() -> Iterator[statement_pool.Job]:
            for s in each:
                out = out_path(target, "statement", s.customer.code)
                yield out, s, s.language or book_lang

        def done(path: Path) -> None:
            written.append(path)
            if progress is not None:
                progress(len(written), count)

        n = statement_pool.workers_for(count) if workers is None else workers
        statement_pool.write_all(jobs(), n, done, cancelled)
    return written


def dunning_run(
    as_of: date,
    folder: str | PathLike[str] | None,
    *,
    record: bool,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> tuple[DunningRun, list[Path]]:
    """Plan the reminders of `as_of`, write the letters to `folder` (if given), then record
    the levels sent unless `record` is False (a dry run). A cancelled run records nothing."""
    with book.reading():
        run = dunning.plan_run(as_of)
        sender = company()
        texts = {n: book.setting(f"dunning_text_{n}") for n in (1, 2, 3)}
        parties = {c.code: _party(get_customer(c.code)) for c in run.customers}
        langs = {c.code: document_language(c.code) for c in run.customers}
    written: list[Path] = []
    if folder is not None:
        folder = out_folder(folder)  # made if new
        for n, c in enumerate(run.customers):
            if cancelled is not None and cancelled():
                raise Cancelled(_("The reminders were cancelled; nothing was recorded."))
            out = out_path(Path(folder), "reminder", c.code, as_of.isoformat())
            with i18n.language(langs[c.code]):
                when = date_text(as_of)
                write_new(
                    out,
                    lambda c=c, out=out, when=when: write_reminder(  # type: ignore[misc]
                        out, sender, parties[c.code], c, when, run.currency,
                        texts[min(c.reminder.level, 3)],
                    ),
                )  # fmt: skip
            written.append(out)
            if progress is not None:
                progress(n + 1, len(run.customers))
    if record:
        run = dunning.record_run(as_of, run)
    return run, written
