"""Import, third step: the new rows replayed through the services.

Every new row becomes an operation tied to its (sheet, row): add a
customer, create an order and its changes, post an invoice, a credit note
or a correction, record a payment, settle, unsettle, refund, bill or write
off an unbilled item. The operations run in the order the book posted
them (the `posted` column), rows without it by date after the numbered
rows of that date. Each operation is one service call, the same call the
window and the command line make; whatever a service refuses becomes a
Problem on that row with the service's own sentence.

What a service does by itself (an order invoice or payment settling from order money, a credit
note netting against its invoice, a change refunding order money, a correction billing unbilled
items) is not replayed: it is in the book when its row's turn comes, and `compare` checks it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from app.errors import UserError
from app.exchange.cells import INVALID, Checker, Meter, Problem, Rec, set_aside_unreadable, shown
from app.exchange.ops import (
    RANK,
    At,
    Op,
    _call,
    _line,
    _on,
    _payment_of,
    _run_of,
    _settle_alone,
    _settle_of,
    _settle_run,
    _settlement_id,
    _sort,
    _unless,
    payment_ops,
    posting_key,
)
from app.exchange.plan import Plan
from app.exchange.replay_money_out import refund_ops, unbilled_ops
from app.exchange.replay_reversals import reversal_ops
from app.exchange.schema import CHECK_EVERY, SHEET_ORDER
from app.i18n import _
from app.rules.discount_choice import chosen_marks
from app.rules.money import ZERO
from app.services import (
    book,
    correction_plan,
    corrections,
    credit_notes,
    customers,
    invoices,
    orders,
    payments,
    settlements,
)
from app.services.documents import get_invoice, get_source
from models.tables import Invoice, Settlement


class Replay:
    """Builds the operations of a checked plan and runs them in posting order."""

    def __init__(self, plan: Plan, chk: Checker, meter: Meter | None = None) -> None:
        self.p = plan
        self.chk = chk
        self.meter = meter
        self.failed: set[str] = set()
        self._faulty_rows()
        if chk.problems:  # an unreadable cell is a problem: none, nothing to set aside
            set_aside_unreadable(self.p.new, self.failed)

    def _faulty_rows(self) -> None:
        """Rows with a problem are not replayed, nor what needs their documents."""
        bad = self.bad = {(p.sheet, p.row) for p in self.chk.problems}
        number = {
            "Orders": "number",
            "Invoices": "number",
            "Payments": "number",
            "Customers": "code",
            "InvoiceLines": "invoice",
            "OrderLines": "order",
        }
        for sheet, col in number.items():
            if not any(where[0] == sheet for where in bad):
                continue
            # A repeated key's second row is bad; the first may still be good.
            good = {r[col] for r in self.p.new[sheet] if (sheet, r.row) not in bad}
            for rec in self.chk.recs[sheet]:
                if (
                    (sheet, rec.row) in bad
                    and isinstance(rec[col], str)
                    and (sheet.endswith("Lines") or rec[col] not in good)
                ):
                    self.failed.add(rec[col])

    # ---------------------------------------------------------------- running

    def run(self) -> None:
        first = self._customer_ops() + self._order_ops()
        rest = self._invoice_ops() + self._payment_ops() + self._settlement_ops()
        rest += refund_ops(self) + unbilled_ops(self) + self._change_ops()  # replay_money_out.py
        rest += reversal_ops(self)  # payouts taken back (replay_reversals.py)
        if self.p.adopted:
            rest += self._setting_ops()  # their keys are set: after their `posted`
        _sort(rest)
        ops = first + rest
        pending = i = 0
        while i < len(ops):
            if ops[i].payment is not None:
                done = _run_of(ops, i, _payment_of)
                self._run_payments(done)
            elif ops[i].settle is not None:
                done = _run_of(ops, i, _settle_of)
                self._run_settlements(done)
            else:
                done = [ops[i]]
                self._run(ops[i])
            i += len(done)
            pending += sum(op.rows for op in done)
            if self.meter is not None and pending >= CHECK_EVERY:
                self.meter.add(pending)
                pending = 0
        if self.meter is not None and pending:
            self.meter.add(pending)

    def _skipped(self, op: Op) -> bool:
        if not self.bad and not self.failed:
            return False  # nothing refused so far
        if (
            (op.rec.sheet, op.rec.row) in self.bad
            or any(n in self.failed for n in op.needs)
            or op.makes in self.failed
        ):
            if op.makes:
                self.failed.add(op.makes)
            # What the op would have changed has a gap now: its documents are
            # left out from here on too (customers are not documents).
            self.failed.update(n for n in op.needs if n and n not in self.p.customers)
            return True
        return False

    def _run_payments(self, ops: list[Op]) -> None:
        """Consecutive payments, recorded together (each decided as create_payment decides)."""
        live = ops if not self.bad and not self.failed else [o for o in ops if not self._skipped(o)]
        rows = [op.payment for op in live if op.payment is not None]
        results = payments.record_payments(rows, made=False)  # only refusals are read
        for op, result in zip(live, results, strict=True):
            if isinstance(result, UserError):
                self._refused(op, result)

    def _run_settlements(self, ops: list[Op]) -> None:
        """Consecutive settlements, made together (each decided as `settle` decides it)."""
        _settle_run([op for op in ops if not self._skipped(op)], self._refused)

    def _run(self, op: Op) -> None:
        if self._skipped(op):
            return
        try:
            op.run()
        except UserError as e:
            self._refused(op, e)

    def _refused(self, op: Op, e: UserError) -> None:
        """A service refused the row: a Problem with its sentence, on the row's cell."""
        column = e.column if isinstance(e, At) else op.column
        value = op.rec.get(column)
        letter = op.rec.cols.get(column, "")
        col = f"{letter} ({column})" if letter else column
        self.chk.problems.append(
            Problem(
                op.rec.sheet,
                op.rec.row,
                col,
                shown(None if value is INVALID else value),
                str(e),
            )
        )
        if op.makes:
            self.failed.add(op.makes)

    # ---------------------------------------------------------------- customers and orders

    def _customer_ops(self) -> list[Op]:
        ops = []
        for _cid, rec in self.p.cust_updates:
            fields = {
                k: rec[k]
                for k in ("name", "address", "tax_id", "email", "terms", "language")
                if rec[k] is not None
            }
            ops.append(Op(rec, "name", _call(customers.update_customer, rec["code"], **fields)))
        for rec in self.p.new["Customers"]:
            ops.append(
                Op(
                    rec,
                    "code",
                    _call(
                        customers.add_customer,
                        rec["code"],
                        rec["name"],
                        rec["terms"] or None,
                        address=rec["address"] or "",
                        tax_id=rec["tax_id"] or "",
                        email=rec["email"] or "",
                        language=rec["language"] or "",
                    ),
                    makes=rec["code"],
                )
            )
        return ops

    def _order_ops(self) -> list[Op]:
        lines: dict[str, list[Rec]] = defaultdict(list)
        for rec in self.p.new["OrderLines"]:
            lines[rec["order"]].append(rec)
        changes: dict[str, list[Rec]] = defaultdict(list)
        for rec in self.p.new["OrderChanges"]:
            changes[rec["order"]].append(rec)
        self.added: dict[tuple[str, int], list[Rec]] = {}
        self.started: dict[tuple[str, int], list[Decimal | None]] = {}
        ops = []
        for rec in self.p.new["Orders"]:
            number = rec["number"]
            own = sorted(lines.get(number, []), key=lambda r: r["line"])
            steps = sorted(changes.get(number, []), key=lambda r: r["seq"])
            first = len(own) - sum(c["added_lines"] or 0 for c in steps)
            at = max(first, 0)
            for c in steps:
                n = c["added_lines"] or 0
                self.added[number, c["seq"]] = own[at : at + n]
                at += n
            discount = (rec["discount"] or ZERO) - sum((c["discount"] or ZERO for c in steps), ZERO)
            started = _first_quantities([c["quantities"] for c in steps])
            first_lines = [
                _started(_line(r), started.get(n)) for n, r in enumerate(own[: max(first, 0)], 1)
            ]
            for c in steps:  # a line a change adds starts, too, where a later change found it
                self.started[number, c["seq"]] = [
                    started.get(r["line"]) if isinstance(r["line"], int) else None
                    for r in self.added[number, c["seq"]]
                ]
            ops.append(
                Op(
                    rec,
                    "number",
                    _call(
                        orders.create_order,
                        rec["customer"],
                        rec["date"],
                        first_lines,
                        discount=discount,
                        notes=rec["notes"] or "",
                        number=number,
                    ),
                    needs=(rec["customer"], *(r["order"] for r in own if r["line"] is INVALID)),
                    makes=number,
                    rows=1 + len(own),
                )
            )
        return ops

    def _change_ops(self) -> list[Op]:
        ops = []
        for rec in self.p.new["OrderChanges"]:
            number = rec["order"]
            if rec["cancelled"]:
                run = _call(orders.cancel_order, number, rec["date"])
            else:
                removed = [
                    int(x)
                    for x in (rec["removed_lines"] or "").replace(",", " ").split()
                    if x.isdigit()
                ]
                key = (number, rec["seq"])
                added = [
                    _started(_line(r), q)
                    for r, q in zip(
                        self.added.get(key, []), self.started.get(key, []), strict=False
                    )
                ]
                quantities = {n: new for n, (_old, new) in _quantities(rec["quantities"]).items()}
                run = _call(
                    orders.change_order,
                    number,
                    rec["date"],
                    removed,
                    added,
                    rec["discount"] or ZERO,
                    quantities,
                )
            ops.append(Op(rec, "order", run, needs=(number,)))
        return ops

    # ---------------------------------------------------------------- invoices

    def _invoice_ops(self) -> list[Op]:
        lines: dict[str, list[Rec]] = defaultdict(list)
        for rec in self.p.new["InvoiceLines"]:
            lines[rec["invoice"]].append(rec)
        by_unbilled = {
            r["billed_invoice"] for r in self.p.new["Unbilled"] if r["status"] == "billed"
        }
        ops = []
        for rec in self.p.new["Invoices"]:
            number, kind = rec["number"], rec["kind"]
            own = sorted(lines.get(number, []), key=lambda r: r["line"])
            needs = [rec["customer"]]
            if kind in ("invoice", "standalone"):
                if number in by_unbilled:
                    continue  # billing the unbilled item posts it (see replay_money_out.unbilled_ops)
                bills = [_line(r, with_order=True) for r in own]
                run = _call(
                    invoices.create_invoice,
                    rec["customer"],
                    rec["date"],
                    lines=bills,
                    order=rec["order"],
                    number=number,
                    terms=rec["terms"] or None,
                )
                if rec["order"]:
                    needs.append(rec["order"])
            elif kind == "credit_note":
                run = self._credit_note(rec, own)
                needs.append(rec["credits"])
            else:
                run = self._correction(rec, own)
                needs.append(rec["corrects"])
            ops.append(
                Op(
                    rec,
                    "number",
                    _unless(Invoice, Invoice.number, number, run),
                    needs=tuple(n for n in needs if n),
                    makes=number,
                    rows=1 + len(own),
                )
            )
        return ops

    def _credit_note(self, rec: Rec, own: list[Rec]) -> Callable[[], None]:
        by_lines = bool(own) and all(r["original_line"] is not None for r in own)
        if by_lines:
            qty: dict[int, Decimal] = defaultdict(lambda: ZERO)
            for r in own:
                qty[r["original_line"]] += -r["quantity"]
            return _call(
                credit_notes.create_credit_note,
                rec["credits"],
                rec["date"],
                lines=dict(qty),
                reason=rec["reason"] or "",
                number=rec["number"],
            )
        amount = -sum((r["amount"] or ZERO for r in own), ZERO)
        return _call(
            credit_notes.create_credit_note,
            rec["credits"],
            rec["date"],
            amount=amount,
            reason=rec["reason"] or "",
            number=rec["number"],
        )

    def _correction(self, rec: Rec, own: list[Rec]) -> Callable[[], None]:
        reversed_ = [r["original_line"] for r in own if r["role"] == "reverse"]
        billed = {r["original_line"]: r["quantity"] for r in own if r["role"] == "bill"}
        quantities = {seq: billed.get(seq, ZERO) for seq in reversed_}

        def run() -> None:
            original = corrections.get_invoice(rec["corrects"])
            remove = [
                ln.seq
                for ln in correction_plan.billable_lines(original)
                if ln.seq not in quantities
            ]
            corrections.correct(
                rec["corrects"], rec["date"], quantities, remove, number=rec["number"]
            )

        return run

    # ---------------------------------------------------------------- money

    def _payment_ops(self) -> list[Op]:
        return payment_ops(self.p.new["Payments"])

    def _setting_ops(self) -> list[Op]:
        """Setting changes, each after the last posting made before it (its `posted`)."""
        out = []
        for rec in self.p.setting_changes:
            op = Op(rec, "new_value", _call(book.set_setting, rec["key"], rec["new_value"] or ""))
            # After every row posted up to `posted`, before the next posting.
            op.key = posting_key(
                rec["posted"] or 0, 0, dt.date.max, len(RANK), len(SHEET_ORDER), rec["seq"]
            )
            out.append(op)
        return out

    def _settlement_ops(self) -> list[Op]:
        ops = []
        for rec in self.p.new["Settlements"]:
            needs = (rec["source"], rec["invoice"])
            if rec["reverses"] is not None:
                ops.append(Op(rec, "reverses", self._unsettle(rec), needs=needs))
            else:
                asked = self._settle(rec)
                ops.append(Op(rec, "amount", _settle_alone(asked), needs=needs, settle=asked))
        return ops

    def _settle(self, rec: Rec) -> Callable[[], settlements.SettleIn | None]:
        def request() -> settlements.SettleIn | None:
            if _settlement_id(rec["source"], rec["invoice"], rec["seq"]) is not None:
                return None  # a service made it already (order money, a credit note's netting)
            _on("source", get_source, rec["source"], book.currency())
            _on("invoice", get_invoice, rec["invoice"])
            amount = rec["amount"] if rec["amount"] and rec["amount"] > 0 else None
            return settlements.SettleIn(
                rec["source"],
                (rec["invoice"],),
                amount=amount,
                full_settlement=bool(rec["full_settlement"]),
                on=rec["date"],
                discounts=_chosen_discount(rec),
            )

        return request

    def _unsettle(self, rec: Rec) -> Callable[[], None]:
        def run() -> None:
            if _settlement_id(rec["source"], rec["invoice"], rec["seq"]) is not None:
                return
            target = _settlement_id(rec["source"], rec["invoice"], rec["reverses"])
            if target is None or rec["reverses"] >= rec["seq"]:
                raise UserError(
                    _(
                        "There is no earlier settlement {reverses} between {source} and {invoice} to undo."
                    ).format(reverses=rec["reverses"], source=rec["source"], invoice=rec["invoice"])
                )
            row = Settlement.get_by_id(target)
            reason = settlements.why_not_unsettle(row)
            if reason is not None:
                raise UserError(reason)
            settlements.unsettle(target, on=rec["date"])

        return run


def _quantities(text: str | None) -> dict[int, tuple[Decimal, Decimal]]:
    """An OrderChanges row's "LINE=OLD->NEW" quantities (unreadable parts are left out:
    the change then differs from the book and the compare names it)."""
    out = {}
    for part in (text or "").split():
        line, _eq, olds = part.partition("=")
        old, _arrow, new = olds.partition("->")
        try:
            out[int(line)] = (Decimal(old), Decimal(new))
        except (ValueError, ArithmeticError):
            continue
    return out


def _first_quantities(changes: list[str | None]) -> dict[int, Decimal]:
    """Each order line's quantity as first posted (by line number): the quantity the
    first change that gave it a new one found."""
    first: dict[int, Decimal] = {}
    for text in changes:
        for n, (old, _new) in _quantities(text).items():
            first.setdefault(n, old)
    return first


def _started(line: Any, quantity: Decimal | None) -> Any:
    return line if quantity is None else dataclasses.replace(line, quantity=quantity)


def _chosen_discount(rec: Rec) -> dict[str, Decimal] | None:
    """The cash discount the bookkeeper chose, when the row's explanation says so
    (app/rules/discount_choice.py: CHOSEN_MARK); otherwise the rules decide again."""
    text = str(rec["explanation"] or "")
    if not any(mark in text for mark in chosen_marks()) or rec["discount"] is None:
        return None
    return {rec["invoice"]: rec["discount"]}
