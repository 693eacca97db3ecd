"""The book: opening it, its settings, numbering series and stored terms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.errors import UserError
from app.rules.money import Currency
from app.rules.settlement import Params
from app.rules.terms import Terms, parse_terms
from models.db import database, init_db
from models.tables import (
    Counter,
    Customer,
    Invoice,
    Payment,
    PaymentTerms,
    PaymentTermsTier,
    Setting,
)

DEFAULTS: dict[str, str] = {
    "company_name": "",
    "company_address": "",
    "company_tax_id": "",
    "currency": "EUR",
    "default_terms": "net 30",
    "discount_on_partial_payments": "yes",
    "discount_on_credit_notes": "yes",
    "max_underpayment": "0.00",
    "max_overpayment": "0.00",
    "full_settlement_allowed": "yes",
    "aging_basis": "due",
    "aging_buckets": "30,60,90,120",
}
BOOLEAN_KEYS = {"discount_on_partial_payments", "discount_on_credit_notes", "full_settlement_allowed"}
AMOUNT_KEYS = {"max_underpayment", "max_overpayment"}

SERIES_PREFIX = {
    "invoice": "INV",
    "standalone": "INV",
    "credit_note": "CN",
    "corrective": "CI",
    "order": "SO",
    "payment": "PAY",
    "refund": "REF",
    "draft": "DRAFT",
}


def transaction() -> Any:
    """One transaction around several service calls (the demo; each call nests in it)."""
    return database.atomic()


def open_book(url: str) -> None:
    """Open (creating and migrating as needed) the book at `url`."""
    init_db(url)


def settings() -> dict[str, str]:
    stored = {s.key: s.value for s in Setting.select()}
    values = {key: stored.get(key, default) for key, default in DEFAULTS.items()}
    cur = Currency.of(values["currency"])
    for key in AMOUNT_KEYS:  # shown with the book currency's decimals
        values[key] = cur.fmt(cur.round(Decimal(values[key])))
    return values


def setting(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else DEFAULTS[key]


def currency() -> Currency:
    return Currency.of(setting("currency"))


def params() -> Params:
    s = settings()
    cur = Currency.of(s["currency"])
    return Params(
        discount_on_partial_payments=s["discount_on_partial_payments"] == "yes",
        discount_on_credit_notes=s["discount_on_credit_notes"] == "yes",
        max_underpayment=cur.parse(s["max_underpayment"]),
        max_overpayment=cur.parse(s["max_overpayment"]),
        full_settlement_allowed=s["full_settlement_allowed"] == "yes",
    )


def aging_buckets(text: str) -> tuple[int, ...]:
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    try:
        days = tuple(int(p) for p in parts)
    except ValueError:
        raise UserError(f'Aging buckets "{text}" must be whole numbers of days like 30,60,90,120.') from None
    if not days or any(d <= 0 for d in days) or list(days) != sorted(set(days)):
        raise UserError(f'Aging buckets "{text}" must be increasing positive days like 30,60,90,120.')
    return days


def normalise_setting(key: str, value: str) -> str:
    """Check one setting's value and return its stored form."""
    if key not in DEFAULTS:
        known = ", ".join(DEFAULTS)
        raise UserError(f'There is no setting "{key}". The settings are: {known}.')
    value = str(value).strip()
    if key in BOOLEAN_KEYS:
        low = value.lower()
        if low not in ("yes", "no", "true", "false", "on", "off", "1", "0"):
            raise UserError(f'The setting {key} takes yes or no, not "{value}".')
        return "yes" if low in ("yes", "true", "on", "1") else "no"
    if key in AMOUNT_KEYS:
        amount = currency().parse(value, key.replace("_", " "))
        if amount < 0:
            raise UserError(f"The setting {key} cannot be negative.")
        return currency().fmt(amount)
    if key == "currency":
        code = Currency.of(value).code
        if code != setting("currency") and (
            Invoice.select().exists() or Payment.select().exists()
        ):
            raise UserError(
                "The currency cannot change once the book has invoices or payments; "
                "start a new book for another currency."
            )
        return code
    if key == "default_terms":
        return parse_terms(value).text
    if key == "aging_basis":
        if value not in ("due", "invoice"):
            raise UserError(f'The setting aging_basis takes "due" or "invoice", not "{value}".')
        return value
    if key == "aging_buckets":
        return ",".join(str(d) for d in aging_buckets(value))
    return value


def set_setting(key: str, value: str) -> str:
    """Change one setting (one user action, one transaction)."""
    with database.atomic():
        stored = normalise_setting(key, value)
        Setting.insert(key=key, value=stored).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: stored}
        ).execute()
    return stored


def set_settings(values: dict[str, str]) -> dict[str, str]:
    """Change several settings at once (the settings dialog's OK)."""
    with database.atomic():
        for key, value in values.items():
            set_setting(key, value)
    return settings()


def initialise(currency_code: str = "EUR", company: str = "") -> None:
    """Set a new book's currency and company (refused once it has documents)."""
    with database.atomic():
        set_setting("currency", currency_code)
        if company:
            set_setting("company_name", company)


def next_number(series: str) -> str:
    """The next number of a series; call inside the posting transaction."""
    prefix = SERIES_PREFIX[series]
    Counter.insert(name=prefix, value=0).on_conflict_ignore().execute()
    Counter.update(value=Counter.value + 1).where(Counter.name == prefix).execute()
    value = Counter.get(Counter.name == prefix).value
    return f"{prefix}-{value:06d}"


def stored_terms(terms: Terms) -> PaymentTerms:
    row = PaymentTerms.get_or_none(PaymentTerms.text == terms.text)
    if row is None:
        row = PaymentTerms.create(text=terms.text, net_days=terms.net_days)
        for seq, tier in enumerate(terms.tiers, start=1):
            PaymentTermsTier.create(
                terms=row, seq=seq, percent_bp=int(tier.percent * 100), days=tier.days
            )
    return row


def customer_terms(customer: Customer) -> Terms:
    if customer.terms is not None:
        return parse_terms(customer.terms.text)
    return parse_terms(setting("default_terms"))


def percent_from_bp(bp: int) -> Decimal:
    """2% is stored as 200; gives Decimal('2'), Decimal('10'), Decimal('1.5')."""
    value = Decimal(bp) / 100
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
