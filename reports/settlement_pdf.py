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
from reportlab.platypus import Flowable, Paragraph, Spacer

from app import formats
from app.i18n import N_, _, ngettext
from app.read.report_data import SettlementReport, SourceBlock
from reports.doc_format import amount_text, date_text, page_size, symbol_text
from reports.pdf_base import HEADER_FILL, HEADER_RULE, MARGIN, build_doc, esc, styles
from reports.pdf_lines import plain, rich
from reports.row_table import Cell, Look, Rows, RowTable

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
RULE = colors.HexColor("#9aa5b5")
KEEP_WITH_HEADING = 2  # settlement rows kept on the page of their payment's heading
HEAD = Look(bold=True, fill=HEADER_FILL, rule=(0.6, HEADER_RULE))  # its rule is below it
BLOCK = Look(fill=GROUP_BG, rule=(0.5, RULE), span=len(HEADER))  # a payment's heading
LINE = Look()
TOTAL = Look(bold=True, rule=(0.8, colors.black), span=3)


def write_settlement_report(path: str | PathLike[str], report: SettlementReport) -> Path:
    cur = report.currency
    st = styles()

    def m(v: Decimal, blank_zero: bool = False) -> str:
        return "" if blank_zero and v == 0 else amount_text(cur, v)

    def shown(v: Decimal, symbol: bool = False) -> str:
        return symbol_text(cur, v) if symbol else amount_text(cur, v)

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

    story.append(_rows(report, m, shown, st))
    story.append(Spacer(1, 5 * mm))
    payments = [b for b in report.sources if b.kind == "payment"]
    notes = [b for b in report.sources if b.kind != "payment"]
    money, credit = report.totals_of("payment"), report.totals_of("credit_note")
    summary = _(
        "{payments} and {credit_notes} settled invoices in this period. Money received: applied {applied}, cash discount {discount}, write-off {writeoff}, full-settlement waivers {full_settlement}."
    ).format(
        payments=ngettext("{count} payment", "{count} payments", len(payments)).format(
            count=len(payments)
        ),
        credit_notes=ngettext("{count} credit note", "{count} credit notes", len(notes)).format(
            count=len(notes)
        ),
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


def _rows(report: SettlementReport, m: Any, shown: Any, st: Any) -> RowTable:
    """Every block's heading and rows, then the totals: one table to the reader, the
    header on top of each page (reports/row_table.py lays it out and draws it)."""
    rows: list[list[Cell]] = []
    looks: list[Look] = []
    keep: list[int] = []  # a heading never ends a page: it goes over with its first rows
    for block in report.sources:
        rows.append([_block_title(block, shown, st)] + [""] * (len(HEADER) - 1))
        looks.append(BLOCK)
        keep.append(min(KEEP_WITH_HEADING, len(block.lines)))
        for ln in block.lines:
            expl = ln.explanation
            if ln.automatic:
                expl = _("(automatic, from order money) ") + expl
            rows.append(
                [
                    date_text(ln.date),
                    ln.invoice,
                    date_text(ln.due_date),
                    m(ln.applied),
                    m(ln.discount, True),
                    m(ln.writeoff, True),
                    m(ln.full_settlement, True),
                    m(ln.balance_after),
                    plain(expl, st["small"]),
                ]
            )
        looks += [LINE] * len(block.lines)
        keep += [0] * len(block.lines)
    for row in _totals_rows(report, m):
        rows.append(row)
        looks.append(TOTAL)
        keep.append(0)
    header = [_(word) for word in HEADER]
    right = frozenset(range(3, 8))
    return RowTable(Rows(_widths(), header, HEAD, rows, looks, keep, right))


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


def _block_title(b: SourceBlock, display: Any, st: Any) -> Flowable:
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
        date=date_text(b.date),
        customer_code=b.customer_code,
        customer_name=b.customer_name,
        amount=display(b.amount, True),
        ref=ref,
        reason=reason,
        unapplied_at_end=display(b.unapplied_at_end, True),
    )
    bold = f"{kind} {b.number}"
    return rich("<b>{bold}</b>{rest}", st["cell"], bold=bold, rest=text[len(bold) :])


def _widths() -> list[float]:
    """The columns on the language's landscape paper: the explanation takes what is left
    (Letter is 18 mm narrower than A4)."""
    frame = max(page_size()) - 2 * MARGIN
    fixed = [w * mm for w in WIDTHS_MM[:-1]]
    return [*fixed, frame - sum(fixed)]
