"""SPEC §1 invariants under random sequences of every posting action.

A hypothesis state machine drives the services (invoices with random terms,
orders invoiced by amount and by lines, order payments, payments, settling
with and without discount around the tier boundaries, tolerances, full
settlement, credit notes, corrections, order changes with refunds,
cancellations, refunds of credit, unsettling). A refused action (UserError)
is fine but must leave the book exactly as it was. After every step the
book's invariants hold, and settling then unsettling restores every figure.

Knobs (environment): ACERTO_INVARIANT_EXAMPLES (default 500),
ACERTO_INVARIANT_EXAMPLES_QUICK (default 10, the fast lane's run; the
500-example run is marked slow), ACERTO_INVARIANT_STEPS (default 15),
ACERTO_INVARIANT_EXAMPLES_PG (default 60, when ACERTO_TEST_PG is set; slow), ACERTO_INVARIANT_WHY=1 to count refusal
messages in `--hypothesis-show-statistics`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from app.errors import UserError
from app.exchange.bank import accept as bank_accept
from app.read.check import check_book
from app.read.queries import customer_figures
from app.rules.settlement import ACCOUNTS, HUNDRED
from app.rules.statement import Statement, StatementLine, keyed
from app.rules.terms import parse_terms
from app.services import (
    bank,
    bank_unmatch,
    correction_plan,
    corrections,
    credit_notes,
    customers,
    documents,
    drafts,
    invoices,
    order_payments,
    orders,
    payments,
    payouts,
    refunds,
    settlements,
)
from app.services import book as book_service
from app.services.documents import RECEIVABLE_KINDS
from app.services.invoices import LineInput
from models.db import close_db, database
from models.tables import (
    BankLine,
    Customer,
    Invoice,
    InvoiceLine,
    Order,
    OrderLine,
    Payment,
    Refund,
    Settlement,
    UnbilledItem,
)
from tests.builders import DAY0, PG_URL, dump_book, fresh_postgres_book, open_memory_book

TERMS = [
    "2% 10, net 30",
    "2% 5, 1% 14, net 30",
    "net 15",
    "3% 7, net 20",
    "1.5% 10, 0.5% 20, net 30",
    "33% 3, net 10",
]
CUSTOMERS = ("A", "B", "C")
# Offsets from an invoice date that sit on and around the tier boundaries.
OFFSETS = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 20, 21, 30, 31]
TOLERANCES = ["0.00", "0.01", "0.05", "0.10", "0.50", "1.00", "5.00"]

cents = st.one_of(
    st.integers(min_value=1, max_value=300),
    st.integers(min_value=1, max_value=50_000),
    st.integers(min_value=1, max_value=2_000_000),
)
pick = st.integers(min_value=0, max_value=10_000)
days = st.integers(min_value=0, max_value=40)
qty = st.sampled_from(["0.5", "1", "1.25", "2", "3", "8", "0.333", "10"])
prices = st.sampled_from(["0.01", "0.99", "1.00", "12.34", "50.00", "99.99", "100.00", "333.33"])


def _d(n: int) -> date:
    return DAY0 + timedelta(days=n)


def _money(minor: int) -> Decimal:
    return book_service.currency().from_minor(minor)


def _choose(rows: list[Any], i: int) -> Any | None:
    return rows[i % len(rows)] if rows else None


class BookMachine(RuleBasedStateMachine):
    """One fresh book per example; rules are user actions through the services."""

    def __init__(self) -> None:
        super().__init__()
        self.open_book()
        self.refusals = 0
        self.actions = 0
        self._statements = 0

    def open_book(self) -> None:
        open_memory_book()

    def teardown(self) -> None:
        close_db()

    @initialize(
        first_invoices=st.lists(st.tuples(st.sampled_from(CUSTOMERS), cents, days), max_size=3),
        first_payments=st.lists(st.tuples(st.sampled_from(CUSTOMERS), cents, days), max_size=3),
    )
    def customers(
        self,
        first_invoices: list[tuple[str, int, int]],
        first_payments: list[tuple[str, int, int]],
    ) -> None:
        """Three customers with different terms, and a few documents to work on."""
        # The arguments are not named `invoices`/`payments`: that would hide the services.
        for code, terms in zip(CUSTOMERS, TERMS, strict=False):
            customers.add_customer(code, f"Customer {code}", terms=terms)
        for code, amount, on in first_invoices:
            invoices.create_invoice(code, _d(on), amount=_money(amount))
        for code, amount, on in first_payments:
            payments.create_payment(code, _d(on), _money(amount))

    # ------------------------------------------------------------ plumbing

    def attempt(self, action: Callable[[], object]) -> object | None:
        """Run one user action; a refusal must change nothing at all."""
        before = dump_book()
        self.actions += 1
        name = sys._getframe(1).f_code.co_name
        try:
            result = action()
            event(f"{name}: done")
            return result
        except UserError as err:
            event(f"{name}: refused")
            if os.environ.get("ACERTO_INVARIANT_WHY"):
                event(f"{name}: {str(err)[:60]}")
            self.refusals += 1
            assert str(err).strip(), "a UserError without words"
            assert "E+" not in str(err) and "E-" not in str(err), (
                f"a number in exponent form: {err}"
            )
            after = dump_book()
            assert after == before, f"refused action changed the book: {err}"
            return None

    def open_invoices(self) -> list[Invoice]:
        return list(
            Invoice.select()
            .where(
                Invoice.kind.in_(RECEIVABLE_KINDS)
                & (Invoice.total > 0)
                & (Invoice.status != "draft")
                & (Invoice.settled < Invoice.total)
            )
            .order_by(Invoice.id)
        )

    def receivables(self) -> list[Invoice]:
        return list(
            Invoice.select()
            .where(
                Invoice.kind.in_(RECEIVABLE_KINDS)
                & (Invoice.total > 0)
                & (Invoice.status != "draft")
            )
            .order_by(Invoice.id)
        )

    def sources(self) -> list[tuple[str, date, int]]:
        """(number, date, customer id) of payments and credits with something left."""
        out = [
            (p.number, p.date, p.customer_id)
            for p in Payment.select()
            .where(Payment.amount > Payment.applied + Payment.refunded)
            .order_by(Payment.id)
        ]
        out += [
            (c.number, c.date, c.customer_id)
            for c in Invoice.select()
            .where(
                (Invoice.total < 0)
                & (Invoice.settled > Invoice.total)
                & (Invoice.status != "draft")  # a kept correction draft has its total, unposted
            )
            .order_by(Invoice.id)
        ]
        return out

    def live_orders(self) -> list[Order]:
        return list(Order.select().order_by(Order.id))

    # ------------------------------------------------------------ rules: documents

    @rule(c=st.sampled_from(CUSTOMERS), terms=st.sampled_from(TERMS), amount=cents, on=days)
    def invoice_by_amount(self, c: str, terms: str, amount: int, on: int) -> None:
        customers.update_customer(c, terms=terms)
        self.attempt(lambda: invoices.create_invoice(c, _d(on), amount=_money(amount)))

    @rule(
        c=st.sampled_from(CUSTOMERS),
        terms=st.sampled_from(TERMS),
        lines=st.lists(st.tuples(qty, prices), min_size=1, max_size=3),
        on=days,
    )
    def invoice_by_lines(self, c: str, terms: str, lines: list[tuple[str, str]], on: int) -> None:
        customers.update_customer(c, terms=terms)
        items = [
            LineInput(f"Item {i}", Decimal(q), Decimal(p)) for i, (q, p) in enumerate(lines, 1)
        ]
        self.attempt(lambda: invoices.create_invoice(c, _d(on), lines=items))

    @rule(c=st.sampled_from(CUSTOMERS), amount=cents, on=days)
    def payment(self, c: str, amount: int, on: int) -> None:
        self.attempt(lambda: payments.create_payment(c, _d(on), _money(amount)))

    @rule(
        c=st.sampled_from(CUSTOMERS),
        lines=st.lists(st.tuples(qty, prices), min_size=1, max_size=3),
        discount=st.sampled_from([0, 0, 1, 500]),
        on=days,
    )
    def order(self, c: str, lines: list[tuple[str, str]], discount: int, on: int) -> None:
        self.attempt(
            lambda: orders.create_order(
                c,
                _d(on),
                [
                    LineInput(f"Goods {i}", Decimal(q), Decimal(p))
                    for i, (q, p) in enumerate(lines, 1)
                ],
                discount=_money(discount),
            )
        )

    @rule(i=pick, amount=cents, whole=st.booleans(), later=st.integers(0, 10))
    def order_payment(self, i: int, amount: int, whole: bool, later: int) -> None:
        o = _choose(self.live_orders(), i)
        if o is None:
            return
        value = o.total if whole and o.total > 0 else amount
        self.attempt(
            lambda: payments.create_payment(
                o.customer.code, o.date + timedelta(days=later), _money(value), order=o.number
            )
        )

    @rule(i=pick, amount=cents, rest=st.booleans(), later=st.integers(0, 10))
    def order_invoice_by_amount(self, i: int, amount: int, rest: bool, later: int) -> None:
        o = _choose(self.live_orders(), i)
        if o is None:
            return
        value = o.total - o.invoiced if rest and o.total > o.invoiced else amount
        self.attempt(
            lambda: orders.invoice_order(
                o.number, o.date + timedelta(days=later), amount=_money(value)
            )
        )

    @rule(i=pick, data=st.data(), later=st.integers(0, 10))
    def order_invoice_by_lines(self, i: int, data: st.DataObject, later: int) -> None:
        o = _choose(self.live_orders(), i)
        if o is None:
            return
        lines = list(OrderLine.select().where(OrderLine.order == o.id).order_by(OrderLine.seq))
        chosen = data.draw(
            st.lists(
                st.sampled_from(lines), min_size=1, max_size=len(lines), unique_by=lambda ln: ln.id
            )
        )
        wanted = {}
        for ln in chosen:
            left = ln.quantity - ln.invoiced_quantity
            part = data.draw(st.sampled_from(["all", "half", "one", "too much"]))
            milli = {"all": left, "half": left // 2, "one": 1000, "too much": left + 1000}[part]
            wanted[ln.seq] = Decimal(milli) / 1000
        self.attempt(
            lambda: orders.invoice_order(o.number, o.date + timedelta(days=later), line_qty=wanted)
        )

    @rule(
        i=pick,
        discount=cents,
        remove=st.booleans(),
        line_no=pick,
        add=st.booleans(),
        later=st.integers(0, 10),
    )
    def order_change(
        self, i: int, discount: int, remove: bool, line_no: int, add: bool, later: int
    ) -> None:
        o = _choose(self.live_orders(), i)
        if o is None:
            return
        lines = list(OrderLine.select().where(OrderLine.order == o.id).order_by(OrderLine.seq))
        removed = [lines[line_no % len(lines)].seq] if remove and lines else []
        added = [LineInput("Extra", Decimal(1), Decimal("10.00"))] if add else []
        # Mostly a discount the order can carry (a share of what is not yet
        # invoiced), sometimes any amount, so both outcomes are exercised.
        room = max(o.total - o.invoiced, 0)
        if discount % 5 == 0:
            disc = _money(discount)
        elif discount % 3:
            disc = _money(room * (discount % 100) // 100)
        else:
            disc = Decimal(0)
        self.attempt(
            lambda: orders.change_order(
                o.number,
                o.date + timedelta(days=later),
                remove_lines=removed,
                add_lines=added,
                discount=disc,
            )
        )

    @rule(i=pick, later=st.integers(0, 10))
    def order_cancel(self, i: int, later: int) -> None:
        o = _choose(self.live_orders(), i)
        if o is None:
            return
        self.attempt(lambda: orders.cancel_order(o.number, o.date + timedelta(days=later)))

    # ------------------------------------------------------------ rules: settling

    @rule(
        params=st.fixed_dictionaries(
            {
                "max_underpayment": st.sampled_from(TOLERANCES),
                "max_overpayment": st.sampled_from(TOLERANCES),
                "discount_on_partial_payments": st.sampled_from(["yes", "no"]),
                "discount_on_credit_notes": st.sampled_from(["yes", "no"]),
                "full_settlement_allowed": st.sampled_from(["yes", "no"]),
            }
        )
    )
    def parameters(self, params: dict[str, str]) -> None:
        self.attempt(lambda: book_service.set_settings(params))

    def _settle_args(self, data: st.DataObject) -> dict[str, Any] | None:
        src = _choose(self.sources(), data.draw(pick, label="source"))
        if src is None:
            return None
        number, src_date, customer_id = src
        if data.draw(st.integers(0, 4), label="prefer a source with invoices"):
            owing = {inv.customer_id for inv in self.open_invoices()}
            useful = [s for s in self.sources() if s[2] in owing]
            if useful:
                number, src_date, customer_id = _choose(
                    useful, data.draw(pick, label="useful source")
                )
        mine = [inv for inv in self.open_invoices() if inv.customer_id == customer_id]
        if data.draw(st.booleans(), label="name invoices") and mine:
            targets = data.draw(
                st.lists(st.sampled_from(mine), min_size=1, max_size=3, unique_by=lambda v: v.id)
            )
        else:
            targets = []
        first = targets[0] if targets else (mine[0] if mine else None)
        offset = data.draw(st.sampled_from(OFFSETS), label="days after the invoice")
        on = max(src_date, first.date + timedelta(days=offset)) if first is not None else None
        if data.draw(st.booleans(), label="default date"):
            on = None
        cap_kind = data.draw(
            st.sampled_from(["none", "none", "part", "too much", "odd"]), label="cap"
        )
        available = _money(self._available(number))
        cap = {
            "none": None,
            "part": available / 2 if available > Decimal("0.01") else None,
            "too much": available + Decimal("0.01"),
            "odd": _money(data.draw(cents, label="odd cap")),
        }[cap_kind]
        if cap is not None:
            cap = book_service.currency().round(cap)
        return {
            "source": number,
            "invoices": [t.number for t in targets],
            "amount": cap,
            "full_settlement": data.draw(st.booleans(), label="full settlement"),
            "on": on,
        }

    def _available(self, number: str) -> int:
        p = Payment.get_or_none(Payment.number == number)
        if p is not None:
            return int(p.amount - p.applied - p.refunded)
        cn = Invoice.get(Invoice.number == number)
        return int(cn.settled - cn.total)

    @rule(data=st.data())
    def settle(self, data: st.DataObject) -> None:
        args = self._settle_args(data)
        if args is not None:
            self.attempt(lambda: settlements.settle(**args))

    @rule(data=st.data())
    def settle_then_unsettle_restores(self, data: st.DataObject) -> None:
        args = self._settle_args(data)
        if args is None:
            return
        before = self.figures()
        rows = self.attempt(lambda: settlements.settle(**args))
        if not rows:
            return
        assert isinstance(rows, list)
        for row in reversed(rows):
            settlements.unsettle(row.id)
        assert self.figures() == before

    @rule(i=pick, later=st.integers(0, 5))
    def unsettle(self, i: int, later: int) -> None:
        rows = list(Settlement.select().order_by(Settlement.id))
        row = _choose(rows, i)
        if row is None:
            return
        self.attempt(lambda: settlements.unsettle(row.id, row.date + timedelta(days=later)))

    @rule(i=pick, part=st.booleans(), later=st.integers(0, 10))
    def refund_credit(self, i: int, part: bool, later: int) -> None:
        src = _choose(self.sources(), i)
        if src is None:
            return
        number, on, _ = src
        amount = None
        if part:
            amount = book_service.currency().round(_money(self._available(number)) / 3) or None
        self.attempt(lambda: refunds.refund_credit(number, on + timedelta(days=later), amount))

    # ------------------------------------------------------------ rules: credits and corrections

    @rule(
        i=pick,
        how=st.sampled_from(["all", "part", "small", "too much"]),
        later=st.sampled_from(OFFSETS),
    )
    def credit_by_amount(self, i: int, how: str, later: int) -> None:
        inv = _choose(self.receivables(), i)
        if inv is None:
            return
        left = documents.creditable(inv)
        minor = {"all": left, "part": left // 2, "small": 1, "too much": left + 1}[how]
        self.attempt(
            lambda: credit_notes.create_credit_note(
                inv.number, inv.date + timedelta(days=later), amount=_money(minor)
            )
        )

    @rule(i=pick, data=st.data(), later=st.sampled_from(OFFSETS))
    def credit_by_lines(self, i: int, data: st.DataObject, later: int) -> None:
        inv = _choose(self.receivables(), i)
        if inv is None:
            return
        lines = list(
            InvoiceLine.select().where(InvoiceLine.invoice == inv.id).order_by(InvoiceLine.seq)
        )
        if not lines:
            return
        ln = data.draw(st.sampled_from(lines))
        q = data.draw(
            st.sampled_from([Decimal("1"), Decimal("0.5"), Decimal(max(ln.quantity, 1000)) / 1000])
        )
        self.attempt(
            lambda: credit_notes.create_credit_note(
                inv.number, inv.date + timedelta(days=later), lines={ln.seq: q}
            )
        )

    @rule(i=pick, data=st.data(), later=st.integers(0, 10))
    def correction(self, i: int, data: st.DataObject, later: int) -> None:
        inv = _choose(self.receivables(), i)
        if inv is None:
            return
        lines = correction_plan.billable_lines(inv)
        quantities: dict[int, Decimal] = {}
        removed: list[int] = []
        for ln in lines:
            what = data.draw(st.sampled_from(["zero", "less", "same", "more", "remove"]))
            if what == "remove":
                removed.append(ln.seq)
            else:
                milli = {
                    "zero": 0,
                    "less": ln.quantity // 2,
                    "same": ln.quantity,
                    "more": ln.quantity + 1500,
                }[what]
                quantities[ln.seq] = Decimal(milli) / 1000
        self.attempt(
            lambda: corrections.correct(
                inv.number, inv.date + timedelta(days=later), quantities, removed
            )
        )

    # ------------------------------------------------------------ rules: issue 9 (orders9)

    @rule(i=pick, line_no=pick, how=st.sampled_from(["less", "invoiced", "below", "more"]))
    def order_quantity_change(self, i: int, line_no: int, how: str) -> None:
        """order change --qty: never below what is invoiced net of credits (refused then)."""
        o = _choose(self.live_orders(), i)
        if o is None:
            return
        lines = list(OrderLine.select().where(OrderLine.order == o.id).order_by(OrderLine.seq))
        if not lines:
            return
        ln = lines[line_no % len(lines)]
        milli = {
            "less": max(ln.quantity // 2, ln.invoiced_quantity, 1),
            "invoiced": max(ln.invoiced_quantity, 1),
            "below": ln.invoiced_quantity - 1,
            "more": ln.quantity + 1000,
        }[how]
        self.attempt(
            lambda: orders.change_order(
                o.number, o.date + timedelta(days=3), quantities={ln.seq: Decimal(milli) / 1000}
            )
        )

    @rule(i=pick, data=st.data(), later=st.integers(0, 10))
    def draft_correction(self, i: int, data: st.DataObject, later: int) -> None:
        """correct ... --draft, then the draft edited and posted, kept, or deleted."""
        inv = _choose(self.receivables(), i)
        if inv is None:
            return
        quantities = {
            ln.seq: Decimal(data.draw(st.sampled_from([0, ln.quantity // 2, ln.quantity + 500])))
            / 1000
            for ln in correction_plan.billable_lines(inv)
        }
        on = inv.date + timedelta(days=later)
        draft = self.attempt(lambda: corrections.correct(inv.number, on, quantities, draft=True))
        if not isinstance(draft, Invoice):
            return
        then = data.draw(st.sampled_from(["post", "edit and post", "keep", "delete"]))
        if then == "edit and post":
            first = min(quantities)
            self.attempt(lambda: corrections.edit_correction(draft.number, {first: Decimal(1)}))
        if then in ("post", "edit and post"):
            self.attempt(lambda: drafts.post_invoice(draft.number))
        elif then == "delete":
            self.attempt(lambda: drafts.delete_draft(draft.number))

    def invoiced_by_order(self) -> dict[int, int]:
        """Each order's posted invoices (not standalone) net of their credits and corrections."""
        docs = {
            i: (kind, credits, corrects)
            for i, kind, credits, corrects in self.rows(
                "SELECT id, kind, credits_id, corrects_id FROM invoice "
                "WHERE order_id IS NOT NULL AND status != 'draft'"
            )
        }

        def on_order(i: int | None) -> bool:
            while i in docs:
                kind, credits, corrects = docs[i]
                if kind == "invoice":
                    return True
                i = {"credit_note": credits, "corrective": corrects}.get(kind)
            return False

        expected: dict[int, int] = {}
        for i, order_id, total in self.rows(
            "SELECT id, order_id, total FROM invoice WHERE order_id IS NOT NULL "
            "AND status != 'draft'"
        ):
            if on_order(i):
                expected[order_id] = expected.get(order_id, 0) + total
        return expected

    @invariant()
    def order_invoiced_is_its_invoices_net_of_credits_and_corrections(self) -> None:
        expected = self.invoiced_by_order()
        for oid, invoiced in self.rows('SELECT id, invoiced FROM "order"'):
            assert invoiced == expected.get(oid, 0), (oid, invoiced, expected.get(oid, 0))

    # ------------------------------------------------------------ rules: settlement choices (issue 9)

    @rule(data=st.data())
    def settle_with_chosen_discount(self, data: st.DataObject) -> None:
        """`settle --discount INVOICE=AMOUNT` / `--no-discount`: the bookkeeper's
        discount, 0 up to what the rules allow (a bit more must be refused)."""
        args = self._settle_args(data)
        if args is None:
            return
        args["full_settlement"] = False
        try:
            preview = settlements.preview_settlement(**args)
        except UserError:
            return
        cur = book_service.currency()
        chosen: dict[str, Decimal] = {}
        for app in preview.applications:
            how = data.draw(st.sampled_from(["rules", "none", "part", "all", "over"]), label="how")
            if how != "rules":
                share = {"none": 0, "part": Decimal(1) / 3, "all": 1, "over": 1}[how]
                extra = Decimal("0.01") if how == "over" else Decimal(0)
                chosen[app.invoice] = cur.round(app.allowed * share) + extra
        no_discount = data.draw(st.booleans(), label="no discount on the others")
        rows = self.attempt(
            lambda: settlements.settle(**args, discounts=chosen, no_discount=no_discount)
        )
        for row in rows if isinstance(rows, list) else []:
            number = Invoice.get_by_id(row.invoice_id).number
            want = chosen.get(number, Decimal(0) if no_discount else None)
            if want is not None:
                assert cur.from_minor(row.discount) == want, (number, row.discount, want)

    @rule(data=st.data())
    def settle_full_settlement_named(self, data: st.DataObject) -> None:
        """`settle --full-settlement INVOICE`: only the named invoice's remainder is waived."""
        args = self._settle_args(data)
        if args is None:
            return
        customer = documents.get_source(args["source"], book_service.currency()).customer_id
        mine = [i.number for i in self.open_invoices() if i.customer_id == customer]
        if not mine:
            return
        named = data.draw(st.sampled_from(mine), label="invoice waived")
        args["full_settlement"] = named
        rows = self.attempt(lambda: settlements.settle(**args))
        for row in rows if isinstance(rows, list) else []:
            waived = Invoice.get_by_id(row.invoice_id).number == named
            assert (row.full_settlement > 0) == waived, (row.id, named)

    @rule(value=st.sampled_from(["yes", "no"]))
    def discount_when_paid_in_full(self, value: str) -> None:
        self.attempt(lambda: book_service.set_setting("discount_when_paid_in_full", value))

    @invariant()
    def never_a_discount_and_an_overpayment_writeoff(self) -> None:
        """One settlement never books a discount and an overpayment write-off on one invoice."""
        both = self.rows(
            "SELECT id FROM settlement WHERE discount > 0 AND writeoff < 0 AND reverses_id IS NULL"
        )
        assert not both, both

    # ------------------------------------------------------------ rules: money out (issue 9)

    @rule(data=st.data(), amount=cents, excess=st.booleans(), later=st.integers(0, 10))
    def split_order_payment(
        self, data: st.DataObject, amount: int, excess: bool, later: int
    ) -> None:
        """One receipt over a customer's orders (ORDER=AMOUNT each), the rest customer credit."""
        live = self.live_orders()
        if not live:
            return
        o = data.draw(st.sampled_from(live))
        mine = [x for x in live if x.customer_id == o.customer_id]
        chosen = data.draw(st.lists(st.sampled_from(mine), min_size=1, max_size=3, unique=True))
        # Mostly parts that fit in the payment; sometimes any amount (refused if over).
        share = st.integers(1, max(1, amount // len(chosen)))
        wanted = [(x.number, _money(data.draw(st.one_of(share, share, cents)))) for x in chosen]
        self.attempt(
            lambda: order_payments.receive_payment(
                o.customer.code,
                o.date + timedelta(days=later),
                _money(amount),
                wanted,
                excess="credit" if excess else None,
            )
        )

    @rule(i=pick, later=st.integers(0, 10))
    def payout(self, i: int, later: int) -> None:
        """A refund paid out (an unpaid one mostly; a paid one is refused)."""
        row = _choose(list(Refund.select().order_by(Refund.paid_on.is_null(False), Refund.id)), i)
        if row is None:
            return
        self.attempt(lambda: payouts.pay_refund(row.number, row.date + timedelta(days=later)))

    @rule(i=pick, later=st.integers(0, 10))
    def payout_taken_back(self, i: int, later: int) -> None:
        """A refund's payout taken back (a paid one mostly; an unpaid one is refused):
        the refund is owed again, and the book remembers which payout, when and why."""
        row = _choose(list(Refund.select().order_by(Refund.paid_on.is_null(), Refund.id)), i)
        if row is None:
            return
        on = (row.paid_on or row.date) + timedelta(days=later)
        self.attempt(lambda: payouts.reverse_payout(row.number, on, "not this refund's line"))

    @invariant()
    def a_payout_taken_back_is_remembered(self) -> None:
        """Each refund entry debiting the bank (a payout taken back) has its
        payout_reversal row, naming the refund's payout entry before it (issue 11)."""
        taken = self.rows(
            "SELECT e.id, e.refund_id, e.date, l.debit FROM journal_entry e "
            "JOIN journal_line l ON l.entry_id = e.id "
            "WHERE e.refund_id IS NOT NULL AND l.account = 'bank' AND l.debit > 0 ORDER BY e.id"
        )
        kept = self.rows(
            "SELECT p.entry_id, p.refund_id, p.date, r.amount, p.paid_entry_id, p.paid_on, "
            "e.date FROM payout_reversal p JOIN refund r ON r.id = p.refund_id "
            "JOIN journal_entry e ON e.id = p.paid_entry_id AND e.refund_id = p.refund_id "
            "ORDER BY p.entry_id"
        )
        assert [r[:4] for r in kept] == taken
        for entry, _refund, on, _amount, paid_entry, paid_on, paid_entry_on in kept:
            assert paid_entry < entry and str(paid_on) == str(paid_entry_on) <= str(on)

    @rule(i=pick, bill=st.booleans(), later=st.integers(0, 10))
    def unbilled_item(self, i: int, bill: bool, later: int) -> None:
        """An unbilled item left by a correction, billed or written off."""
        item = _choose(list(UnbilledItem.select().order_by(UnbilledItem.id)), i)
        if item is None:
            return
        on = item.invoice.date + timedelta(days=later)
        if bill:
            self.attempt(lambda: corrections.bill_unbilled(item.id, on))
        else:
            self.attempt(lambda: corrections.write_off_unbilled(item.id, on))

    # ------------------------------------------------------------ rules: the bank (issue 11)

    @rule(data=st.data(), again=st.booleans())
    def bank_statement(self, data: st.DataObject, again: bool) -> None:
        """A statement of lines paying open invoices (number in the text, or only the
        payer's name or IBAN, the exact balance or not), refunds paid out, and noise;
        sometimes read twice, which must add nothing."""
        cur = book_service.currency()
        lines = []
        for inv in data.draw(st.lists(st.sampled_from(self.open_invoices() or [None]), max_size=4)):
            if inv is None:
                continue
            balance = inv.total - inv.settled
            amount = data.draw(st.sampled_from([balance, balance - balance // 50, balance // 2]))
            # a payer named with an account of its own (PT51 and its id): the invoice's
            # customer, or a third party paying it (`a_known_account_is_its_payers`)
            payer = data.draw(st.sampled_from([inv.customer, *Customer.select()]))
            text, name, iban = data.draw(
                st.sampled_from(
                    [
                        (f"Pag {inv.number}", "", ""),
                        ("", f"Customer {inv.customer.code}", ""),
                        ("", "", f"PT50{inv.customer_id:021d}"),
                        (f"Pag {inv.number}", f"Customer {payer.code}", f"PT51{payer.id:021d}"),
                        ("", f"Customer {payer.code}", f"PT51{payer.id:021d}"),
                    ]
                )
            )
            on = inv.date + timedelta(days=data.draw(days))
            lines.append(
                StatementLine(on, on, cur.from_minor(max(amount, 1)), cur.code, name, iban, text)
            )
        for ref in Refund.select().where(Refund.paid_on.is_null()).limit(2):
            on = ref.date + timedelta(days=data.draw(days))
            lines.append(
                StatementLine(on, on, -cur.from_minor(ref.amount), cur.code, "", "", ref.number)
            )
        if not lines:
            return
        self._statements += 1
        stmt = Statement(
            "PT50BANK", f"S{self._statements}", cur.code, lines=keyed("PT50BANK", lines)
        )
        self.attempt(lambda: bank.store_statements([stmt], "statement.xml"))
        if again:
            held = BankLine.select().count()
            self.attempt(lambda: bank.store_statements([stmt], "statement.xml"))
            assert BankLine.select().count() == held, "a statement read twice added lines"

    @rule(i=pick, data=st.data())
    def bank_accept(self, i: int, data: st.DataObject) -> None:
        """A bank line accepted as proposed, or against invoices the bookkeeper picks."""
        row = _choose(list(BankLine.select().where(BankLine.status == "unmatched")), i)
        if row is None:
            return
        if row.amount > 0 and data.draw(st.booleans(), label="by hand"):
            mine = [x.number for x in self.open_invoices()]
            chosen = (
                data.draw(st.lists(st.sampled_from(mine), max_size=2, unique=True)) if mine else []
            )
            self.attempt(lambda: bank_accept.accept(row.id, chosen))
        else:
            self.attempt(lambda: bank_accept.accept(row.id))

    @rule(i=pick, later=st.integers(0, 5))
    def bank_unmatch(self, i: int, later: int) -> None:
        """An accepted line taken back: its settlements undone, the receipt refunded and paid out."""
        row = _choose(list(BankLine.select().where(BankLine.status == "matched")), i)
        if row is None:
            return
        self.attempt(
            lambda: bank_unmatch.unmatch_line(row.id, row.booking_date + timedelta(days=later))
        )

    @rule(i=pick, later=st.integers(0, 5), data=st.data())
    def bank_accept_then_unmatch_restores(self, i: int, later: int, data: st.DataObject) -> None:
        """Accepting a line and taking it back leaves the invoices, the accounts, the
        bank accounts the book knows and the line's proposal as they were; the receipt
        stays, refunded and paid out (posted documents are never edited)."""
        from app.read import bank as bank_read
        from models.tables import CustomerBankAccount

        row = _choose(list(BankLine.select().where(BankLine.status == "unmatched")), i)
        if row is None or row.amount <= 0:
            return

        def state() -> tuple[Any, ...]:
            ((_r, p),) = bank_read.proposals([bank_read.get_line(row.id)])
            known = self.rows("SELECT customer_id, iban FROM customer_bank_account ORDER BY iban")
            figures = self.figures()
            return (
                figures["invoices"],
                figures["orders"],
                figures["accounts"],
                known,
                (p.kind, p.confidence, p.customer, p.invoices),
            )

        before = state()
        mine = [x.number for x in self.open_invoices()]
        chosen = data.draw(st.lists(st.sampled_from(mine), max_size=2, unique=True)) if mine else []
        if self.attempt(lambda: bank_accept.accept(row.id, chosen)) is None:
            return
        accepted = state()
        try:
            bank_unmatch.unmatch_line(row.id, row.booking_date + timedelta(days=later))
        except UserError:  # a date before what accepting posted (an invoice dated later):
            assert state() == accepted  # refused, nothing taken back;
            bank_unmatch.unmatch_line(row.id)  # its own date is the earliest allowed
        assert state() == before
        line = BankLine.get_by_id(row.id)
        assert (line.status, line.payment_id, line.refund_id) == ("unmatched", None, None)
        assert CustomerBankAccount.select().count() == len(before[3])

    @rule(i=pick, later=st.integers(0, 5), days_after=days)
    def bank_payout_unmatch_restores(self, i: int, later: int, days_after: int) -> None:
        """A refund's payout read from the bank (a money-out line), accepted and taken
        back: the payout reversed, the refund owed again, the accounts, the refunds and
        the line's proposal as they were (the payout and its reversal stay in the journal)."""
        from app.read import bank as bank_read

        ref = _choose(list(Refund.select().where(Refund.paid_on.is_null()).order_by(Refund.id)), i)
        if ref is None:
            return
        cur = book_service.currency()
        on = ref.date + timedelta(days=days_after)
        out = StatementLine(on, on, -cur.from_minor(ref.amount), cur.code, "", "", ref.number)
        self._statements += 1
        stmt = Statement(
            "PT50BANK", f"S{self._statements}", cur.code, lines=keyed("PT50BANK", [out])
        )
        if self.attempt(lambda: bank.store_statements([stmt], "statement.xml")) is None:
            return
        row = BankLine.select().where(BankLine.key == stmt.lines[0].key).first()
        if row is None or row.status != "unmatched":
            return  # the book held that line already

        def state() -> tuple[Any, ...]:
            ((_r, p),) = bank_read.proposals([bank_read.get_line(row.id)])
            refunds_ = self.rows("SELECT number, paid_on, paid_reference FROM refund ORDER BY id")
            return (self.figures()["accounts"], refunds_, (p.kind, p.confidence, p.refund))

        before = state()
        if self.attempt(lambda: bank_accept.accept(row.id)) is None:
            return
        self.attempt(
            lambda: bank_unmatch.unmatch_line(row.id, row.booking_date + timedelta(days=later))
        )
        assert state() == before
        line = BankLine.get_by_id(row.id)
        assert (line.status, line.payment_id, line.refund_id) == ("unmatched", None, None)

    @rule(data=st.data(), i=pick, later=st.integers(0, 5))
    def bank_round_trip(self, data: st.DataObject, i: int, later: int) -> None:
        """A statement read, every proposal accepted, one line taken back: the bank's
        whole path in one step (each its own user action)."""
        self.bank_statement(data, False)
        self.bank_auto("0.4")
        self.bank_unmatch(i, later)

    @rule(confidence=st.sampled_from(["0.4", "0.75", "0.9", "0.99"]))
    def bank_auto(self, confidence: str) -> None:
        self.attempt(lambda: bank_accept.accept_all(Decimal(confidence)))

    @invariant()
    def a_known_account_is_its_payers(self) -> None:
        """A bank account the book remembers is the customer's whose name its lines carry
        (PT51 and the customer's id: `bank_statement`), however its lines were accepted —
        as proposed, against invoices picked by hand, all at once — and whoever's
        invoices they paid: a third party's payment teaches no one its account."""
        for customer, iban in self.rows(
            "SELECT customer_id, iban FROM customer_bank_account WHERE substr(iban, 1, 4) = 'PT51'"
        ):
            assert int(iban[4:]) == customer, (iban, customer)

    @invariant()
    def a_matched_bank_line_is_its_payment_or_its_payout(self) -> None:
        for line in BankLine.select():
            if line.status == "unmatched":
                assert line.payment_id is None and line.refund_id is None, line.id
            elif line.payment_id is not None:
                assert line.payment.amount == line.amount and line.refund_id is None, line.id
                assert line.payment.date == line.value_date, line.id
            else:
                assert line.refund.amount == -line.amount, line.id
                assert line.refund.paid_on == line.booking_date, line.id

    # ------------------------------------------------------------ invariants

    @invariant()
    def refunds_payable_are_the_unpaid_refunds(self) -> None:
        """Refunds payable equals the refunds not yet paid out (issue 9)."""
        (unpaid,) = self.rows("SELECT COALESCE(SUM(amount), 0) FROM refund WHERE paid_on IS NULL")
        assert -self.accounts()["refunds_payable"] == int(unpaid[0])
        for paid_on, on in self.rows("SELECT paid_on, date FROM refund WHERE paid_on IS NOT NULL"):
            assert str(paid_on) >= str(on)

    @rule(i=pick, again=st.sampled_from(["all", "one", "item"]), later=st.integers(0, 10))
    def order_hours_corrected_down_then_invoiced_again(
        self, i: int, again: str, later: int
    ) -> None:
        """An order invoice corrected down (hours left unbilled), then its order line
        invoiced again, or the unbilled item billed alone (refused while the order is live)."""
        inv = _choose(
            [x for x in self.receivables() if x.kind == "invoice" and x.order_id is not None], i
        )
        line = None if inv is None else inv.lines.order_by(InvoiceLine.seq).first()
        if line is None or line.order_line_id is None:
            return
        on = inv.date + timedelta(days=later)
        half = Decimal(line.quantity // 2) / 1000
        self.attempt(lambda: corrections.correct(inv.number, on, {line.seq: half}))
        ol = OrderLine.get_by_id(line.order_line_id)
        if again == "item":
            item = UnbilledItem.select().where(UnbilledItem.status == "open").first()
            if item is not None:
                self.attempt(lambda: corrections.bill_unbilled(item.id, on))
            return
        milli = {"all": ol.quantity - ol.invoiced_quantity, "one": 1000}[again]
        order = Order.get_by_id(ol.order_id)
        qty = {ol.seq: Decimal(milli) / 1000}
        self.attempt(lambda: orders.invoice_order(order.number, on, line_qty=qty))

    @invariant()
    def an_order_line_is_never_billed_beyond_its_quantity(self) -> None:
        """An order line is never billed beyond its ordered quantity, unbilled items
        included: what its invoices bill net of credits and corrections plus the hours
        corrections left unbilled on it (issue 9, QA pass)."""
        held = dict(
            self.rows(
                "SELECT il.order_line_id, SUM(u.quantity) FROM unbilled_item u "
                "JOIN invoice_line il ON il.id = u.original_line_id "
                "WHERE u.status = 'open' AND il.order_line_id IS NOT NULL "
                "GROUP BY il.order_line_id"
            )
        )
        for lid, quantity, invoiced, status in self.rows(
            "SELECT ol.id, ol.quantity, ol.invoiced_quantity, o.status FROM order_line ol "
            'JOIN "order" o ON o.id = ol.order_id'
        ):
            if status != "cancelled":
                assert invoiced + int(held.get(lid, 0) or 0) <= quantity, (lid, held.get(lid))

    @staticmethod
    def rows(sql: str) -> list[tuple[Any, ...]]:
        """Plain SQL for the invariants: they run after every step."""
        return [tuple(r) for r in database.execute_sql(sql).fetchall()]

    def accounts(self) -> dict[str, int]:
        sums = dict(
            self.rows("SELECT account, SUM(debit - credit) FROM journal_line GROUP BY account")
        )
        return {a: int(sums.get(a, 0) or 0) for a in ACCOUNTS}

    def figures(self) -> dict[str, Any]:
        """Every cached figure and account balance: what unsettling must restore."""
        return {
            "invoices": self.rows(
                "SELECT number, settled, discount_taken, status FROM invoice ORDER BY id"
            ),
            "payments": self.rows("SELECT number, applied, refunded FROM payment ORDER BY id"),
            "orders": self.rows('SELECT number, status, paid, refunded FROM "order" ORDER BY id'),
            "accounts": self.accounts(),
        }

    @invariant()
    def book_checks(self) -> None:
        report = check_book()
        assert report.ok, report.problems

    @invariant()
    def invariants_of_the_book(self) -> None:
        cur = book_service.currency()
        # The journal balances; receivables + advances = open balances − credit.
        lines = self.rows("SELECT debit, credit FROM journal_line")
        assert sum(d - c for d, c in lines) == 0
        assert all(d >= 0 and c >= 0 for d, c in lines)
        acc = self.accounts()
        invoices = self.rows(
            "SELECT id, number, kind, status, total, settled, discount_taken, terms_text, "
            "order_id FROM invoice"
        )
        payments = self.rows(
            "SELECT id, number, amount, applied, refunded, order_id, customer_id FROM payment"
        )
        posted = [i for i in invoices if i[3] != "draft"]
        open_balances = sum(i[4] - i[5] for i in posted)
        credit = sum(p[2] - p[3] - p[4] for p in payments)
        assert acc["receivables"] + acc["customer_advances"] == open_balances - credit

        settles: dict[int, int] = {}
        discounts: dict[int, int] = {}  # cash discount, reversals included
        waived: dict[int, int] = {}  # full-settlement waivers (§3.6)
        applied: dict[int, int] = {}
        from_credit: dict[int, int] = {}
        for inv_id, pay_id, cn_id, amount, disc, wo, full, text in self.rows(
            "SELECT invoice_id, payment_id, credit_note_id, amount, discount, writeoff, "
            "full_settlement, explanation FROM settlement"
        ):
            settles[inv_id] = settles.get(inv_id, 0) + amount + disc + wo + full
            discounts[inv_id] = discounts.get(inv_id, 0) + disc
            waived[inv_id] = waived.get(inv_id, 0) + full
            if pay_id is not None:
                applied[pay_id] = applied.get(pay_id, 0) + amount
            if cn_id is not None:
                from_credit[cn_id] = from_credit.get(cn_id, 0) + amount
            assert text, "a settlement without its explanation"
        refunds_by_payment: dict[int, int] = {}
        refunds_by_credit: dict[int, int] = {}
        refunds_by_order: dict[int, int] = {}
        for pay_id, cn_id, order_id, amount in self.rows(
            "SELECT payment_id, credit_note_id, order_id, amount FROM refund"
        ):
            assert amount > 0
            if pay_id is not None:
                refunds_by_payment[pay_id] = refunds_by_payment.get(pay_id, 0) + amount
            if cn_id is not None:
                refunds_by_credit[cn_id] = refunds_by_credit.get(cn_id, 0) + amount
            if order_id is not None:
                refunds_by_order[order_id] = refunds_by_order.get(order_id, 0) + amount

        for inv_id, number, _kind, status, total, settled, taken, terms_text, _ in posted:
            if total > 0:
                # No receivable balance below zero or above its total.
                assert 0 <= settled <= total, number
                assert settled == settles.get(inv_id, 0), number
                # discount_taken counts waivers too: they are posted as
                # additional cash discount and a credit note reverses them.
                assert taken == discounts.get(inv_id, 0) + waived.get(inv_id, 0), number
                if terms_text:
                    # Discounts on one invoice never exceed total × percent.
                    pct = parse_terms(terms_text).max_percent
                    cap = cur.round(cur.from_minor(total) * pct / HUNDRED)
                    assert cur.from_minor(discounts.get(inv_id, 0)) <= cap, number
                if status != "corrected":
                    want = (
                        "settled"
                        if settled == total
                        else "posted"
                        if settled == 0
                        else "partially_settled"
                    )
                    assert status == want, (number, status, want)
            elif total < 0:
                # A credit's balance stays within [total, 0].
                assert total <= settled <= 0, number
                used = from_credit.get(inv_id, 0) + refunds_by_credit.get(inv_id, 0)
                assert -settled == used, number
                assert settles.get(inv_id, 0) == 0

        for pay_id, number, amount, applied_, refunded, _order, _cust in payments:
            # Every cent is applied, unapplied or refunded.
            unapplied = amount - applied_ - refunded
            assert amount > 0
            assert applied_ >= 0 and refunded >= 0 and unapplied >= 0, number
            assert applied_ == applied.get(pay_id, 0), number
            assert refunded == refunds_by_payment.get(pay_id, 0), number

        # Orders: money received, refunded and invoiced add up; status follows.
        paid_by_order: dict[int, int] = {}
        for p in payments:
            if p[5] is not None:
                paid_by_order[p[5]] = paid_by_order.get(p[5], 0) + p[2]
        # Its invoices net of their credit notes and corrections (issue 9).
        invoiced_by_order = self.invoiced_by_order()
        line_sums: dict[int, int] = {}
        for order_id, amount, quantity, invoiced_qty, removed in self.rows(
            "SELECT order_id, amount, quantity, invoiced_quantity, removed FROM order_line"
        ):
            assert 0 <= invoiced_qty <= quantity
            if not removed:
                line_sums[order_id] = line_sums.get(order_id, 0) + amount
        for oid, number, status, total, discount, invoiced, paid, refunded in self.rows(
            'SELECT id, number, status, total, discount, invoiced, paid, refunded FROM "order"'
        ):
            assert paid == paid_by_order.get(oid, 0), number
            assert refunded == refunds_by_order.get(oid, 0), number
            assert refunded <= paid, number
            assert invoiced == invoiced_by_order.get(oid, 0), number
            assert total == line_sums.get(oid, 0) - discount, number
            if status != "cancelled":
                want = (
                    "open"
                    if invoiced == 0
                    else "invoiced"
                    if invoiced >= total
                    else "partially_invoiced"
                )
                assert status == want, (number, status, want)

    @invariant()
    def customers_net(self) -> None:
        """What `show customer` reports adds up to the receivables accounts."""
        acc = self.accounts()
        total = 0
        for c in Customer.select(Customer.id):
            open_balance, credit = customer_figures(c.id)
            assert open_balance >= 0 and credit >= 0
            total += open_balance - credit
        assert total == acc["receivables"] + acc["customer_advances"]


EXAMPLES = int(os.environ.get("ACERTO_INVARIANT_EXAMPLES", "500"))
QUICK_EXAMPLES = int(os.environ.get("ACERTO_INVARIANT_EXAMPLES_QUICK", "10"))
STEPS = int(os.environ.get("ACERTO_INVARIANT_STEPS", "15"))


def machine_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=STEPS,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


# The full run (EXAMPLES sequences, minutes) is in the slow lane; the fast
# lane runs the same machine on QUICK_EXAMPLES sequences (seconds).
BookMachine.TestCase.settings = machine_settings(EXAMPLES)
TestBookInvariants = pytest.mark.slow(BookMachine.TestCase)


class QuickBookMachine(BookMachine):
    """The same machine, its own TestCase (settings are per machine class)."""


QuickBookMachine.TestCase.settings = machine_settings(QUICK_EXAMPLES)
TestBookInvariantsQuick = QuickBookMachine.TestCase


class PostgresBookMachine(BookMachine):
    def open_book(self) -> None:
        fresh_postgres_book(PG_URL)


if PG_URL:
    PostgresBookMachine.TestCase.settings = machine_settings(
        int(os.environ.get("ACERTO_INVARIANT_EXAMPLES_PG", "60"))
    )
    TestBookInvariantsPostgres = pytest.mark.slow(PostgresBookMachine.TestCase)
