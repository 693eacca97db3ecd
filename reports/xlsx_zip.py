"""How hard a workbook's zip is deflated: xlsxwriter has no option for it.

xlsxwriter packs the workbook with `zipfile.ZipFile(..., ZIP_DEFLATED)` at
zlib's default level (6). For the aging of 100,000 open items that is 0.8 s
of CPU over a 53 MB sheet; level 1 takes 0.2 s for a file about a quarter
larger (issue 12, bench/README.md "Issue 12 (aging12c)"). xlsxwriter looks
`ZipFile` up in its module when it closes a workbook, so this module puts a
`ZipFile` there that takes its level from `deflate_level` (a context
variable: each thread, or task, asks for its own; outside it, zlib's default,
which is what xlsxwriter did).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import xlsxwriter.workbook

_LEVEL: ContextVar[int | None] = ContextVar("xlsx_zip_level", default=None)


class LevelZipFile(zipfile.ZipFile):
    """A `ZipFile` whose deflate level is the one `deflate_level` set."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compresslevel", _LEVEL.get())
        super().__init__(*args, **kwargs)


@contextmanager
def deflate_level(level: int | None) -> Iterator[None]:
    """Workbooks closed inside are deflated at `level` (1 fastest, 9 smallest;
    None: zlib's default)."""
    if level is not None and not 0 <= level <= 9:
        raise ValueError(f"a deflate level is 0..9, not {level}")
    token = _LEVEL.set(level)
    try:
        yield
    finally:
        _LEVEL.reset(token)


xlsxwriter.workbook.ZipFile = LevelZipFile  # type: ignore[misc]
