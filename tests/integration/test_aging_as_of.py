"""The aging's open items as of any date equal the plain reading (issue 12).

The aging reads what is open now (the invoices' `settled`, the payments'
`applied` and `refunded`, kept by the services) plus what was settled,
applied or refunded after its date, instead of summing every settlement up
to the date. On a demo book with payments, settlements, refunds and credit
notes spread over the year, for as-of dates before, among and after them,
every open item and its open amount equal the sums of the rows dated up to
the as-of date, written plainly in Python; on SQLite and, with
ACERTO_TEST_PG, on PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.read import aging, aging_queries
from app.services import book
from models.tables import Invoice, Payment, Refund, Settlement
from tests import builders
from tests.builders import PG_URL

TODAY = date(2026, 3, 31)


@pytest.fixture(scope="module", params=["sqlite", "postgres"] if PG_URL else ["sqlite"])
def demo_book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("aging")
    yield builders.demo_book(
        request.param, folder, "Aging", customers=6, invoices=120, seed=5, today=TODAY
    )
    book.close_book()


def _plain(as_of: date) -> dict[str, Decimal]:
    """Every open item's open amount as of `as_of` (credits negative), from the rows."""
    settled: dict[int, int] = defaultdict(int)
    applied: dict[int, int] = defaultdict(int)
    given: dict[int, int] = defaultdict(int)
    for s in Settlement.select().where(Settlement.date <= as_of):
        settled[s.invoice_id] += s.amount + s.discount + s.writeoff + s.full_settlement
        if s.payment_id:
            applied[s.payment_id] += s.amount
        if s.credit_note_id:
            given[s.credit_note_id] += s.amount
    for r in Refund.select().where(Refund.date <= as_of):
        if r.payment_id:
            applied[r.payment_id] += r.amount
        if r.credit_note_id:
            given[r.credit_note_id] += r.amount
    out: dict[str, Decimal] = {}
    for inv in Invoice.select().where((Invoice.date <= as_of) & (Invoice.status != "draft")):
        if inv.total > 0 and inv.kind in aging_queries.RECEIVABLE_KINDS:
            left = inv.total - settled[inv.id]
        elif inv.total < 0:
            left = inv.total + given[inv.id]
        else:
            continue
        if left:
            out[inv.number] = Decimal(left) / 100
    for pay in Payment.select().where(Payment.date <= as_of):
        if left := pay.amount - applied[pay.id]:
            out[pay.number] = -Decimal(left) / 100
    return out


def test_open_items_as_of_every_date_equal_the_rows(demo_book: str) -> None:
    assert Settlement.select().where(Settlement.date > TODAY - timedelta(days=60)).count()
    assert Refund.select().count() or Invoice.select().where(Invoice.total < 0).count()
    seen = 0
    for back in (400, 200, 120, 90, 60, 45, 30, 20, 10, 5, 0, -30):
        as_of = TODAY - timedelta(days=back)
        with book.reading():
            report = aging.plan_aging(as_of, "due", (30, 60, 90))
            got = {row[2]: row[8] for row in report.rows()}
            totals = aging.compute_aging(as_of, "due", (30, 60, 90))
        want = _plain(as_of)
        assert got == want, as_of
        assert report.item_count == totals.item_count == len(want)
        assert report.total == totals.total and report.credit == totals.credit
        seen += len(want)
    assert seen > 100


@pytest.fixture(params=["sqlite", "postgres"] if PG_URL else ["sqlite"])
def closed_later(request: pytest.FixtureRequest, tmp_path: Any) -> Any:
    """Documents closed now by a settlement or a refund dated after the as-of date:
    a payment refunded in full, a payment applied in full, the invoice it settled."""
    from app.services.refunds import refund_credit

    if request.param == "postgres":
        builders.fresh_postgres_book(PG_URL)
    else:
        book.open_book(str(tmp_path / "closed.sqlite"))
    book.initialise("EUR", "Fechado depois")
    builders.make_customer("C1", terms="net 30")
    builders.make_invoice("70.00", "C1", on=TODAY - timedelta(days=40))
    refunded = builders.pay("30.00", "C1", on=TODAY - timedelta(days=20))
    refund_credit(refunded.number, TODAY - timedelta(days=5), reason="devolvido")
    applied = builders.pay("70.00", "C1", on=TODAY - timedelta(days=20))
    builders.settle(applied, on=TODAY - timedelta(days=5))
    yield request.param
    book.close_book()


def test_documents_closed_after_the_date_are_open_as_of_it(closed_later: str) -> None:
    """Their balances now are 0: only the later refund and settlement show them open
    (on PostgreSQL the open items are looked up through the balances and the ids of
    what was settled or refunded later, app/read/aging_queries.py `through_balances`)."""
    for back, items in ((10, 3), (5, 0), (0, 0)):
        as_of = TODAY - timedelta(days=back)
        with book.reading():
            got = {row[2]: row[8] for row in aging.plan_aging(as_of, "due", (30, 60)).rows()}
        assert got == _plain(as_of), as_of
        assert len(got) == items, as_of
