"""The window's first start: no book at the default place yet, so one is made on purpose.

Company, currency (a searchable list of the ISO 4217 codes Qt's CLDR data
knows, with their names), interface language, default terms, and "fill with
a demo book". "Create book" checks every value in app/ before the file
exists (app/services/new_book.py): a refusal is shown in the dialog and
leaves nothing behind; Cancel creates nothing.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rules.money import Currency
from app.services import book
from app.services.new_book import create_book
from ui import i18n
from ui.i18n import translate


@lru_cache(maxsize=4)
def currency_names(language: str = "en") -> dict[str, str]:
    """ISO code -> name, from every locale Qt knows: the name in `language`'s
    locales when one uses the currency, else in English, else in a locale
    written in Latin letters, else none (the code alone: the interface's
    fonts need not cover every script)."""
    want = QLocale(language).language()
    rank: dict[str, tuple[int, str]] = {}
    for loc in QLocale.matchingLocales(
        QLocale.Language.AnyLanguage, QLocale.Script.AnyScript, QLocale.Country.AnyCountry
    ):
        code = loc.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode)
        name = loc.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyDisplayName)
        if len(code) != 3 or not code.isalpha():
            continue
        if loc.language() == want:
            score = 0
        elif loc.language() == QLocale.Language.English:
            score = 1
        elif loc.script() == QLocale.Script.LatinScript:
            score = 2
        else:
            score, name = 3, ""
        if code not in rank or score < rank[code][0]:
            rank[code] = (score, name)
    return {code: rank[code][1] for code in sorted(rank)}


class FirstStartDialog(QDialog):
    """Make the book at `url`; `accepted` once it exists and is open."""

    def __init__(self, url: str, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.today = today or date.today()
        self.setWindowTitle(translate("Acerto", "Welcome to Acerto"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            translate("Acerto", "There is no book yet. Acerto will create it at:")
            + f"\n{book.book_label(url)}",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.company = QLineEdit(self)
        self.company.setPlaceholderText(translate("Acerto", "as printed on invoices and PDFs"))
        form.addRow(translate("Acerto", "Company:"), self.company)
        self.currency = self._currency_box()
        form.addRow(translate("Acerto", "Currency:"), self.currency)
        self.language = QComboBox(self)
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(i18n.language()), 0))
        form.addRow(translate("Acerto", "Language:"), self.language)
        self.terms = QLineEdit("net 30", self)
        self.terms.setPlaceholderText(translate("Acerto", 'e.g. "net 30" or "2% 10, net 30"'))
        form.addRow(translate("Acerto", "Default terms:"), self.terms)
        self._add_company_details(form)
        self.demo = QCheckBox(translate("Acerto", "Fill with a demo book to try things out"), self)
        form.addRow(self.demo)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: 600;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(translate("Acerto", "Create book"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add_company_details(self, form: QFormLayout) -> None:
        """Address, tax id, IBAN and logo: optional, printed on every customer document."""
        self.address = QPlainTextEdit(self)
        self.address.setPlaceholderText(translate("Acerto", "optional; printed on documents"))
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.address.setTabChangesFocus(True)
        form.addRow(translate("Acerto", "Address:"), self.address)
        self.tax_id = QLineEdit(self)
        form.addRow(translate("Acerto", "Tax id:"), self.tax_id)
        self.iban = QLineEdit(self)
        self.iban.setPlaceholderText(translate("Acerto", "optional; where customers pay"))
        form.addRow(translate("Acerto", "IBAN:"), self.iban)
        self.logo = QLineEdit(self)
        self.logo.setPlaceholderText(translate("Acerto", "optional PNG, JPEG or SVG file"))
        choose = QPushButton(translate("Acerto", "Choose…"), self)
        choose.clicked.connect(self._choose_logo)
        row = QHBoxLayout()
        row.addWidget(self.logo, 1)
        row.addWidget(choose)
        form.addRow(translate("Acerto", "Logo:"), row)

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            translate("Acerto", "Company logo"),
            "",
            translate("Acerto", "Images (*.png *.jpg *.jpeg *.svg)"),
        )
        if path:
            self.logo.setText(path)

    def company_details(self) -> dict[str, str]:
        return {
            "company_address": self.address.toPlainText(),
            "company_tax_id": self.tax_id.text(),
            "company_iban": self.iban.text(),
            "company_logo": self.logo.text(),
        }

    def _currency_box(self) -> QComboBox:
        box = QComboBox(self)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in currency_names(i18n.choose_language()).items():
            box.addItem(f"{code} — {name}" if name else code, code)
        box.setCurrentIndex(max(box.findData("EUR"), 0))
        completer = QCompleter(box.model(), box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # "real", "BRL" or "brasil"
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        box.setCompleter(completer)
        return box

    def currency_code(self) -> str:
        """The chosen code: the listed entry typed or picked, else what was typed."""
        text = self.currency.currentText().strip()
        index = self.currency.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.currency.itemData(index))
        return text.split(" ")[0] if text else ""

    def accept(self) -> None:
        try:
            self._create()
        except UserError as exc:
            self.error.setText(str(exc))
            return
        super().accept()

    def _create(self) -> None:
        code = self.currency_code()
        if self.demo.isChecked() and Currency.of(code).places != 2:
            raise UserError(
                f"The demo book is written in a currency with cents; {code} has none. "
                "Untick the demo or choose another currency."
            )
        language = str(self.language.currentData())
        create_book(
            self.url,
            code,
            self.company.text(),
            self.terms.text(),
            language,
            details=self.company_details(),
        )
        QSettings().setValue("language", language)
        i18n.install(language)
        if self.demo.isChecked():
            from app.demo import make_demo

            make_demo(today=self.today)
