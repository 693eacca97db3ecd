"""The Bank view posts what `bank accept` can (issue 11): a money-out line as the payout
of a refund picked, money in on a chosen customer's account, a warning when the payer
is known as another customer than the invoices', and what was posted, said after."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.read import queries
from app.services import refunds
from tests.builders import DAY0, make_customer, make_invoice, pay
from tests.ui.test_bank_view import _statement, _store, show


def _found(dlg) -> list[str]:  # type: ignore[no-untyped-def]
    c = dlg.completer
    return [c.completionModel().index(r, 0).data() for r in range(c.completionCount())]


def _two_refunds() -> None:
    """Two open refunds of 30.00 (C1's, C2's) and a line paying out 30.00 to nobody
    named: the matcher cannot tell which, so the line has no proposal."""
    make_customer("C1", "net 30", "Cliente Um")
    make_customer("C2", "net 30", "Cliente Dois")
    for code in ("C1", "C2"):
        refunds.refund_credit(pay("30.00", customer=code).number, DAY0)
    _store(("-30.00", "", "Transferencia"))


def test_a_money_out_line_is_posted_as_the_payout_of_the_refund_picked(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _two_refunds()
    dlg = show(qtbot, BankDialog(ctx))
    assert dlg.field_label.text() == "Refund paid out (blank: as proposed):"
    qtbot.keyClick(dlg.table, Qt.Key.Key_Return)  # nothing proposed, nothing typed
    assert dlg.error.text().startswith(
        "Line 1 is money out with no refund proposed: type the refund it paid out."
    )
    assert "type the invoices" not in dlg.error.text()
    assert not dlg.preview.settling.isVisible()  # a payout settles no invoice: no table
    qtbot.keyClicks(dlg.invoices, "Dois")
    assert _found(dlg) == ["REF-000002 — Cliente Dois — 30.00"]  # no invoice, no customer
    dlg.choose_invoice(_found(dlg)[0])
    assert dlg.invoices.text() == "REF-000002"
    assert "the payout of refund REF-000002 to Cliente Dois, 30.00." in (
        dlg.explanation.toPlainText()
    )
    assert dlg.error.text() == ""
    qtbot.keyClick(dlg.invoices, Qt.Key.Key_Return)
    assert [r["paid_on"] for r in queries.show_payment("PAY-000002")["refunds"]] == ["2026-03-04"]
    assert [r["paid_on"] for r in queries.show_payment("PAY-000001")["refunds"]] == [None]
    assert dlg.table.rowCount() == 0
    assert dlg.posted.text() == "Refund REF-000002: 30.00 paid out on 2026-03-04.\n" + (
        "Bank line 1: REF-000002 posted."
    )


def test_a_refund_of_another_amount_is_said_before_accepting(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _two_refunds()
    _store(("-12.00", "", "x"), ident="S2")
    dlg = show(qtbot, BankDialog(ctx))
    dlg.table.selectRow(1)
    qtbot.keyClicks(dlg.invoices, "REF-000001")
    assert dlg.error.text() == "Refund REF-000001 is 30.00, but the line paid out 12.00."


def test_money_nobody_placed_is_posted_on_the_customer_chosen(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))
    dlg.table.selectRow(1)  # 50.00, "transfer": nobody found
    assert dlg.field_label.text() == "Invoices or customer (blank: as proposed):"
    assert dlg.preview.settling.isVisible()
    qtbot.keyClicks(dlg.invoices, "Pescas")
    dlg.choose_invoice("C2 — Açores Pescas — on account")
    assert dlg.invoices.text() == "C2"
    assert dlg.preview.remaining.text() == "50.00"
    assert dlg.preview.table.rowCount() == 0
    assert "50.00 stays on customer C2's account." in dlg.explanation.toPlainText()
    qtbot.keyClick(dlg.invoices, Qt.Key.Key_Return)
    paid = queries.show_payment("PAY-000001")
    assert (paid["customer"], paid["amount"], paid["unapplied"]) == ("C2", "50.00", "50.00")
    assert dlg.posted.text() == (
        "Payment PAY-000001 of customer C2: 50.00 received on 2026-03-04.\n"
        "50.00 left on customer C2's account.\n"
        "Bank line 2: PAY-000001 posted."
    )


def test_a_customer_is_typed_by_name_and_only_their_invoices_go_with_it(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))
    dlg.table.selectRow(1)
    dlg.invoices.setText("açores pescas, INV-000001")
    assert dlg.error.text() == "Invoice INV-000001 is customer C1's, not C2's: type only C2's."
    qtbot.keyClick(dlg.invoices, Qt.Key.Key_Return)
    assert queries.show_invoice("INV-000001")["status"] != "settled"
    dlg.invoices.setText("C1, C2")
    assert dlg.error.text() == "C1 and C2 are two customers: the money is one customer's payment."
    dlg.invoices.setText("C2, INV-000002")
    assert dlg.error.text() == "" and dlg.preview.remaining.text() == "0.00"


def test_a_third_party_paying_an_invoice_is_warned_before_and_said_after(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))  # line 1: 98.00 from "Pena Hermanos", C1's name
    assert dlg.warning.text() == ""  # the proposal is C1's own invoice
    qtbot.keyClicks(dlg.invoices, "INV-000002")  # C2's invoice, paid by C1
    warned = "Warning: line 1 would be posted as customer C2's payment, but its payer is known "
    assert dlg.warning.text().startswith(warned + "as customer C1 ("), dlg.warning.text()
    qtbot.keyClick(dlg.invoices, Qt.Key.Key_Return)
    said = dlg.posted.text().splitlines()
    assert said[0].startswith(
        "Warning: bank line 1 is posted as customer C2's payment, but its payer is known as "
        "customer C1"
    )
    assert said[1:] == [
        "Payment PAY-000001 of customer C2: 98.00 received on 2026-03-04.",
        "  INV-000002: 50.00 applied, cash discount 0.00, write-off 0.00.",
        "48.00 left on customer C2's account.",
        "Bank line 1: PAY-000001 posted.",
    ]
    assert dlg.warning.text() == ""  # the next line shown: no warning of its own


def test_what_was_posted_is_said_in_the_windows_language(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui import i18n
    from ui.dialogs.bank import BankDialog

    make_customer("C1", "net 30", "Cliente Um")
    make_invoice("1500.00", customer="C1")
    _store(("1600.00", "", "INV-000001"))
    i18n.install("pt_BR")
    try:
        dlg = show(qtbot, BankDialog(ctx))
        qtbot.keyClick(dlg.table, Qt.Key.Key_Return)
        said = dlg.posted.text()
    finally:
        i18n.install("en")
    assert "1.600,00" in said and "04/03/2026" in said and "1.500,00" in said, said
    assert "100,00" in said and "C1" in said, said
