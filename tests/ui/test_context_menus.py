"""Right-click on a pane's row (issue 13): the invoice's PDF and print, the customer's
statement; the actions are the Reports menu's, acting on the row clicked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

from tests.builders import day, make_customer, make_invoice, pay
from tests.ui import test_long_work
from tests.ui.test_long_work import WAIT, Files, pdf_text, written
from ui import context_menus, documents

w = test_long_work.w  # the main window with its message boxes stood in for


@pytest.fixture(autouse=True)
def _files(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(documents, "QFileDialog", Files)


def _point(pane, number: str) -> QPoint:  # type: ignore[no-untyped-def]
    assert pane.select(number)
    return pane.view.visualRect(pane.view.currentIndex()).center()


def test_invoice_row_menu_writes_and_prints_the_row_clicked(qtbot, w, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30", name="Alpha Lda")
    make_customer("C2", terms="net 30", name="Beta S.A.")
    first = make_invoice("100.00", customer="C1", on=day(1)).number
    second = make_invoice("40.00", customer="C2", on=day(2)).number
    w.refresh()
    pane = w.panes["invoices"]
    where = _point(pane, second)
    assert pane.select(first)  # the row clicked, not the one selected, is acted on
    menu = context_menus.menu_at(w, pane, where)
    assert menu is not None
    assert pane.current_number() == second
    texts = [a.text() for a in menu.actions()]
    assert texts == ["&Invoice PDF…", "&Print invoice…", "Statement of account of C2…"]
    out = tmp_path / "second.pdf"
    Files.save = str(out)
    paths = written(w, monkeypatch)
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: paths == [str(out)], timeout=WAIT)
    assert second in pdf_text(out) and "Beta S.A." in pdf_text(out)
    printed: list[str] = []
    monkeypatch.setattr(documents, "print_pdf", lambda _p, path, _t: printed.append(path))
    menu.actions()[1].trigger()
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=WAIT)
    assert second in pdf_text(Path(printed[0]))
    assert context_menus.menu_at(w, pane, QPoint(5, pane.view.viewport().height() - 2)) is None


def test_customer_statement_from_any_pane_and_the_right_click_itself(qtbot, w, monkeypatch):  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30", name="Alpha Lda")
    make_customer("C2", terms="net 30", name="Beta S.A.")
    make_invoice("100.00", customer="C1", on=day(1))
    second = make_invoice("40.00", customer="C2", on=day(2)).number
    payment = pay("10.00", customer="C1", on=day(3)).number
    w.refresh()
    chosen: list[str | None] = []
    monkeypatch.setattr(
        documents.StatementsDialog, "exec", lambda self: chosen.append(self.customer.code())
    )
    shown: list[list[str]] = []
    monkeypatch.setattr(
        context_menus, "_popup", lambda menu, _at: shown.append([a.text() for a in menu.actions()])
    )
    pane = w.panes["invoices"]
    pane.view.customContextMenuRequested.emit(_point(pane, second))
    assert shown == [["&Invoice PDF…", "&Print invoice…", "Statement of account of C2…"]]
    menu = context_menus.menu_at(w, pane, _point(pane, second))
    assert menu is not None
    menu.actions()[-1].trigger()
    assert chosen == ["C2"]
    payments = w.panes["payments"]
    menu = context_menus.menu_at(w, payments, _point(payments, payment))
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["Statement of account of C1…"]
    menu.actions()[0].trigger()
    assert chosen == ["C2", "C1"]
