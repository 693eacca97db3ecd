"""Proposals asked of the book's indexes are those of the whole book read (issue 11, prop11).

`bank_read.proposals()` reads no open invoice up front: the matcher asks
the book (app/read/bank_lookup.py) for the invoices its lines name and the
ones their amounts may settle. Proposing each line against every open
invoice read (`match_book()`, what accepting a line does) must give the
same proposal: kind, confidence, customer, invoices, reason and
explanation — on a book with drafts, settled and partly paid invoices,
credit notes, numbers of another width, three kinds of terms and a
remembered bank account, on every backend.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.exchange.bank import accept
from app.read import bank as bank_read
from app.rules.bank_match import Proposal, propose
from app.rules.statement import Statement, StatementLine, keyed
from app.services import bank
from app.services import book as book_service
from models.db import database
from models.tables import Invoice
from tests.builders import DAY0, credit_note, make_customer, make_invoice, pay, settle

D = Decimal
IBAN = "PT50000201231234567890154"


def _said(p: Proposal) -> tuple[object, ...]:
    return (p.kind, p.confidence, p.customer, p.invoices, p.refund, p.reason, p.explanation)


def _book() -> None:
    make_customer("C1", "2% 10, net 30", "Peña Hermanos S.L.")
    make_customer("C2", "net 30", "Açores Pescas")
    make_customer("C3", "3% 5, 1.5% 15, net 45", "Padaria Bom Dia")
    for n, (total, who, ago) in enumerate(
        [
            ("100.00", "C1", 0),  # INV-000001
            ("50.00", "C2", 3),
            ("70.00", "C2", 1),
            ("200.00", "C3", 0),
            ("49.00", "C1", 2),  # INV-000005
            ("20.00", "C2", 5),
            ("30.00", "C2", 4),
            ("100.00", "C1", 6),  # the same amount as INV-000001
            ("980.00", "C3", 1),
        ]
    ):
        make_invoice(total, customer=who, on=DAY0 - timedelta(days=ago + n % 2))
    make_invoice("60.00", customer="C1", draft=True)
    settle(pay("70.00", customer="C2"), "INV-000003")  # settled: no longer open
    settle(pay("25.00", customer="C3"), "INV-000004")  # 175.00 left
    credit_note("INV-000009", amount="80.00")  # a credit note: never proposed
    # a number of another width, as an imported book may have one
    Invoice.update(number="INV-77").where(Invoice.number == "INV-000008").execute()


def _lines() -> list[StatementLine]:
    on = DAY0 + timedelta(days=4)
    rows = [
        (D("98.00"), "", "", "Pagamento INV-000001"),  # the discount of the day
        (D("49.00"), "", "", "inv 5"),  # another spelling
        (D("70.00"), "", "", "INV00003"),  # settled already
        (D("60.00"), "", "", "INV-000010"),  # no such invoice (the draft has no number yet)
        (D("100.00"), "", "", "INV-77 e INV-000001"),  # two, one of another width
        (D("175.00"), "", "", "INV 4"),  # what is left after a part payment
        (D("171.50"), "PADARIA BOM DIA", "", "transferencia"),  # 175 less 2 %: no tier
        (D("50.00"), "Acores Pescas Lda", "", "obrigado"),  # by name, one invoice
        (D("50.00"), "", IBAN, "?"),  # by the account remembered below
        (D("100.00"), "Pena Hermanos", "", "x"),  # two of the same amount
        (D("98.00"), "Pena Hermanos", "", "y"),  # discounted
        (D("149.00"), "Pena Hermanos", "", "z"),  # a combination
        (D("12.34"), "Pena Hermanos", "", "w"),  # nothing fits: the oldest
        (D("5.00"), "Nobody Known", "", "?"),  # nobody
        (D("-20.00"), "", "", "refund"),  # money out, no refund open
    ]
    return [StatementLine(on, on, a, "EUR", name, iban, text) for a, name, iban, text in rows]


def test_proposals_asked_of_the_indexes_are_those_of_the_whole_book(book) -> None:  # type: ignore[no-untyped-def]
    _book()
    first = StatementLine(DAY0, DAY0, D("20.00"), "EUR", "", IBAN, "pays INV-000006")
    bank.store_statements([Statement("PT50X", "S0", "EUR", lines=keyed("PT50X", [first]))], "a")
    accept.accept(bank_read.unmatched_rows()[0].id)  # the account is remembered for C2
    statement = Statement("PT50X", "S1", "EUR", lines=keyed("PT50X", _lines()))
    bank.store_statements([statement], "s.xml")
    found = bank_read.proposals()
    assert len(found) == len(_lines())
    whole = bank_read.match_book()
    cur = book_service.currency()
    want = [_said(propose(bank_read.as_statement_line(r, cur), whole)) for r, _p in found]
    assert [_said(p) for _r, p in found] == want
    # `show bank-line` proposes its one line the same way, reading only what it touches
    for r, _p in found:
        line = bank_read.as_statement_line(r, cur)
        shown = bank_read.show_line(str(r.id))["proposal"]
        assert shown == bank_read.proposal_json(propose(line, bank_read.match_book()), cur)
    kinds = [(p.kind, p.invoices) for _r, p in found]
    assert kinds[0] == ("invoices", ("INV-000001",))
    assert kinds[1] == ("invoices", ("INV-000005",))
    assert kinds[7][0] == kinds[8][0] == "invoices"
    assert kinds[-2][0] == kinds[-1][0] == "none"


def test_a_customers_balances_are_asked_through_its_own_index(book) -> None:  # type: ignore[no-untyped-def]
    """SQLite reads a line's window of a customer's balances from the partial index
    (models/schema.py MATCH_INDEX), not a row of every invoice of the customer."""
    from app.read import bank_lookup

    if book.backend != "sqlite":
        return
    sql = bank_lookup._windows_sql("?", 2)
    plan = " ".join(
        str(r[-1])
        for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, [0, 1, 2, 3, 1, 1, 2, 3])
    )
    assert "invoice_customer_open_balance" in plan, plan


def test_the_pass_over_every_invoice_read_ahead_is_the_lookups_own(book, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`shapes_ahead` (accept-all: the pass read on a thread of its own while the lines
    are read) gives the lookup the same terms and lengths as its own pass; on a book
    with no second connection it reads nothing and the lookup reads the pass itself;
    a failure on the thread is raised in the caller's; the block is left with the
    thread ended, whatever happened in it; accept-all uses it."""
    import threading
    import time

    from app.read import bank_lookup

    def running() -> list[str]:
        return [t.name for t in threading.enumerate() if t.name.startswith("acerto-invoice-shapes")]

    _book()  # three terms, numbers of two widths (INV-77)
    codes = dict(database.execute_sql('SELECT "id", "code" FROM "customer"').fetchall())
    own = bank_lookup.BookLookup(codes)
    assert {"2% 10, net 30", "net 30", "3% 5, 1.5% 15, net 45"} <= own.terms
    assert {10, 6} <= own.lengths  # INV-000001, INV-77
    with book_service.transaction():
        with bank_lookup.shapes_ahead() as ahead:
            read = ahead()
            given = bank_lookup.BookLookup(codes, shapes=ahead)
        if book.backend == "sqlite":
            assert read is not None
            assert sorted(read) == sorted(database.execute_sql(bank_lookup._SHAPES).fetchall())
        else:
            assert read is None  # no committed reader: the lookup asks the book
    assert (given.terms, given.lengths) == (own.terms, own.lengths)
    # Left early (the block failed before asking): the thread has ended all the same,
    # even one slower than the block (its connection closed before the book is).
    from contextlib import contextmanager

    reader = bank_lookup.committed_reader

    @contextmanager
    def slow(db: object = None):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        with reader(db) as conn:
            yield conn

    with monkeypatch.context() as m:
        m.setattr(bank_lookup, "committed_reader", slow)
        with pytest.raises(KeyError), bank_lookup.shapes_ahead():
            raise KeyError("the lines could not be read")
        assert running() == []

    def broken(db: object = None) -> None:
        raise RuntimeError("the pass failed")

    with monkeypatch.context() as m:
        m.setattr(bank_lookup, "committed_reader", broken)
        with bank_lookup.shapes_ahead() as failed, pytest.raises(RuntimeError, match="failed"):
            bank_lookup.BookLookup(codes, shapes=failed)
    assert running() == []

    # accept-all takes the pass from it (on SQLite, where its batch has a committed reader)
    asked = []
    ahead_of = bank_lookup.shapes_ahead

    def counted():  # type: ignore[no-untyped-def]
        asked.append(1)
        return ahead_of()

    monkeypatch.setattr(bank_read, "shapes_ahead", counted)
    statement = Statement("PT50X", "S1", "EUR", lines=keyed("PT50X", _lines()))
    bank.store_statements([statement], "s.xml")
    assert accept.accept_all(D("0.9")).accepted
    assert asked == ([1] if book.backend == "sqlite" else [])
    assert running() == []
