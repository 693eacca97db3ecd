"""Issue 13 in the window: invoice PDF and print of the selected invoice, the Statements
dialog (one customer, or every customer into a folder off the GUI thread) and the
Reminders dialog (preview, then letters written and levels recorded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from app.services import dunning
from tests.builders import day, make_customer, make_invoice, pay, settle
from tests.ui import test_long_work
from tests.ui.test_long_work import WAIT, Files, pdf_text, written
from ui import documents, printing

w = test_long_work.w  # the main window with its message boxes stood in for


@pytest.fixture(autouse=True)
def _files(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(documents, "QFileDialog", Files)


def _book() -> dict[str, str]:
    make_customer("C1", terms="2% 10, net 30", name="Alpha <b> Lda")
    make_customer("C2", terms="net 30", name="Beta S.A.")
    inv = make_invoice("100.00", customer="C1", on=day(1))
    old = make_invoice("40.00", customer="C2", on=day(1))
    p = pay("98.00", customer="C1", on=day(5))
    settle(p, inv)
    return {"invoice": inv.number, "old": old.number}


def test_invoice_pdf_and_print_of_the_selected_invoice(qtbot, w, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    docs = _book()
    out = tmp_path / "inv.pdf"
    Files.save = str(out)
    paths = written(w, monkeypatch)
    w.refresh()
    assert w.panes["invoices"].select(docs["invoice"])
    w.actions_["pdf_invoice"].trigger()
    qtbot.waitUntil(lambda: paths == [str(out)], timeout=WAIT)
    text = pdf_text(out)
    assert "Alpha <b> Lda" in text and "2% discount if paid within 10 days" in text
    assert "Already settled\n-100.00" in text and "Balance due\n0.00" in text
    printed: list[str] = []
    monkeypatch.setattr(documents, "print_pdf", lambda _p, path, _t: printed.append(path))
    w.actions_["print_invoice"].trigger()
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=WAIT)
    assert docs["invoice"] in pdf_text(Path(printed[0]))


def test_printing_hands_the_pdf_to_the_spooler_or_copies_it(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "copy.pdf"))
    printing.send(printer, str(pdf))
    assert (tmp_path / "copy.pdf").read_bytes() == b"%PDF-1.4 test"
    monkeypatch.setattr(printing.shutil, "which", lambda _name: "/usr/bin/lp")
    assert printing.spool_command(str(pdf), "Office", 2) == [
        "/usr/bin/lp", "-n", "2", "-d", "Office", "--", str(pdf)
    ]  # fmt: skip


def test_statements_dialog_one_customer_and_all_into_a_folder(qtbot, w, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    _book()
    w.refresh()
    dialog = documents.StatementsDialog(w)
    qtbot.addWidget(dialog)
    dialog.date_from.setDate(dialog.date_from.date().addYears(-5))
    assert dialog.customer.set_code("C1")
    out = tmp_path / "c1.pdf"
    Files.save = str(out)
    paths = written(w, monkeypatch)
    dialog.save_pdf()
    qtbot.waitUntil(lambda: paths == [str(out)], timeout=WAIT)
    assert "Statement of account" in pdf_text(out)
    folder = tmp_path / "all"
    folder.mkdir()
    dialog.customer.set_code(None)
    assert not dialog.print_.isEnabled()
    job = dialog.save_all(str(folder))
    qtbot.waitUntil(lambda: job.isFinished(), timeout=WAIT)
    qtbot.waitUntil(lambda: "statements written" in w.statusBar().currentMessage(), timeout=WAIT)
    assert sorted(p.name for p in folder.iterdir()) == ["statement-C2.pdf"]  # C1 is settled


def test_reminders_dialog_previews_then_records(qtbot, w, tmp_path):  # type: ignore[no-untyped-def]
    docs = _book()
    make_customer("C3", terms="net 30", name="Gamma")
    make_invoice("70.00", customer="C3", on=day(0))  # 15 days overdue on TODAY
    dunning.set_dunning("C3", False)
    w.refresh()
    dialog = documents.RemindersDialog(w)
    qtbot.addWidget(dialog)
    # On TODAY C2's invoice of day 1 is 14 days overdue: level 1; C1's is paid.
    assert dialog.run is not None
    rows = [
        [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
        for r in range(dialog.table.rowCount())
    ]
    assert [r[0] for r in rows] == ["C2"] and rows[0][2] == "1"
    assert rows[0][5] == f"{docs['old']}: level 1, 40.00"
    assert "Excluded: C3" in dialog.note.text()
    dialog.write_to(str(tmp_path))
    qtbot.waitUntil(lambda: "reminder letters written" in dialog.note.text(), timeout=WAIT)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == [
        f"reminder-C2-{dialog.as_of.value().isoformat()}.pdf"
    ]
    assert dialog.table.rowCount() == 0  # recorded: the same day raises nothing
