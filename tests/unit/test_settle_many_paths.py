"""Issue 7 (speed held): the demo's shortcuts through `settle_many` change nothing.

The demo hands `settle_many` the payments and the invoices it has just made
(`held`: not read again), asks for no settlement instances (`made=False`),
and the cached figures of rows still waiting in the write batch are changed
where they wait in one step (models/fast_bulk.py `save_queued_many`, from
models/locks.py `save_guarded_many`).

The property: random runs of settlement requests (good ones and refused ones:
another customer's invoice, an invoice named twice, too much asked, a waiver
of nothing) against invoices and payments made in the same batch give the
same outcomes, place by place, and the same book, row by row, as the plain
path, where every row is read from the book, every settlement is made into an
instance and every guarded figure goes through `update_queued`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import UserError
from app.services import book, customers, invoices, payments, settlements
from app.services.invoices import InvoiceIn
from app.services.payments import PaymentIn
from app.services.settlements import SettleIn
from models import fast, fast_bulk
from models.db import LostRace, close_db, database
from models.locks import save_guarded_many
from models.tables import Invoice, Payment
from tests.builders import dump_book, open_memory_book

CODES = ("C1", "C2")
START = date(2026, 3, 2)
AMOUNTS = ("100.00", "98.00", "49.50", "0.30", "250.00")


def _book() -> None:
    open_memory_book()
    book.initialise("EUR", "Lote, Lda")
    book.set_setting("max_underpayment", "0.50")
    book.set_setting("max_overpayment", "0.50")
    customers.add_customer("C1", "Uno", terms="2% 10, net 30")
    customers.add_customer("C2", "Dos", terms="net 15")


def _stored() -> dict[str, list[tuple[Any, ...]]]:
    """The book's rows, the invoices' posting stamps left out (when, not what)."""
    rows = dump_book()
    at = [f.name for f in Invoice._meta.sorted_fields].index("posted_at")
    rows["invoice"] = [r[:at] + r[at + 1 :] for r in rows["invoice"]]
    return rows


@contextlib.contextmanager
def _plain() -> Iterator[None]:
    """Every guarded figure by its UPDATE statement (what waits sent first), as
    without `save_queued_many`."""
    with mock.patch.object(fast_bulk, "save_queued_many", lambda b, rows: list(rows)):
        yield


def _outcome(result: Any) -> tuple[str, str | None]:
    return ("refused", str(result)) if isinstance(result, UserError) else ("done", None)


def _run(scenario: dict[str, Any], shortcuts: bool) -> list[tuple[str, str | None]]:
    """Make the scenario's invoices and payments and settle its requests, in one batch."""
    start = START
    with database.atomic(), book.batch(), book.together():
        made_invoices = invoices.create_invoices(
            InvoiceIn(CODES[c], start + timedelta(days=d), amount=Decimal(a))
            for c, d, a in scenario["invoices"]
        )
        made_payments = payments.record_payments(
            PaymentIn(CODES[c], start + timedelta(days=d), Decimal(a))
            for c, d, a in scenario["payments"]
        )
        numbers = [inv.number for inv in made_invoices if not isinstance(inv, UserError)]
        sources = [p.number for p in made_payments if not isinstance(p, UserError)]
        requests = [
            SettleIn(
                sources[p % len(sources)],
                tuple(numbers[i % len(numbers)] for i in named),
                amount=None if amount is None else Decimal(amount),
                full_settlement=waive,
                on=None if d is None else start + timedelta(days=d),
                no_discount=no_discount,
            )
            for p, named, amount, waive, d, no_discount in scenario["requests"]
        ]
        if shortcuts:
            held = [r for r in [*made_payments, *made_invoices] if not isinstance(r, UserError)]
            done = settlements.settle_many(requests, held=held, made=False)
            assert all(r is None for r in done if not isinstance(r, UserError))
        else:
            with _plain():
                done = settlements.settle_many(requests)
            assert all(isinstance(r, list | UserError) for r in done)
        return [_outcome(r) for r in done]


scenarios = st.fixed_dictionaries(
    {
        "invoices": st.lists(
            st.tuples(st.sampled_from((0, 0, 1)), st.integers(0, 5), st.sampled_from(AMOUNTS)),
            min_size=1,
            max_size=6,
        ),
        "payments": st.lists(
            st.tuples(st.sampled_from((0, 0, 1)), st.integers(0, 25), st.sampled_from(AMOUNTS)),
            min_size=1,
            max_size=6,
        ),
        "requests": st.lists(
            st.tuples(
                st.integers(0, 5),
                # None named: the customer's open ones; one named twice now and then.
                st.sampled_from((0, 1, 2, 3)).flatmap(
                    lambda k: (
                        st.just([0, 0])
                        if k == 0
                        else st.lists(st.integers(0, 5), max_size=3, unique=True)
                    )
                ),
                st.sampled_from((None, None, "10.00", "0.01", "1000.00")),
                st.sampled_from((False, False, True)),
                st.none() | st.integers(0, 30),  # None: on the payment's date
                st.booleans(),
            ),
            min_size=1,
            max_size=8,
        ),
    }
)


@settings(max_examples=40, deadline=None)
@given(scenarios)
def test_settle_many_with_rows_held_decides_and_writes_as_the_plain_path(
    scenario: dict[str, Any],
) -> None:
    results = []
    for shortcuts in (False, True):
        _book()
        try:
            results.append((_run(scenario, shortcuts), _stored()))
        finally:
            close_db()
    (plain, plain_book), (short, short_book) = results
    assert short == plain
    assert short_book == plain_book


@pytest.mark.parametrize("plain", [False, True])
def test_a_queued_row_that_changed_is_a_lost_race_either_way(plain: bool) -> None:
    """The guard holds for a row changed where it waits: what was read no longer
    matches, and nothing is written."""
    _book()
    try:
        with database.atomic(), book.batch():
            pay = payments.create_payment("C1", START, Decimal("10.00"))
            inv = invoices.create_invoice("C1", START, amount=Decimal("10.00"))
            read = {"settled": inv.settled, "discount_taken": inv.discount_taken}
            inv.settled = 500
            fast.update(Invoice, inv.id, settled=1)  # another change, where it waits
            with _plain() if plain else contextlib.nullcontext():
                # Where it waits, the row is named; by a statement, the statement.
                said = "a row changed" if plain else f"invoice {inv.id} changed"
                with pytest.raises(LostRace, match=said):
                    save_guarded_many([(inv, read)])
                again = fast.get(Invoice, inv.id)
                assert again.settled == 1  # untouched by the refused save
                pay.applied = 300
                save_guarded_many([(pay, {"applied": 0, "refunded": 0})])
                assert fast.get(Payment, pay.id).applied == 300
                assert not pay._dirty  # saved: nothing left to send
    finally:
        close_db()
