"""What the Bank view's field names, and what the view says of a line posted (issue 11).

The field under a line takes what the line is to be posted as, the way
`bank accept` does: money in, invoice numbers and at most one customer
(code or name: the money left on that customer's account, or the
invoices that customer's); money out, the refund it paid out. Typing
searches the choices (`choices`); `read_typed` tells the words apart.
Before accepting, `known_payer` warns when the payer is known as another
customer; after, the window says what was posted in the services' own words
(app/exchange/bank/accept.py `said_posted`, as `bank accept` prints it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.errors import UserError
from app.read import bank as bank_read
from app.read import bank_choices
from ui import i18n
from ui.i18n import translate


def choices(money_out: bool) -> dict[str, str]:
    """The field's choices, each label with what choosing it types: the open refunds
    for money out; for money in the open invoices, then the customers (on account)."""
    if money_out:
        return {
            f"{r.number} — {r.customer} — {i18n.money(r.amount)}": r.number
            for r in bank_choices.open_refunds()
        }
    out = dict((label, n) for n, label in bank_read.open_invoice_choices())
    on_account = translate("Acerto", "on account")
    for code, name in bank_choices.customers():
        out[f"{code} — {name} — {on_account}"] = code
    return out


@dataclass
class Typed:
    """The words typed, told apart (`problem`: why they cannot be posted, in words)."""

    invoices: list[str] = field(default_factory=list)
    customer: str | None = None  # the customer's code
    refund: str | None = None
    problem: str = ""


def read_typed(words: list[str], money_out: bool) -> Typed:
    """Money out: the one refund named. Money in: invoice numbers, and at most one
    customer named by code or name (an invoice's number is read as the invoice)."""
    if money_out:
        if len(words) > 1:
            return Typed(problem=translate("Acerto", "A line pays out one refund: type only one."))
        return Typed(refund=words[0] if words else None)
    typed = Typed()
    for word in words:
        code = bank_choices.customer_named(word)
        if code is None:
            typed.invoices.append(word)
        elif typed.customer not in (None, code):
            typed.problem = (
                translate(
                    "Acerto", "%1 and %2 are two customers: the money is one customer's payment."
                )
                .replace("%1", typed.customer or "")
                .replace("%2", code)
            )
        else:
            typed.customer = code
    for number in typed.invoices if typed.customer and not typed.problem else ():
        try:
            owner = bank_read.invoice_customer(number)
        except UserError:
            continue  # no such invoice: the preview says so, in the services' words
        if owner != typed.customer:
            typed.problem = (
                translate("Acerto", "Invoice %1 is customer %2's, not %3's: type only %3's.")
                .replace("%1", number)
                .replace("%2", owner)
                .replace("%3", typed.customer)
            )
    return typed


def refund_shown(number: str, out: Decimal) -> tuple[str, str]:
    """For a money-out line of `out` (negative): what accepting it as the payout of
    refund `number` would post, in words, or else why it cannot."""
    refunds = {r.number.upper(): r for r in bank_choices.open_refunds()}
    found = refunds.get(number.strip().upper())
    if found is None:
        return "", translate("Acerto", "%1 is not an open refund: choose one of the list.").replace(
            "%1", number
        )
    if found.amount != -out:
        return "", (
            translate("Acerto", "Refund %1 is %2, but the line paid out %3.")
            .replace("%1", found.number)
            .replace("%2", i18n.money(found.amount))
            .replace("%3", i18n.money(-out))
        )
    words = (
        translate("Acerto", "As typed, before accepting:")
        + " "
        + (
            translate("Acerto", "the payout of refund %1 to %2, %3.")
            .replace("%1", found.number)
            .replace("%2", found.customer)
            .replace("%3", i18n.money(found.amount))
        )
    )
    return words, ""


def no_proposal(row: Any, proposal: Any) -> str:
    """Why Enter posts nothing for a line with no proposal and nothing typed, and what
    to type: money in, the invoices or the customer; money out, the refund."""
    why = "" if proposal is None else f" ({proposal.reason})"
    if row.amount < 0:
        return (
            translate(
                "Acerto",
                "Line %1 is money out with no refund proposed: type the refund it paid out. A "
                "purchase, a bank fee or any other payment is not a receivable: leave it unmatched.",
            ).replace("%1", str(row.id))
            + why
        )
    return (
        translate("Acerto", "Line %1 has no proposal: type the invoices it pays.").replace(
            "%1", str(row.id)
        )
        + why
        + " "
        + translate("Acerto", "Or type the customer who paid it: the money stays on their account.")
    )


def known_payer(line: int, customer: str, known: tuple[str, str]) -> str:
    """The warning that line `line` would be posted as `customer`'s payment while its
    payer is known as customer `known` (the code, and how in words); once posted, the
    services' own words say it (app/exchange/bank/accept.py `said_posted`)."""
    return (
        translate(
            "Acerto",
            "Warning: line %1 would be posted as customer %2's payment, but its payer is "
            "known as customer %3 (%4).",
        )
        .replace("%1", str(line))
        .replace("%2", customer)
        .replace("%3", known[0])
        .replace("%4", known[1])
    )
