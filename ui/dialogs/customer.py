"""New customer: code, name, payment terms, address, tax id, e-mail, and the
language of the documents sent to them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.errors import UserError
from app.read import panes
from app.services import book, customers
from ui import i18n
from ui.context import BookContext
from ui.dialogs.base import PostingDialog
from ui.i18n import translate


class CustomerDialog(PostingDialog):
    ok_text = "Add customer"

    def __init__(self, ctx: BookContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("Acerto", "New customer"), parent)
        self.setMinimumWidth(520)
        self.code = QLineEdit(self)
        self.code.setMaxLength(40)
        self.name = QLineEdit(self)
        self.terms = QLineEdit(self)
        self.terms.setPlaceholderText(
            translate("Acerto", "Book default: {terms}").format(terms=book.setting("default_terms"))
        )
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(70)
        self.tax_id = QLineEdit(self)
        self.email = QLineEdit(self)
        self.language = language_box(self)
        self.terms_preview = QLabel(self)
        self.terms_preview.setStyleSheet("color: #555;")
        self.form.addRow(translate("Acerto", "&Code:"), self.code)
        self.form.addRow(translate("Acerto", "&Name:"), self.name)
        self.form.addRow(translate("Acerto", "Payment &terms:"), self.terms)
        self.form.addRow("", self.terms_preview)
        self.form.addRow(translate("Acerto", "&Address:"), self.address)
        self.form.addRow(translate("Acerto", "Ta&x id:"), self.tax_id)
        self.form.addRow(translate("Acerto", "&E-mail:"), self.email)
        self.form.addRow(translate("Acerto", "Documents in &language:"), self.language)
        for w in (self.code, self.name, self.terms, self.tax_id, self.email):
            w.textChanged.connect(self.refresh)
        self.finish_layout()

    def compute(self) -> None:
        code = self.code.text().strip()
        self.terms_preview.setText("")

        def check_code() -> str:
            if not code:
                raise UserError(translate("Acerto", "Type a customer code, e.g. ACME."))
            if (known := panes.customer(code)) is not None and known.code == code:
                raise UserError(
                    translate("Acerto", 'There is already a customer with code "{code}".').format(
                        code=code
                    )
                )
            return code

        self.field(self.code, check_code)

        def check_name() -> str:
            if not self.name.text().strip():
                raise UserError(translate("Acerto", "Type the customer's name."))
            return self.name.text()

        self.field(self.name, check_name)
        text = self.terms.text().strip()
        if text:
            normal = self.field(self.terms, lambda: panes.check_terms(text))
            self.terms_preview.setText(
                translate("Acerto", "Understood as: {terms}").format(terms=normal)
            )

    def post(self) -> str:
        c = customers.add_customer(
            self.code.text(),
            self.name.text(),
            self.terms.text().strip() or None,
            address=self.address.toPlainText().strip(),
            tax_id=self.tax_id.text().strip(),
            email=self.email.text().strip(),
            language=str(self.language.currentData() or ""),
        )
        return translate("Acerto", "Customer {code} added.").format(code=c.code)


def language_box(parent: QWidget) -> QComboBox:
    """The language of a customer's documents: the book's (stored as "") or one of them."""
    box = QComboBox(parent)
    book_lang = i18n.LANGUAGES.get(book.setting("language"), book.setting("language"))
    box.addItem(translate("Acerto", "The book's ({language})").format(language=book_lang), "")
    for code, name in i18n.LANGUAGES.items():
        box.addItem(name, code)
    return box
