"""OFX 1.x (SGML) and 2.x (XML), as Brazilian banks give them, read with ofxtools."""

from __future__ import annotations

import io
import warnings
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.exchange.bank.files import problem, unreadable
from app.i18n import _
from app.rules.statement import Statement, StatementLine, keyed


def read(data: bytes, name: str) -> list[Statement]:
    from ofxtools.header import OFXHeaderError
    from ofxtools.Parser import OFXTree

    if b"<!ENTITY" in data.upper() or b"<!DOCTYPE" in data.upper():
        raise problem(name, _("declares a DTD or entities, which a bank statement never has"))
    tree = OFXTree()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ofxtools' warnings are English, on stderr
            tree.parse(io.BytesIO(data))
            ofx = tree.convert()
    except OFXHeaderError:
        raise problem(
            name, _("does not begin with an OFX header (OFXHEADER:100 or <?OFX ...?>)")
        ) from None
    except Exception as e:  # noqa: BLE001 - ofxtools raises many kinds; each is a bad file
        raise unreadable(name, "OFX", e) from None
    stmts = list(getattr(ofx, "statements", []) or [])
    if not stmts:
        raise problem(name, _("holds no bank statement (STMTRS)"))
    return [_statement(s, name, i) for i, s in enumerate(stmts, start=1)]


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value  # type: ignore[no-any-return]


def _statement(stmt: Any, name: str, n: int) -> Statement:
    acct = stmt.account
    account = str(getattr(acct, "acctid", "") or "").strip()
    bank = str(getattr(acct, "bankid", "") or "").strip() if account else ""
    currency = str(stmt.curdef or "")
    lines = []
    for i, tx in enumerate(stmt.banktranlist or [], start=1):
        where = f"statement {n}, transaction {i}"
        posted = _day(tx.dtposted)
        if posted is None:
            raise problem(name, _("has no posting date"), where)
        amount = Decimal(tx.trnamt)
        lines.append(
            StatementLine(
                booking_date=posted,
                value_date=_day(getattr(tx, "dtavail", None)) or posted,
                amount=amount,
                currency=str(getattr(tx, "currency", None) or currency),
                counterparty=str(tx.name or (tx.payee.name if tx.payee else "") or ""),
                remittance=" ".join(str(x) for x in (tx.memo, tx.refnum, tx.checknum) if x),
                bank_ref=str(tx.fitid or ""),
                where=where,
            )
        )
    ledger = stmt.ledgerbal
    tranlist = stmt.banktranlist
    return Statement(
        account=f"{bank}/{account}" if bank else account,
        statement_id=f"{account}:{_day(tranlist.dtstart) if tranlist else ''}:"
        f"{_day(tranlist.dtend) if tranlist else ''}",
        currency=currency,
        closing=Decimal(ledger.balamt) if ledger is not None else None,
        opening_date=_day(tranlist.dtstart) if tranlist is not None else None,
        closing_date=_day(ledger.dtasof) if ledger is not None else None,
        lines=keyed(account, lines),
    )
