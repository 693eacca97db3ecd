"""The window's language setting reaches the engine's sentences (app/i18n.py)."""

from __future__ import annotations

import pytest

from app import i18n as engine
from app.errors import UserError
from app.rules.terms import parse_terms


def test_window_language_is_the_engines(qtbot):  # type: ignore[no-untyped-def]
    from ui import i18n

    try:
        assert i18n.install("es") == "es"
        assert engine.current() == "es"
        with pytest.raises(UserError, match="Las condiciones de pago están vacías"):
            parse_terms("")
        i18n.install("pt_BR")
        with pytest.raises(UserError, match="As condições de pagamento estão vazias"):
            parse_terms("")
    finally:
        i18n.install("en")
    assert engine.current() == "en"
    with pytest.raises(UserError, match="The payment terms are empty"):
        parse_terms("")
