"""Reports, exchange workbook and demo data through the window: each action
with its file dialog answered, run by the background worker, checked by the
file's content; cancelling long work leaves the book unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.read import panes
from tests.builders import credit_note, day, make_customer, make_invoice, pay, settle
from ui import reports
from ui.main import MainWindow

WAIT = 60_000  # ms; the machine running the tests may be busy


class Boxes:
    """Stands in for QMessageBox in ui.reports and ui.messages: information is
    recorded, a warning or an error fails the test. (The modules' names are
    replaced rather than the Qt class's static methods: patching attributes
    of PySide6 classes upsets their reference counts at exit.)"""

    told: list[str] = []
    StandardButton = QMessageBox.StandardButton

    @staticmethod
    def information(_parent, _title, text, *args):  # type: ignore[no-untyped-def]
        Boxes.told.append(text)

    @staticmethod
    def warning(_parent, title, text, *args):  # type: ignore[no-untyped-def]
        raise AssertionError(f"unexpected message box: {title}: {text}")

    critical = warning


class Files:
    save = ""
    open = ""

    @staticmethod
    def getSaveFileName(*args, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N802
        return Files.save, ""

    @staticmethod
    def getOpenFileName(*args, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N802
        return Files.open, ""


class Ask:
    number = 0

    @staticmethod
    def getInt(*args, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N802
        return Ask.number, True


@pytest.fixture
def w(qtbot, ctx, monkeypatch):  # type: ignore[no-untyped-def]
    from ui import messages

    Boxes.told = []
    monkeypatch.setattr(messages, "QMessageBox", Boxes)
    monkeypatch.setattr(reports, "QMessageBox", Boxes)
    monkeypatch.setattr(reports, "QFileDialog", Files)
    monkeypatch.setattr(reports, "QInputDialog", Ask)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: not win.jobs, timeout=WAIT)


def documents() -> dict[str, str]:
    make_customer("C1", terms="2% 10, net 30", name="Alpha Lda")
    make_customer("C2", terms="net 30", name="Beta S.A.")
    inv = make_invoice("100.00", customer="C1")
    other = make_invoice("40.00", customer="C2", on=day(30))
    p = pay("98.00", customer="C1", on=day(5))
    settle(p, inv)
    cn = credit_note(other, amount="10.00", on=day(31), reason="Returned goods")
    return {"invoice": inv.number, "other": other.number, "payment": p.number, "cn": cn.number}


def save_to(monkeypatch, path: Path) -> None:  # type: ignore[no-untyped-def]
    Files.save = str(path)


def written(w: MainWindow, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Collects what the window offers to open (instead of asking)."""
    paths: list[str] = []
    monkeypatch.setattr(w, "offer_to_open", paths.append)
    return paths


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def test_aging_workbook_from_the_window(qtbot, w, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    documents()
    out = tmp_path / "aging.xlsx"
    save_to(monkeypatch, out)
    monkeypatch.setattr(reports.AgingOptions, "exec", lambda self: 1)
    paths = written(w, monkeypatch)
    # a server book: its password must not reach the Parameters sheet
    w.ctx.url = "postgresql://acerto:s3cret@db.example:5432/books"
    w.actions_["aging"].trigger()
    qtbot.waitUntil(lambda: paths == [str(out)], timeout=WAIT)
    wb = load_workbook(out, read_only=True)
    try:
        assert {"Summary", "Detail", "Parameters"} <= set(wb.sheetnames)
        summary = [c for row in wb["Summary"].iter_rows(values_only=True) for c in row]
        assert "C2" in summary and "Beta S.A." in summary
        params = {r[0]: r[1] for r in wb["Parameters"].iter_rows(values_only=True) if r}
        assert params["Book"] == "postgresql://acerto@db.example:5432/books"
        everything = [
            str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
        ]
        assert not any("s3cret" in c for c in everything)
    finally:
        wb.close()


def test_credit_note_pdf_of_the_selected_credit_note(qtbot, w, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    docs = documents()
    out = tmp_path / "cn.pdf"
    save_to(monkeypatch, out)
    paths = written(w, monkeypatch)
    w.refresh()
    assert w.panes["invoices"].select(docs["cn"])
    w.actions_["pdf_credit_note"].trigger()
    qtbot.waitUntil(lambda: paths == [str(out)], timeout=WAIT)
    text = pdf_text(out)
    assert docs["cn"] in text
    assert docs["other"] in text
    assert "10.00" in text


def test_settlement_report_pdf(qtbot, w, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    docs = documents()
    out = tmp_path / "settlements"  # no extension typed: .pdf is added
    save_to(monkeypatch, out)

    def accept(self) -> int:  # type: ignore[no-untyped-def]
        self.date_from.setDate(QDate(2026, 1, 1))
        return 1

    monkeypatch.setattr(reports.SettlementOptions, "exec", accept)
    paths = written(w, monkeypatch)
    w.actions_["pdf_settlement"].trigger()
    qtbot.waitUntil(lambda: paths == [str(out) + ".pdf"], timeout=WAIT)
    text = pdf_text(Path(paths[0]))
    assert docs["payment"] in text and docs["invoice"] in text
    assert "98.00" in text


def test_export_then_import_into_a_new_book(qtbot, w, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    docs = documents()
    out = tmp_path / "export.xlsx"
    save_to(monkeypatch, out)
    paths = written(w, monkeypatch)
    w.actions_["export"].trigger()
    qtbot.waitUntil(lambda: paths == [str(out)], timeout=WAIT)
    wb = load_workbook(out, read_only=True)
    try:
        assert "Customers" in wb.sheetnames and "Invoices" in wb.sheetnames
        numbers = [row[0] for row in wb["Invoices"].iter_rows(min_row=2, values_only=True)]
        assert {docs["invoice"], docs["other"], docs["cn"]} <= set(numbers)
        customers = [row[0] for row in wb["Customers"].iter_rows(min_row=2, values_only=True)]
        assert customers == ["C1", "C2"]
    finally:
        wb.close()

    # A new book is made on purpose (New book / the first start), then opened.
    from app.services.new_book import create_book

    create_book(str(tmp_path / "second.sqlite"), "EUR", "")
    assert w.switch_book(str(tmp_path / "second.sqlite"))
    assert panes.is_empty()
    Files.open = str(out)
    told = Boxes.told
    w.actions_["import"].trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT)
    assert "Invoices: 3 were created" in told[0]
    assert w.panes["invoices"].model.rowCount() == 3  # refreshed by "book changed"
    assert w.panes["invoices"].select(docs["cn"])


@pytest.mark.slow
def test_cancelling_demo_data_leaves_the_book_unchanged(qtbot, w, monkeypatch):  # type: ignore[no-untyped-def]
    Ask.number = 20_000
    w.actions_["demo"].trigger()
    assert len(w.jobs) == 1
    job = w.jobs[0]
    dialog = job.dialog
    assert dialog is not None
    # the dialog appears once the worker reports progress
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.maximum() > 0, timeout=WAIT)
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.jobs, timeout=WAIT)
    assert job.was_cancelled
    assert w.statusBar().currentMessage() == "Cancelled; nothing was changed."
    assert panes.is_empty()
    assert w.panes["invoices"].model.rowCount() == 0


def test_demo_data_fills_the_book(qtbot, w, monkeypatch):  # type: ignore[no-untyped-def]
    Ask.number = 0
    w.actions_["demo"].trigger()
    qtbot.waitUntil(lambda: not w.jobs, timeout=WAIT)
    assert not panes.is_empty()
    assert w.panes["invoices"].model.rowCount() > 0
    assert "Demo data written" in w.statusBar().currentMessage()
