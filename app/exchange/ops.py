"""The operations of an import's replay, and their posting order.

An `Op` stands for one workbook row and the service call it makes
(app/exchange/replay.py builds them); `_sort` puts them in the order the
book posted them; the helpers below wrap service calls so that a refusal
names the right cell.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from typing import Any

from app.errors import UserError
from app.exchange.cells import Rec
from app.exchange.schema import CHECK_EVERY, SHEET_ORDER
from app.services import (
    corrections,
    payments,
    settlements,
)
from app.services.invoices import LineInput
from models import fast

# Same posting sequence: the order change before the refunds it made. Rows without
# one, on one date: a refund, its payouts taken back, then its payout as it stands
# (the Refunds row's payout: PAYOUT_RANK, not a sheet). Setting changes come after
# every rank (len(RANK)).
RANK = {
    "OrderChanges": 0,
    "Invoices": 1,
    "Payments": 2,
    "Settlements": 3,
    "Refunds": 4,
    "PayoutReversals": 5,
    "Refunds paid out": 6,
    "Unbilled": 7,
}
PAYOUT_RANK = RANK["Refunds paid out"]


@dataclass(slots=True)
class Op:
    """One service call standing for one row of the workbook."""

    rec: Rec
    column: str  # the cell a refusal is reported on
    run: Callable[[], None]
    needs: tuple[str, ...] = ()  # document numbers it uses
    makes: str | None = None  # the number of what it creates
    rows: int = 1  # workbook rows it stands for (progress)
    key: tuple[Any, ...] = field(default=())
    payment: payments.PaymentIn | None = None  # runs of these go to record_payments together
    # A settlement row: what to settle (None: a service made it already); runs of
    # these go to settle_many together.
    settle: Callable[[], settlements.SettleIn | None] | None = None
    rank: int | None = None  # its place among same-date rows, when not its sheet's (RANK)


def _bill(rec: Rec) -> Callable[[int], object]:
    def action(item: int) -> object:
        return corrections.bill_unbilled(item, rec["date"], number=rec["billed_invoice"])

    return action


def _write_off(rec: Rec) -> Callable[[int], object]:
    def action(item: int) -> object:
        return corrections.write_off_unbilled(item, rec["date"])

    return action


class At(UserError):
    """A service's refusal, reported on a given column of the row."""

    def __init__(self, column: str, error: UserError) -> None:
        super().__init__(str(error))
        self.column = column


def _on(column: str, fn: Callable[..., Any], *args: Any) -> Any:
    """A service look-up whose refusal names `column` (the source, the invoice …)."""
    try:
        return fn(*args)
    except UserError as e:
        raise At(column, e) from None


def _call(fn: Callable[..., object], *args: Any, **kwargs: Any) -> Callable[[], None]:
    def run() -> None:
        fn(*args, **kwargs)

    return run


def _record_one(pay: payments.PaymentIn) -> None:
    (result,) = payments.record_payments([pay])
    if isinstance(result, UserError):
        raise result


def payment_ops(recs: list[Rec]) -> list[Op]:
    """An op per Payments row: its payment, recorded alone or with the run it stands in."""
    ops = []
    make = payments.PaymentIn
    for rec in recs:
        customer, order, split_of = rec["customer"], rec["order"], rec["split_of"]
        number = rec["number"]
        pay = make(
            customer,
            rec["date"],
            rec["amount"],
            order,
            rec["reference"] or "",
            rec["method"] or "bank transfer",
            number,
            split_of,
        )
        needs = (
            tuple(n for n in (customer, order, split_of) if n)
            if order or split_of or not customer
            else (customer,)
        )
        ops.append(Op(rec, "amount", partial(_record_one, pay), needs, number, payment=pay))
    return ops


_payment_of = attrgetter("payment")  # C: asked of every op of a run
_settle_of = attrgetter("settle")


def _refuse(sentence: str) -> Callable[[], None]:
    def run() -> None:
        raise UserError(sentence)

    return run


def _unless(model: Any, field_: Any, number: str, run: Callable[[], None]) -> Callable[[], None]:
    """`run` unless a service already made the document `number` (it is then a consequence).
    Asked of every document row (`fast.count_where`: its statement made once, the write
    batch's queued rows counted, where a query built per row cost most of a replay)."""
    name = field_.name

    def guarded() -> None:
        if not fast.count_where(model, **{name: number}):
            run()

    return guarded


def _line(rec: Rec, with_order: bool = False) -> LineInput:
    order_line = rec["order_line"] if with_order else None
    return LineInput(rec["description"], rec["quantity"], rec["unit_price"], order_line=order_line)


# The seq-th settlement between a source (a payment or credit note number) and an
# invoice: asked of every Settlements row, so written once (a query built per row
# cost a third of a replay).
_NTH_SETTLEMENT = (
    'SELECT s."id" FROM "settlement" s JOIN "invoice" t ON s."invoice_id" = t."id" '
    'LEFT OUTER JOIN "payment" p ON s."payment_id" = p."id" '
    'LEFT OUTER JOIN "invoice" cn ON s."credit_note_id" = cn."id" '
    'WHERE t."number" = {p} AND (p."number" = {p} OR cn."number" = {p}) '
    'ORDER BY s."id" LIMIT 1 OFFSET {p}'
)


def _settlement_id(source: str, invoice: str, seq: int) -> int | None:
    """The id of the seq-th settlement between a source and an invoice, if there is one."""
    found = fast.execute(_NTH_SETTLEMENT, (invoice, source, source, seq - 1)).fetchone()
    return int(found[0]) if found else None


def _sort(ops: list[Op]) -> None:
    """Posting order: by `posted` (or an order change's `after`); rows without either by
    date, after the numbered rows of that date; setting changes keep the key they were given."""
    sheet_no = {name: i for i, name in enumerate(SHEET_ORDER)}
    placed = [
        (op, rec, rec["date"], rec["posted"])
        for op in ops
        if (rec := op.rec).sheet != "SettingChanges"  # placed by _setting_ops
    ]
    numbered = sorted(
        (on, posted)
        for _op, _rec, on, posted in placed
        if isinstance(posted, int) and isinstance(on, dt.date)
    )
    dates = [d for d, _ in numbered]
    highest: list[int] = []
    for _, posted in numbered:
        highest.append(max(posted, highest[-1]) if highest else posted)
    tails = {name: (RANK[name], sheet_no[name]) for name in RANK if name in sheet_no}
    max_day = dt.date.max
    # A row placed by its date alone: the key's first int depends on the date only
    # (an import's rows are mostly these, on a few hundred dates).
    by_date: dict[dt.date, int] = {}
    for op, rec, on, posted in placed:
        if op.rank is None:
            tail = (*tails[rec.sheet], rec.row)
        else:  # an operation placed among its sheet's by a rank of its own
            tail = (op.rank, sheet_no[rec.sheet], rec.row)
        if not isinstance(on, dt.date):
            on = max_day
        if isinstance(posted, int):
            op.key = posting_key(posted, 0, on, *tail)
        elif rec.sheet == "OrderChanges" and isinstance(after := rec.get("after"), int):
            # A change that posted nothing: right after the last posting before it.
            op.key = posting_key(after, 0, max_day, *tail)
        else:
            first = by_date.get(on)
            if first is None:
                at = bisect.bisect_right(dates, on)
                first = by_date[on] = posting_key(highest[at - 1] if at else 0, 1, on)[0]
            op.key = (first, *tail)
    ops.sort(key=attrgetter("key"))


def posting_key(posted: int, later: int, on: dt.date, *tail: int) -> tuple[int, ...]:
    """The order of (posted, later, on, *tail) as a tuple whose first int holds the
    first three: sorting compares whole tuples only where that int ties, and most
    rows differ in it (a posting sequence is never negative; `later` is 0 or 1)."""
    return ((posted * 2 + later) << 22 | on.toordinal(), *tail)  # ordinals < 2**22


def _run_of(ops: list[Op], i: int, alike: Callable[[Op], Any]) -> list[Op]:
    """The ops from `i` on for which `alike(op)` is not None, up to CHECK_EVERY of them."""
    end = min(len(ops), i + CHECK_EVERY)
    j = i
    while j < end and alike(ops[j]) is not None:
        j += 1
    return ops[i:j]


def _settle_alone(asked: Callable[[], settlements.SettleIn | None]) -> Callable[[], None]:
    """A settlement row's op run by itself (as `settle` would)."""

    def run() -> None:
        request = asked()
        if request is not None:
            (result,) = settlements.settle_many([request])
            if isinstance(result, UserError):
                raise result

    return run


def _settle_run(ops: list[Op], refused: Callable[[Op, UserError], None]) -> None:
    """Settlement rows' ops (none skipped), settled in one `settle_many` call;
    `refused(op, error)` for each the services refuse."""
    asked: list[tuple[Op, settlements.SettleIn]] = []
    keys: set[tuple[Any, ...]] = set()
    for op in ops:
        assert op.settle is not None
        key = (op.rec["source"], op.rec["invoice"], op.rec["seq"])
        if key in keys:  # its check must see the one asked before: settle those first
            _settle_asked(asked, refused)
            asked, keys = [], set()
        keys.add(key)
        try:
            request = op.settle()
        except UserError as e:
            refused(op, e)
            continue
        if request is not None:
            asked.append((op, request))
    _settle_asked(asked, refused)


def _settle_asked(
    asked: list[tuple[Op, settlements.SettleIn]], refused: Callable[[Op, UserError], None]
) -> None:
    results = settlements.settle_many([request for _op, request in asked])
    for (op, _request), result in zip(asked, results, strict=True):
        if isinstance(result, UserError):
            refused(op, result)
