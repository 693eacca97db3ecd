"""Which lines of a statement the book holds already, whatever file they came in (issue 11).

A movement on a bank account is one thing however many files tell of it:
the camt.053 of a day and its MT940, OFX, Norma 43 or CSV; today's CSV
export and yesterday's, which overlap by a week. The formats share little:
Norma 43 and most CSVs carry no id of a line, OFX's FITID is the bank's
own, names are cut at different widths. What every file says of a movement
is its account, its booking date and its amount; and a statement is whole
for the days it covers — the bank lists every movement of that day — so a
day's movements of one amount are the same movements in every file that
covers the day. The rule a bookkeeper checks a statement against the
ledger by, then:

1. A line whose key (app/rules/statement.py `keyed`) the account holds is
   that held line (the same file read again).
2. Otherwise a line is a held line of the same booking date and amount
   that carries the same bank reference, or the same end-to-end id.
3. Otherwise it is any other held line of that date and amount not yet
   claimed, unless both carry a bank reference (or both an end-to-end id)
   and these differ: then they are two movements (two transfers of 98.00
   on one day, which the bank numbers apart).
4. Each held line is claimed once: a file with three identical 10.00
   payments on a day where the book holds two adds one (the occurrence
   count within the day), and two identical lines in one file are both
   new when the book holds neither.

Pure: the store (app/services/bank.py) reads the account's lines of the
statement's days and the lines holding its keys, and inserts what `fresh`
calls new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Movement:
    """What the rule reads of a line, held or read from a file."""

    key: str
    booking_date: date
    amount: int  # minor units, > 0 money in
    bank_ref: str = ""
    end_to_end: str = ""

    @property
    def named(self) -> bool:
        """Whether the line carries an id of its own (a bank reference or an end-to-end id)."""
        return bool(self.bank_ref or self.end_to_end)


def _same_id(a: Movement, b: Movement) -> bool:
    return bool(
        (a.bank_ref and a.bank_ref == b.bank_ref) or (a.end_to_end and a.end_to_end == b.end_to_end)
    )


def _apart(a: Movement, b: Movement) -> bool:
    """Whether two lines of one date and amount are told apart by their ids."""
    return bool(
        (a.bank_ref and b.bank_ref and a.bank_ref != b.bank_ref)
        or (a.end_to_end and b.end_to_end and a.end_to_end != b.end_to_end)
    )


def fresh(incoming: Sequence[Movement], held: Sequence[Movement]) -> list[bool]:
    """For each incoming line, whether it is new to the book (see the module's doc).

    `held` is what the account holds on the incoming lines' days, and any held
    line with one of their keys."""
    new = [True] * len(incoming)
    by_key = {h.key: h for h in held}
    pools: dict[tuple[date, int], list[Movement]] = {}
    for i, m in enumerate(incoming):
        if m.key in by_key:
            new[i] = False  # the same file read again: that held line, claimed
    claimed = {m.key for m in incoming if m.key in by_key}
    for h in held:
        if h.key not in claimed:
            pools.setdefault((h.booking_date, h.amount), []).append(h)
    # By id first, then the lines with an id (which fewer held lines can be) before
    # those without; each takes a held line with an id before one without, which
    # only a line without an id could be.
    for by_id in (True, False):
        order = sorted(
            (i for i, m in enumerate(incoming) if new[i]), key=lambda i: not incoming[i].named
        )
        for i in order:
            m = incoming[i]
            pool = pools.get((m.booking_date, m.amount))
            if not pool:
                continue
            fits = [h for h in pool if (_same_id(m, h) if by_id else not _apart(m, h))]
            if fits:
                taken = max(fits, key=lambda h: h.named) if not by_id else fits[0]
                pool.remove(taken)
                new[i] = False
    return new
