"""Export: the workbook rows of an order's changes and of unbilled items.

Both read the book's structured facts, never its sentences, which are in the
book's language: an order change's facts (`order_change.facts`), the change
that made each refund (`refund.order_change`), the journal entry that closed an
unbilled item (`unbilled_item.closed_entry`). Rows stored before those were kept
(schema 9 and older) carry English texts only, and are read from them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from peewee import JOIN, fn

from app.exchange.former_wordings import same_but_wording
from app.rules.money import Currency, qty_from_milli
from app.rules.order_changes import english, stored_facts
from models.tables import Invoice, JournalEntry, Order, OrderChange, Refund, UnbilledItem

_CHUNK = 500


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(ids)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def unbilled_items(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    """Unbilled items of corrective invoices; `line` counts them per invoice."""
    billed = Invoice.alias("billed")
    q: Any = (
        UnbilledItem.select(
            UnbilledItem.id,
            Invoice.number,
            UnbilledItem.description,
            UnbilledItem.quantity,
            UnbilledItem.unit_price,
            UnbilledItem.amount,
            UnbilledItem.status,
            billed.number,
            billed.date,
            UnbilledItem.closed_entry,
        )
        .join(Invoice, on=(UnbilledItem.invoice == Invoice.id))
        .switch(UnbilledItem)
        .join(billed, JOIN.LEFT_OUTER, on=(UnbilledItem.billed_invoice == billed.id))
    )
    if where is not None:
        q = q.where(where)
    count: dict[str, int] = defaultdict(int)
    rows = list(q.order_by(UnbilledItem.id).tuples())
    # The date an item was marked not chargeable is its journal entry's.
    posted = {r[0]: r[9] for r in rows if r[9] is not None}
    when = _entry_dates(posted)
    legacy = {r[0] for r in rows if r[6] != "open" and r[9] is None}
    if legacy:
        _legacy_closings(legacy, when, posted)
    for uid, number, desc, qty, price, amount, status, billed_no, billed_on, _e in rows:
        count[number] += 1
        yield {
            "invoice": number,
            "line": count[number],
            "description": desc,
            "quantity": qty_from_milli(qty),
            "unit_price": cur.from_minor(price),
            "amount": cur.from_minor(amount),
            "status": status,
            "billed_invoice": billed_no,
            "date": billed_on if status == "billed" else when.get(uid),
            "posted": posted.get(uid),
        }


def _entry_dates(entries: dict[int, int]) -> dict[int, dt.date]:
    """item id → the date of the entry that closed it."""
    by_entry: dict[int, dt.date] = {}
    for chunk in _chunks(set(entries.values())):
        q: Any = JournalEntry.select(JournalEntry.id, JournalEntry.date).where(
            JournalEntry.id.in_(chunk)
        )
        by_entry.update(q.tuples())
    return {uid: by_entry[eid] for uid, eid in entries.items() if eid in by_entry}


def _legacy_closings(items: set[int], when: dict[int, dt.date], posted: dict[int, int]) -> None:
    """Items closed before schema 10: their entry's English text names them."""
    entries: Any = (
        JournalEntry.select(JournalEntry.id, JournalEntry.description, JournalEntry.date)
        .where(JournalEntry.description.startswith("Unbilled item "))
        .tuples()
    )
    for eid, desc, on in entries:
        m = re.match(r"Unbilled item (\d+) (not chargeable|billed on)", desc)
        if m and int(m.group(1)) in items:
            when[int(m.group(1))] = on
            posted[int(m.group(1))] = eid


def order_changes(cur: Currency, where: Any = None) -> Iterator[dict[str, Any]]:
    """Each order's changes in the order made; `added_lines` counts the lines each added.

    A change's place in the posting history is the first entry of the refunds it
    made (`posted`), else the last entry before it (`after`)."""
    q: Any = (
        OrderChange.select(
            OrderChange.id,
            Order.id,
            Order.number,
            OrderChange.date,
            OrderChange.description,
            OrderChange.after_entry,
            OrderChange.facts,
        )
        .join(Order)
        .order_by(Order.id, OrderChange.id)
    )
    if where is not None:
        q = q.where(where)
    seq: dict[str, int] = defaultdict(int)
    linked, made = _change_refunds()
    for cid, oid, number, on, desc, after, facts_json in q.tuples().iterator():
        seq[number] += 1
        facts = stored_facts(facts_json, desc, cur)
        if facts_json:
            posted = linked.get(cid)
        else:
            # Before schema 10 the refunds a change made carried its English description.
            what = "cancelled" if facts.cancelled else f"changed: {desc}"
            waiting = made.get((oid, f"Refund: order {number} {what}"))
            posted = waiting.pop(0) if waiting else None
        yield {
            "order": number,
            "seq": seq[number],
            "date": on,
            "removed_lines": " ".join(str(n) for n, _d in facts.removed) or None,
            "added_lines": len(facts.added) or None,
            "discount": cur.from_minor(facts.discount) if facts.discount else None,
            "cancelled": facts.cancelled,
            "description": desc,
            "posted": posted,
            "after": after if posted is None else None,
            "quantities": facts.quantities_text(),
            # Not a column: the description as an older book stored it (compare accepts it).
            "english_description": english(facts, cur),
        }


def _change_refunds() -> tuple[dict[int, int], dict[tuple[int, str], list[int]]]:
    """The first entry of the refunds each change made (change id → entry), and of
    older refunds by (order, reason), oldest first: one query each, not one a change."""
    first = fn.MIN(JournalEntry.id)
    linked: Any = (
        Refund.select(Refund.order_change, first)
        .join(JournalEntry, on=(JournalEntry.refund == Refund.id))
        .where(Refund.order_change.is_null(False))
        .group_by(Refund.order_change)
        .tuples()
    )
    made: dict[tuple[int, str], list[int]] = defaultdict(list)
    older: Any = (
        Refund.select(Refund.order, Refund.reason, first)
        .join(JournalEntry, on=(JournalEntry.refund == Refund.id))
        .where(Refund.order.is_null(False) & Refund.order_change.is_null())
        .group_by(Refund.id)
        .order_by(Refund.id)
        .tuples()
    )
    for oid, why, eid in older:
        made[(oid, why)].append(eid)
    return dict(linked), made


def english_reason(
    order: str | None, change_text: str | None, facts_json: str | None, cur: Currency
) -> str | None:
    """An order refund's reason as books before schema 10 stored it (English)."""
    if order is None:
        return None
    if change_text is None:
        return f"Refund: order {order} fully invoiced"
    facts = stored_facts(facts_json, change_text, cur)
    what = "cancelled" if facts.cancelled else f"changed: {english(facts, cur)}"
    return f"Refund: order {order} {what}"


def legacy_same(name: str, value: Any, row: dict[str, Any]) -> bool:
    """True when a text cell holds what an older book stored for this row: in English
    (an order change's description, an order refund's reason: the book's language
    writes them since schema 10), or a settlement's explanation in a wording the rules
    have changed since (app/exchange/former_wordings.py). A workbook of an older book
    still imports, and its `check --replay` finds no difference."""
    if name == "explanation":
        return same_but_wording(value, row.get(name))
    older = row.get(f"english_{name}")
    return older is not None and isinstance(value, str) and value == older
