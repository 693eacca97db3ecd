"""reports.xlsx_read on real files: good workbooks read right, hostile ones refused early."""

from __future__ import annotations

import datetime as dt
import struct
import time
import tracemalloc
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from app.errors import UserError
from reports.xlsx_guard import Limits, check_workbook
from reports.xlsx_read import open_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    HEAD + f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
    f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
    '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    HEAD + f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_START = HEAD + f'<worksheet xmlns="{MAIN}"><sheetData>'
SHEET_END = "</sheetData></worksheet>"
SHARED = HEAD + f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>hello</t></si></sst>'


def sheet(*rows: str) -> str:
    return SHEET_START + "".join(rows) + SHEET_END


def make_xlsx(path: Path, **parts: str | bytes) -> Path:
    """A minimal workbook; keyword arguments replace or add parts (by short name or path)."""
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        "xl/sharedStrings.xml": SHARED,
    }
    short = {
        "sheet1": "xl/worksheets/sheet1.xml",
        "shared": "xl/sharedStrings.xml",
        "workbook": "xl/workbook.xml",
    }
    for key, value in parts.items():
        members[short.get(key, key)] = value
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def streamed_member(path: Path, name: str, chunks: Iterable[bytes], level: int = 6) -> None:
    """Rewrite `path` with member `name` streamed from `chunks` (never all in memory)."""
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=level) as z,
        z.open(name, "w", force_zip64=True) as out,
    ):
        for chunk in chunks:
            out.write(chunk)


def base_without(tmp_path: Path, member: str) -> Path:
    path = tmp_path / "bomb.xlsx"
    make_xlsx(path)
    with zipfile.ZipFile(path) as src:
        kept = {i.filename: src.read(i) for i in src.infolist() if i.filename != member}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in kept.items():
            z.writestr(name, data)
    return path


def refused(path: Path, *fragments: str, limits: Limits | None = None) -> str:
    with pytest.raises(UserError) as info:
        open_workbook(path, limits)
    message = str(info.value)
    assert f'"{path.name}"' in message
    for fragment in fragments:
        assert fragment in message
    return message


# --- good workbooks ---------------------------------------------------------------


@pytest.mark.parametrize("system", ["1900", "1904"])
def test_a_good_workbook_reads_back(tmp_path: Path, system: str) -> None:
    wb = openpyxl.Workbook()
    if system == "1904":
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    assert ws is not None
    ws.title = "Invoices"
    ws.append(["Number", "Date", "Amount", "Paid", "When", "ISO text", "Qty"])
    ws.append(
        [
            "F-1",
            dt.date(2024, 2, 29),
            1234.5,
            True,
            dt.datetime(2024, 3, 1, 13, 45, 10),
            "2024-01-31",
            3,
        ]
    )
    ws.append(["Conceição", dt.date(1999, 12, 31), 0.1, False, None, "31/01/2024", -7])
    ws["C5"] = 19.99  # after a blank row
    ws["H6"] = "far right"
    path = tmp_path / f"good{system}.xlsx"
    wb.save(path)

    with open_workbook(path) as book:
        assert book.sheet_names() == ["Invoices"]
        assert book.date1904 is (system == "1904")
        rows = list(book.rows("Invoices"))
    assert [n for n, _ in rows] == [1, 2, 3, 5, 6]  # blank row 4 skipped, numbering kept
    assert rows[1][1] == [
        "F-1",
        dt.date(2024, 2, 29),
        Decimal("1234.5"),
        True,
        dt.datetime(2024, 3, 1, 13, 45, 10),
        "2024-01-31",
        3,
        None,
    ]
    assert rows[2][1][:4] == ["Conceição", dt.date(1999, 12, 31), Decimal("0.1"), False]
    assert rows[2][1][6] == -7
    assert rows[3][1][2] == Decimal("19.99")
    assert rows[4][1][7] == "far right"


def test_data_that_starts_away_from_a1_keeps_its_columns(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "offset.xlsx",
        sheet1=sheet(
            '<row r="3"><c r="C3"><v>1.5</v></c></row>',
            '<row r="4"><c r="D4" t="s"><v>0</v></c></row>',
        ),
    )
    with open_workbook(path) as book:
        assert list(book.rows("Data")) == [
            (3, [None, None, Decimal("1.5"), None]),
            (4, [None, None, None, "hello"]),
        ]


def test_a_missing_sheet_is_a_user_error(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "x.xlsx")
    with open_workbook(path) as book, pytest.raises(UserError, match='no sheet "Payments"'):
        list(book.rows("Payments"))


# --- not a workbook ---------------------------------------------------------------


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_bytes(b"Customer;Amount\nAna;12,50\n")
    refused(path, "not a zip archive")
    ole = tmp_path / "old.xlsx"
    ole.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096))
    refused(ole, "not an Excel workbook")


def test_a_zip_without_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.jpg", b"\xff\xd8\xff")
    refused(path, "not an Excel workbook", "[Content_Types].xml")


def test_a_part_named_twice_is_refused(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "twice.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we want
        with zipfile.ZipFile(path, "a") as z:
            z.writestr("xl/worksheets/sheet1.xml", sheet())
    refused(path, "names a part twice")


def test_damage_is_reported_as_such(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "damaged.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename)
    data[start + 5] ^= 0xFF
    path.write_bytes(bytes(data))
    refused(path, "damaged")


# --- size limits and zip bombs ----------------------------------------------------


@pytest.mark.slow
def test_a_gigabyte_zip_bomb_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    path = base_without(tmp_path, "xl/worksheets/sheet1.xml")
    spaces = b" " * (1 << 20)
    chunks = [SHEET_START.encode(), *([spaces] * 1024), SHEET_END.encode()]
    streamed_member(path, "xl/worksheets/sheet1.xml", chunks, level=1)
    assert path.stat().st_size < 10 * 1024 * 1024

    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = refused(path, "more than 500 MiB", "zip bomb")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 100 * 1024 * 1024
    assert message.startswith('The workbook "bomb.xlsx" expands to more than 500 MiB')


def test_a_highly_compressed_part_is_refused(tmp_path: Path) -> None:
    path = base_without(tmp_path, "xl/sharedStrings.xml")
    streamed_member(path, "xl/sharedStrings.xml", [SHARED.encode(), b" " * (8 << 20)])
    refused(path, "compressed more than 100:1", "sharedStrings.xml")


def test_a_part_that_hides_its_real_size_is_refused(tmp_path: Path) -> None:
    """The zip headers say 1000 bytes (with a matching CRC); the data inflates to 64 MiB."""
    path = base_without(tmp_path, "xl/worksheets/sheet1.xml")
    body = SHEET_START.encode() + b" " * (64 << 20)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", body)
        info = z.getinfo("xl/worksheets/sheet1.xml")
    lie, crc = 1000, zlib.crc32(body[:1000])
    data = bytearray(path.read_bytes())
    struct.pack_into("<LLL", data, info.header_offset + 14, crc, info.compress_size, lie)
    central = data.rfind(b"xl/worksheets/sheet1.xml") - 46  # its central directory entry
    assert data[central : central + 4] == b"PK\x01\x02"
    struct.pack_into("<LLL", data, central + 16, crc, info.compress_size, lie)
    path.write_bytes(bytes(data))
    refused(path, "larger than it declares", "zip bomb")


def test_size_and_count_limits(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "small.xlsx")
    refused(path, "larger than 1,000 bytes", limits=Limits(max_file_bytes=1000))
    refused(path, "more than 5 parts", limits=Limits(max_members=5))
    refused(path, "expands to more than", limits=Limits(max_unpacked_bytes=1000))
    check_workbook(path)  # and with the defaults it is fine


# --- XML entities and DTDs --------------------------------------------------------


def billion_laughs() -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    return (
        HEAD + f"<!DOCTYPE sst [{entities}]>"
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )


def test_billion_laughs_in_shared_strings_is_refused(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "laughs.xlsx", shared=billion_laughs())
    refused(path, "document type declaration", "xl/sharedStrings.xml")


def test_a_dtd_after_a_long_comment_is_refused(tmp_path: Path) -> None:
    hidden = (
        HEAD
        + "<!--"
        + "x" * 10_000
        + "-->"
        + '<!DOCTYPE sst [<!ENTITY a "b">]>'
        + SHARED[len(HEAD) :]
    )
    path = make_xlsx(tmp_path / "hidden.xlsx", shared=hidden)
    # The whole prolog is followed: the DTD is named, wherever it stands in it.
    refused(path, "document type declaration", "xl/sharedStrings.xml")
    # A long comment alone is no reason to refuse the workbook.
    harmless = HEAD + "<!--" + "x" * 10_000 + "-->" + SHARED[len(HEAD) :]
    with open_workbook(make_xlsx(tmp_path / "comment.xlsx", shared=harmless)) as wb:
        assert wb.sheet_names()
    short = (
        HEAD
        + "<!-- note -->"
        + '<!DOCTYPE sst SYSTEM "http://example.invalid/x.dtd">'
        + SHARED[len(HEAD) :]
    )
    refused(make_xlsx(tmp_path / "external.xlsx", shared=short), "document type declaration")


def test_an_entity_in_the_workbook_part_is_refused(tmp_path: Path) -> None:
    wb = WORKBOOK.replace(HEAD, HEAD + '<!DOCTYPE workbook [<!ENTITY e "Data">]>')
    path = make_xlsx(tmp_path / "wb.xlsx", workbook=wb)
    refused(path, "document type declaration", "xl/workbook.xml")


def test_utf16_xml_is_refused(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "u16.xlsx", shared=SHARED.replace("UTF-8", "UTF-16").encode("utf-16")
    )
    refused(path, "not UTF-8")


# --- rows, columns and the grid calamine would allocate ----------------------------


def test_one_far_cell_is_refused_before_calamine_allocates_the_grid(tmp_path: Path) -> None:
    # calamine would hold A1:XFD1048576 densely: ~17 billion cells.
    path = make_xlsx(
        tmp_path / "far.xlsx",
        sheet1=sheet(
            '<row r="1"><c r="A1"><v>1</v></c></row>',
            '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
        ),
    )
    refused(path, 'sheet "Data"', "more than 200 columns")
    within_cols = make_xlsx(
        tmp_path / "tall.xlsx",
        sheet1=sheet('<row r="1048576"><c r="GR1048576"><v>2</v></c></row>'),
    )
    refused(within_cols, "more than 10,000,000 cells")


def test_a_far_cell_hidden_in_an_unusual_tag_is_still_seen(tmp_path: Path) -> None:
    unusual = sheet(
        '<row r="1"><c s="0" x=\' r="A1"\' r=\'ZZ1\'><v>1</v></c></row>',
    )
    refused(make_xlsx(tmp_path / "odd.xlsx", sheet1=unusual), "more than 200 columns")
    prefixed = (
        HEAD + f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
        '<x:row r="5000000"><x:c r="A5000000"><x:v>1</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    refused(make_xlsx(tmp_path / "pfx.xlsx", sheet1=prefixed), "more than 1,048,576 rows")


def test_cells_without_references_are_counted(tmp_path: Path) -> None:
    wide = sheet("<row>" + "<c><v>1</v></c>" * 250 + "</row>")
    refused(make_xlsx(tmp_path / "wide.xlsx", sheet1=wide), "more than 200 columns")
    ok = sheet(*("<row>" + "<c><v>1</v></c>" * 3 + "</row>" for _ in range(3)))
    with open_workbook(make_xlsx(tmp_path / "ok.xlsx", sheet1=ok)) as book:
        assert list(book.rows("Data")) == [(n, [1, 1, 1]) for n in (1, 2, 3)]


def test_row_and_column_limits_are_configurable(tmp_path: Path) -> None:
    rows = sheet(
        *(
            f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>0</v></c></row>'
            for n in range(1, 11)
        )
    )
    path = make_xlsx(tmp_path / "ten.xlsx", sheet1=rows)
    refused(path, "more than 9 rows", limits=Limits(max_rows=9))
    refused(path, "more than 1 columns", limits=Limits(max_cols=1))
    with open_workbook(path, Limits(max_rows=10, max_cols=2)) as book:
        assert len(list(book.rows("Data"))) == 10
