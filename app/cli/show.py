"""`acerto show`: one document or customer, as text or JSON."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from app.cli.common import Subparsers, book_currency, money, out, print_json, table, whole
from app.read import lookups, queries


def register(sub: Subparsers) -> None:
    p = sub.add_parser("show", help="one document or customer, as text or JSON")
    p.add_argument(
        "what", choices=["customer", "order", "invoice", "payment", "settlement", "bank-line"]
    )
    p.add_argument("key", metavar="KEY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show, reads=True)


def cmd_show(args: argparse.Namespace) -> int:
    what = args.what
    if what == "settlement":
        data = lookups.show_settlement(whole(args.key, "settlement"))
    elif what == "bank-line":
        from app.read import bank as bank_read  # lazy: the matching rules

        data = bank_read.show_line(args.key)
    else:
        data = {
            "customer": queries.show_customer,
            "order": queries.show_order,
            "invoice": queries.show_invoice,
            "payment": queries.show_payment,
        }[what](args.key)
    if args.json:
        print_json(data)
    else:
        out(*RENDER[what](data))
    return 0


def _m(value: str | None) -> str:
    return "" if value is None else money(value)


def _kv(pairs: Sequence[tuple[str, object]]) -> list[str]:
    width = max(len(k) for k, _ in pairs)
    return [f"{k.ljust(width)}  {v}" for k, v in pairs if v not in (None, "")]


def _amounts(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """Labelled amounts with their decimal points under one another."""
    width = max(len(k) for k, _ in pairs)
    vals = [money(v) for _, v in pairs]
    vw = max(len(v) for v in vals)
    return [f"{k.ljust(width)}  {v.rjust(vw)}" for (k, _), v in zip(pairs, vals, strict=True)]


def _settlement_lines(rows: Sequence[dict[str, Any]], show_invoice: bool) -> list[str]:
    if not rows:
        return []
    head = (
        "Id",
        "Date",
        "Invoice" if show_invoice else "Source",
        "Applied",
        "Discount",
        "Write-off",
        "Full settl.",
    )
    grid = [head] + [
        (
            s["id"],
            s["date"],
            s["invoice"] if show_invoice else s["source"],
            _m(s["amount"]),
            _m(s["discount"]),
            _m(s["writeoff"]),
            _m(s["full_settlement"]),
        )
        for s in rows
    ]
    text = ["", "Settlements", *table(grid, right={0, 3, 4, 5, 6})]
    for s in rows:
        text.append(f"  [{s['id']}] {s['explanation']}")
    return text


def _journal_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    grid = [("Date", "Entry", "Account", "Debit", "Credit")] + [
        (
            j["date"],
            j["description"],
            j["account"],
            _m(j["debit"]) if j["debit"] != _zero() else "",
            _m(j["credit"]) if j["credit"] != _zero() else "",
        )
        for j in rows
    ]
    return ["", "Journal", *table(grid, right={3, 4})]


def _zero() -> str:
    return book_currency().fmt(Decimal(0))


def render_invoice(d: dict[str, Any]) -> list[str]:
    kind = {
        "invoice": "Invoice",
        "standalone": "Standalone invoice",
        "credit_note": "Credit note",
        "corrective": "Corrective invoice",
    }[d["kind"]]
    text = [f"{kind} {d['number']} ({d['status'].replace('_', ' ')})"]
    text += _kv(
        [
            ("Customer", f"{d['customer']} {d.get('customer_name', '')}".strip()),
            ("Order", d["order"]),
            ("Date", d["date"]),
            ("Due", d["due_date"]),
            ("Terms", d.get("terms")),
            (
                "Discount",
                f"{d['discount_percent']} % until {d['discount_date']}"
                if d.get("discount_percent")
                else None,
            ),
            ("Corrects", d["corrects"]),
            ("Credits", d.get("credits")),
            ("Reason", d.get("reason")),
        ]
    )
    if d["lines"] and "original_quantity" in d["lines"][0]:
        text += _draft_correction_lines(d["lines"])
    elif d["lines"]:
        text += [
            "",
            "Lines",
            *table(
                [("#", "Description", "Qty", "Unit price", "Amount")]
                + [
                    (
                        ln["line"],
                        ln["description"],
                        ln["quantity"],
                        _m(ln["unit_price"]),
                        _m(ln["amount"]),
                    )
                    for ln in d["lines"]
                ],
                right={0, 2, 3, 4},
            ),
        ]
    text += [""] + _amounts(
        [("Total", d["total"]), ("Settled", d["settled"]), ("Balance", d["balance"])]
    )
    if d["unbilled"]:
        text += [
            "",
            "Unbilled",
            *table(
                [("Id", "Description", "Qty", "Amount", "Status")]
                + [
                    (
                        u.get("id", ""),
                        u["description"],
                        u["quantity"],
                        _m(u["amount"]),
                        u.get("status", ""),
                    )
                    for u in d["unbilled"]
                ],
                right={0, 2, 3},
            ),
        ]
    text += _settlement_lines(d["settlements"], show_invoice=d["kind"] == "credit_note")
    if d.get("refunds"):
        text += ["", "Refunds", *_refund_rows(d["refunds"])]
    text += _journal_lines(d["journal"])
    return text


def render_payment(d: dict[str, Any]) -> list[str]:
    text = [f"Payment {d['number']}"]
    text += _kv(
        [
            ("Customer", d["customer"]),
            ("Order", d["order"]),
            ("Date", d["date"]),
            ("Method", d.get("method")),
            ("Reference", d.get("reference")),
            ("Part of", d.get("split_of")),
        ]
    )
    if d.get("parts"):
        text += [
            "",
            "One receipt in parts",
            *table(
                [
                    (p["number"], p["order"] or "customer credit", _m(p["amount"]))
                    for p in d["parts"]
                ],
                right={2},
            ),
        ]
    text += [""] + _amounts(
        [
            ("Amount", d["amount"]),
            ("Applied", d["applied"]),
            ("Refunded", d["refunded"]),
            ("Unapplied", d["unapplied"]),
        ]
    )
    text += _settlement_lines(d["settlements"], show_invoice=True)
    if d.get("refunds"):
        text += [
            "",
            "Refunds",
            *_refund_rows(d["refunds"]),
        ]
    text += _journal_lines(d["journal"])
    return text


def _refund_rows(refunds: list[dict[str, Any]]) -> list[str]:
    """Refunds with whether each was paid out (issue 9: `payout`)."""

    def paid(r: dict[str, Any]) -> str:
        if not r.get("paid_on"):
            return "payable"
        ref = f" ({r['paid_reference']})" if r.get("paid_reference") else ""
        return f"paid out {r['paid_on']}{ref}"

    return table([(r["number"], r["date"], _m(r["amount"]), paid(r)) for r in refunds], right={2})


def render_customer(d: dict[str, Any]) -> list[str]:
    text = [f"Customer {d['code']} {d['name']}"]
    text += _kv(
        [
            ("Terms", d["terms"]),
            ("Address", d.get("address")),
            ("Tax id", d.get("tax_id")),
            ("E-mail", d.get("email")),
        ]
    )
    text += [""] + _amounts(
        [
            ("Open balance", d["open_balance"]),
            ("Credit", d["credit"]),
            ("Net balance", d["net_balance"]),
        ]
    )
    return text


def render_order(d: dict[str, Any]) -> list[str]:
    text = [f"Order {d['number']} ({d['status'].replace('_', ' ')})"]
    text += _kv([("Customer", d["customer"]), ("Date", d.get("date"))])
    if d.get("lines"):
        text += [
            "",
            "Lines",
            *table(
                [("#", "Description", "Qty", "Unit price", "Amount", "Invoiced")]
                + [
                    (
                        ln["line"],
                        ln["description"] + (" (removed)" if ln["removed"] else ""),
                        ln["quantity"],
                        _m(ln["unit_price"]),
                        _m(ln["amount"]),
                        ln["invoiced_quantity"],
                    )
                    for ln in d["lines"]
                ],
                right={0, 2, 3, 4, 5},
            ),
        ]
    text += [""] + _amounts(
        [
            ("Discount", d.get("discount", _zero())),
            ("Total", d["total"]),
            ("Invoiced", d["invoiced"]),
            ("Paid", d["paid"]),
            ("Refunded", d["refunded"]),
        ]
    )
    text += _kv(
        [("Invoices", ", ".join(d["invoices"])), ("Payments", ", ".join(d.get("payments", [])))]
    )
    if d["refunds"]:
        text += [
            "",
            "Refunds",
            *_refund_rows(d["refunds"]),
        ]
    if d.get("changes"):
        text += [
            "",
            "Changes",
            *table(
                [
                    (c["date"], c["description"], f"{_m(c['old_total'])} → {_m(c['new_total'])}")
                    for c in d["changes"]
                ]
            ),
        ]
    return text


def render_settlement(d: dict[str, Any]) -> list[str]:
    text = [f"Settlement {d['id']}: {d['source']} → {d['invoice']} on {d['date']}"]
    text += _amounts(
        [
            ("Applied", d["amount"]),
            ("Discount", d["discount"]),
            ("Write-off", d["writeoff"]),
            ("Full settlement", d["full_settlement"]),
        ]
    )
    text += ["", d["explanation"]]
    if d.get("reverses"):
        text.append(f"Reverses settlement {d['reverses']}.")
    if d.get("reversed_by"):
        text.append(f"Undone by settlement {d['reversed_by']}.")
    return text


def render_bank_line(d: dict[str, Any]) -> list[str]:
    text = [f"Bank line {d['id']} ({d['status']}), account {d['account']}"]
    text += _kv(
        [
            ("Booked", d["booking_date"]),
            ("Value date", d["value_date"]),
            ("Counterparty", d["counterparty"]),
            ("IBAN", d["iban"]),
            ("Text", d["remittance"]),
            ("Payment", d["payment"]),
            ("Refund", d["refund"]),
        ]
    )
    text += _amounts([("Amount", d["amount"])])
    p = d.get("proposal")
    if p is not None:
        text.append(f"Proposal: {p['kind']}, confidence {p['confidence']}")
        text += [f"  {line}" for line in p["explanation"].splitlines()]
    return text


RENDER: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "invoice": render_invoice,
    "payment": render_payment,
    "customer": render_customer,
    "order": render_order,
    "settlement": render_settlement,
    "bank-line": render_bank_line,
}


def _draft_correction_lines(lines: Sequence[dict[str, Any]]) -> list[str]:
    """A kept correction draft's lines: the original and new quantity and amount, and the change."""
    return [
        "",
        "Lines (original → new; posting reverses the original and bills the new quantity)",
        *table(
            [("#", "Description", "Was", "New", "Unit price", "Original", "New amount", "Change")]
            + [
                (
                    ln["line"],
                    ln["description"],
                    ln["original_quantity"],
                    ln["quantity"],
                    _m(ln["unit_price"]),
                    _m(ln["original_amount"]),
                    _m(ln["new_amount"]),
                    _m(ln["amount"]),
                )
                for ln in lines
            ],
            right={0, 2, 3, 4, 5, 6, 7},
        ),
    ]
