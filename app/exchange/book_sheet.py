"""Import, the Book and SettingChanges sheets: the workbook's settings and their history.

An empty book takes the Book sheet's settings, and its history of setting
changes: each setting the history changes starts at the value its first
change left, and the replay (replay.py) applies every change between the
same two postings as in the book the workbook came from. A book that
already has documents keeps its own settings (the ones that differ are
listed; `take_settings` takes the workbook's); it must share the currency,
or the import is refused before anything is read into it.

Besides the settings the Book sheet names the book's schema version and the
time of the export (META_KEYS): they describe the workbook, nothing takes them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from app.errors import UserError
from app.exchange.cells import INVALID, Checker, Rec, SheetSource, norm_header
from app.exchange.plan import Plan
from app.i18n import _, ngettext
from app.rules.limits import quote
from app.rules.money import Currency
from app.services import book
from models.migrations import latest_version
from models.tables import Invoice, Order, Payment, SettingChange

SCHEMA_VERSION = "schema_version"
EXPORTED_AT = "exported_at"
META_KEYS = (SCHEMA_VERSION, EXPORTED_AT)


def book_rows() -> Iterator[dict[str, Any]]:
    """The Book sheet's rows: the settings, then the schema version and the export time."""
    for key, value in book.settings().items():
        yield {"key": key, "value": value}
    yield {"key": SCHEMA_VERSION, "value": str(latest_version())}
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    yield {"key": EXPORTED_AT, "value": now.isoformat().replace("+00:00", "Z")}


def book_is_empty() -> bool:
    """No order, invoice or payment yet: the book may take a workbook's settings."""
    return not (Invoice.select().exists() or Payment.select().exists() or Order.select().exists())


def workbook_currency(source: SheetSource) -> str | None:
    """The currency the workbook's Book sheet names (as written), None without one."""
    if "Book" not in source.sheet_names():
        return None
    key_at = value_at = None
    for _number, values in source.rows("Book"):
        if key_at is None:
            names = [norm_header(v) for v in values]
            if "key" not in names or "value" not in names:
                return None
            key_at, value_at = names.index("key"), names.index("value")
            continue
        cells = [*values, None, None]
        if str(cells[key_at] or "").strip().lower() == "currency":
            value = cells[value_at] if value_at is not None else None
            return str(value).strip().upper() if isinstance(value, str) and value.strip() else None
    return None


def refuse_other_currency(theirs: str | None, ours: str, empty: bool) -> None:
    """A book with documents takes only a workbook of its own currency: one sentence, nothing read."""
    if theirs is None or theirs == ours or empty:
        return
    raise UserError(
        _(
            "The workbook is of a book in {theirs} and this book is in {ours}, so it was not imported and nothing was written: a workbook goes into a book of its own currency, or into an empty book, which takes the workbook's currency and settings."
        ).format(theirs=quote(theirs), ours=ours)
    )


def adopt_book(chk: Checker, plan: Plan, take_settings: bool = False) -> None:
    """The Book sheet: an empty book takes its settings; another book must share its currency.

    Settings are changed through the settings service (which checks each
    value); a book with documents keeps its own parameters, and the ones
    that differ are listed in the result, or taken with `take_settings`.
    """
    recs = [r for r in plan._dupes("Book") if not _meta(chk, r)]
    values = {r["key"]: r["value"] for r in recs if isinstance(r["key"], str)}
    empty = book_is_empty()
    if empty and recs:
        book.forget_setting_history()
        plan.result_.book_notes.append(_adopted(values))
    for rec in recs:
        key, value = rec["key"], rec["value"]
        if not isinstance(key, str) or value is INVALID:
            continue
        if key not in book.DEFAULTS:
            chk.fault(
                rec,
                "key",
                _("is not a setting of the book; the settings are ") + ", ".join(book.DEFAULTS),
            )
            continue
        if key == "currency" and (value or "") != book.setting("currency") and not empty:
            chk.fault(
                rec,
                "value",
                _(
                    "is not this book's currency ({setting}); a workbook is imported into a book of its own currency"
                ).format(setting=book.setting("currency")),
            )
            continue
        if empty and value is not None:
            try:
                book.set_setting(key, value, record=False)
            except UserError as e:
                chk.fault(rec, "value", str(e))
        elif not empty and value is not None and key != "currency":
            _differing(chk, plan, rec, take_settings)
    plan.result_.unchanged["Book"] += len(values)
    if plan.differing:
        plan.result_.book_notes.append(_differ_note(plan, take_settings))
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
                chk.fault(
                    rec,
                    "old_value",
                    _("is not what the change before it left ({before})").format(before=before),
                )
        if key in final and final[key] is not None and final[key] != values[-1]:
            try:
                ends = book.normalise_setting(key, final[key])
            except UserError:
                continue  # reported on the Book sheet
            if ends != values[-1]:
                chk.fault(
                    recs[-1],
                    "new_value",
                    _("is not the value the Book sheet gives ({ends})").format(ends=ends),
                )
        book.set_setting(key, start, record=False)


def setting_changes(plan: Plan) -> list[Rec]:
    """The SettingChanges rows a replay applies: readable, of settings the rules read."""
    out = []
    for r in plan._dupes("SettingChanges"):
        if not plan.chk.valid(r, "key", "old_value", "new_value", "posted"):
            continue
        if r["key"] not in book.RULE_KEYS:
            plan.chk.fault(
                r,
                "key",
                _("is not a setting the rules read; ") + ", ".join(sorted(book.RULE_KEYS)),
            )
            continue
        out.append(r)
    return out


def _meta(chk: Checker, rec: Rec) -> bool:
    """A row describing the workbook (schema version, export time): checked, never taken."""
    if rec["key"] not in META_KEYS:
        return False
    if rec["key"] == SCHEMA_VERSION and rec["value"] not in (None, INVALID):
        value = str(rec["value"]).strip()
        if not value.isdigit() or int(value) > latest_version():
            chk.fault(
                rec,
                "value",
                _(
                    "is not a schema version this Acerto reads (1 to {latest_version}); a newer Acerto wrote the workbook"
                ).format(latest_version=latest_version()),
            )
    return True


def _differing(chk: Checker, plan: Plan, rec: Rec, take_settings: bool) -> None:
    """A setting of a book with documents that the workbook gives otherwise."""
    key = rec["key"]
    try:
        theirs = book.normalise_setting(key, rec["value"])
    except UserError as e:
        chk.fault(rec, "value", str(e))
        return
    ours = book.settings()[key]
    if theirs == ours:
        return
    plan.differing.append((key, ours, theirs))
    if take_settings:
        book.set_setting(key, theirs)  # a change of this book: kept in its history


def _adopted(values: dict[str, Any]) -> str:
    shown = ", ".join(f'{k} "{quote(str(v))}"' for k, v in values.items() if v not in (None, ""))
    return _("Book: this book is empty and takes the workbook's settings: {shown}.").format(
        shown=shown
    )


def _differ_note(plan: Plan, take_settings: bool) -> str:
    listed = "; ".join(
        _('{k}: "{o}" here, "{t}" in the workbook').format(k=k, o=quote(o), t=quote(t))
        for k, o, t in plan.differing
    )
    if take_settings:
        return ngettext(
            "Book: {count} setting taken from the workbook: {listed}.",
            "Book: {count} settings taken from the workbook: {listed}.",
            len(plan.differing),
        ).format(count=len(plan.differing), listed=listed)
    return ngettext(
        "Book: {count} setting differs and stays as this book has it (--take-settings takes the workbook's): {listed}.",
        "Book: {count} settings differ and stay as this book has them (--take-settings takes the workbook's): {listed}.",
        len(plan.differing),
    ).format(count=len(plan.differing), listed=listed)


def setting_change_rows(cur: Currency) -> Iterator[dict[str, Any]]:
    """Every change of a setting, in the order made."""
    q = SettingChange.select().order_by(SettingChange.id)
    for seq, c in enumerate(q, start=1):
        yield {
            "seq": seq,
            "key": c.key,
            "old_value": _setting_value(c.key, c.old_value, cur),
            "new_value": _setting_value(c.key, c.new_value, cur),
            "posted": c.after_entry,
        }


def _setting_value(key: str, value: str | None, cur: Currency) -> str | None:
    """An amount setting with the currency's decimals ("0.00" of a yen book is 0), as settings() shows it."""
    if key not in book.AMOUNT_KEYS or not value:
        return value
    try:
        return cur.fmt(cur.round(Decimal(value)))
    except ArithmeticError:
        return value
