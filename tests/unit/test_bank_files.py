"""Bank statement files in every format read into the same lines (issue 11).

The statements are written by tests/bankfiles.py to each format's
specification from one list of movements; each reader must give back the
dates, amounts and texts, stable keys (the same file read twice, or an
overlapping one, gives the same keys), and refuse hostile files in words.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.errors import UserError
from app.exchange.bank import BankFileError, read_statements
from app.exchange.bank.files import MAX_BYTES, read_bytes
from app.rules.statement import statement_name
from tests.bankfiles import WRITERS, Move, Stmt, camt053, mt940, n43

D = Decimal
IBAN = "PT50000201231234567890154"

MOVES = [
    Move(
        date(2026, 11, 2),
        D("98.00"),
        "Peña Hermanos S.L.",
        "ES9121000418450200051332",
        "INV-000001 pago",
        "R1",
    ),
    Move(date(2026, 11, 3), D("49.00"), "Açores Pescas Lda", "", "Fatura INV 2", "R2"),
    Move(date(2026, 11, 3), D("49.00"), "Açores Pescas Lda", "", "Fatura INV 2", "R3"),
    Move(
        date(2026, 11, 5),
        D("-50.00"),
        "Cliente Reembolso",
        "",
        "RF-000001",
        "R4",
        valued=date(2026, 11, 6),
    ),
    Move(date(2026, 11, 9), D("1234.56"), "Conceição & Filhos", "", "3 faturas", "R5"),
]
STMT = Stmt(IBAN, "EUR", D("1000.00"), date(2026, 11, 1), date(2026, 11, 30), MOVES)
EXPECT_FIELDS = {  # what each format carries besides dates and amounts
    "camt053": {"name", "iban", "text", "valued", "ref"},
    "ofx1": {"name", "text", "ref"},
    "ofx2": {"name", "text", "ref"},
    "n43": {"text", "valued"},
    "mt940": {"text", "valued", "ref"},
    "csv_pt": {"name", "iban", "text", "valued"},
    "csv_es": {"name", "text"},
}


def _write(tmp_path: Path, kind: str, stmt: Stmt = STMT) -> Path:
    suffix = {
        "camt053": ".xml",
        "ofx1": ".ofx",
        "ofx2": ".ofx",
        "n43": ".n43",
        "mt940": ".sta",
        "csv_pt": ".csv",
        "csv_es": ".csv",
    }[kind]
    path = tmp_path / f"{kind}{suffix}"
    path.write_bytes(WRITERS[kind](stmt))
    return path


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_format_reads_the_same_movements(tmp_path: Path, kind: str) -> None:
    (stmt,) = read_statements(_write(tmp_path, kind))
    assert stmt.currency == "EUR"
    assert [(x.booking_date, x.amount) for x in stmt.lines] == [(m.booked, m.amount) for m in MOVES]
    carried = EXPECT_FIELDS[kind]
    for line, move in zip(stmt.lines, MOVES, strict=True):
        assert line.currency == "EUR"
        if "valued" in carried:
            assert line.value_date == (move.valued or move.booked)
        if "text" in carried:
            assert move.text[:16] in line.remittance
        if "name" in carried:
            assert line.counterparty == move.name[:32]
        if "iban" in carried:
            assert line.iban == move.iban
        if "ref" in carried:
            assert line.bank_ref == move.ref
    assert len({x.key for x in stmt.lines}) == len(MOVES), "two identical transfers stay two lines"
    if kind in ("camt053", "n43", "mt940"):
        assert (stmt.opening, stmt.closing) == (D("1000.00"), STMT.closing)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_keys_are_stable_across_reads_and_overlapping_statements(tmp_path: Path, kind: str) -> None:
    first = read_statements(_write(tmp_path, kind))[0].lines
    again = read_statements(_write(tmp_path, kind))[0].lines
    assert [x.key for x in first] == [x.key for x in again]
    # The next statement repeats the last two days and adds one.
    later = replace(
        STMT,
        opening=D("1000.00") + sum((m.amount for m in MOVES[:3]), D(0)),
        start=date(2026, 11, 5),
        moves=[*MOVES[3:], Move(date(2026, 11, 20), D("10.00"), "Novo", "", "INV-000009", "R6")],
        ident="STMT-2",
    )
    other = tmp_path / "next"
    other.mkdir()
    overlap = read_statements(_write(other, kind, later))[0].lines
    assert [x.key for x in overlap[:2]] == [x.key for x in first[3:]]
    assert overlap[2].key not in {x.key for x in first}


def test_a_batch_booking_in_camt_becomes_one_line_per_payer(tmp_path: Path) -> None:
    xml = camt053(replace(STMT, moves=MOVES[:1])).decode()
    two = (
        "<TxDtls><Refs><EndToEndId>E2E-1</EndToEndId></Refs><AmtDtls><TxAmt>"
        '<Amt Ccy="EUR">60.00</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>Um</Nm></Dbtr>'
        "</RltdPties><RmtInf><Ustrd>INV-000011</Ustrd></RmtInf></TxDtls>"
        "<TxDtls><Refs><EndToEndId>E2E-2</EndToEndId></Refs><AmtDtls><TxAmt>"
        '<Amt Ccy="EUR">38.00</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>Dois</Nm></Dbtr>'
        "</RltdPties><RmtInf><Ustrd>INV-000012</Ustrd></RmtInf></TxDtls>"
    )
    start = xml.index("<TxDtls>")
    xml = xml[:start] + two + xml[xml.index("</TxDtls>") + len("</TxDtls>") :]
    (stmt,) = read_bytes(xml.encode(), "batch.xml")
    assert [(x.amount, x.counterparty, x.remittance, x.end_to_end) for x in stmt.lines] == [
        (D("60.00"), "Um", "INV-000011", "E2E-1"),
        (D("38.00"), "Dois", "INV-000012", "E2E-2"),
    ]
    assert stmt.lines[0].key != stmt.lines[1].key


# ---------------------------------------------------------------- hostile files


def _refused(tmp_path: Path, name: str, data: bytes, *words: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BankFileError) as e:
        read_statements(path)
    text = str(e.value)
    assert text.startswith(name), text
    for w in words:
        assert w in text, text
    assert "Traceback" not in text
    return text


def test_an_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
        b"<BkToCstmrStmt><Stmt><Id>&lol2;</Id></Stmt></BkToCstmrStmt></Document>"
    )
    _refused(tmp_path, "bomb.xml", bomb, "DTD or entities")


def test_an_external_entity_is_refused(tmp_path: Path) -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
        b"<BkToCstmrStmt><Stmt><Id>&x;</Id></Stmt></BkToCstmrStmt></Document>"
    )
    _refused(tmp_path, "xxe.xml", xxe, "DTD or entities")


def test_a_zip_renamed_xml_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "statement.xml", b"PK\x03\x04" + b"\x00" * 200, "zip archive")


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "statement.n43", bytes(range(256)) * 10, "binary")


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(100 * 2**20)  # sparse: no 100 MB written
    with pytest.raises(BankFileError, match=r"huge\.csv: is 100 MB; a statement file is at most"):
        read_statements(path)
    assert MAX_BYTES < 100 * 2**20


def test_malformed_xml_names_its_line(tmp_path: Path) -> None:
    data = camt053(STMT).replace(b"</Ntry>", b"</Ntr>", 1)
    _refused(tmp_path, "broken.xml", data, "not well-formed XML", "line 1")


def test_a_malformed_ofx_header_is_refused(tmp_path: Path) -> None:
    data = WRITERS["ofx1"](STMT).replace(b"OFXHEADER:100", b"OFXHEADER:1OO")
    _refused(tmp_path, "bad.ofx", data, "OFX")


@pytest.mark.parametrize("cut", [70, 81])
def test_a_norma_43_record_of_the_wrong_length_is_refused(tmp_path: Path, cut: int) -> None:
    lines = n43(STMT).split(b"\r\n")
    lines[2] = (lines[2] + b"XXXX")[:cut]
    _refused(tmp_path, "bad.n43", b"\r\n".join(lines), "line 3", f"has {cut} characters")


def test_a_norma_43_file_whose_totals_disagree_is_refused(tmp_path: Path) -> None:
    lines = n43(STMT).split(b"\r\n")
    closing = lines[-3]
    lines[-3] = closing[:59] + b"00000000000001" + closing[73:]
    _refused(tmp_path, "sums.n43", b"\r\n".join(lines), "line 12", "closing balance")


@pytest.mark.parametrize("bom,codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_excels_unicode_text_export_is_read(tmp_path: Path, bom: bytes, codec: str) -> None:
    """Excel's "Texto Unicode": UTF-16 with its byte-order mark, tab-separated, CRLF. It
    was refused as a binary file."""
    text = WRITERS["csv_pt"](STMT).decode().replace(";", "\t").replace("\n", "\r\n")
    (stmt,) = read_statements(_write_bytes(tmp_path, "excel.txt", bom + text.encode(codec)))
    (want,) = read_statements(_write_bytes(tmp_path, "excel.txt", text.encode("utf-8")))
    assert [replace(x, key="") for x in stmt.lines] == [replace(x, key="") for x in want.lines]
    assert stmt.lines[0].counterparty == "Peña Hermanos S.L."
    assert [x.amount for x in stmt.lines] == [m.amount for m in STMT.moves]


def test_a_statement_in_the_wrong_encoding_is_read_or_refused_in_words(tmp_path: Path) -> None:
    # UTF-16 without its byte-order mark is not told from a binary: refused as one.
    utf16 = WRITERS["csv_pt"](STMT).decode().encode("utf-16-le")
    _refused(tmp_path, "utf16.csv", utf16, "binary")
    _refused(tmp_path, "half.csv", b"\xff\xfe" + utf16[:-1], "binary")  # odd bytes: no text
    # Latin-1 text where UTF-8 was expected: read, accents as the bank wrote them.
    latin = WRITERS["csv_pt"](STMT).decode().encode("latin-1")
    (stmt,) = read_statements(_write_bytes(tmp_path, "latin.csv", latin))
    assert stmt.lines[0].counterparty == "Peña Hermanos S.L."


def _write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_mt940_without_an_account_reads_as_naming_none(tmp_path: Path) -> None:
    """Like a CSV: the account is then the one named with --account, and without it the
    import is refused (tests/integration/test_bank_no_account.py)."""
    data = mt940(STMT).replace(f":25:{IBAN}".encode(), b":25:")
    (stmt,) = read_statements(_write_bytes(tmp_path, "noacct.sta", data))
    assert stmt.account == "" and len(stmt.lines) == len(STMT.moves)


def test_a_csv_without_recognisable_columns_names_the_way_out(tmp_path: Path) -> None:
    _refused(tmp_path, "odd.csv", b"a;b;c\n1;2;3\n", "line 1", "mapping")


def test_a_bad_amount_in_a_csv_names_its_line(tmp_path: Path) -> None:
    data = WRITERS["csv_pt"](STMT).replace(b"49,00", b"49,0O", 1)
    _refused(tmp_path, "amount.csv", data, "line 3", "49,0O")


def test_unknown_format_and_missing_file_are_sentences(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Unknown bank file format"):
        read_statements(tmp_path / "x.xml", fmt="qif")
    with pytest.raises(UserError, match="No file at"):
        read_statements(tmp_path / "missing.xml")


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_statement_is_named_as_its_bank_names_it(tmp_path: Path, kind: str) -> None:
    """The id each reader gives a statement is said as the bank's (camt.053's <Id>,
    MT940's :20: reference), or by its file when the bank gives none (Norma 43, OFX,
    CSV): never the store's account:reference:number."""
    path = _write(tmp_path, kind)
    (stmt,) = read_statements(path)
    own = kind in ("camt053", "mt940")
    name = Path(path).name
    assert statement_name(stmt.statement_id, name) == (STMT.ident if own else name)
