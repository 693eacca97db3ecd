"""What an order change did, as data, and the sentence the book stores for it.

An order change (SPEC §4.3) removes lines, changes quantities, adds lines,
gives a discount, or cancels the order. The order service keeps these facts
with the change (`order_change.facts`, JSON) and writes its description from
them in the book's language ("line 1 (Farinha) quantity 10 -> 8" in English,
"linha 1 (Farinha) quantidade 10 -> 8" in pt_BR); the exchange workbook reads
the facts, never the sentence. Rows stored before the facts were kept have an
English description only: `legacy_facts` reads those.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.i18n import B_, N_, book_money, book_quantity
from app.rules.money import Currency, fmt_qty

# The parts of a description, translated into the book's language where written.
CANCELLED = N_("cancelled")
REMOVED = N_("line {seq} ({description}) removed")
QUANTITY = N_("line {seq} ({description}) quantity {old} -> {new}")
ADDED = N_("line added: {description}")
DISCOUNT = N_("discount {amount}")


@dataclass(frozen=True)
class QuantityChange:
    seq: int
    description: str
    old: Decimal
    new: Decimal


@dataclass(frozen=True)
class ChangeFacts:
    """What one change of an order did; `discount` in minor units."""

    removed: tuple[tuple[int, str], ...] = ()
    quantities: tuple[QuantityChange, ...] = ()
    added: tuple[str, ...] = ()
    discount: int = 0
    cancelled: bool = False

    def to_json(self) -> str:
        return json.dumps(
            {
                "removed": [[seq, desc] for seq, desc in self.removed],
                "quantities": [
                    [q.seq, q.description, str(q.old), str(q.new)] for q in self.quantities
                ],
                "added": list(self.added),
                "discount": self.discount,
                "cancelled": self.cancelled,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> ChangeFacts:
        data = json.loads(text)
        return cls(
            removed=tuple((int(seq), str(desc)) for seq, desc in data.get("removed", ())),
            quantities=tuple(
                QuantityChange(int(seq), str(desc), Decimal(old), Decimal(new))
                for seq, desc, old, new in data.get("quantities", ())
            ),
            added=tuple(str(d) for d in data.get("added", ())),
            discount=int(data.get("discount", 0)),
            cancelled=bool(data.get("cancelled", False)),
        )

    def quantities_text(self) -> str | None:
        """The workbook's "LINE=OLD->NEW" quantities, space separated (machine-read)."""
        parts = [f"{q.seq}={fmt_qty(q.old)}->{fmt_qty(q.new)}" for q in self.quantities]
        return " ".join(parts) or None


def describe(
    facts: ChangeFacts,
    cur: Currency,
    tr: Callable[[str], str] = B_,
    money: Callable[[Decimal], str] | None = None,
    qty: Callable[[Decimal], str] | None = None,
) -> str:
    """The change in words, in the book's language (`tr`, `money` and `qty` give
    another: the English of older books is `describe(f, cur, str, cur.fmt, fmt_qty)`)."""
    say_money = money or book_money(cur)
    say_qty = qty or book_quantity
    if facts.cancelled:
        return tr(CANCELLED)
    words = [tr(REMOVED).format(seq=seq, description=desc) for seq, desc in facts.removed]
    words += [
        tr(QUANTITY).format(
            seq=q.seq, description=q.description, old=say_qty(q.old), new=say_qty(q.new)
        )
        for q in facts.quantities
    ]
    words += [tr(ADDED).format(description=d) for d in facts.added]
    if facts.discount:
        words.append(tr(DISCOUNT).format(amount=say_money(cur.from_minor(facts.discount))))
    return "; ".join(words)


def english(facts: ChangeFacts, cur: Currency) -> str:
    """The description as books before schema 10 stored it (English in every book)."""
    return describe(facts, cur, str, cur.fmt, fmt_qty)


# ---------------------------------------------------------------- older rows

_REMOVED = re.compile(r"line (\d+) \((.*)\) removed", re.S)
_QUANTITY = re.compile(r"line (\d+) \((.*)\) quantity (\S+) -> (\S+)", re.S)


def legacy_facts(description: str, cur: Currency) -> ChangeFacts:
    """The facts of a change stored before schema 10, read from its English
    description ("line 2 (…) removed; line added: …; discount 5.00" or "cancelled")."""
    if description == "cancelled":
        return ChangeFacts(cancelled=True)
    removed: list[tuple[int, str]] = []
    quantities: list[QuantityChange] = []
    added: list[str] = []
    discount = 0
    for part in description.split("; "):
        m = _QUANTITY.fullmatch(part)
        r = _REMOVED.fullmatch(part)
        if m:
            try:
                old, new = Decimal(m.group(3)), Decimal(m.group(4))
            except InvalidOperation:
                continue
            quantities.append(QuantityChange(int(m.group(1)), m.group(2), old, new))
        elif r:
            removed.append((int(r.group(1)), r.group(2)))
        elif part.startswith("line added: "):
            added.append(part.removeprefix("line added: "))
        elif part.startswith("discount "):
            discount = cur.to_minor(cur.parse(part.removeprefix("discount ")))
    return ChangeFacts(tuple(removed), tuple(quantities), tuple(added), discount)


def stored_facts(facts_json: str | None, description: str, cur: Currency) -> ChangeFacts:
    """A stored change's facts: its JSON, else (an older row) its English description."""
    if facts_json:
        return ChangeFacts.from_json(facts_json)
    return legacy_facts(description, cur)
