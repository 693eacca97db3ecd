"""Import, third step, money going back out (issue 9): the Refunds sheet (a refund,
then its payout at its own place in the history) and the Unbilled sheet (an
unbilled item billed or written off), each row replayed through the services
(moved out of replay.py, whose `Replay` calls them), never a second rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.exchange.cells import Rec
from app.exchange.ops import PAYOUT_RANK, Op, _bill, _call, _refuse, _unless, _write_off
from app.i18n import _, ngettext
from app.services import payouts, refunds
from models.tables import Invoice, Refund, UnbilledItem

if TYPE_CHECKING:
    from app.exchange.replay import Replay


def refund_ops(replay: Replay) -> list[Op]:
    ops = []
    for rec in replay.p.new["Refunds"]:
        if rec["source"] is None:
            run: Callable[[], None] = _refuse(
                _("A refund names the payment or credit note it pays back.")
            )
        else:
            run = _call(
                refunds.refund_credit,
                rec["source"],
                rec["date"],
                rec["amount"],
                rec["reason"] or "",
                number=rec["number"],
            )
        ops.append(
            Op(
                rec,
                "amount",
                _unless(Refund, Refund.number, rec["number"], run),
                needs=tuple(n for n in (rec["source"],) if n),
                makes=rec["number"],
            )
        )
        if rec["paid_on"] is not None:
            ops.append(_payout(rec))
    return ops


def _payout(rec: Rec) -> Op:
    """A refund's payout (issue 9): its own posting, at its own place in the history."""
    at = Rec(rec.sheet, rec.row, rec.cols)
    at.update(rec, date=rec["paid_on"], posted=rec["paid_posted"])

    def run() -> None:
        if payouts.get_refund(rec["number"]).paid_on is None:
            payouts.pay_refund(rec["number"], rec["paid_on"], rec["paid_reference"] or "")

    return Op(at, "paid_on", run, needs=(rec["number"],), rank=PAYOUT_RANK)


def unbilled_ops(replay: Replay) -> list[Op]:
    ops = []
    kinds = {r["number"]: r["kind"] for r in replay.p.new["Invoices"]}
    for rec in replay.p.new["Unbilled"]:
        status = rec["status"]
        billed = rec["billed_invoice"]
        if status == "billed" and billed and kinds.get(billed) not in ("corrective", None):
            run = _item(rec, _bill(rec))
            invoice = next((r for r in replay.p.new["Invoices"] if r["number"] == billed), None)
            if invoice is not None:  # it takes the billed invoice's place
                rec["posted"] = invoice["posted"] if rec["posted"] is None else rec["posted"]
            ops.append(Op(rec, "status", run, needs=(rec["invoice"],), makes=billed))
        elif status == "not_chargeable":
            run = _item(rec, _write_off(rec))
            ops.append(Op(rec, "status", run, needs=(rec["invoice"],)))
    return ops


def _item(rec: Rec, action: Callable[[int], object]) -> Callable[[], None]:
    def run() -> None:
        if rec["date"] is None:
            raise UserError(
                _("An unbilled item marked {status} needs the date it was.").format(
                    status=rec["status"].replace("_", " ")
                )
            )
        q: Any = (
            UnbilledItem.select(UnbilledItem.id)
            .join(Invoice, on=(UnbilledItem.invoice == Invoice.id))
            .where(Invoice.number == rec["invoice"])
            .order_by(UnbilledItem.id)
            .tuples()
        )
        ids = [i for (i,) in q]
        if not 1 <= rec["line"] <= len(ids):
            raise UserError(
                ngettext(
                    "{invoice} leaves {count} unbilled item, not {line}.",
                    "{invoice} leaves {count} unbilled items, not {line}.",
                    len(ids),
                ).format(invoice=rec["invoice"], count=len(ids), line=rec["line"])
            )
        item = UnbilledItem.get_by_id(ids[rec["line"] - 1])
        if item.status != "open" and rec["status"] == item.status:
            return  # a later correction billed it already
        action(item.id)

    return run
