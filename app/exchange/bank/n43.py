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

from app.exchange.bank.files import problem, unreadable
from app.i18n import _, said_money
from app.rules.money import Currency
from app.rules.statement import Statement, StatementLine, keyed

_CODES = {"00", "11", "22", "23", "24", "33", "88"}
# csb43 words its warnings in English, or in Spanish when the environment is Spanish.
_SERIOUS = ("Bad format", "mismatch", "mal formato", "discordancia")
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
            raise unreadable(name, "Norma 43", _LINE.sub("", str(e)), _where(str(e))) from None
    closings = [n for n, record in enumerate(raw, start=1) if record[:2] == b"33"]
    for acc, n in zip(batch.accounts or (), closings, strict=False):
        _check_sums(acc, name, f"line {n}")
    for w in seen:
        text = str(w.message)
        if any(s in text for s in _SERIOUS):
            raise unreadable(name, "Norma 43", _LINE.sub("", text), _where(text))
    return [_statement(acc, name) for acc in batch.accounts or ()]


def _where(text: str) -> str:
    m = _LINE.match(text)
    return f"line {int(m.group(1)) + 1}" if m else ""


def _check_sums(acc: Any, name: str, where: str) -> None:
    """The account's closing record (33) against its movements, as the norm requires; said
    in the bookkeeper's words (csb43 only warns, in English or in Spanish)."""
    closing = acc.summary
    if closing is None:
        return
    said = said_money(Currency.of(acc.currency.alpha_3))
    amounts = [Decimal(tx.amount) for tx in acc.transactions]
    debits = [-a for a in amounts if a < 0]
    credits = [a for a in amounts if a >= 0]
    checks = (
        (_("the closing record (33) gives {given} as the number of debits, but the statement "
           "has {made}"),
         int(closing.expense_entries), len(debits), str),
        (_("the closing record (33) gives {given} as the number of credits, but the statement "
           "has {made}"),
         int(closing.income_entries), len(credits), str),
        (_("the closing record (33) gives {given} as the total of debits, but the "
           "statement's debits add up to {made}"),
         Decimal(closing.expense), sum(debits, Decimal(0)), said),
        (_("the closing record (33) gives {given} as the total of credits, but the "
           "statement's credits add up to {made}"),
         Decimal(closing.income), sum(credits, Decimal(0)), said),
        (_("the closing record (33) gives {given} as the closing balance, but the opening "
           "balance and the movements make it {made}"),
         Decimal(closing.final_balance), Decimal(acc.initial_balance) + sum(amounts, Decimal(0)),
         said),
    )  # fmt: skip
    for sentence, given, made, say in checks:
        if given != made:
            raise problem(name, sentence.format(given=say(given), made=say(made)), where)


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
