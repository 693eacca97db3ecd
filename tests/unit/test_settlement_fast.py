"""The settlement rule makes its Applications and JournalLines without the frozen
dataclasses' per-field __setattr__ (app/rules/settlement.py): each must be the
instance the dataclass itself makes of the same values, every field set."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules.money import Currency
from app.rules.settlement import Application, JournalLine, OpenInvoice, Params, plan_settlement
from app.rules.terms import parse_terms

CUR = Currency.of("EUR")
cents = st.integers(min_value=1, max_value=500_000).map(lambda c: Decimal(c).scaleb(-2))


def _same(made: object, cls: type) -> None:
    values = {f.name: getattr(made, f.name) for f in fields(cls)}  # type: ignore[arg-type]
    assert set(vars(made)) == set(values)  # every field, nothing else
    again = cls(**values)
    assert again == made and hash(again) == hash(made)


@settings(max_examples=80, deadline=None)
@given(
    total=cents,
    paid=cents,
    days=st.integers(min_value=0, max_value=60),
    terms=st.sampled_from(["2% 10, net 30", "net 30", "3% 5, 1% 20, net 45"]),
    under=st.sampled_from([Decimal(0), Decimal("1.00")]),
)
def test_the_rule_makes_the_dataclasses_own_instances(
    total: Decimal, paid: Decimal, days: int, terms: str, under: Decimal
) -> None:
    inv = OpenInvoice(
        "INV-1", date(2026, 1, 1), date(2026, 1, 31), total, total, parse_terms(terms)
    )
    plan = plan_settlement(
        source="PAY-1",
        source_kind="payment",
        available=paid,
        invoices=[inv],
        on=date.fromordinal(date(2026, 1, 1).toordinal() + days),
        params=Params(max_underpayment=under, max_overpayment=under),
        currency=CUR,
    )
    for app in plan.applications:
        _same(app, Application)
    assert plan.journal
    for line in plan.journal:
        _same(line, JournalLine)
