"""The limits of every field a person or a file fills in, in one table.

SQLite keeps any length in any column and PostgreSQL refuses with a bare
DataError, so the book states its own limits and the services refuse a
value beyond them with a sentence, the same on both backends; the import
checks every cell against the same table (app/exchange/schema.py takes its
lengths from here). Text holding NUL, terminal control characters or
characters that are not text (lone surrogates) is refused too, and `quote`
shows user input inside a message with such characters escaped, so a
message never sends them raw to a terminal.

Pure: no database, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import N_, _, said_day


@dataclass(frozen=True)
class TextLimit:
    what: str  # how a sentence names the field
    max_len: int
    # Free text: tabs and line breaks allowed (addresses, reasons, notes; a bank
    # reference or a line's description pasted from elsewhere). Other controls never.
    multiline: bool = False


TEXT: dict[str, TextLimit] = {
    "code": TextLimit(N_("customer code"), 40),
    "name": TextLimit(N_("customer name"), 200),
    "address": TextLimit(N_("address"), 2000, multiline=True),
    "tax_id": TextLimit(N_("tax id"), 40),
    "email": TextLimit(N_("e-mail address"), 200),
    "terms": TextLimit(N_("payment terms"), 120),
    "number": TextLimit(N_("document number"), 40),
    "reference": TextLimit(N_("reference"), 120, multiline=True),
    "method": TextLimit(N_("payment method"), 40),
    "description": TextLimit(N_("description"), 300, multiline=True),
    "reason": TextLimit(N_("reason"), 2000, multiline=True),
    "notes": TextLimit(N_("notes"), 2000, multiline=True),
    "explanation": TextLimit(N_("explanation"), 4000, multiline=True),
    "setting": TextLimit(N_("setting"), 2000, multiline=True),
}

# Amounts: strictly below one trillion in the book's currency (up to
# 999,999,999,999.99); as minor units even a sum of a million of them stays
# far inside the 64-bit integers both backends store.
MAX_AMOUNT = Decimal(10) ** 12
MAX_AMOUNT_TEXT = "999,999,999,999.99"
# Quantities (hours, kilos): strictly below one billion, three decimals.
MAX_QUANTITY = Decimal(10) ** 9
MAX_QUANTITY_TEXT = "999,999,999.999"
FIRST_YEAR, LAST_YEAR = 1900, 2999
MAX_TERMS_DAYS = 3650  # ten years: the longest discount period or due date
MAX_WHOLE = 10**9  # line numbers, sequence numbers, settlement ids

# C0 controls, DEL, C1 controls (ESC and CSI start terminal escape sequences),
# and lone surrogates (undecodable bytes of a command-line argument).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
QUOTE_MAX = 60  # characters of a long value shown in a message


def escape(text: str, keep_lines: bool = False) -> str:
    """`text` with control characters written as escapes (\\x1b, \\n, \\udcff).

    `keep_lines` leaves line feeds alone: a message of several lines."""
    pattern = _CONTROL_BUT_NEWLINE if keep_lines else _CONTROL
    return pattern.sub(lambda m: _escaped(m.group()), text)


def _escaped(ch: str) -> str:
    if ch in _NAMES:
        return _NAMES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quote(value: object) -> str:
    """User input as a message shows it: escaped, and cut short when long."""
    text = escape(str(value))
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX] + "…"


def bad_characters(text: str, multiline: bool = False) -> str | None:
    """Why `text` cannot be kept as it is, or None when it can."""
    found = (_CONTROL_BUT_LINES if multiline else _CONTROL).search(text)
    if found is None:
        return None
    ch = found.group()
    if ch == "\x00":
        return _("holds a NUL character")
    if "\ud800" <= ch <= "\udfff":
        return _("holds bytes that are not text in any character set Acerto reads")
    return _("holds the control character {escaped}").format(escaped=_escaped(ch))


def text_problem(field: str, text: str) -> str | None:
    """Why `text` is refused as the value of `field` (a key of TEXT), or None."""
    limit = TEXT[field]
    if len(text) > limit.max_len:
        return _("is {count:,} characters long; at most {max_len:,} are allowed").format(
            count=len(text), max_len=limit.max_len
        )
    return bad_characters(text, limit.multiline)


def check_text(field: str, value: object, where: str = "", *, what: str = "") -> str:
    """`value` as text for `field`, or a UserError naming the field and the limit.

    `where` names the document or customer, e.g. 'of customer C1'; `what`
    names the field when the table's name would not do (a setting's key)."""
    text = "" if value is None else str(value)
    problem = text_problem(field, text)
    if problem is not None:
        what = (what or _(TEXT[field].what)) + (f" {where}" if where else "")
        raise UserError(
            _('The {what} "{text}" {problem}.').format(what=what, text=quote(text), problem=problem)
        )
    return text


def _beyond(value: Decimal, limit: Decimal, noun: str, shown: str) -> str | None:
    if not value.is_finite():
        return _("is not a number")
    if abs(value) >= limit:
        return _("is beyond the largest {noun} the book holds ({shown})").format(
            noun=noun, shown=shown
        )
    return None


def amount_within(value: Decimal) -> bool:
    """Does the book hold this amount? (The quick test; `amount_problem` says why not.)"""
    return value.is_finite() and -MAX_AMOUNT < value < MAX_AMOUNT


def quantity_within(value: Decimal) -> bool:
    """Does the book hold this quantity? (The quick test; `quantity_problem` says why not.)"""
    return value.is_finite() and -MAX_QUANTITY < value < MAX_QUANTITY


def amount_problem(value: Decimal) -> str | None:
    return _beyond(value, MAX_AMOUNT, "amount", MAX_AMOUNT_TEXT)


def quantity_problem(value: Decimal) -> str | None:
    return _beyond(value, MAX_QUANTITY, "quantity", MAX_QUANTITY_TEXT)


def check_amount(value: Decimal, what: str = "") -> Decimal:
    return refuse(amount_problem(value), value, what or _("amount"))


def refuse(problem: str | None, value: Decimal, what: str) -> Decimal:
    """Raise the refusal of `value` (`what` names it) when there is a `problem`."""
    if problem is not None:
        raise UserError(
            _('The {what} "{value}" {problem}.').format(
                what=what, value=quote(value), problem=problem
            )
        )
    return value


def date_problem(day: date) -> str | None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return _("is outside the years {FIRST_YEAR}–{LAST_YEAR} the book accepts").format(
            FIRST_YEAR=FIRST_YEAR, LAST_YEAR=LAST_YEAR
        )
    return None


def check_date(day: date, what: str = "") -> date:
    problem = date_problem(day)
    if problem is not None:
        raise UserError(
            _("The {what} {day} {problem}.").format(
                what=what or _("date"), day=said_day(day), problem=problem
            )
        )
    return day


def check_whole(value: int, what: str) -> int:
    if not 0 <= value < MAX_WHOLE:
        raise UserError(
            _('The {what} "{value}" is not a number Acerto uses.').format(
                what=what, value=quote(value)
            )
        )
    return value
