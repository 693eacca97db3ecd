"""What is open in the book as the bank matcher reads it (issue 11): the facts of
open invoices and refunds as columns (`OpenFacts`), names and document numbers
folded for comparing, and the arithmetic of discount windows that sieves which
amounts may settle a balance. No database; app/rules/bank_open.py indexes these
for matching (`MatchBook`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from app.rules.frozen import quick_init
from app.rules.money import Currency
from app.rules.settlement import OpenInvoice
from app.rules.terms import Terms, parse_terms

HUNDRED = Decimal(100)
NAME_CUTOFF = 85  # rapidfuzz token_set_ratio a name must reach (0-100)


@quick_init  # made for every open invoice a run of proposals touches
@dataclass(frozen=True)
class OpenItem:
    customer: str  # the customer's code
    invoice: OpenInvoice


@dataclass(frozen=True)
class OpenRefund:
    number: str
    customer: str
    amount: Decimal  # still to pay out


# What `OpenFacts.fetch` gives for each number asked: (number, date, due date, total,
# discount taken, terms), dates as `date` or ISO text, terms as `Terms` or text.
Fetched = tuple[str, Any, Any, int, int, Any]


@dataclass(frozen=True)
class OpenFacts:
    """The open invoices as columns, row i of each column one invoice: amounts in
    minor units, dates as `date` or ISO text (SQLite's), terms as `Terms` or text.

    With `fetch`, the book was read lean: `dates` to `terms` start empty (dicts
    by row) and are filled from `fetch(numbers)` for the rows asked about;
    `all_terms` then names every terms text the open invoices have."""

    numbers: Sequence[str]
    customers: Sequence[str]  # codes
    dates: Any  # a sequence, or a dict by row when lean
    due_dates: Any
    totals: Any
    balances: Any  # changed as lines are accepted (`settled`)
    taken: Any  # net cash discount so far
    terms: Any
    fetch: Callable[[Sequence[str]], Iterable[Fetched]] | None = None
    all_terms: Collection[Any] = ()
    grouped: bool = False  # each customer's rows together (by balance, as read)

    @classmethod
    def lean(
        cls,
        numbers: Sequence[str],
        customers: Sequence[str],
        balances: Any,
        fetch: Callable[[Sequence[str]], Iterable[Fetched]],
        all_terms: Collection[Any],
        grouped: bool = False,
    ) -> OpenFacts:
        return cls(numbers, customers, {}, {}, {}, balances, {}, {}, fetch, all_terms, grouped)


def facts_of(items: Sequence[OpenItem], cur: Currency) -> OpenFacts:
    inv = [i.invoice for i in items]
    return OpenFacts(
        [i.number for i in inv],
        [i.customer for i in items],
        [i.date for i in inv],
        [i.due_date for i in inv],
        [cur.to_minor(i.total) for i in inv],
        [cur.to_minor(i.balance) for i in inv],
        [cur.to_minor(i.discount_taken) for i in inv],
        [i.terms for i in inv],
    )


_LEGAL = re.compile(r"\b(?:sl|slu|sa|lda|ltda|me|eireli|unipessoal|cb|sc|scp|e|y|and)\b")


# Letters written apart, as fixed-width bank files spell initials and legal forms
# ("S L", "G M E"): joined into one word ("sl", "gme"), as "S.L." and "G.M.E." fold.
_SPELLED = re.compile(r"\b[a-z](?: [a-z]\b)+")


def fold(text: str) -> str:
    """Text compared without accents, case, punctuation, legal forms ("S.L.",
    "Lda", "Ltda", also spelled "S L") or extra spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    plain = re.sub(r"[.'’]", "", plain)
    plain = re.sub(r"[^0-9a-z]+", " ", plain.replace("&", " "))
    plain = _SPELLED.sub(lambda m: m.group().replace(" ", ""), plain)
    return " ".join(_LEGAL.sub(" ", plain).split())


# The words a bank's free text says around a payer's name ("TRANSFERENCIA TALERES
# ORTEGA", "Pagamento faturas novembro MERCEARIA SAO JOAO"), folded: what the
# transfer is, of which documents, when. The text's name is what is left.
_BANK_WORDS_TEXT = """
    transferencia transferencias transf trf tfr transfer ted doc pix sepa
    pago pagos pagamento pagamentos pagto pgto pag payment recibo recibos ingreso
    abono deposito devolucion devolucao reembolso cobro cobranca credito orden
    ordenante concepto fra fras fact factura facturas fatura faturas fat nf nota
    notas invoice invoices inv ref referencia cuenta conta cta num numero nr n no
    de del da do dos das la el los las para por a en em of to
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
    diciembre janeiro fevereiro marco maio junho julho setembro outubro novembro
    dezembro january february march april may june july august september october
    november december
"""
_BANK_WORDS = frozenset(_BANK_WORDS_TEXT.split())


def name_in_text(text: str) -> str:
    """The part of a line's free text that can be a payer's name: `fold`ed, without
    the bank's own words (`_BANK_WORDS`) or any word with a digit (numbers, IBANs)."""
    return " ".join(
        w for w in fold(text).split() if w not in _BANK_WORDS and not any(c.isdigit() for c in w)
    )


_NUMBER = re.compile(r"^([A-Za-z]+)-0*(\d+)$")


def number_key(number: str) -> tuple[str, int] | None:
    """("INV", 12) for "INV-000012"; None for a number of another form."""
    m = _NUMBER.match(number)
    return None if m is None else (m.group(1).upper(), int(m.group(2)))


@lru_cache(maxsize=256)
def _terms(text: str) -> Terms:
    return parse_terms(text or "net 0")


@lru_cache(maxsize=256)
def _tiers(terms: Terms | str) -> tuple[tuple[int, int], ...]:
    """(percent in hundredths, days) of each discount tier."""
    t = terms if isinstance(terms, Terms) else _terms(terms)
    return tuple((int(x.percent * HUNDRED), x.days) for x in t.tiers)


def _off(balance: int, hundredths: int) -> int:
    """The balance less a tier's discount, as the sieve reckons it (minor units)."""
    return balance - (balance * hundredths + 5000) // 10000


def _least(hundredths: int, target: int) -> int:
    """The least balance b >= 0 with _off(b) >= target. _off rises by 0 or 1 as b
    rises by 1 and stays within half a unit of b * c (c = 1 - hundredths / 10000),
    so the answer lies between (target - 1/2) / c - 1 and (target + 1/2) / c + 2."""
    d = 10000 - hundredths
    a = max((2 * target - 1) * 10000 // (2 * d) - 1, 0)
    z = max((2 * target + 1) * 10000 // (2 * d) + 2, 0)
    while a < z:
        m = (a + z) // 2
        if m - (m * hundredths + 5000) // 10000 >= target:  # _off(m), inline
            z = m
        else:
            a = m + 1
    return a


@lru_cache(maxsize=4096)
def _windows(hundredths: tuple[int, ...], lo: int, hi: int) -> tuple[tuple[int, int], ...]:
    """The balances whose ask lies in [lo, hi]: the balance itself, or the balance
    less a discount of each percent given (one window of balances each)."""
    out = [(lo, hi)]
    for h in hundredths:
        first, last = _least(h, lo), _least(h, hi + 1) - 1
        if first <= last:
            out.append((first, last))
    return tuple(out)


_from_iso = date.fromisoformat


def day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
