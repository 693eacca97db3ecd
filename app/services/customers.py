"""Customers: master data, edited in place (they are not posted documents)."""

from __future__ import annotations

from peewee import IntegrityError

from app.errors import UserError
from app.i18n import language_of
from app.rules import limits
from app.rules.terms import parse_terms
from app.services import book
from app.services.documents import get_customer
from models import fast
from models.db import LostRace, database
from models.tables import (
    Customer,
)


def add_customer(
    code: str,
    name: str,
    terms: str | None = None,
    address: str = "",
    tax_id: str = "",
    email: str = "",
    language: str = "",
) -> Customer:
    code = limits.check_text("code", str(code).strip())
    if not code:
        raise UserError("A customer needs a code.")
    where = f"of customer {code}"
    name = limits.check_text("name", str(name).strip(), where)
    if not name:
        raise UserError(f'The customer "{code}" needs a name.')
    address = limits.check_text("address", address, where)
    tax_id = limits.check_text("tax_id", tax_id, where)
    email = limits.check_text("email", email, where)
    language = customer_language(language)
    with database.atomic():
        if fast.get_by(Customer, Customer.code, code) is not None:
            raise UserError(f'There is already a customer with code "{code}".')
        terms_row = book.stored_terms(parse_terms(terms)) if terms else None
        try:
            return fast.create(
                Customer,
                code=code,
                name=name,
                terms=terms_row,
                address=address,
                tax_id=tax_id,
                email=email,
                language=language,
            )
        except IntegrityError as exc:
            # Another clerk added the same code since we looked (PostgreSQL):
            # the action runs again and then refuses with the sentence above.
            raise LostRace(f"customer {code} added meanwhile") from exc


def update_customer(code: str, **fields: str) -> Customer:
    """Customers are master data, not posted documents: they may be edited."""
    with database.atomic():
        c = get_customer(code)
        for key in ("name", "address", "tax_id", "email"):
            if key in fields and fields[key] is not None:
                value = limits.check_text(key, str(fields[key]).strip(), f"of customer {code}")
                setattr(c, key, value)
        if not c.name:
            raise UserError(f'The customer "{code}" needs a name.')
        if fields.get("terms"):
            c.terms = book.stored_terms(parse_terms(fields["terms"]))
        if fields.get("language") is not None:
            c.language = customer_language(fields["language"])
        fast.save(c)
        return c


def customer_language(text: str | None) -> str:
    """A customer's language as stored: one of the book's languages, or ""
    for the book's own (typed "pt-BR", "pt_br" or "book" are understood)."""
    typed = str(text or "").strip()
    if typed.lower() in ("", "book", "default"):
        return ""
    return language_of(typed)


def document_language(code: str) -> str:
    """The language of documents sent to customer `code`: theirs, else the book's."""
    return get_customer(code).language or book.setting("language")
