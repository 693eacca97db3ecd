"""Customer document jobs the two faces share: the invoice, statements, reminders.

Like `reports/jobs.py`: the data from `app/read` (or the dunning service),
the file from `reports/`; each document is laid out in its customer's
language (`app.i18n.language`). Batches take `progress(done, total)` and
`cancelled()`; a cancelled batch keeps the files already finished and
leaves no half-written one.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from app import i18n
from app.read.invoice_data import InvoiceData, invoice_data
from app.services import book
from reports.invoice_pdf import write_invoice
from reports.jobs import write_new


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
