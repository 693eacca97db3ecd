"""The window's start (issue 12): each pane queries once, the status-bar totals
are read on a worker after the first paint and shown only while current, and
`acerto` alone loads no command group."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QSettings, Qt

from app.cli import _window_only
from app.read import panes
from tests.builders import day, make_customer, make_invoice, pay
from ui.main import MainWindow
from ui.pane_tabs import KINDS

WAIT = 60_000  # ms; the machine running the tests may be busy
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each pane kind was counted (each reload counts once)."""
    seen: Counter[str] = Counter()
    original = panes.count

    def count(kind: panes.Kind, filters: panes.Filters, cap: int | None = None) -> int:
        seen[kind] += 1
        return original(kind, filters, cap)

    monkeypatch.setattr(panes, "count", count)
    return seen


@pytest.fixture
def totals_threads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """The (kind, on the GUI thread?) of every totals read."""
    seen: list[tuple[str, bool]] = []
    original = panes.totals

    def totals(kind: panes.Kind, filters: panes.Filters) -> Any:
        seen.append((kind, threading.current_thread() is threading.main_thread()))
        return original(kind, filters)

    monkeypatch.setattr(panes, "totals", totals)
    return seen


def book() -> None:
    make_customer("C1", terms="net 30", name="Alpha")
    make_customer("C2", terms="net 30", name="Beta")
    make_invoice("100.00", customer="C1")
    make_invoice("40.00", customer="C2", on=day(30))
    pay("25.00", customer="C1", on=day(5))


def shown(qtbot, ctx) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window once its start is over (Orders and Payments made after the first paint)."""
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: len(w.panes.made) == 3)
    return w


def test_the_first_paint_waits_for_the_invoices_pane_only(qtbot, ctx, counts):  # type: ignore[no-untyped-def]
    """Built, the window has queried the one pane it shows; the others come after
    the first paint, or at once when asked for, with the customer chosen."""
    book()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert dict(counts) == {"invoices": 1}
    assert list(w.panes.made) == ["invoices"]
    w.customer.set_code("C1")
    assert w.panes["payments"].model.rowCount() == 1  # made now, for C1
    assert w.panes["payments"].filters().customer == "C1"
    assert w.tabs.widget(2) is w.panes["payments"] and w.tabs.currentIndex() == 1
    w.show()
    qtbot.waitUntil(lambda: len(w.panes.made) == 3)
    assert dict(counts) == {"orders": 1, "invoices": 2, "payments": 1}  # C1 chosen: reloaded
    assert [w.tabs.widget(i) for i in range(3)] == [w.panes[k] for k in KINDS]
    assert w.menus_["documents"].actions()  # the menus filled after the paint


def test_each_pane_loads_once_at_start(qtbot, ctx, counts):  # type: ignore[no-untyped-def]
    book()
    w = shown(qtbot, ctx)
    assert dict(counts) == {"orders": 1, "invoices": 1, "payments": 1}
    assert {k: p.model.reloads for k, p in w.panes.items()} == {
        "orders": 1,
        "invoices": 1,
        "payments": 1,
    }
    assert w.panes["invoices"].model.rowCount() == 2


def test_a_restored_sort_is_the_one_query(qtbot, ctx, counts):  # type: ignore[no-untyped-def]
    """The saved header state (sorted by Balance) is applied before the pane queries:
    still one count per pane, and the first page comes in the restored order."""
    book()
    first = shown(qtbot, ctx)
    pane = first.panes["invoices"]
    balance = [c.attr for c in pane.model.columns].index("balance")
    pane.view.sortByColumn(balance, Qt.SortOrder.AscendingOrder)
    first.save_state()
    first.close()
    assert QSettings().value("window/columns/invoices") is not None
    counts.clear()
    w = shown(qtbot, ctx)
    assert dict(counts) == {"orders": 1, "invoices": 1, "payments": 1}
    model = w.panes["invoices"].model
    assert (model.sort_key, model.sort_order) == ("balance", Qt.SortOrder.AscendingOrder)
    assert [r.balance for r in model.rows] == sorted(r.balance for r in model.rows)


def test_totals_come_from_a_worker_after_the_first_paint(qtbot, ctx, totals_threads):  # type: ignore[no-untyped-def]
    book()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert totals_threads == []  # built, not painted: nothing read yet
    assert w.totals.text() == ""
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.status_totals.current, timeout=WAIT)
    assert "2 documents" in w.totals.text()
    assert "total 140.00" in w.totals.text()
    assert totals_threads == [("invoices", False)]  # once, off the GUI thread
    w.tabs.setCurrentIndex(2)
    qtbot.waitUntil(w.status_totals.current, timeout=WAIT)
    assert "1 payments · received 25.00" in w.totals.text()
    assert all(not on_gui for _kind, on_gui in totals_threads)


def test_a_result_that_is_no_longer_current_is_not_shown(qtbot, ctx, monkeypatch):  # type: ignore[no-untyped-def]
    """The customer changes while the first read runs: only the second read's totals show."""
    book()
    original = panes.totals
    release = threading.Event()

    def slow_first(kind: panes.Kind, filters: panes.Filters) -> Any:
        if filters.customer is None:
            release.wait(WAIT / 1000)
        return original(kind, filters)

    monkeypatch.setattr(panes, "totals", slow_first)
    w = shown(qtbot, ctx)
    qtbot.waitUntil(w.status_totals.busy, timeout=WAIT)  # the first read has started
    texts: list[str] = []
    w.status_totals.shown.connect(lambda: texts.append(w.totals.text()))
    w.customer.set_code("C2")  # a newer request while the first runs
    release.set()
    qtbot.waitUntil(lambda: w.status_totals.current() and not w.status_totals.busy(), timeout=WAIT)
    assert [t.split(" · ")[0] for t in texts] == ["1 documents"]
    assert "total 40.00" in w.totals.text()
    assert w.status_totals.reads == 2


def test_the_totals_follow_the_panes_own_filter(qtbot, ctx, totals_threads):  # type: ignore[no-untyped-def]
    book()
    w = shown(qtbot, ctx)
    qtbot.waitUntil(w.status_totals.current, timeout=WAIT)
    pane = w.panes["invoices"]
    since = day(20)  # only the invoice of day 30
    pane.date_from.setDate(QDate(since.year, since.month, since.day))
    qtbot.waitUntil(w.status_totals.current, timeout=WAIT)
    assert "1 documents · total 40.00" in w.totals.text()
    assert len(totals_threads) == 2


def test_settle_waits_for_the_totals_even_before_a_paint(qtbot, ctx):  # type: ignore[no-untyped-def]
    """What the screenshot command does before each picture."""
    book()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.status_totals.settle()
    assert "2 documents · total 140.00" in w.totals.text()


def test_acerto_alone_parses_only_the_book_and_language() -> None:
    assert _window_only([])
    assert _window_only(["--book", "x.sqlite"])
    assert _window_only(["--book=x.sqlite", "--lang", "es"])
    assert not _window_only(["--book", "x.sqlite", "show", "invoice", "I"])
    assert not _window_only(["--help"])
    assert not _window_only(["--book"])  # argparse says what is missing
    code = (
        "import sys, app.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('app.cli.') or m == 'PySide6'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"  # no command group, no Qt, until a command needs them
