"""Corrective invoices and unbilled items (SPEC §5).

Correcting a posted invoice makes a draft that lists every original line
with its original quantity and a new quantity of 0 (a full reversal). The
bookkeeper removes lines that need no correction and sets new quantities;
confirming reverses each kept line and bills its new quantity. A reduction
becomes an unbilled item, to be billed later or marked not chargeable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import B_, _, said_day
from app.rules.money import ZERO, Currency, qty_from_milli, qty_to_milli
from app.rules.settlement import RECEIVABLES, SALES, UNBILLED
from app.rules.terms import parse_terms
from app.services import book, chains, order_returns, orders, unbilled_lines
from app.services.correction_plan import (
    CorrectionLine as CorrectionLine,
)
from app.services.correction_plan import (
    CorrectionPreview,
    billable_lines,
    chain,
    check_correctable,
    plan_correction,
    shown_lines,
)
from app.services.correction_plan import (
    preview_correction as preview_correction,
)
from app.services.documents import get_invoice
from app.services.journal import dr_cr, post_entry

# The unbilled items a correction leaves, billed or written off (kept importable from here).
from app.services.unbilled_items import bill_unbilled as bill_unbilled
from app.services.unbilled_items import write_off_unbilled as write_off_unbilled
from models import fast
from models.db import database
from models.locks import hold, row_locks
from models.tables import Invoice, InvoiceLine, audit_stamp


def _hold_chain(inv: Invoice, *more: Invoice) -> None:
    """Lock the invoice's correction chain (and `more`, a draft): what a correction changes."""
    members = chain(inv)
    hold(
        # An order invoice's correction changes the order and may use its money (issue 9):
        # locked first, in the one order of models/locks.py.
        orders=[m.order_id for m in members],
        payments=order_returns.order_payment_ids([m.order_id for m in members]),
        invoices=[i.id for i in members] + [inv.id] + [m.id for m in more],
    )


def start_correction(invoice: str, on: date, *, reuse: bool = True) -> Invoice:
    """Create the draft corrective invoice (all lines, new quantity 0). An invoice has one
    correction draft at a time: starting again gives it back, or with `reuse` False refuses,
    naming it (someone's work in progress is posted or deleted, never overwritten)."""
    with database.atomic():
        if row_locks():
            _hold_chain(get_invoice(invoice))
        inv = get_invoice(invoice)  # read under the locks
        check_correctable(inv)
        if on < inv.date:
            raise UserError(
                _("The correction date {on} is before invoice {number}.").format(
                    on=said_day(on), number=inv.number
                )
            )
        existing = (
            Invoice.select()
            .where((Invoice.corrects == inv.id) & (Invoice.status == "draft"))
            .first()
        )
        if existing is not None:
            if not reuse:
                raise UserError(_open_draft_sentence(inv, existing))
            return existing
        draft = fast.create(
            Invoice,
            number=book.next_number("draft"),
            kind="corrective",
            status="draft",
            customer=inv.customer_id,
            order=inv.order_id,
            date=on,
            due_date=on,
            corrects=inv.id,
            terms_text=inv.terms_text,
        )
        for ln in billable_lines(inv):
            fast.create(
                InvoiceLine,
                invoice=draft,
                seq=ln.seq,
                description=ln.description,
                quantity=0,
                unit_price=ln.unit_price,
                amount=0,
                original_line=ln.id,
                role="draft",
            )
        _store_draft_figures(draft, inv)
        return draft


def _open_draft_sentence(inv: Invoice, draft: Invoice) -> str:
    return _(
        "Invoice {number} already has a correction draft, {number2}; post it with `invoice post {number2}` (change it first with `invoice edit {number2}`) or delete it with `invoice delete {number2}` before correcting {number} again."
    ).format(number=inv.number, number2=draft.number)


def draft_quantities(draft: Invoice) -> tuple[dict[int, Decimal], list[int]]:
    """The new quantities and removed lines a draft correction holds."""
    original = fast.get(Invoice, draft.corrects_id)
    kept = {ln.seq: qty_from_milli(ln.quantity) for ln in draft.lines if ln.role == "draft"}
    removed = [ln.seq for ln in billable_lines(original) if ln.seq not in kept]
    return kept, removed


@dataclass(frozen=True)
class DraftCorrection:
    """A kept correction draft, as the window reopens it."""

    number: str
    invoice: str  # the invoice it corrects
    date: date
    quantities: dict[int, Decimal]
    removed: list[int]


def draft_correction(number: str) -> DraftCorrection | None:
    """The correction draft numbered `number`, or None when it is not one."""
    inv = fast.get_by(Invoice, Invoice.number, str(number).strip())
    if inv is None or inv.kind != "corrective" or inv.status != "draft":
        return None
    quantities, removed = draft_quantities(inv)
    original = fast.get(Invoice, inv.corrects_id)
    return DraftCorrection(inv.number, original.number, inv.date, quantities, removed)


def save_draft(
    draft_number: str,
    quantities: Mapping[int, Decimal],
    remove: Sequence[int],
    on: date,
    *,
    post: bool,
) -> Invoice:
    """The window's reopened draft: store its quantities and date, and post it with `post`."""
    with database.atomic():
        edit_correction(draft_number, quantities, remove, on=on)
        if post:
            return confirm_correction(draft_number, on)
        return get_invoice(draft_number)


def preview_draft(draft_number: str) -> CorrectionPreview:
    """What posting a kept correction draft would do (the draft as it stands)."""
    draft = get_invoice(draft_number)
    if draft.kind != "corrective" or draft.status != "draft":
        raise UserError(
            _("{number} is not a draft corrective invoice.").format(number=draft.number)
        )
    original = fast.get(Invoice, draft.corrects_id)
    check_correctable(original)
    quantities, removed = draft_quantities(draft)
    return plan_correction(original, quantities, removed, book.currency())


def edit_correction(
    draft_number: str,
    quantities: Mapping[int, Decimal],
    remove: Sequence[int] = (),
    on: date | None = None,
) -> Invoice:
    """Set new quantities on / remove lines from a draft correction (and its date)."""
    with database.atomic():
        if row_locks():
            hold(invoices=[get_invoice(draft_number).id])
        draft = get_invoice(draft_number)
        if draft.kind != "corrective" or draft.status != "draft":
            raise UserError(
                _("{number} is not a draft corrective invoice.").format(number=draft.number)
            )
        original = fast.get(Invoice, draft.corrects_id)
        quantities, remove = shown_lines(original, quantities, remove)
        plan_correction(original, quantities, remove, book.currency())
        present = set()
        for ln in list(draft.lines):
            present.add(ln.seq)
            if ln.seq in set(remove):
                ln.delete_instance()
            elif ln.seq in quantities:
                ln.quantity = qty_to_milli(quantities[ln.seq])
                fast.save(ln)
        for ln in billable_lines(original):
            if ln.seq in quantities and ln.seq not in present:
                # A line removed earlier and named again: it is corrected after all.
                fast.create(
                    InvoiceLine,
                    invoice=draft,
                    seq=ln.seq,
                    description=ln.description,
                    quantity=qty_to_milli(quantities[ln.seq]),
                    unit_price=ln.unit_price,
                    amount=0,
                    original_line=ln.id,
                    role="draft",
                )
        if on is not None:
            if on < original.date:
                raise UserError(
                    _("The correction date {on} is before invoice {number}.").format(
                        on=said_day(on), number=original.number
                    )
                )
            draft.date = draft.due_date = on
            fast.save(draft)
        _store_draft_figures(draft, original)
        return draft


def _store_draft_figures(draft: Invoice, original: Invoice) -> None:
    """Keep on the draft what posting it would change: each line's change (new amount
    less the original's, so the lines add up to the total) and the total, so that
    `show`, `invoice list` and the window read the real figures."""
    cur = book.currency()
    quantities, removed = draft_quantities(draft)
    plan = plan_correction(original, quantities, removed, cur)
    changes = {line.seq: cur.to_minor(line.change) for line in plan.lines}
    for ln in draft.lines:
        amount = changes.get(ln.seq, 0)
        if ln.amount != amount:
            ln.amount = amount
            fast.save(ln)
    draft.total = cur.to_minor(plan.total)
    fast.save(draft)


def confirm_correction(
    draft_number: str, on: date | None = None, *, number: str | None = None
) -> Invoice:
    """Post a draft correction: reverse kept lines, bill new quantities."""
    with database.atomic():
        cur = book.currency()
        draft = get_invoice(draft_number)
        if row_locks() and draft.corrects_id is not None:
            _hold_chain(fast.get(Invoice, draft.corrects_id), draft)
            draft = get_invoice(draft_number)  # read again under the locks
        if draft.kind != "corrective" or draft.status != "draft":
            raise UserError(
                _("{number} is not a draft corrective invoice.").format(number=draft.number)
            )
        original = fast.get(Invoice, draft.corrects_id)
        check_correctable(original)
        members = chain(original)
        quantities, removed = draft_quantities(draft)
        plan = plan_correction(original, quantities, removed, cur)
        when = on or draft.date
        originals = {ln.seq: ln for ln in billable_lines(original)}
        on_order = order_returns.counts_for_order(original)
        _write_lines(draft, plan, originals, on_order, cur)
        draft.number = book.number_for("corrective", number)
        draft.date = when
        draft.total = cur.to_minor(plan.total)
        terms = parse_terms(original.terms_text or "net 0")
        draft.due_date = terms.due_date(when) if plan.total > 0 else when
        draft.status = "posted"
        draft.posted_at = audit_stamp()
        fast.save(draft)
        consumed = unbilled_lines.correction_moves(draft, plan.lines, originals, cur)
        unbilled_total = sum((u[2] for u in plan.unbilled), ZERO) - consumed
        post_entry(
            cur,
            when,
            B_("Corrective invoice {number} of {original}").format(
                number=draft.number, original=original.number
            ),
            [*dr_cr(RECEIVABLES, SALES, plan.total), *dr_cr(UNBILLED, SALES, unbilled_total)],
            keep_empty=True,
            invoice=draft,
        )
        original.status = "corrected"
        fast.save(original)
        if plan.total < 0:
            chains.relieve(draft, members, when, cur)
        elif plan.total > 0:
            chains.take_back(draft, members, when, cur)
        orders.returned_on_order(fast.get(Invoice, draft.id), cur)
        return draft


def _write_lines(
    draft: Invoice,
    plan: CorrectionPreview,
    originals: dict[int, InvoiceLine],
    on_order: bool,
    cur: Currency,
) -> None:
    """The confirmed correction's lines in place of the draft's: each kept original
    line reversed, and its new quantity billed when there is one."""
    InvoiceLine.delete().where(InvoiceLine.invoice == draft.id).execute()
    seq = 0
    for line in plan.lines:
        ol = originals[line.seq]
        # What both lines of an original line share: where they come from, its price.
        common = dict(invoice=draft, unit_price=ol.unit_price, original_line=ol.id)
        common["order_line"] = ol.order_line_id if on_order else None
        seq += 1
        description = B_("Reversal: {description}").format(description=line.description)
        fast.create(
            InvoiceLine,
            seq=seq,
            description=description,
            quantity=-ol.quantity,
            amount=-ol.amount,
            role="reverse",
            **common,
        )
        if line.new_quantity > 0:
            seq += 1
            fast.create(
                InvoiceLine,
                seq=seq,
                description=line.description,
                quantity=qty_to_milli(line.new_quantity),
                amount=cur.to_minor(cur.round(line.new_quantity * line.unit_price)),
                role="bill",
                **common,
            )


def correct(
    invoice: str,
    on: date,
    quantities: Mapping[int, Decimal],
    remove: Sequence[int] = (),
    *,
    number: str | None = None,
    draft: bool = False,
) -> Invoice:
    """Start, edit and confirm a correction in one action (the command line).

    With `draft` the correction is left as a draft, to be edited and posted later.
    """
    with database.atomic():
        started = start_correction(invoice, on, reuse=False)
        edit_correction(started.number, quantities, remove)
        if draft:
            return get_invoice(started.number)
        return confirm_correction(started.number, on, number=number)
