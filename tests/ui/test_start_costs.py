"""The window's start does each thing once (issue 12, start12b): the shortcuts give
the results of the straightforward computations.

- a pane's columns are measured once per sizing pass, and the widths kept as
  floors are the ones a fresh measurement gives;
- restoring the saved widths does not ask the book for its largest amount
  again (size() has just read it; a change of the book re-reads it);
- English dates are ISO and English amounts en_US, written without Babel (the first
  paint of an English window loads no locale data): the same text as Babel's;
- the widest dates are formatted once per language and follow the language;
- the cells' alignment is the same flags, made once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings, Qt

from app import formats
from app.rules.money import Currency
from tests.builders import make_customer, make_invoice
from tests.ui.test_start import shown
from ui import i18n, pane_columns
from ui.models import pane_model


@pytest.fixture
def largest_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = pane_columns.largest_amount

    def largest(kind):  # type: ignore[no-untyped-def]
        seen.append(kind)
        return original(kind)

    monkeypatch.setattr(pane_columns, "largest_amount", largest)
    return seen


def test_floors_are_what_a_fresh_measurement_gives(qtbot, ctx):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30", name="Alpha")
    make_invoice("123456.78", customer="C1")
    w = shown(qtbot, ctx)
    for kind, pane in w.panes.items():
        sizes = pane.column_sizes
        largest = pane_columns.largest_amount(kind)
        whole = [i for i, c in enumerate(sizes.columns) if c.kind in ("money", "date")]
        assert whole and sorted(sizes.floors) == whole, kind
        for i in whole:
            assert sizes.floors[i] == sizes.needed(i, largest), (kind, i)
            assert pane.view.columnWidth(i) >= sizes.floors[i], (kind, i)


def test_restoring_reads_the_largest_amount_once_per_pane(qtbot, ctx, largest_reads):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30")
    make_invoice("100.00", customer="C1")
    first = shown(qtbot, ctx)
    first.save_state()
    first.close()
    assert QSettings().value("window/columns/invoices") is not None
    largest_reads.clear()
    w = shown(qtbot, ctx)
    assert sorted(largest_reads) == ["invoices", "orders", "payments"]
    make_invoice("98765.43", customer="C1")
    largest_reads.clear()
    w.ctx.notify()  # "book changed": the amount is read again (by each open window's panes)
    assert set(largest_reads) == {"invoices", "orders", "payments"}
    assert w.panes["invoices"].column_sizes.largest == Decimal("98765.43")


@pytest.mark.parametrize("language", ["en", "pt_BR", "es"])
def test_dates_read_as_babel_writes_them(qtbot, language):  # type: ignore[no-untyped-def]
    try:
        i18n.install(language)
        for d in (date(1, 1, 1), date(999, 12, 31), date(2026, 3, 1), date(9999, 12, 31)):
            assert i18n.day(d) == formats.day(d, language)
            assert i18n.day(d.isoformat()) == formats.day(d, language)
        expected = [formats.day(date(2026, m, 28), language) for m in range(1, 13)]
        assert pane_columns.widest_dates() == expected
    finally:
        i18n.install("en")


def test_cells_keep_their_alignment() -> None:
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    assert (int(right), int(left)) == (pane_model.RIGHT, pane_model.LEFT)
    assert pane_model.RIGHT != pane_model.LEFT


@settings(max_examples=200, deadline=None)
@given(
    minor=st.integers(min_value=-(10**15), max_value=10**15),
    shift=st.integers(min_value=0, max_value=5),
    code=st.sampled_from(["EUR", "JPY", "BRL", "BHD", "CLF"]),
)
def test_english_amounts_read_as_babel_writes_them(minor: int, shift: int, code: str) -> None:
    currency = Currency.of(code)
    value = Decimal(minor).scaleb(-shift)
    before = i18n.currency(), i18n.language()
    try:
        i18n.set_currency(currency)
        assert i18n.language() == "en"
        assert i18n.money(value) == formats.amount(value, currency, "en")
        assert i18n.money(str(value)) == formats.amount(value, currency, "en")
    finally:
        i18n.set_currency(before[0])


def test_english_amounts_edge_cases() -> None:
    for text in ("0", "-0", "-0.004", "0.005", "-0.005", "999.995", "-1234567.891", "1E+3"):
        assert i18n.money(Decimal(text)) == formats.amount(Decimal(text), i18n.currency(), "en")
    assert i18n.money(Decimal("-0.001")) == "0.00"
    assert i18n.money(Decimal("-1234.5")) == "-1,234.50"
