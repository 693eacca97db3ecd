"""Report jobs the two faces share: read the data from app/, write the file.

`acerto aging` / `acerto pdf` (app/cli/reports.py) and the window's Reports
menu (ui/reports.py) call these same functions, so a report says the same
thing whichever face asked for it. Each job takes the path to write and
the optional `progress(done, total)` / `cancelled()` callbacks of long
work; a cancelled job leaves no half-written new file behind.

A document sent to one customer (credit note, corrective invoice, the
settlement report of one customer) is written in that customer's language
(else the book's setting `language`): its sentences and, through
app/formats.py, its amounts and dates. Everything else is in the language
of the person asking (the current one).
"""

from __future__ import annotations

from datetime import date
from os import PathLike
from pathlib import Path

from app.errors import Cancelled
from app.i18n import _, language
from app.read.corrective_data import corrective_data
from app.read.report_data import SettlementReport, credit_note_data, settlement_report
from app.services import book
from app.services.customers import document_language
from app.services.documents import get_invoice
from reports.aging_job import aging_workbook as aging_workbook  # where it always was
from reports.corrective_pdf import write_corrective
from reports.credit_note_pdf import write_credit_note
from reports.job_common import CANCELLED, IsCancelled, Progress, write_new
from reports.settlement_pdf import write_settlement_report

__all__ = ["CANCELLED", "IsCancelled", "Progress", "aging_workbook", "write_new"]


def credit_note_pdf(path: str | PathLike[str], number: str) -> Path:
    """Write credit note `number` as a PDF to send to the customer (a corrective invoice as one)."""
    with book.reading():
        kind = get_invoice(number).kind
    if kind == "corrective":
        return corrective_pdf(path, number)
    with book.reading():
        data = credit_note_data(number)
        lang = document_language(data.customer.code)
    with language(lang):
        return write_new(path, lambda: write_credit_note(path, data))


def corrective_pdf(path: str | PathLike[str], number: str) -> Path:
    """Write corrective invoice `number` as a PDF to send to the customer."""
    with book.reading():
        data = corrective_data(number)
        lang = document_language(data.customer.code)
    with language(lang):
        return write_new(path, lambda: write_corrective(path, data))


def settlement_pdf(
    path: str | PathLike[str],
    date_from: date,
    date_to: date,
    customer: str | None = None,
    *,
    cancelled: IsCancelled | None = None,
) -> SettlementReport:
    """Write the settlements between two dates (of one customer, or all) as a PDF."""
    with book.reading():
        report = settlement_report(date_from, date_to, customer)
        lang = document_language(report.customer.code) if report.customer else ""
    if cancelled is not None and cancelled():
        raise Cancelled(_(CANCELLED))
    with language(lang):  # "" keeps the current language: the report of every customer
        write_new(path, lambda: write_settlement_report(path, report))
    return report
