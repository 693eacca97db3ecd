"""Which posted documents an order's invoiced figures follow (SPEC §4, §9).

Its invoices (not the standalone ones posted after it was invoiced) and the
credit notes and corrections of those, however far down a correction chain.
Read by the schema migration that brought older books to this rule and by
the book's check; the services decide the same per document
(app/services/order_returns.py: counts_for_order).
"""

from __future__ import annotations

from typing import Any

from models.tables import Invoice


def counted_on_order() -> list[int]:
    """Ids of the posted documents that count for their order."""
    rows: Any = (
        Invoice.select(Invoice.id, Invoice.kind, Invoice.credits, Invoice.corrects)
        .where(Invoice.order.is_null(False) & (Invoice.status != "draft"))
        .tuples()
    )
    docs: dict[int, tuple[str, int | None, int | None]] = {
        int(i): (kind, credits, corrects) for i, kind, credits, corrects in rows
    }

    def counts(i: int | None) -> bool:
        while i is not None and i in docs:
            kind, credits, corrects = docs[i]
            if kind == "invoice":
                return True
            i = credits if kind == "credit_note" else corrects if kind == "corrective" else None
        return False

    return [i for i in docs if counts(i)]
