"""`acerto show`: one document or customer, as text or JSON."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from app.cli.common import (
    Subparsers,
    book_currency,
    money,
    out,
    print_json,
    proposed,
    said_day,
    table,
    whole,
    word,
)
from app.i18n import _, said_figure
from app.read import queries


def register(sub: Subparsers) -> None:
    p = sub.add_parser("show", help=_("one document or customer, as text or JSON"))
    p.add_argument(
        "what", choices=["customer", "order", "invoice", "payment", "settlement", "bank-line"]
    )
    p.add_argument("key", metavar="KEY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show, reads=True)


def cmd_show(args: argparse.Namespace) -> int:
    what = args.what
    if what == "settlement":
        from app.read import lookups  # lazy: only the read model the command shows

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
        _("Id"),
        _("Date"),
        _("Invoice") if show_invoice else _("Source"),
        _("Applied"),
        _("Discount"),
        _("Write-off"),
        _("Full settl."),
    )
    grid = [head] + [
        (
            s["id"],
            said_day(s["date"]),
            s["invoice"] if show_invoice else s["source"],
            _m(s["amount"]),
            _m(s["discount"]),
            _m(s["writeoff"]),
            _m(s["full_settlement"]),
        )
        for s in rows
    ]
    text = ["", _("Settlements"), *table(grid, right={0, 3, 4, 5, 6})]
    for s in rows:
        text.append(f"  [{s['id']}] {s['explanation']}")
    return text


def _journal_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    grid = [(_("Date"), _("Entry"), _("Account"), _("Debit"), _("Credit"))] + [
        (
            said_day(j["date"]),
            j["description"],
            word(j["account"]),
            _m(j["debit"]) if j["debit"] != _zero() else "",
            _m(j["credit"]) if j["credit"] != _zero() else "",
        )
        for j in rows
    ]
    return ["", _("Journal"), *table(grid, right={3, 4})]


def _zero() -> str:
    return book_currency().fmt(Decimal(0))


def render_invoice(d: dict[str, Any]) -> list[str]:
    kind = {
        "invoice": _("Invoice"),
        "standalone": _("Standalone invoice"),
        "credit_note": _("Credit note"),
        "corrective": _("Corrective invoice"),
    }[d["kind"]]
    text = [
        _("{kind} {number} ({status})").format(
            kind=kind, number=d["number"], status=word(d["status"])
        )
    ]
    text += _kv(
        [
            (_("Customer"), f"{d['customer']} {d.get('customer_name', '')}".strip()),
            (_("Order"), d["order"]),
            (_("Date"), said_day(d["date"])),
            (_("Due"), said_day(d["due_date"])),
            (_("Terms"), d.get("terms")),
            (
                _("Discount"),
                _("{discount_percent} % until {discount_date}").format(
                    discount_percent=d["discount_percent"],
                    discount_date=said_day(d["discount_date"]),
                )
                if d.get("discount_percent")
                else None,
            ),
            (_("Corrects"), d["corrects"]),
            (_("Credits"), d.get("credits")),
            (_("Reason"), d.get("reason")),
        ]
    )
    if d["lines"] and "original_quantity" in d["lines"][0]:
        text += _draft_correction_lines(d["lines"])
    elif d["lines"]:
        text += _invoice_lines(d["lines"])
    text += [""] + _amounts(
        [(_("Total"), d["total"]), (_("Settled"), d["settled"]), (_("Balance"), d["balance"])]
    )
    if d["unbilled"]:
        text += _unbilled_lines(d["unbilled"])
    text += _settlement_lines(d["settlements"], show_invoice=d["kind"] == "credit_note")
    if d.get("refunds"):
        text += ["", _("Refunds"), *_refund_rows(d["refunds"])]
    text += _journal_lines(d["journal"])
    return text


def _invoice_lines(lines: list[dict[str, Any]]) -> list[str]:
    return [
        "",
        _("Lines"),
        *table(
            [("#", _("Description"), _("Qty"), _("Unit price"), _("Amount"))]
            + [
                (
                    ln["line"],
                    ln["description"],
                    ln["quantity"],
                    _m(ln["unit_price"]),
                    _m(ln["amount"]),
                )
                for ln in lines
            ],
            right={0, 2, 3, 4},
        ),
    ]


def _unbilled_lines(items: list[dict[str, Any]]) -> list[str]:
    return [
        "",
        _("Unbilled"),
        *table(
            [(_("Id"), _("Description"), _("Qty"), _("Amount"), _("Status"))]
            + [
                (
                    u.get("id", ""),
                    u["description"],
                    u["quantity"],
                    _m(u["amount"]),
                    word(u.get("status", "")),
                )
                for u in items
            ],
            right={0, 2, 3},
        ),
    ]


def render_payment(d: dict[str, Any]) -> list[str]:
    text = [_("Payment {number}").format(number=d["number"])]
    text += _kv(
        [
            (_("Customer"), d["customer"]),
            (_("Order"), d["order"]),
            (_("Date"), said_day(d["date"])),
            (_("Method"), word(d.get("method") or "")),
            (_("Reference"), d.get("reference")),
            (_("Part of"), d.get("split_of")),
        ]
    )
    if d.get("parts"):
        text += [
            "",
            _("One receipt in parts"),
            *table(
                [
                    (p["number"], p["order"] or _("customer credit"), _m(p["amount"]))
                    for p in d["parts"]
                ],
                right={2},
            ),
        ]
    text += [""] + _amounts(
        [
            (_("Amount"), d["amount"]),
            (_("Applied"), d["applied"]),
            (_("Refunded"), d["refunded"]),
            (_("Unapplied"), d["unapplied"]),
        ]
    )
    text += _settlement_lines(d["settlements"], show_invoice=True)
    if d.get("refunds"):
        text += [
            "",
            _("Refunds"),
            *_refund_rows(d["refunds"]),
        ]
    text += _journal_lines(d["journal"])
    return text


def _refund_rows(refunds: list[dict[str, Any]]) -> list[str]:
    """Refunds with whether each was paid out (issue 9: `payout`)."""

    def paid(r: dict[str, Any]) -> str:
        taken = [
            _("payout of {paid_on} taken back {date}").format(
                paid_on=said_day(t["paid_on"]), date=said_day(t["date"])
            )
            for t in r.get("payouts_taken_back", ())
        ]
        if not r.get("paid_on"):
            return "; ".join([_("payable"), *taken])
        ref = (
            _(" ({paid_reference})").format(paid_reference=r["paid_reference"])
            if r.get("paid_reference")
            else ""
        )
        now = _("paid out {paid_on}{ref}").format(paid_on=said_day(r["paid_on"]), ref=ref)
        return "; ".join([*taken, now])

    return table(
        [(r["number"], said_day(r["date"]), _m(r["amount"]), paid(r)) for r in refunds], right={2}
    )


def render_customer(d: dict[str, Any]) -> list[str]:
    text = [_("Customer {code} {name}").format(code=d["code"], name=d["name"])]
    text += _kv(
        [
            (_("Terms"), d["terms"]),
            (_("Address"), d.get("address")),
            (_("Tax id"), d.get("tax_id")),
            ("E-mail", d.get("email")),
        ]
    )
    text += [""] + _amounts(
        [
            (_("Open balance"), d["open_balance"]),
            (_("Credit"), d["credit"]),
            (_("Net balance"), d["net_balance"]),
        ]
    )
    return text


def render_order(d: dict[str, Any]) -> list[str]:
    text = [_("Order {number} ({status})").format(number=d["number"], status=word(d["status"]))]
    text += _kv([(_("Customer"), d["customer"]), (_("Date"), said_day(d.get("date")))])
    if d.get("lines"):
        text += [
            "",
            _("Lines"),
            *table(
                [("#", _("Description"), _("Qty"), _("Unit price"), _("Amount"), _("Invoiced"))]
                + [
                    (
                        ln["line"],
                        ln["description"] + (_(" (removed)") if ln["removed"] else ""),
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
            (_("Discount"), d.get("discount", _zero())),
            (_("Total"), d["total"]),
            (_("Invoiced"), d["invoiced"]),
            (_("Paid"), d["paid"]),
            (_("Refunded"), d["refunded"]),
        ]
    )
    text += _kv(
        [
            (_("Invoices"), ", ".join(d["invoices"])),
            (_("Payments"), ", ".join(d.get("payments", []))),
        ]
    )
    if d["refunds"]:
        text += [
            "",
            _("Refunds"),
            *_refund_rows(d["refunds"]),
        ]
    if d.get("changes"):
        text += [
            "",
            _("Changes"),
            *table(
                [
                    (
                        said_day(c["date"]),
                        c["description"],
                        f"{_m(c['old_total'])} → {_m(c['new_total'])}",
                    )
                    for c in d["changes"]
                ]
            ),
        ]
    return text


def render_settlement(d: dict[str, Any]) -> list[str]:
    text = [
        _("Settlement {id}: {source} → {invoice} on {date}").format(
            id=d["id"], source=d["source"], invoice=d["invoice"], date=said_day(d["date"])
        )
    ]
    text += _amounts(
        [
            (_("Applied"), d["amount"]),
            (_("Discount"), d["discount"]),
            ("Write-off", d["writeoff"]),
            (_("Full settlement"), d["full_settlement"]),
        ]
    )
    text += ["", d["explanation"]]
    if d.get("reverses"):
        text.append(_("Reverses settlement {reverses}.").format(reverses=d["reverses"]))
    if d.get("reversed_by"):
        text.append(_("Undone by settlement {reversed_by}.").format(reversed_by=d["reversed_by"]))
    return text


def render_bank_line(d: dict[str, Any]) -> list[str]:
    text = [
        _("Bank line {id} ({status}), account {account}").format(
            id=d["id"], status=word(d["status"]), account=d["account"]
        )
    ]
    text += _kv(
        [
            (_("Booked"), said_day(d["booking_date"])),
            (_("Value date"), said_day(d["value_date"])),
            (_("Counterparty"), d["counterparty"]),
            ("IBAN", d["iban"]),
            (_("Text"), d["remittance"]),
            (_("Payment"), d["payment"]),
            (_("Refund"), d["refund"]),
        ]
    )
    text += _amounts([(_("Amount"), d["amount"])])
    p = d.get("proposal")
    if p is not None:
        text.append(
            _("Proposal: {kind}, confidence {confidence}").format(
                kind=proposed(
                    p["kind"], [a["invoice"] for a in p["invoices"]] + [p["refund"] or ""]
                ),
                confidence=said_figure(p["confidence"], 2),
            )
        )
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
        _("Lines (original → new; posting reverses the original and bills the new quantity)"),
        *table(
            [
                (
                    "#",
                    _("Description"),
                    _("Was"),
                    _("New"),
                    _("Unit price"),
                    _("Original"),
                    _("New amount"),
                    _("Change"),
                )
            ]
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
