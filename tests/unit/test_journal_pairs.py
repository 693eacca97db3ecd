"""`journal.post_pairs` (entries of one amount, in minor units: invoices' and
payments' entries) writes exactly what `post_entries` writes of the same
entries made with `dr_cr`, and refuses what it refuses with the same words:
any amount (negative, zero, at and beyond the book's limit), any date (also
outside the years the book accepts), several entries at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import UserError
from app.rules.limits import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT
from app.services import book, customers, invoices, journal, payments
from models.db import close_db, database
from tests.builders import open_memory_book

LIMIT = int(MAX_AMOUNT * 100)  # minor units of EUR

amounts = st.one_of(
    st.integers(-10_000, 10_000),
    st.sampled_from([0, LIMIT - 1, LIMIT, -LIMIT + 1, -LIMIT, LIMIT + 5]),
)
days = st.dates(date(FIRST_YEAR - 2, 1, 1), date(LAST_YEAR + 2, 12, 31))
entries = st.lists(
    st.tuples(days, amounts, st.sampled_from(["invoice", "payment"])), min_size=1, max_size=6
)


def _posted(write: Any) -> tuple[Any, ...]:
    """What `write(cur, docs)` leaves in a new book's journal, or the refusal's words."""
    open_memory_book()
    try:
        book.initialise("EUR", "Diário, Lda")
        customers.add_customer("C1", "Açores Pescas")
        docs = {
            "invoice": invoices.create_invoice("C1", date(2026, 1, 5), amount=Decimal(1)).id,
            "payment": payments.create_payment("C1", date(2026, 1, 6), Decimal(1)).id,
        }
        first = database.execute_sql("SELECT max(id) FROM journal_entry").fetchone()[0]
        try:
            with database.atomic():
                write(book.currency(), docs)
        except UserError as e:
            return ("refused", str(e))
        heads = database.execute_sql(
            "SELECT id, date, description, invoice_id, payment_id, settlement_id, refund_id,"
            " order_id FROM journal_entry WHERE id > ? ORDER BY id",
            (first,),
        ).fetchall()
        lines = database.execute_sql(
            "SELECT entry_id, account, debit, credit FROM journal_line WHERE entry_id > ?"
            " ORDER BY id",
            (first,),
        ).fetchall()
        return ("posted", heads, lines)
    finally:
        close_db()


@settings(max_examples=60, deadline=None)
@given(entries)
def test_pairs_post_what_entries_of_dr_cr_post(rows: list[tuple[date, int, str]]) -> None:
    def as_entries(cur: Any, docs: dict[str, int]) -> None:
        journal.post_entries(
            cur,
            [
                journal.Entry(
                    on,
                    f"{kind} {n}",
                    journal.dr_cr("1200", "4100", cur.from_minor(amount)),
                    {kind: docs[kind]},
                )
                for n, (on, amount, kind) in enumerate(rows)
            ],
        )

    def as_pairs(cur: Any, docs: dict[str, int]) -> None:
        journal.post_pairs(
            cur,
            [
                (on, f"{kind} {n}", "1200", "4100", amount, kind, docs[kind])
                for n, (on, amount, kind) in enumerate(rows)
            ],
        )

    assert _posted(as_pairs) == _posted(as_entries)
