"""Dates typed by people or read from files: ISO `YYYY-MM-DD` only."""

from __future__ import annotations

import re
from datetime import date

from app.errors import UserError
from app.i18n import _
from app.rules.limits import check_date, quote

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: object, what: str | None = None) -> date:
    what = what or _("date")
    if isinstance(text, date):
        return check_date(text, what)
    raw = str(text or "").strip()
    m = _ISO.match(raw)
    if not m:
        raise UserError(
            _('The {what} "{raw}" is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01.').format(
                what=what, raw=quote(raw)
            )
        )
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise UserError(
            _('The {what} "{raw}" does not exist in the calendar.').format(what=what, raw=raw)
        ) from None
    return check_date(day, what)
