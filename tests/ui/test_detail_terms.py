"""The window states an invoice's terms as a sentence in the reader's language
(issue 10: terms text through the catalogue), the stored code only as a fallback."""

from __future__ import annotations

from app import i18n
from ui.detail import _terms_in_words


def test_terms_read_as_words_in_the_readers_language() -> None:
    try:
        i18n.set_language("pt_BR")
        words = _terms_in_words("2% 10, net 30")
        assert "2% de desconto" in words and "10 dias" in words and "30 dias" in words
        i18n.set_language("es")
        assert "descuento" in _terms_in_words("2% 10, net 30")
        i18n.set_language("en")
        assert _terms_in_words("2% 10, net 30") == (
            "2% discount if paid within 10 days; net 30 days"
        )
        assert _terms_in_words("gibberish") == "gibberish"
    finally:
        i18n.set_language("en")
