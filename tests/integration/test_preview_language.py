"""A preview of a text the book will store reads entirely in the book's language,
its placeholders too, whatever language the window speaks (issue 10): an English
book previewed from a pt_BR window said "Credit note (número ao lançar) of 50.00"."""

from __future__ import annotations

from app import i18n
from app.services import book as book_service
from app.services import credit_notes
from tests.builders import D, day, make_invoice


def test_a_credit_note_preview_is_in_the_books_language(book) -> None:  # type: ignore[no-untyped-def]
    inv = make_invoice("100.00", on=day(1))
    with i18n.language("pt_BR"):
        said = credit_notes.preview_credit_note(inv.number, day(2), D("50.00"))
    text = said.settlement.explanation
    assert text.startswith("Credit note (number on posting) of 50.00"), text
    assert "número" not in text
    book_service.set_setting("language", "pt_BR")
    said = credit_notes.preview_credit_note(inv.number, day(2), D("50.00"))  # an English reader
    text = said.settlement.explanation
    assert "(número ao lançar)" in text and "50,00" in text, text
    assert "number on posting" not in text
