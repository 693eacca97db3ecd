"""A header word wider than its column goes on two lines (the Spanish settlement
report's "Saldo después" ran into "Liq. total"); one that fits stays on one."""

from __future__ import annotations

from reportlab.lib.units import mm

from reports.pdf_base import styles
from reports.row_table import Look, Rows


def _header(words: list[str], widths_mm: list[float]) -> list[str]:
    styles()  # the house fonts, as every report registers them first
    head = Look(bold=True)
    return Rows([w * mm for w in widths_mm], words, head, [], [], [], frozenset()).header


def test_a_header_too_wide_for_its_column_breaks_at_a_space() -> None:
    assert _header(["Liq. total", "Saldo después"], [20, 23]) == ["Liq. total", "Saldo\ndespués"]


def test_a_header_that_fits_is_kept_whole() -> None:
    assert _header(["Full settl.", "Balance after"], [20, 23]) == ["Full settl.", "Balance after"]


def test_a_single_word_is_never_broken() -> None:
    assert _header(["Vencimiento"], [18]) == ["Vencimiento"]
