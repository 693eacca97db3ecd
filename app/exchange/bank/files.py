"""Reading a bank file: the guard every format passes first, then its reader."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from app.errors import UserError
from app.i18n import N_, _
from app.rules.statement import STATEMENT_FORMATS, Statement

# A year of statements of a small business is well under a megabyte; a
# file past this is not a statement (or not one to read in one go).
MAX_BYTES = 20 * 1024 * 1024

FORMATS = STATEMENT_FORMATS


class BankFileError(UserError):
    """A bank file that cannot be read: the sentence names the file and, where it can, the line."""


def problem(name: str, what: str, where: str = "") -> BankFileError:
    where = _PLACE.sub(lambda m: _(m[1]), where)
    return BankFileError(
        _("{name}{value}: {what}.").format(
            name=name, value=": " + where if where else "", what=what
        )
    )


def unreadable(name: str, kind: str, error: object, where: str = "") -> BankFileError:
    """A parsing library's refusal this reader has no sentence of its own for: ours, in
    the reader's language, naming the file, the line when known and the format; the
    library's words only as a short quoted detail at the end."""
    detail = " ".join(str(error).split())
    detail = detail if len(detail) <= 80 else detail[:77] + "..."
    return problem(
        name,
        _(
            'cannot be read as {kind}: it is damaged or not in that format (detail: "{detail}")'
        ).format(kind=kind, detail=detail)
        if detail
        else _("cannot be read as {kind}: it is damaged or not in that format").format(kind=kind),
        where,
    )


# The readers say where in English ("statement 1, entry 3"), because
# StatementLine.where keeps it; the sentence says it in the reader's language.
_PLACE_WORDS = (
    N_("line"),
    N_("statement"),
    N_("entry"),
    N_("detail"),
    N_("transaction"),
    N_("balance"),
    N_("movement"),
)
_PLACE = re.compile(r"\b(" + "|".join(_PLACE_WORDS) + r")\b")


_MAGIC = (
    (b"PK\x03\x04", N_("a zip archive")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"%PDF", N_("a PDF document")),
    (b"\xd0\xcf\x11\xe0", N_("an old Excel or Word file")),
)


def _size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise problem(
            name,
            _("is {size} MB; a statement file is at most {most} MB").format(
                size=f"{size / 2**20:.0f}", most=MAX_BYTES // 2**20
            ),
        )


def guard(data: bytes, name: str) -> None:
    """Refuse what is not a statement at all: too big, an archive, binary."""
    _size(len(data), name)
    if not data.strip():
        raise problem(name, _("is empty"))
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise problem(
                name,
                _("is {kind}, not a bank statement; unpack or export it first").format(
                    kind=_(kind)
                ),
            )
    if b"\x00" in data[:65536]:
        raise problem(name, _("is a binary file, not a bank statement"))
    head = data[:65536].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise problem(name, _("declares a DTD or entities, which a bank statement never has"))


def sniff(data: bytes) -> str | None:
    """The format a file's content shows, or None."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \r\n\t")
    if b"OFXHEADER" in head or b"<OFX>" in head.upper():
        return "ofx"
    if head.startswith(b"<") and b"camt.053" in data[:8192]:
        return "camt053"
    if re.search(rb"^:20:", data[:8192], re.M) and re.search(rb"^:61:", data, re.M):
        return "mt940"
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    if first.startswith(b"11") and len(first) == 80:
        return "n43"
    if head.startswith(b"<"):
        return None  # XML of another kind
    return "csv"


def _readers() -> dict[str, Callable[..., list[Statement]]]:
    from app.exchange.bank import camt053, csvfile, mt940file, n43, ofx

    return {
        "camt053": camt053.read,
        "ofx": ofx.read,
        "n43": n43.read,
        "mt940": mt940file.read,
        "csv": csvfile.read,
    }


def read_statements(
    path: str | Path, fmt: str = "auto", csv_mapping: object | None = None
) -> list[Statement]:
    """Every statement in the file at `path` (see the package's doc)."""
    p = Path(path)
    name = p.name
    if fmt not in FORMATS:
        raise UserError(
            _('Unknown bank file format "{fmt}"; use one of {join}.').format(
                fmt=fmt, join=", ".join(FORMATS)
            )
        )
    try:
        _size(p.stat().st_size, name)  # before reading it all
        data = p.read_bytes()
    except FileNotFoundError:
        raise UserError(_("No file at {p}.").format(p=p)) from None
    except IsADirectoryError:
        raise UserError(_("{p} is a folder, not a bank file.").format(p=p)) from None
    except OSError as e:
        raise UserError(
            _("{p} cannot be read: {value}.").format(p=p, value=e.strerror or e)
        ) from None
    return read_bytes(data, name, fmt, csv_mapping)


def _utf16_as_utf8(data: bytes) -> bytes:
    """A file in UTF-16 with its byte-order mark (Excel's "Unicode text" export) as UTF-8,
    so the readers see text; without the mark, or not decodable, it is left as it is (and
    its zero bytes make it a binary)."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        return data


def read_bytes(
    data: bytes, name: str, fmt: str = "auto", csv_mapping: object | None = None
) -> list[Statement]:
    _size(len(data), name)
    data = _utf16_as_utf8(data)
    guard(data, name)
    kind = sniff(data) if fmt == "auto" else fmt
    if kind is None:
        raise problem(
            name,
            _("is not a bank statement this version reads (camt.053, OFX, Norma 43, MT940, CSV)"),
        )
    reader = _readers()[kind]
    statements = reader(data, name, csv_mapping) if kind == "csv" else reader(data, name)
    if not any(s.lines for s in statements):
        raise problem(name, _("holds no statement lines"))
    return statements
