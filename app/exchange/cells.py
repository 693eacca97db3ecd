"""Import, first step: reading and checking every cell of the workbook.

Nothing here knows a rule of the book: cells are read as dates, amounts,
quantities, whole numbers, yes/no or text (each refused with its reason
when it cannot be read), and every problem is kept with its sheet, row,
column and value for `ImportRefused`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from app.errors import Cancelled, UserError
from app.exchange.schema import (
    FREE_TEXT,
    MAX_PROBLEMS_SHOWN,
    NO,
    SHEET_ORDER,
    SHEETS,
    YES,
    Col,
    sheet_word,
)
from app.i18n import _, ngettext
from app.rules.limits import (
    MAX_WHOLE,
    bad_characters,
    date_problem,
    quote,
    text_problem,
)
from app.rules.money import Currency, parse_amount, parse_quantity

# ---------------------------------------------------------------- import: reading cells


class SheetSource(Protocol):
    """A workbook's rows: what `reports.exchange_xlsx` opens."""

    date1904: bool

    def sheet_names(self) -> list[str]: ...

    def row_count(self, sheet: str) -> int:
        """The sheet's last row number, header and blank rows included (0 if unknown)."""
        ...

    def rows(self, sheet: str) -> Iterator[tuple[int, list[Any]]]: ...


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str  # "C (amount)" or "" for a whole row
    value: str
    reason: str

    def __str__(self) -> str:
        where = _("{sheet} row {row}").format(sheet=self.sheet, row=self.row)
        if self.column:
            where += _(", column {column}").format(column=self.column)
        shown = f' "{quote(self.value)}"' if self.value != "" else ""
        return f"{where}:{shown} {self.reason}"


class ImportRefused(UserError):
    """The workbook has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        order = {name: i for i, name in enumerate(SHEETS)}
        self.problems = sorted(problems, key=lambda p: (order.get(p.sheet, 99), p.row, p.column))
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        more = len(self.problems) - len(shown)
        lines = [
            ngettext(
                "The workbook was not imported: {count} problem; nothing was written.",
                "The workbook was not imported: {count} problems; nothing was written.",
                len(self.problems),
            ).format(count=len(self.problems))
        ]
        lines += [f"  {p}" for p in shown]
        if more:
            lines.append(_("  … and {more} more.").format(more=more))
        super().__init__("\n".join(lines))


def col_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class Bad(Exception):
    """A cell that cannot be read; the message is the reason."""


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula: its value would be the cached result of
    whatever program saved the file last, so it is refused, never read."""

    cached: Any = None


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$")
_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)


def read_date(value: Any, date1904: bool = False) -> dt.date:
    """A date from an Excel date, an Excel serial number or ISO text, within the book's years."""
    day = _read_date(value, date1904)
    problem = date_problem(day)
    if problem is not None:
        raise Bad(problem)
    return day


def _read_date(value: Any, date1904: bool) -> dt.date:
    if isinstance(value, bool):
        raise Bad(_("is not a date; write it as YYYY-MM-DD"))
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise Bad(_("is a date with a time of day; give the date alone"))
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise Bad(_("is an Excel date with a time of day; give the date alone"))
        value = int(value)
    if isinstance(value, int):
        return _serial(value, date1904)
    if isinstance(value, str):
        text = value.strip()
        m = _ISO.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise Bad(_("does not exist in the calendar")) from None
        m = _DMY.match(text)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a <= 12 and b <= 12 and a != b:
                raise Bad(_("is ambiguous (day/month or month/day?); write it as YYYY-MM-DD"))
            raise Bad(_("is not in the form YYYY-MM-DD; write it as YYYY-MM-DD"))
        if re.fullmatch(r"\d+", text):
            return _serial(int(text), date1904)
        raise Bad(_("is not a date; write it as YYYY-MM-DD"))
    raise Bad(_("is not a date; write it as YYYY-MM-DD"))


def _serial(n: int, date1904: bool) -> dt.date:
    if n > 2_958_465 - (1462 if date1904 else 0):  # beyond 9999-12-31 in either system
        raise Bad(_("is not an Excel date"))
    if date1904:
        if n < 0:
            raise Bad(_("is not an Excel date"))
        day = _EPOCH_1904 + dt.timedelta(days=n)
    else:
        if n < 1:
            raise Bad(_("is not an Excel date"))
        if n == 60:
            raise Bad(_("is 29 February 1900, a day that does not exist (an Excel quirk)"))
        day = (
            dt.date(1899, 12, 31) + dt.timedelta(days=n - 1)
            if n < 60
            else _EPOCH_1900 + dt.timedelta(days=n)
        )
    if not 1900 <= day.year <= 9999:
        raise Bad(_("is not an Excel date"))
    return day


def read_cell(col: Col, value: Any, cur: Currency, date1904: bool) -> Any:
    """The typed value of one cell, or `Bad` with the reason. Empty → None."""
    if isinstance(value, Formula):
        raise Bad(_("is a formula; type the value itself (formulas are not imported)"))
    if value is None or (isinstance(value, str) and not value.strip()):
        if col.required:
            raise Bad(_("is empty; it must be filled"))
        return None
    kind = col.kind
    try:
        if kind == "text":
            if isinstance(value, bool):
                raise Bad(_("is TRUE/FALSE, not text"))
            if isinstance(value, dt.date):
                text = (
                    value.isoformat()
                    if not isinstance(value, dt.datetime)
                    else value.date().isoformat()
                )
            else:
                # Keys and codes lose stray spaces; free text keeps every character it had.
                text = str(value) if col.name in FREE_TEXT else str(value).strip()
            problem = (
                text_problem(col.field, text)
                if col.field is not None
                else (
                    _("is longer than {max_len} characters").format(max_len=col.max_len)
                    if len(text) > col.max_len
                    else bad_characters(text)
                )
            )
            if problem is not None:
                raise Bad(problem)
            return text
        if kind == "money":
            if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
                raise Bad(_("is not an amount"))
            return parse_amount(value, cur.places, "amount")
        if kind == "qty":
            if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
                raise Bad(_("is not a quantity"))
            return parse_quantity(Decimal(value) if isinstance(value, int) else value)
        if kind == "int":
            if isinstance(value, bool):
                raise Bad(_("is not a whole number"))
            if isinstance(value, Decimal):
                if not value.is_finite() or value != value.to_integral_value():
                    raise Bad(_("is not a whole number"))
                value = int(value) if abs(value) < MAX_WHOLE else MAX_WHOLE
            elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,30}\s*", value):
                value = int(value)
            if not isinstance(value, int):
                raise Bad(_("is not a whole number"))
            if not 0 <= value < MAX_WHOLE:
                raise Bad(
                    _("is not a whole number from 0 to {value:,}").format(value=MAX_WHOLE - 1)
                )
            return value
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in YES:
                return True
            if text in NO:
                return False
            raise Bad(_("is not yes or no"))
        if kind == "date":
            return read_date(value, date1904)
    except UserError as e:
        raise Bad(reason_of(str(e))) from None
    except InvalidOperation:
        raise Bad(_("is not a number")) from None
    raise AssertionError(kind)  # pragma: no cover


def reason_of(message: str) -> str:
    """Turn a parser's sentence about 'The amount "x" …' into a reason after the value."""
    m = re.match(r'^The [\w ]+? "[^"]*" (.*?)\.?$', message, re.S)
    return m.group(1) if m else message.rstrip(".")


def shown(value: Any) -> str:
    if isinstance(value, Formula):
        value = value.cached
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Rec(dict[str, Any]):
    """One row of the workbook, read: its values by column name (None if absent).

    A dict itself, so the checks' many ``rec["number"]`` cost a dict lookup.
    """

    __slots__ = ("cols", "row", "sheet")

    def __init__(
        self, sheet: str, row: int, cols: dict[str, str], items: Iterable[tuple[str, Any]] = ()
    ) -> None:
        super().__init__(items)
        self.sheet = sheet
        self.row = row
        self.cols = cols  # column name → its letter, for messages

    def __missing__(self, key: str) -> Any:
        return None

    @property
    def v(self) -> dict[str, Any]:
        return self


@dataclass
class ImportResult:
    dry_run: bool
    created: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    updated: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # What the Book sheet did: settings an empty book took, or those that differ.
    book_notes: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        out = []
        for sheet in SHEET_ORDER:
            made, upd, same = (
                self.created.get(sheet, []),
                self.updated.get(sheet, []),
                self.unchanged.get(sheet, 0),
            )
            if not (made or upd or same):
                continue
            created = _("{count} would be created") if self.dry_run else _("{count} were created")
            parts = [created.format(count=len(made))]
            if upd:
                updated = (
                    _("{count} would be updated") if self.dry_run else _("{count} were updated")
                )
                parts.append(updated.format(count=len(upd)))
            parts.append(_("{count} already in the book").format(count=same))
            line = f"{sheet_word(sheet)}: " + ", ".join(parts)
            if made:
                line += ": " + ", ".join(made[:8]) + (" …" if len(made) > 8 else "")
            out.append(line)
        if not out:
            out.append(_("The workbook holds no rows to import."))
        return out + self.book_notes


class Checker:
    def __init__(self, cur: Currency, date1904: bool) -> None:
        self.cur = cur
        self.date1904 = date1904
        self.problems: list[Problem] = []
        self.recs: dict[str, list[Rec]] = {name: [] for name in SHEETS}

    def bad(
        self, rec: Rec | None, sheet: str, row: int, column: str, value: Any, reason: str
    ) -> None:
        letter = rec.cols.get(column, "") if rec is not None else ""
        col = f"{letter} ({column})" if letter else column
        self.problems.append(Problem(sheet, row, col, shown(value), reason))

    def fault(self, rec: Rec, column: str, reason: str) -> None:
        self.bad(rec, rec.sheet, rec.row, column, rec.v.get(column) if column else "", reason)

    def valid(self, rec: Rec, *names: str) -> bool:
        return INVALID not in map(rec.get, names)  # an _Invalid equals only itself


# The columns of a row that name a document (not a customer).
_DOCUMENT_COLUMNS = (
    "order",
    "invoice",
    "source",
    "credits",
    "corrects",
    "billed_invoice",
    "original_invoice",
)


def set_aside_unreadable(new: dict[str, list[Rec]], failed: set[str]) -> None:
    """Nothing is computed from a cell that could not be read: its row leaves `new`
    (the rows to replay), and every document it names (but a customer) joins
    `failed`, so nothing that needs one is replayed either."""
    for sheet, recs in new.items():
        kept = []
        for rec in recs:
            if INVALID not in rec.values():
                kept.append(rec)
                continue
            failed.update(v for c in _DOCUMENT_COLUMNS if isinstance(v := rec[c], str))
        new[sheet] = kept


def in_book(found: Any) -> bool:
    """Whether a looked-up document is the book's (a dict of its fields), not a new `Rec`."""
    return isinstance(found, dict) and not isinstance(found, Rec)


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


INVALID: Any = _Invalid()


def norm_header(raw: Any) -> str:
    if raw is None:
        return ""
    return re.sub(r"[\s\-]+", "_", str(raw).strip().lower())


class Meter:
    """Progress and cancelling of one long operation."""

    def __init__(
        self,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        total: int,
        what: str,
    ) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.total = total
        self.done = 0
        self.what = what

    def add(self, n: int) -> None:
        """`n` more rows are done: look at `cancelled()`, then report."""
        self.done += n
        self.check()
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(
                _("The {what} was cancelled; nothing was written.").format(what=self.what)
            )

    def finish(self) -> None:
        if self.progress is not None:
            self.done = max(self.total, self.done)
            self.progress(self.done, self.done)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(a) == Decimal(b)
        except (InvalidOperation, TypeError, ValueError):
            return False
    if isinstance(a, str) or isinstance(b, str):
        return (a or "") == (b or "")
    return bool(a == b)
