"""Bank statement files written by the tests, to each format's specification.

One abstract statement (`Stmt` of `Move`s) is written as camt.053.001.02,
OFX 1.0.2 (SGML) and 2.2 (XML), Norma 43, MT940 and CSV, so every reader is
tested on the same movements and must give the same lines back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Move:
    booked: date
    amount: Decimal  # > 0 money in
    name: str = ""
    iban: str = ""
    text: str = ""
    ref: str = ""  # the bank's own id
    valued: date | None = None


@dataclass(frozen=True)
class Stmt:
    account: str  # an IBAN
    currency: str
    opening: Decimal
    start: date
    end: date
    moves: list[Move] = field(default_factory=list)
    ident: str = "STMT-1"

    @property
    def closing(self) -> Decimal:
        return self.opening + sum((m.amount for m in self.moves), Decimal(0))


def _bal(code: str, amount: Decimal, ccy: str, on: date) -> str:
    sign = "CRDT" if amount >= 0 else "DBIT"
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="{ccy}">{abs(amount):.2f}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
        f"<Dt><Dt>{on.isoformat()}</Dt></Dt></Bal>"
    )


def camt053(s: Stmt) -> bytes:
    entries = []
    for m in s.moves:
        incoming = m.amount >= 0
        party, acct = ("Dbtr", "DbtrAcct") if incoming else ("Cdtr", "CdtrAcct")
        iban = f"<{acct}><Id><IBAN>{m.iban}</IBAN></Id></{acct}>" if m.iban else ""
        entries.append(
            f'<Ntry><Amt Ccy="{s.currency}">{abs(m.amount):.2f}</Amt>'
            f"<CdtDbtInd>{'CRDT' if incoming else 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>"
            f"<BookgDt><Dt>{m.booked.isoformat()}</Dt></BookgDt>"
            f"<ValDt><Dt>{(m.valued or m.booked).isoformat()}</Dt></ValDt>"
            + (f"<AcctSvcrRef>{escape(m.ref)}</AcctSvcrRef>" if m.ref else "")
            + "<BkTxCd/><NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
            f"<RltdPties><{party}><Nm>{escape(m.name)}</Nm></{party}>{iban}</RltdPties>"
            f"<RmtInf><Ustrd>{escape(m.text)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
        "<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-30T10:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{s.ident}</Id><CreDtTm>2026-11-30T10:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{s.account}</IBAN></Id><Ccy>{s.currency}</Ccy></Acct>"
        + _bal("OPBD", s.opening, s.currency, s.start)
        + _bal("CLBD", s.closing, s.currency, s.end)
        + "".join(entries)
        + "</Stmt></BkToCstmrStmt></Document>"
    )
    return xml.encode("utf-8")


def _ofx_body(s: Stmt, close: bool) -> str:
    def tag(name: str, value: object) -> str:
        return f"<{name}>{value}" + (f"</{name}>" if close else "")

    txs = "".join(
        "<STMTTRN>"
        + tag("TRNTYPE", "CREDIT" if m.amount >= 0 else "DEBIT")
        + tag("DTPOSTED", m.booked.strftime("%Y%m%d"))
        + tag("TRNAMT", f"{m.amount:.2f}")
        + tag("FITID", m.ref or f"F{i}")
        + tag("NAME", escape(m.name[:32]) or "-")
        + (tag("MEMO", escape(m.text)) if m.text else "")
        + "</STMTTRN>"
        for i, m in enumerate(s.moves, start=1)
    )
    return (
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS>"
        + tag("CODE", 0)
        + tag("SEVERITY", "INFO")
        + "</STATUS>"
        + tag("DTSERVER", s.end.strftime("%Y%m%d"))
        + tag("LANGUAGE", "POR")
        + "</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS>"
        + tag("TRNUID", 1)
        + "<STATUS>"
        + tag("CODE", 0)
        + tag("SEVERITY", "INFO")
        + "</STATUS><STMTRS>"
        + tag("CURDEF", s.currency)
        + "<BANKACCTFROM>"
        + tag("BANKID", "0341")
        + tag("ACCTID", s.account[-22:])  # OFX: at most 22 characters
        + tag("ACCTTYPE", "CHECKING")
        + "</BANKACCTFROM><BANKTRANLIST>"
        + tag("DTSTART", s.start.strftime("%Y%m%d"))
        + tag("DTEND", s.end.strftime("%Y%m%d"))
        + txs
        + "</BANKTRANLIST><LEDGERBAL>"
        + tag("BALAMT", f"{s.closing:.2f}")
        + tag("DTASOF", s.end.strftime("%Y%m%d"))
        + "</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    )


def ofx1(s: Stmt) -> bytes:
    head = (
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
        "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
    )
    return (head + _ofx_body(s, close=False)).encode("cp1252")


def ofx2(s: Stmt) -> bytes:
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" '
        'NEWFILEUID="NONE"?>\n'
    )
    return (head + _ofx_body(s, close=True)).encode("utf-8")


def _n43_amount(value: Decimal) -> str:
    return f"{int(abs(value) * 100):014d}"


def n43(s: Stmt) -> bytes:
    bank, branch, number = "2100", "0418", "0200051332"
    key = "1" if s.opening < 0 else "2"
    recs = [
        "11"
        + bank
        + branch
        + number
        + s.start.strftime("%y%m%d")
        + s.end.strftime("%y%m%d")
        + key
        + _n43_amount(s.opening)
        + "978"
        + "3"
        + "ACERTO TESTE".ljust(26)
        + "   "
    ]
    for i, m in enumerate(s.moves, start=1):
        recs.append(
            "22"
            + "    "
            + branch
            + m.booked.strftime("%y%m%d")
            + (m.valued or m.booked).strftime("%y%m%d")
            + "02"
            + "000"
            + ("2" if m.amount >= 0 else "1")
            + _n43_amount(m.amount)
            + f"{i:010d}"
            + "0" * 12
            + m.text[:16].ljust(16)
        )
        recs.append("23" + "01" + m.text[16:54].ljust(38) + m.name[:38].ljust(38))
    debits = [m.amount for m in s.moves if m.amount < 0]
    credits = [m.amount for m in s.moves if m.amount >= 0]
    recs.append(
        "33"
        + bank
        + branch
        + number
        + f"{len(debits):05d}"
        + _n43_amount(sum(debits, Decimal(0)))
        + f"{len(credits):05d}"
        + _n43_amount(sum(credits, Decimal(0)))
        + ("1" if s.closing < 0 else "2")
        + _n43_amount(s.closing)
        + "978"
        + "    "
    )
    recs.append("88" + "9" * 18 + f"{len(recs) - 1:06d}" + " " * 54)
    for r in recs:
        assert len(r) == 80, (len(r), r)
    return ("\r\n".join(recs) + "\r\n").encode("latin-1")


def _mt_amount(value: Decimal) -> str:
    return f"{abs(value):.2f}".replace(".", ",")


def mt940(s: Stmt) -> bytes:
    sign = "C" if s.opening >= 0 else "D"
    out = [
        f":20:{s.ident}",
        f":25:{s.account}",
        ":28C:00001/001",
        f":60F:{sign}{s.start.strftime('%y%m%d')}{s.currency}{_mt_amount(s.opening)}",
    ]
    for m in s.moves:
        dc = "C" if m.amount >= 0 else "D"
        value = (m.valued or m.booked).strftime("%y%m%d")
        out.append(
            f":61:{value}{m.booked.strftime('%m%d')}{dc}{_mt_amount(m.amount)}NTRFNONREF"
            + (f"//{m.ref}" if m.ref else "")
        )
        out.append(f":86:{' '.join(p for p in (m.text, m.name, m.iban) if p)}")
    sign = "C" if s.closing >= 0 else "D"
    out.append(f":62F:{sign}{s.end.strftime('%y%m%d')}{s.currency}{_mt_amount(s.closing)}")
    out.append("-")
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


def csv_pt(s: Stmt) -> bytes:
    rows = ["Data;Data valor;Histórico;Valor;Nome;IBAN"]
    for m in s.moves:
        rows.append(
            ";".join(
                [
                    m.booked.strftime("%d/%m/%Y"),
                    (m.valued or m.booked).strftime("%d/%m/%Y"),
                    m.text,
                    f"{m.amount:.2f}".replace(".", ","),
                    m.name,
                    m.iban,
                ]
            )
        )
    return ("\n".join(rows) + "\n").encode("utf-8")


def csv_es(s: Stmt) -> bytes:
    """Spanish style: separate Cargo (out) and Abono (in) columns, cp1252."""
    rows = ["Fecha,Concepto,Cargo,Abono,Ordenante"]
    for m in s.moves:
        out = f"{-m.amount:.2f}" if m.amount < 0 else ""
        inc = f"{m.amount:.2f}" if m.amount >= 0 else ""
        rows.append(f'{m.booked.strftime("%d-%m-%Y")},"{m.text}",{out},{inc},"{m.name}"')
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


WRITERS = {
    "camt053": camt053,
    "ofx1": ofx1,
    "ofx2": ofx2,
    "n43": n43,
    "mt940": mt940,
    "csv_pt": csv_pt,
    "csv_es": csv_es,
}
