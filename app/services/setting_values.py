"""What each setting of the book may hold (SPEC §1): its default, its check and
its stored form (`normalise_setting`), and which settings the rules read (kept in
the setting history). app/services/book.py reads and changes them.
"""

from __future__ import annotations

from app.errors import UserError
from app.i18n import _
from app.rules import limits
from app.rules.money import Currency
from app.rules.terms import parse_terms
from app.services import book_language, company_details
from models.tables import Invoice, Payment

DEFAULTS: dict[str, str] = {
    "company_name": "",
    "company_address": "",
    "company_tax_id": "",
    **company_details.DEFAULTS,  # IBAN, logo, reminders (issue 13)
    "currency": "EUR",
    "default_terms": "net 30",
    "discount_on_partial_payments": "yes",
    "discount_on_credit_notes": "yes",
    "max_underpayment": "0.00",
    "max_overpayment": "0.00",
    "full_settlement_allowed": "yes",
    "discount_when_paid_in_full": "no",
    "aging_basis": "due",
    "aging_buckets": "30,60,90,120",
    # The book's language: of the documents sent to a customer without one, and of
    # the sentences the book stores (settlement explanations, journal texts: B_()).
    "language": "en",
}
BOOLEAN_KEYS = {
    "discount_on_partial_payments",
    "discount_on_credit_notes",
    "full_settlement_allowed",
    "discount_when_paid_in_full",
}
# A yes/no setting's value as typed: the English words scripts use, and yes and no in
# the book's other languages (Portuguese, Spanish; "no" is both English and Spanish).
YES = ("yes", "true", "on", "1", "sim", "sí", "si")
NO = ("no", "false", "off", "0", "não", "nao")
AMOUNT_KEYS = {"max_underpayment", "max_overpayment"}
# The text limits (app/rules/limits.py) of the settings that are a company's fields.
SETTING_TEXT = {"company_name": "name", "company_address": "address", "company_tax_id": "tax_id"}
# The settings a posting's outcome depends on: their changes are kept in the
# setting history, so a replay meets every posting with the values of its time.
RULE_KEYS = frozenset(
    {
        "default_terms",
        "discount_on_partial_payments",
        "discount_on_credit_notes",
        "max_underpayment",
        "max_overpayment",
        "full_settlement_allowed",
        "discount_when_paid_in_full",
        # The stored sentences of each posting are in the language of its time.
        "language",
    }
)


def aging_buckets(text: str) -> tuple[int, ...]:
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    try:
        days = tuple(int(p) for p in parts)
    except ValueError:
        raise UserError(
            _('Aging buckets "{text}" must be whole numbers of days like 30,60,90,120.').format(
                text=text
            )
        ) from None
    if not days or any(d <= 0 for d in days) or list(days) != sorted(set(days)):
        raise UserError(
            _('Aging buckets "{text}" must be increasing positive days like 30,60,90,120.').format(
                text=text
            )
        )
    return days


def normalise_setting(key: str, value: str) -> str:
    """Check one setting's value and return its stored form."""
    from app.services import book  # which imports this module for its settings

    if key not in DEFAULTS:
        known = ", ".join(DEFAULTS)
        raise UserError(
            _('There is no setting "{key}". The settings are: {known}.').format(
                key=limits.quote(key), known=known
            )
        )
    value = limits.check_text(
        SETTING_TEXT.get(key, "setting"),
        str(value).strip(),
        what=_("setting {key}").format(key=key),
    )
    if key in BOOLEAN_KEYS:
        low = value.lower()
        if low not in YES + NO:
            raise UserError(
                _('The setting {key} takes yes or no, not "{value}".').format(key=key, value=value)
            )
        return "yes" if low in YES else "no"
    if key in AMOUNT_KEYS:
        amount = book.currency().parse(value, key.replace("_", " "))
        if amount < 0:
            raise UserError(_("The setting {key} cannot be negative.").format(key=key))
        return book.currency().fmt(amount)
    if key == "currency":
        code = Currency.of(value).code
        if code != book.setting("currency") and (
            Invoice.select().exists() or Payment.select().exists()
        ):
            raise UserError(
                _(
                    "The currency cannot change once the book has invoices or payments; start a new book for another currency."
                )
            )
        return code
    if key == "default_terms":
        return parse_terms(value).text
    if key == "aging_basis":
        if value not in ("due", "invoice"):
            raise UserError(
                _('The setting aging_basis takes "due" or "invoice", not "{value}".').format(
                    value=value
                )
            )
        return value
    if key == "aging_buckets":
        return ",".join(str(d) for d in aging_buckets(value))
    if key == "language":
        return book_language.checked(value)
    if key in company_details.CHECKS:
        return company_details.CHECKS[key](value)
    return value
