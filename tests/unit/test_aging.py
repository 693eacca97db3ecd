"""Aging as of a date (SPEC §6): buckets, bases, history, credit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.errors import UserError
from app.read.aging import CREDIT, bucket_of, compute_aging, make_buckets
from tests.builders import credit_note, make_customer, make_invoice, pay, settle

AS_OF = date(2026, 6, 30)
LIMITS = (30, 60, 90, 120)


def D(x: str) -> Decimal:
    return Decimal(x)


def test_bucket_labels_for_both_bases() -> None:
    assert [b.label for b in make_buckets(LIMITS, "due")] == [
        "Current",
        "1–30",
        "31–60",
        "61–90",
        "91–120",
        "over 120",
    ]
    assert [b.label for b in make_buckets(LIMITS, "invoice")] == [
        "0–30",
        "31–60",
        "61–90",
        "91–120",
        "over 120",
    ]
    assert [b.label for b in make_buckets((15, 45), "due")] == [
        "Current",
        "1–15",
        "16–45",
        "over 45",
    ]


@pytest.mark.parametrize("bad", [(), (30, 30), (60, 30), (0, 30), (-5,)])
def test_bad_buckets_are_refused(bad: tuple[int, ...]) -> None:
    with pytest.raises(UserError):
        make_buckets(bad, "due")


def test_bad_basis_is_refused() -> None:
    with pytest.raises(UserError, match="due.*invoice"):
        make_buckets(LIMITS, "posting")


@pytest.mark.parametrize(
    ("days", "due_bucket", "invoice_bucket"),
    [
        (-3, 0, 0),
        (0, 0, 0),
        (1, 1, 0),
        (30, 1, 0),
        (31, 2, 1),
        (60, 2, 1),
        (61, 3, 2),
        (90, 3, 2),
        (91, 4, 3),
        (120, 4, 3),
        (121, 5, 4),
        (4000, 5, 4),
    ],
)
def test_bucket_of_boundaries(days: int, due_bucket: int, invoice_bucket: int) -> None:
    assert bucket_of(days, LIMITS, "due") == due_bucket
    assert bucket_of(days, LIMITS, "invoice") == invoice_bucket


def _invoice_due_days_ago(days: int, customer: str = "C1") -> str:
    """An invoice on net 30 terms whose due date is `days` before AS_OF."""
    due = AS_OF - timedelta(days=days)
    inv = make_invoice("100.00", customer=customer, on=due - timedelta(days=30), terms="net 30")
    assert inv.due_date == due
    return inv.number


@pytest.mark.parametrize(
    ("overdue", "label"),
    [(0, "Current"), (1, "1–30"), (30, "1–30"), (31, "31–60"), (120, "91–120"), (121, "over 120")],
)
def test_due_basis_boundaries_through_the_book(book: object, overdue: int, label: str) -> None:
    number = _invoice_due_days_ago(overdue)
    aging = compute_aging(AS_OF, "due", LIMITS)
    labels = [b.label for b in aging.buckets]
    (item,) = list(aging.items())
    assert item.document == number
    assert labels[item.bucket] == label
    assert item.days == overdue
    (c,) = aging.customers
    assert c.buckets[labels.index(label)] == D("100.00")
    assert c.total == D("100.00")


def test_not_yet_due_is_current_with_zero_days_overdue(book: object) -> None:
    make_invoice("80.00", on=AS_OF - timedelta(days=5), terms="net 30")
    (item,) = list(compute_aging(AS_OF, "due", LIMITS).items())
    assert (item.bucket, item.days) == (0, 0)


@pytest.mark.parametrize(
    ("age", "label"), [(0, "0–30"), (30, "0–30"), (31, "31–60"), (120, "91–120"), (121, "over 120")]
)
def test_invoice_basis_boundaries(book: object, age: int, label: str) -> None:
    make_invoice("100.00", on=AS_OF - timedelta(days=age), terms="net 30")
    aging = compute_aging(AS_OF, "invoice", LIMITS)
    (item,) = list(aging.items())
    assert [b.label for b in aging.buckets][item.bucket] == label
    assert item.days == age


def test_custom_buckets(book: object) -> None:
    for days in (10, 20, 50):
        _invoice_due_days_ago(days)
    aging = compute_aging(AS_OF, "due", (15, 45))
    (c,) = aging.customers
    assert [b.label for b in aging.buckets] == ["Current", "1–15", "16–45", "over 45"]
    assert c.buckets == [D("0.00"), D("100.00"), D("100.00"), D("100.00")]
    assert c.percents() == [D("0"), D("0.3333"), D("0.3333"), D("0.3333")]


def test_defaults_come_from_the_book_settings(book: object) -> None:
    from app.services import book as book_service

    book_service.set_setting("aging_basis", "invoice")
    book_service.set_setting("aging_buckets", "10,20")
    make_invoice("100.00", on=AS_OF - timedelta(days=15), terms="net 30")
    aging = compute_aging(AS_OF)
    assert aging.basis == "invoice"
    assert [b.label for b in aging.buckets] == ["0–10", "11–20", "over 20"]
    assert aging.customers[0].buckets == [D("0.00"), D("100.00"), D("0.00")]


def test_as_of_before_later_payments_and_documents(book: object) -> None:
    inv = make_invoice("100.00", on=date(2026, 1, 1), terms="net 30")
    p = pay("60.00", on=date(2026, 3, 1))
    settle(p, inv)
    make_invoice("40.00", on=date(2026, 4, 1), terms="net 30")  # after the earlier as-of
    early = compute_aging(date(2026, 2, 28), "due", LIMITS)
    (c,) = early.customers
    assert c.total == D("100.00")  # the payment of March does not count yet
    assert c.credit == D("0")
    assert [i.document for i in early.items()] == [inv.number]
    late = compute_aging(date(2026, 4, 30), "due", LIMITS)
    assert late.customers[0].total == D("80.00")
    assert sorted(i.open for i in late.items()) == [D("40.00"), D("40.00")]


def test_unsettlement_after_the_as_of_date_does_not_count_yet(book: object) -> None:
    from app.services import settlements

    inv = make_invoice("100.00", on=date(2026, 1, 1), terms="net 30")
    p = pay("100.00", on=date(2026, 1, 10))
    (s,) = settle(p, inv)
    settlements.unsettle(s.id, on=date(2026, 3, 1))
    assert compute_aging(date(2026, 2, 1), "due", LIMITS).customers == []
    after = compute_aging(date(2026, 3, 1), "due", LIMITS)
    (c,) = after.customers
    assert (c.total, c.credit, c.net) == (D("100.00"), D("100.00"), D("0.00"))


def test_unapplied_payment_is_credit_not_a_bucket(book: object) -> None:
    make_customer("C2", terms="net 30", name="Núñez")
    _invoice_due_days_ago(10, customer="C2")
    pay("250.00", customer="C2", on=AS_OF - timedelta(days=1))
    aging = compute_aging(AS_OF, "due", LIMITS)
    (c,) = aging.customers
    assert (c.total, c.credit, c.net) == (D("100.00"), D("250.00"), D("-150.00"))
    items = list(aging.items())
    credit = [i for i in items if i.bucket == CREDIT]
    assert [(i.kind, i.open, i.amount) for i in credit] == [("payment", D("-250.00"), D("-250.00"))]
    assert aging.bucket_totals[1] == D("100.00")


def test_credit_note_beyond_the_balance_is_credit(book: object) -> None:
    inv = make_invoice("100.00", on=date(2026, 5, 1), terms="net 30")
    p = pay("60.00", on=date(2026, 5, 5))
    settle(p, inv)
    cn = credit_note(inv, amount="70.00", on=date(2026, 5, 20), reason="returned")
    aging = compute_aging(AS_OF, "due", LIMITS)
    (c,) = aging.customers
    assert (c.total, c.credit) == (D("0"), D("30.00"))
    (item,) = list(aging.items())
    assert (item.document, item.kind, item.open) == (cn.number, "credit_note", D("-30.00"))
    # Before the credit note, the invoice was open 40.00.
    before = compute_aging(date(2026, 5, 19), "due", LIMITS)
    assert before.customers[0].total == D("40.00")
    assert before.customers[0].credit == 0


def test_many_customers_are_ordered_and_totalled(book: object) -> None:
    for code in ("B", "A", "C"):
        make_customer(code, terms="net 30", name=f"Cliente {code}")
        _invoice_due_days_ago(45, customer=code)
    aging = compute_aging(AS_OF, "due", LIMITS)
    assert [c.code for c in aging.customers] == ["A", "B", "C"]
    assert [i.customer_code for i in aging.items()] == ["A", "B", "C"]
    assert aging.total == D("300.00")
    assert aging.bucket_totals == [D("0"), D("0"), D("300.00"), D("0"), D("0"), D("0")]
