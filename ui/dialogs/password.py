"""The password of a book on a server: a masked field, and a choice to keep
it in the system keyring (app/services/passwords.py)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ui.i18n import translate


class PasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None, label: str, keyring: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Acerto", "Open book on a server"))
        form = QFormLayout(self)
        form.addRow(QLabel(label))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(translate("Acerto", "empty: use ~/.pgpass or PGPASSWORD"))
        form.addRow(translate("Acerto", "Password:"), self.password)
        self.remember = QCheckBox(translate("Acerto", "Keep it in the system keyring"))
        self.remember.setEnabled(keyring)
        if not keyring:
            self.remember.setToolTip(translate("Acerto", "No system keyring on this computer."))
        form.addRow(self.remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
