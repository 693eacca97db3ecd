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


# The same rule in SQL for the credit notes and corrections (an order's invoices count
# by their kind): each walks up its chain while the document it credits or corrects is
# on an order and posted; it counts when it reaches an invoice. One pass per link,
# seeded by the credit notes and corrections only, so a book of a million invoices
# walks only their chains (UNION, not UNION ALL: a damaged book's cycle ends).
COUNTED_CREDITS_SQL = """(
WITH RECURSIVE walk(id, cur) AS (
  SELECT id, id FROM invoice
   WHERE order_id IS NOT NULL AND status <> 'draft' AND kind IN ('credit_note', 'corrective')
  UNION
  SELECT w.id, p.id FROM walk w
    JOIN invoice d ON d.id = w.cur
    JOIN invoice p ON p.id = CASE d.kind WHEN 'credit_note' THEN d.credits_id
                                         WHEN 'corrective' THEN d.corrects_id END
   WHERE p.order_id IS NOT NULL AND p.status <> 'draft'
)
SELECT w.id FROM walk w JOIN invoice head ON head.id = w.cur WHERE head.kind = 'invoice'
)"""
