"""Import, second step, the Settlements sheet: keys and references only (the
source, the invoice, the numbering of the settlements between them), checked
against the workbook and the book (moved out of plan.py, whose `Plan` calls it).
What a settlement may be is the services' to say when the row is replayed."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from app.exchange import export
from app.i18n import _
from models.tables import Invoice, Payment

if TYPE_CHECKING:
    from app.exchange.plan import Plan


def check_settlements(plan: Plan) -> None:
    """Keys and references only: what a settlement may be is the services' to say."""
    recs = plan._dupes("Settlements")
    book_seq = _book_settlements(plan, {(r["source"], r["invoice"]) for r in recs})
    next_seq: dict[tuple[str, str], int] = {}
    in_book_: dict[tuple[str, str], int] = defaultdict(int)
    for k in book_seq:
        in_book_[k[0], k[1]] += 1
    for rec in recs:
        key3 = (rec["source"], rec["invoice"], rec["seq"])
        pair = (rec["source"], rec["invoice"])
        if key3 in book_seq:
            plan._same_or_refuse(rec, book_seq[key3], _("the settlement"), skip=("posted",))
            plan.result_.unchanged["Settlements"] += 1
            continue
        expected = next_seq.get(pair, 1 + in_book_[pair])
        if rec["seq"] != expected:
            plan.chk.fault(
                rec,
                "seq",
                _(
                    "should be {expected}: the settlements between {value} and {value2} are numbered 1, 2, 3 … without gaps"
                ).format(expected=expected, value=pair[0], value2=pair[1]),
            )
            continue
        next_seq[pair] = expected + 1
        if plan._payment(rec["source"]) is None and plan._invoice(rec["source"]) is None:
            plan.chk.fault(
                rec,
                "source",
                _("is not a payment or credit note in this workbook or in the book"),
            )
            continue
        if plan._invoice(rec["invoice"]) is None:
            plan.chk.fault(rec, "invoice", _("is not an invoice in this workbook or in the book"))
            continue
        plan.new["Settlements"].append(rec)


def _book_settlements(
    plan: Plan, pairs: set[tuple[str, str]]
) -> dict[tuple[str, str, int], dict[str, Any]]:
    """The book's settlements between the given (source, invoice) pairs, keyed by seq."""
    out: dict[tuple[str, str, int], dict[str, Any]] = {}
    sources = sorted({p[0] for p in pairs if isinstance(p[0], str)})
    cn = Invoice.alias("cn")
    for i in range(0, len(sources), 500):
        chunk = sources[i : i + 500]
        where = Payment.number.in_(chunk) | cn.number.in_(chunk)
        for d in export._settlements(plan.cur, where):
            if (d["source"], d["invoice"]) in pairs:
                out[d["source"], d["invoice"], d["seq"]] = d
    return out
