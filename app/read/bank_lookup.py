"""The book's open invoices asked for by the bank matcher, through the indexes (issue 11).

What `app.rules.bank_point.PointBook` asks (its `Lookup`), answered with
a few queries over many lines at once instead of reading every open
invoice: by number (the number's unique index), by customer and balance
(the partial index invoice_customer_open_balance, models/schema.py: MATCH_INDEX),
and whether customers have anything open. Rows are columns as the
database gives them; customers are named by code.

The numbers' lengths and the terms texts come from one pass over the
invoice table (every invoice, not only the open ones: the planner would
read the open ones through an index, a row at a time, ten times slower;
more lengths or terms than the open invoices have change no proposal,
see app/rules/bank_point.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from typing import Any

from app.rules.bank_point import Row
from app.services.documents import RECEIVABLE_KINDS
from models.db import committed_reader, database
from models.tables import Invoice

CHUNK = 900  # parameters in one query (under SQLite's oldest bound of 999)

_KINDS = ", ".join(f"'{k}'" for k in RECEIVABLE_KINDS)
# What app/read/bank.py calls open, written as the partial index's condition is
# (so that SQLite sees the query implies it): a balance above zero, not a draft.
_OPEN = (
    'i."status" <> \'draft\' AND i."total" - i."settled" > 0'
    f' AND i."kind" IN ({_KINDS}) AND i."total" > 0'
)
_COLUMNS = (
    'i."number", i."customer_id", i."total" - i."settled", i."date", i."due_date",'
    ' i."total", i."discount_taken", i."terms_text"'
)


# Every column of the invoice, as the model reads it (`BookLookup.rows`).
_FIELDS = [f.name for f in Invoice._meta.sorted_fields]  # type: ignore[attr-defined]
_WHOLE = ", ".join(f'i."{f.column_name}"' for f in Invoice._meta.sorted_fields)  # type: ignore[attr-defined]
_NUMBER = _FIELDS.index("number")

# The columns of a row as the lookup gives it (`Row`, customer by id), and the kind and
# the status, taken from a whole row instead of read twice: at 1,000,000 invoices the
# matcher reads 90,000 whole rows, and each value read is an object made.
_ASKED = "number customer total settled date due_date discount_taken terms_text kind status"
_PICK = itemgetter(*(_FIELDS.index(n) for n in _ASKED.split()))


def _of_whole(w: Sequence[Any]) -> tuple[Any, ...]:
    """`_COLUMNS`, kind and status of whole row `w`, as the database gives them."""
    number, customer, total, settled, on, due, taken, terms, kind, status = _PICK(w)
    return (number, customer, total - settled, on, due, total, taken, terms, kind, status)


# The pass over every invoice (see the module doc): its terms texts and its numbers' lengths.
_SHAPES = 'SELECT DISTINCT "terms_text", length("number") FROM "invoice"'

# What `shapes_ahead` gives: wait for the pass, and have its rows (None: not read there).
Shapes = Callable[[], list[tuple[Any, ...]] | None]


@contextmanager
def shapes_ahead() -> Iterator[Shapes]:
    """Run `BookLookup`'s pass over every invoice on a thread of its own, with a
    connection of its own reading the book as last committed (models/db.py
    `committed_reader`), while the block reads something else: at 1,000,000
    invoices the pass takes 0.1 s, mostly inside SQLite, which lets Python's
    lock go (accept-all reads its 100,000 unmatched lines meanwhile). Yields
    what waits for it (give it to `BookLookup`); the block is left only once the
    thread has ended, its connection closed, whether the block used it or failed.

    Only for a caller whose write transaction has written nothing yet: what is
    committed is then what it sees (accept-all, when its batch has a committed
    reader). No such connection (PostgreSQL, a book in memory): the pass gives
    None, and `BookLookup` reads it itself."""
    db = database.obj  # the book open now, whatever the thread finds when it starts
    # Leaving the pool waits for its thread; the future gives its rows or raises its error.
    with ThreadPoolExecutor(1, thread_name_prefix="acerto-invoice-shapes") as pool:
        yield pool.submit(_shapes_of, db).result


def _shapes_of(db: Any) -> list[tuple[Any, ...]] | None:
    """The pass, on a connection of its own reading `db` as last committed (None: none)."""
    with committed_reader(db) as conn:
        return None if conn is None else list(conn.execute(_SHAPES).fetchall())


@lru_cache(maxsize=32)
def _numbers_sql(mark: str, n: int, whole: bool = False) -> str:
    marks = ", ".join([mark] * n)
    columns = _WHOLE if whole else f'{_COLUMNS}, i."kind", i."status"'
    return f'SELECT {columns} FROM "invoice" AS i WHERE i."number" IN ({marks})'


@lru_cache(maxsize=32)
def _windows_sql(mark: str, n: int, whole: bool = False) -> str:
    values = ", ".join([f"({mark}, {mark}, {mark}, {mark})"] * n)
    return (
        f'WITH w ("k", "c", "lo", "hi") AS (VALUES {values})'
        f' SELECT w."k", {_WHOLE if whole else _COLUMNS} FROM w JOIN "invoice" AS i'
        ' ON i."customer_id" = w."c" AND i."total" - i."settled" BETWEEN w."lo" AND w."hi"'
        f" WHERE {_OPEN}"
    )


@lru_cache(maxsize=32)
def _with_open_sql(mark: str, n: int) -> str:
    marks = ", ".join([mark] * n)
    return (
        f'SELECT c."id" FROM "customer" AS c WHERE c."id" IN ({marks}) AND EXISTS'
        f' (SELECT 1 FROM "invoice" AS i WHERE i."customer_id" = c."id" AND {_OPEN})'
    )


class BookLookup:
    """`app.rules.bank_point.Lookup` over the open book; `codes`: customer id -> code.
    `committed`: a connection reading the book as last committed, asked instead
    of the book's own (models/db.py `committed_reader`: accept-all's matcher, which
    follows what its transaction changes itself), or None. `rows`: where to keep
    every column of the invoices found by number or amount, by number (accept-all:
    bank_post.Kept makes the invoices it settles of them, not reading them again).
    `shapes`: the pass over every invoice, started before (`shapes_ahead`)."""

    def __init__(
        self,
        codes: dict[int, str],
        committed: Any = None,
        rows: dict[str, Any] | None = None,
        shapes: Shapes | None = None,
    ) -> None:
        self.codes = codes
        self.ids = {code: key for key, code in codes.items()}
        self.committed = committed
        self.rows = rows
        self.mark = str(database.param)  # SQLite's, when `committed` (SQLite only) is given
        seen = shapes() if shapes is not None else None
        if seen is None:
            seen = self._rows(_SHAPES, ())
        self.terms = {t for t, _n in seen}
        self.lengths = {n for _t, n in seen}

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        if self.committed is not None:
            return list(self.committed.execute(sql, params).fetchall())
        return list(database.execute_sql(sql, params).fetchall())

    def _row(self, r: Sequence[Any]) -> Row:
        number, customer, balance, on, due, total, taken, terms = r[:8]
        return (number, self.codes[customer], balance, on, due, total, taken, terms)

    def numbers(self, numbers: Sequence[str]) -> Iterable[Row]:
        out = []
        kept = self.rows
        for at in range(0, len(numbers), CHUNK):
            chunk = numbers[at : at + CHUNK]
            found = self._rows(_numbers_sql(self.mark, len(chunk), kept is not None), chunk)
            if kept is not None:  # whole rows: kept by number, and the columns asked of them
                kept.update((w[_NUMBER], w) for w in found)
                found = [_of_whole(w) for w in found]
            for r in found:
                kind, status, total, balance = r[8], r[9], r[5], r[2]
                if kind in RECEIVABLE_KINDS and total > 0 and status != "draft" and balance > 0:
                    out.append(self._row(r))
        return out

    def windows(self, asks: Sequence[tuple[str, int, int]]) -> Iterable[tuple[int, Row]]:
        out = []
        step = CHUNK // 4
        kept = self.rows
        for at in range(0, len(asks), step):
            chunk = asks[at : at + step]
            params = [
                x for k, (c, lo, hi) in enumerate(chunk, at) for x in (k, self.ids[c], lo, hi)
            ]
            found = self._rows(_windows_sql(self.mark, len(chunk), kept is not None), params)
            if kept is not None:  # each: the ask's place, then the whole row
                kept.update((r[1 + _NUMBER], r[1:]) for r in found)
                out += [(r[0], self._row(_of_whole(r[1:]))) for r in found]
            else:
                out += [(r[0], self._row(r[1:])) for r in found]
        return out

    def customer(self, code: str) -> Iterable[Row]:
        sql = (
            f'SELECT {_COLUMNS} FROM "invoice" AS i WHERE i."customer_id" = {self.mark} AND {_OPEN}'
        )
        return [self._row(r) for r in self._rows(sql, (self.ids[code],))]

    def open_besides(self, code: str, numbers: Collection[str]) -> Row | None:
        """An open invoice of customer `code` whose number is none of `numbers`, or None
        (`app.rules.bank_follow.FollowLookup`; `numbers` fewer than CHUNK)."""
        m = self.mark
        besides = f' AND i."number" NOT IN ({", ".join([m] * len(numbers))})' if numbers else ""
        sql = (
            f'SELECT {_COLUMNS} FROM "invoice" AS i WHERE i."customer_id" = {m} AND {_OPEN}'
            f"{besides} LIMIT 1"
        )
        found = self._rows(sql, (self.ids[code], *numbers))
        return self._row(found[0]) if found else None

    def with_open(self, codes: Collection[str]) -> Collection[str]:
        ids = [self.ids[c] for c in sorted(codes)]
        out: set[str] = set()
        for at in range(0, len(ids), CHUNK):
            chunk = ids[at : at + CHUNK]
            out.update(
                self.codes[i] for (i,) in self._rows(_with_open_sql(self.mark, len(chunk)), chunk)
            )
        return out
