"""The settlement rules of SPEC §3 as pure functions.

No database and no clock: the caller passes the open invoices, the money
available, the settlement date and the book's parameters, and receives a
`SettlementPreview` (amounts, journal lines, and a plain-language
explanation). The window renders a preview; posting stores exactly it.

Conventions for one application (a settlement row):
    amount           taken from the source (payment money or credit-note credit)
    discount         cash discount granted (negative when reversed)
    writeoff         tolerance write-off (negative for a written-off overpayment)
    full_settlement  remainder waived by a full settlement (booked as cash discount)
    settles          = amount + discount + writeoff + full_settlement, off the invoice
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from app.errors import UserError
from app.i18n import B_, _, book_day, book_money, said_day
from app.rules.discount_choice import chosen_discount, paid_back, why_none
from app.rules.frozen import quick_init
from app.rules.money import ZERO, Currency
from app.rules.terms import Terms, Tier

# Accounts of the journal (SPEC §1).
RECEIVABLES = "receivables"
BANK = "bank"
SALES = "sales"
CASH_DISCOUNT = "cash_discount"
OVER_UNDER = "over_underpayment"
REFUNDS_PAYABLE = "refunds_payable"
ADVANCES = "customer_advances"
UNBILLED = "unbilled"
ACCOUNTS = (
    RECEIVABLES,
    BANK,
    SALES,
    CASH_DISCOUNT,
    OVER_UNDER,
    REFUNDS_PAYABLE,
    ADVANCES,
    UNBILLED,
)

PAYMENT = "payment"
CREDIT_NOTE = "credit_note"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Params:
    """Receivables parameters of a book (SPEC §3, §8 settings)."""

    discount_on_partial_payments: bool = True
    discount_on_credit_notes: bool = True
    max_underpayment: Decimal = ZERO
    max_overpayment: Decimal = ZERO
    full_settlement_allowed: bool = True
    # A payment covering the whole balance still takes the cash discount (SPEC §9).
    discount_when_paid_in_full: bool = False


@quick_init
@dataclass(frozen=True)
class OpenInvoice:
    """What the rules need to know about an invoice."""

    number: str
    date: dt.date
    due_date: dt.date
    total: Decimal
    balance: Decimal
    terms: Terms
    discount_taken: Decimal = ZERO  # net cash discount so far (after reversals)


@quick_init
@dataclass(frozen=True)
class JournalLine:
    account: str
    debit: Decimal
    credit: Decimal


@quick_init
@dataclass(frozen=True)
class Application:
    invoice: str
    balance_before: Decimal
    amount: Decimal
    discount: Decimal = ZERO
    writeoff: Decimal = ZERO
    full_settlement: Decimal = ZERO
    explanation: str = ""
    source: str = ""
    notes: tuple[str, ...] = ()
    # The settlement date of this application: never before the invoice.
    on: dt.date | None = None
    # The most cash discount the rules allow here (the bound of a chosen one).
    allowed: Decimal = ZERO

    @property
    def settles(self) -> Decimal:
        return self.amount + self.discount + self.writeoff + self.full_settlement

    @property
    def balance_after(self) -> Decimal:
        return self.balance_before - self.settles


@quick_init
@dataclass(frozen=True)
class SettlementPreview:
    source: str
    source_kind: str
    date: date
    available: Decimal
    applications: tuple[Application, ...]
    journal: tuple[JournalLine, ...] = field(default=())

    @property
    def applied(self) -> Decimal:
        return sum((a.amount for a in self.applications), ZERO)

    @property
    def remaining_credit(self) -> Decimal:
        return self.available - self.applied

    @property
    def discount(self) -> Decimal:
        return sum((a.discount + a.full_settlement for a in self.applications), ZERO)

    @property
    def writeoff(self) -> Decimal:
        return sum((a.writeoff for a in self.applications), ZERO)

    @property
    def explanation(self) -> str:
        return "\n".join(a.explanation for a in self.applications)


def signed_line(account: str, amount: Decimal) -> JournalLine | None:
    """A debit for a positive amount, a credit for a negative one."""
    if amount == 0:
        return None
    return JournalLine(account, amount, ZERO) if amount > 0 else JournalLine(account, ZERO, -amount)


def journal_for(applications: Sequence[Application], source_kind: str) -> tuple[JournalLine, ...]:
    """Journal of a settlement: the source pays, receivables are relieved."""
    source_account = ADVANCES if source_kind == PAYMENT else RECEIVABLES
    amount = discount = writeoff = settles = ZERO
    for a in applications:  # one pass, each sum in the order `sum` would add it
        amount += a.amount
        discount += a.discount + a.full_settlement
        writeoff += a.writeoff
        settles += a.amount + a.discount + a.writeoff + a.full_settlement
    lines = [
        signed_line(source_account, amount),
        signed_line(CASH_DISCOUNT, discount),
        signed_line(OVER_UNDER, writeoff),
        signed_line(RECEIVABLES, -settles),
    ]
    # A credit note relieving receivables out of receivables nets to nothing;
    # keep both sides so the entry still shows what moved.
    return tuple(filter(None, lines))  # a JournalLine is always true, None false


def _pct(p: Decimal) -> str:
    return f"{p.normalize():f}"


def _apply_money(
    inv: OpenInvoice,
    money: Decimal,
    on: date,
    params: Params,
    cur: Currency,
    allow_discount: bool,
    source: str,
    last_money: bool = True,
    chosen: Decimal | None = None,
    spare: Decimal | None = ZERO,
) -> Application:
    """Apply up to `money` to one invoice: discount, then tolerance.

    `last_money` says this is all the money the source has left: only then
    may a shortfall be written off as an underpayment (SPEC §3.5).
    `chosen` is a cash discount the bookkeeper set (0 up to what the rules
    allow, else refused). `spare` is money beyond what the discounted
    invoice needs that pays the discount back (SPEC §9: money covering the
    whole balance settles it at full value); None: what `money` leaves over.
    """
    bal = inv.balance
    under = params.max_underpayment if last_money else ZERO
    tier = inv.terms.tier_on(inv.date, on) if allow_discount else None
    notes: list[str] = []
    discount = allowed = ZERO
    if tier is not None:
        amount, discount, note = _rule_discount(inv, tier, money, under, params, cur)
        allowed = discount
        if chosen is not None:
            amount, discount, note = chosen_discount(inv, money, on, chosen, discount, note, cur)
        elif discount > 0 and not params.discount_when_paid_in_full:
            extra = money - amount if spare is None else spare
            amount, discount, note = paid_back(bal, amount, discount, extra, note, cur)
        notes.append(note)
    else:
        amount = min(money, bal)
        if chosen is not None and chosen != 0:
            raise UserError(
                _(
                    "No cash discount can be taken on {number} on {on}{why_none}; {chosen} was asked."
                ).format(
                    number=inv.number,
                    on=said_day(on),
                    why_none=why_none(inv, allow_discount),
                    chosen=book_money(cur)(chosen),
                )
            )
        if allow_discount and inv.terms.tiers:
            last = inv.terms.tiers[-1]
            notes.append(
                B_(
                    "no cash discount: settled on {on}, the last discount period ran until {discount_until}"
                ).format(
                    on=book_day(on),
                    discount_until=book_day(inv.terms.discount_until(last, inv.date)),
                )
            )
    writeoff = ZERO
    left = bal - amount - discount
    if 0 < left <= under:
        writeoff = left
        f = book_money(cur)
        notes.append(
            B_("underpayment {left} ≤ maximum {max_underpayment}, written off").format(
                left=f(left), max_underpayment=f(params.max_underpayment)
            )
        )
    app = Application(
        inv.number,
        bal,
        amount,
        discount,
        writeoff,
        source=source,
        notes=tuple(notes),
        on=on,
        allowed=allowed,
    )
    return app  # explained once, when the plan is complete (`plan_settlement`)


def _rule_discount(
    inv: OpenInvoice, tier: Tier, money: Decimal, under: Decimal, params: Params, cur: Currency
) -> tuple[Decimal, Decimal, str]:
    """Amount, discount and its arithmetic as the rules give them for this money (§3.2–3.3)."""
    f = book_money(cur)
    bal = inv.balance
    p = tier.percent
    until = book_day(inv.terms.discount_until(tier, inv.date))
    # Discounts taken on one invoice never exceed total × percent.
    room = max(cur.round(inv.total * inv.terms.max_percent / HUNDRED) - inv.discount_taken, ZERO)
    full = min(cur.round(bal * p / HUNDRED), room)
    needed = bal - full
    if money + under >= needed:
        note = B_("{bal} × {p} / 100 = {full}, cash discount, {p} % until {until}").format(
            bal=f(bal), p=_pct(p), full=f(full), until=until
        )
        return min(money, needed), full, note
    if params.discount_on_partial_payments:
        discount = min(cur.round(money * p / (HUNDRED - p)), room, bal - money)
        note = B_(
            "{money} × {p} / {pct} = {discount}, partial-payment discount, {p} % until {until}"
        ).format(
            money=f(money), p=_pct(p), pct=_pct(HUNDRED - p), discount=f(discount), until=until
        )
        return money, discount, note
    return money, ZERO, B_("no cash discount on a partial payment (the book's setting is off)")


def _explained(app: Application, f: Callable[[Decimal], str]) -> Application:
    """Compose the explanation once all parts of an application are known (once per
    application, when its plan is complete: a paid-back discount changes them);
    `f` writes an amount as the book's sentences do (`book_money`)."""
    after = app.balance_after
    outcome = (
        B_("invoice settled")
        if after == 0
        else B_("balance now {balance_after}").format(balance_after=f(after))
    )
    text = B_("{amount} from {source} to {invoice} (balance {balance_before}): ").format(
        amount=f(app.amount),
        source=app.source,
        invoice=app.invoice,
        balance_before=f(app.balance_before),
    )
    # `replace(app, explanation=...)` without its per-field work (a plan explains thousands)
    done = object.__new__(Application)
    done.__dict__.update(app.__dict__, explanation=text + "; ".join((*app.notes, outcome)) + ".")
    return done


def plan_settlement(
    *,
    source: str,
    source_kind: str,
    available: Decimal,
    invoices: Sequence[OpenInvoice],
    on: date,
    params: Params,
    currency: Currency,
    cap: Decimal | None = None,
    amounts: Mapping[str, Decimal] | None = None,
    full_settlement: bool | str | Collection[str] = False,
    discounts: Mapping[str, Decimal] | None = None,
    no_discount: bool = False,
) -> SettlementPreview:
    """Apply a payment or a credit note to invoices in the given order.

    `invoices` come in the order to settle (the caller proposes oldest-due
    first); `cap` limits the money taken from the source; `amounts` gives
    the money per invoice when the bookkeeper edited it (each capped by
    the money still left, in order). `discounts` sets the cash discount of
    named invoices, `no_discount` declines it on the others. `full_settlement`
    names the invoices whose remainder is waived (True: the one invoice settled).
    """
    cur = currency
    cap = _checked_cap(source, source_kind, available, params, cap, amounts, full_settlement, cur)
    pool = cap if cap is not None else available
    apps: list[Application] = []
    given: list[tuple[OpenInvoice, Decimal, date, bool, Decimal | None]] = []
    used = ZERO
    alone = len(invoices) == 1 and amounts is None  # discount paid back in the same pass
    for inv in invoices:
        if pool <= 0:
            break
        if inv.balance <= 0:
            continue
        money = pool if amounts is None else min(amounts.get(inv.number, ZERO), pool)
        if money <= 0:
            continue
        # Money cannot settle an invoice before the invoice exists.
        app_on = max(on, inv.date)
        last_money = money >= available - used
        chosen = (discounts or {}).get(inv.number, ZERO if no_discount else None)
        # Money given for one invoice pays its discount back at once; a pool, once all are
        # served (a pool of one invoice: at once, as `_pay_discounts_back` would after it).
        spare = None if amounts is not None or alone else ZERO
        app = _apply_money(
            inv,
            money,
            app_on,
            params,
            cur,
            source_kind == PAYMENT,
            source,
            last_money,
            chosen,
            spare,
        )
        pool -= app.amount
        used += app.amount
        apps.append(app)
        given.append((inv, money, app_on, last_money, chosen))
    if not apps:
        raise UserError(
            _("There is no open invoice to settle with {source}.").format(source=source)
        )
    if discounts:  # the words only when there is something to check
        _check_named(discounts, apps, _("a cash discount for"))
    if amounts is None and source_kind == PAYMENT and not alone:
        pool = _pay_discounts_back(apps, given, pool, params, cur)
    if cap is None and amounts is None and source_kind == PAYMENT:
        _write_off_overpayment(apps, pool, params, cur)
    waived = _waived(full_settlement, apps)
    if waived:
        _waive_remainder(apps, waived, cur)
    f = book_money(cur)
    done = tuple(_explained(a, f) for a in apps)
    return SettlementPreview(
        source, source_kind, on, available, done, journal_for(done, source_kind)
    )


def _pay_discounts_back(
    apps: list[Application],
    given: list[tuple[OpenInvoice, Decimal, date, bool, Decimal | None]],
    leftover: Decimal,
    params: Params,
    cur: Currency,
) -> Decimal:
    """Money left once every invoice is served pays their discounts back, in order:
    an invoice the money covers in full is settled at full value (SPEC §9)."""
    if params.discount_when_paid_in_full:
        return leftover
    for i, (inv, money, app_on, last_money, chosen) in enumerate(given):
        if leftover <= 0:
            break
        if chosen is not None or apps[i].discount <= 0:
            continue
        take = min(leftover, apps[i].discount)
        apps[i] = _apply_money(
            inv, money, app_on, params, cur, True, apps[i].source, last_money, None, take
        )
        leftover -= take
    return leftover


def _check_named(
    named: Mapping[str, Decimal] | Collection[str] | None, apps: Sequence[Application], what: str
) -> None:
    """An invoice named for a discount or a waiver must be one this settlement settles."""
    settled = [a.invoice for a in apps]
    for number in named or ():
        if number not in settled:
            raise UserError(
                _(
                    "{what} {number} was given, but this settlement does not settle {number} (it settles {join})."
                ).format(what=what.capitalize(), number=number, join=", ".join(settled))
            )


def _waived(
    full_settlement: bool | str | Collection[str], apps: Sequence[Application]
) -> list[str]:
    """The invoices whose remainder a full settlement waives (SPEC §9: named ones only)."""
    if not full_settlement:
        return []
    if full_settlement is True:
        if len(apps) != 1:
            raise UserError(
                _(
                    "Full settlement waives the remainder of one invoice; this settlement settles {join}: name the invoice (--full-settlement INVOICE)."
                ).format(join=", ".join(a.invoice for a in apps))
            )
        return [apps[0].invoice]
    names = [full_settlement] if isinstance(full_settlement, str) else list(full_settlement)
    _check_named(names, apps, _("a full settlement of"))
    return names


def _checked_cap(
    source: str,
    source_kind: str,
    available: Decimal,
    params: Params,
    cap: Decimal | None,
    amounts: Mapping[str, Decimal] | None,
    full_settlement: bool | str | Collection[str],
    cur: Currency,
) -> Decimal | None:
    """Refuse a request the rules cannot carry out; the cap that really limits the money."""
    f = cur.fmt

    def kind_word() -> str:  # the words only for a refusal
        return _("payment") if source_kind == PAYMENT else _("credit note")

    if available <= 0:
        raise UserError(
            _("The {kind_word} {source} has nothing left to apply.").format(
                kind_word=kind_word(), source=source
            )
        )
    if cap is not None:
        if cap <= 0:
            raise UserError(
                _("The amount to apply from {source} must be more than zero.").format(source=source)
            )
        if cap > available:
            raise UserError(
                _(
                    "The {kind_word} {source} has only {available} left to apply; {cap} was asked."
                ).format(kind_word=kind_word(), source=source, available=f(available), cap=f(cap))
            )
    if full_settlement and not params.full_settlement_allowed:
        raise UserError(
            _(
                "Full settlement is not allowed in this book: its settings do not allow waiving the rest of an invoice's balance."
            )
        )
    if amounts and any(v < 0 for v in amounts.values()):
        raise UserError(_("An amount to apply cannot be negative."))
    # An amount per invoice larger than the money left is capped by the money:
    # the discount is always computed from what was received (SPEC §3.3).
    # Capping at everything the source has is no cap.
    return None if cap == available else cap


def _write_off_overpayment(
    apps: list[Application], leftover: Decimal, params: Params, cur: Currency
) -> None:
    """A small overpayment left after the last invoice is settled is written off (SPEC §3.5);
    never on an invoice that took a cash discount (SPEC §9): the excess stays credit."""
    last = apps[-1]
    if not (0 < leftover <= params.max_overpayment and last.balance_after == 0):
        return
    if last.discount != 0:
        return
    note = B_("overpayment {leftover} ≤ maximum {max_overpayment}, written off").format(
        leftover=book_money(cur)(leftover), max_overpayment=book_money(cur)(params.max_overpayment)
    )
    apps[-1] = replace(
        last,
        amount=last.amount + leftover,
        writeoff=last.writeoff - leftover,
        notes=(*last.notes, note),
    )


def _waive_remainder(apps: list[Application], names: Collection[str], cur: Currency) -> None:
    """Full settlement (SPEC §3.6): each named invoice has its remainder waived."""
    for i, app in enumerate(apps):
        if app.invoice not in names:
            continue
        rest = app.balance_after
        if rest <= 0:
            raise UserError(
                _(
                    "Invoice {invoice} is settled in full by this settlement; there is no remainder to waive."
                ).format(invoice=app.invoice)
            )
        note = B_(
            "full settlement: the remaining {rest} is waived and posted as additional cash discount"
        ).format(rest=book_money(cur)(rest))
        apps[i] = replace(app, full_settlement=rest, notes=(*app.notes, note))
