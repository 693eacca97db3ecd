"""The statement of account as a PDF to send to the customer (issue 13).

Letterhead, the period, the opening balance, every document and settlement
in date order with its running balance, the closing balance, then the
aging of what is open at the period's end in the book's buckets and the
unapplied credit taken into account. Dates and amounts in the customer's
language (`reports/doc_format.py`).
"""

from __future__ import annotations

from decimal import Decimal
from os import PathLike
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.i18n import _
from app.read.aging import Bucket
from app.read.statement import Statement, StatementLine
from app.rules.money import ZERO
from reports.customer_doc import letterhead
from reports.doc_format import amount_text, date_text
from reports.pdf_base import FONT, FONT_BOLD, build_doc, esc, styles, table_style
from reports.plain_table import PlainTable

WIDTHS_MM = [20, 24, 76, 20, 20, 20]


def kind_word(kind: str) -> str:
    words = {
        "invoice": _("Invoice"),
        "standalone": _("Invoice"),
        "corrective": _("Corrective invoice"),
        "credit_note": _("Credit note"),
        "payment": _("Payment"),
        "refund": _("Refund"),
        "settlement": _("Settlement"),
    }
    return words.get(kind, kind)


def line_words(s: Statement, ln: StatementLine) -> str:
    """What a line is, in words: kind, due date, what a settlement applied to what."""
    cur = s.currency
    if ln.kind == "settlement":
        text = _("{source} applied to {invoice}: {amount}").format(
            source=ln.source, invoice=ln.invoice, amount=amount_text(cur, ln.applied)
        )
        if ln.debit or ln.credit:
            text += "; " + _("discount or write-off")
        return text
    text = kind_word(ln.kind)
    if ln.due is not None:
        text += ", " + _("due {date}").format(date=date_text(ln.due))
    if ln.detail:
        text += f" — {ln.detail}"
    return text


def write_statement(path: str | PathLike[str], s: Statement) -> Path:
    """Lay the statement out; call inside `app.i18n.language(...)` of the customer."""
    title = _("Statement of account")
    period = _("{start} to {end}").format(start=date_text(s.date_from), end=date_text(s.date_to))
    facts = [(_("Customer"), s.customer.code), (_("Period"), period)]
    story: list[Flowable] = letterhead(s.company, title, facts, s.customer, _("Statement for"))
    story += [_lines_table(s), Spacer(1, 6 * mm)]
    story += _aging_footer(s)
    name = f"{title} {s.customer.code} {period}"
    return build_doc(
        path, story, name, footer_text=f"{s.company.name} — {name}", author=s.company.name
    )


def _lines_table(s: Statement) -> PlainTable:
    cur = s.currency

    def amt(v: Decimal) -> str:
        return amount_text(cur, v) if v else ""

    rows: list[list[object]] = [
        [_("Date"), _("Document"), _("Details"), _("Debit"), _("Credit"), _("Balance")],
        [date_text(s.date_from), "", _("Opening balance"), "", "", amount_text(cur, s.opening)],
    ]
    # Plain strings, not Paragraphs: a table cell's string is drawn as it is (no
    # markup to escape) and costs a tenth of a Paragraph; a statement has thousands.
    room = WIDTHS_MM[2] * mm - 6
    for ln in s.lines:
        rows.append(
            [
                date_text(ln.date),
                ln.document,
                clip(line_words(s, ln), room),
                amt(ln.debit),
                amt(ln.credit),
                amount_text(cur, ln.balance),
            ]
        )
    rows.append(
        [date_text(s.date_to), "", _("Closing balance"), "", "", amount_text(cur, s.closing)]
    )
    return PlainTable(
        rows,
        colWidths=[w * mm for w in WIDTHS_MM],
        repeatRows=1,
        style=table_style(
            total_row=True,
            extra=[
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("FONT", (0, 1), (-1, 1), FONT_BOLD, 8),
                ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.HexColor("#d5dae2")),
            ],
        ),
    )


def clip(text: str, width: float, size: float = 8, font: str = FONT, lines: int = 3) -> str:
    """`text` wrapped to `width` for a plain table cell ("\n" between lines), at most
    `lines` lines, the last cut with "…" when more would follow."""
    parts = simpleSplit(" ".join(text.split()), font, size, width)
    if len(parts) <= lines:
        return "\n".join(parts)
    last = parts[lines - 1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    return "\n".join([*parts[: lines - 1], last.rstrip() + "…"])


def _bucket_label(b: Bucket) -> str:
    """A bucket's heading in the document's language: the buckets were named
    in the language the statement was read in, the PDF is the customer's."""
    if b.low is None and b.high == 0:
        return _("Current")
    if b.high is None and b.low is not None:
        return _("over {days}").format(days=b.low - 1)
    return b.label


def _aging_footer(s: Statement) -> list[Flowable]:
    st = styles()
    cur = s.currency
    labels = [_bucket_label(b) for b in s.buckets]
    amounts = s.aging.buckets if s.aging else [ZERO] * len(labels)
    total = s.aging.total if s.aging else ZERO
    width = 180 * mm / (len(labels) + 3)
    heads = [*labels, _("Open"), _("Unapplied credit"), _("Net")]
    rows: list[list[object]] = [
        [clip(h, width - 6, font=FONT_BOLD, lines=3) for h in heads],
        [*(amount_text(cur, a) for a in amounts), amount_text(cur, total),
         amount_text(cur, s.credit), amount_text(cur, total - s.credit)],
    ]  # fmt: skip
    out: list[Flowable] = [
        Paragraph(
            esc(_("Aging on {date}").format(date=date_text(s.date_to))),
            st["h2"],
        ),
        Table(
            rows,
            colWidths=[width] * len(rows[0]),
            style=table_style(zebra=False, extra=[("ALIGN", (0, 0), (-1, -1), "RIGHT")]),
        ),
    ]
    if s.credit:
        out += [
            Spacer(1, 3 * mm),
            Paragraph(
                esc(
                    _(
                        "Unapplied credit of {credit} (payments and credit notes not yet set "
                        "against an invoice) is taken off what is open."
                    ).format(credit=amount_text(cur, s.credit))
                ),
                st["small"],
            ),
        ]
    return out
