"""Where corrections meet: a correction chain nets like one invoice (SPEC §5.4, §9).

A chain is an original invoice and the corrective invoices that corrected
it, one after another. Its money must end where one correction of the
original to the final quantities would, however many steps it took:

- a reduction relieves the chain's open invoices newest first, then older
  ones, and only the rest is credit owed to the customer; the cash discount
  the customer took is reversed on that rest pro rata, computed once for the
  chain as for one invoice (SPEC §3.4) and split per invoice relieved, the
  last part taking the remainder (§3.9);
- an increase first takes back what earlier reductions of the chain left as
  credit still unapplied, restoring the discount they reversed pro rata,
  before anything is a new amount due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import fn

from app.i18n import B_, book_money
from app.rules.money import ZERO, Currency
from app.rules.settlement import (
    CREDIT_NOTE,
    Application,
    SettlementPreview,
    journal_for,
)
from app.services import book
from app.services.documents import RECEIVABLE_KINDS, Source
from app.services.settlements import store_preview
from models.tables import Invoice, Settlement


@dataclass(frozen=True)
class _Member:
    inv: Invoice
    balance: Decimal
    settled: Decimal
    discount: Decimal


def _receivables(members: Sequence[Invoice], cur: Currency) -> list[_Member]:
    """The chain's invoices that bill something, newest first."""
    out = [
        _Member(
            m,
            cur.from_minor(m.total - m.settled),
            cur.from_minor(m.settled),
            cur.from_minor(m.discount_taken),
        )
        for m in members
        if m.kind in RECEIVABLE_KINDS and m.total > 0 and m.status != "draft"
    ]
    return list(reversed(out))


@dataclass(frozen=True)
class _Credit:
    ci: Invoice
    excess: Decimal  # credited beyond balances and not yet taken back
    reversed: Decimal  # discount reversed on that excess, not yet restored
    available: Decimal  # credit still unapplied anywhere


@dataclass(frozen=True)
class _State:
    """The chain as one invoice: what was paid on it and what its reductions left."""

    receivables: list[_Member]  # newest first
    credits: list[_Credit]  # its reductions, newest first
    paid: Decimal  # settled by payments (money, discount, write-offs)
    discount: Decimal  # cash discount those payments took
    excess: Decimal  # credited beyond the open balances, outstanding
    reversed: Decimal  # discount reversed on that excess, outstanding

    @property
    def balance(self) -> Decimal:
        return sum((m.balance for m in self.receivables), ZERO)

    def reversal_for(self, excess: Decimal, cur: Currency) -> Decimal:
        """The discount one correction reverses on `excess` of the paid part (SPEC §3.4)."""
        if not book.params().discount_on_credit_notes or self.paid <= 0 or excess <= 0:
            return ZERO
        return min(cur.round(excess * self.discount / self.paid), self.discount)


def _state(members: Sequence[Invoice], cur: Currency) -> _State:
    receivables = _receivables(members, cur)
    credits = _chain_credits(members, cur)
    row = (
        Settlement.select(
            fn.COALESCE(
                fn.SUM(
                    Settlement.amount
                    + Settlement.discount
                    + Settlement.writeoff
                    + Settlement.full_settlement
                ),
                0,
            ),
            fn.COALESCE(fn.SUM(Settlement.discount + Settlement.full_settlement), 0),
        )
        .where(
            Settlement.invoice.in_([m.inv.id for m in receivables])
            & Settlement.payment.is_null(False)
        )
        .scalar(as_tuple=True)
    )
    return _State(
        receivables,
        credits,
        cur.from_minor(int(row[0])),
        cur.from_minor(int(row[1])),
        sum((c.excess for c in credits), ZERO),
        sum((c.reversed for c in credits), ZERO),
    )


def plan_relief(
    members: Sequence[Invoice], credit: Decimal, source: str, on: date, cur: Currency
) -> SettlementPreview:
    """How a reduction of `credit` relieves the chain `members` (the reduction not among them).

    The open balances first; on the rest, the discount one correction of the
    original would have reversed on all the chain's excess, less what earlier
    reductions reversed, so the chain ends where one correction would.
    """
    st = _state(members, cur)
    lowered = min(credit, max(st.balance, ZERO))
    excess = credit - lowered
    reversal = st.reversal_for(st.excess + excess, cur) - st.reversed
    reversal = max(ZERO, min(reversal, excess))
    apps = _split(st.receivables, lowered, excess, reversal, source, credit, cur)
    return SettlementPreview(source, CREDIT_NOTE, on, credit, apps, journal_for(apps, CREDIT_NOTE))


def _split(
    receivables: list[_Member],
    lowered: Decimal,
    excess: Decimal,
    reversal: Decimal,
    source: str,
    credit: Decimal,
    cur: Currency,
) -> tuple[Application, ...]:
    """The chain's relief per invoice, newest first: balances, then the paid part."""
    f = book_money(cur)
    reduce_left, excess_left = lowered, excess
    parts: list[tuple[_Member, Decimal, Decimal]] = []
    for m in receivables:
        reduce = min(reduce_left, max(m.balance, ZERO))
        reduce_left -= reduce
        paid = min(excess_left, m.settled)
        excess_left -= paid
        parts.append((m, reduce, paid))
    reversals = _reversals(parts, reversal, cur)
    apps = []
    for (m, reduce, _paid), rev in zip(parts, reversals, strict=True):
        if reduce == 0 and rev == 0:
            continue
        words = []
        if reduce > 0:
            words.append(
                B_("lowers the open balance of {number} by {reduce}").format(
                    number=m.inv.number, reduce=f(reduce)
                )
            )
        if rev > 0:
            words.append(
                B_(
                    "reverses {rev} of the cash discount taken on {number} (its part of the {reversal} reversed pro rata on {excess} already paid)"
                ).format(rev=f(rev), number=m.inv.number, reversal=f(reversal), excess=f(excess))
            )
        apps.append(
            Application(
                m.inv.number,
                m.balance,
                amount=reduce + rev,
                discount=-rev,
                explanation=B_(
                    "Correction {source} of {credit} on the chain of {number}, newest invoice first: "
                ).format(source=source, credit=f(credit), number=receivables[-1].inv.number)
                + "; ".join(words)
                + ".",
            )
        )
    return tuple(apps)


def _reversals(
    parts: list[tuple[_Member, Decimal, Decimal]], reversal: Decimal, cur: Currency
) -> list[Decimal]:
    """The chain's discount reversal split pro rata per invoice; the parts add up (§3.9)."""
    out = []
    for m, _reduce, paid in parts:
        share = cur.round(paid * m.discount / m.settled) if paid > 0 and m.settled > 0 else ZERO
        out.append(min(share, m.discount))
    left = reversal - sum(out, ZERO)
    # The remainder goes to the oldest invoice relieved, within what each has taken.
    for i in reversed(range(len(parts))):
        if left == 0:
            break
        room = parts[i][0].discount - out[i]
        step = min(left, room) if left > 0 else max(left, -out[i])
        out[i] += step
        left -= step
    return out


def relieve(ci: Invoice, members: Sequence[Invoice], on: date, cur: Currency) -> list[Settlement]:
    """Post a reduction `ci` (a corrective invoice with a negative total) against its chain."""
    credit = cur.from_minor(-ci.total)
    plan = plan_relief(members, credit, ci.number, on, cur)
    src = Source(CREDIT_NOTE, ci.number, None, ci, credit, on, ci.customer_id)
    return store_preview(plan, src, cur)


def _chain_credits(members: Sequence[Invoice], cur: Currency) -> list[_Credit]:
    """The chain's earlier reductions, newest first, with what they left."""
    ids = [m.id for m in members]
    out = []
    for m in reversed(members):
        if m.kind != "corrective" or m.total >= 0 or m.status == "draft":
            continue
        row = (
            Settlement.select(
                fn.COALESCE(fn.SUM(Settlement.amount + Settlement.discount), 0),
                fn.COALESCE(fn.SUM(Settlement.discount), 0),
            )
            .where((Settlement.credit_note == m.id) & Settlement.invoice.in_(ids))
            .scalar(as_tuple=True)
        )
        excess = cur.from_minor(-m.total - int(row[0]))
        out.append(
            _Credit(m, excess, cur.from_minor(-int(row[1])), cur.from_minor(m.settled - m.total))
        )
    return out


def plan_take_back(
    ci: Invoice, members: Sequence[Invoice], increase: Decimal, on: date, cur: Currency
) -> list[tuple[_Credit, Application]]:
    """How an increase `ci` takes back credit the chain's earlier reductions left:
    the excess they credited, with the discount they reversed on it restored so
    that what stays reversed is what one correction would have reversed."""
    f = book_money(cur)
    st = _state(members, cur)
    undo_left = min(increase, st.excess)
    restore_left = max(
        ZERO, min(st.reversed - st.reversal_for(st.excess - undo_left, cur), undo_left)
    )
    out = []
    balance = increase
    for c in st.credits:
        if undo_left <= 0:
            break
        undo = min(undo_left, c.excess)
        restore = min(c.reversed, restore_left, undo)
        money = min(undo - restore, c.available)
        undo = money + restore
        if undo <= 0:
            continue
        note = B_(
            "Correction {number} bills {undo} that {number2} had credited: {money} of that credit settles it"
        ).format(number=ci.number, undo=f(undo), number2=c.ci.number, money=f(money))
        if restore > 0:
            note += B_(
                " and {restore} of the cash discount {number} reversed is taken again"
            ).format(restore=f(restore), number=c.ci.number)
        out.append((c, Application(ci.number, balance, money, restore, explanation=note + ".")))
        balance -= undo
        undo_left -= undo
        restore_left -= restore
    return out


def take_back(ci: Invoice, members: Sequence[Invoice], on: date, cur: Currency) -> None:
    """Post an increase's take-back of the chain's own unapplied credit."""
    for c, app in plan_take_back(ci, members, cur.from_minor(ci.total), on, cur):
        src = Source(CREDIT_NOTE, c.ci.number, None, c.ci, c.available, on, ci.customer_id)
        preview = SettlementPreview(
            c.ci.number, CREDIT_NOTE, on, c.available, (app,), journal_for([app], CREDIT_NOTE)
        )
        store_preview(preview, src, cur, loaded=[ci])
