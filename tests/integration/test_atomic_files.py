"""Every file Acerto writes is the old one or the complete new one (app/files.py),
and no temporary file outlives a failure or a cancel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reportlab.platypus import Flowable, Paragraph

from app.errors import Cancelled, UserError
from app.files import TargetExists, atomic_write
from reports.pdf_base import build_doc, styles
from reports.xlsx_write import Column, XlsxWriter


def _others(folder: Path, *keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p not in keep)


def test_atomic_write_replaces_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_write(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert _others(tmp_path, target) == []
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(
    "error", [Cancelled("Cancelled"), KeyboardInterrupt(), OSError(28, "full")]
)
def test_atomic_write_leaves_the_old_file_on_every_way_out(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(type(error)), atomic_write(target) as tmp:
        tmp.write_text("half")
        raise error
    assert target.read_text() == "old"
    assert _others(tmp_path, target) == []


def test_atomic_write_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite"
    with atomic_write(target, overwrite=False) as tmp:
        tmp.write_text("first")
    with pytest.raises(TargetExists), atomic_write(target, overwrite=False) as tmp:
        tmp.write_text("second")
    assert target.read_text() == "first"
    assert _others(tmp_path, target) == []


class _Boom(Flowable):  # type: ignore[misc]
    """A PDF that fails half-way through its pages (a cancel while drawing)."""

    def wrap(self, *args: object) -> tuple[float, float]:
        return (10, 10)

    def draw(self) -> None:
        raise Cancelled("Cancelled; nothing was changed.")


def test_a_pdf_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "note.pdf"
    target.write_bytes(b"%PDF old")
    story = [Paragraph(f"line {i}", styles()["body"]) for i in range(200)] + [_Boom()]
    with pytest.raises(Cancelled):
        build_doc(target, story, "Test")
    assert target.read_bytes() == b"%PDF old"
    assert _others(tmp_path, target) == []
    build_doc(target, story[:5], "Test")
    assert target.read_bytes().startswith(b"%PDF-")
    assert _others(tmp_path, target) == []


def test_a_pdf_in_a_missing_folder_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="could not be saved"):
        build_doc(tmp_path / "nowhere" / "note.pdf", [Paragraph("x", styles()["body"])], "T")


def test_a_workbook_abandoned_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "aging.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(Cancelled), XlsxWriter(target) as wb:
        sheet = wb.sheet("Summary", [Column("Customer")])
        sheet.row(["A"])
        raise Cancelled("Cancelled")
    assert target.read_bytes() == b"old"
    assert _others(tmp_path, target) == []
