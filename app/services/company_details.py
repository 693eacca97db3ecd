"""The settings of documents sent to customers: the company's IBAN and logo, reminder days.

`company_iban` is checked by its ISO 13616 check digits and stored in groups
of four. `company_logo` is the path of a PNG, JPEG or SVG file, checked when it
is set (it exists, is an image of one of those kinds, at most 2 MB) and
stored absolute. The path is kept rather than the image's bytes: the
settings travel in the exchange workbook's Book sheet, whose cells hold at
most 32,767 characters, and in `settings --json`; a document printed where
the file is missing prints without the logo (`logo_file`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from app.errors import UserError
from app.i18n import _
from app.rules.limits import quote

# The settings of customer documents, with their defaults (in setting_values.DEFAULTS).
DEFAULTS = {
    "company_iban": "",
    "company_logo": "",
    "dunning_days": "14,30,60",
    "dunning_interval": "10",
    "dunning_text_1": "",  # "" = the catalogue's sentence of level 1, in the customer's language
    "dunning_text_2": "",
    "dunning_text_3": "",
}
MAX_LOGO_BYTES = 2 * 1024 * 1024
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")


def check_iban(value: str) -> str:
    """An IBAN with valid check digits, in groups of four; empty clears it."""
    raw = re.sub(r"\s+", "", value).upper()
    if not raw:
        return ""
    if not _IBAN.match(raw) or _mod97(raw) != 1:
        raise UserError(
            _('The IBAN "{iban}" is not valid: check its letters and digits.').format(
                iban=quote(value)
            )
        )
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _mod97(iban: str) -> int:
    moved = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in moved)
    return int(digits) % 97


def check_logo(value: str) -> str:
    """The absolute path of a PNG, JPEG or SVG of at most 2 MB; empty clears it."""
    text = value.strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_file():
        raise UserError(_('There is no logo file "{path}".').format(path=quote(text)))
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise UserError(
            _('The logo "{path}" is {size:,} bytes; at most 2 MB is allowed.').format(
                path=quote(text), size=size
            )
        )
    with path.open("rb") as f:
        head = f.read(8)
    if not any(head.startswith(sig) for sig in _SIGNATURES) and not is_svg(path):
        raise UserError(
            _('The logo "{path}" is not a PNG, JPEG or SVG image.').format(path=quote(text))
        )
    return str(path.resolve())


def is_svg(path: Path) -> bool:
    """An SVG drawing: XML whose root is <svg>, read with entities and DTDs refused
    (defusedxml), so a logo can never expand or fetch anything."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.parse(str(path), forbid_dtd=True).getroot()
    except (ElementTree.ParseError, DefusedXmlException, OSError, ValueError):
        return False
    return root.tag.rsplit("}", 1)[-1] == "svg"


def logo_file(stored: str) -> str:
    """The stored logo's path when the file is still there and an image; else ""."""
    if not stored:
        return ""
    try:
        return check_logo(stored)
    except (UserError, OSError):
        return ""


def check_dunning_days(value: str) -> str:
    from app.rules.dunning import parse_days  # lazy: every command imports this module

    return ",".join(str(d) for d in parse_days(value))


def check_dunning_interval(value: str) -> str:
    from app.rules.dunning import parse_interval

    return str(parse_interval(value))


# The settings of the documents sent to customers, with their checks (setting_values.normalise_setting).
CHECKS: dict[str, Callable[[str], str]] = {
    "company_iban": check_iban,
    "company_logo": check_logo,
    "dunning_days": check_dunning_days,
    "dunning_interval": check_dunning_interval,
}
