"""Accepting bank lines (issue 11): a proposal, or the bookkeeper's own invoices, posted.

A proposal comes from the matcher over what is open now
(app/read/bank.py); what is posted is the services' own payment,
settlement and payout (app/services/bank.py: `accept_line`), so it obeys
every settlement rule exactly as `payment add` + `settle` would.
`accept_all` takes the unmatched lines one by one, oldest first, each in
its own transaction, asking the matcher afresh each time: so a line
accepted before changes what the next one is matched to, exactly as
accepting them by hand would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from app.errors import UserError
from app.i18n import _
from app.read import bank as bank_read
from app.rules.bank_match import Proposal
from app.services import bank


@dataclass
class Accepted:
    line: int
    proposal: Proposal
    document: str  # the payment (or refund) posted


@dataclass
class AutoReport:
    accepted: list[Accepted] = field(default_factory=list)
    below: int = 0  # proposals under the confidence asked
    refused: list[str] = field(default_factory=list)  # lines the services refused, in words


def _invoice_customer(numbers: Sequence[str]) -> str:
    owners = {bank_read.invoice_customer(n) for n in numbers}
    if len(owners) != 1:
        raise UserError(
            _("The invoices named belong to more than one customer: {numbers}.").format(
                numbers=", ".join(numbers)
            )
        )
    return owners.pop()


def accept(line_id: int, invoices: Sequence[str] = ()) -> Accepted:
    """Accept line `line_id`: against `invoices` when given, else as proposed."""
    row = bank_read.get_line(line_id)
    ((_row, proposal),) = bank_read.proposals([row])
    if invoices:
        done = bank.accept_line(row.id, customer=_invoice_customer(invoices), invoices=invoices)
        return Accepted(row.id, proposal, done.payment.number if done.payment else "")
    return _accept_proposal(row.id, proposal)


def _accept_proposal(line_id: int, p: Proposal) -> Accepted:
    if p.kind == "none":
        raise UserError(
            _(
                "Bank line {line_id} has no proposal ({reason}) Name its invoices with --invoice."
            ).format(line_id=line_id, reason=p.reason)
        )
    if p.kind == "refund":
        done = bank.accept_line(line_id, refund=p.refund)
        return Accepted(line_id, p, done.refund.number if done.refund else "")
    done = bank.accept_line(line_id, customer=p.customer, invoices=p.invoices)
    return Accepted(line_id, p, done.payment.number if done.payment else "")


def accept_all(least: Decimal, dry_run: bool = False) -> AutoReport:
    """Accept every proposal at or above `least`, one line at a time (see the module doc).
    `dry_run`: only count them, against the book as it is.

    A line whose customer an earlier line of this run changed is matched
    again against the book as it now is; the others keep the first answer,
    which the book has not changed for them."""
    report = AutoReport()
    touched: set[str] = set()  # customers whose documents this run changed
    ibans: set[str] = set()  # bank accounts this run made known
    for row, first in bank_read.proposals():
        p = first
        iban = row.iban.replace(" ", "").upper()
        if not dry_run and (p.customer in touched or (iban and iban in ibans)):
            ((_row, p),) = bank_read.proposals([bank_read.get_line(row.id)])
        if p.confidence < least or p.kind == "none":
            report.below += 1
            continue
        if dry_run:
            report.accepted.append(Accepted(row.id, p, ""))
            continue
        try:
            report.accepted.append(_accept_proposal(row.id, p))
        except UserError as e:
            report.refused.append(f"Bank line {row.id}: {e}")
        if p.customer is not None:
            touched.add(p.customer)
        if iban:
            ibans.add(iban)
    return report
