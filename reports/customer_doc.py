"""What every document sent to a customer shares: the letterhead and the address box.

The letterhead is the company's logo (when set and still on disk), name,
address, tax id and IBAN on the left, the document's title and numbers on
the right; the customer's block sits under it in a thin box. Text from the
book goes through `esc`; the sentences through `_()`.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table

from app.i18n import _
from app.read.report_data import Party
from reports.credit_note_pdf import _plain, customer_box
from reports.pdf_base import esc, styles

LOGO_BOX = (45 * mm, 18 * mm)  # the most a logo takes: width, height


def company_block(p: Party) -> list[Flowable]:
    """Logo, name, address, tax id, IBAN: the sender of a customer document."""
    st = styles()
    out: list[Flowable] = []
    logo = _logo(p.logo)
    if logo is not None:
        out += [logo, Spacer(1, 2 * mm)]
    out.append(Paragraph(esc(p.name or "—"), st["bold"]))
    if p.address:
        out.append(Paragraph(esc(p.address), st["body"]))
    if p.tax_id:
        out.append(Paragraph(esc(_("Tax id {tax_id}").format(tax_id=p.tax_id)), st["body"]))
    if p.iban:
        out.append(Paragraph(esc(_("IBAN {iban}").format(iban=p.iban)), st["body"]))
    return out


def _logo(path: str) -> Image | None:
    if not path:
        return None
    try:
        w, h = ImageReader(path).getSize()
    except Exception:  # noqa: BLE001 - a broken image prints no logo, never fails a document
        return None
    scale = min(LOGO_BOX[0] / w, LOGO_BOX[1] / h)
    image = Image(path, width=w * scale, height=h * scale)
    image.hAlign = "LEFT"
    return image


def letterhead(
    company: Party, title: str, facts: Sequence[tuple[str, str]], customer: Party, to: str
) -> list[Flowable]:
    """The top of a customer document: sender, title with its facts, the customer's box."""
    st = styles()
    heading: list[Flowable] = [Paragraph(esc(title), st["title"])]
    for label, value in facts:
        heading.append(Paragraph(f"{esc(label)} <b>{esc(value)}</b>", st["body"]))
    top = Table(
        [[company_block(company), heading]],
        colWidths=[100 * mm, 80 * mm],
        style=_plain([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
    )
    return [top, Spacer(1, 8 * mm), customer_box(customer, to, st), Spacer(1, 6 * mm)]
