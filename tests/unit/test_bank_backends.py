"""Bank matching reads the book with raw queries (app/read/bank.py: columns as the
database gives them): the same proposals, preview, cross-format identity and
accept-all on every backend (SQLite, and PostgreSQL when ACERTO_TEST_PG is set)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.exchange.bank import accept
from app.read import bank as bank_read
from app.rules.statement import Statement, StatementLine, keyed
from app.services import bank
from tests.builders import DAY0, make_customer, make_invoice

D = Decimal


def test_proposals_preview_twins_and_accept_all(book) -> None:  # type: ignore[no-untyped-def]
    make_customer("C1", "2% 10, net 30", "Peña Hermanos S.L.")
    make_customer("C2", "net 30", "Açores Pescas")
    make_invoice("100.00", customer="C1")
    make_invoice("50.00", customer="C2")
    make_invoice("70.00", customer="C2")
    on = DAY0 + timedelta(days=3)
    lines = [
        StatementLine(on, on, D("98.00"), "EUR", "Pena Hermanos", "", "INV-000001", bank_ref="A"),
        StatementLine(on, on, D("50.00"), "EUR", "", "", "transfer", bank_ref="B"),
        StatementLine(on, on, D("70.00"), "EUR", "ACORES PESCAS LDA", "", "thanks", bank_ref="C"),
    ]
    bank.store_statements([Statement("PT50X", "S1", "EUR", lines=keyed("PT50X", lines))], "s.xml")
    # The same lines from a file naming the account otherwise: known by their references.
    again = Statement("0002-123", "S1", "EUR", lines=keyed("0002-123", lines))
    assert bank.store_statements([again], "s.ofx", account="PT50X").added == 0
    found = bank_read.proposals()
    assert [(p.kind, f"{p.confidence}", p.invoices) for _r, p in found] == [
        ("invoices", "0.99", ("INV-000001",)),
        ("none", "0", ()),
        ("invoices", "0.90", ("INV-000003",)),
    ]
    (app,) = accept.preview(2, ["INV-000003"]).applications
    assert (app.amount, app.balance_after) == (D("50.00"), D("20.00"))
    report = accept.accept_all(D("0.9"))
    assert [a.document for a in report.accepted] == ["PAY-000001", "PAY-000002"]
    assert report.below == 1 and not report.refused
