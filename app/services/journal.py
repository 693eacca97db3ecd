"""The double-entry journal: every posting event writes a balanced entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import fn

from app.i18n import _
from app.rules.limits import MAX_AMOUNT, amount_within, check_amount, check_date, date_problem
from app.rules.money import Currency
from app.rules.settlement import JournalLine as Line
from app.rules.settlement import signed_line
from models import fast
from models.tables import JournalEntry, JournalLine


@dataclass(frozen=True, slots=True)
class Entry:
    """One journal entry to post: its date, words, lines and the documents it refers to."""

    on: date
    description: str
    lines: Sequence[Line | None]
    refs: Mapping[str, Any] = field(default_factory=dict)  # invoice=, payment=, settlement=, ...
    keep_empty: bool = False


ENTRY_COLUMNS = ("date", "description", "invoice", "payment", "settlement", "refund", "order")
LINE_COLUMNS = ("entry", "account", "debit", "credit")
_REF_PLACE = {
    name: i for i, name in enumerate(ENTRY_COLUMNS) if i >= 2
}  # a document: a row or its id
# The Nones before and after a document's place in an entry's row (post_pairs).
_REF_GAPS = {
    name: ((None,) * (i - 2), (None,) * (len(ENTRY_COLUMNS) - i - 1))
    for name, i in _REF_PLACE.items()
}


def post_entry(
    cur: Currency,
    on: date,
    description: str,
    lines: Iterable[Line | None],
    *,
    keep_empty: bool = False,
    **refs: Any,
) -> None:
    """Write one balanced entry; refuses (a bug) if it does not balance.

    An entry whose lines are all zero is not written, unless `keep_empty`:
    a posted document that moves no money (a correction that changes no
    amount) still takes its place in the posting history, which a replay
    of the book follows.
    """
    post_entries(cur, [Entry(on, description, list(lines), refs, keep_empty)])


def post_entries(cur: Currency, entries: Iterable[Entry]) -> None:
    """Write balanced entries, their lines after them (one insert each in a batch)."""
    heads: list[tuple[Any, ...]] = []
    bodies: list[list[tuple[str, int, int]]] = []
    to_minor = cur.to_minor
    dates_seen: set[date] = set()
    for e in entries:
        # The last guard of the book's limits: no posting escapes them, whatever its path.
        if e.on not in dates_seen:
            if date_problem(e.on) is not None:  # the words are made only for a refusal
                check_date(e.on, _("posting date"))
            dates_seen.add(e.on)
        kept: list[tuple[str, int, int]] = []
        debit = credit = 0
        for line in e.lines:
            if line is None or not (line.debit or line.credit):
                continue
            if not amount_within(line.debit or line.credit):
                check_amount(
                    line.debit or line.credit,
                    _("amount posted to {account}").format(account=line.account),
                )
            d, c = line.debit, line.credit  # one of them zero: no call for it
            minor = (line.account, to_minor(d) if d else 0, to_minor(c) if c else 0)
            debit += minor[1]
            credit += minor[2]
            kept.append(minor)
        if not kept and not e.keep_empty:
            continue
        if debit != credit:
            raise AssertionError(f"unbalanced journal entry {e.description}: {debit} != {credit}")
        head: list[Any] = [e.on, e.description, None, None, None, None, None]
        for name, ref in e.refs.items():
            head[_REF_PLACE[name]] = ref if ref is None or isinstance(ref, int) else ref.id
        heads.append(tuple(head))
        bodies.append(kept)
    ids = fast.insert_rows(JournalEntry, ENTRY_COLUMNS, heads)
    fast.insert_rows(
        JournalLine,
        LINE_COLUMNS,
        [(entry_id, *line) for entry_id, kept in zip(ids, bodies, strict=True) for line in kept],
    )


# An entry of one amount (minor units) debited to one account and credited to
# another: (date, words, debit account, credit account, amount, document kind,
# document id). A negative amount goes the other way round.
Pair = tuple[date, str, str, str, int, str, int]


def post_pairs(cur: Currency, pairs: Iterable[Pair]) -> None:
    """Write what `post_entries` writes of `Entry(on, words, dr_cr(debit, credit,
    amount), {kind: id})` for each pair, without the amount going through Decimal
    lines and back (an invoice's or a payment's entry: 100,000 in an import).
    The same guards: the posting date, the amount within the book's limits; a
    zero amount writes no entry."""
    heads: list[tuple[Any, ...]] = []
    sides: list[tuple[str, str, int, int]] = []  # an entry's (debit, credit, dr, cr)
    bound = cur.to_minor(MAX_AMOUNT)
    dates_seen: set[date] = set()
    for on, words, debit, credit, amount, kind, doc in pairs:
        if on not in dates_seen:
            if date_problem(on) is not None:  # the words are made only for a refusal
                check_date(on, _("posting date"))
            dates_seen.add(on)
        if not amount:
            continue
        if not -bound < amount < bound:
            check_amount(
                cur.from_minor(abs(amount)), _("amount posted to {account}").format(account=debit)
            )
        before, after = _REF_GAPS[kind]
        heads.append((on, words, *before, doc, *after))
        if amount > 0:
            sides.append((debit, credit, amount, 0))
        else:
            sides.append((debit, credit, 0, -amount))
    ids = fast.insert_rows(JournalEntry, ENTRY_COLUMNS, heads)
    lines: list[tuple[int, str, int, int]] = []
    for entry, (debit, credit, dr, cr) in zip(ids, sides, strict=True):
        lines += ((entry, debit, dr, cr), (entry, credit, cr, dr))
    fast.insert_rows(JournalLine, LINE_COLUMNS, lines)


def last_entry() -> int:
    """The id of the last journal entry posted (0 for none): a place in the posting history."""
    return int(JournalEntry.select(fn.COALESCE(fn.MAX(JournalEntry.id), 0)).scalar())


def dr_cr(debit_account: str, credit_account: str, amount: Decimal) -> list[Line | None]:
    """Debit one account and credit another; a negative amount swaps them."""
    return [signed_line(debit_account, amount), signed_line(credit_account, -amount)]


def reverse_lines(entry: JournalEntry, cur: Currency) -> list[Line]:
    return [
        Line(line.account, cur.from_minor(line.credit), cur.from_minor(line.debit))
        for line in entry.lines
    ]
