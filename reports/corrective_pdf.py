"""The corrective invoice as a PDF to send to the customer (SPEC §3.9, §6).

Titled "Corrective invoice", it states the invoice it corrects, lists the
reversed lines as negative and the re-billed lines as positive (the signs
they were posted with), the total, what the correction did to the open
balance, and the unbilled items the correction created (not billed here,
billed later or marked not chargeable). Every text from the book is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from os import PathLike
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app import formats
from app.i18n import N_, _
from app.read.corrective_data import CorrectiveData
from reports.cells import head_row
from reports.company_block import company_block
from reports.credit_note_pdf import _plain, customer_box, lines_table
from reports.pdf_base import FONT, FONT_BOLD, build_doc, esc, styles, table_style

TITLE = N_("Corrective invoice")
_STATUS = {"open": N_("open, to be billed later"), "not_chargeable": N_("not chargeable")}


def write_corrective(path: str | PathLike[str], data: CorrectiveData) -> Path:
    st = styles()

    def money(v: Decimal) -> str:
        return formats.amount(v, data.currency, symbol=True)

    heading = [
        Paragraph(esc(_(TITLE)), st["title"]),
        Paragraph(_("Number <b>{number}</b>").format(number=esc(data.number)), st["body"]),
        Paragraph(_("Date {date}").format(date=esc(formats.day(data.date))), st["body"]),
        Paragraph(
            _("Corrects invoice <b>{corrects}</b> of {corrects_date}").format(
                corrects=esc(data.corrects), corrects_date=esc(formats.day(data.corrects_date))
            ),
            st["body"],
        ),
    ]
    top = head_row(company_block(data.company), heading)
    cust = customer_box(data.customer, _("Bill to"), st)
    story: list[Flowable] = [top, Spacer(1, 8 * mm), cust, Spacer(1, 6 * mm)]
    story += [_lines_table(data, money, st), Spacer(1, 6 * mm)]
    story.append(_figures(data, money, st))
    story += _unbilled(data, money, st)
    word = _("{title} {number}").format(title=_(TITLE), number=data.number)
    return build_doc(path, story, word, footer_text=f"{data.company.name} — {word}")


def _lines_table(
    data: CorrectiveData, money: Callable[[Decimal], str], st: dict[str, ParagraphStyle]
) -> Table:
    rows: list[list[object]] = [
        ["#", _("Description"), _("Quantity"), _("Unit price"), _("Amount")]
    ]
    for ln in data.lines:
        where = (
            _(" (line {original_line} of {corrects})").format(
                original_line=ln.original_line, corrects=data.corrects
            )
            if ln.original_line
            else ""
        )
        what = _("Reversed") if ln.role == "reverse" else _("Billed again")
        rows.append(
            [
                str(ln.line),
                Paragraph(f"{esc(ln.description)}<br/><i>{esc(what + where)}</i>", st["cell"]),
                formats.quantity(ln.quantity),
                money(ln.unit_price),
                money(ln.amount),
            ]
        )
    return lines_table(rows)


def _figures(
    data: CorrectiveData, money: Callable[[Decimal], str], st: dict[str, ParagraphStyle]
) -> Table:
    figures: list[tuple[str, Decimal]] = [
        (_("Reversed"), data.reversed_total),
        (_("Billed again"), data.rebilled_total),
        (_("Total of this corrective invoice"), data.total),
        (_("Invoice {corrects} was").format(corrects=data.corrects), data.corrects_total),
        (
            _("Invoice {corrects} after this correction").format(corrects=data.corrects),
            data.corrects_total + data.total,
        ),
    ]
    credit = data.credit
    if credit is not None:
        figures.append(
            (
                _("Taken off the open balance of {corrects}").format(corrects=data.corrects),
                credit.reduces_invoice,
            )
        )
        if credit.discount_reversed:
            figures.append((_("Cash discount reversed"), credit.discount_reversed))
        figures.append((_("Amount owed to the customer"), credit.owed_to_customer))
    else:
        figures.append(
            (_("Amount due by {due_date}").format(due_date=formats.day(data.due_date)), data.total)
        )
    last = len(figures) - 1
    return Table(
        [
            [Paragraph(f"<b>{esc(a)}</b>" if i == last else esc(a), st["body"]), money(b)]
            for i, (a, b) in enumerate(figures)
        ],
        colWidths=[80 * mm, 35 * mm],
        hAlign="RIGHT",
        style=_plain(
            [
                ("FONT", (1, 0), (1, -1), FONT, 9),
                ("FONT", (1, -1), (1, -1), FONT_BOLD, 10),
                ("FONT", (1, 2), (1, 2), FONT_BOLD, 9),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, 2), (-1, 2), 0.5, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
            ]
        ),
    )


def _unbilled(
    data: CorrectiveData, money: Callable[[Decimal], str], st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    if not data.unbilled:
        return []
    rows: list[list[object]] = [
        [_("Description"), _("Quantity"), _("Unit price"), _("Amount"), _("Status")]
    ]
    for u in data.unbilled:
        status = (
            _("billed on {billed_on}").format(billed_on=u.billed_on)
            if u.billed_on
            else _(_STATUS[u.status])
            if u.status in _STATUS
            else u.status
        )
        rows.append(
            [
                Paragraph(esc(u.description), st["cell"]),
                formats.quantity(u.quantity),
                money(u.unit_price),
                money(u.amount),
                Paragraph(esc(status), st["cell"]),
            ]
        )
    return [
        Spacer(1, 7 * mm),
        Paragraph(_("<b>Unbilled items this correction created</b>"), st["body"]),
        Paragraph(
            esc(
                _(
                    "Not billed on this invoice ({unbilled_total} in all): they are billed later or marked not chargeable."
                ).format(unbilled_total=money(data.unbilled_total))
            ),
            st["small"],
        ),
        Spacer(1, 2 * mm),
        Table(
            rows,
            colWidths=[64 * mm, 20 * mm, 26 * mm, 26 * mm, 44 * mm],
            style=table_style(extra=[("ALIGN", (1, 0), (3, -1), "RIGHT")]),
        ),
    ]
