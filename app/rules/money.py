"""Exact money: integer minor units in storage, `Decimal` in code.

Every computed amount is rounded once, ROUND_HALF_UP, to the currency's
minor unit (SPEC §1). Parsing is strict: text that could mean two amounts is
refused rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.errors import UserError
from app.i18n import _
from app.rules.limits import MAX_AMOUNT, MAX_QUANTITY, amount_problem, quantity_problem, quote

# ISO 4217 minor-unit exponents that differ from 2, plus a few symbols.
_EXPONENTS = {
    "BHD": 3,
    "BIF": 0,
    "CLF": 4,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "IQD": 3,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "PYG": 0,
    "RWF": 0,
    "TND": 3,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
}
_SYMBOLS = {
    "EUR": "€",
    "USD": "$",
    "BRL": "R$",
    "GBP": "£",
    "JPY": "¥",
    "MXN": "$",
    "ARS": "$",
    "CLP": "$",
    "COP": "$",
    "CHF": "CHF",
    "AOA": "Kz",
    "MZN": "MT",
    "CVE": "Esc",
}
_CODE = re.compile(r"^[A-Z]{3}$")
_KNOWN: dict[str, Currency] = {}  # Currency.of, by the code as given (a Currency is immutable)
ZERO = Decimal(0)
QTY_PLACES = 3
QTY_QUANTUM = Decimal("0.001")


def _quantum(places: int) -> Decimal:
    q = _QUANTA.get(places)
    if q is None:
        q = _QUANTA[places] = Decimal(1).scaleb(-places)
    return q


_QUANTA: dict[int, Decimal] = {}


@dataclass(frozen=True)
class Currency:
    """A currency and the arithmetic of its minor unit."""

    code: str
    places: int
    # One minor unit (0.01): kept, not looked up, for the rounding of every figure.
    quantum: Decimal = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantum", _quantum(self.places))

    @classmethod
    def of(cls, code: str) -> Currency:
        known = _KNOWN.get(code)
        if known is not None:
            return known
        given = code
        code = (code or "").strip().upper()
        if not _CODE.match(code):
            raise UserError(
                _('"{code}" is not an ISO 4217 currency code such as EUR, USD or BRL.').format(
                    code=code
                )
            )
        cur = cls(code, _EXPONENTS.get(code, 2))
        if isinstance(given, str) and len(_KNOWN) < 1000:
            _KNOWN[given] = cur
        return cur

    @property
    def symbol(self) -> str:
        return _SYMBOLS.get(self.code, self.code)

    def round(self, value: Decimal) -> Decimal:
        """Round once, half up, to the minor unit."""
        # The rounding given by place: by keyword, the C method parses its arguments
        # by name (0.15 against 0.08 µs; a plan rounds about ten amounts).
        return value.quantize(self.quantum, ROUND_HALF_UP)

    def to_minor(self, value: Decimal) -> int:
        if not value:  # half the journal's figures (a line's debit or its credit)
            return 0
        minor = value.scaleb(self.places)  # exact: only the exponent moves
        if not minor.is_finite():
            raise ValueError(f"{value} is not an amount")
        whole = int(minor)
        if minor != whole:
            raise ValueError(f"{value} has more decimals than {self.code} allows")
        return whole

    def from_minor(self, minor: int) -> Decimal:
        return Decimal(int(minor)).scaleb(-self.places).quantize(self.quantum)

    def fmt(self, value: Decimal) -> str:
        """Plain machine form: '1234.50', '-2.00' (JSON, CSV)."""
        return f"{self.round(value):f}"

    def display(self, value: Decimal, symbol: bool = False) -> str:
        """Human form with thousands separators: '1,234.50' or '€ 1,234.50'."""
        text = f"{self.round(value):,.{self.places}f}"
        return f"{self.symbol} {text}" if symbol else text

    def parse(self, text: object, what: str = "") -> Decimal:
        return parse_amount(text, self.places, what)


_PLAIN = re.compile(r"^[+-]?\d+$")


def parse_amount(
    text: object, places: int = 2, what: str = "", limit: Decimal = MAX_AMOUNT
) -> Decimal:
    """Parse an amount typed by a person or read from a file (`what` names it in a
    refusal: "amount" in the reader's language unless given).

    Accepts '1234.5', '1234,50', '1,234.50', '1.234,50', '-12'. Refuses text
    with letters, two decimal separators, more decimals than the currency
    has, the ambiguous '1,234' / '1.234' (thousands or decimals?), and an
    amount at or beyond `limit` (app/rules/limits.py).
    """
    what = what or _("amount")
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        raw = str(text if text is not None else "").strip().replace(" ", "").replace("\u00a0", "")
        value = _parse_text(raw, places, what)
    if not value.is_finite():
        raise UserError(
            _('The {what} "{text}" is not a number.').format(what=what, text=quote(text))
        )
    if abs(value) >= limit:
        problem = amount_problem(value) if limit == MAX_AMOUNT else quantity_problem(value)
        raise UserError(
            _('The {what} "{text}" {problem}.').format(what=what, text=quote(text), problem=problem)
        )
    if value != value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        if places == 0:  # a currency without minor units (JPY): say so, not "more than 0"
            raise UserError(
                _('The {what} "{text}" has decimals; this currency has none.').format(
                    what=what, text=quote(text)
                )
            )
        raise UserError(
            _('The {what} "{text}" has more than {places} decimal places.').format(
                what=what, text=quote(text), places=places
            )
        )
    return value.quantize(Decimal(1).scaleb(-places))


def _parse_text(raw: str, places: int, what: str) -> Decimal:
    shown = raw
    if not raw:
        raise UserError(_("The {what} is empty; type an amount such as 125.50.").format(what=what))
    sign = ""
    if raw[0] in "+-":
        sign, raw = raw[0], raw[1:]
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit() and raw[0] not in ".,":
        raise UserError(
            _('The {what} "{shown}" is not a number; type an amount such as 125.50.').format(
                what=what, shown=quote(shown)
            )
        )
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        # The last separator is the decimal one; the other groups thousands.
        dec, grp = (".", ",") if raw.rfind(".") > raw.rfind(",") else (",", ".")
        if raw.count(dec) > 1:
            raise UserError(
                _('The {what} "{shown}" has more than one decimal separator.').format(
                    what=what, shown=quote(shown)
                )
            )
        whole, frac = raw.split(dec)
        _check_groups(whole, grp, shown, what)
        number = whole.replace(grp, "") + "." + frac
    elif dots > 1 or commas > 1:
        sep = "." if dots else ","
        if not _groups_ok(raw, sep):
            raise UserError(
                _('The {what} "{shown}" is not a number; it has more than one "{sep}".').format(
                    what=what, shown=quote(shown), sep=sep
                )
            )
        number = raw.replace(sep, "")
    elif dots == 1 or commas == 1:
        sep = "." if dots else ","
        whole, frac = raw.split(sep)
        three_decimals_ok = places == 3 and sep == "."
        if len(frac) == 3 and not three_decimals_ok and whole and whole != "0" and len(whole) <= 3:
            choices = f"{whole}{frac}" if places < 3 else f"{whole}{frac} or {whole}.{frac}"
            raise UserError(
                _(
                    'The {what} "{shown}" is ambiguous: is "{sep}" a thousands or a decimal separator? Write {choices}.'
                ).format(what=what, shown=quote(shown), sep=sep, choices=choices)
            )
        number = whole + "." + frac
    else:
        number = raw
    try:
        return Decimal(sign + number)
    except InvalidOperation:
        raise UserError(
            _('The {what} "{shown}" is not a number.').format(what=what, shown=quote(shown))
        ) from None


def _groups_ok(whole: str, sep: str) -> bool:
    parts = whole.split(sep)
    return (
        1 <= len(parts[0]) <= 3
        and parts[0].isdigit()
        and all(len(p) == 3 and p.isdigit() for p in parts[1:])
    )


def _check_groups(whole: str, sep: str, shown: str, what: str) -> None:
    if sep in whole and not _groups_ok(whole, sep):
        raise UserError(
            _('The {what} "{shown}" has misplaced thousands separators.').format(
                what=what, shown=quote(shown)
            )
        )


def parse_quantity(text: object, what: str = "") -> Decimal:
    """Quantities are decimals with at most three places (hours, kilos)."""
    what = what or _("quantity")
    value = (
        parse_amount(text, QTY_PLACES, what, MAX_QUANTITY)
        if not isinstance(text, Decimal)
        else text
    )
    problem = quantity_problem(value)
    if problem is not None:
        raise UserError(
            _('The {what} "{text}" {problem}.').format(what=what, text=quote(text), problem=problem)
        )
    if value != value.quantize(QTY_QUANTUM):
        raise UserError(
            _('The {what} "{text}" has more than three decimal places.').format(
                what=what, text=quote(text)
            )
        )
    return value.quantize(QTY_QUANTUM)


def qty_to_milli(q: Decimal) -> int:
    return int(q.quantize(QTY_QUANTUM).scaleb(QTY_PLACES))


def qty_from_milli(m: int) -> Decimal:
    return Decimal(int(m)).scaleb(-QTY_PLACES).quantize(QTY_QUANTUM)


def fmt_qty(q: Decimal) -> str:
    """'8', '2.5', '0.125' — no trailing zeros."""
    text = f"{q.quantize(QTY_QUANTUM):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def allocate(total: Decimal, weights: Sequence[Decimal], currency: Currency) -> list[Decimal]:
    """Split `total` in parts proportional to `weights` (SPEC §3.9).

    Each part is rounded once; the last part takes the remainder, so the
    parts always add up to the whole.
    """
    if not weights:
        return []
    base = sum(weights, ZERO)
    if base == 0:
        parts = [ZERO] * len(weights)
        parts[-1] = total
        return parts
    parts = [currency.round(total * w / base) for w in weights[:-1]]
    parts.append(total - sum(parts, ZERO))
    return parts
