"""The history the importer's mutation test exports, as explicit service calls.

`tests/integration/test_exchange_replay._run_ops` draws its arguments from
four small integers, so a changed workbook cell cannot be mapped back to the
argument it came from. Here each step is one service call with its
arguments written out (`Step.args`), and the document it makes
(`Step.makes`): a changed cell maps to one argument of one step, and the
expected book is this same history run with that argument changed.
An invoice's terms and a settlement's amount are written out, as their
workbook rows are: the settlement row: the row
stands for `settle(..., amount=<the row's amount>)`, never for "whatever
the payment has left", so a changed payment amount leaves it as it was;
the invoice row stands for `create_invoice(..., terms=<its terms>)`.

`run_history` lets a service's refusal propagate (`UserError`): if the
services refuse the changed history, an import that accepted the changed
workbook disagrees with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

D = Decimal


def _d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


def _line(description: str, quantity: str, unit_price: str) -> dict[str, Any]:
    return {"description": description, "quantity": D(quantity), "unit_price": D(unit_price)}


@dataclass(frozen=True)
class Step:
    """One service call: what it is, the key of what it makes, its arguments."""

    kind: str
    makes: Any
    args: dict[str, Any] = field(default_factory=dict)

    def with_arg(self, path: tuple[Any, ...], value: Any) -> Step:
        """This step with the argument at `path` (a name, then indexes/names) set to `value`."""
        args = _deep_copy(self.args)
        holder: Any = args
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = value
        return replace(self, args=args)


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def _customer(code: str, name: str, terms: str, address: str, tax_id: str, email: str) -> Step:
    return Step(
        "customer",
        code,
        {"name": name, "terms": terms, "address": address, "tax_id": tax_id, "email": email},
    )


HISTORY: tuple[Step, ...] = (
    _customer("C0", "Cliente 0", "2% 10, net 30", "Rua A 1, Porto", "PT501000001", "c0@exemplo.pt"),
    _customer("C1", "Cliente 1", "net 15", "", "", ""),
    _customer("C2", "Cliente 2", "3% 5, 1% 14, net 45", "Av. B 2", "", "c2@exemplo.pt"),
    Step(
        "invoice",
        "INV-000001",
        {
            "customer": "C1",
            "on": _d(1, 5),
            "terms": "net 15",
            "order": None,
            "lines": [_line("Serviço", "1", "120.00")],
        },
    ),
    Step(
        "invoice",
        "INV-000002",
        {
            "customer": "C2",
            "on": _d(1, 6),
            "terms": "3% 5, 1% 14, net 45",
            "order": None,
            "lines": [_line("Horas", "3", "30.00"), _line("Peças", "2.5", "12.34")],
        },
    ),
    Step(
        "payment",
        "PAY-000001",
        {
            "customer": "C1",
            "on": _d(1, 8),
            "amount": D("80.00"),
            "order": None,
            "method": "bank transfer",
            "reference": "TRF 0001",
        },
    ),
    Step(
        "settle",
        ("PAY-000001", "INV-000001", 1),
        {"on": _d(1, 9), "amount": D("80.00"), "full_settlement": False},
    ),
    Step(
        "order",
        "SO-000001",
        {
            "customer": "C0",
            "on": _d(1, 10),
            "discount": D("0.00"),
            "notes": "Entregar na loja",
            "lines": [_line("Caixa", "1", "50.00"), _line("Tampa", "2", "7.50")],
        },
    ),
    Step(
        "payment",
        "PAY-000002",
        {
            "customer": "C0",
            "on": _d(1, 11),
            "amount": D("30.00"),
            "order": "SO-000001",
            "method": "bank transfer",
            "reference": "",
        },
    ),
    Step(
        "order_invoice", "INV-000003", {"order": "SO-000001", "on": _d(1, 13), "amount": D("25.00")}
    ),
    Step(
        "credit",
        "CN-000001",
        {
            "invoice": "INV-000001",
            "on": _d(1, 16),
            "amount": D("10.00"),
            "reason": "Desconto comercial",
        },
    ),
    Step(
        "payment",
        "PAY-000003",
        {
            "customer": "C2",
            "on": _d(1, 17),
            "amount": D("500.00"),
            "order": None,
            "method": "cheque",
            "reference": "CHQ 77",
        },
    ),
    Step(
        "correct", "CI-000001", {"invoice": "INV-000002", "on": _d(1, 20), "quantities": {1: D(1)}}
    ),
    Step(
        "settle",
        ("PAY-000003", "INV-000002", 1),
        {"on": _d(1, 21), "amount": D("20.00"), "full_settlement": False},
    ),
    Step(
        "refund",
        "REF-000001",
        {
            "source": "PAY-000002",
            "on": _d(1, 24),
            "amount": D("2.00"),
            "reason": "Devolução parcial",
        },
    ),
    Step("order_change", ("SO-000001", 1), {"on": _d(1, 25), "discount": D("3.00")}),
    Step(
        "payment",
        "PAY-000004",
        {
            "customer": "C1",
            "on": _d(1, 26),
            "amount": D("29.75"),
            "order": None,
            "method": "bank transfer",
            "reference": "",
        },
    ),
    Step(
        "settle",
        ("PAY-000004", "INV-000001", 1),
        {"on": _d(1, 27), "amount": D("29.75"), "full_settlement": True},
    ),
    Step("unsettle", ("PAY-000003", "INV-000002", 2), {"target": 1, "on": _d(1, 28)}),
    Step(
        "invoice",
        "INV-000004",
        {
            "customer": "C0",
            "on": _d(2, 1),
            "terms": "2% 10, net 30",
            "order": None,
            "lines": [_line("Consultoria", "2", "50.00")],
        },
    ),
    Step(
        "payment",
        "PAY-000005",
        {
            "customer": "C0",
            "on": _d(2, 5),
            "amount": D("98.00"),
            "order": None,
            "method": "bank transfer",
            "reference": "TRF 0005",
        },
    ),
    Step(
        "settle",
        ("PAY-000005", "INV-000004", 1),
        {"on": _d(2, 5), "amount": D("98.00"), "full_settlement": False},
    ),
)


def run_history(history: tuple[Step, ...] | list[Step]) -> None:
    """Every step through the services, in order; a refusal propagates."""
    from app.services import (
        corrections,
        credit_notes,
        customers,
        invoices,
        orders,
        payments,
        refunds,
        settlements,
    )
    from app.services.invoices import LineInput
    from models.tables import Payment, Settlement

    def lines(a: dict[str, Any]) -> list[LineInput]:
        return [
            LineInput(
                x["description"], x["quantity"], x["unit_price"], order_line=x.get("order_line")
            )
            for x in a["lines"]
        ]

    def settlement_id(source: str, invoice: str, seq: int) -> int:
        rows = [
            s
            for s in Settlement.select().order_by(Settlement.id)
            if s.invoice.number == invoice
            and s.payment_id is not None
            and Payment.get_by_id(s.payment_id).number == source
        ]
        return int(rows[seq - 1].id)

    for step in history:
        a = step.args
        made: Any = None
        if step.kind == "customer":
            made = customers.add_customer(
                step.makes,
                a["name"],
                a["terms"],
                address=a["address"],
                tax_id=a["tax_id"],
                email=a["email"],
            ).code
        elif step.kind == "invoice":
            made = invoices.create_invoice(
                a["customer"],
                a["on"],
                lines=lines(a),
                order=a["order"],
                terms=a["terms"],
                number=a.get("number"),
            ).number
        elif step.kind == "payment":
            made = payments.create_payment(
                a["customer"],
                a["on"],
                a["amount"],
                order=a["order"],
                reference=a["reference"],
                method=a["method"],
                number=a.get("number"),
            ).number
        elif step.kind == "settle":
            source, invoice, _seq = step.makes
            settlements.settle(
                source,
                [invoice],
                amount=a["amount"],
                full_settlement=a["full_settlement"],
                on=a["on"],
            )
        elif step.kind == "unsettle":
            source, invoice, _seq = step.makes
            settlements.unsettle(settlement_id(source, invoice, a["target"]), on=a["on"])
        elif step.kind == "order":
            made = orders.create_order(
                a["customer"],
                a["on"],
                lines(a),
                discount=a["discount"],
                notes=a["notes"],
                number=a.get("number"),
            ).number
        elif step.kind == "order_invoice":
            made = orders.invoice_order(a["order"], a["on"], amount=a["amount"]).number
        elif step.kind == "credit":
            made = credit_notes.create_credit_note(
                a["invoice"],
                a["on"],
                amount=a["amount"],
                reason=a["reason"],
                number=a.get("number"),
            ).number
        elif step.kind == "correct":
            made = corrections.correct(
                a["invoice"], a["on"], a["quantities"], number=a.get("number")
            ).number
        elif step.kind == "refund":
            made = refunds.refund_credit(
                a["source"], a["on"], a["amount"], a["reason"], number=a.get("number")
            ).number
        elif step.kind == "order_change":
            orders.change_order(step.makes[0], a["on"], discount=a["discount"])
        else:
            raise AssertionError(step.kind)
        if made is not None:
            assert made == a.get("number", step.makes), (step, made)
