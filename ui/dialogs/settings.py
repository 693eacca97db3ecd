"""Settings: company, currency, default terms, receivables parameters, aging.

Each field is checked by app/ (`setting_values.normalise_setting`) as it is typed;
OK stores the changed ones in one transaction (`book.set_settings`).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.errors import UserError
from app.services import book
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import PostingDialog
from ui.i18n import translate
from ui.widgets import MoneyEdit

# The yes/no settings, each a check box named after its key.
BOOLEANS = (
    "discount_on_partial_payments",
    "discount_on_credit_notes",
    "full_settlement_allowed",
    "discount_when_paid_in_full",
)


DOCUMENT_KEYS = ("company_iban", "company_logo", "dunning_days", "dunning_interval")


class SettingsDialog(PostingDialog):
    ok_text = "Save settings"

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("Acerto", "Settings"), parent)
        self.setMinimumWidth(600)
        self.initial = book.settings()
        s = self.initial
        self.company_name = QLineEdit(s["company_name"], self)
        self.company_address = QPlainTextEdit(s["company_address"], self)
        self.company_address.setTabChangesFocus(True)
        self.company_address.setFixedHeight(64)
        self.company_tax_id = QLineEdit(s["company_tax_id"], self)
        self.currency = QLineEdit(s["currency"], self)
        self.currency.setMaxLength(3)
        self.currency.setMaximumWidth(80)
        self.default_terms = QLineEdit(s["default_terms"], self)
        self.discount_on_partial_payments = QCheckBox(
            translate("Acerto", "Cash discount on partial payments"), self
        )
        self.discount_on_credit_notes = QCheckBox(
            translate("Acerto", "Net the cash discount on credit notes"), self
        )
        self.full_settlement_allowed = QCheckBox(
            translate("Acerto", "Full settlement allowed"), self
        )
        self.discount_when_paid_in_full = QCheckBox(
            translate("Acerto", "Cash discount when paid in full"), self
        )
        self.discount_when_paid_in_full.setToolTip(
            translate(
                "Acerto",
                "A payment covering the whole balance within the discount period still takes "
                "the cash discount; what the customer did not deduct stays as credit.",
            )
        )
        for key in BOOLEANS:
            getattr(self, key).setChecked(s[key] == "yes")
        self.max_underpayment = MoneyEdit(self)
        self.max_underpayment.setText(i18n.money_input(s["max_underpayment"]))
        self.max_overpayment = MoneyEdit(self)
        self.max_overpayment.setText(i18n.money_input(s["max_overpayment"]))
        self.aging_basis = QComboBox(self)
        self.aging_basis.addItem(translate("Acerto", "Due date"), "due")
        self.aging_basis.addItem(translate("Acerto", "Invoice date"), "invoice")
        self.aging_basis.setCurrentIndex(max(self.aging_basis.findData(s["aging_basis"]), 0))
        self.aging_buckets = QLineEdit(s["aging_buckets"], self)
        self.language = QComboBox(self)  # of the documents sent to customers without one
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(s["language"]), 0))
        f = self.form
        f.addRow(translate("Acerto", "Company &name:"), self.company_name)
        f.addRow(translate("Acerto", "Company &address:"), self.company_address)
        f.addRow(translate("Acerto", "Company ta&x id:"), self.company_tax_id)
        f.addRow(translate("Acerto", "C&urrency (ISO code):"), self.currency)
        f.addRow(translate("Acerto", "Default payment &terms:"), self.default_terms)
        f.addRow("", self.discount_on_partial_payments)
        f.addRow("", self.discount_on_credit_notes)
        f.addRow("", self.full_settlement_allowed)
        f.addRow("", self.discount_when_paid_in_full)
        f.addRow(translate("Acerto", "Maximum &underpayment written off:"), self.max_underpayment)
        f.addRow(translate("Acerto", "Maximum &overpayment written off:"), self.max_overpayment)
        f.addRow(translate("Acerto", "A&ging basis:"), self.aging_basis)
        f.addRow(translate("Acerto", "Aging &buckets (days):"), self.aging_buckets)
        f.addRow(translate("Acerto", "Customers' &documents in:"), self.language)
        self._add_document_settings(s)
        for w in (
            self.company_name,
            self.company_tax_id,
            self.currency,
            self.default_terms,
            self.max_underpayment,
            self.max_overpayment,
            self.aging_buckets,
        ):
            w.textChanged.connect(self.refresh)
        self.finish_layout()

    def values(self) -> dict[str, str]:
        out = {
            "company_name": self.company_name.text().strip(),
            "company_address": self.company_address.toPlainText().strip(),
            "company_tax_id": self.company_tax_id.text().strip(),
            "currency": self.currency.text().strip().upper(),
            "default_terms": self.default_terms.text().strip(),
            "max_underpayment": _machine(self.max_underpayment.text()),
            "max_overpayment": _machine(self.max_overpayment.text()),
            "aging_basis": str(self.aging_basis.currentData()),
            "aging_buckets": self.aging_buckets.text().strip(),
            "language": str(self.language.currentData()),
        }
        for key in BOOLEANS:
            out[key] = "yes" if getattr(self, key).isChecked() else "no"
        for key in DOCUMENT_KEYS:
            out[key] = getattr(self, key).text().strip()
        return out

    def _add_document_settings(self, s: dict[str, str]) -> None:
        """IBAN and logo printed on customer documents; reminder days (issue 13)."""
        labels = {
            "company_iban": translate("Acerto", "Company &IBAN:"),
            "company_logo": translate("Acerto", "Company &logo (PNG/JPEG/SVG file):"),
            "dunning_days": translate("Acerto", "Reminder levels at days &overdue:"),
            "dunning_interval": translate("Acerto", "Days between &reminders:"),
        }
        for key in DOCUMENT_KEYS:
            edit = QLineEdit(s[key], self)
            setattr(self, key, edit)
            self.form.addRow(labels[key], edit)
            edit.textChanged.connect(self.refresh)

    def changed(self) -> dict[str, str]:
        return {k: v for k, v in self.values().items() if v != self.initial.get(k)}

    def compute(self) -> None:
        errors = []
        for key, value in self.values().items():
            widget = getattr(self, key)
            try:
                self.field(widget, partial(book.normalise_setting, key, value))
            except UserError as exc:
                errors.append(str(exc))
        if errors:
            raise UserError("\n".join(errors))

    def post(self) -> str:
        book.set_settings(self.changed())
        return translate("Acerto", "Settings saved.")


def _machine(typed: str) -> str:
    """An amount typed in the window's locale in the book's stored form
    ("1.234,56" -> "1234.56"); text that is no amount goes on as typed, for
    the setting's own check to name."""
    try:
        return book.currency().fmt(i18n.parse_money(typed))
    except UserError:
        return typed.strip()
