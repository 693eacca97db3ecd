"""The write batch (models/batch.py) changes when rows are sent, never what is written.

- the services' state machine of test_invariants run with every example
  in one transaction and one batch: each refused action still changes
  nothing, and every invariant holds after every step (the checks read
  the book, so they see exactly what the queue held);
- a demo book made with the batch is identical, row for row and id for
  id, to one made without it;
- the savepoint cases one at a time: a refusal whose rows are all queued,
  one whose savepoint was already sent, and series counters restored.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.demo import make_demo
from app.errors import UserError
from app.services import book, customers, invoices, payments, settlements
from models import fast
from models.batch import Batch
from models.db import close_db, database
from models.tables import Invoice, JournalLine, Payment, Settlement
from tests.builders import dump_book, open_memory_book
from tests.unit.test_invariants import BookMachine, machine_settings


class BatchedBookMachine(BookMachine):
    """The same user actions, all inside one transaction and one write batch."""

    def open_book(self) -> None:
        open_memory_book()
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(database.atomic())
        batch = self._stack.enter_context(book.batch(load=True))  # sort indexes set aside
        assert batch is not None, "the in-memory SQLite book takes a batch"

    def teardown(self) -> None:
        self._stack.close()
        close_db()


BatchedBookMachine.TestCase.settings = machine_settings(10)
TestBatchedBookInvariants = BatchedBookMachine.TestCase


_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$")


def _demo_rows(monkeypatch: pytest.MonkeyPatch, batched: bool) -> dict[str, list[tuple[Any, ...]]]:
    open_memory_book()
    book.initialise("EUR", "Batch, Lda")
    if not batched:
        monkeypatch.setattr(book, "batch", lambda **_: contextlib.nullcontext())
    try:
        make_demo(customers=8, invoices=120, seed=5, today=date(2026, 6, 30))
        # The moment a row was written is the clock's, not the batch's.
        return {
            table: [
                tuple(_STAMP.sub("<stamp>", v) if isinstance(v, str) else v for v in row)
                for row in rows
            ]
            for table, rows in dump_book().items()
        }
    finally:
        monkeypatch.undo()
        close_db()


def test_a_demo_made_in_a_batch_is_the_same_book(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _demo_rows(monkeypatch, batched=False)
    batched = _demo_rows(monkeypatch, batched=True)
    assert sum(len(rows) for rows in plain.values()) > 1000
    for table in plain:
        assert batched[table] == plain[table], table


@pytest.fixture
def batched_book() -> Any:
    open_memory_book()
    book.initialise("EUR", "Batch, Lda")
    customers.add_customer("C1", "Açores Pescas", terms="2% 10, net 30")
    with database.atomic(), book.batch() as b:
        yield b
    close_db()


def test_a_refusal_drops_only_its_own_queued_rows(batched_book: Any) -> None:
    payments.create_payment("C1", date(2026, 3, 1), Decimal("10.00"))
    sent = len(batched_book.rows)  # the first call read each table's largest id
    payments.create_payment("C1", date(2026, 3, 1), Decimal("15.00"))
    queued = len(batched_book.rows)
    assert queued - sent == 4  # payment, journal entry, two lines: still waiting
    with pytest.raises(UserError):
        payments.create_payment("C1", date(2026, 3, 2), Decimal("-1"))
    assert len(batched_book.rows) == queued
    pay = payments.create_payment("C1", date(2026, 3, 3), Decimal("20.00"))
    assert pay.number == "PAY-000003"  # the refused call took no number
    rows = dump_book()
    assert [r[1] for r in rows["payment"]] == ["PAY-000001", "PAY-000002", "PAY-000003"]
    assert [r[0] for r in rows["payment"]] == [1, 2, 3]


def test_a_refusal_after_its_savepoint_was_sent_rolls_it_back(batched_book: Any) -> None:
    inv = invoices.create_invoice("C1", date(2026, 3, 1), amount=Decimal("100.00"))
    pay = payments.create_payment("C1", date(2026, 3, 2), Decimal("100.00"))
    before = dump_book()  # a read: the queue is sent
    assert not batched_book.rows
    # Settling reads the invoice (the savepoint goes out), then is refused.
    with pytest.raises(UserError):
        settlements.settle(pay.number, [inv.number], amount=Decimal("150.00"))
    assert dump_book() == before
    settlements.settle(pay.number, [inv.number])
    assert dump_book()["settlement"][0][0] == 1


def test_a_call_refused_after_it_queued_rows_leaves_none_of_them(batched_book: Any) -> None:
    payments.create_payment("C1", date(2026, 3, 1), Decimal("10.00"))
    before = list(batched_book.rows)
    with pytest.raises(UserError), database.atomic():  # a service call that writes, then refuses
        payments.create_payment("C1", date(2026, 3, 2), Decimal("25.00"))
        assert len(batched_book.rows) > len(before)
        raise UserError("refused after writing")
    assert batched_book.rows == before
    assert payments.create_payment("C1", date(2026, 3, 3), Decimal("5.00")).number == "PAY-000002"
    rows = dump_book()
    assert [(r[0], r[1]) for r in rows["payment"]] == [(1, "PAY-000001"), (2, "PAY-000002")]
    assert sum(r[3] for r in rows["journal_line"]) == 1500  # debits: 10.00 + 5.00


def test_a_batch_belongs_to_its_thread(tmp_path: Any) -> None:
    """The window reads on its own thread while a worker imports in a batch:
    its statements neither send nor see the worker's queue."""
    import threading

    from models.db import init_db

    init_db(str(tmp_path / "book.sqlite"))
    book.initialise("EUR", "Batch, Lda")
    customers.add_customer("C1", "Açores Pescas")
    seen: list[Any] = []
    try:
        with database.atomic(), book.batch() as b:
            payments.create_payment("C1", date(2026, 3, 1), Decimal("10.00"))
            payments.create_payment("C1", date(2026, 3, 2), Decimal("11.00"))
            queued = len(b.rows)
            assert queued

            def other() -> None:
                with book.thread_connection():
                    seen.append(database.obj.batch)
                    seen.append(
                        database.execute_sql('SELECT COUNT(*) FROM "payment"').fetchone()[0]
                    )

            t = threading.Thread(target=other)
            t.start()
            t.join()
            assert len(b.rows) == queued  # nothing sent from the other thread
        assert seen == [None, 0]
    finally:
        close_db()


def test_a_settlement_of_queued_documents_sends_nothing(batched_book: Any) -> None:
    """The invoice, the payment and the settlement of them are read and their
    cached figures changed where they wait in the queue: nothing goes out."""
    payments.create_payment("C1", date(2026, 3, 1), Decimal("1.00"))  # ids read: now queued
    inv = invoices.create_invoice("C1", date(2026, 3, 1), amount=Decimal("100.00"))
    pay = payments.create_payment("C1", date(2026, 3, 4), Decimal("98.00"))
    waiting = len(batched_book.rows)
    settlements.settle(pay.number, [inv.number])
    assert len(batched_book.rows) > waiting, "the settlement's rows wait behind the others"
    batched_book.send()
    stored = fast.get(Invoice, inv.id)
    assert (stored.status, stored.settled, stored.discount_taken) == ("settled", 10000, 200)
    assert fast.get(Payment, pay.id).applied == 9800


def test_a_refused_call_undoes_its_changes_to_queued_rows(batched_book: Any) -> None:
    """A service call that changed a queued row (an earlier call's invoice)
    and was then refused leaves that row as it was."""
    payments.create_payment("C1", date(2026, 3, 1), Decimal("1.00"))
    inv = invoices.create_invoice("C1", date(2026, 3, 1), amount=Decimal("100.00"))
    pay = payments.create_payment("C1", date(2026, 3, 4), Decimal("50.00"))
    queued = [list(r[2]) for r in batched_book.rows]
    with pytest.raises(UserError), database.atomic():
        settlements.settle(pay.number, [inv.number])  # changes the queued invoice and payment
        assert [list(r[2]) for r in batched_book.rows[: len(queued)]] != queued
        raise UserError("refused after settling")
    assert [list(r[2]) for r in batched_book.rows] == queued
    batched_book.send()
    assert fast.count_where(Settlement) == 0
    assert (fast.get(Invoice, inv.id).settled, fast.get(Payment, pay.id).applied) == (0, 0)


def test_reads_in_a_batch_see_queued_rows_and_stored_ones(batched_book: Any) -> None:
    """`fast`'s reads answer from the book and the queue together, as the
    book would once the queue is sent."""
    for day in (1, 2):
        payments.create_payment("C1", date(2026, 3, day), Decimal("10.00"))
    dump_book()  # these two are stored
    for day in (3, 4):
        payments.create_payment("C1", date(2026, 3, day), Decimal("5.00"))
    assert batched_book.rows, "the last two wait"
    found = fast.select_where(Payment, order_by=("date",), customer=1)
    assert [p.number for p in found] == ["PAY-000001", "PAY-000002", "PAY-000003", "PAY-000004"]
    assert fast.count_where(Payment, customer=1) == 4
    assert fast.total_where(Payment, "amount", customer=1) == 3000
    assert fast.get_by(Payment, Payment.number, "PAY-000004").amount == 500
    assert fast.get(Payment, 3).date == date(2026, 3, 3)
    assert fast.total_where(JournalLine, "debit") == 3000
    assert batched_book.rows, "answered without sending the queue"


def test_queued_rows_are_found_by_id_once_asked_and_after(batched_book: Any) -> None:
    """The queue's rows by id are indexed when first asked for (an import never
    asks), and kept up to date from then on until the queue is sent."""
    rows = [payments.PaymentIn("C1", date(2026, 3, d), Decimal("1.00")) for d in (1, 2)]
    first, second = payments.record_payments(rows)
    assert not isinstance(first, UserError) and not isinstance(second, UserError)
    assert batched_book.by_id == {}, "nothing asked yet"
    assert batched_book.queued("payment", second.id)[1] == second.number
    assert set(batched_book.by_id) == {"payment"}, "only the table asked (not the journal's)"
    (third,) = payments.record_payments([payments.PaymentIn("C1", date(2026, 3, 3), Decimal("2"))])
    assert not isinstance(third, UserError)
    assert batched_book.queued("payment", third.id)[1] == third.number  # queued after
    assert fast.add_to(Payment, third.id, "applied", 0) == 1  # changed where it waits
    with pytest.raises(UserError), database.atomic():
        payments.create_payment("C1", date(2026, 3, 4), Decimal("3.00"))
        raise UserError("taken back")
    assert batched_book.queued("payment", third.id + 1) is None  # its row dropped
    assert batched_book.queued("payment", first.id)[1] == first.number
    assert batched_book.rows, "all of it answered from the queue"
    batched_book.send()
    assert batched_book.queued("payment", first.id) is None


_QUEUED = (Payment, JournalLine, Invoice)
_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["one", "many", "ask", "begin", "release", "roll_back", "send"]),
        st.sampled_from(_QUEUED),
        st.integers(1, 4),
    ),
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(steps=_STEPS)
def test_queued_rows_by_id_are_those_of_the_queue(steps: list[tuple[str, Any, int]]) -> None:
    """Rows queued one by one and many at once, savepoints released and rolled back,
    the queue sent, its rows asked for by id in between (each table indexed when
    first asked): `queued` finds exactly the row the queue holds, or None."""
    b = Batch(db=None)
    b._write = lambda rows: None  # type: ignore[method-assign]  # nothing to send it to
    b._raw = lambda sql: None  # type: ignore[method-assign]
    last: dict[str, int] = {}
    marks: list[Any] = []

    def ask() -> None:
        held = {(t, i): p for _rank, _sql, p, t, i in b.rows}
        for model in _QUEUED:
            table = model._meta.table_name
            for row_id in range(1, last.get(table, 0) + 2):
                assert b.queued(table, row_id) is held.get((table, row_id)), (table, row_id)

    for step, model, n in steps:
        table = model._meta.table_name
        if step in ("one", "many"):
            first = last.get(table, 0) + 1
            ids = list(range(first, first + (1 if step == "one" else n)))
            last[table] = ids[-1]
            if step == "one":
                b.queue(model, "INSERT", [ids[0], n], ids[0])
            else:
                b.queue_many(model, "INSERT", [[i, n] for i in ids], ids)
        elif step == "ask":
            ask()
        elif step == "begin":
            marks.append(b.begin())
        elif step == "release" and marks:
            b.release(marks.pop())
        elif step == "roll_back" and marks:
            b.roll_back(marks.pop())
        elif step == "send" and not marks:
            b.send()
    ask()
