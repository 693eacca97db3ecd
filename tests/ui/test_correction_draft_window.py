"""Issue 9 QA in the window: a correction dialog opened on an invoice with a kept draft."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.read import lookups, queries
from app.services import corrections
from tests.builders import D, day, make_customer, make_invoice


def test_correcting_an_invoice_with_a_kept_draft_reopens_that_draft(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.correction import COL_NEW, CorrectionDialog

    make_customer("C1", terms="net 30")
    inv = make_invoice(None, customer="C1", lines=[("Hours", "8", "50.00")])
    draft = corrections.correct(inv.number, day(2), {1: D("6")}, draft=True)
    dlg = CorrectionDialog(ctx, invoice=inv.number)  # the original, not the draft
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.draft is not None and dlg.draft.number == draft.number
    assert dlg.table.item(0, COL_NEW).text() == "6"
    assert dlg.figures["Change in what is owed"].text() == "-100.00"
    dlg.table.item(0, COL_NEW).setText("7")
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert dlg.result_text.startswith("Corrective invoice CI-")
    posted = dlg.result_text.split()[2]
    # The draft itself was posted (no second correction next to it).
    assert queries.show_invoice(inv.number)["corrected_by"] == [posted]
    assert queries.show_invoice(posted)["total"] == "-50.00"
    assert lookups.correction_draft_of(inv.number) is None
