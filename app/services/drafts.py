"""A draft invoice posted, changed or deleted (SPEC §1: drafts may be edited and
deleted; posted documents never). A kept correction draft posts as the correction
it is (app/services/corrections.py). The invoices themselves are made in
app/services/invoices.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.errors import UserError
from app.i18n import _
from app.services import book
from app.services.documents import get_invoice
from app.services.invoices import LineInput, check_lines, kind_word, post_invoice_row, write_lines
from models import fast
from models.db import database
from models.locks import hold, row_locks
from models.tables import Invoice, InvoiceLine


def _held_invoice(number: str) -> Invoice:
    """The invoice (and its order), locked and read under the locks."""
    inv = get_invoice(number)
    if not row_locks():
        return inv
    hold(orders=[inv.order_id], invoices=[inv.id])
    return get_invoice(number)


def post_invoice(number: str) -> Invoice:
    if get_invoice(number).kind == "corrective":
        # A kept correction draft posts as the correction it is (SPEC §9).
        from app.services.corrections import confirm_correction

        return confirm_correction(number)
    with database.atomic():
        inv = _held_invoice(number)
        post_invoice_row(inv, book.currency())
        return inv


def delete_draft(number: str) -> None:
    with database.atomic():
        inv = _held_invoice(number)
        if inv.status != "draft":
            raise UserError(
                _(
                    "{kind_word} {number} is posted; posted documents are never changed or deleted. Issue a credit note or a corrective invoice instead."
                ).format(kind_word=kind_word(inv), number=inv.number)
            )
        from models.tables import UnbilledItem

        UnbilledItem.delete().where(UnbilledItem.invoice == inv).execute()
        InvoiceLine.delete().where(InvoiceLine.invoice == inv).execute()
        inv.delete_instance()


def refuse_if_posted(number: str) -> None:
    inv = get_invoice(number)
    if inv.status != "draft":
        raise UserError(
            _(
                "{kind_word} {number} is posted; posted documents are never changed or deleted. Issue a credit note or a corrective invoice instead."
            ).format(kind_word=kind_word(inv), number=inv.number)
        )


def edit_draft(number: str, on: date | None = None, lines: Sequence[LineInput] = ()) -> Invoice:
    """Change a draft invoice: its date (and due date) and/or replace all its lines."""
    with database.atomic():
        _held_invoice(number)
        refuse_if_posted(number)
        inv = get_invoice(number)
        if inv.kind == "corrective":
            raise UserError(
                _("{number} is a draft correction; use `acerto correct` instead.").format(
                    number=inv.number
                )
            )
        if on is not None:
            inv.date = on
            inv.due_date = on
        if lines:
            check_lines(lines)
            InvoiceLine.delete().where(InvoiceLine.invoice == inv.id).execute()
            inv.total = 0
            write_lines(inv, lines, book.currency(), inv.order if inv.order_id else None)
        fast.save(inv)
        return inv
