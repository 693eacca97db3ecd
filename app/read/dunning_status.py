"""Where a customer stands with payment reminders, for `show customer --json` (issue 13).

`dunning` in the customer's JSON: whether the customer is excluded from
reminders, the highest level last sent over their open invoices, the date
of the last reminder ever sent to them, and per open invoice the level
last sent and when. Levels are what `acerto dunning` recorded
(`DunningNotice`, one row per invoice a letter listed); an invoice settled
since drops out of `invoices` and of `level`. Nothing here writes.
"""

from __future__ import annotations

from typing import Any

from peewee import fn

from models.tables import DunningExclusion, DunningNotice, Invoice

Json = dict[str, Any]


def dunning_status(customer_id: int) -> Json:
    excluded = DunningExclusion.select().where(DunningExclusion.customer == customer_id).exists()
    last: Any = (
        DunningNotice.select(fn.MAX(DunningNotice.sent_on))
        .where(DunningNotice.customer == customer_id)
        .scalar()
    )
    rows: Any = (
        DunningNotice.select(
            Invoice.number, fn.MAX(DunningNotice.level), fn.MAX(DunningNotice.sent_on)
        )
        .join(Invoice, on=(DunningNotice.invoice == Invoice.id))
        .where(
            (DunningNotice.customer == customer_id)
            & (Invoice.status != "draft")
            & (Invoice.total - Invoice.settled > 0)
        )
        .group_by(Invoice.id)
        .order_by(Invoice.id)
        .tuples()
    )
    invoices = [
        {"invoice": number, "level": int(level), "sent_on": _iso(sent)}
        for number, level, sent in rows
    ]
    return {
        "excluded": bool(excluded),
        "level": max((i["level"] for i in invoices), default=0),
        "last_sent": _iso(last),
        "invoices": invoices,
    }


def _iso(value: Any) -> str | None:
    """A date as the JSON writes dates (SQLite may hand it back as text)."""
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()
