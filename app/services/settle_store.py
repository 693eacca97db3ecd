"""Storing settlement plans: the rows, the cached figures and the journal.

A plan (`app.rules.settlement.plan_settlement`) decides; this module
writes what it decided, in one place for every caller: `settle` and
`settle_many`, the order, credit-note and correction services
(`store_preview`). `Pending` takes plans one after another and keeps
what they do to the invoices and payments in the rows in memory, so the
next plan of the same call sees the book as the earlier ones left it;
`flush` then writes the settlements, the journal and each changed row
once. Nothing is written for a plan the cached figures refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.errors import UserError
from app.i18n import B_, _
from app.rules.money import Currency
from app.rules.settlement import Application, JournalLine, SettlementPreview, journal_for
from app.services.documents import Source, refresh_status
from app.services.journal import Entry, post_entries
from models import fast, fast_bulk
from models.locks import save_guarded_many
from models.tables import Invoice, Payment, Settlement

SETTLEMENT_COLUMNS = (
    "payment",
    "credit_note",
    "invoice",
    "date",
    "amount",
    "discount",
    "writeoff",
    "full_settlement",
    "explanation",
    "automatic",
    "reverses",
)


@dataclass(slots=True)
class _Row:
    """One settlement to write: its columns, and what its journal entry needs."""

    values: tuple[Any, ...]
    app: Application
    src: Source
    invoice: Invoice
    journal: tuple[JournalLine, ...] | None  # the plan's own, when it is this row's alone


# The cached figures a settlement moves, by row: invoices and credit notes
# keep `settled` (and invoices `discount_taken`), payments `applied`.
_GUARDED = {Invoice: ("settled", "discount_taken"), Payment: ("applied", "refunded")}


class Pending:
    """Plans stored in memory, written by `flush` (see the module doc)."""

    def __init__(self, cur: Currency) -> None:
        self.cur = cur
        self.rows: list[_Row] = []
        self.parts: list[tuple[int, int]] = []  # each plan's rows since the last flush
        self.made: list[list[Settlement]] = []  # each plan's settlements, once written
        # Rows changed since the last flush, with the figures they held when read.
        self.changed: dict[tuple[type, int], tuple[Any, dict[str, Any]]] = {}

    def add(
        self,
        preview: SettlementPreview,
        src: Source,
        invoices: dict[str, Invoice],
        automatic: bool = False,
    ) -> int:
        """Take a plan; returns its place (for `flush`'s result). `invoices`:
        the plan's invoice rows by number, read in this transaction. Refused
        (nothing kept) if the cached figures would leave their bounds."""
        to_minor = self.cur.to_minor
        # A plan of one application: its journal is that application's (`journal_for`
        # of it, as `plan_settlement` and the other services' plans make it).
        one = len(preview.applications) == 1 and preview.source_kind == src.kind
        journal = preview.journal if one and preview.journal else None
        pay, cn = src.payment, src.credit_note
        pay_id = pay.__data__.get("id") if pay is not None else None  # what `.id` reads
        cn_id = cn.__data__.get("id") if cn is not None else None
        rows = []
        moves = []
        for app in preview.applications:
            inv = invoices.get(app.invoice) or fast.get_by(Invoice, Invoice.number, app.invoice)
            assert inv is not None  # the plan was made from this invoice
            values = (
                pay_id,
                cn_id,
                inv.id,
                app.on or preview.date,
                to_minor(app.amount),
                # mostly none of these: no call for a zero
                to_minor(app.discount) if app.discount else 0,
                to_minor(app.writeoff) if app.writeoff else 0,
                to_minor(app.full_settlement) if app.full_settlement else 0,
                app.explanation,
                automatic,
                None,
            )
            rows.append(_Row(values, app, src, inv, journal))
            moves.append((values, inv, pay, cn))
        self.move(moves)
        start = len(self.rows)
        self.rows += rows
        self.parts.append((start, len(self.rows)))
        return len(self.made) + len(self.parts) - 1

    def move(self, moves: Sequence[tuple[Sequence[Any], Invoice, Any, Any]]) -> None:
        """Move the cached figures of every row the settlements touch, all or none.

        Each move: a settlement's columns (as SETTLEMENT_COLUMNS), its
        invoice, and its payment or credit note row (None for the other)."""
        plans: dict[tuple[type, int], tuple[Any, dict[str, int]]] = {}
        changed = self.changed
        for values, inv, pay, cn in moves:
            amount, discount, writeoff, full = values[4:8]
            # A full-settlement waiver is posted as additional cash discount (§3.6),
            # so a later credit note reverses it with the discount (§3.4).
            # (The figures as each row holds them: its `__data__`, what the attribute reads.)
            figures = _figures(plans, changed, inv)
            held = inv.__data__
            figures["settled"] = figures.get("settled", held.get("settled")) + (
                amount + discount + writeoff + full
            )
            figures["discount_taken"] = figures.get(
                "discount_taken", held.get("discount_taken")
            ) + (discount + full)
            if pay is not None:
                figures = _figures(plans, changed, pay)
                figures["applied"] = figures.get("applied", pay.__data__.get("applied")) + amount
            if cn is not None:
                figures = _figures(plans, changed, cn)
                figures["settled"] = figures.get("settled", cn.__data__.get("settled")) - amount
        for obj, new in plans.values():
            reason = _out_of_bounds(obj, new)
            if reason is not None:
                raise UserError(reason)
        for key, (obj, new) in plans.items():
            data = obj.__data__
            if key not in changed:
                names = _GUARDED[type(obj)]
                changed[key] = (obj, {n: data.get(n) for n in names})
            # What setting each attribute does (peewee's field accessor: the value
            # held, the field marked changed), for all of them at once.
            data.update(new)
            obj._dirty.update(new)
            if key[0] is Invoice:
                refresh_status(obj)

    def flush(self, made: bool = True) -> list[list[Settlement]]:
        """Write what was taken; for each plan taken so far (in `add`'s order) its
        settlements (`made=False`: none made into instances, an empty list)."""
        rows, parts = self.rows, self.parts
        self.rows, self.parts = [], []
        ids = fast.insert_rows(Settlement, SETTLEMENT_COLUMNS, [r.values for r in rows])
        words = B_("Settlement {id}: {source} → {invoice}")  # the book's language, once
        # The journal before the guarded updates: a batch then sends it with the
        # settlements, one statement a table (the updates send what waits first).
        post_entries(
            self.cur,
            [
                Entry(
                    r.values[3],
                    # (the invoice's number and id as the plan and the row took them)
                    words.format(id=sid, source=r.src.number, invoice=r.app.invoice),
                    r.journal or journal_for([r.app], r.src.kind),
                    {"settlement": sid, "invoice": r.values[2], "payment": r.values[0]},
                )
                for r, sid in zip(rows, ids, strict=True)
            ],
        )
        save_guarded_many(self.changed.values())
        self.changed = {}
        if not made:
            return []
        written = fast_bulk.instances(Settlement, SETTLEMENT_COLUMNS, [r.values for r in rows], ids)
        self.made += [written[a:b] for a, b in parts]
        return self.made


def _figures(
    plans: dict[tuple[type, int], tuple[Any, dict[str, int]]],
    changed: dict[tuple[type, int], tuple[Any, dict[str, Any]]],
    obj: Any,
) -> dict[str, int]:
    """The new figures planned for `obj`'s row (none yet: an empty dict, kept in `plans`)."""
    key = (type(obj), obj.__data__.get("id"))  # what `obj.id` reads
    # One instance per row in a call: the one whose figures were moved before.
    assert key not in changed or changed[key][0] is obj, key
    held = plans.get(key)
    if held is None:
        held = plans[key] = (obj, {})
    return held[1]


def _out_of_bounds(obj: Any, new: dict[str, int]) -> str | None:
    """Why a row's new cached figures cannot be (a plan that overreaches), or None."""
    d = obj.__data__  # what each attribute reads
    if isinstance(obj, Payment):
        if new["applied"] + d.get("refunded") > d.get("amount") or new["applied"] < 0:
            return _("Payment {number} would be applied beyond its amount.").format(
                number=obj.number
            )
        return None
    total = d.get("total")
    if total < 0:  # a credit note: settled runs from 0 down to its total
        if "settled" in new and not (total <= new["settled"] <= 0):
            return _("Credit note {number} would be applied beyond its amount.").format(
                number=obj.number
            )
        return None
    if not (0 <= new["settled"] <= total):
        return _("Invoice {number} would be settled beyond its total.").format(number=obj.number)
    return None


def store_preview(
    preview: SettlementPreview,
    src: Source,
    cur: Currency,
    automatic: bool = False,
    loaded: Sequence[Invoice] = (),
) -> list[Settlement]:
    """Store a plan's applications at once; `loaded` are invoice rows read in this transaction."""
    pending = Pending(cur)
    pending.add(preview, src, {inv.number: inv for inv in loaded}, automatic)
    return pending.flush()[0]
