"""Customer document jobs the two faces share: the invoice, statements, reminders.

Like `reports/jobs.py`: the data from `app/read` (or the dunning service),
the file from `reports/`; each document is laid out in its customer's
language (`app.i18n.language`). Batches take `progress(done, total)` and
`cancelled()`; a cancelled batch keeps the files already finished and
leaves no half-written one.
"""

from __future__ import annotations

from datetime import date
from os import PathLike
from pathlib import Path

from app import i18n
from app.read.invoice_data import InvoiceData, invoice_data
from app.read.statement import Statement, statement, statements
from app.services import book
from reports.invoice_pdf import write_invoice
from reports.jobs import IsCancelled, Progress, write_new
from reports.statement_pdf import write_statement


def invoice_pdf(path: str | PathLike[str], number: str) -> InvoiceData:
    """Write invoice `number` (any receivable kind) as a PDF to send to the customer."""
    with book.reading():
        data = invoice_data(number)
    with i18n.language(data.customer.language):
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
    with i18n.language(data.customer.language):
        write_new(path, lambda: write_statement(path, data))
    return data


def statement_pdfs(
    folder: str | PathLike[str],
    date_from: date,
    date_to: date,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[Path]:
    """One statement PDF per customer with a balance or credit at `date_to`, in `folder`."""
    target = Path(folder)
    written: list[Path] = []
    with book.reading():
        count, each = statements(date_from, date_to, cancelled=cancelled)
        if progress is not None:
            progress(0, count)
        for s in each:
            out = out_path(target, "statement", s.customer.code)
            with i18n.language(s.customer.language):
                write_new(out, lambda s=s, out=out: write_statement(out, s))  # type: ignore[misc]
            written.append(out)
            if progress is not None:
                progress(len(written), count)
    return written
