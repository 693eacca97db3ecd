"""A new book, made on purpose: the window's first start (and any face that asks).

Only `acerto init`, `acerto demo` and this make a book file; everything else
refuses a missing one (book.refuse_missing_book). Every value is checked
before the file is created, so a refused value leaves nothing behind.
"""

from __future__ import annotations

from app.errors import UserError
from app.i18n import _
from app.rules import limits
from app.rules.money import Currency
from app.services import book

# The company's optional details a customer document prints (issue 13).
DETAIL_KEYS = ("company_address", "company_tax_id", "company_iban", "company_logo")


def create_book(
    url: str,
    currency: str,
    company: str,
    terms: str = "",
    language: str = "",
    details: dict[str, str] | None = None,
) -> None:
    """Make and open the book at `url` with its currency, company, default terms,
    language (the setting `language`, when given) and the company's optional
    `details` (DETAIL_KEYS), in one transaction. Refused, creating nothing, when a
    value is wrong or a book is already there."""
    location = book.book_location(url)
    code = Currency.of(currency).code
    name = book.normalise_setting("company_name", company)
    stored_terms = book.normalise_setting("default_terms", terms) if terms.strip() else ""
    stored_language = book.normalise_setting("language", language) if language else ""
    extra = {
        key: book.normalise_setting(key, value)
        for key, value in (details or {}).items()
        if key in DETAIL_KEYS and value.strip()
    }
    path = book.book_file(location)
    if path is not None and not book.is_empty_file(path):
        raise UserError(
            _("A book is already at {book_label}; open it instead.").format(
                book_label=limits.escape(book.book_label(location))
            )
        )
    book.open_book(location)
    with book.transaction():
        book.initialise(code, name)
        if stored_terms:
            book.set_setting("default_terms", stored_terms)
        if stored_language:
            book.set_setting("language", stored_language)
        for key, value in extra.items():
            book.set_setting(key, value)
