"""The Bank view's statement import (issue 11): a file read into the account it names,
or into the one chosen or typed in Account (a CSV file names none), with its CSV
columns kept for that account's next file. Mixed into `BankDialog` (ui/dialogs/bank.py),
whose `account` box and `error` label it uses.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog

from app.exchange.bank import read_statements
from app.read import bank as bank_read
from app.services import bank
from ui.i18n import translate
from ui.ops import run_op


class StatementImport:
    """Import statement…, and the account a file goes to."""

    account: Any  # the dialog's QComboBox
    error: Any  # the dialog's QLabel

    def import_statement(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("Acerto", "Import statement"),
            "",
            translate(
                "Acerto",
                "Bank statements (*.xml *.ofx *.qfx *.n43 *.txt *.sta *.940 *.csv);;All files (*)",
            ),
        )
        if path:
            self.import_file(path)

    def _fill_accounts(self) -> None:
        """The file's own account first, then the book's, the last one used next."""
        typed = self.account.currentText()
        self.account.clear()
        self.account.addItem(translate("Acerto", "(the account the file names)"), None)
        for name in bank_read.account_names():
            self.account.addItem(name, name)
        at = self.account.findText(typed) if typed else -1
        self.account.setCurrentIndex(max(at, 0))

    def chosen_account(self) -> str | None:
        """The account chosen or typed (None: the one the file names)."""
        text = self.account.currentText().strip()
        at = self.account.findText(text)
        if at >= 0 and self.account.itemData(at) is None:
            return None
        return text or None

    def import_file(self, path: str) -> None:
        from app.exchange.bank import kept

        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        account = self.chosen_account()
        csv = kept.is_csv(path)
        if account is None and csv:
            self.error.setText(
                translate(
                    "Acerto",
                    "%1 is a CSV file, which names no bank account: choose or type the "
                    "account its lines belong to in Account, then import it again.",
                ).replace("%1", name)
            )
            self.account.setFocus()
            return

        def work() -> bank.StoreReport:
            mapping = kept.kept_mapping(account) if csv else None
            return bank.store_statements(read_statements(path, "auto", mapping), name, account)

        def done(report: bank.StoreReport) -> None:
            text = translate("Acerto", "%1 line(s) added, %2 already in the book.")
            self.error.setText(
                "\n".join(
                    [
                        text.replace("%1", str(report.added)).replace("%2", str(report.known)),
                        *report.gaps,
                    ]
                )
            )

        run_op(self, work, success=done, failure=self.error.setText)
        self._fill_accounts()
