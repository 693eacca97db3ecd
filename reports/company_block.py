"""The sender's block of every document sent to a customer: logo, name, address, tax id, IBAN.

Shared by the invoice, statement and reminder (through `reports/customer_doc.py`)
and by the credit note and corrective invoice, so each prints the company's
details the same way. The logo prints when set and still on disk.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Spacer

from app.i18n import _
from app.read.report_data import Party
from reports.pdf_base import styles
from reports.pdf_lines import plain

LOGO_BOX = (45 * mm, 18 * mm)  # the most a logo takes: width, height


def company_block(p: Party) -> list[Flowable]:
    """Logo, name, address, tax id, IBAN: the sender of a customer document."""
    st = styles()
    out: list[Flowable] = []
    logo = _logo(p.logo)
    if logo is not None:
        out += [logo, Spacer(1, 2 * mm)]
    out.append(plain(p.name or "—", st["bold"]))
    if p.address:
        out.append(plain(p.address, st["body"]))
    if p.tax_id:
        out.append(plain(_("Tax id {tax_id}").format(tax_id=p.tax_id), st["body"]))
    if p.iban:
        out.append(plain(_("IBAN {iban}").format(iban=p.iban), st["body"]))
    return out


def _logo(path: str) -> Flowable | None:
    if not path:
        return None
    try:
        w, h = ImageReader(path).getSize()
    except Exception:  # noqa: BLE001 - not a picture: an SVG drawing, or no logo
        return _svg_logo(path)
    scale = min(LOGO_BOX[0] / w, LOGO_BOX[1] / h)
    image = Image(path, width=w * scale, height=h * scale)
    image.hAlign = "LEFT"
    return image


def _svg_logo(path: str) -> Flowable | None:
    """An SVG logo as vector drawing (svglib, entities never resolved), scaled into
    the logo's box; a drawing that does not read prints no logo."""
    from svglib.svglib import svg2rlg  # lazy: only a book with an SVG logo needs it

    try:
        drawing = svg2rlg(path, resolve_entities=False)
    except Exception:  # noqa: BLE001 - a broken drawing prints no logo, never fails a document
        return None
    if drawing is None or not drawing.width or not drawing.height:
        return None
    scale = min(LOGO_BOX[0] / drawing.width, LOGO_BOX[1] / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.hAlign = "LEFT"
    return drawing  # type: ignore[no-any-return]
