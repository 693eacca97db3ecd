"""The Bank view (issue 11) in the window: lines, proposals, Enter accepts, accept all."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from app.read import queries
from app.rules.statement import Statement, StatementLine, keyed
from app.services import bank
from tests.builders import DAY0, D, make_customer, make_invoice
from tests.ui.test_long_work import WAIT


def _statement() -> None:
    make_customer("C1", "2% 10, net 30", "Peña Hermanos S.L.")
    make_customer("C2", "net 30", "Açores Pescas")
    make_invoice("100.00", customer="C1")
    make_invoice("50.00", customer="C2")
    make_invoice("70.00", customer="C2")
    _store(
        ("98.00", "Pena Hermanos", "INV-000001"),
        ("50.00", "", "transfer"),
        ("70.00", "ACORES PESCAS LDA", "thanks"),
    )


def _store(*moves: tuple[str, str, str], account: str = "PT50X", ident: str = "S1") -> None:
    """A statement of `account` with lines (amount, payer, text) three days after DAY0."""
    on = DAY0 + timedelta(days=3)
    lines = [StatementLine(on, on, D(a), "EUR", payer, "", text) for a, payer, text in moves]
    bank.store_statements([Statement(account, ident, "EUR", lines=keyed(account, lines))], "s.xml")


def show(qtbot, dlg):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_lines_with_their_proposals_and_enter_accepts(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))
    assert dlg.table.rowCount() == 3
    cells = [[dlg.table.item(r, c).text() for c in (0, 3, 6, 7)] for r in range(3)]
    assert cells[0] == ["1", "98.00", "INV-000001", "0.99"]
    assert cells[1][2:] == ["—", "0.00"]  # nobody known: no proposal
    assert dlg.table.isColumnHidden(2)  # one account: not said on every line
    assert "cash discount 2.00" in dlg.explanation.toPlainText()
    qtbot.keyClick(dlg.table, Qt.Key.Key_Return)
    assert queries.show_invoice("INV-000001")["status"] == "settled"
    assert dlg.table.rowCount() == 2  # the accepted line left the unmatched list
    # The bookkeeper types the invoice for the line nobody could place.
    dlg.table.selectRow(0)
    assert dlg.title.text().startswith("Line 2")
    qtbot.keyClicks(dlg.invoices, "INV-000002")
    qtbot.keyClick(dlg.invoices, Qt.Key.Key_Return)
    assert queries.show_invoice("INV-000002")["status"] == "settled"
    assert dlg.table.rowCount() == 1


def test_accept_all_counts_first_and_a_refusal_stays_in_the_dialog(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))
    dlg.least.setValue(0.85)
    assert dlg.sure.text() == "2 proposal(s) — 168.00"  # 98.00 and 70.00
    qtbot.mouseClick(dlg.all_button, Qt.MouseButton.LeftButton)  # in a worker, with progress
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=WAIT)
    assert queries.show_invoice("INV-000001")["status"] == "settled"
    assert queries.show_invoice("INV-000003")["status"] == "settled"
    assert dlg.table.rowCount() == 1
    dlg.table.selectRow(0)
    qtbot.keyClick(dlg.table, Qt.Key.Key_Return)  # no proposal: said, nothing posted
    assert "Line 2 has no proposal: type the invoices it pays." in dlg.error.text()
    dlg.filter.setCurrentIndex(2)  # all
    assert dlg.table.rowCount() == 3


def test_typing_searches_the_open_invoices(qtbot, ctx):  # type: ignore[no-untyped-def]
    from ui.dialogs.bank import BankDialog

    _statement()
    dlg = show(qtbot, BankDialog(ctx))
    dlg.table.selectRow(1)  # the line nobody could place
    qtbot.keyClicks(dlg.invoices, "Pescas")
    found = [
        dlg.completer.completionModel().index(r, 0).data()
        for r in range(dlg.completer.completionCount())
    ]
    assert found == [
        "INV-000002 — Açores Pescas — 50.00",
        "INV-000003 — Açores Pescas — 70.00",
        "C2 — Açores Pescas — on account",  # money in: the customer too (test_bank_pick.py)
    ]
    dlg.choose_invoice(found[1])
    assert dlg.invoices.text() == "INV-000003"
    dlg.invoices.setText("INV-000003, Pes")
    dlg.search_invoices("INV-000003, Pes")
    dlg.choose_invoice(found[0])
    assert dlg.invoices.text() == "INV-000003, INV-000002"


def test_a_csv_file_goes_to_the_account_chosen_and_its_next_file_adds_nothing_twice(  # type: ignore[no-untyped-def]
    qtbot, ctx, tmp_path
):
    """A CSV file names no account: imported from the window it once became an
    account of its own, named after the file, so next month's overlapping export
    came in as other lines of another account (nothing-twice never saw them)."""
    from app.read import bank as bank_read
    from ui.dialogs.bank import BankDialog

    make_customer("C1", "2% 10, net 30", "Peña Hermanos S.L.")
    make_invoice("100.00", customer="C1")
    head = "Data;Descrição;Valor\n"
    november = tmp_path / "extrato.csv"
    november.write_text(head + "04/03/2026;INV-000001;98,00\n", encoding="utf-8")
    december = tmp_path / "extrato (1).csv"  # the bank's next export: the same line and one new
    december.write_text(
        head + "04/03/2026;INV-000001;98,00\n06/03/2026;TRF Pena;12,50\n", encoding="utf-8"
    )
    dlg = show(qtbot, BankDialog(ctx))
    assert dlg.chosen_account() is None  # the file's own account, by default
    dlg.import_file(str(november))
    assert "extrato.csv is a CSV file, which names no bank account" in dlg.error.text()
    assert bank_read.lines() == [] and bank_read.account_names() == []
    dlg.account.setEditText("Conta Caixa Geral")
    dlg.import_file(str(november))
    assert dlg.error.text().startswith("1 line(s) added, 0 already in the book.")
    dlg.import_file(str(december))
    assert dlg.error.text().startswith("1 line(s) added, 1 already in the book.")
    assert bank_read.account_names() == ["Conta Caixa Geral"]
    assert [(str(r.amount), r.remittance) for r in bank_read.lines()] == [
        ("9800", "INV-000001"),
        ("1250", "TRF Pena"),
    ]
    assert dlg.account.currentText() == "Conta Caixa Geral"  # kept for the next file
    assert dlg.account.findText("Conta Caixa Geral") == 1  # listed after the file's own


def test_lines_of_several_accounts_say_which_account_each_is_in(qtbot, ctx):  # type: ignore[no-untyped-def]
    """The same movement held in two accounts is two lines: the Account column, shown
    when the lines are in more than one, tells them apart from a line listed twice."""
    from ui.dialogs.bank import COLUMNS, BankDialog

    _statement()
    _store(("98.00", "Pena Hermanos", "INV-000001"), account="ES91Y", ident="S2")
    dlg = show(qtbot, BankDialog(ctx))
    assert COLUMNS[2] == "Account" and not dlg.table.isColumnHidden(2)
    rows = [[dlg.table.item(r, c).text() for c in (0, 2, 3)] for r in range(4)]
    assert ["1", "PT50X", "98.00"] in rows and ["4", "ES91Y", "98.00"] in rows


def test_accept_all_starts_where_the_command_line_does_and_a_tolerance_is_worded(qtbot, ctx):  # type: ignore[no-untyped-def]
    """The Accept all button starts at the confidence `bank match --auto` takes without one
    (one constant for both), and a proposal inside the tolerance says over- or
    underpayment with a positive amount, as the command line's listing does."""
    from app.rules.statement import AUTO_LEAST
    from tests.builders import set_params
    from ui.dialogs.bank import BankDialog

    set_params(max_overpayment="1.00", max_underpayment="1.00")
    make_customer("C1", "net 30", "Peña Hermanos S.L.")
    make_invoice("100.00", customer="C1")
    make_invoice("50.00", customer="C1")
    _store(("100.40", "", "INV-000001"), ("49.70", "", "INV-000002"))
    dlg = show(qtbot, BankDialog(ctx))
    assert D(str(dlg.least.value())) == AUTO_LEAST
    dlg.table.selectRow(0)
    assert "(overpayment of 0.40 within the tolerance)" in dlg.explanation.toPlainText()
    dlg.table.selectRow(1)
    assert "(underpayment of 0.30 within the tolerance)" in dlg.explanation.toPlainText()


def test_a_gap_is_said_in_the_windows_language_and_figures(qtbot, ctx, tmp_path):  # type: ignore[no-untyped-def]
    """The window shows the import's gap as the command line does: the bank's statement
    id (not the store's PT50...:NOV-B:00001), the reader's figures and dates, and which
    way the balance is off."""
    from tests.bankfiles import Move, Stmt, camt053
    from ui import i18n
    from ui.dialogs.bank import BankDialog

    iban, on = "PT50000201231234567890154", DAY0 + timedelta(days=3)
    line = StatementLine(on, on, D("1.00"), "EUR", "x", "", "x")
    held = Statement(
        iban, f"{iban}:NOV-B:00001", "EUR", D("3482.27"), D("3483.27"), DAY0, on,
        keyed(iban, [line]),
    )  # fmt: skip
    bank.store_statements([held], "nov_b.mt940")
    after = on + timedelta(days=1)
    path = tmp_path / "nov_c.xml"
    path.write_bytes(
        camt053(Stmt(iban, "EUR", D("3498.27"), after, after, [Move(after, D("5.00"))], "NOV-C"))
    )
    i18n.install("pt_BR")
    try:
        dlg = show(qtbot, BankDialog(ctx))
        dlg.import_file(str(path))
        qtbot.waitUntil(lambda: "abre" in dlg.error.text(), timeout=WAIT)
    finally:
        i18n.install("en")
    assert (
        "O extrato NOV-C abre com 3.498,27, mas o extrato anterior (NOV-B) fechou com 3.483,27 "
        f"em {on:%d/%m/%Y}: abre 15,00 acima, então faltam entre eles 15,00 de entradas "
        "(líquidas)." in dlg.error.text()
    ), dlg.error.text()
