"""The one posting seam (ui/ops.py): a post refreshes the window through the
one "book changed" signal; a refusal shows through the one message helper
and changes nothing; long postings run in a worker with their own connection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.errors import UserError
from app.read import panes
from app.services import customers, payments
from tests.builders import day, dump_book, make_customer, make_invoice, pay
from ui import messages
from ui.main import MainWindow
from ui.ops import run_op

WAIT = 60_000  # ms; the machine running the tests may be busy


@pytest.fixture
def w(qtbot, ctx):  # type: ignore[no-untyped-def]
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: not win.jobs, timeout=WAIT)


@pytest.fixture
def changes(ctx):  # type: ignore[no-untyped-def]
    """How many times "book changed" was emitted."""
    seen: list[int] = []
    ctx.changed.connect(lambda: seen.append(1))
    return seen


@pytest.fixture
def refusals(monkeypatch):  # type: ignore[no-untyped-def]
    """Every sentence shown by the one refusal helper (then shown as usual,
    except that a warning box is not opened: it would wait for a click)."""
    shown: list[tuple[str, str]] = []
    original = messages.show_refusal

    def record(parent, message, title=""):  # type: ignore[no-untyped-def]
        shown.append((type(parent).__name__, message))
        if isinstance(parent, messages.ShowsRefusals):
            original(parent, message, title)

    monkeypatch.setattr(messages, "show_refusal", record)
    return shown


def test_settling_in_the_dialog_refreshes_panes_detail_and_totals_once(qtbot, w, changes, refusals):  # type: ignore[no-untyped-def]
    from ui.dialogs.settle import SettleDialog

    make_customer("C1", terms="2% 10, net 30")
    inv = make_invoice("100.00", customer="C1")
    p = pay("98.00", customer="C1", on=day(5))
    w.refresh()  # F5 is "book changed" too
    assert len(changes) == 1
    changes.clear()
    invoices = w.panes["invoices"]
    assert invoices.select(inv.number)
    assert w.detail.settlements.rowCount() == 0
    qtbot.waitUntil(w.status_totals.current, timeout=WAIT)  # read on a worker
    before = w.totals.text()
    assert "open 100.00" in before

    dlg = SettleDialog(w.ctx, w, source=p.number)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    qtbot.keyClick(dlg, Qt.Key.Key_Return)

    assert dlg.result() == dlg.DialogCode.Accepted
    assert changes == [1]  # one signal for one posting
    assert refusals == []
    row = invoices.model.rows[invoices.model.find(inv.number)]
    assert row.status == "settled"  # the pane re-queried
    assert invoices.current_number() == inv.number  # and kept the selection
    assert w.detail.settlements.rowCount() == 1  # the detail view too
    qtbot.waitUntil(w.status_totals.current, timeout=WAIT)
    assert "open 0.00" in w.totals.text()  # and the status bar


def test_the_panes_refresh_from_the_signal_not_from_the_dialog(qtbot, w, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.payment import PaymentDialog

    make_customer("C1")
    w.refresh()
    pane = w.panes["payments"]
    assert pane.model.rowCount() == 0
    dlg = PaymentDialog(ctx, w, customer="C1")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    qtbot.keyClicks(dlg.amount, "25")
    ctx.blockSignals(True)  # "book changed" silenced: nothing else refreshes the pane
    try:
        qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)
    finally:
        ctx.blockSignals(False)
    assert not panes.is_empty()  # posted
    assert pane.model.rowCount() == 0
    ctx.notify()
    assert pane.model.rowCount() == 1


def test_a_refusal_at_posting_shows_in_the_dialog_and_changes_nothing(
    qtbot, w, ctx, changes, refusals, monkeypatch
):  # type: ignore[no-untyped-def]
    from ui.dialogs.payment import PaymentDialog

    make_customer("C1")
    before = dump_book()
    sentence = "The book is being closed for the year; try again in a minute."

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise UserError(sentence)  # as a service would, after the preview said yes

    monkeypatch.setattr(payments, "create_payment", refuse)
    dlg = PaymentDialog(ctx, w, customer="C1")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    qtbot.keyClicks(dlg.amount, "25")
    assert dlg.ok.isEnabled()
    qtbot.keyClick(dlg.amount, Qt.Key.Key_Return)

    assert refusals == [("PaymentDialog", sentence)]
    assert dlg.error.text() == sentence and not dlg.ok.isEnabled()
    assert dlg.isVisible() and dlg.result() == 0  # still open, for another try
    assert changes == []
    assert dump_book() == before


def test_a_real_refusal_through_the_seam_from_the_window(qtbot, w, changes, refusals):  # type: ignore[no-untyped-def]
    make_customer("C1", name="Alpha")
    before = dump_book()
    done: list[object] = []
    failed: list[str] = []
    run_op(
        w,
        lambda: customers.add_customer("C1", "Another Alpha", None),
        success=done.append,
        failure=failed.append,
    )
    sentence = 'There is already a customer with code "C1".'
    assert refusals == [("MainWindow", sentence)]
    assert failed == [sentence] and done == []
    assert changes == []
    assert dump_book() == before


def test_a_long_posting_runs_in_a_worker_and_refreshes_once(qtbot, w, changes, refusals):  # type: ignore[no-untyped-def]
    import threading

    threads: list[str] = []

    def add(progress, cancelled):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        assert not cancelled()
        progress(1, 1)
        return customers.add_customer("C7", "Gamma Lda", None).code

    done: list[str] = []
    run_op(w, add, success=done.append, long=True, title="Add")
    qtbot.waitUntil(lambda: done == ["C7"], timeout=WAIT)
    assert threads and threads[0] != threading.main_thread().name
    assert changes == [1]
    assert w.customer.findData("C7") >= 0  # the window re-read the customers
    assert refusals == []

    # the same call refused in the worker: shown on the GUI thread, nothing written
    run_op(w, add, success=done.append, long=True, title="Add")
    qtbot.waitUntil(lambda: bool(refusals), timeout=WAIT)
    assert refusals == [("MainWindow", 'There is already a customer with code "C7".')]
    assert changes == [1] and done == ["C7"]
    assert [c.code for c in panes.customers()] == ["C7"]


def test_a_full_disk_through_the_seam_is_a_refusal_and_a_full_rollback(qtbot, w, changes, refusals):  # type: ignore[no-untyped-def]
    from app.services import book
    from models.db import database

    make_customer("C1", name="Alpha")
    before = dump_book()
    database.obj.execute_sql("PRAGMA max_page_count = 1")  # capped where it stands

    def many() -> None:
        with book.transaction():
            for i in range(200):
                customers.add_customer(f"X{i}", "Nome " * 38, None)

    run_op(w, many)
    assert len(refusals) == 1 and "is full" in refusals[0][1], refusals
    assert "nothing was saved and the book is as it was" in refusals[0][1]
    assert changes == []
    assert dump_book() == before


def test_a_damaged_book_is_refused_before_its_first_posting(qtbot, w, ctx, changes, refusals):  # type: ignore[no-untyped-def]
    from app.services import book
    from tests.integration.test_check_invariants import overwrite_page

    make_customer("C1", name="Alpha")
    book.close_book()
    overwrite_page(ctx.url, "customer")
    book.open_book(ctx.url)
    run_op(w, lambda: customers.add_customer("C2", "Beta", None))
    assert len(refusals) == 1, refusals
    assert "is damaged (SQLite quick check" in refusals[0][1]
    assert "restore BACKUP" in refusals[0][1]
    assert changes == []


def _busy() -> Exception:
    import sqlite3

    import peewee

    return peewee.OperationalError(sqlite3.OperationalError("database is locked"))


def test_a_busy_book_is_tried_again_then_refused_in_a_sentence(  # type: ignore[no-untyped-def]
    qtbot, w, changes, refusals, monkeypatch
):
    from app.services import retry

    monkeypatch.setattr(retry.time, "sleep", lambda seconds: None)
    tries: list[int] = []

    def add():  # type: ignore[no-untyped-def]
        tries.append(1)
        if len(tries) < 3:
            raise _busy()  # another clerk's transaction in the way
        return customers.add_customer("C8", "Delta Lda", None).code

    done: list[str] = []
    run_op(w, add, success=done.append)
    assert (done, len(tries), changes, refusals) == (["C8"], 3, [1], [])

    def always_busy(progress, cancelled):  # type: ignore[no-untyped-def]
        raise _busy()

    failed: list[str] = []
    run_op(w, always_busy, failure=failed.append, long=True, title="Import")
    qtbot.waitUntil(lambda: bool(refusals), timeout=WAIT)
    sentence = "The book is busy: another user is posting; try again."
    assert refusals == [("MainWindow", sentence)] and failed == [sentence]
    assert changes == [1]
