"""The settlement report as a printable PDF (SPEC §6).

For a date range (and optionally one customer): each payment and credit
note, the invoices it settled with the applied amount, cash discount,
tolerance write-off and full-settlement waiver, the explanation of each,
the invoice's remaining balance, and totals. Landscape A4; the table's
header repeats on every page; a payment's heading stays on the page of its
first settlements; page X of Y.
"""

from __future__ import annotations

from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.read.report_data import SettlementReport, SourceBlock
from reports.pdf_base import FONT_BOLD, build_doc, esc, styles, table_style

HEADER = [
    "Date",
    "Invoice",
    "Due",
    "Applied",
    "Discount",
    "Write-off",
    "Full settl.",
    "Balance after",
    "Explanation",
]
WIDTHS_MM = [18, 24, 18, 22, 20, 20, 20, 23, 102]
GROUP_BG = colors.HexColor("#f3f5f8")
KEEP_WITH_HEADING = 2  # settlement rows kept on the page of their payment's heading
CHUNK_ROWS = 60  # rows per table, about a landscape page (see _chunks)


def write_settlement_report(path: str | PathLike[str], report: SettlementReport) -> Path:
    cur = report.currency
    st = styles()
    m = _amounts(cur.display)
    story: list[Flowable] = [Paragraph("Settlement report", st["title"])]
    period = f"{report.date_from.isoformat()} to {report.date_to.isoformat()}"
    who = (
        f"Customer {report.customer.code} {report.customer.name}"
        if report.customer
        else "All customers"
    )
    story.append(
        Paragraph(
            f"{esc(report.company.name)} — settlements dated {esc(period)} — {esc(who)} — "
            f"amounts in {esc(cur.code)}",
            st["body"],
        )
    )
    story.append(Spacer(1, 4 * mm))

    chunks = _chunks(report.sources)
    for i, blocks in enumerate(chunks):
        totals = _totals_rows(report, m) if i == len(chunks) - 1 else []
        story.append(_table(blocks, totals, cur.display, st))
    story.append(Spacer(1, 5 * mm))
    payments = [b for b in report.sources if b.kind == "payment"]
    notes = [b for b in report.sources if b.kind != "payment"]
    money, credit = report.totals_of("payment"), report.totals_of("credit_note")
    summary = (
        f"{len(payments)} payment(s) and {len(notes)} credit note(s) settled invoices in this "
        f"period. Money received: applied {m(money['applied'])}, cash discount "
        f"{m(money['discount'])}, write-off {m(money['writeoff'])}, full-settlement waivers "
        f"{m(money['full_settlement'])}."
    )
    if notes:
        summary += (
            f" Credit notes: applied {m(credit['applied'])}, cash discount "
            f"{m(credit['discount'])} (negative: reversed), write-off {m(credit['writeoff'])}."
        )
    story.append(Paragraph(esc(summary), st["body"]))
    if not report.sources:
        story.append(Paragraph("No settlement is dated in this period.", st["body"]))
    title = f"Settlement report {period}"
    return build_doc(
        path,
        story,
        title,
        landscape=True,
        header_text=f"{report.company.name} — {title}",
        footer_text=f"Acerto — {report.count} settlements",
    )


def _amounts(display: Any) -> Any:
    """An amount as the report prints it; `blank_zero` leaves a zero cell empty."""

    def m(v: Decimal, blank_zero: bool = False) -> str:
        return "" if blank_zero and v == 0 else str(display(v))

    return m


def _chunks(sources: list[SourceBlock]) -> list[list[SourceBlock]]:
    """The payments and credit notes in runs of about CHUNK_ROWS rows, whole blocks each.

    One table per run, not one for the whole report: reportlab splits a
    table at each page by going over all its rows and style commands again,
    so one giant table takes time with the square of its rows (5,096
    settlements took 322 s); runs of a page or so keep it linear."""
    out: list[list[SourceBlock]] = [[]]
    rows = 0
    for block in sources:
        if out[-1] and rows + 1 + len(block.lines) > CHUNK_ROWS:
            out.append([])
            rows = 0
        out[-1].append(block)
        rows += 1 + len(block.lines)
    return out


def _table(blocks: list[SourceBlock], totals: list[list[Any]], display: Any, st: Any) -> Table:
    """One run of blocks under the column header (repeated if it goes over a page)."""
    m = _amounts(display)

    rows: list[list[Any]] = [HEADER]
    extra: list[tuple[Any, ...]] = [("ALIGN", (3, 0), (7, -1), "RIGHT")]
    for block in blocks:
        r = len(rows)
        rows.append(
            [Paragraph(_block_title(block, display), st["cell"])] + [""] * (len(HEADER) - 1)
        )
        extra += [
            ("SPAN", (0, r), (-1, r)),
            ("BACKGROUND", (0, r), (-1, r), GROUP_BG),
            ("LINEABOVE", (0, r), (-1, r), 0.5, colors.HexColor("#9aa5b5")),
            # A heading never ends a page: it goes over with its first rows.
            ("NOSPLIT", (0, r), (-1, r + min(KEEP_WITH_HEADING, len(block.lines)))),
        ]
        for ln in block.lines:
            expl = ln.explanation
            if ln.automatic:
                expl = "(automatic, from order money) " + expl
            rows.append(
                [
                    ln.date.isoformat(),
                    ln.invoice,
                    ln.due_date.isoformat(),
                    m(ln.applied),
                    m(ln.discount, True),
                    m(ln.writeoff, True),
                    m(ln.full_settlement, True),
                    m(ln.balance_after),
                    Paragraph(esc(expl), st["small"]),
                ]
            )
    for row in totals:
        r = len(rows)
        rows.append(row)
        extra += [
            ("SPAN", (0, r), (2, r)),
            ("FONT", (0, r), (-1, r), FONT_BOLD, 8),
            ("LINEABOVE", (0, r), (-1, r), 0.8, colors.black),
        ]
    return Table(
        rows,
        colWidths=[w * mm for w in WIDTHS_MM],
        repeatRows=1,
        style=table_style(zebra=False, extra=extra),
    )


def _totals_rows(report: SettlementReport, m: Any) -> list[list[Any]]:
    """The totals under the last table: money received, then credit notes if any."""
    out: list[list[Any]] = []
    for kind, label in (("payment", "Money received"), ("credit_note", "Credit notes")):
        count = report.count_of(kind)
        if not count and (kind != "payment" or report.count):
            continue
        t = report.totals_of(kind)
        out.append(
            [
                f"{label} ({count} settlement{'' if count == 1 else 's'})",
                "",
                "",
                m(t["applied"]),
                m(t["discount"]),
                m(t["writeoff"]),
                m(t["full_settlement"]),
                "",
                "",
            ]
        )
    return out


def _block_title(b: SourceBlock, display: Any) -> str:
    kind = (
        "Payment"
        if b.kind == "payment"
        else "Corrective invoice"
        if b.document == "corrective"
        else "Credit note"
    )
    ref = f", reference {b.reference}" if b.reference and b.kind == "payment" else ""
    reason = f", reason: {b.reference}" if b.reference and b.kind != "payment" else ""
    text = (
        f"{kind} {b.number} of {b.date.isoformat()} — {b.customer_code} {b.customer_name} — "
        f"amount {display(b.amount, True)}{ref}{reason} — left unapplied at the end of the period "
        f"{display(b.unapplied_at_end, True)}"
    )
    return f"<b>{esc(kind)} {esc(b.number)}</b>" + esc(text[len(kind) + len(b.number) + 1 :])
