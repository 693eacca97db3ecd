"""A bank statement and its lines, whatever the bank's format: what storing and matching need."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

# The bank files `acerto bank import` reads (app/exchange/bank/files.py); here, so the
# command line names them without importing the readers.
STATEMENT_FORMATS = ("auto", "camt053", "ofx", "n43", "mt940", "csv")

# The confidence accepting every proposal takes when none is given: `bank match --auto`
# without --min-confidence, and the Bank view's "Accept all" to begin with. A
# proposal this sure names its invoices or settles one exactly (app/rules/bank_match.py).
AUTO_LEAST = Decimal("0.90")


@dataclass(frozen=True, slots=True)
class StatementLine:
    """A movement on the bank account: money in (amount > 0) or out (< 0)."""

    booking_date: date
    value_date: date
    amount: Decimal
    currency: str
    counterparty: str = ""  # the payer's (or payee's) name as the bank gives it
    iban: str = ""  # the counterparty's account, when the file carries it
    remittance: str = ""  # the free text the payer wrote (invoice numbers live here)
    end_to_end: str = ""  # SEPA end-to-end id, when given
    bank_ref: str = ""  # the bank's own id of the line (OFX FITID, camt AcctSvcrRef...)
    where: str = ""  # where in the file: "line 12", "entry 3" (for messages)
    key: str = ""  # stable identity (see `keyed`)


@dataclass(frozen=True, slots=True)
class Statement:
    """One account's statement: its balances, when the file gives them, and its lines."""

    account: str  # IBAN or the bank's account number
    statement_id: str
    currency: str
    opening: Decimal | None = None
    closing: Decimal | None = None
    opening_date: date | None = None
    closing_date: date | None = None
    lines: tuple[StatementLine, ...] = field(default_factory=tuple)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def keyed(account: str, lines: list[StatementLine]) -> tuple[StatementLine, ...]:
    """The lines with their stable keys.

    A key is the bank's own line id when it has one (with the account),
    otherwise a hash of what the line says: account, dates, amount,
    counterparty, IBAN, remittance and end-to-end id, plus how many
    identical lines came before it on the same day. So the same file read
    twice, or an overlapping statement that repeats whole days, gives the
    same keys; two identical transfers on one day stay two lines.
    """
    seen: Counter[str] = Counter()
    out = []
    for line in lines:
        if line.bank_ref:
            basis = f"ref|{account}|{line.bank_ref}"
        else:
            basis = "|".join(
                [
                    "text",
                    account,
                    line.booking_date.isoformat(),
                    line.value_date.isoformat(),
                    f"{line.amount:f}",
                    _norm(line.counterparty),
                    line.iban.replace(" ", "").upper(),
                    _norm(line.remittance),
                    line.end_to_end,
                ]
            )
        seen[basis] += 1
        digest = hashlib.sha256(f"{basis}|{seen[basis]}".encode()).hexdigest()[:32]
        out.append(replace(line, key=digest))
    return tuple(out)


# The ids the readers (app/exchange/bank) give statements: camt.053's own <Stmt><Id>;
# MT940's "account:reference:number" (:25:, :20:, :28C:); Norma 43's, OFX's and a CSV's
# "account-or-file:first-day:last-day", the bank giving those no id of their own.
_PERIOD = re.compile(r":(\d{4}-\d{2}-\d{2})?:(\d{4}-\d{2}-\d{2})?$")
_NUMBERED = re.compile(r"^[^:\s]*:(?P<ref>[^:]*):[^:]*$")


def statement_name(ident: str, file_name: str) -> str:
    """A stored statement as the bank names it, for a sentence: camt.053's id, MT940's
    reference (NOV-B, not PT50...:NOV-B:00001); one the bank gives no id by its file."""
    if _PERIOD.search(ident) or ident == file_name or ident.startswith(f"{file_name}#"):
        return file_name or ident
    if m := _NUMBERED.match(ident):
        return m["ref"] or file_name or ident
    return ident
