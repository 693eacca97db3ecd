"""SWIFT MT940 customer statements, read with the mt-940 package."""

from __future__ import annotations

import logging
import re
from datetime import date
from decimal import Decimal
from typing import Any

from app.exchange.bank.files import BankFileError, problem, unreadable
from app.i18n import _
from app.rules.statement import Statement, StatementLine, keyed

_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b")


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read(data: bytes, name: str) -> list[Statement]:
    import mt940

    text = _text(data)
    quiet = logging.getLogger("mt940")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL + 1)  # mt-940 logs each failed pattern, in English
    try:
        parsed = mt940.models.Transactions()
        parsed.parse(text)
    except Exception as e:  # noqa: BLE001 - mt-940 raises several kinds; each is a bad file
        raise _refusal(e, text, name) from None
    finally:
        quiet.setLevel(level)
    head = parsed.data
    account = str(head.get("account_identification") or "").strip()  # none: --account says
    opening = head.get("final_opening_balance")
    closing = head.get("final_closing_balance")
    currency = str(getattr(getattr(opening, "amount", None), "currency", "") or "")
    lines = []
    for i, tx in enumerate(parsed, start=1):
        lines.append(_line(tx.data, name, f"transaction {i} (:61:)", currency))
    return [
        Statement(
            account=account,
            statement_id=f"{account}:{head.get('transaction_reference', '')}:"
            f"{head.get('statement_number', '')}",
            currency=currency,
            opening=_balance(opening),
            closing=_balance(closing),
            opening_date=_day(getattr(opening, "date", None)),
            closing_date=_day(getattr(closing, "date", None)),
            lines=keyed(account, lines),
        )
    ]


def _refusal(e: Exception, text: str, name: str) -> BankFileError:
    """mt-940's refusal in our words: a field it could not read is named, with its line."""
    tag = getattr(e.args[1], "id", None) if len(e.args) == 3 else None
    value = e.args[2] if tag is not None and isinstance(e.args[2], str) else ""
    if not value:
        return unreadable(name, "MT940", e)
    at = text.find(value)
    where = f"line {text.count(chr(10), 0, at) + 1}" if at >= 0 else ""
    shown = value if len(value) <= 60 else value[:57] + "..."
    return problem(
        name,
        _('has a :{tag}: field that is not written as MT940 gives it: "{value}"').format(
            tag=tag, value=shown
        ),
        where,
    )


def _day(value: Any) -> date | None:
    return None if value is None else date(value.year, value.month, value.day)


def _balance(bal: Any) -> Decimal | None:
    return None if bal is None else Decimal(bal.amount.amount)


def _line(d: dict[str, Any], name: str, where: str, currency: str) -> StatementLine:
    valued = _day(d.get("date"))
    booked = _day(d.get("entry_date")) or valued
    if valued is None or booked is None:
        raise problem(name, _("has no date"), where)
    details = " ".join(str(d.get("transaction_details") or "").split())
    iban = _IBAN.search(details)
    ref = str(d.get("bank_reference") or "")
    customer_ref = str(d.get("customer_reference") or "")
    return StatementLine(
        booking_date=booked,
        value_date=valued,
        amount=Decimal(d["amount"].amount),
        currency=str(d.get("currency") or currency),
        iban=iban.group(1).replace(" ", "") if iban else "",
        remittance=" ".join(
            p for p in (details, "" if customer_ref == "NONREF" else customer_ref) if p
        ),
        bank_ref=ref,
        where=where,
    )
