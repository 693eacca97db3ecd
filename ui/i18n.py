"""Interface language and locale-aware display of amounts and dates.

Strings are marked with `translate("Acerto", ...)` so pyside6-lupdate finds
them (resources/i18n/acerto_*.ts, built to .qm with pyside6-lrelease). The
language comes from a QSettings value, else the system locale; amounts and
dates are shown, and typed amounts read, in the interface language's
locale through app/formats.py (Babel's CLDR data; the exact Decimal is
formatted, never a float). QLocale is set to the same locale so Qt's own
widgets agree. English amounts and dates are written here without Babel
(the same text; tests/ui/test_start_costs.py): app/formats.py and Babel
(about 30 ms to import) load when a window in another language, or a typed
amount, first needs them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QSettings, QTranslator

from app import i18n as engine_i18n
from app.rules.money import Currency

translate = QCoreApplication.translate

LANGUAGES = {"en": "English", "pt_BR": "Português (Brasil)", "es": "Español"}
I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"

_installed: list[QTranslator] = []
_currency: Currency = Currency.of("EUR")
_language = "en"
ISO_DATE = "yyyy-MM-dd"  # app.formats.ISO_DATE: English dates are ISO 8601


def T(text: str) -> str:
    """Translate a string already marked elsewhere (status words, column titles)."""
    return translate("Acerto", text)


def choose_language(setting: str | None = None) -> str:
    """The language to use: an explicit choice, the saved one, else the system's."""
    if setting in LANGUAGES:
        return setting  # type: ignore[return-value]
    saved = QSettings().value("language", "")
    if isinstance(saved, str) and saved in LANGUAGES:
        return saved
    name = QLocale.system().name()  # pt_BR, es_ES, en_US
    if name.startswith("pt"):
        return "pt_BR"
    if name.startswith("es"):
        return "es"
    return "en"


def install(language: str | None = None) -> str:
    """Load the translations for `language` into the running application."""
    global _language
    app = QCoreApplication.instance()
    lang = choose_language(language)
    _language = lang
    for tr in _installed:
        if app is not None:
            app.removeTranslator(tr)
    _installed.clear()
    locale = {
        "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
        "pt_BR": QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil),
        "es": QLocale(QLocale.Language.Spanish, QLocale.Country.Spain),
    }[lang]
    QLocale.setDefault(locale)
    if lang != "en" and app is not None:
        ours = QTranslator()
        if ours.load(str(I18N_DIR / f"acerto_{lang}.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
        qt = QTranslator()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{lang}", qt_dir):
            app.installTranslator(qt)
            _installed.append(qt)
    # The engine's sentences shown in the window (refusals, explanations,
    # report texts) follow the window's language too (app/i18n.py).
    engine_i18n.set_language(lang)
    return lang


def set_currency(currency: Currency) -> None:
    global _currency
    _currency = currency


def currency() -> Currency:
    return _currency


def language() -> str:
    """The interface language (en, pt_BR, es) amounts and dates are shown in."""
    return _language


def _decimal(value: Decimal | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def money(value: Decimal | str | None, symbol: bool = False) -> str:
    """An amount in the interface locale: 1,234.50 / 1.234,50."""
    if value is None or value == "":
        return ""
    if _language == "en" and not symbol:
        return _english(_decimal(value))
    from app import formats

    return formats.amount(_decimal(value), _currency, _language, symbol=symbol)


def count(n: int) -> str:
    """A number of things in the interface locale: 1,000,000 / 1.000.000."""
    if _language == "en":
        return f"{n:,}"
    from babel.numbers import format_decimal

    from app import formats

    return str(format_decimal(n, locale=formats.locale_of(_language)))


def _english(value: Decimal) -> str:
    """formats.amount in English (en_US: "1,234.50", "-98.00", never "-0.00") without
    Babel: the window's first paint need not load its locale data (tests/ui/test_start_costs.py
    holds the two to the same text)."""
    exact = _currency.round(value)
    if exact == 0:
        exact = abs(exact)
    return f"{exact:,.{_currency.places}f}"


def money_input(value: Decimal | str) -> str:
    """An amount as a person would type it back: the locale's decimal
    separator, no grouping ("98,00" in pt_BR)."""
    from app import formats

    text = formats.amount(_decimal(value), _currency, _language)
    return text.replace(formats.separators(_language)[1], "")


def parse_money(text: str, what: str = "") -> Decimal:
    """An amount typed in the interface locale ("1.234,56" in pt_BR); a
    UserError naming `what` (already translated) when it is not one."""
    from app import formats

    return formats.parse_amount(text, _currency, what, _language)


def date_format() -> str:
    """The locale's short numeric date (dd/MM/yyyy; ISO yyyy-MM-dd in English),
    in the letters QDateEdit takes (CLDR's and Qt's agree on d, M and y)."""
    if _language == "en":
        return ISO_DATE
    from app import formats

    return formats.date_pattern(_language)


def day(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    if _language == "en":
        return d.isoformat()  # what Babel writes for yyyy-MM-dd, without its pattern engine
    from app import formats

    return formats.day(d, _language)


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def quantity(text: str) -> str:
    from app import formats

    return str(text).replace(".", formats.separators(_language)[0])


# Words stored in the book, shown translated. Listed once so lupdate sees them.
_WORDS = {
    "draft": translate("Acerto", "draft"),
    "posted": translate("Acerto", "posted"),
    "partially_settled": translate("Acerto", "partially settled"),
    "settled": translate("Acerto", "settled"),
    "corrected": translate("Acerto", "corrected"),
    "open": translate("Acerto", "open"),
    "partially_invoiced": translate("Acerto", "partially invoiced"),
    "invoiced": translate("Acerto", "invoiced"),
    "cancelled": translate("Acerto", "cancelled"),
    "invoice": translate("Acerto", "invoice"),
    "standalone": translate("Acerto", "standalone invoice"),
    "credit_note": translate("Acerto", "credit note"),
    "corrective": translate("Acerto", "corrective invoice"),
    "payment": translate("Acerto", "payment"),
    "billed": translate("Acerto", "billed"),
    "not_chargeable": translate("Acerto", "not chargeable"),
    "receivables": translate("Acerto", "receivables"),
    "bank": translate("Acerto", "bank"),
    "sales": translate("Acerto", "sales"),
    "cash_discount": translate("Acerto", "cash discount"),
    "over_underpayment": translate("Acerto", "over/underpayment"),
    "refunds_payable": translate("Acerto", "refunds payable"),
    "customer_advances": translate("Acerto", "customer advances"),
    "unbilled": translate("Acerto", "unbilled"),
    "bank transfer": translate("Acerto", "bank transfer"),
}


def word(key: str | None) -> str:
    """A stored status, kind or account name in the interface language."""
    if not key:
        return ""
    source = {
        "partially_settled": "partially settled",
        "partially_invoiced": "partially invoiced",
        "standalone": "standalone invoice",
        "credit_note": "credit note",
        "corrective": "corrective invoice",
        "not_chargeable": "not chargeable",
        "cash_discount": "cash discount",
        "over_underpayment": "over/underpayment",
        "refunds_payable": "refunds payable",
        "customer_advances": "customer advances",
    }.get(key, key)
    return translate("Acerto", source)


# Texts reaching translate() through a variable (button captions, preview
# figure titles, payment methods): listed here so lupdate extracts them.
_MARKED = (
    translate("Acerto", "Post"),
    translate("Acerto", "Add customer"),
    translate("Acerto", "Post order"),
    translate("Acerto", "Post invoice"),
    translate("Acerto", "Post payment"),
    translate("Acerto", "Post credit note"),
    translate("Acerto", "Post correction"),
    translate("Acerto", "Post change"),
    translate("Acerto", "Cancel order"),
    translate("Acerto", "Save settings"),
    translate("Acerto", "Unsettle"),
    translate("Acerto", "Settle"),
    translate("Acerto", "Lines"),
    translate("Acerto", "Discount"),
    translate("Acerto", "Order total"),
    translate("Acerto", "Total"),
    translate("Acerto", "Terms"),
    translate("Acerto", "Due"),
    translate("Acerto", "Cash discount until"),
    translate("Acerto", "Already invoiced"),
    translate("Acerto", "Left to invoice"),
    translate("Acerto", "This invoice"),
    translate("Acerto", "Settled from order money"),
    translate("Acerto", "Credit"),
    translate("Acerto", "Reduces the balance by"),
    translate("Acerto", "Cash discount reversed"),
    translate("Acerto", "Owed to the customer"),
    translate("Acerto", "Open balance"),
    translate("Acerto", "Change in what is owed"),
    translate("Acerto", "Old total"),
    translate("Acerto", "New total"),
    translate("Acerto", "Invoiced"),
    translate("Acerto", "Received"),
    translate("Acerto", "Refund"),
    translate("Acerto", "Amount"),
    translate("Acerto", "Cash discount"),
    translate("Acerto", "Write-off"),
    translate("Acerto", "Full settlement"),
    translate("Acerto", "Order"),
    translate("Acerto", "Corrects"),
    translate("Acerto", "Credits"),
    translate("Acerto", "card"),
    translate("Acerto", "cash"),
    translate("Acerto", "cheque"),
    translate("Acerto", "direct debit"),
)

# The Bank view's column titles and filter choices (ui/dialogs/bank.py translates them
# through a variable).
_MARKED_BANK = (
    translate("Acerto", "Line"),
    translate("Acerto", "Booked"),
    translate("Acerto", "Counterparty"),
    translate("Acerto", "Text"),
    translate("Acerto", "Proposal"),
    translate("Acerto", "Confidence"),
    translate("Acerto", "Unmatched"),
    translate("Acerto", "Matched"),
    translate("Acerto", "on"),  # "Line 3: 120.00 on 03/03/2026"
)
