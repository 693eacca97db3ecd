"""Import, first step: a sheet's cells read and checked, a column at a time.

`read_sheet` takes a sheet's rows a few thousand at a time. Each column of
such a chunk whose cells are all of the usual, valid kind (text within its
limits, amounts in the currency's places, dates within the book's years,
whole numbers in range, blanks where the column may be empty) is accepted
by a handful of checks over the whole column; a column that is not goes
cell by cell through `cells.read_cell`, which gives each cell its value or
its reason. Either way the values are the same, and every bad cell is
named with its sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from itertools import islice, repeat
from operator import eq, itemgetter
from typing import Any

from app.exchange.cells import INVALID, Bad, Checker, Rec, col_letter, norm_header, read_cell
from app.exchange.schema import CHECK_EVERY, FREE_TEXT, SHEETS, Col
from app.i18n import _
from app.rules.limits import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT, MAX_WHOLE
from app.rules.money import Currency

# A C0/C1 control or a lone surrogate: such a cell goes to `read_cell` for its reason.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

One = Callable[[Any], Any]  # one cell's value, or Bad
Many = Callable[[list[Any]], list[Any] | None]  # a column's values, or None: cell by cell


def read_sheet(
    chk: Checker,
    sheet: str,
    rows: Iterator[tuple[int, list[Any]]],
    tick: Callable[[int], None] | None = None,
) -> None:
    """Read and check every cell of `sheet` into `chk`; `tick(n)` after every n rows read."""
    rows = iter(rows)
    recs = chk.recs[sheet]
    first = next(rows, None)
    if first is not None:
        header, letters, missing = _header(chk, sheet, *first)
        columns = [(i, col.name, *_readers(col, chk.cur, chk.date1904)) for i, col in header]
        names = [*missing, *(name for _i, name, _one, _many in columns)]
        while chunk := list(islice(rows, CHECK_EVERY)):
            _read_chunk(chk, sheet, chunk, columns, names, len(missing), letters)
            if tick is not None and len(chunk) == CHECK_EVERY:
                tick(CHECK_EVERY)
    if tick is not None:
        tick(len(recs) % CHECK_EVERY)


def _header(
    chk: Checker, sheet: str, number: int, values: list[Any]
) -> tuple[list[tuple[int, Col]], dict[str, str], list[str]]:
    """The sheet's columns by position, their letters, and the required ones missing."""
    cols = SHEETS[sheet]
    known = {c.name: c for c in cols}
    header: list[tuple[int, Col]] = []
    letters: dict[str, str] = {}
    seen: set[str] = set()
    for i, raw in enumerate(values):
        name = norm_header(raw)
        if not name:
            continue
        if name not in known:
            chk.bad(
                None,
                sheet,
                number,
                col_letter(i),
                raw,
                _("is not a column of this sheet; the columns are ") + ", ".join(known),
            )
            continue
        if name in seen:
            chk.bad(None, sheet, number, col_letter(i), raw, _("is a second column with this name"))
            continue
        seen.add(name)
        header.append((i, known[name]))
        letters[name] = col_letter(i)
    missing = [c.name for c in cols if c.required and c.name not in seen]
    for name in missing:
        chk.bad(None, sheet, number, "", name, _("is a column this sheet must have"))
    return header, letters, missing


def _read_chunk(
    chk: Checker,
    sheet: str,
    chunk: list[tuple[int, list[Any]]],
    columns: list[tuple[int, str, One, Many]],
    names: list[str],
    missing: int,
    letters: dict[str, str],
) -> None:
    """Rows of a sheet read into `Rec`s, a column at a time; a required column
    that is not there is INVALID in every row (nothing follows from it)."""
    numbers = [number for number, _values in chunk]
    rows = [values for _number, values in chunk]
    width = min(map(len, rows))
    read: list[list[Any]] = [[INVALID] * len(rows)] * missing
    bad: list[tuple[int, int, Any, str]] = []  # (row in chunk, column, value, reason)
    for j, (i, _name, one, many) in enumerate(columns):
        raw = (
            list(map(itemgetter(i), rows))
            if i < width
            else [values[i] if i < len(values) else None for values in rows]
        )
        column = many(raw)
        read.append(_one_by_one(one, raw, j, bad) if column is None else column)
    recs = chk.recs[sheet]
    if read:
        for number, row in zip(numbers, zip(*read, strict=True), strict=True):
            recs.append(Rec(sheet, number, letters, zip(names, row, strict=True)))
    else:
        recs += [Rec(sheet, number, letters) for number in numbers]
    first = len(recs) - len(rows)
    for k, j, value, reason in sorted(bad, key=lambda b: (b[0], b[1])):
        chk.bad(recs[first + k], sheet, numbers[k], columns[j][1], value, reason)


def _one_by_one(
    one: One, raw: list[Any], j: int, bad: list[tuple[int, int, Any, str]]
) -> list[Any]:
    out = []
    for k, value in enumerate(raw):
        try:
            out.append(one(value))
        except Bad as e:
            bad.append((k, j, value, str(e)))
            out.append(INVALID)
    return out


def _readers(col: Col, cur: Currency, date1904: bool) -> tuple[One, Many]:
    """A column's reader of one cell (`read_cell`, with a fast path for the usual
    valid cell) and of a whole column (None when any cell is off its fast path)."""
    one = _one(col, cur, date1904)
    many = _MANY.get(col.kind)
    if many is None:
        return one, _none
    whole = many(col, cur)
    if col.required:
        return one, whole

    def with_blanks(raw: list[Any]) -> list[Any] | None:
        if None not in raw:
            return whole(raw)
        filled = [v for v in raw if v is not None]
        values = whole(filled) if filled else []
        if values is None:
            return None
        it = iter(values)
        return [None if v is None else next(it) for v in raw]

    return one, with_blanks


def _none(raw: list[Any]) -> None:
    return None


def _texts(col: Col, cur: Currency) -> Many:
    free, max_len = col.name in FREE_TEXT, col.max_len

    def texts(raw: list[Any]) -> list[Any] | None:
        # As `_one`'s text: text, not blank, within its length and without controls.
        if set(map(type, raw)) != {str} or "" in raw or any(map(str.isspace, raw)):
            return None
        out = raw if free else list(map(str.strip, raw))
        if max(map(len, out)) > max_len or _CONTROL.search("".join(out)) is not None:
            return None
        return out

    return texts


def _amounts(col: Col, cur: Currency) -> Many:
    quantum = cur.quantum

    def amounts(raw: list[Any]) -> list[Any] | None:
        # As `_one`'s money: a number already in the currency's places, within the limit.
        kinds = set(map(type, raw))
        if not kinds <= {Decimal, int}:
            return None
        try:
            numbers = list(map(Decimal, raw)) if int in kinds else raw
            exact = list(map(Decimal.quantize, numbers, repeat(quantum)))
        except InvalidOperation:
            return None
        if not all(map(eq, exact, raw)) or not -MAX_AMOUNT < min(exact) <= max(exact) < MAX_AMOUNT:
            return None
        return exact

    return amounts


def _dates(col: Col, cur: Currency) -> Many:
    def dates(raw: list[Any]) -> list[Any] | None:
        # As `_one`'s date: dates (not datetimes) within the book's years.
        if set(map(type, raw)) != {dt.date}:
            return None
        return raw if min(raw).year >= FIRST_YEAR and max(raw).year <= LAST_YEAR else None

    return dates


def _wholes(col: Col, cur: Currency) -> Many:
    def wholes(raw: list[Any]) -> list[Any] | None:
        if set(map(type, raw)) != {int}:
            return None
        return raw if min(raw) >= 0 and max(raw) < MAX_WHOLE else None

    return wholes


_MANY: dict[str, Callable[[Col, Currency], Many]] = {
    "text": _texts,
    "money": _amounts,
    "date": _dates,
    "int": _wholes,
}


def _one(col: Col, cur: Currency, date1904: bool) -> One:
    """`read_cell` for one column, with a fast path for the usual, valid cell.

    Anything off the fast path (empty, other types, too long, bad) goes to
    `read_cell`, which gives the same answer or the same reason.
    """
    kind = col.kind

    def slow(value: Any) -> Any:
        return read_cell(col, value, cur, date1904)

    if kind == "text":
        free, max_len = col.name in FREE_TEXT, col.max_len
        not_control = _CONTROL.search

        def text(value: Any) -> Any:
            if value.__class__ is str:
                stripped = value.strip()
                if stripped:
                    out = value if free else stripped
                    if len(out) <= max_len and not_control(out) is None:
                        return out
            return slow(value)

        return text
    if kind == "money":
        quantum = cur.quantum

        def money(value: Any) -> Any:
            cls = value.__class__
            if cls is Decimal or cls is int:
                try:
                    exact = Decimal(value).quantize(quantum)
                except InvalidOperation:
                    return slow(value)
                if exact == value and -MAX_AMOUNT < exact < MAX_AMOUNT:
                    return exact
            return slow(value)

        return money
    if kind == "date":
        midnight = dt.time(0)

        def date(value: Any) -> Any:
            cls = value.__class__
            if cls is dt.date and FIRST_YEAR <= value.year <= LAST_YEAR:
                return value
            if (
                cls is dt.datetime
                and value.time() == midnight
                and FIRST_YEAR <= value.year <= LAST_YEAR
            ):
                return value.date()
            return slow(value)

        return date
    if kind == "int":

        def integer(value: Any) -> Any:
            return value if value.__class__ is int and 0 <= value < MAX_WHOLE else slow(value)

        return integer
    return slow
