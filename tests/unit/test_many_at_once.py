"""The services' many-at-once forms decide each row exactly as the one-row call.

`record_payments` and `create_invoices` take many rows in one call (the
demo, the import, bank accept-all); each row must come out as the one-row
service (`create_payment`, `create_invoice`) would have made it, in its own
place among the results, with refusals in between written nowhere. The
property runs random runs of good and bad rows through both and compares
the results place by place and the two books row by row.
"""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import UserError
from app.services import book, customers, invoices, numbering, orders, payments
from app.services.invoices import InvoiceIn, LineInput
from app.services.payments import PaymentIn
from models import fast_bulk
from models.db import close_db, database
from models.tables import Invoice
from tests.builders import dump_book, open_memory_book

CODES = ("C1", "C2", "NOBODY")
DAYS = (date(2026, 3, 1), date(2026, 3, 9), date(1800, 1, 1))
AMOUNTS = ("100.00", "0.01", "0", "-5.00", "98.00", "1000000000000")


def _book() -> None:
    """A book with two customers and one open order of C1's (SO-000001)."""
    open_memory_book()
    book.initialise("EUR", "Lote, Lda")
    customers.add_customer("C1", "Uno", terms="2% 10, net 30")
    customers.add_customer("C2", "Dos", terms="net 15")
    orders.create_order("C1", date(2026, 3, 1), [LineInput("Horas", Decimal(2), Decimal(50))])


def _stored() -> dict[str, list[tuple[Any, ...]]]:
    """The book's rows, the invoices' posting stamps left out (when, not what)."""
    rows = dump_book()
    at = [f.name for f in Invoice._meta.sorted_fields].index("posted_at")
    rows["invoice"] = [r[:at] + r[at + 1 :] for r in rows["invoice"]]
    return rows


def _outcome(result: Any) -> tuple[str, str | None]:
    if isinstance(result, UserError):
        return ("refused", str(result))
    return ("made", None if result is None else result.number)


def _one_by_one(call: Any, rows: list[Any]) -> list[tuple[str, str | None]]:
    out = []
    for row in rows:
        try:
            with book.transaction():
                out.append(_outcome(call(row)))
        except UserError as e:
            out.append(_outcome(e))
    return out


def _together(many: Any, rows: list[Any]) -> list[tuple[str, str | None]]:
    with contextlib.ExitStack() as stack:
        stack.enter_context(database.atomic())
        stack.enter_context(book.batch())
        return [_outcome(r) for r in many(rows)]


def _same_either_way(one: Any, many: Any, rows: list[Any], *, numbers: bool = True) -> None:
    """`numbers=False`: what was made is compared in the book only (the many-at-once
    form was asked for no instances)."""
    _book()
    try:
        alone = _one_by_one(one, rows)
        book_alone = _stored()
    finally:
        close_db()
    _book()
    try:
        together = _together(many, rows)
        if not numbers:
            alone = [o if o[0] == "refused" else ("made", None) for o in alone]  # type: ignore[misc]
        assert together == alone
        assert _stored() == book_alone
    finally:
        close_db()


payment_rows = st.lists(
    st.builds(
        PaymentIn,
        customer=st.sampled_from(CODES),
        on=st.sampled_from(DAYS),
        amount=st.sampled_from(AMOUNTS).map(Decimal),
        reference=st.sampled_from(("", "TRF 1", "bad\x00ref")),
        number=st.sampled_from((None, None, "PAY-000007", "OWN-1")),
        # Named, or hypothesis fills a named tuple's defaulted fields with anything.
        order=st.none(),
        method=st.sampled_from(("bank transfer", "bank transfer", "cash", "bad\x1fway")),
        split_of=st.none(),
    ),
    min_size=1,
    max_size=8,
)


def _pay(row: PaymentIn) -> Any:
    return payments.create_payment(
        row.customer,
        row.on,
        row.amount,
        reference=row.reference,
        method=row.method,
        number=row.number,
    )


@settings(max_examples=40, deadline=None)
@given(payment_rows)
def test_record_payments_decides_each_row_as_create_payment(rows: list[PaymentIn]) -> None:
    # Numbers kept from a workbook are unique there: a repeated one is the plan's refusal.
    seen: set[str] = set()
    rows = [r for r in rows if r.number is None or not (r.number in seen or seen.add(r.number))]
    _same_either_way(_pay, payments.record_payments, rows)


@settings(max_examples=25, deadline=None)
@given(payment_rows)
def test_record_payments_asked_for_no_instances_writes_the_same(rows: list[PaymentIn]) -> None:
    seen: set[str] = set()
    rows = [r for r in rows if r.number is None or not (r.number in seen or seen.add(r.number))]
    _same_either_way(_pay, lambda rs: payments.record_payments(rs, made=False), rows, numbers=False)


line = st.builds(
    LineInput,
    description=st.sampled_from(("Horas", "", "Caixa")),
    quantity=st.sampled_from(("1", "2.5", "0")).map(Decimal),
    unit_price=st.sampled_from(("10.00", "0", "-1.00", "33.33")).map(Decimal),
)
invoice_rows = st.lists(
    st.builds(
        InvoiceIn,
        customer=st.sampled_from(CODES),
        on=st.sampled_from(DAYS),
        lines=st.one_of(st.none(), st.lists(line, max_size=3)),
        amount=st.sampled_from((None, None, "50.00", "0")).map(lambda a: a and Decimal(a)),
        order=st.sampled_from((None, None, None, "SO-000001", "SO-999")),
        terms=st.sampled_from((None, None, "net 60", "nonsense terms")),
    ),
    min_size=1,
    max_size=8,
)


def _invoice(row: InvoiceIn) -> Any:
    return invoices.create_invoice(
        row.customer, row.on, row.lines, row.amount, row.order, terms=row.terms
    )


@settings(max_examples=40, deadline=None)
@given(invoice_rows)
def test_create_invoices_decides_each_row_as_create_invoice(rows: list[InvoiceIn]) -> None:
    _same_either_way(_invoice, invoices.create_invoices, rows)


def test_rows_read_together_are_found_by_their_number() -> None:
    """`get_many_by` gives the stored rows under the value asked for (it once keyed
    them by id: every settlement of a many-at-once call then read its invoice again)."""
    _book()
    try:
        first = invoices.create_invoice("C1", date(2026, 3, 2), amount=Decimal("10.00"))
        with database.atomic(), book.batch():
            queued = invoices.create_invoice("C2", date(2026, 3, 3), amount=Decimal("20.00"))
            found = fast_bulk.get_many_by(
                Invoice, Invoice.number, [first.number, queued.number, "INV-999999"]
            )
        assert sorted(found) == sorted([first.number, queued.number])
        assert found[first.number].id == first.id and found[queued.number].id == queued.id
    finally:
        close_db()


def test_rows_read_whole_hold_what_peewee_reads() -> None:
    """The fast loader's instances hold every field as peewee's select makes it (its
    dates made once a stored day, models/fast_rows.py: read twice, the same)."""
    _book()
    try:
        made = [
            invoices.create_invoice(code, day, amount=Decimal("10.00"))
            for code, day in [
                ("C1", date(2026, 3, 2)),
                ("C2", date(2026, 3, 2)),
                ("C1", date(2026, 4, 30)),
            ]
        ]
        numbers = [inv.number for inv in made]
        for _twice in range(2):
            found = fast_bulk.get_many_by(Invoice, Invoice.number, numbers)
            for number in numbers:
                assert found[number].__data__ == Invoice.get(Invoice.number == number).__data__
        assert found[numbers[0]].discount_date == date(2026, 3, 12)
        assert found[numbers[1]].discount_date is None and found[numbers[2]].date == date(
            2026, 4, 30
        )
    finally:
        close_db()


def _numbered(numbers: list[str | None], start: int, batched: bool) -> tuple[list[str], str]:
    """The numbers given `numbers` take, and the series' next number after them."""
    _book()
    try:
        with database.atomic():
            for _ in range(start):
                numbering.next_number("payment")
            with book.batch() if batched else contextlib.nullcontext():
                got = numbering.numbers_for("payment", numbers)
                return got, numbering.next_number("payment")
    finally:
        close_db()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            (None, "PAY-000003", "PAY-000010", "PAY-000002", "OWN-1", "PAY-12", "pay-000099")
        ),
        max_size=5,
    ),
    st.integers(0, 12),
)
def test_numbers_for_many_in_a_batch_are_number_for_each(
    numbers: list[str | None], start: int
) -> None:
    """The series held by a batch (numbers_for, a quick way when every number is
    kept, as an import's are) moves as number_for moves it one number at a time."""
    kept = [n for i, n in enumerate(numbers) if n is None or n not in numbers[:i]]
    assert _numbered(kept, start, batched=True) == _numbered(kept, start, batched=False)
