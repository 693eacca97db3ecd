"""The aging's Detail rows as XML, one f-string a row (issue 12).

reports/xlsx_rows.py's `RowStream` still spends a function call, a type
check and a join a cell; the Detail has ten cells a row and 100,000 rows or
more. Here a row is one f-string over its number and pieces worked out
once: a text's cell after its reference (codes, names, kinds and buckets
repeat; `RowStream.text` escapes them as xlsxwriter does), a date's serial,
a format's index. Amounts are `str(Decimal)`, which for the aging's amounts
(whole minor units: no exponent, few digits) is the ``{:.16G}`` xlsxwriter
writes; any other number goes through that format (`number_text`).

The cells are those `SheetWriter.row` writes for the same values:
tests/integration/test_aging_fast.py reads both workbooks back cell by cell
(the sheet XML is byte for byte xlsxwriter's). `Aging.rows()` gives two
shapes of row, an invoice's and a credit's; any other is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from reports.xlsx_rows import RowStream

if TYPE_CHECKING:
    from reports.xlsx_write import SheetWriter

# Columns: code, name, document, kind, date, due date, days, amount, open balance, bucket.
DAYS, AMOUNT, OPEN = 6, 7, 8


def number_text(value: int | Decimal) -> str:
    """A number as xlsxwriter writes it, ``{:.16G}``: for an int or a Decimal of at
    most 15 characters without an exponent that is its `str`, three times faster."""
    text = str(value)
    if len(text) > 15 or "E" in text:
        return f"{value:.16G}"
    return text


class DetailStream:
    """Writes the aging's detail rows (`Aging.rows()`' tuples) into `sheet`: an
    invoice's ten cells, or a credit's eight (no due date, no days)."""

    def __init__(
        self, sheet: SheetWriter, kind_words: dict[str, str], bucket_words: Sequence[str]
    ) -> None:
        self.sheet = sheet
        self.stream = stream = RowStream(sheet)
        self.codes, self.names = stream.text(0), stream.text(1)
        self.document = stream.text(2).once  # numbers do not repeat: nothing remembered
        self.kinds = _Words(stream.text(3), kind_words)
        buckets = stream.text(9)
        self.buckets = [buckets[word] for word in bucket_words]  # credit (-1) is the last
        self.serials = _Serials(stream, 4)
        self.date_s = self.money_s = self.int_s = ""  # formats, numbered at their first cell

    def write(self, rows: Iterable[Sequence[Any]], check: Callable[[int], None], every: int) -> int:
        """Write `rows`, `every` rows at a time, calling `check(done)` after each batch
        but the last (to cancel or to show progress). Returns how many."""
        codes, names, document, kinds, buckets = (
            self.codes, self.names, self.document, self.kinds, self.buckets,
        )  # fmt: skip
        serials = self.serials
        r = self.sheet._next  # 0-based: the row's number in Excel is r + 1
        out: list[str] = []
        days_seen: list[int] = []
        amounts: list[Decimal] = []
        opens: list[Decimal] = []
        done = 0
        try:
            for code, name, number, kind, on, due, days, amount, open_, bucket in rows:
                r += 1
                n = str(r)
                if due is not None and days is not None:
                    out.append(
                        f'<row r="{n}"><c r="A{n}{codes[code]}<c r="B{n}{names[name]}'
                        f'<c r="C{n}{document(number)}<c r="D{n}{kinds[kind]}'
                        f'<c r="E{n}{self.date_s or self._date()}{serials[on]}</v></c>'
                        f'<c r="F{n}{self.date_s}{serials[due]}</v></c>'
                        f'<c r="G{n}{self.int_s or self._int()}{days}</v></c>'
                        f'<c r="H{n}{self.money_s or self._money()}{_num(amount)}</v></c>'
                        f'<c r="I{n}{self.money_s}{_num(open_)}</v></c>'
                        f'<c r="J{n}{buckets[bucket]}</row>'
                    )
                    days_seen.append(days)
                elif due is None and days is None:
                    out.append(
                        f'<row r="{n}"><c r="A{n}{codes[code]}<c r="B{n}{names[name]}'
                        f'<c r="C{n}{document(number)}<c r="D{n}{kinds[kind]}'
                        f'<c r="E{n}{self.date_s or self._date()}{serials[on]}</v></c>'
                        f'<c r="H{n}{self.money_s or self._money()}{_num(amount)}</v></c>'
                        f'<c r="I{n}{self.money_s}{_num(open_)}</v></c>'
                        f'<c r="J{n}{buckets[bucket]}</row>'
                    )
                else:
                    raise ValueError(f"an aging row with a due date {due} but days {days}")
                amounts.append(amount)
                opens.append(open_)
                if len(out) >= every:
                    self._put(out, days_seen, amounts, opens)
                    done += len(out)
                    out, days_seen, amounts, opens = [], [], [], []
                    check(done)
        finally:
            self._put(out, days_seen, amounts, opens)
        return done + len(out)

    def _put(self, out: list[str], *seen: list[Any]) -> None:
        """The rows into the file, and their numbers into the sums and extremes
        `SheetWriter.row` keeps (for the totals row and the widths)."""
        sheet = self.sheet
        for col, values in zip((DAYS, AMOUNT, OPEN), seen, strict=True):
            if not values:
                continue
            sheet._sums[col] += sum(values)
            high, low = max(values), min(values)
            if sheet._high[col] is None or high > sheet._high[col]:
                sheet._high[col] = high
            if sheet._low[col] is None or low < sheet._low[col]:
                sheet._low[col] = low
        self.stream.put(out)

    # the formats' parts, numbered when a cell first needs them, as xlsxwriter numbers them

    def _date(self) -> str:
        self.date_s = self.stream.style("date")
        return self.date_s

    def _int(self) -> str:
        self.int_s = self.stream.style("int")
        return self.int_s

    def _money(self) -> str:
        self.money_s = self.stream.style("money")
        return self.money_s


_num = number_text


class _Words(dict[str, str]):
    """A kind's cell after the reference: its word (`kind_words`), or the kind itself."""

    def __init__(self, texts: dict[Any, str], words: dict[str, str]) -> None:
        super().__init__()
        self.texts, self.words = texts, words

    def __missing__(self, kind: str) -> str:
        self[kind] = cell = self.texts[self.words.get(kind, kind)]
        return cell


class _Serials(dict[Any, str]):
    """A date cell's value (its serial as text), each date worked out once."""

    def __init__(self, stream: RowStream, col: int) -> None:
        super().__init__()
        self.stream, self.col = stream, col

    def __missing__(self, day: dt.date) -> str:
        self[day] = text = self.stream.date_value(self.col, day)
        return text
