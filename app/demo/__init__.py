"""Demonstration books: a story that walks every rule, then ordinary history.

`make_demo` first tells a short story through the real services (see
story.py), then adds ordinary history — invoices, some from orders, and
the payments that settle them — until the book holds the invoices asked
for, with open and overdue items in every aging bucket relative to
`today`. The history is planned first (pure, seeded; history.py) and then
posted through the same service functions, so the demo is not a writer of
its own: every number, cached figure, settlement explanation and journal
line is the services' work.

Everything runs in one transaction: a cancelled or failed demo leaves the
book as it was. The domain does not read the clock: the caller passes
`today`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.demo.history import PlannedInvoice, PlannedPayment, plan_history, post_history
from app.demo.names import customer_names
from app.demo.story import tell_story
from app.errors import Cancelled, UserError
from app.i18n import _
from app.read.lookups import document_counts, has_documents, receivable_invoice_count
from app.rules.terms import Terms
from app.services import book
from app.services.customers import add_customer

__all__ = [
    "DEMO_TODAY",
    "DemoCancelled",
    "DemoSummary",
    "PlannedInvoice",
    "PlannedPayment",
    "customer_names",
    "make_demo",
    "plan_history",
]

DEMO_TODAY = date(2026, 3, 31)
"""The demo's 'today' when the caller gives none (reproducible books)."""


class DemoCancelled(Cancelled):
    """The demo was cancelled; nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    orders: int
    invoices: int
    credit_notes: int
    corrective_invoices: int
    payments: int
    settlements: int
    refunds: int
    unbilled_items: int
    today: date

    def __str__(self) -> str:
        return (
            f"Demo book as of {self.today.isoformat()}: {self.customers:,} customers, "
            f"{self.orders:,} orders, {self.invoices:,} invoices, "
            f"{self.credit_notes:,} credit notes, "
            f"{self.corrective_invoices:,} corrective invoices, {self.payments:,} payments, "
            f"{self.settlements:,} settlements, {self.refunds:,} refunds, "
            f"{self.unbilled_items:,} unbilled items."
        )


def _company_and_tolerance() -> None:
    if not book.setting("company_name"):
        book.set_setting("company_name", "Distribuidora Atlântica, Lda")
        book.set_setting("company_address", "Rua do Comércio 45, 1100-150 Lisboa")
        book.set_setting("company_tax_id", "PT500000000")
    book.set_setting("max_underpayment", "0.50")
    book.set_setting("max_overpayment", "0.50")


def _add_customers(count: int, rng: random.Random) -> list[tuple[str, Terms]]:
    """The customers' codes and terms, added through the service."""
    width = max(4, len(str(count)))
    rows = [
        add_customer(
            f"C{i:0{width}d}",
            name,
            terms=terms,
            address=address,
            tax_id=tax,
            email=f"contas{i}@example.com",
        )
        for i, (name, terms, address, tax) in enumerate(customer_names(count, rng), start=1)
    ]
    return [(row.code, book.customer_terms(row)) for row in rows]


def make_demo(
    customers: int = 20,
    invoices: int = 200,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill a new book with a story and `invoices` invoices in all (at least the story's).

    `today` is the date the book is 'as of' (default DEMO_TODAY; the window
    and command line pass the clock's date). `progress(done, total)` is
    called as invoices are written, `cancelled()` polled between them.
    """
    if customers < 1:
        raise UserError(_("The demo needs at least one customer."))
    if invoices < 0:
        raise UserError(_("The number of demo invoices cannot be negative."))
    when = today or DEMO_TODAY
    rng = random.Random(seed)
    with book.transaction(), book.batch(load=True, large=True):
        if has_documents():
            raise UserError(
                _("The book already has documents; make the demo in a new book with --book.")
            )
        cur = book.currency()
        if cur.places != 2:
            raise UserError(
                _("The demo is written in a currency with cents; this book uses {code}.").format(
                    code=cur.code
                )
            )
        _company_and_tolerance()
        people = _add_customers(customers, rng)
        codes = [code for code, _ in people]
        tell_story(codes, when, cur)
        story_invoices = receivable_invoice_count()
        # The story's reads made every table's indexes again; the history only
        # queues rows (its reads are of the queue): they go in without them.
        book.indexes_aside_again()
        count = max(invoices - story_invoices, 0)
        total = story_invoices + count

        def tick(done: int) -> None:
            if cancelled is not None and cancelled():
                raise DemoCancelled(_("The demo was cancelled; the book is unchanged."))
            if progress is not None:
                progress(story_invoices + done, total)

        tick(0)
        terms = [t for _, t in people]
        plan = plan_history(count, terms, when, rng, cur)
        post_history(plan, codes, tick)
        counts = document_counts()
        return DemoSummary(
            customers=counts.customers,
            orders=counts.orders,
            invoices=counts.invoices,
            credit_notes=counts.credit_notes,
            corrective_invoices=counts.corrective_invoices,
            payments=counts.payments,
            settlements=counts.settlements,
            refunds=counts.refunds,
            unbilled_items=counts.unbilled_items,
            today=when,
        )
