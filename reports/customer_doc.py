"""What every document sent to a customer shares: the letterhead and the address box.

The letterhead is the company's logo (when set and still on disk), name,
address, tax id and IBAN on the left, the document's title and numbers on
the right; the customer's block sits under it in a thin box. Text from the
book goes through `esc`; the sentences through `_()`.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.read.report_data import Party
from reports.cells import head_row
from reports.company_block import company_block
from reports.credit_note_pdf import customer_box
from reports.pdf_base import esc, styles


def letterhead(
    company: Party, title: str, facts: Sequence[tuple[str, str]], customer: Party, to: str
) -> list[Flowable]:
    """The top of a customer document: sender, title with its facts, the customer's box."""
    st = styles()
    heading: list[Flowable] = [Paragraph(esc(title), st["title"])]
    for label, value in facts:
        heading.append(Paragraph(f"{esc(label)} <b>{esc(value)}</b>", st["body"]))
    top = head_row(company_block(company), heading)
    return [top, Spacer(1, 8 * mm), customer_box(customer, to, st), Spacer(1, 6 * mm)]
