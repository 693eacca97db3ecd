"""Spreadsheet exchange with the accountant (SPEC §6): the whole book as rows.

Export (`export.py`): each sheet's columns and rows, streamed from the
book; a writer in `reports/` lays them out.

Import (`import_book`), in four steps, one transaction:
    cells.py    read and check every cell (dates, amounts, yes/no, text),
                reading.py taking a sheet a column at a time;
    plan.py     keys, references and idempotence against the book;
    replay.py   the new rows replayed through the services, in the order
                the book posted them: the services decide what is allowed,
                computed and posted, exactly as for the window;
    compare.py  what the services stored against what the rows say (a
                settlement's explanation in a wording the rules have since
                changed is the same explanation: former_wordings.py).
Every problem is reported at once with its sheet, row, column, value and
reason (`ImportRefused`), and then nothing is written. `check_replay.py`
takes a whole book through the same export rows and replay into a scratch
book (`acerto check --replay`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from app.errors import UserError
from app.exchange.book_sheet import (
    adopt_book,
    book_is_empty,
    refuse_other_currency,
    workbook_currency,
)
from app.exchange.cells import (
    Checker,
    ImportRefused,
    ImportResult,
    Meter,
    Problem,
    Rec,
    SheetSource,
    col_letter,
    read_cell,
    read_date,
)
from app.exchange.check_replay import ReplayReport, replay_check
from app.exchange.compare import compare
from app.exchange.export import export_sheets, export_total
from app.exchange.plan import Plan
from app.exchange.reading import read_sheet
from app.exchange.replay import Replay
from app.exchange.schema import CHECK_EVERY, KEYS, SHEET_ORDER, SHEETS, Col
from app.i18n import _
from app.read.bulk import bulk
from app.rules.money import Currency
from app.services import book
from models.db import database

__all__ = [
    "CHECK_EVERY",
    "KEYS",
    "SHEETS",
    "SHEET_ORDER",
    "Col",
    "ImportRefused",
    "ImportResult",
    "Problem",
    "Rec",
    "ReplayReport",
    "SheetSource",
    "col_letter",
    "export_sheets",
    "export_total",
    "import_book",
    "read_cell",
    "read_date",
    "replay_check",
]


def import_book(
    source: SheetSource,
    dry_run: bool = False,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    take_settings: bool = False,
) -> ImportResult:
    """Check the whole workbook, then replay it through the services in one transaction.

    A dry run replays too, and rolls back: it says what would be created
    and finds every refusal a real import would meet. Progress and
    cancelling: `progress(done, total)` is called every few thousand rows,
    first while the cells are read, then while the rows are replayed
    (total = the workbook's rows, twice unless a dry run), and once more at
    the end with done == total. When `cancelled()` answers True,
    `Cancelled` is raised and the transaction rolled back.

    The Book sheet's currency is read first: a book with documents in
    another currency refuses the workbook at once; an empty book reads the
    amounts in the workbook's currency, which it takes (`adopt_book`).
    `take_settings`: a book with documents takes the workbook's settings too.
    """
    cur = book.currency()
    theirs = workbook_currency(source)
    empty = book_is_empty()
    refuse_other_currency(theirs, cur.code, empty)
    if theirs is not None and empty:
        with suppress(UserError):  # a code that is not one is named with its row by adopt_book
            cur = Currency.of(theirs)
    # Python's cyclic collector paused: the rows, their operations and what the
    # services make of them all live to the end of the import, and the collector
    # would walk them again and again for nothing (gc callbacks counted about
    # 0.9 s of a 100,000-payment import).
    with bulk():
        return _import(source, cur, dry_run, progress, cancelled, take_settings)


def _import(
    source: SheetSource,
    cur: Currency,
    dry_run: bool,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    take_settings: bool,
) -> ImportResult:
    chk = Checker(cur, source.date1904)
    present = set(source.sheet_names())
    sheets = [sheet for sheet in SHEET_ORDER if sheet in present]
    rows = sum(max(source.row_count(sheet) - 1, 0) for sheet in sheets)
    meter = Meter(progress, cancelled, rows if dry_run else 2 * rows, "import")
    meter.check()
    for sheet in sheets:
        read_sheet(chk, sheet, source.rows(sheet), meter.add)
    if not any(chk.recs.values()) and not chk.problems and not present & set(SHEETS):
        known = ", ".join(SHEET_ORDER)
        raise UserError(
            _("The workbook has none of the exchange sheets ({known}).").format(known=known)
        )
    with database.atomic() as txn:
        plan = Plan(chk, cur)
        plan.check()
        meter.check()
        result = plan.result(dry_run)
        adopt_book(chk, plan, take_settings)
        replay = Replay(plan, chk, None if dry_run else meter)
        with book.batch(load=True):  # the services' inserts sent in bulk (models/batch.py)
            replay.run()
        compare(plan, chk, cur, skip=replay.failed)
        if chk.problems:
            raise ImportRefused(chk.problems)
        if dry_run:
            txn.rollback()
    meter.finish()
    return result
