"""The customer picker over a book with many customers: SQL search with a
limit (app.panes), a short list, and the completer that offers matches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.read import panes
from models.db import database
from models.tables import Customer
from tests.builders import make_customer
from ui.widgets import CustomerBox

MANY = 50_000


def many_customers() -> None:
    rows = [{"code": f"K{i:05d}", "name": f"Cliente {i:05d} Comércio"} for i in range(1, MANY + 1)]
    with database.atomic():
        for start in range(0, len(rows), 5000):
            Customer.insert_many(rows[start : start + 5000]).execute()
    make_customer("ACME", name="Acme 100% Lda")


@pytest.mark.slow
def test_panes_customers_searches_in_sql_with_a_limit(sqlite_book):  # type: ignore[no-untyped-def]
    many_customers()
    assert len(panes.customers(limit=50)) == 50
    found = panes.customers("49999", limit=20)
    assert [c.code for c in found] == ["K49999"]
    found = panes.customers("cliente 0499", limit=20)
    assert [c.code for c in found] == [f"K0499{i}" for i in range(10)]
    # codes starting with the text come before other matches
    assert panes.customers("k1", limit=3)[0].code == "K10000"
    # LIKE wildcards typed by the user are taken literally
    assert [c.code for c in panes.customers("100%", limit=5)] == ["ACME"]
    assert panes.customers("_", limit=5) == []
    assert panes.customer("k00007") is not None
    assert panes.customer("K00007").name == "Cliente 00007 Comércio"  # type: ignore[union-attr]
    assert panes.customer("nobody") is None


@pytest.mark.slow
def test_picker_finds_any_of_50000_customers(qtbot, ctx):  # type: ignore[no-untyped-def]
    many_customers()
    box = CustomerBox(allow_all=True)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert box.count() <= CustomerBox.PAGE + 1  # a short page, not the whole table
    seen: list[str] = []
    box.customerChanged.connect(seen.append)

    # a customer far beyond the first page, chosen by its code
    assert box.set_code("K42424")
    assert box.code() == "K42424"
    assert seen[-1] == "K42424"

    # typing searches the book and offers the matches in the completer
    edit = box.lineEdit()
    assert edit is not None
    box.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, "Cliente 3141")
    qtbot.waitUntil(lambda: box.matches.rowCount() == 10, timeout=5000)
    labels = box.matches.stringList()
    assert labels[0] == "K31410 — Cliente 31410 Comércio"
    completer = box.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.code() == "K31410", timeout=5000)
    assert seen[-1] == "K31410"

    # a code typed in full and confirmed with Enter
    edit.clear()
    qtbot.keyClicks(edit, "k00077")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert box.code() == "K00077"

    # "All customers" is still there
    assert box.set_code("")
    assert box.code() is None and box.currentIndex() == 0
