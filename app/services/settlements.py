"""Settling payments and credit notes against invoices (SPEC §3), and unsettling."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple, overload

from app.errors import UserError
from app.i18n import B_, _, book_money, said_day
from app.rules import limits
from app.rules.money import Currency
from app.rules.settlement import SettlementPreview, plan_settlement
from app.services import book
from app.services.documents import (
    Source,
    get_invoice,
    get_source,
    is_credit,
    open_invoices_of,
    open_state,
    settlement_source,
    source_of,
)
from app.services.journal import post_entry, reverse_lines
from app.services.settle_store import Pending
from app.services.settle_store import store_preview as store_preview
from models import fast, fast_bulk
from models.db import database
from models.locks import hold, row_locks
from models.tables import (
    Invoice,
    JournalEntry,
    Payment,
    Settlement,
)


def _targets(src: Source, numbers: Sequence[str], rows: _Rows | None = None) -> list[Invoice]:
    if not numbers:
        return open_invoices_of(src.customer_id) if rows is None else rows.open_of(src)
    seen: set[str] = set()
    out = []
    for number in numbers:
        inv = get_invoice(number) if rows is None else rows.invoice(number)
        d = inv.__data__  # what each attribute reads (a customer: the id stored)
        if d.get("number") in seen:
            raise UserError(_("Invoice {number} is named twice.").format(number=inv.number))
        seen.add(d.get("number"))
        if d.get("customer") != src.customer_id:
            raise UserError(
                _("Invoice {number} belongs to another customer than {number2}.").format(
                    number=inv.number, number2=src.number
                )
            )
        if d.get("status") == "draft":
            raise UserError(
                _("Invoice {number} is a draft; post it before settling it.").format(
                    number=inv.number
                )
            )
        if is_credit(inv):
            raise UserError(
                _("{number} is a credit, not an invoice to settle.").format(number=inv.number)
            )
        if d.get("settled") >= d.get("total"):
            raise UserError(_("Invoice {number} is already settled.").format(number=inv.number))
        out.append(inv)
    return out


# Who may be waived by a full settlement: True (the one invoice settled) or invoice numbers.
Waive = bool | str | Collection[str]


def preview_settlement(
    source: str,
    invoices: Sequence[str] = (),
    amount: Decimal | None = None,
    full_settlement: Waive = False,
    on: date | None = None,
    amounts: Mapping[str, Decimal] | None = None,
    discounts: Mapping[str, Decimal] | None = None,
    no_discount: bool = False,
) -> SettlementPreview:
    """What settling would do, without posting anything."""
    cur = book.currency()
    src = get_source(source, cur)
    choice = _Choice(full_settlement, discounts, no_discount)
    return _plan_settle(src, cur, invoices, amount, on, amounts, choice)[0]


class _Choice:
    """The bookkeeper's choices beyond the amounts, with invoice numbers as the book spells them."""

    def __init__(
        self, waive: Waive, discounts: Mapping[str, Decimal] | None, no_discount: bool
    ) -> None:
        if isinstance(waive, bool):
            self.waive: Waive = waive
        else:
            names = [waive] if isinstance(waive, str) else list(waive)
            self.waive = [get_invoice(n).number for n in names]
        self.discounts = {get_invoice(n).number: v for n, v in (discounts or {}).items()}
        for number, value in self.discounts.items():
            limits.check_amount(
                value, _("cash discount on {number}").format(number=limits.quote(number))
            )
        self.no_discount = no_discount


def _plan_settle(
    src: Source,
    cur: Currency,
    invoices: Sequence[str],
    amount: Decimal | None,
    on: date | None,
    amounts: Mapping[str, Decimal] | None,
    choice: _Choice,
    rows: _Rows | None = None,
) -> tuple[SettlementPreview, list[Invoice]]:
    """The plan, and the invoices it was made from (posting stores onto those rows);
    `rows`: the rows a `settle_many` call has read (else read from the book)."""
    when = on or src.date
    if when < src.date:
        raise UserError(
            _("The settlement date {when} is before {number} ({date}).").format(
                when=said_day(when), number=src.number, date=said_day(src.date)
            )
        )
    targets = _targets(src, invoices, rows)
    preview = plan_settlement(
        source=src.number,
        source_kind=src.kind,
        available=src.available,
        invoices=[open_state(i, cur) for i in targets],
        on=when,
        params=book.params() if rows is None else rows.params,
        currency=cur,
        cap=amount,
        amounts=amounts,
        full_settlement=choice.waive,
        discounts=choice.discounts,
        no_discount=choice.no_discount,
    )
    return preview, targets


class SettleIn(NamedTuple):
    """One settlement to make, as `settle` takes it (its arguments' meanings there).
    A named tuple, as `payments.PaymentIn`: accepting bank lines makes one a line."""

    source: str
    invoices: Sequence[str] = ()
    amount: Decimal | None = None
    full_settlement: Waive = False
    on: date | None = None
    amounts: Mapping[str, Decimal] | None = None
    discounts: Mapping[str, Decimal] | None = None
    no_discount: bool = False


def settle(
    source: str,
    invoices: Sequence[str] = (),
    amount: Decimal | None = None,
    full_settlement: Waive = False,
    on: date | None = None,
    amounts: Mapping[str, Decimal] | None = None,
    discounts: Mapping[str, Decimal] | None = None,
    no_discount: bool = False,
) -> list[Settlement]:
    """Apply a payment or a credit note to invoices; returns the settlements.

    `discounts` sets the cash discount of named invoices (0 up to what the
    rules allow), `no_discount` declines it on every other one;
    `full_settlement` waives the remainder of the named invoices (True: of
    the one invoice settled, refused when there are several)."""
    request = SettleIn(
        source, tuple(invoices), amount, full_settlement, on, amounts, discounts, no_discount
    )
    (done,) = settle_many([request])
    if isinstance(done, UserError):
        raise done
    return done


@overload
def settle_many(
    requests: Iterable[SettleIn],
    held: Iterable[Payment | Invoice] = (),
    *,
    made: Literal[True] = True,
) -> list[list[Settlement] | UserError]: ...


@overload
def settle_many(
    requests: Iterable[SettleIn], held: Iterable[Payment | Invoice] = (), *, made: Literal[False]
) -> list[list[Settlement] | UserError | None]: ...


def settle_many(
    requests: Iterable[SettleIn], held: Iterable[Payment | Invoice] = (), *, made: bool = True
) -> list[list[Settlement] | UserError] | list[list[Settlement] | UserError | None]:
    """Settle one request after another, as that many `settle` calls would, in
    one transaction: for each its settlements, or the UserError that refused it
    (a refused request writes nothing). `settle` is this of one request.

    Each request is decided exactly as alone, against the book as the
    earlier ones left it: the rows read are kept for the call and the
    earlier plans' effects are on them (app/services/settle_store.py); the
    rows are written together at the end. `held`: payments and invoices the
    caller made in this transaction and holds as `payments.record_payments`
    and `invoices.create_invoices` returned them (nothing changed since), used
    instead of reading them again; their figures move with the settlements.
    `made=False`: a request done is None in its place, its settlements not
    made into instances (a caller that needs only the refusals: the demo)."""
    with database.atomic():
        out, pending = plan_many(requests, held)
        written = pending.flush(made=made)
    if not made:
        refused: list[list[Settlement] | UserError | None] = [
            done if isinstance(done, UserError) else None for done in out
        ]
        return refused
    return [done if isinstance(done, UserError) else written[done] for done in out]


def plan_many(
    requests: Iterable[SettleIn], held: Iterable[Payment | Invoice] = ()
) -> tuple[list[int | UserError], Pending]:
    """`settle_many`'s decisions, nothing written yet: for each request its place
    in the plans (`Pending.flush`'s result) or the UserError that refused it, and
    the plans, which the caller writes (`flush`) in the same transaction, or drops.

    A caller that posts all or nothing (bank_post: a chunk of bank lines) learns
    of every refusal before anything is written, and writes after leaving its
    savepoint: a savepoint inside which a statement ran makes SQLite copy every
    page the statement changes into its statement journal, one more copy of
    each page the chunk writes (models/batch.py sends a savepoint only then).
    A request settling a customer's open invoices (none named) writes the
    plans before it first, to read them (`_Rows.open_of`)."""
    out: list[int | UserError] = []
    requests = list(requests)
    cur = book.currency()
    pending = Pending(cur)
    rows = _Rows(cur, pending)
    if not rows.locks:  # else each request reads its rows again under its locks
        for row in held:  # by number (what `row.number` reads)
            if isinstance(row, Payment):
                rows.payments[row.__data__.get("number")] = row
            else:
                rows.invoices[row.__data__.get("number")] = row
    if len(requests) > 1 and not rows.locks:  # read under each request's locks there
        rows.read_ahead(
            (n for req in requests for n in req.invoices), (req.source for req in requests)
        )
    for req in requests:
        try:
            out.append(_settle_one(req, cur, rows, pending))
        except UserError as e:
            out.append(e)
    return out, pending


def _settle_one(req: SettleIn, cur: Currency, rows: _Rows, pending: Pending) -> int:
    if req.amount is not None:
        limits.check_amount(req.amount, _("amount to settle"))
    for number, given in (req.amounts or {}).items():
        limits.check_amount(given, _("amount for {number}").format(number=limits.quote(number)))
    choice = _Choice(req.full_settlement, req.discounts, req.no_discount)
    if rows.locks:
        _hold_settle(get_source(req.source, cur), req.invoices)
    src = rows.source(req.source)  # read under the locks
    preview, targets = _plan_settle(
        src, cur, req.invoices, req.amount, req.on, req.amounts, choice, rows
    )
    return pending.add(preview, src, {inv.number: inv for inv in targets})


class _Rows:
    """The payments and invoices a `settle_many` call has read, one instance each,
    so that each request sees what the earlier ones did to them."""

    def __init__(self, cur: Currency, pending: Pending) -> None:
        self.cur = cur
        self.pending = pending
        self.params = book.params()  # the book's settings, as the call found them
        self.locks = row_locks()
        self.payments: dict[str, Payment] = {}
        self.invoices: dict[str, Invoice] = {}

    def _kept(self, row: Any) -> Any:
        held = self.payments if isinstance(row, Payment) else self.invoices
        return held.setdefault(row.number, row)

    def read_ahead(self, invoices: Iterable[str], sources: Iterable[str]) -> None:
        """Read the invoices and the payments named, together (each is then found here;
        a credit note named as a source is read when asked)."""
        wanted = {str(n).strip() for n in invoices} - self.invoices.keys()
        self.invoices.update(fast_bulk.get_many_by(Invoice, Invoice.number, wanted))
        wanted = {str(n).strip() for n in sources} - self.payments.keys()
        self.payments.update(fast_bulk.get_many_by(Payment, Payment.number, wanted))

    def invoice(self, number: str) -> Invoice:
        hit = self.invoices.get(str(number).strip())
        return hit if hit is not None else self._kept(get_invoice(number))  # type: ignore[no-any-return]

    def source(self, number: str) -> Source:
        key = str(number).strip()
        hit = self.payments.get(key) or self.invoices.get(key)
        if hit is None:
            src = get_source(key, self.cur)
            hit = self._kept(src.payment if src.payment is not None else src.credit_note)
        return source_of(hit, self.cur)

    def open_of(self, src: Source) -> list[Invoice]:
        """The customer's open invoices, as the book holds them once written."""
        self.pending.flush()
        return [self._kept(inv) for inv in open_invoices_of(src.customer_id)]


def _hold_settle(src: Source, numbers: Sequence[str]) -> None:
    """Lock the source and every invoice a settlement may touch (models/locks.py)."""
    if numbers:
        named = (fast.get_by(Invoice, Invoice.number, str(n).strip()) for n in numbers)
        targets = {inv.id for inv in named if inv is not None}
    else:
        targets = {inv.id for inv in open_invoices_of(src.customer_id)}
    credit_note = src.credit_note.id if src.credit_note is not None else None
    held = targets | {credit_note}
    hold(payments=[src.payment.id if src.payment is not None else None], invoices=held)
    if not numbers:
        # An invoice posted meanwhile joins the customer's open ones: lock it too.
        hold(invoices={inv.id for inv in open_invoices_of(src.customer_id)} - held)


def _apply_caches(row: Settlement) -> None:
    """Keep the cached settled/applied figures in step with a settlement row written."""
    inv = fast.get(Invoice, row.invoice_id)
    pay = None if row.payment_id is None else fast.get(Payment, row.payment_id)
    cn = None if row.credit_note_id is None else fast.get(Invoice, row.credit_note_id)
    pending = Pending(book.currency())
    amounts = (row.amount, row.discount, row.writeoff, row.full_settlement)
    pending.move([((None, None, None, None, *amounts), inv, pay, cn)])
    pending.flush()


def why_not_unsettle(row: Settlement) -> str | None:
    """Why a settlement cannot be undone (the sentence the user reads), or None.

    A credit note's discount reversal rests on the discount it reverses:
    undoing either one alone would leave the customer owed the wrong amount
    (SPEC §3.4). `unsettle` raises this reason; the import reports it.
    """
    if row.reverses_id is not None:
        return _("Settlement {id} is itself an unsettlement; it cannot be undone.").format(
            id=row.id
        )
    done = Settlement.get_or_none(Settlement.reverses == row.id)
    if done is not None:
        return _("Settlement {id} was already undone by settlement {id2}.").format(
            id=row.id, id2=done.id
        )
    cn = row.credit_note
    if cn is not None and cn.credits_id == row.invoice_id and row.discount < 0:
        return _(
            "Settlement {id} nets credit note {number} against the invoice it credits, reversing the cash discount the customer took; it is part of the credit note and cannot be undone on its own."
        ).format(id=row.id, number=cn.number)
    if row.discount + row.full_settlement > 0:
        later = (
            Settlement.select()
            .where(
                (Settlement.invoice == row.invoice_id)
                & Settlement.credit_note.is_null(False)
                & (Settlement.discount < 0)
                & (Settlement.id > row.id)
            )
            .first()
        )
        if later is not None:
            return _(
                "Settlement {id} cannot be undone: credit note {settlement_source} has since reversed the cash discount it granted. Refund or apply the customer's credit instead."
            ).format(id=row.id, settlement_source=settlement_source(later))
    return None


def unsettle(settlement_id: int, on: date | None = None) -> Settlement:
    """Reverse a settlement with all its parts (SPEC §3.10)."""
    with database.atomic():
        cur = book.currency()
        row = fast.get_by(Settlement, Settlement.id, settlement_id)
        if row is None:
            raise UserError(
                _("There is no settlement {settlement_id}.").format(settlement_id=settlement_id)
            )
        # Rows that a reversal changes, locked before asking whether it was already undone.
        hold(payments=[row.payment_id], invoices=[row.invoice_id, row.credit_note_id])
        reason = why_not_unsettle(row)
        if reason is not None:
            raise UserError(reason)
        when = on or row.date
        if when < row.date:
            raise UserError(
                _("The unsettlement date {when} is before the settlement.").format(
                    when=said_day(when)
                )
            )
        source = settlement_source(row)
        rev = fast.create(
            Settlement,
            payment=row.payment_id,
            credit_note=row.credit_note_id,
            invoice=row.invoice_id,
            date=when,
            amount=-row.amount,
            discount=-row.discount,
            writeoff=-row.writeoff,
            full_settlement=-row.full_settlement,
            explanation=B_(
                "Unsettles settlement {id} ({source} → {number}): {from_minor} applied and all its discount and write-off parts reversed."
            ).format(
                id=row.id,
                source=source,
                number=row.invoice.number,
                from_minor=book_money(cur)(cur.from_minor(row.amount)),
            ),
            reverses=row.id,
            automatic=False,
        )
        _apply_caches(rev)
        entry = JournalEntry.get(JournalEntry.settlement == row.id)
        post_entry(
            cur,
            when,
            B_("Unsettlement {id} of settlement {settlement}").format(id=rev.id, settlement=row.id),
            reverse_lines(entry, cur),
            settlement=rev,
            invoice=row.invoice_id,
            payment=row.payment_id,
        )
        return rev
