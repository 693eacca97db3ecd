"""A credit note against the invoice it credits (SPEC §3.4, §3.9) as a pure
function: it reduces the invoice's open balance, and what exceeds it is credit owed
to the customer, net of the cash discount taken on the part credited. No database
and no clock, as app/rules/settlement.py, whose types and journal it uses.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.i18n import B_, book_money
from app.rules.money import ZERO, Currency
from app.rules.settlement import (
    CREDIT_NOTE,
    Application,
    OpenInvoice,
    Params,
    SettlementPreview,
    journal_for,
)


def plan_credit_note(
    *,
    source: str,
    credit: Decimal,
    invoice: OpenInvoice,
    on: date,
    params: Params,
    currency: Currency,
    uncredited: Decimal | None = None,
) -> SettlementPreview:
    """A credit note against the invoice it credits (SPEC §3.4).

    It first reduces the invoice's open balance; what exceeds it is credit
    owed to the customer, net of the cash discount the customer took on the
    part being credited (when the book nets discounts on credit notes).
    `uncredited` is the invoice total less earlier credit notes on it
    (default: the total), so successive partial credits reverse the
    discount pro rata and together exactly the discount taken (§3.9).
    """
    cur = currency
    f = book_money(cur)
    bal = invoice.balance
    reduce = min(credit, max(bal, ZERO))
    excess = credit - reduce
    # The paid part not yet credited: what the remaining discount was taken on.
    settled_before = (invoice.total if uncredited is None else uncredited) - bal
    reversal = ZERO
    notes = []
    if reduce > 0:
        notes.append(
            B_("reduces the open balance of {number} by {reduce}").format(
                number=invoice.number, reduce=f(reduce)
            )
        )
    if (
        excess > 0
        and params.discount_on_credit_notes
        and invoice.discount_taken > 0
        and settled_before > 0
    ):
        reversal = min(
            cur.round(excess * invoice.discount_taken / settled_before), invoice.discount_taken
        )
        notes.append(
            B_(
                "{excess} × {discount_taken} / {settled_before} = {reversal}: settles -{owed} and reverses -{reversal} of cash discount the customer took, so the customer is owed {owed}, not {excess}"
            ).format(
                excess=f(excess),
                discount_taken=f(invoice.discount_taken),
                settled_before=f(settled_before),
                reversal=f(reversal),
                owed=f(excess - reversal),
            )
        )
    elif excess > 0:
        notes.append(
            B_("{excess} exceeds the open balance and is credit owed to the customer").format(
                excess=f(excess)
            )
        )
    app = Application(
        invoice.number,
        bal,
        amount=reduce + reversal,
        discount=-reversal,
        explanation=B_(
            "Credit note {source} of {credit} against {number} (balance {bal}): "
        ).format(source=source, credit=f(credit), number=invoice.number, bal=f(bal))
        + "; ".join(notes)
        + ".",
    )
    apps = (app,) if app.amount != 0 or app.discount != 0 else ()
    return SettlementPreview(source, CREDIT_NOTE, on, credit, apps, journal_for(apps, CREDIT_NOTE))
