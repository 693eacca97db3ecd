"""Issue 7 (speed held): an order invoice's shortcuts change nothing.

Posting an invoice on an order skips reads when they cannot find anything:
the unbilled items when the invoice is its order's only document, the
payments when the order was paid nothing, the money left to refund when
neither was found; and it takes the order and its lines as the posting
just read and wrote them (app/services/orders.py: _invoiced_on_order), and
an invoice as its order's only document without counting when the posting
knows it is (`alone`: an order's first invoice waiting with others,
app/services/invoices.py: _joins).

The property: random sequences of order operations (orders, payments on
them, invoices by lines and by amount, credit notes, corrections that leave
hours unbilled and bill them again, order changes with automatic refunds,
cancellations) give the same answers and the same book, row for row, as the
plain path, where every one of those reads is made (the shortcuts turned
off here by wrapping the functions that take them) — with and without the
write batch the import and the demo post through.

Knobs (environment): ACERTO_ORDER_PATH_EXAMPLES (default 20, a few seconds in
the fast lane); e.g. `ACERTO_ORDER_PATH_EXAMPLES=500 scripts/test --fast -k order_invoice_paths`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.errors import UserError
from app.read.check import check_book
from app.services import book as book_service
from app.services import (
    corrections,
    order_returns,
    order_settle,
    order_unbilled,
    orders,
    settlements,
)
from app.services.invoices import LineInput
from models.db import close_db, database
from models.tables import Invoice, Order, OrderLine, Payment, Refund, Settlement, UnbilledItem
from tests.builders import (
    BookHandle,
    D,
    credit_note,
    day,
    dump_book,
    make_customer,
    make_order,
    open_memory_book,
    pay,
    settle,
)

EXAMPLES = int(os.environ.get("ACERTO_ORDER_PATH_EXAMPLES", "20"))


@contextmanager
def plain_path() -> Iterator[None]:
    """Every shortcut of the order invoice off: each read made as before them."""
    bill, credits, settle_credits = (
        order_unbilled.bill_on_order,
        order_returns.order_credits,
        order_returns.settle_from_credits,
    )
    left, refund = order_returns.money_left, order_settle.refund_when_done
    posted = orders.invoice_posted_on_order

    def refund_plain(order, on, cur, reason, *, change=None, payments=None, credits=None):  # type: ignore[no-untyped-def]
        return refund(order, on, cur, reason, change=change)

    wrapped = {
        (order_unbilled, "bill_on_order"): lambda doc, cur, first=False: bill(doc, cur),
        (order_returns, "order_credits"): lambda order, rows=None: credits(order),
        (order_returns, "settle_from_credits"): (
            lambda order, inv, on, cur, found=None: settle_credits(order, inv, on, cur)
        ),
        (order_returns, "money_left"): (
            lambda order, cur, payments=None, credits=None: left(order, cur)
        ),
        (order_settle, "refund_when_done"): refund_plain,
        (orders, "_refund_when_done"): refund_plain,
        (orders, "_paying"): orders._order_payments,
        (orders, "invoice_posted_on_order"): (
            lambda inv, cur, lines=None, order=None, alone=False: posted(inv, cur)
        ),
    }
    with ExitStack() as stack:
        for (module, name), plain in wrapped.items():
            stack.enter_context(mock.patch.object(module, name, plain))
        yield


# ---------------------------------------------------------------- the operations

quantity = st.sampled_from(["0.5", "1", "2", "3", "5"])
operation = st.one_of(
    st.tuples(st.just("order"), st.integers(1, 2), st.sampled_from(["0", "5.00"])),
    st.tuples(st.just("pay"), st.integers(0, 3), st.sampled_from(["0.3", "1", "1.2"])),
    st.tuples(st.just("invoice"), st.integers(0, 3), quantity, quantity),
    st.tuples(st.just("invoice_amount"), st.integers(0, 3), st.sampled_from(["25.00", "80.00"])),
    st.tuples(st.just("credit"), st.integers(0, 5), st.sampled_from(["line", "10.00"])),
    st.tuples(st.just("correct"), st.integers(0, 5), quantity),
    st.tuples(st.just("change"), st.integers(0, 3), st.sampled_from(["qty", "add", "discount"])),
    st.tuples(st.just("cancel"), st.integers(0, 3)),
)
LINES = [("Hours", "6", "50.00"), ("Travel", "4", "33.33")]


class _World:
    """The orders and order invoices made so far, operations by index into them."""

    def __init__(self) -> None:
        self.orders: list[str] = []
        self.invoices: list[str] = []

    def run(self, step: int, op: tuple[Any, ...]) -> str:
        kind, *args = op
        try:
            return getattr(self, kind)(day(step + 1), *args)
        except UserError as e:
            return f"refused: {e}"

    def _order(self, i: int) -> str | None:
        return self.orders[i % len(self.orders)] if self.orders else None

    def _invoice(self, i: int) -> str | None:
        return self.invoices[i % len(self.invoices)] if self.invoices else None

    def order(self, on: Any, lines: int, discount: str) -> str:
        made = make_order(LINES[:lines], on=on, discount=discount)
        self.orders.append(made.number)
        return made.number

    def pay(self, on: Any, i: int, share: str) -> str:
        number = self._order(i)
        if number is None:
            return "no order"
        total = Order.get(Order.number == number).total
        money = (Decimal(total) * D(share) / 100).quantize(Decimal("0.01"))
        return str(pay(money, on=on, order=number).number)

    def invoice(self, on: Any, i: int, q1: str, q2: str) -> str:
        return self._invoiced(on, i, (q1, q2))

    def invoice_amount(self, on: Any, i: int, amount: str) -> str:
        return self._invoiced(on, i, amount)

    def _invoiced(self, on: Any, i: int, what: str | tuple[str, str]) -> str:
        """Invoice order `i` by an amount, or by quantities of its lines in seq order."""
        number = self._order(i)
        if number is None:
            return "no order"
        if isinstance(what, str):
            inv = orders.invoice_order(number, on, amount=D(what))
        else:
            seqs = [ol.seq for ol in OrderLine.select().join(Order).where(Order.number == number)]
            wanted = {seq: D(q) for seq, q in zip(sorted(seqs), what, strict=False)}
            inv = orders.invoice_order(number, on, line_qty=wanted)
        self.invoices.append(inv.number)
        return f"{inv.number} {inv.kind} {inv.total}"

    def credit(self, on: Any, i: int, how: str) -> str:
        number = self._invoice(i)
        if number is None:
            return "no invoice"
        if how == "line":
            return str(credit_note(number, lines={1: "0.5"}, on=on).number)
        return str(credit_note(number, amount=how, on=on).number)

    def correct(self, on: Any, i: int, qty: str) -> str:
        number = self._invoice(i)
        if number is None:
            return "no invoice"
        made = corrections.correct(number, on, {1: D(qty)})
        self.invoices.append(made.number)
        return str(made.number)

    def change(self, on: Any, i: int, how: str) -> str:
        number = self._order(i)
        if number is None:
            return "no order"
        if how == "qty":
            done = orders.change_order(number, on, quantities={1: D("2")})
        elif how == "add":
            done = orders.change_order(number, on, add_lines=[LineInput("Extra", D("1"), D("20"))])
        else:
            done = orders.change_order(number, on, discount=D("15.00"))
        return f"{done.old_total} -> {done.new_total}"

    def cancel(self, on: Any, i: int) -> str:
        number = self._order(i)
        if number is None:
            return "no order"
        return orders.cancel_order(number, on).status


def _book_after(ops: list[tuple[Any, ...]], *, plain: bool, batched: bool) -> Any:
    """The answers to `ops` and every row of the book they leave (a new in-memory book)."""
    open_memory_book()
    try:
        book_service.set_setting("max_underpayment", "0.50")
        make_customer("C1", terms="2% 10, net 30")
        world = _World()
        with plain_path() if plain else nullcontext():
            if batched:
                with book_service.transaction(), book_service.batch():
                    answers = [world.run(n, op) for n, op in enumerate(ops)]
            else:
                answers = [world.run(n, op) for n, op in enumerate(ops)]
        report = check_book()
        assert report.ok, report.problems
        database.execute_sql('UPDATE "invoice" SET "posted_at" = NULL')  # the clock's stamp
        return answers, dump_book()
    finally:
        close_db()


def _same_book_both_ways(ops: list[tuple[Any, ...]], batched: bool) -> Any:
    fast = _book_after(ops, plain=False, batched=batched)
    assert fast == _book_after(ops, plain=True, batched=batched)
    return fast


# An order paid ahead, invoiced in parts settled from its payment, a credit note whose
# freed money settles the next invoice, a correction that leaves hours unbilled and an
# invoice that bills them again, a discount that refunds money received above the new
# total, a second order invoiced without a payment (the order's first document), and
# the first order's last invoice, which leaves it fully invoiced: its money left refunded.
STORY = [
    ("order", 2, "0"),
    ("pay", 0, "1"),
    ("invoice", 0, "2", "1"),
    ("credit", 0, "line"),
    ("invoice", 0, "1", "1"),
    ("correct", 1, "0.5"),
    ("invoice", 0, "0.5", "1"),
    ("change", 0, "discount"),
    ("order", 1, "5.00"),
    ("invoice", 1, "5", "1"),
    ("invoice", 0, "3", "2"),
    ("invoice_amount", 0, "25.00"),
]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(operation, min_size=1, max_size=14), batched=st.booleans())
@example(ops=STORY, batched=False)
@example(ops=STORY, batched=True)
def test_order_invoices_change_the_book_as_the_plain_path_does(
    ops: list[tuple[Any, ...]], batched: bool
) -> None:
    _same_book_both_ways(ops, batched)


@pytest.mark.parametrize("batched", [False, True])
def test_the_story_goes_through_every_effect(batched: bool) -> None:
    """The story above is not vacuous: it settles from order payments and from freed
    credit, refunds, and leaves hours unbilled that a later order invoice bills."""
    answers, rows = _same_book_both_ways(STORY, batched)
    assert not any(a.startswith("refused") for a in answers), answers
    assert rows["refund"], "no refund was made"
    assert any("billed" in r for r in rows["unbilled_item"]), rows["unbilled_item"]
    # Settlement rows: (id, payment, credit note, invoice, ...): both kinds of order money.
    assert any(r[1] is not None for r in rows["settlement"]), rows["settlement"]
    assert any(r[2] is not None for r in rows["settlement"]), rows["settlement"]


def test_the_invoice_that_ends_an_order_refunds_its_money_left(book: BookHandle) -> None:
    """The reads the shortcuts skip still run when there is money: 300.00 paid on the
    order, its first invoice settled by another payment instead; the last invoice
    is settled from the order's payment and the 200.00 left is refunded."""
    make_customer("C1", terms="net 30")
    order = make_order([("Widget", "3", "100.00")])
    p = pay("300.00", order=order.number)
    first = orders.invoice_order(order.number, day(1), amount=D("200.00"))
    [auto] = Settlement.select().where(Settlement.invoice == first.id)
    settlements.unsettle(auto.id, day(2))
    settle(pay("200.00", on=day(2)), first)
    last = orders.invoice_order(order.number, day(3), amount=D("100.00"))
    assert Invoice.get_by_id(last.id).settled == 10000
    assert Order.get_by_id(order.id).status == "invoiced"
    assert [r.amount for r in Refund.select()] == [20000]
    assert Payment.get_by_id(p.id).refunded == 20000
    assert check_book().ok


def test_hours_left_unbilled_are_billed_by_the_next_order_invoice(book: BookHandle) -> None:
    """Not the order's first document: the invoice bills the hours a correction left."""
    make_customer("C1", terms="net 30")
    order = make_order([("Hours", "6", "50.00")])
    inv = orders.invoice_order(order.number, day(1), line_qty={1: D("4")})
    corrections.correct(inv.number, day(2), {1: D("3")})
    [item] = UnbilledItem.select()
    assert item.status == "open"
    orders.invoice_order(order.number, day(3), line_qty={1: D("2")})
    assert UnbilledItem.get_by_id(item.id).status == "billed"
    assert check_book().ok


def test_create_order_refusals_write_nothing(book: BookHandle) -> None:
    """The order's total is checked before it is written: a discount above the
    lines, or a total beyond the book's limits, is refused and leaves no row."""
    make_customer("C1")
    before = dump_book()
    with pytest.raises(UserError, match="larger than the order"):
        make_order([("Hours", "2", "50.00")], discount="100.01")
    with pytest.raises(UserError, match="total of order"):
        make_order([("A", "1", "600000000000.00"), ("B", "1", "600000000000.00")])
    assert dump_book() == before
    made = make_order([("Hours", "2", "50.00"), ("Travel", "3", "33.33")], discount="5.00")
    row = Order.get_by_id(made.id)
    assert (row.total, row.discount, row.status) == (10000 + 9999 - 500, 500, "open")
    assert [ol.amount for ol in OrderLine.select().order_by(OrderLine.seq)] == [10000, 9999]
    assert check_book().ok
