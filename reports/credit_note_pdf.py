"""The credit note as a PDF to send to the customer (SPEC §6).

Company block, customer block, the credit note's number and date, the
invoice it credits, the reason, the lines, the cash discount reversed and
the amount owed to the customer; page X of Y. Every text from the book is
escaped, so a customer called `<b>&amp;` prints as exactly that.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app import formats
from app.i18n import _
from app.read.report_data import CreditNoteData, Party
from reports.cells import Cells, head_row
from reports.company_block import company_block
from reports.doc_format import date_text, symbol_text
from reports.pdf_base import FONT, FONT_BOLD, build_doc, esc, styles, table_style
from reports.pdf_lines import plain, rich
from reports.plain_table import PlainTable


def _plain(commands: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """A layout table's style, its cells in the embedded font.

    reportlab gives every table cell Helvetica unless told otherwise, and
    names it in the PDF (unembedded) even when the cells hold only paragraphs.
    """
    return [("FONT", (0, 0), (-1, -1), FONT, 9), *commands]


def _party_block(p: Party, heading: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = []
    if heading:
        out.append(plain(heading, st["small"]))
    out.append(plain(p.name or "—", st["bold"]))
    for text in (
        p.address,
        _("Tax id {tax_id}").format(tax_id=p.tax_id) if p.tax_id else "",
        _("Customer {code}").format(code=p.code) if p.code else "",
        p.email,
    ):
        if text:
            out.append(plain(text, st["body"]))
    return out


def customer_box(p: Party, heading: str, st: dict[str, ParagraphStyle]) -> Cells:
    """The customer's block in a thin box (credit note, corrective invoice)."""
    return Cells(
        [_party_block(p, heading, st)],
        [100 * mm],
        pad=(6, 6, 4, 6),
        box=(0.5, colors.HexColor("#9aa5b5")),
        h_align="LEFT",
    )


def lines_table(rows: list[list[object]]) -> Table:
    """#, description, quantity, unit price, amount: the document's lines under a header."""
    return PlainTable(
        rows,
        colWidths=[10 * mm, 90 * mm, 22 * mm, 29 * mm, 29 * mm],
        repeatRows=1,
        style=table_style(
            extra=[
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d5dae2")),
            ]
        ),
    )


def write_credit_note(path: str | PathLike[str], data: CreditNoteData) -> Path:
    cur = data.currency
    st = styles()

    def money(v: Decimal) -> str:
        return symbol_text(cur, v)

    word = _("Credit note") if data.kind == "credit_note" else _("Corrective invoice (credit)")
    story: list[Flowable] = [
        head_row(company_block(data.company), _heading(data, word, st)),
        Spacer(1, 8 * mm),
        customer_box(data.customer, _("Credit to"), st),
        Spacer(1, 6 * mm),
    ]
    if data.reason:
        story.append(rich(_("<b>Reason:</b> {reason}"), st["body"], reason=data.reason))
        story.append(Spacer(1, 4 * mm))
    story += [_lines(data, money, st), Spacer(1, 6 * mm), _summary(data, money, st)]
    story += _notes(data, money, st)
    return build_doc(
        path,
        story,
        _("{word} {number}").format(word=word, number=data.number),
        footer_text=_("{name} — {word} {number}").format(
            name=data.company.name, word=word, number=data.number
        ),
    )


def _heading(data: CreditNoteData, word: str, st: Any) -> list[Flowable]:
    """The title, number and date, and the invoice credited."""
    heading: list[Flowable] = [
        plain(word, st["title"]),
        rich(_("Number <b>{number}</b>"), st["body"], number=data.number),
        plain(_("Date {date}").format(date=date_text(data.date)), st["body"]),
    ]
    if data.invoice:
        on = (
            _(" of {invoice_date}").format(invoice_date=date_text(data.invoice_date))
            if data.invoice_date
            else ""
        )
        heading.append(
            rich(_("Credits invoice <b>{invoice}</b>{on}"), st["body"], invoice=data.invoice, on=on)
        )
    return heading


def _lines(data: CreditNoteData, money: Callable[[Decimal], str], st: Any) -> Flowable:
    """The credited lines."""
    rows: list[list[object]] = [
        ["#", _("Description"), _("Quantity"), _("Unit price"), _("Amount")]
    ]
    for ln in data.lines:
        rows.append(
            [
                str(ln.line),
                plain(ln.description, st["cell"]),
                formats.quantity(ln.quantity),
                money(ln.unit_price),
                money(ln.amount),
            ]
        )
    return lines_table(rows)


def _summary(data: CreditNoteData, money: Callable[[Decimal], str], st: Any) -> Flowable:
    """The figures of SPEC §3.4, the amount owed to the customer last and bold."""
    figures: list[list[object]] = [[_("Total credited"), money(data.credit)]]
    if data.invoice:
        figures.append(
            [
                _("Taken off the open balance of {invoice}").format(invoice=data.invoice),
                money(data.reduces_invoice),
            ]
        )
    figures.append([_("Cash discount reversed"), money(data.discount_reversed)])
    figures.append([_("Amount owed to the customer"), money(data.owed_to_customer)])
    return PlainTable(
        [[plain(a, st["body"]), b] for a, b in figures[:-1]]
        + [[plain(figures[-1][0], st["bold"]), figures[-1][1]]],
        colWidths=[80 * mm, 35 * mm],
        hAlign="RIGHT",
        style=_plain(
            [
                ("FONT", (1, 0), (1, -1), FONT, 9),
                ("FONT", (1, -1), (1, -1), FONT_BOLD, 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
            ]
        ),
    )


def _notes(data: CreditNoteData, money: Callable[[Decimal], str], st: Any) -> list[Flowable]:
    """The sentences under the figures: the discount reversed and what happens to the credit."""
    out: list[Flowable] = []
    if data.discount_reversed:
        out += [
            Spacer(1, 5 * mm),
            Paragraph(
                esc(
                    _(
                        "You took a cash discount when paying invoice {invoice}. The part of that discount that belongs to the credited amount, {discount_reversed}, is reversed, so the credit owed to you is {owed_to_customer}."
                    ).format(
                        invoice=data.invoice,
                        discount_reversed=money(data.discount_reversed),
                        owed_to_customer=money(data.owed_to_customer),
                    )
                ),
                st["small"],
            ),
        ]
    if data.owed_to_customer > 0:
        out += [
            Spacer(1, 3 * mm),
            Paragraph(
                esc(
                    _(
                        "The {owed_to_customer} owed to you will be refunded or set against your next invoices."
                    ).format(owed_to_customer=money(data.owed_to_customer))
                ),
                st["small"],
            ),
        ]
    return out
