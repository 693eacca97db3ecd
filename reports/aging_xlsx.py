"""The aging workbook (SPEC §6): sheets Summary, Detail and Parameters.

Summary has a row a customer (code, name, the buckets, total, credit, net,
each bucket's share of the total), a SUM totals row and a native bar chart
of the bucket totals; Detail has a row an open item, streamed from
`app.aging`, with a SUM totals row; Parameters says what the report is.
Every cell is a value except the totals, which are SUM formulas.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from os import PathLike
from pathlib import Path

from app import formats
from app.errors import Cancelled
from app.i18n import _
from app.read.aging import CHECK_EVERY, KIND_WORDS, Aging
from reports.aging_detail import DetailStream
from reports.xlsx_write import Column, SheetWriter, XlsxWriter

MONEY_WIDTH = 12.0
#: The Detail of 100,000 items is 53 MB of XML: deflated at level 1 in 0.2 s of
#: CPU into 6.8 MB, against 0.8 s and 5.4 MB at zlib's default (issue 12).
ZIP_LEVEL = 1


def write_aging(
    path: str | PathLike[str],
    aging: Aging,
    *,
    generated_at: datetime,
    book_label: str = "",
    company: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the aging workbook to `path` and return it.

    Progress and cancelling: `progress(done, total)` is called every few
    thousand detail rows (total = `aging.item_count`, at least the rows
    written) and at the end; when `cancelled()` answers True, `Cancelled` is
    raised and nothing is left at `path` (the half-written file is removed;
    a workbook already there stays as it was).
    """
    cur = aging.currency
    labels = [b.label for b in aging.buckets]
    with XlsxWriter(
        path,
        currency_decimals=cur.places,
        currency_symbol=cur.symbol,
        date_format=excel_date_format(),
        zip_level=ZIP_LEVEL,
    ) as wb:
        summary = _summary_sheet(wb, labels)  # first in the book, filled once the
        done = _detail_sheet(wb, aging, labels, progress, cancelled)  # detail has passed
        _summary_rows(summary, aging, len(labels))
        _parameters_sheet(wb, aging, labels, generated_at, book_label, company)
        if cancelled is not None and cancelled():
            raise Cancelled(_("The aging report was cancelled; no file was written."))
    if progress is not None:
        progress(done, max(aging.item_count, done))
    return Path(path)


def excel_date_format(lang: str | None = None) -> str:
    """The language's short date (app/formats.py) as an Excel number format:
    the cells stay real dates, shown dd/mm/yyyy in pt_BR and es, ISO in en.
    (Amounts are real numbers whose format "#,##0.00" shows the reader's own
    separators.)"""
    return formats.date_pattern(lang).replace("MM", "mm")


def _summary_sheet(wb: XlsxWriter, labels: list[str]) -> SheetWriter:
    """The Summary's header: one row a customer follows (`_summary_rows`)."""
    return wb.sheet(
        _("Summary"),
        [Column(_("Customer"), width=10), Column(_("Name"), width=24)]
        + [Column(label, "money", MONEY_WIDTH) for label in labels]
        + [
            Column(_("Total"), "money", MONEY_WIDTH),
            Column(_("Credit"), "money", MONEY_WIDTH),
            Column(_("Net"), "money", MONEY_WIDTH),
        ]
        + [Column(_("{label} %").format(label=label), "percent") for label in labels],
        landscape=True,
        fit_width=True,
        repeat_header=True,
    )


def _summary_rows(summary: SheetWriter, aging: Aging, n: int) -> None:
    """One row a customer, a SUM totals row and a bar chart of the buckets."""
    summary.rows(
        [c.code, c.name, *c.buckets, c.total, c.credit, c.net, *c.percents()]
        for c in aging.customers
    )
    money_cols = list(range(2, 2 + n + 3))
    total_row = summary.total_row("Total", 0, money_cols)
    summary.add_bar_chart(
        _("Open by age, {as_of}").format(as_of=formats.day(aging.as_of)),
        categories_col=0,
        value_cols=list(range(2, 2 + n)),
        first_row=total_row,
        last_row=total_row,
        anchor_cell=f"B{total_row + 3}",
    )


def _detail_sheet(
    wb: XlsxWriter,
    aging: Aging,
    labels: list[str],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> int:
    """One row an open item, streamed; returns the rows written."""
    days_header = _("Days overdue") if aging.basis == "due" else _("Days since invoice")
    detail = wb.sheet(
        _("Detail"),
        [
            Column(_("Customer"), width=10),
            Column(_("Name"), width=24),
            Column(_("Document"), width=12),
            Column(_("Kind"), width=12),
            Column(_("Date"), "date"),
            Column(_("Due date"), "date"),
            Column(days_header, "int"),
            Column(_("Amount"), "money", MONEY_WIDTH),
            Column(_("Open balance"), "money", MONEY_WIDTH),
            Column(_("Bucket"), width=10),
        ],
        landscape=True,
        fit_width=True,
        repeat_header=True,
    )
    bucket_words = [*labels, _("Unapplied credit")]  # CREDIT (-1) is the last
    kind_words = {kind: _(word) for kind, word in KIND_WORDS.items()}
    total = aging.item_count

    def check(done: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(_("The aging report was cancelled; no file was written."))
        if progress is not None:
            progress(done, max(total, done))

    done = DetailStream(detail, kind_words, bucket_words).write(aging.rows(), check, CHECK_EVERY)
    detail.total_row("Total", 0, [8])
    return done


def _parameters_sheet(
    wb: XlsxWriter,
    aging: Aging,
    labels: list[str],
    generated_at: datetime,
    book_label: str,
    company: str,
) -> None:
    params = wb.sheet(
        _("Parameters"), [Column(_("Parameter"), width=14), Column(_("Value"), width=30)]
    )
    basis_word = _("due date") if aging.basis == "due" else _("invoice date")
    for key, value in (
        (_("As of"), formats.day(aging.as_of)),
        ("Basis", basis_word),
        ("Buckets", ", ".join(labels)),
        (_("Bucket limits"), ",".join(str(d) for d in aging.limits)),
        ("Currency", aging.currency.code),
        ("Company", company),
        ("Book", book_label),
        (_("Generated at"), f"{formats.day(generated_at.date())} {generated_at:%H:%M:%S}"),
    ):
        params.row([key, value])
