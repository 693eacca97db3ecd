"""The pure parts of the safe reader: cell values, the prolog check, the sheet scan."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import UserError
from reports.xlsx_guard import _parse_safely
from reports.xlsx_read import _cell, _cells
from reports.xlsx_scan import _check_prolog, _Prolog, _SheetExtent


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("", None),
        ("Conceição", "Conceição"),
        ("'=1+1", "=1+1"),  # the writer's injection guard, undone
        ("''x", "'x"),
        ("'plain", "'plain"),
        (True, True),
        (7.0, 7),
        (-0.0, 0),
        (1e20, 10**20),
        (0.1, Decimal("0.1")),
        (1234.5, Decimal("1234.5")),
        (0.1 + 0.2, Decimal("0.30000000000000004")),  # what Excel stored, no more
        (3.923429706905286e16, 39234297069052860),  # the digits typed, not the binary tail
        (1.5e-7, Decimal("1.5E-7")),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
        (dt.datetime(2024, 3, 1, 13, 45), dt.datetime(2024, 3, 1, 13, 45)),
        (dt.time(12, 30), dt.time(12, 30)),
    ],
)
def test_cell_values(raw: object, value: object) -> None:
    got = _cell(raw)
    assert got == value
    assert type(got) is type(value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_are_the_shortest_decimal_of_the_double(x: float) -> None:
    value = _cell(x)
    assert isinstance(value, int | Decimal)
    assert Decimal(repr(x)) == value


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0"?><root/>',
        b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- a comment --><root>",
        b"<root>" + b"x" * 5000,
        b"<?xml version='1.0'?><!--" + b"x" * 50_000 + b"--><root><!DOCTYPE in text/>",
        b"\x89PNG\r\n\x1a\n binary",
        b"",
    ],
)
def test_prolog_without_dtd_passes(head: bytes) -> None:
    _check_prolog("x.xlsx", "part.xml", head)


@pytest.mark.parametrize(
    ("head", "why"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>', "DTD"),
        (b'<?xml version="1.0"?>\n<!-- c --> <!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>', "DTD"),
        # The whole prolog is followed, not a fixed prefix of it.
        (b"<?xml version='1.0'?><!--" + b"x" * 50_000 + b"--><!DOCTYPE r><r/>", "DTD"),
        (b"<?xml version='1.0'?>" + b"<?pi " + b"-" * 9000 + b"?>\n<!ENTITY e 'x'><r/>", "DTD"),
        ("<?xml version='1.0' encoding='UTF-16'?><r/>".encode("utf-16"), "not UTF-8"),
    ],
)
def test_prolog_with_dtd_is_refused(head: bytes, why: str) -> None:
    with pytest.raises(UserError, match=why):
        _check_prolog("x.xlsx", "part.xml", head)


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 4096])
def test_prolog_split_in_pieces_is_followed_whole(piece: int) -> None:
    """Inflated in pieces, a DTD after a long comment is still found, split anywhere."""
    bad = b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- " + b"-x" * 3000 + b" --> <!DOCTYPE r><r/>"
    good = bad.replace(b"<!DOCTYPE r>", b"")
    for data, refused in ((bad, True), (good, False)):
        prolog = _Prolog("x.xlsx", "part.xml")
        try:
            for i in range(0, len(data), piece):
                prolog.feed(data[i : i + piece])
        except UserError as e:
            assert refused and "DTD" in str(e)
        else:
            assert not refused and prolog.done


def test_defusedxml_refuses_entities() -> None:
    with pytest.raises(UserError, match="entities"):
        _parse_safely("x.xlsx", "xl/workbook.xml", b'<!DOCTYPE w [<!ENTITY e "x">]><w>&e;</w>')


def extent(xml: bytes, piece: int | None = None) -> tuple[int, int]:
    scan = _SheetExtent("x.xlsx", "Data")
    step = piece or len(xml) or 1
    for i in range(0, len(xml), step):
        scan.feed(xml[i : i + step])
    scan.finish()
    return scan.max_row, scan.max_col


def col_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


cells = st.lists(
    st.tuples(st.integers(1, 2_000_000), st.integers(1, 20_000)), min_size=1, max_size=30
)


@settings(max_examples=60)
@given(cells, st.integers(1, 64))
def test_fast_and_careful_scans_agree(refs: list[tuple[int, int]], piece: int) -> None:
    refs.sort()
    expected = (max(r for r, _ in refs), max(c for _, c in refs))
    plain = (
        b"<worksheet><sheetData>"
        + b"".join(
            f'<row r="{r}"><c r="{col_letters(c)}{r}" t="n"><v>1</v></c></row>'.encode()
            for r, c in refs
        )
        + b"</sheetData></worksheet>"
    )
    unusual = (
        b"<x:worksheet><x:sheetData>"
        + b"".join(
            f"<x:row r='{r}'><x:c t=\"n\"\n r='{col_letters(c)}{r}'><x:v>1</x:v></x:c></x:row>".encode()
            for r, c in refs
        )
        + b"</x:sheetData></x:worksheet>"
    )
    assert extent(plain) == expected
    assert extent(plain, piece) == expected
    assert extent(unusual, piece) == expected


def test_scan_follows_cells_without_references() -> None:
    xml = b'<sheetData><row><c/><c><v>1</v></c></row><row r="7"><c/><c/><c/></row></sheetData>'
    assert extent(xml) == (7, 3)
    assert extent(xml, 3) == (7, 3)


def test_scan_ignores_binary_parts_and_text() -> None:
    assert extent(b'\x89PNG<c r="XFD1">') == (0, 0)
    assert extent(b'<sst><si><t>a row r="XFD9" in text</t></si></sst>') == (0, 0)


def test_an_endless_cell_tag_is_refused() -> None:
    scan = _SheetExtent("x.xlsx", "Data")
    scan.feed(b'<sheetData><row r="1"><c a="')
    with pytest.raises(UserError, match="far too large"):
        for _ in range(3):
            scan.feed(b"y" * (1 << 20))


def test_reports_never_import_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import reports.xlsx_read, reports.xlsx_write, reports.pdf_base\n"
        "assert not any(m.startswith('PySide6') and sys.modules[m] for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_formula_cells_are_found_by_the_scan_in_pieces() -> None:
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>'
        b'<c r="B1"><f>A1*2</f><v>2</v></c></row>'
        b'<row r="3"><c r="C3" t="str"><x:f xmlns:x="s">"a"&amp;"b"</x:f><v>ab</v></c></row>'
        b"</sheetData></worksheet>"
    )
    for step in (1, 7, len(xml)):
        scan = _SheetExtent("x.xlsx", "Data")
        for i in range(0, len(xml), step):
            scan.feed(xml[i : i + step])
        scan.finish()
        assert scan.formulas == {(1, 2), (3, 3)}


# A column of calamine's values: mostly of one kind (so the column-wise path is
# taken), now and then another kind (so it falls back cell by cell).
_RAW = {
    "text": st.sampled_from(["", "x", " pad ", "'=1+1", "''x", "'plain", "Conceição", "0"]),
    "float": st.floats(allow_nan=True, allow_infinity=True),
    "money": st.integers(-(10**9), 10**9).map(lambda n: n / 100),
    "date": st.dates().map(lambda d: d),
    "other": st.sampled_from([True, False, 7, dt.datetime(2024, 3, 1, 13, 45), dt.time(1, 2)]),
}
_column_raw = st.sampled_from(sorted(_RAW)).flatmap(
    lambda kind: st.lists(
        st.one_of(_RAW[kind], _RAW[kind], _RAW[kind], *_RAW.values()), min_size=1, max_size=12
    )
)


@settings(max_examples=200)
@given(st.lists(_column_raw, min_size=1, max_size=4), st.integers(0, 2), st.integers(0, 3))
def test_cells_read_a_column_at_a_time_as_one_by_one(
    columns: list[list[object]], pad: int, same: int
) -> None:
    height = min(map(len, columns))
    if same:  # all of one kind sometimes, whole columns on the fast path
        columns = [[c[0]] * height for c in columns]
    chunk = [list(row) for row in zip(*(c[:height] for c in columns), strict=True)]
    want = [[None] * pad + [_cell(v) for v in row] for row in chunk]
    got = _cells(chunk, pad)
    assert got == want
    assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in want]
    ragged = [*chunk, chunk[0][:-1]]  # rows of unequal width go cell by cell
    assert _cells(ragged, pad)[:-1] == want


def test_a_prefixed_formula_alone_sends_the_stretch_to_the_careful_scan() -> None:
    xml = b'<sheetData><row r="2"><c r="B2"><x:f>1+1</x:f><v>2</v></c></row></sheetData>'
    scan = _SheetExtent("x.xlsx", "Data")
    scan.feed(xml)
    scan.finish()
    assert scan.formulas == {(2, 2)}
    assert (scan.max_row, scan.max_col) == (2, 2)
