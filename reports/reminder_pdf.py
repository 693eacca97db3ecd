"""The payment reminder as a PDF to send to the customer (issue 13).

Letterhead, the level's text (the book's `dunning_text_N`, else the
catalogue's sentence in the customer's language), the overdue invoices
still owed with their days overdue, the unapplied credit taken into
account and the invoices it covers, the total owed and where to pay.
"""

from __future__ import annotations

from decimal import Decimal
from os import PathLike
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.i18n import _
from app.read.report_data import Party
from app.rules.money import Currency
from app.services.dunning import CustomerRun
from reports.customer_doc import letterhead
from reports.doc_format import amount_text, date_text
from reports.pdf_base import build_doc, esc, styles, table_style

WIDTHS_MM = [34, 26, 24, 32, 32, 32]


def default_text(level: int) -> str:
    """The catalogue's sentence of a level, in the current language."""
    if level >= 3:
        return _(
            "Final reminder: the invoices below are still unpaid despite our earlier reminders. "
            "Unless we receive the amount owed within 7 days, we will take further steps to "
            "collect it."
        )
    if level == 2:
        return _(
            "Despite our reminder, the invoices below are still unpaid. Please pay the amount "
            "owed within 7 days."
        )
    return _(
        "This is a friendly reminder that the invoices below are past due. If you have "
        "already paid them, please disregard this letter."
    )


def title_of(level: int) -> str:
    return _("Final reminder") if level >= 3 else _("Payment reminder")


def write_reminder(
    path: str | PathLike[str],
    company: Party,
    customer: Party,
    run: CustomerRun,
    as_of_text: str,
    cur: Currency,
    text: str,
) -> Path:
    """Lay the reminder out; call inside `app.i18n.language(...)` of the customer."""
    st = styles()
    r = run.reminder
    title = title_of(r.level)
    facts = [(_("Date"), as_of_text), (_("Customer"), run.code), (_("Level"), str(r.level))]
    story: list[Flowable] = letterhead(company, title, facts, customer, _("To"))
    story += [Paragraph(esc(text or default_text(r.level)), st["body"]), Spacer(1, 5 * mm)]
    rows: list[list[object]] = [
        [_("Invoice"), _("Due date"), _("Days overdue"), _("Open"), _("Credit taken"), _("Owed")]
    ]
    for i in r.invoices:
        rows.append(
            [
                i.number,
                date_text(i.due_date),
                str(i.days_overdue),
                amount_text(cur, i.open),
                amount_text(cur, i.credit_taken) if i.credit_taken else "",
                amount_text(cur, i.owed),
            ]
        )
    rows.append([_("Total owed ({currency})").format(currency=cur.code), "", "", "", "",
                 amount_text(cur, r.owed)])  # fmt: skip
    story.append(
        Table(
            rows,
            colWidths=[w * mm for w in WIDTHS_MM],
            repeatRows=1,
            style=table_style(
                total_row=True,
                extra=[("ALIGN", (2, 0), (-1, -1), "RIGHT"), ("SPAN", (0, -1), (4, -1))],
            ),
        )
    )
    story += _credit_note(r.credit, r.covered, cur)
    if company.iban:
        story += [
            Spacer(1, 4 * mm),
            Paragraph(esc(_("Please pay to IBAN {iban}.").format(iban=company.iban)), st["body"]),
        ]
    name = f"{title} {run.code} {as_of_text}"
    return build_doc(path, story, name, footer_text=f"{company.name} — {name}", author=company.name)


def _credit_note(credit: Decimal, covered: tuple[str, ...], cur: Currency) -> list[Flowable]:
    if not credit:
        return []
    text = _(
        "We took your unapplied credit of {credit} (payments and credit notes not yet set "
        "against an invoice) into account, oldest invoice first."
    ).format(credit=amount_text(cur, credit))
    if covered:
        text += " " + _("It covers {numbers}, which are not reminded.").format(
            numbers=", ".join(covered)
        )
    return [Spacer(1, 4 * mm), Paragraph(esc(text), styles()["small"])]
