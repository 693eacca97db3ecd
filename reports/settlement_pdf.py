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

from app import formats
from app.i18n import N_, _, ngettext
from app.read.report_data import SettlementReport, SourceBlock
from reports.doc_format import page_size
from reports.pdf_base import FONT_BOLD, MARGIN, build_doc, esc, styles, table_style

HEADER = [
    N_("Date"),
    N_("Invoice"),
    N_("Due"),
    N_("Applied"),
    N_("Discount"),
    N_("Write-off"),
    N_("Full settl."),
    N_("Balance after"),
    N_("Explanation"),
]
WIDTHS_MM = [18, 24, 18, 22, 20, 20, 20, 23, 102]
GROUP_BG = colors.HexColor("#f3f5f8")
KEEP_WITH_HEADING = 2  # settlement rows kept on the page of their payment's heading
CHUNK_ROWS = 60  # rows per table, about a landscape page (see _chunks)


def write_settlement_report(path: str | PathLike[str], report: SettlementReport) -> Path:
    cur = report.currency
    st = styles()

    def m(v: Decimal, blank_zero: bool = False) -> str:
        return "" if blank_zero and v == 0 else formats.amount(v, cur)

    def shown(v: Decimal, symbol: bool = False) -> str:
        return formats.amount(v, cur, symbol=symbol)

    story: list[Flowable] = [Paragraph(_("Settlement report"), st["title"])]
    period = _("{date_from} to {date_to}").format(
        date_from=formats.day(report.date_from), date_to=formats.day(report.date_to)
    )
    who = (
        _("Customer {code} {name}").format(code=report.customer.code, name=report.customer.name)
        if report.customer
        else _("All customers")
    )
    story.append(
        Paragraph(
            _("{name} — settlements dated {period} — {who} — amounts in {code}").format(
                name=esc(report.company.name), period=esc(period), who=esc(who), code=esc(cur.code)
            ),
            st["body"],
        )
    )
    story.append(Spacer(1, 4 * mm))

    chunks = _chunks(report.sources)
    for i, blocks in enumerate(chunks):
        totals = _totals_rows(report, m) if i == len(chunks) - 1 else []
        story.append(_table(blocks, totals, m, shown, st))
    story.append(Spacer(1, 5 * mm))
    payments = [b for b in report.sources if b.kind == "payment"]
    notes = [b for b in report.sources if b.kind != "payment"]
    money, credit = report.totals_of("payment"), report.totals_of("credit_note")
    summary = _(
        "{count} payment(s) and {count2} credit note(s) settled invoices in this period. Money received: applied {applied}, cash discount {discount}, write-off {writeoff}, full-settlement waivers {full_settlement}."
    ).format(
        count=len(payments),
        count2=len(notes),
        applied=m(money["applied"]),
        discount=m(money["discount"]),
        writeoff=m(money["writeoff"]),
        full_settlement=m(money["full_settlement"]),
    )
    if notes:
        summary += _(
            " Credit notes: applied {applied}, cash discount {discount} (negative: reversed), write-off {writeoff}."
        ).format(
            applied=m(credit["applied"]),
            discount=m(credit["discount"]),
            writeoff=m(credit["writeoff"]),
        )
    story.append(Paragraph(esc(summary), st["body"]))
    if not report.sources:
        story.append(Paragraph(_("No settlement is dated in this period."), st["body"]))
    title = _("Settlement report {period}").format(period=period)
    return build_doc(
        path,
        story,
        title,
        landscape=True,
        header_text=_("{name} — {title}").format(name=report.company.name, title=title),
        footer_text=_("Acerto — {count} settlements").format(count=report.count),
    )


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


def _table(
    blocks: list[SourceBlock], totals: list[list[Any]], m: Any, shown: Any, st: Any
) -> Table:
    """One run of blocks under the column header (repeated if it goes over a page)."""
    rows: list[list[Any]] = [[_(word) for word in HEADER]]
    extra: list[tuple[Any, ...]] = [("ALIGN", (3, 0), (7, -1), "RIGHT")]
    for block in blocks:
        r = len(rows)
        rows.append([Paragraph(_block_title(block, shown), st["cell"])] + [""] * (len(HEADER) - 1))
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
                expl = _("(automatic, from order money) ") + expl
            rows.append(
                [
                    formats.day(ln.date),
                    ln.invoice,
                    formats.day(ln.due_date),
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
        colWidths=_widths(),
        repeatRows=1,
        style=table_style(zebra=False, extra=extra),
    )


def _totals_rows(report: SettlementReport, m: Any) -> list[list[Any]]:
    """The totals under the last table: money received, then credit notes if any."""
    out: list[list[Any]] = []
    for kind, label in (("payment", _("Money received")), ("credit_note", _("Credit notes"))):
        count = report.count_of(kind)
        if not count and (kind != "payment" or report.count):
            continue
        t = report.totals_of(kind)
        out.append(
            [
                ngettext(
                    "{label} ({count} settlement)", "{label} ({count} settlements)", count
                ).format(label=label, count=count),
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
        _("Payment")
        if b.kind == "payment"
        else _("Corrective invoice")
        if b.document == "corrective"
        else _("Credit note")
    )
    ref = (
        _(", reference {reference}").format(reference=b.reference)
        if b.reference and b.kind == "payment"
        else ""
    )
    reason = (
        _(", reason: {reference}").format(reference=b.reference)
        if b.reference and b.kind != "payment"
        else ""
    )
    text = _(
        "{kind} {number} of {date} — {customer_code} {customer_name} — amount {amount}{ref}{reason} — left unapplied at the end of the period {unapplied_at_end}"
    ).format(
        kind=kind,
        number=b.number,
        date=formats.day(b.date),
        customer_code=b.customer_code,
        customer_name=b.customer_name,
        amount=display(b.amount, True),
        ref=ref,
        reason=reason,
        unapplied_at_end=display(b.unapplied_at_end, True),
    )
    return f"<b>{esc(kind)} {esc(b.number)}</b>" + esc(text[len(kind) + len(b.number) + 1 :])


def _widths() -> list[float]:
    """The columns on the language's landscape paper: the explanation takes what is left
    (Letter is 18 mm narrower than A4)."""
    frame = max(page_size()) - 2 * MARGIN
    fixed = [w * mm for w in WIDTHS_MM[:-1]]
    return [*fixed, frame - sum(fixed)]
