"""Stored sentences as older books wrote them, read as the rules word them now.

A settlement's explanation is stored in the book's language (`B_()`), and
`check --replay` and the exchange workbook's import compare each stored
explanation with the one the rules write again. When a sentence is reworded
(its English or a translation), a book written before still holds the former
words: they are listed here, each with the sentence it became, so that the
comparison reads a former wording as the present one instead of calling the
history changed. Figures, dates and every other word are still compared.

Each entry is (language, the sentence's msgid now, its words then); the words
then keep the sentence's placeholders. A placeholder matches any text, except
`{until}`, which is a date as the book writes it (a former wording may end in it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from app.i18n import translations

_PAID_BACK = (
    "no cash discount: the money covers the whole balance of {bal}, so the invoice is settled "
    "at full value (the customer did not deduct the discount the terms allow, {note}, and the "
    "book grants no cash discount when an invoice is paid in full)"
)
_FULL_DISCOUNT = "{bal} × {p} / 100 = {full}, cash discount, {p} % until {until}"
_PARTIAL_DISCOUNT = (
    "{money} × {p} / {pct} = {discount}, partial-payment discount, {p} % until {until}"
)

FORMER: tuple[tuple[str, str, str], ...] = (
    # Until fix16: the setting's raw name and value inside the sentence.
    (
        "en",
        _PAID_BACK,
        "no cash discount: the money covers the whole balance of {bal}, so the invoice is "
        "settled at full value (the customer did not deduct the discount the terms allow, "
        "{note}; book setting discount_when_paid_in_full is no)",
    ),
    (
        "pt_BR",
        _PAID_BACK,
        "sem desconto financeiro: o dinheiro cobre todo o saldo de {bal}, então a fatura é "
        "liquidada pelo valor integral (o cliente não deduziu o desconto que as condições "
        "permitem, {note}; a configuração do livro discount_when_paid_in_full é no)",
    ),
    (
        "es",
        _PAID_BACK,
        "sin descuento por pronto pago: el dinero cubre todo el saldo de {bal}, así que la "
        "factura se liquida por su valor íntegro (el cliente no dedujo el descuento que "
        "permiten las condiciones, {note}; el ajuste del libro discount_when_paid_in_full es no)",
    ),
    # Until fix16, Spanish said "hasta 12/11/2026" here and "hasta el" elsewhere.
    (
        "es",
        _FULL_DISCOUNT,
        "{bal} × {p} / 100 = {full}, descuento por pronto pago, {p} % hasta {until}",
    ),
    (
        "es",
        _PARTIAL_DISCOUNT,
        "{money} × {p} / {pct} = {discount}, descuento sobre pago parcial, {p} % hasta {until}",
    ),
)

_DATE = r"\d\d/\d\d/\d{4}|\d{4}-\d\d-\d\d"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(words: str) -> re.Pattern[str]:
    """`words` as a pattern: its text literally, each placeholder a named group
    (the same group again where a placeholder repeats)."""
    parts: list[str] = []
    seen: set[str] = set()
    last = 0
    for m in _PLACEHOLDER.finditer(words):
        parts.append(re.escape(words[last : m.start()]))
        name = m.group(1)
        if name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            parts.append(f"(?P<{name}>{_DATE if name == 'until' else '.+?'})")
        last = m.end()
    parts.append(re.escape(words[last:]))
    return re.compile("".join(parts))


@cache
def _rewordings() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (_pattern(then), translations(lang).gettext(msgid)) for lang, msgid, then in FORMER
    )


def present_wording(text: str) -> str:
    """`text` with every former wording it holds put in the present one."""
    for pattern, now in _rewordings():
        if pattern.search(text):
            text = pattern.sub(_in(now), text)
    return text


def _in(now: str) -> Callable[[re.Match[str]], str]:
    """A former wording's match written in the present wording, with its figures."""

    def write(m: re.Match[str]) -> str:
        return now.format(**m.groupdict())

    return write


def same_but_wording(stored: object, again: object) -> bool:
    """True when the stored text differs from the one written again only by wordings
    the rules have since changed."""
    if not isinstance(stored, str) or not isinstance(again, str):
        return False
    return present_wording(stored) == again
