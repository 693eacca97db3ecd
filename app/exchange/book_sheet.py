"""Import, the Book and SettingChanges sheets: the workbook's settings and their history.

An empty book takes the Book sheet's settings, and its history of setting
changes: each setting the history changes starts at the value its first
change left, and the replay (replay.py) applies every change between the
same two postings as in the book the workbook came from. A book that
already has documents keeps its own settings; it must share the currency.
"""

from __future__ import annotations

from collections import defaultdict

from app.errors import UserError
from app.exchange.cells import INVALID, Checker, Rec
from app.exchange.plan import Plan
from app.services import book
from models.tables import Invoice, Order, Payment


def adopt_book(chk: Checker, plan: Plan) -> None:
    """The Book sheet: an empty book takes its settings; another book must share its currency.

    Settings are changed through the settings service (which checks each
    value); a book with documents keeps its own parameters.
    """
    recs = plan._dupes("Book")
    values = {r["key"]: r["value"] for r in recs if isinstance(r["key"], str)}
    empty = not (Invoice.select().exists() or Payment.select().exists() or Order.select().exists())
    if empty and recs:
        book.forget_setting_history()
    for rec in recs:
        key, value = rec["key"], rec["value"]
        if not isinstance(key, str) or value is INVALID:
            continue
        if key not in book.DEFAULTS:
            chk.fault(
                rec,
                "key",
                "is not a setting of the book; the settings are " + ", ".join(book.DEFAULTS),
            )
            continue
        if key == "currency" and (value or "") != book.setting("currency") and not empty:
            chk.fault(
                rec,
                "value",
                f"is not this book's currency ({book.setting('currency')}); "
                "a workbook is imported into a book of its own currency",
            )
            continue
        if empty and value is not None:
            try:
                book.set_setting(key, value, record=False)
            except UserError as e:
                chk.fault(rec, "value", str(e))
    plan.result_.unchanged["Book"] += len(values)
    plan.adopted = empty
    if empty:
        _settings_of_the_start(chk, plan)


def _settings_of_the_start(chk: Checker, plan: Plan) -> None:
    """Each setting the history changes starts at the value its first change left.

    The Book sheet holds the settings as they are now; the replay then
    applies the SettingChanges in posting order (see replay.py), so every
    posting meets the parameters that were in force when it was made. The
    changes of one setting must follow on from each other and end at the
    Book sheet's value.
    """
    final = {r["key"]: r["value"] for r in plan._dupes("Book") if isinstance(r["key"], str)}
    chains: dict[str, list[Rec]] = defaultdict(list)
    plan.setting_changes = setting_changes(plan)
    for rec in plan.setting_changes:
        chains[rec["key"]].append(rec)
    for key, recs in chains.items():
        recs.sort(key=lambda r: (r["posted"] or 0, r["seq"]))
        try:
            start = book.normalise_setting(key, recs[0]["old_value"] or "")
        except UserError as e:
            chk.fault(recs[0], "old_value", str(e))
            continue
        try:
            values = [book.normalise_setting(key, r["new_value"] or "") for r in recs]
        except UserError as e:
            chk.fault(recs[0], "new_value", str(e))
            continue
        for before, rec in zip([start, *values], recs, strict=False):
            try:
                was = book.normalise_setting(key, rec["old_value"] or "")
            except UserError as e:
                chk.fault(rec, "old_value", str(e))
                continue
            if was != before:
                chk.fault(rec, "old_value", f"is not what the change before it left ({before})")
        if key in final and final[key] is not None and final[key] != values[-1]:
            try:
                ends = book.normalise_setting(key, final[key])
            except UserError:
                continue  # reported on the Book sheet
            if ends != values[-1]:
                chk.fault(recs[-1], "new_value", f"is not the value the Book sheet gives ({ends})")
        book.set_setting(key, start, record=False)


def setting_changes(plan: Plan) -> list[Rec]:
    """The SettingChanges rows a replay applies: readable, of settings the rules read."""
    out = []
    for r in plan._dupes("SettingChanges"):
        if not plan.chk.valid(r, "key", "old_value", "new_value", "posted"):
            continue
        if r["key"] not in book.RULE_KEYS:
            plan.chk.fault(
                r, "key", "is not a setting the rules read; " + ", ".join(sorted(book.RULE_KEYS))
            )
            continue
        out.append(r)
    return out
