"""Norma 43 (AEB/CSB 43), the Spanish banks' account statement, read with csb43.

Records are 80 characters; this reader checks that first (csb43 would pad
a short record and go on), then lets csb43 read them. What csb43 only
warns about — a field of the wrong form, totals that do not match the
movements — refuses the file here: a statement whose own sums disagree is
not one to settle invoices from. Text is Latin-1, as the norm's banks write it.
"""

from __future__ import annotations

import io
import re
import warnings
from decimal import Decimal
from typing import Any

from app.exchange.bank.files import problem
from app.i18n import _
from app.rules.money import Currency
from app.rules.statement import Statement, StatementLine, keyed

_CODES = {"00", "11", "22", "23", "24", "33", "88"}
_SERIOUS = ("Bad format", "mismatch")
_LINE = re.compile(r"^\[(\d+)\]\s*")


def read(data: bytes, name: str) -> list[Statement]:
    from csb43.aeb43 import read_batch

    raw = [r for r in data.replace(b"\r\n", b"\n").split(b"\n")]
    while raw and not raw[-1].strip():
        raw.pop()
    for n, record in enumerate(raw, start=1):
        if len(record) != 80:
            raise problem(
                name,
                _("has {count} characters; Norma 43 records have 80").format(count=len(record)),
                f"line {n}",
            )
        code = record[:2].decode("latin-1")
        if code not in _CODES:
            raise problem(
                name,
                _('starts with "{code}", which is no Norma 43 record').format(code=code),
                f"line {n}",
            )
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            batch = read_batch(io.BytesIO(b"\n".join(raw) + b"\n"))
        except Exception as e:  # noqa: BLE001 - csb43 raises several kinds; each is a bad file
            raise problem(
                name,
                _("is not a Norma 43 file csb43 can read ({error})").format(error=_short(str(e))),
            ) from None
    for w in seen:
        text = str(w.message)
        if any(s in text for s in _SERIOUS):
            m = _LINE.match(text)
            where = f"line {int(m.group(1)) + 1}" if m else ""
            raise problem(name, _short(_LINE.sub("", text)), where)
    return [_statement(acc, name) for acc in batch.accounts or ()]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 140 else text[:137] + "..."


def _statement(acc: Any, name: str) -> Statement:
    account = f"{acc.bank_code}{acc.branch_code}{acc.account_number}".strip()
    currency = acc.currency.alpha_3
    cents = Currency.of(currency).quantum
    lines = []
    for i, tx in enumerate(acc.transactions, start=1):
        items = [str(x) for x in tx.iter_optional_items() if str(x).strip()]
        remittance = " ".join(" ".join(p.split()) for p in [tx.reference2, *items] if p.strip())
        lines.append(
            StatementLine(
                booking_date=tx.transaction_date,
                value_date=tx.value_date or tx.transaction_date,
                amount=Decimal(tx.amount).quantize(cents),
                currency=currency,
                counterparty=_party(tx),
                iban=_iban(tx),
                remittance=remittance,
                where=f"movement {i}",
            )
        )
    summary = acc.summary
    return Statement(
        account=account,
        statement_id=f"{account}:{acc.initial_date}:{acc.final_date}",
        currency=currency,
        opening=Decimal(acc.initial_balance).quantize(cents),
        closing=Decimal(summary.final_balance).quantize(cents) if summary is not None else None,
        opening_date=acc.initial_date,
        closing_date=acc.final_date,
        lines=keyed(account, lines),
    )


def _sepa(tx: Any) -> Any:
    try:
        return tx.sepa_transfer
    except Exception:  # noqa: BLE001 - a movement that is no SEPA transfer
        return None


def _party(tx: Any) -> str:
    sepa = _sepa(tx)
    name = getattr(sepa, "originator_name", "") if sepa is not None else ""
    return " ".join(str(name or "").split())


def _iban(tx: Any) -> str:
    sepa = _sepa(tx)
    code = getattr(sepa, "originator_code", "") if sepa is not None else ""
    text = str(code or "").replace(" ", "").upper()
    return text if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", text) else ""
