"""`acerto demo` and app.demo: a consistent book, the story's rules, history posted
through the services (the demo writes nothing of its own)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.demo import DemoCancelled, make_demo
from app.read.check import check_book
from app.services import book, invoices, payments
from models.db import close_db
from models.tables import ALL_TABLES, Invoice, Settlement, UnbilledItem

TODAY = date(2026, 3, 31)


def _rows_without_stamps() -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for table in ALL_TABLES:
        fields = [f for f in table._meta.sorted_fields if f.name != "posted_at"]
        out[table._meta.table_name] = list(
            table.select(*fields).order_by(table._meta.primary_key).tuples()
        )
    return out


def _fresh(path) -> None:
    book.open_book(str(path))
    book.initialise("EUR", "")


def test_demo_command_makes_a_consistent_book(cli):
    r = cli.run("demo", "--customers", "10", "--invoices", "60", "--today", "2026-03-31", "--quiet")
    assert r.code == 0, r.err
    assert "10 customers" in r.out and "60 invoices" in r.out
    assert cli.run("check").code == 0
    s = cli.json("customer", "C0001")
    assert s["name"] == "Conceição & Filhos, Lda"
    cli.fails(
        "demo", match="The book already has documents; make the demo in a new book with --book"
    )


def test_demo_story_exercises_the_rules(book_path):
    _fresh(book_path)
    summary = make_demo(customers=8, invoices=0, seed=3, today=TODAY)
    try:
        assert (
            summary.credit_notes == 2 and summary.corrective_invoices == 3 and summary.refunds == 2
        )
        rows = list(Settlement.select())
        assert any(s.discount > 0 for s in rows)  # cash discount
        assert any("partial-payment discount" in s.explanation for s in rows)
        assert any(s.writeoff > 0 for s in rows) and any(s.writeoff < 0 for s in rows)  # tolerance
        assert any(s.full_settlement > 0 for s in rows)
        assert any(s.automatic for s in rows)  # order money
        assert any(s.reverses_id is not None for s in rows)  # unsettlement
        assert any(
            s.credit_note_id is not None and s.discount < 0 for s in rows
        )  # discount netting
        assert Invoice.select().where(Invoice.kind == "standalone").exists()
        assert {u.status for u in UnbilledItem.select()} == {"open", "billed", "not_chargeable"}
        # Open items in every aging bucket (by days past due).
        open_items = Invoice.select().where((Invoice.total > 0) & (Invoice.settled < Invoice.total))
        overdue = {(TODAY - i.due_date).days for i in open_items}
        buckets = {
            0
            if d <= 0
            else 1
            if d <= 30
            else 2
            if d <= 60
            else 3
            if d <= 90
            else 4
            if d <= 120
            else 5
            for d in overdue
        }
        assert buckets == {0, 1, 2, 3, 4, 5}
        assert check_book().ok, check_book().problems
    finally:
        close_db()


@pytest.mark.parametrize("customers", [1, 3, 25])
def test_demo_any_number_of_customers(book_path, customers):
    _fresh(book_path)
    try:
        s = make_demo(customers=customers, invoices=80, seed=customers, today=TODAY)
        assert (s.customers, s.invoices) == (customers, 80)
        assert check_book().ok, check_book().problems
    finally:
        close_db()


def test_demo_writes_only_through_the_services():
    """app.demo names no table and no database: every row it makes, a service made."""
    import ast
    from pathlib import Path

    import app.demo

    folder = Path(app.demo.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(("models", "peewee")), f"{path.name} imports {name}"


@pytest.mark.slow
def test_large_demo_passes_check(book_path):
    _fresh(book_path)
    try:
        s = make_demo(customers=30, invoices=2000, seed=2, today=TODAY)
        assert s.invoices == 2000
        report = check_book()
        assert report.ok, report.problems[:5]
        dates = [i.date for i in Invoice.select(Invoice.date)]
        assert min(dates) < TODAY - timedelta(days=300) and max(dates) <= TODAY
        # The services carry on after the demo (numbers continue).
        inv = invoices.create_invoice("C0001", TODAY, amount=book.currency().parse("10.00"))
        assert inv.number == "INV-002001"
    finally:
        close_db()


@pytest.mark.slow
def test_progress_and_cancel_leave_the_book_unchanged(book_path):
    _fresh(book_path)
    seen: list[tuple[int, int]] = []
    try:
        with pytest.raises(DemoCancelled):
            make_demo(
                invoices=3000,
                today=TODAY,
                progress=lambda d, t: seen.append((d, t)),
                cancelled=lambda: len(seen) >= 2,
            )
        assert seen and all(t == 3000 for _, t in seen)
        assert not Invoice.select().exists()
        from models.tables import Customer

        assert not Customer.select().exists()
    finally:
        close_db()


def test_demo_is_reproducible(tmp_path):
    dumps = []
    for n in range(2):
        _fresh(tmp_path / f"r{n}.sqlite")
        try:
            make_demo(customers=5, invoices=50, seed=9, today=TODAY)
            dumps.append(_rows_without_stamps())
        finally:
            close_db()
    assert dumps[0] == dumps[1]


def test_demo_on_postgresql():
    """With ACERTO_TEST_PG set: the demo makes a consistent book on PostgreSQL too."""
    from tests.builders import PG_URL, fresh_postgres_book

    if not PG_URL:
        pytest.skip("set ACERTO_TEST_PG=postgresql://... to run against PostgreSQL")
    fresh_postgres_book(PG_URL)
    book.initialise("EUR", "")
    try:
        s = make_demo(customers=7, invoices=150, seed=5, today=TODAY)
        assert s.invoices == 150
        assert check_book().ok, check_book().problems[:5]
        pay = payments.create_payment("C0001", TODAY, book.currency().parse("1.00"))
        assert pay.number == f"PAY-{s.payments + 1:06d}"
    finally:
        close_db()
