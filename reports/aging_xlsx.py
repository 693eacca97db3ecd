"""The aging workbook (SPEC §6): sheets Summary, Detail and Parameters.

Summary has a row a customer (code, name, the buckets, total, credit, net,
each bucket's share of the total), a SUM totals row and a native bar chart
of the bucket totals; Detail has a row an open item, streamed from
`app.aging`, with a SUM totals row; Parameters says what the report is.
Every cell is a value except the totals, which are SUM formulas.
"""

from __future__ import annotations

from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any

from app.aging import CREDIT, Aging
from reports.xlsx_write import Column, SheetWriter, XlsxWriter

MONEY_WIDTH = 12.0


def write_aging(
    path: str | PathLike[str],
    aging: Aging,
    *,
    generated_at: datetime,
    book_label: str = "",
    company: str = "",
) -> Path:
    """Write the aging workbook to `path` and return it."""
    cur = aging.currency
    labels = [b.label for b in aging.buckets]
    n = len(labels)
    with XlsxWriter(path, currency_decimals=cur.places, currency_symbol=cur.symbol) as wb:
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
        )
        for c in aging.customers:
            summary.row([c.code, c.name, *c.buckets, c.total, c.credit, c.net, *c.percents()])
        money_cols = list(range(2, 2 + n + 3))
        total_row = summary.total_row("Total", 0, money_cols)
        summary.add_bar_chart(
            f"Open by age, {aging.as_of.isoformat()}",
            categories_col=0,
            value_cols=list(range(2, 2 + n)),
            first_row=total_row,
            last_row=total_row,
            anchor_cell=f"B{total_row + 3}",
        )

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
        )
        for item in aging.items():
            detail.row(
                [
                    item.customer_code,
                    item.customer_name,
                    item.document,
                    item.kind_word,
                    item.date,
                    item.due_date,
                    item.days,
                    item.amount,
                    item.open,
                    "Unapplied credit" if item.bucket == CREDIT else labels[item.bucket],
                ]
            )
        detail.total_row("Total", 0, [8])

        for sheet in (summary, detail):
            print_landscape(sheet)
        params = wb.sheet("Parameters", [Column("Parameter", width=14), Column("Value", width=30)])
        basis_word = "due date" if aging.basis == "due" else "invoice date"
        for key, value in (
            ("As of", aging.as_of.isoformat()),
            ("Basis", basis_word),
            ("Buckets", ", ".join(labels)),
            ("Bucket limits", ",".join(str(d) for d in aging.limits)),
            ("Currency", cur.code),
            ("Company", company),
            ("Book", book_label),
            ("Generated at", generated_at.isoformat(sep=" ", timespec="seconds")),
        ):
            params.row([key, value])
    return Path(path)


def print_landscape(sheet: SheetWriter) -> None:
    """Print landscape, one page wide, the header row on every page.

    The shared writer has no page set-up of its own yet, so this reaches
    the xlsxwriter worksheet beneath it.
    """
    ws: Any = sheet._ws
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
