"""Every credit note of a period read in one pass (`acerto pdf credit-note --all`, issue 12).

`app.read.report_data.credit_note_data` reads one credit note in six
queries (the note, its customer, the invoice it credits, its lines, the
first settlement on that invoice, the company); a batch of 1,000 spent a
third of its time there. Here the same `CreditNoteData` come from five
queries per run of `CHUNK` credit notes, each the same rows the single
read takes (tests/integration/test_pdf_credit_note_all.py holds them
equal), paired with the language each is written in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from app.read.report_data import (
    CreditNoteData,
    DocLine,
    Party,
    _party,
    company,
    credit_note_numbers,
    credit_note_of,
    doc_line,
)
from app.services import book
from models.tables import Customer, Invoice, InvoiceLine, Settlement

CHUNK = 500  # credit notes per run of queries (well under SQLite's 32,766 parameters)


def credit_notes(
    date_from: date | None = None, date_to: date | None = None
) -> tuple[int, Iterator[tuple[CreditNoteData, str]]]:
    """How many posted credit notes are dated in the range, and each one's data with
    its customer's document language, in `credit_note_numbers`' order. Read inside
    `book.reading()`; the iterator reads as it goes."""
    numbers = credit_note_numbers(date_from, date_to)
    return len(numbers), _each(numbers)


def _each(numbers: list[str]) -> Iterator[tuple[CreditNoteData, str]]:
    sender = company()
    book_lang = book.setting("language")
    for start in range(0, len(numbers), CHUNK):
        yield from _chunk(numbers[start : start + CHUNK], sender, book_lang)


def _chunk(
    numbers: list[str], sender: Party, book_lang: str
) -> Iterator[tuple[CreditNoteData, str]]:
    cur = book.currency()
    notes = {n.number: n for n in Invoice.select().where(Invoice.number.in_(numbers))}
    ids = [n.id for n in notes.values()]
    customers = {
        c.id: c
        for c in Customer.select().where(Customer.id.in_({n.customer_id for n in notes.values()}))
    }
    target_ids = {n.credits_id or n.corrects_id for n in notes.values()} - {None}
    targets = {t.id: t for t in Invoice.select().where(Invoice.id.in_(target_ids or {0}))}
    lines: dict[int, list[DocLine]] = defaultdict(list)
    for ln in (
        InvoiceLine.select()
        .where(InvoiceLine.invoice.in_(ids))
        .order_by(InvoiceLine.invoice, InvoiceLine.seq)
    ):
        lines[ln.invoice_id].append(doc_line(cur, ln))
    first: dict[tuple[int | None, int], Settlement] = {}
    for s in (
        Settlement.select()
        .where(Settlement.credit_note.in_(ids) & Settlement.reverses.is_null())
        .order_by(Settlement.id)
    ):
        first.setdefault((s.credit_note_id, s.invoice_id), s)
    for number in numbers:
        cn = notes[number]
        target_id = cn.credits_id or cn.corrects_id
        target = targets.get(target_id) if target_id else None
        settled = first.get((cn.id, target.id)) if target is not None else None
        customer = customers[cn.customer_id]
        party = _party(customer)
        data = credit_note_of(cur, sender, cn, party, target, tuple(lines.get(cn.id, ())), settled)
        yield data, customer.language or book_lang
