"""What a correction of an invoice would do, nothing written (SPEC §5): the lines
it starts from, the invoice's correction chain, whether the invoice may be
corrected, and the preview of a correction (its lines, the unbilled items it
leaves, its effect on what is owed, in words). app/services/corrections.py
makes, edits and confirms the draft from these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.errors import UserError
from app.i18n import _
from app.rules.money import ZERO, Currency, fmt_qty, qty_from_milli, qty_to_milli
from app.services import book, chains, order_returns, unbilled_lines
from app.services.documents import get_invoice
from models import fast
from models.tables import Invoice, InvoiceLine, OrderLine


def billable_lines(inv: Invoice) -> list[InvoiceLine]:
    """The lines a correction starts from: what the invoice bills."""
    return list(
        InvoiceLine.select()
        .where((InvoiceLine.invoice == inv.id) & (InvoiceLine.role == "bill"))
        .order_by(InvoiceLine.seq)
    )


def chain_root(inv: Invoice) -> Invoice:
    while inv.corrects_id is not None:
        inv = fast.get(Invoice, inv.corrects_id)
    return inv


def chain(inv: Invoice) -> list[Invoice]:
    """The whole correction chain the invoice belongs to, oldest first."""
    out = [chain_root(inv)]
    while True:
        nxt = (
            Invoice.select()
            .where((Invoice.corrects == out[-1].id) & (Invoice.status != "draft"))
            .order_by(Invoice.id)
            .first()
        )
        if nxt is None:
            return out
        out.append(nxt)


def check_correctable(inv: Invoice) -> None:
    if inv.status == "draft":
        raise UserError(
            _("{number} is a draft; change it directly instead of correcting it.").format(
                number=inv.number
            )
        )
    if inv.kind == "credit_note":
        raise UserError(
            _("{number} is a credit note; credit notes are not corrected.").format(
                number=inv.number
            )
        )
    later = (
        Invoice.select().where((Invoice.corrects == inv.id) & (Invoice.status != "draft")).first()
    )
    if later is not None:
        raise UserError(
            _(
                "Invoice {number} was already corrected by {number2}; correct {number2} instead."
            ).format(number=inv.number, number2=later.number)
        )
    credited = Invoice.get_or_none((Invoice.credits == inv.id) & (Invoice.status != "draft"))
    if credited is not None:
        raise UserError(
            _(
                "Invoice {number} already has credit note {number2}; credit it further instead of correcting it, so nothing is reduced twice."
            ).format(number=inv.number, number2=credited.number)
        )
    if not billable_lines(inv):
        raise UserError(_("Invoice {number} has no lines to correct.").format(number=inv.number))


@dataclass(frozen=True)
class CorrectionLine:
    seq: int
    description: str
    original_quantity: Decimal
    new_quantity: Decimal
    unit_price: Decimal
    change: Decimal  # (new − original) × price


@dataclass(frozen=True)
class CorrectionPreview:
    invoice: str
    lines: tuple[CorrectionLine, ...]
    total: Decimal
    unbilled: tuple[tuple[str, Decimal, Decimal], ...]  # description, quantity, amount
    balance_before: Decimal
    effect: str


def preview_correction(
    invoice: str, quantities: Mapping[int, Decimal] | None = None, remove: Sequence[int] = ()
) -> CorrectionPreview:
    cur = book.currency()
    inv = get_invoice(invoice)
    check_correctable(inv)
    quantities, remove = shown_lines(inv, quantities or {}, remove)
    return plan_correction(inv, quantities, remove, cur)


def shown_lines(
    inv: Invoice, quantities: Mapping[int, Decimal], remove: Sequence[int]
) -> tuple[dict[int, Decimal], list[int]]:
    """Line numbers as the invoice shows them, turned into the lines a correction changes.

    A corrective invoice shows each corrected line twice, its reversal and
    its new quantity; either number names the line its new quantity bills.
    """
    if inv.kind != "corrective":
        return dict(quantities), list(remove)
    lines = list(InvoiceLine.select().where(InvoiceLine.invoice == inv.id))
    billed = {ln.original_line_id: ln.seq for ln in lines if ln.role == "bill"}
    shown = {ln.seq: ln for ln in lines}

    def to_bill(seq: int) -> int:
        ln = shown.get(seq)
        if ln is None or ln.role == "bill":
            return seq
        if ln.original_line_id not in billed:
            raise UserError(
                _(
                    "Line {seq} of {number} ({description}) bills nothing any more; bill its unbilled item instead of correcting it."
                ).format(seq=seq, number=inv.number, description=ln.description)
            )
        return billed[ln.original_line_id]

    out: dict[int, Decimal] = {}
    for seq, qty in quantities.items():
        target = to_bill(seq)
        if target in out:
            raise UserError(
                _("Lines {seq} and {target} of {number} are the same line.").format(
                    seq=seq, target=target, number=inv.number
                )
            )
        out[target] = qty
    return out, sorted({to_bill(seq) for seq in remove})


def plan_correction(
    inv: Invoice, quantities: Mapping[int, Decimal], remove: Sequence[int], cur: Currency
) -> CorrectionPreview:
    originals = {ln.seq: ln for ln in billable_lines(inv)}
    for seq in list(quantities) + list(remove):
        if seq not in originals:
            raise UserError(
                _("Invoice {number} has no line {seq} to correct.").format(
                    number=inv.number, seq=seq
                )
            )
    for seq, qty in quantities.items():
        if qty < 0:
            raise UserError(_("The new quantity of line {seq} cannot be negative.").format(seq=seq))
        if seq in remove:
            raise UserError(
                _("Line {seq} is both removed and given a new quantity.").format(seq=seq)
            )
    kept = [ln for seq, ln in originals.items() if seq not in set(remove)]
    if not kept:
        raise UserError(_("A correction needs at least one line; all lines were removed."))
    lines = []
    unbilled = []
    total = ZERO
    for ln in kept:
        orig = qty_from_milli(ln.quantity)
        new = quantities.get(ln.seq, ZERO).quantize(Decimal("0.001"))
        price = cur.from_minor(ln.unit_price)
        change = cur.round(new * price) - cur.from_minor(ln.amount)
        total += change
        lines.append(CorrectionLine(ln.seq, ln.description, orig, new, price, change))
        lost = unbilled_lines.lost(ln, orig, new)
        if lost > 0:
            amount = unbilled_lines.added_amount(ln, lost, cur)
            unbilled.append((ln.description, lost, amount))
    _check_order_room(inv, lines, originals)
    balance = cur.from_minor(inv.total - inv.settled)
    effect = _effect(inv, total, cur)
    return CorrectionPreview(inv.number, tuple(lines), total, tuple(unbilled), balance, effect)


def _check_order_room(
    inv: Invoice, lines: Sequence[CorrectionLine], originals: Mapping[int, InvoiceLine]
) -> None:
    """A correction of an order invoice bills no more of an order line than was ordered."""
    if not order_returns.counts_for_order(inv):
        return
    for line in lines:
        ol = originals[line.seq]
        more = qty_to_milli(line.new_quantity - line.original_quantity)
        if more <= 0 or ol.order_line_id is None:
            continue
        ordered = fast.get(OrderLine, ol.order_line_id)
        if ordered.invoiced_quantity + more > ordered.quantity:
            left = qty_from_milli(ordered.quantity - ordered.invoiced_quantity)
            raise UserError(
                _(
                    "Order line {seq} ({description}) has only {left} left to invoice; change the order first to bill more on {number}."
                ).format(
                    seq=ordered.seq,
                    description=ordered.description,
                    left=fmt_qty(left),
                    number=inv.number,
                )
            )


def _effect(inv: Invoice, total: Decimal, cur: Currency) -> str:
    """The correction's effect on what is owed, in words, by the rules posting applies."""
    members = chain(inv)
    if total < 0:
        relief = chains.plan_relief(members, -total, "(correction)", inv.date, cur)
        lowered = sum((a.settles for a in relief.applications), ZERO)
        reversed_discount = -relief.discount
        parts = [_("Reduces what is owed by {fmt}").format(fmt=cur.fmt(-total))]
        for a in relief.applications:
            if a.settles > 0:
                parts.append(
                    _("lowers the open balance of {invoice} by {settles}").format(
                        invoice=a.invoice, settles=cur.fmt(a.settles)
                    )
                )
        if reversed_discount > 0:
            parts.append(
                _("reverses {reversed_discount} of cash discount taken").format(
                    reversed_discount=cur.fmt(reversed_discount)
                )
            )
        owed = -total - lowered - reversed_discount
        if owed > 0:
            parts.append(_("{owed} becomes credit owed to the customer").format(owed=cur.fmt(owed)))
        return "; ".join(parts) + "."
    if total > 0:
        back = chains.plan_take_back(inv, members, total, inv.date, cur)
        taken = sum((a.settles for _c, a in back), ZERO)
        if taken > 0:
            return _(
                "A new amount due of {total}, of which {taken} is settled by the credit earlier corrections of the chain left; {fmt} is still due."
            ).format(total=cur.fmt(total), taken=cur.fmt(taken), fmt=cur.fmt(total - taken))
        return _("A new amount due of {total}.").format(total=cur.fmt(total))
    return _("No change in what is owed.")
