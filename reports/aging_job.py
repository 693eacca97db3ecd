"""The aging workbook job (`acerto aging`, the window's Reports menu): see reports/jobs.py.

Its own module so the command imports neither reportlab nor the PDF writers
(issue 12: the whole `acerto aging` process against GnuCash's report).
"""

from __future__ import annotations

from datetime import date, datetime
from os import PathLike

from app.errors import Cancelled
from app.i18n import _
from app.read.aging import Aging, compute_aging, plan_aging
from app.services import book
from reports.aging_xlsx import write_aging
from reports.job_common import CANCELLED, IsCancelled, Progress, write_new


def aging_workbook(
    path: str | PathLike[str],
    as_of: date,
    basis: str | None = None,
    limits: tuple[int, ...] | None = None,
    *,
    book_url: str = "",
    generated_at: datetime | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Aging:
    """Compute the aging as of `as_of` and write it to the workbook at `path`.

    Without `progress` (the command line), each kind of open item is read
    once, the Summary summed from the Detail's rows (`plan_aging`); with it
    (the window), the totals are computed first so the progress bar knows
    how many rows will come. Either way one snapshot of the book is read."""
    when = generated_at or datetime.now().replace(microsecond=0)
    with book.reading():
        if progress is None:
            report = plan_aging(as_of, basis, limits)
        else:
            report = compute_aging(as_of, basis, limits, cancelled=cancelled)
        label, company = book.book_label(book_url), book.setting("company_name")
        if cancelled is not None and cancelled():
            raise Cancelled(_(CANCELLED))
        write_new(
            path,
            lambda: write_aging(
                path,
                report,
                generated_at=when,
                book_label=label,
                company=company,
                progress=progress,
                cancelled=cancelled,
            ),
        )
    return report
