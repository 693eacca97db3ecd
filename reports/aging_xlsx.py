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
from app.read.aging import CHECK_EVERY, KIND_WORDS, Aging
from reports.xlsx_write import Column, XlsxWriter

MONEY_WIDTH = 12.0
#: Wide sheets print landscape, one page wide, the header row on every page.
PRINT_WIDE = {"landscape": True, "fit_width": True, "repeat_header": True}


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
    ) as wb:
        _summary_sheet(wb, aging, labels)
        done = _detail_sheet(wb, aging, labels, progress, cancelled)
        _parameters_sheet(wb, aging, labels, generated_at, book_label, company)
        if cancelled is not None and cancelled():
            raise Cancelled("The aging report was cancelled; no file was written.")
    if progress is not None:
        progress(done, max(aging.item_count, done))
    return Path(path)


def excel_date_format(lang: str | None = None) -> str:
    """The language's short date (app/formats.py) as an Excel number format:
    the cells stay real dates, shown dd/mm/yyyy in pt_BR and es, ISO in en.
    (Amounts are real numbers whose format "#,##0.00" shows the reader's own
    separators.)"""
    return formats.date_pattern(lang).replace("MM", "mm")


def _summary_sheet(wb: XlsxWriter, aging: Aging, labels: list[str]) -> None:
    """One row a customer, a SUM totals row and a bar chart of the buckets."""
    n = len(labels)
    summary = wb.sheet(
        "Summary",
        [Column("Customer", width=10), Column("Name", width=24)]
        + [Column(label, "money", MONEY_WIDTH) for label in labels]
        + [
            Column("Total", "money", MONEY_WIDTH),
            Column("Credit", "money", MONEY_WIDTH),
            Column("Net", "money", MONEY_WIDTH),
        ]
        + [Column(f"{label} %", "percent") for label in labels],
        landscape=True,
        fit_width=True,
        repeat_header=True,
    )
    for c in aging.customers:
        summary.row([c.code, c.name, *c.buckets, c.total, c.credit, c.net, *c.percents()])
    money_cols = list(range(2, 2 + n + 3))
    total_row = summary.total_row("Total", 0, money_cols)
    summary.add_bar_chart(
        f"Open by age, {formats.day(aging.as_of)}",
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
    days_header = "Days overdue" if aging.basis == "due" else "Days since invoice"
    detail = wb.sheet(
        "Detail",
        [
            Column("Customer", width=10),
            Column("Name", width=24),
            Column("Document", width=12),
            Column("Kind", width=12),
            Column("Date", "date"),
            Column("Due date", "date"),
            Column(days_header, "int"),
            Column("Amount", "money", MONEY_WIDTH),
            Column("Open balance", "money", MONEY_WIDTH),
            Column("Bucket", width=10),
        ],
        landscape=True,
        fit_width=True,
        repeat_header=True,
    )
    bucket_words = [*labels, "Unapplied credit"]  # CREDIT (-1) is the last
    kind_words = dict(KIND_WORDS)
    write = detail.row
    total = aging.item_count
    done = 0
    for code, name, document, kind, on, due, days, amount, open_, bucket in aging.rows():
        write(
            (
                code,
                name,
                document,
                kind_words.get(kind, kind),
                on,
                due,
                days,
                amount,
                open_,
                bucket_words[bucket],
            )
        )
        done += 1
        if not done % CHECK_EVERY:
            if cancelled is not None and cancelled():
                raise Cancelled("The aging report was cancelled; no file was written.")
            if progress is not None:
                progress(done, max(total, done))
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
    params = wb.sheet("Parameters", [Column("Parameter", width=14), Column("Value", width=30)])
    basis_word = "due date" if aging.basis == "due" else "invoice date"
    for key, value in (
        ("As of", formats.day(aging.as_of)),
        ("Basis", basis_word),
        ("Buckets", ", ".join(labels)),
        ("Bucket limits", ",".join(str(d) for d in aging.limits)),
        ("Currency", aging.currency.code),
        ("Company", company),
        ("Book", book_label),
        ("Generated at", f"{formats.day(generated_at.date())} {generated_at:%H:%M:%S}"),
    ):
        params.row([key, value])
