"""The invoice as a PDF to send to the customer (issue 13).

Every receivable kind: invoice, standalone, order invoice (with the order
money already applied), corrective invoice that bills more. Letterhead,
customer block, lines, totals, the payment terms in words and the schedule
of what to pay by which date ("pay 98.00 by 11/03/2026, 100.00 by
31/03/2026"), dates and amounts in the document's language.
"""

from __future__ import annotations

from decimal import Decimal
from os import PathLike
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app import formats
from app.i18n import _
from app.read.invoice_data import InvoiceData
from app.rules.schedule import PayBy
from app.rules.terms import Terms
from reports.credit_note_pdf import _plain, lines_table
from reports.customer_doc import letterhead
from reports.doc_format import amount_text, date_text
from reports.pdf_base import FONT, FONT_BOLD, build_doc, esc, styles


def title_of(data: InvoiceData) -> str:
    if data.kind == "corrective":
        return _("Corrective invoice")
    return _("Invoice")


def write_invoice(path: str | PathLike[str], data: InvoiceData) -> Path:
    """Lay the invoice out; call inside `app.i18n.language(...)` of the customer."""
    st = styles()
    cur = data.currency
    title = title_of(data)
    facts = [(_("Number"), data.number), (_("Date"), date_text(data.date))]
    facts.append((_("Due date"), date_text(data.due_date)))
    if data.order:
        facts.append((_("Order"), data.order))
    if data.corrects:
        facts.append((_("Corrects invoice"), data.corrects))
    story: list[Flowable] = letterhead(data.company, title, facts, data.customer, _("Bill to"))
    rows: list[list[object]] = [
        [_("#"), _("Description"), _("Quantity"), _("Unit price"), _("Amount")]
    ]
    for ln in data.lines:
        rows.append(
            [
                str(ln.line),
                Paragraph(esc(ln.description), st["cell"]),
                formats.quantity(ln.quantity),
                amount_text(cur, ln.unit_price),
                amount_text(cur, ln.amount),
            ]
        )
    story += [lines_table(rows), Spacer(1, 6 * mm), _totals(data), Spacer(1, 6 * mm)]
    story += _payment(data)
    name = f"{title} {data.number}"
    return build_doc(
        path, story, name, footer_text=f"{data.company.name} — {name}", author=data.company.name
    )


def _totals(data: InvoiceData) -> Table:
    cur = data.currency
    figures: list[tuple[str, Decimal]] = [
        (_("Total ({currency})").format(currency=cur.code), data.total)
    ]
    if data.order_money:
        figures.append((_("Paid from order {order}").format(order=data.order), -data.order_money))
    if data.other_settled:
        figures.append((_("Already settled"), -data.other_settled))
    if len(figures) > 1:
        figures.append((_("Balance due"), data.balance))
    st = styles()
    return Table(
        [[Paragraph(esc(a), st["body"]), amount_text(cur, b)] for a, b in figures],
        colWidths=[80 * mm, 35 * mm],
        hAlign="RIGHT",
        style=_plain(
            [
                ("FONT", (1, 0), (1, -1), FONT, 9),
                ("FONT", (1, -1), (1, -1), FONT_BOLD, 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
            ]
        ),
    )


def terms_words(terms: Terms) -> str:
    """ "2% 10, net 30" in words: the discounts and when the invoice is due."""
    parts = [
        _("{percent}% discount if paid within {days} days").format(
            percent=f"{t.percent.normalize():f}", days=t.days
        )
        for t in terms.tiers
    ]
    parts.append(_("net {days} days").format(days=terms.net_days))
    return ", ".join(parts)


def schedule_words(data: InvoiceData) -> str:
    """ "Pay 98.00 by 11/03/2026, 100.00 by 31/03/2026." in the document's language."""
    return _("Pay {schedule}.").format(schedule=", ".join(_pay_by(data, p) for p in data.schedule))


def _pay_by(data: InvoiceData, p: PayBy) -> str:
    return _("{amount} by {date}").format(
        amount=amount_text(data.currency, p.amount), date=date_text(p.until)
    )


def _payment(data: InvoiceData) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = []
    if data.terms is not None:
        label = _("Payment terms:")
        out.append(Paragraph(f"<b>{esc(label)}</b> {esc(terms_words(data.terms))}", st["body"]))
    if data.schedule and data.balance > 0:
        out.append(Paragraph(esc(schedule_words(data)), st["body"]))
        if data.order_money or data.other_settled:
            out.append(
                Paragraph(
                    esc(
                        _(
                            "The amounts are of the whole invoice; what is already settled "
                            "counts towards them."
                        )
                    ),
                    st["small"],
                )
            )
    if data.company.iban and data.balance > 0:
        out.append(
            Paragraph(
                esc(
                    _("Please pay to IBAN {iban}, quoting {number}.").format(
                        iban=data.company.iban, number=data.number
                    )
                ),
                st["body"],
            )
        )
    return out
