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

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

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

ROOT = Path(__file__).resolve().parents[2]


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
        assert i18n.date_format() == formats.date_pattern(language)
    finally:
        i18n.install("en")


def test_the_iso_pattern_is_the_engines() -> None:
    assert i18n.ISO_DATE == formats.ISO_DATE == formats.date_pattern("en")


PROBE = """
import json, sys
from app.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def test_an_english_window_paints_without_babel(tmp_path, sqlite_book) -> None:  # type: ignore[no-untyped-def]
    """The whole `acerto --book B` process, quitting at its first paint (ui/startup.py):
    neither Babel nor app.formats was imported, nor what only an action needs; a
    Portuguese window's formats were (the probe can fail)."""
    make_customer("C1", terms="net 30")
    make_invoice("1234.50", customer="C1")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ACERTO_FIRST_PAINT": "paint",
        "LANGUAGE": "",
    }

    def loaded(lang: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, "--book", str(sqlite_book.path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**env, "LANG": lang, "LC_ALL": lang},
            timeout=120,
        )
        report = json.loads(done.stderr.strip().splitlines()[-1])
        assert report["code"] == 0, done.stderr
        assert "first-paint" in done.stdout
        modules: list[str] = report["modules"]
        return modules

    english = loaded("en_US.UTF-8")
    assert "ui.main" in english
    assert [m for m in english if m == "babel" or m.startswith("babel.")] == []
    assert "app.formats" not in english
    # what only an action needs: printing, the reminders' planning, the detail's reads
    assert {"PySide6.QtPrintSupport", "app.services.dunning", "app.read.queries"}.isdisjoint(
        english
    )
    assert "app.formats" in loaded("pt_BR.UTF-8")


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
