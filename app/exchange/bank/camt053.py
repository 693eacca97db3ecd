"""ISO 20022 camt.053 (bank-to-customer statement), the SEPA banks' format.

Read with defusedxml (no DTD, no entities, no external references): a
statement is data, never instructions to the parser. Versions .001.02 to
.001.13 share the elements read here. An entry booked as a batch with one
transaction detail per payer becomes one line per detail.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - only for ParseError and Element types
from datetime import date
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from app.exchange.bank.files import problem
from app.i18n import _
from app.rules.statement import Statement, StatementLine, keyed

_OPENING = ("OPBD", "PRCD")
_CLOSING = ("CLBD",)


def read(data: bytes, name: str) -> list[Statement]:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise problem(
            name, _("declares a DTD or entities, which a bank statement never has")
        ) from None
    except ET.ParseError as e:
        line = getattr(e, "position", (0, 0))[0]
        raise problem(name, _("is not well-formed XML"), f"line {line}") from None
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    stmts = root.findall("./BkToCstmrStmt/Stmt")
    if not stmts:
        raise problem(name, _("is XML but holds no camt.053 statement (BkToCstmrStmt/Stmt)"))
    return [_statement(s, name, i) for i, s in enumerate(stmts, start=1)]


def _text(el: ET.Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path)
    return "" if found is None or found.text is None else " ".join(found.text.split())


def _date(el: ET.Element | None, name: str, where: str) -> date | None:
    raw = _text(el, "Dt") or _text(el, "DtTm")[:10]
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise problem(
            name, _('has the date "{raw}", which is not YYYY-MM-DD').format(raw=raw), where
        ) from None


def _amount(
    el: ET.Element | None, name: str, where: str, signed: bool = True
) -> tuple[Decimal, str]:
    """The element's Amt, negative when its CdtDbtInd is DBIT (a detail's
    amount has no indicator of its own: `signed=False`)."""
    amt = None if el is None else el.find("Amt")
    if amt is None or not (amt.text or "").strip():
        raise problem(name, _("has no amount"), where)
    try:
        value = Decimal(amt.text.strip())  # type: ignore[union-attr]
    except InvalidOperation:
        raise problem(
            name, _('has the amount "{text}", which is not a number').format(text=amt.text), where
        ) from None
    if not value.is_finite() or value < 0:
        raise problem(
            name,
            _('has the amount "{text}"; camt amounts are positive').format(text=amt.text),
            where,
        )
    sign = _text(el, "CdtDbtInd") if signed else "CRDT"
    if sign not in ("CRDT", "DBIT"):
        raise problem(
            name, _('has "{sign}" where CRDT or DBIT was expected').format(sign=sign), where
        )
    return (value if sign == "CRDT" else -value), amt.get("Ccy", "")


def _statement(stmt: ET.Element, name: str, n: int) -> Statement:
    where = f"statement {n}"
    account = _text(stmt, "Acct/Id/IBAN") or _text(stmt, "Acct/Id/Othr/Id")
    currency = _text(stmt, "Acct/Ccy")
    opening = closing = None
    opening_date = closing_date = None
    for bal in stmt.findall("Bal"):
        code = _text(bal, "Tp/CdOrPrtry/Cd")
        if code in _OPENING + _CLOSING:
            value, ccy = _amount(bal, name, f"{where}, balance {code}")
            currency = currency or ccy
            if code in _OPENING:
                opening, opening_date = value, _date(bal.find("Dt"), name, where)
            else:
                closing, closing_date = value, _date(bal.find("Dt"), name, where)
    lines: list[StatementLine] = []
    for i, entry in enumerate(stmt.findall("Ntry"), start=1):
        status = _text(entry, "Sts/Cd") or _text(entry, "Sts")
        if status and status != "BOOK":
            continue  # pending or information-only entries are not yet money
        lines += _entry_lines(entry, name, f"{where}, entry {i}", currency)
    return Statement(
        account=account,
        statement_id=_text(stmt, "Id") or f"{name}#{n}",
        currency=currency,
        opening=opening,
        closing=closing,
        opening_date=opening_date,
        closing_date=closing_date,
        lines=keyed(account, lines),
    )


def _entry_lines(entry: ET.Element, name: str, where: str, currency: str) -> list[StatementLine]:
    amount, ccy = _amount(entry, name, where)
    booked = _date(entry.find("BookgDt"), name, where)
    valued = _date(entry.find("ValDt"), name, where) or booked
    if booked is None or valued is None:
        raise problem(name, _("has no booking date"), where)
    details = entry.findall("NtryDtls/TxDtls")
    own = [
        d for d in details if d.find("AmtDtls/TxAmt/Amt") is not None or d.find("Amt") is not None
    ]
    split = len(details) > 1 and len(own) == len(details)
    lines = []
    for j, detail in enumerate(details or [None], start=1):
        line_amount = amount
        if split:
            tx = detail.find("AmtDtls/TxAmt") if detail is not None else None
            value, _ccy = _amount(
                tx if tx is not None else detail, name, f"{where}, detail {j}", signed=False
            )
            line_amount = value if amount >= 0 else -value
        payer = "Dbtr" if amount >= 0 else "Cdtr"
        party = _text(detail, f"RltdPties/{payer}/Nm") or _text(detail, f"RltdPties/{payer}/Pty/Nm")
        e2e = _text(detail, "Refs/EndToEndId")
        lines.append(
            StatementLine(
                booking_date=booked,
                value_date=valued,
                amount=line_amount,
                currency=ccy or currency,
                counterparty=party,
                iban=_text(detail, f"RltdPties/{payer}Acct/Id/IBAN"),
                remittance=_remittance(detail, entry),
                end_to_end="" if e2e == "NOTPROVIDED" else e2e,
                bank_ref=_bank_ref(entry, detail if split else None, j),
                where=f"{where}" + (f", detail {j}" if split else ""),
            )
        )
        if not split:
            break
    return lines


def _bank_ref(entry: ET.Element, detail: ET.Element | None, j: int) -> str:
    """The bank's id of the line: the detail's own, else the entry's (numbered per detail)."""
    own = _text(detail, "Refs/AcctSvcrRef")
    if own:
        return own
    ref = _text(entry, "AcctSvcrRef")
    return f"{ref}/{j}" if ref and detail is not None else ref


def _remittance(detail: ET.Element | None, entry: ET.Element) -> str:
    parts: list[str] = []
    if detail is not None:
        parts += [" ".join((u.text or "").split()) for u in detail.findall("RmtInf/Ustrd")]
        parts += [
            " ".join((r.text or "").split()) for r in detail.findall("RmtInf/Strd/CdtrRefInf/Ref")
        ]
        parts.append(_text(detail, "AddtlTxInf"))
    parts.append(_text(entry, "AddtlNtryInf"))
    return " ".join(p for p in parts if p)
