"""Words a pt_BR or es reader met raw or ungrammatical (trial 16).

The engine's sentences named a setting by its key and value ("book setting
discount_when_paid_in_full is no"), said "1 clientes" and "problem(s)", and the
Spanish catalogue wrote "2 % hasta 12/11" beside "hasta el 12/11". These scan the
catalogue as a family: a new sentence of the same kind fails here.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog

from app import catalogue
from app.exchange.former_wordings import FORMER, present_wording
from app.i18n import language, translations
from app.read.invariants import Money
from app.rules.money import Currency
from app.services.setting_values import RULE_KEYS

# The refusals of `settings set KEY VALUE`: they quote the key the user typed.
QUOTES_THE_TYPED_KEY = {
    'The setting {key} takes yes or no, not "{value}".',
    'The setting aging_basis takes "due" or "invoice", not "{value}".',
}
# "(s)" sentences of the bank commands, whose files are being changed on other
# branches: they say their counts with ngettext there (trial 16's report lists them).
# The settings' keys as a sentence could show them (language's is a plain word).
RAW_KEYS = sorted(k for k in RULE_KEYS | {"aging_basis", "aging_buckets"} if "_" in k)


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalogue.extract(catalogue.ROOT)


def _ids(template: Catalog) -> list[str]:
    return [i for m in template if m.id for i in ((m.id,) if isinstance(m.id, str) else m.id)]


def test_no_sentence_names_a_setting_by_its_key(template: Catalog) -> None:
    raw = [
        i
        for i in _ids(template)
        if i not in QUOTES_THE_TYPED_KEY and any(k in re.sub(r"\{\w+\}", "", i) for k in RAW_KEYS)
    ]
    assert raw == []
    for lang in catalogue.TRANSLATED:
        said = catalogue.read(catalogue.po_path(lang), lang)
        for m in said:
            if not m.id or m.id in QUOTES_THE_TYPED_KEY:
                continue
            strings = (m.string,) if isinstance(m.string, str) else m.string
            for s in strings:
                assert not any(k in re.sub(r"\{\w+\}", "", s) for k in RAW_KEYS), (lang, s)
                assert not re.search(r"\b(é|es) (no|yes)\)", s), (lang, s)


def test_counts_agree_with_their_nouns(template: Catalog) -> None:
    """A "{count} thing(s)" sentence is an ngettext pair."""
    bare = [i for i in _ids(template) if "(s)" in i]
    assert bare == []


def test_spanish_says_hasta_el_before_a_date() -> None:
    es = catalogue.read(catalogue.po_path("es"), "es")
    strings = [
        s for m in es if m.id for s in ((m.string,) if isinstance(m.string, str) else m.string)
    ]
    assert [s for s in strings if re.search(r"hasta \{", s)] == []
    assert any("% hasta el {until}" in s for s in strings)


def test_yes_and_no_in_the_readers_words() -> None:
    assert [translations(lang).gettext(w) for lang in ("pt_BR", "es") for w in ("yes", "no")] == [
        "sim",
        "não",
        "sí",
        "no",
    ]


# ---------------------------------------------------------------- former wordings

SAMPLE = {
    "bal": "1.234,56",
    "note": "1.234,56 × 2 / 100 = 24,69, desconto, 2 % até 11/11/2026",
    "p": "2",
    "full": "24,69",
    "until": "11/11/2026",
    "money": "499,00",
    "pct": "98",
    "discount": "10,18",
}


@pytest.mark.parametrize("entry", FORMER, ids=lambda e: f"{e[0]}:{e[1][:30]}")
def test_a_former_wording_reads_as_the_present_one(entry: tuple[str, str, str]) -> None:
    lang, msgid, then = entry
    now = translations(lang).gettext(msgid)
    if lang != "en":  # the sentence is still one the rules write, and translated
        assert now != msgid
    assert now != then
    before, after = "50,00 de PAY-000002 para INV-000005 (saldo 50,00): ", "; fatura liquidada."
    stored = before + then.format(**SAMPLE) + after
    assert present_wording(stored) == before + now.format(**SAMPLE) + after
    # The present wording stays as it is, and a changed figure is still a difference.
    assert (
        present_wording(before + now.format(**SAMPLE) + after)
        == before + now.format(**SAMPLE) + after
    )
    changed = stored.replace("11/11/2026", "12/11/2026")
    assert present_wording(changed) != before + now.format(**SAMPLE) + after


def test_the_former_sentences_are_in_the_catalogue(template: Catalog) -> None:
    ids = set(_ids(template))
    assert {msgid for _lang, msgid, _then in FORMER} <= ids


def test_check_says_amounts_in_the_readers_format() -> None:
    m = Money(Currency.of("EUR"))
    with language("pt_BR"):
        assert m(123456) == "1.234,56"
    with language("es"):
        assert m(1234567) == "12.345,67"
    with language("en"):
        assert m(123456) == "1234.56"
