"""CSV exports of a bank account, with a column mapping.

Banks' CSV files differ in everything: separator, header words (in
Portuguese, Spanish or English), one signed amount column or separate
debit and credit columns, day-first dates. A `CsvMapping` names the
columns; stored per bank account, it is given back on the next import.
Without one, the header is read for the usual words in the three
languages and the mapping found is used (and can then be kept).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.exchange.bank.files import problem
from app.i18n import _
from app.rules.limits import check_date
from app.rules.money import parse_amount
from app.rules.statement import Statement, StatementLine, keyed


@dataclass(frozen=True)
class CsvMapping:
    """Which column holds what (header names, compared without case and accents)."""

    date: str
    amount: str = ""  # one signed amount column, or:
    debit: str = ""  # money out (a positive number)
    credit: str = ""  # money in
    value_date: str = ""
    reference: str = ""
    counterparty: str = ""
    iban: str = ""
    day_first: bool = True  # 03/04/2026 is 3 April (Portugal, Spain, Brazil)
    currency: str = "EUR"
    places: int = 2
    account: str = ""
    kept_for: str = ""  # the bank account this mapping was kept for, when it was (kept.py)


_WORDS = {
    "date": (
        "booking date",
        "date",
        "data",
        "fecha",
        "data lancamento",
        "data movimento",
        "fecha operacion",
        "fecha contable",
        "data de lancamento",
    ),
    "value_date": ("value date", "data valor", "fecha valor", "data-valor"),
    "amount": ("amount", "valor", "importe", "montante", "quantia"),
    "debit": ("debit", "debito", "cargo", "debe", "saida"),
    "credit": ("credit", "credito", "abono", "haber", "entrada"),
    "reference": (
        "reference",
        "description",
        "memo",
        "historico",
        "descricao",
        "concepto",
        "referencia",
        "descripcion",
        "movimento",
        "observaciones",
    ),
    "counterparty": (
        "counterparty",
        "name",
        "nome",
        "nombre",
        "ordenante",
        "beneficiario",
        "remetente",
        "payer",
    ),
    "iban": ("iban", "counterparty iban", "iban ordenante"),
}


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("_", " ").split()).casefold()


def guess_mapping(header: list[str], currency: str = "EUR", places: int = 2) -> CsvMapping | None:
    """A mapping from the header's usual words, or None when no date or amount is found."""
    folded = {_fold(h): h for h in header}
    found: dict[str, str] = {}
    for role, words in _WORDS.items():
        for w in words:
            if w in folded and folded[w] not in found.values():
                found[role] = folded[w]
                break
    if "date" not in found or not ("amount" in found or {"debit", "credit"} <= set(found)):
        return None
    return CsvMapping(currency=currency, places=places, **found)  # type: ignore[arg-type]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _date(raw: str, day_first: bool, name: str, where: str) -> date:
    raw = raw.strip()
    try:
        if m := _ISO.match(raw):
            return check_date(date(int(m[1]), int(m[2]), int(m[3])), _("date"))
        if m := _DAY.match(raw):
            a, b, y = int(m[1]), int(m[2]), int(m[3])
            y += 2000 if y < 100 else 0
            d, mo = (a, b) if day_first else (b, a)
            return check_date(date(y, mo, d), _("date"))
    except (ValueError, UserError):
        pass
    raise problem(name, _('has the date "{raw}", which is not a date').format(raw=raw[:40]), where)


def read(data: bytes, name: str, mapping: CsvMapping | None = None) -> list[Statement]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t|")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise problem(name, _("is empty"))
    header = [c.strip() for c in rows[0]]
    mapping = mapping or guess_mapping(header)
    if mapping is None:
        raise problem(
            name,
            _(
                "has no column this reader recognises as a date and an amount; "
                "give the columns with a CSV mapping (bank import --map)"
            ),
            "line 1",
        )
    place = {_fold(h): i for i, h in enumerate(header)}

    def col(label: str) -> int | None:
        if not label:
            return None
        if _fold(label) not in place:
            said = (
                _(
                    'has no column "{label}", which the CSV mapping kept for bank account '
                    "{account} names; give --map to read it with other columns"
                )
                if mapping.kept_for
                else _('has no column "{label}" (the mapping names it)')
            )
            raise problem(name, said.format(label=label, account=mapping.kept_for), "line 1")
        return place[_fold(label)]

    cols = {
        k: col(getattr(mapping, k))
        for k in (
            "date",
            "amount",
            "debit",
            "credit",
            "value_date",
            "reference",
            "counterparty",
            "iban",
        )
    }
    lines = [_line(r, n, cols, mapping, name) for n, r in enumerate(rows[1:], start=2)]
    # A CSV names no account (the bookkeeper does, `--account`); its lines are keyed and
    # its statement named by the file, as they always were, so a file read again is known.
    basis = mapping.account or name
    return [
        Statement(
            account=mapping.account,
            statement_id=f"{basis}:{min(x.booking_date for x in lines)}:"
            f"{max(x.booking_date for x in lines)}"
            if lines
            else basis,
            currency=mapping.currency,
            lines=keyed(basis, lines),
        )
    ]


def _cell(row: list[str], i: int | None) -> str:
    return "" if i is None or i >= len(row) else " ".join(row[i].split())


def _line(
    row: list[str], n: int, cols: dict[str, int | None], m: CsvMapping, name: str
) -> StatementLine:
    where = f"line {n}"
    try:
        if cols["amount"] is not None:
            amount = parse_amount(_cell(row, cols["amount"]), m.places, "amount")
        else:
            out = _cell(row, cols["debit"])
            inc = _cell(row, cols["credit"])
            amount = (parse_amount(inc, m.places, "credit") if inc else Decimal(0)) - (
                abs(parse_amount(out, m.places, "debit")) if out else Decimal(0)
            )
    except UserError as e:
        raise problem(name, str(e).rstrip("."), where) from None
    booked = _date(_cell(row, cols["date"]), m.day_first, name, where)
    valued = _cell(row, cols["value_date"])
    return StatementLine(
        booking_date=booked,
        value_date=_date(valued, m.day_first, name, where) if valued else booked,
        amount=amount,
        currency=m.currency,
        counterparty=_cell(row, cols["counterparty"]),
        iban=_cell(row, cols["iban"]).replace(" ", "").upper(),
        remittance=_cell(row, cols["reference"]),
        where=where,
    )


_ROLES = ("date", "amount", "debit", "credit", "value_date", "reference", "counterparty", "iban")


def mapping_from_text(text: str, currency: str = "EUR", places: int = 2) -> CsvMapping:
    """A mapping typed as `date=Data,amount=Valor,reference=Histórico[,day_first=no]`."""
    found: dict[str, str] = {}
    day_first = True
    for part in (p.strip() for p in text.split(",") if p.strip()):
        role, eq, column = part.partition("=")
        role = role.strip().replace("-", "_")
        if not eq or not column.strip():
            raise UserError(
                _('The CSV mapping part "{part}" is not ROLE=COLUMN.').format(part=part)
            )
        if role == "day_first":
            if column.strip() not in ("yes", "no"):
                raise UserError(_('day_first in the CSV mapping is "yes" or "no".'))
            day_first = column.strip() == "yes"
        elif role in _ROLES:
            found[role] = column.strip()
        else:
            raise UserError(
                _(
                    'The CSV mapping names "{role}"; the columns are {join} (and day_first=yes|no).'
                ).format(role=role, join=", ".join(_ROLES))
            )
    if "date" not in found or not ("amount" in found or {"debit", "credit"} <= set(found)):
        raise UserError(
            _("A CSV mapping names the date column and the amount (or debit and credit).")
        )
    return CsvMapping(currency=currency, places=places, day_first=day_first, **found)  # type: ignore[arg-type]


def mapping_to_json(m: CsvMapping) -> str:
    import json

    kept = {r: getattr(m, r) for r in _ROLES if getattr(m, r)}
    return json.dumps({**kept, "day_first": m.day_first}, ensure_ascii=False, sort_keys=True)


def mapping_to_text(m: CsvMapping) -> str:
    """The mapping as `--map` takes it: `date=Data,amount=Valor,...,day_first=yes`."""
    kept = [f"{r}={getattr(m, r)}" for r in _ROLES if getattr(m, r)]
    return ",".join([*kept, f"day_first={'yes' if m.day_first else 'no'}"])


def mapping_from_json(text: str, currency: str, places: int) -> CsvMapping | None:
    import json

    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(data, dict) or "date" not in data:
        return None
    roles = {r: str(data[r]) for r in _ROLES if data.get(r)}
    return CsvMapping(
        currency=currency,
        places=places,
        day_first=bool(data.get("day_first", True)),
        **roles,  # type: ignore[arg-type]
    )
