"""The status bar's counts are written as the interface's language writes numbers."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ui import i18n
from ui.status_totals import totals_text


@pytest.fixture
def language() -> Iterator[None]:
    held = i18n._language
    yield
    i18n._language = held


@pytest.mark.parametrize(
    ("lang", "shown"), [("en", "1,000,000"), ("pt_BR", "1.000.000"), ("es", "1.000.000")]
)
def test_a_million_documents_has_its_thousands_marked(
    language: None, lang: str, shown: str
) -> None:
    i18n._language = lang
    t = SimpleNamespace(
        count=1_000_000, amount=Decimal(0), open=Decimal(0), overdue=Decimal(0), overdue_count=2_500
    )
    for kind in ("invoices", "orders", "payments"):
        assert totals_text(kind, t).startswith(shown)
    assert f"({i18n.count(2_500)})" in totals_text("invoices", t)
