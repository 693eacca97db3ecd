"""The book: opening it, its settings, numbering series and stored terms.

Settings and parsed terms are read once per transaction: a posting reads
the currency, the settlement parameters and the customer's terms, and a
long transaction (the demo, an import) posts thousands of documents. The
memo belongs to the outermost open transaction, so the next transaction
reads the book afresh (another window or process may have changed it);
`set_setting`, the only writer of settings, forgets it at once.
"""

from __future__ import annotations

import os
import re
import shlex
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peewee import DatabaseError, IntegrityError, InterfaceError, PostgresqlDatabase

from app.errors import UserError
from app.i18n import _
from app.rules import limits
from app.rules.money import Currency
from app.rules.terms import Terms, parse_terms

# A server URL shown without its password, and the password kept apart.
from app.services.book_urls import book_label as book_label
from app.services.book_urls import book_password as book_password
from app.services.book_urls import redact as redact
from app.services.book_urls import with_password as with_password
from app.services.numbering import SERIES_PREFIX as SERIES_PREFIX
from app.services.numbering import next_number as next_number
from app.services.numbering import number_for as number_for
from app.services.numbering import numbers_for as numbers_for
from app.services.setting_values import (
    AMOUNT_KEYS as AMOUNT_KEYS,
)
from app.services.setting_values import (
    BOOLEAN_KEYS as BOOLEAN_KEYS,
)
from app.services.setting_values import (
    DEFAULTS as DEFAULTS,
)
from app.services.setting_values import (
    RULE_KEYS as RULE_KEYS,
)
from app.services.setting_values import (
    aging_buckets as aging_buckets,
)
from app.services.setting_values import (
    normalise_setting as normalise_setting,
)
from models import bulk_load, fast, references, text_search
from models.db import (
    LostRace,
    close_db,
    committed_reader,
    database,
    init_db,
    is_contention,
    sqlite_path,
)
from models.migrations import BadVersionError, NewerBookError, NoBookError, ReadOnlyOldBookError
from models.tables import (
    Customer,
    JournalEntry,
    PaymentTerms,
    PaymentTermsTier,
    Setting,
    SettingChange,
)

if TYPE_CHECKING:  # loaded where used: the window and `show` start without them
    from app.rules.settlement import Params


def transaction(*, references_at_end: bool = False) -> Any:
    """One transaction around several service calls (the demo; each call nests in it).
    `references_at_end` (bank accept-all, whose batch writes many rows a statement): on
    SQLite, its foreign keys checked as its batch goes and before its commit instead
    of row by row, which makes SQLite journal every page such a statement changes
    (models/references.py)."""
    if references_at_end:
        return references.checked_at_end(database.obj)
    return database.atomic()


@contextmanager
def reading() -> Iterator[None]:
    """One snapshot for a reader: everything read inside sees the book as
    it stood at the first read, whatever other clerks post meanwhile (an
    export that imports back, an aging whose totals agree, a check).

    SQLite: a deferred transaction (under WAL, the first read fixes the
    snapshot, and writers go on); PostgreSQL: REPEATABLE READ. Inside a
    transaction already open, it is that transaction's view."""
    db = database.obj
    if db is None or db.in_transaction():
        yield
        return
    if isinstance(db, PostgresqlDatabase):
        ctx = db.atomic(isolation_level="REPEATABLE READ")
    else:
        ctx = db.atomic(lock_type="DEFERRED")
    with ctx:
        yield


@contextmanager
def batch(
    *,
    load: bool = False,
    large: bool = False,
    threaded: bool = False,
    unchanged: tuple[str, ...] = (),
) -> Iterator[Any]:
    """Inside a transaction: the services' inserts wait and go in bulk (models/batch.py).

    The services decide exactly as one call at a time; only the sending
    of their rows is batched. For the import and the demo, SQLite only.
    At the end, the rows written go into the text box's indexes in one
    statement per table (models/text_search.py). With `load` (the import,
    the demo, a replay: many rows into a book that may be nearly empty), the
    panes' sort indexes of nearly empty tables are made at the end instead
    of row by row, and their other non-unique indexes just before a statement
    names their table (models/bulk_load.py). With `large` (the demo, a replay: a whole
    book's history, whose indexes outgrow the everyday page cache; bank accept-all,
    whose settled invoices fall anywhere in a large book's indexes), with a larger
    one. Not for the import: at 100,000 payments it cost 4 % more CPU there, while
    the 100,000-invoice demo took 10 % less (and accept-all at 1,000,000 invoices
    about 7 % less). With `threaded` (bank accept-all), SQLite runs the rows'
    statements on a thread of its own while the services go on, and the batch's
    `committed.reader` reads the book as last committed; reads naming only the
    `unchanged` tables (the caller never writes them) are asked of it
    (models/batch_writer.py). `threaded` opens the transaction's writing: the
    transaction has written nothing before (else the reader is left out)."""
    db = database.obj
    cache = bulk_load.larger_cache(db) if large else nullcontext()
    deferred = bulk_load.sort_indexes_at_end(db) if load else nullcontext()
    later = bulk_load.indexes_on_demand(db) if load else nullcontext()
    first = threaded and db.transaction_depth() == 1
    with cache, committed_reader() if first else nullcontext() as reader:
        with deferred, later as aside, fast.batch(threaded, reader, unchanged) as queue:
            if aside is not None:
                aside.watch(queue)  # told of each statement, to make a table's indexes first
            yield queue
        text_search.catch_up(db)


def indexes_aside_again() -> None:
    """Inside `batch(load=True)`: the indexes of the load's small tables made again
    for a statement so far are set aside once more (models/bulk_load.py:
    `LaterIndexes.again`)."""
    queue = fast.active_batch()
    watcher = queue.watcher if queue is not None else None
    if isinstance(watcher, bulk_load.LaterIndexes):
        watcher.again()


@contextmanager
def together() -> Iterator[None]:
    """Inside `batch`: the rows of the service calls made inside wait together
    until its end (a chunk of many calls that change each other's rows)."""
    queue = fast.active_batch()
    if queue is None:
        yield
        return
    with queue.together():
        yield


ENV_BOOK = "ACERTO_BOOK"


def default_book_path() -> str:
    """The book used when none is named: $ACERTO_BOOK, else the user's data folder."""
    env = os.environ.get(ENV_BOOK, "").strip()
    if env:
        return env
    import platformdirs

    return str(Path(platformdirs.user_data_dir("Acerto")) / "book.sqlite")


def open_book(url: str) -> None:
    """Open (creating and migrating as needed) the book at `url`."""
    init_db(book_location(url))


def open_book_or_refuse(url: str, *, create: bool = True) -> None:
    """Open the book at `url`; a book that cannot be opened is a UserError naming it
    (never its password). Unless `create`, a database (a server's, or an empty
    file) with no book in it is refused as missing, and nothing is written to it."""
    location = book_location(url)
    try:
        init_db(location, create=create)
    except NoBookError:
        close_db()
        raise UserError(_no_book(location)) from None
    except (NewerBookError, ReadOnlyOldBookError) as exc:
        raise UserError(str(exc)) from None
    except BadVersionError as exc:
        from app.services.storage import how_to_recover

        raise UserError(
            _("{exc} {how_to_recover}").format(exc=exc, how_to_recover=how_to_recover(location))
        ) from None
    except (DatabaseError, InterfaceError, OSError, ValueError, RuntimeError) as exc:
        if is_contention(exc):
            raise  # another user is writing: the caller tries again (app/services/retry.py)
        from app.services.storage import fault_sentence

        sentence = fault_sentence(exc, location, outcome=_("it cannot be opened"))
        raise UserError(
            redact(sentence, location) if sentence else open_failure(location, exc)
        ) from None


def missing_book(url: str) -> str | None:
    """The sentence for a SQLite book whose file does not exist, else None (a server's
    book, or a file that is there). Only `init`, `demo` and the window's first start
    create a book: any other command given a mistyped path is refused by this."""
    path = sqlite_path(book_location(url))
    if path is None or not is_empty_file(path):
        return None
    return _no_book(url)


def is_empty_file(path: str) -> bool:
    """No file there, or an empty one (which SQLite would silently make a book of)."""
    try:
        return os.lstat(path).st_size == 0
    except FileNotFoundError:
        return True


def _no_book(url: str) -> str:
    label = limits.escape(book_label(url))
    where = f"--book {shlex.quote(label)} " if url != default_book_path() else ""
    return _(
        'No book at {label}. Create one with `acerto {where}init --currency EUR --company "NAME"` (or `acerto {where}demo` for a demonstration book), or name an existing book with --book.'
    ).format(label=label, where=where)


def refuse_missing_book(url: str) -> None:
    """A UserError when `url` names a SQLite file that does not exist; creates nothing."""
    sentence = missing_book(url)
    if sentence is not None:
        raise UserError(sentence)


def open_failure(url: str, exc: BaseException) -> str:
    """The sentence for a book that could not be opened, its password left out."""
    why = " ".join(redact(str(exc), url).split()) or type(exc).__name__  # libpq's lines, one
    if "timeout expired" in why:
        why += _(" (the server did not answer in time)")
    return _("The book {book_label} cannot be opened: {rstrip}.").format(
        book_label=limits.escape(book_label(url)), rstrip=why.rstrip(".")
    )


def close_book() -> None:
    close_db()


# A scheme of two letters or more and a colon: a URL, not a file (C:/ is a drive;
# a file whose name has a colon is written ./name:with:colons).
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]+):")


def book_location(url: str) -> str:
    """The book `url` names, as `init_db` takes it: a file path, or a PostgreSQL URL
    with its scheme in lower case (any letter case is accepted).

    Anything else that looks like a URL is refused with a sentence, so a
    mistyped server never becomes a local file named after it."""
    text = str(url or "").strip()
    if not text:
        raise UserError(_("No book was named; give a file path or a postgresql:// URL."))
    m = _URL.match(text)
    if m is None:
        problem = limits.bad_characters(text)
        if problem is not None:
            raise UserError(
                _('The book path "{text}" {problem}.').format(
                    text=limits.quote(text), problem=problem
                )
            )
        return text
    scheme, rest = m.group(1).lower(), text[m.end() :]
    if scheme in ("postgresql", "postgres") and rest.startswith("//"):
        return "postgresql:" + rest
    if scheme == "sqlite" and rest.startswith("///"):  # sqlite:///path names a file
        return "sqlite:" + rest
    raise UserError(
        _(
            'The book "{book_label}" is neither a file path nor a postgresql:// URL; Acerto keeps a book in a SQLite file or on a PostgreSQL server (a file whose name has a colon is written ./NAME).'
        ).format(book_label=limits.quote(book_label(text)))
    )


def book_file(url: str) -> str | None:
    """The file behind a SQLite book's URL (None for a server or an in-memory book)."""
    return sqlite_path(url)


def opened() -> object:
    """The book open now, as a token only compared by identity: opening a book
    (another, or the same again) gives a new one; None when no book is open. Work
    read off the GUI thread keeps the token it started with, so an outcome read
    from another book than the window shows is dropped."""
    return database.obj


@contextmanager
def thread_connection() -> Iterator[None]:
    """A connection to the open book for the calling thread, closed at the end.

    peewee's connections belong to the thread that opened them, so work run
    off the GUI thread opens its own; the GUI thread's stays as it was. Does
    nothing when no book is open (work that touches only files).
    """
    opened = database.obj is not None and database.connect(reuse_if_open=True)
    try:
        yield
    finally:
        if opened and database.obj is not None:
            database.close()


class _Memo(threading.local):
    """What this thread's outermost transaction has already read."""

    owner: object | None = None
    values: dict[str, Any]


_memo = _Memo()


def _memo_values() -> dict[str, Any] | None:
    """The memo of the open transaction, or None outside one (nothing is kept then)."""
    db = database.obj
    if db is None or not db.in_transaction():
        return None
    # peewee keeps the thread's open transactions and savepoints as a stack;
    # its bottom is the outermost transaction, a new object for each one.
    outer = db._state.transactions[0]
    if _memo.owner is not outer:
        _memo.owner = outer
        _memo.values = {}
    return _memo.values


def forget_memo() -> None:
    """Read settings and terms from the book again (after writing them)."""
    _memo.owner = None
    _memo.values = {}


def _stored_settings() -> dict[str, str]:
    memo = _memo_values()
    if memo is not None and "settings" in memo:
        return memo["settings"]  # type: ignore[no-any-return]
    stored = {s.key: s.value for s in Setting.select(Setting.key, Setting.value)}
    values = {key: stored.get(key, default) for key, default in DEFAULTS.items()}
    if memo is not None:
        memo["settings"] = values
    return values


def settings() -> dict[str, str]:
    values = dict(_stored_settings())
    cur = Currency.of(values["currency"])
    for key in AMOUNT_KEYS:  # shown with the book currency's decimals
        values[key] = cur.fmt(cur.round(Decimal(values[key])))
    return values


def setting(key: str) -> str:
    if key not in DEFAULTS:
        raise KeyError(key)
    return _stored_settings()[key]


def currency() -> Currency:
    return Currency.of(setting("currency"))


def params() -> Params:
    memo = _memo_values()
    if memo is not None and "params" in memo:
        return memo["params"]  # type: ignore[no-any-return]
    value = _params(settings())
    if memo is not None:
        memo["params"] = value
    return value


def _params(s: dict[str, str]) -> Params:
    from app.rules.settlement import Params

    cur = Currency.of(s["currency"])
    return Params(
        discount_on_partial_payments=s["discount_on_partial_payments"] == "yes",
        discount_on_credit_notes=s["discount_on_credit_notes"] == "yes",
        max_underpayment=cur.parse(s["max_underpayment"]),
        max_overpayment=cur.parse(s["max_overpayment"]),
        full_settlement_allowed=s["full_settlement_allowed"] == "yes",
        discount_when_paid_in_full=s["discount_when_paid_in_full"] == "yes",
    )


def set_setting(key: str, value: str, *, record: bool = True) -> str:
    """Change one setting (one user action, one transaction).

    A change is kept in the setting history unless `record` is False (an
    import setting up an empty book from its workbook's history)."""
    with database.atomic():
        stored = normalise_setting(key, value)
        old = _stored_settings()[key]
        forget_memo()
        Setting.insert(key=key, value=stored).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: stored}
        ).execute()
        if record and stored != old and key in RULE_KEYS:
            # Kept so that a replay of the history (check --replay, the exchange
            # workbook) applies each change between the same two postings.
            from app.services.journal import last_entry

            SettingChange.create(key=key, old_value=old, new_value=stored, after_entry=last_entry())
    return stored


def forget_setting_history() -> None:
    """An empty book that takes a workbook's settings and their history forgets its own.

    Refused once anything is posted: from then on the history is what the
    postings were made under.
    """
    with database.atomic():
        if JournalEntry.select().exists():
            raise UserError(_("The book has postings; its setting history is kept."))
        SettingChange.delete().execute()


def set_settings(values: dict[str, str]) -> dict[str, str]:
    """Change several settings at once (the settings dialog's OK)."""
    with database.atomic():
        for key, value in values.items():
            set_setting(key, value)
    return settings()


def initialise(currency_code: str = "EUR", company: str = "") -> None:
    """Set a new book's currency and company (refused once it has documents)."""
    with database.atomic():
        set_setting("currency", currency_code)
        if company:
            set_setting("company_name", company)


def stored_terms(terms: Terms) -> PaymentTerms:
    row = PaymentTerms.get_or_none(PaymentTerms.text == terms.text)
    if row is None:
        try:
            row = fast.create(PaymentTerms, text=terms.text, net_days=terms.net_days)
        except IntegrityError as exc:  # stored by another clerk since we looked: run again
            raise LostRace(f"terms {terms.text} stored meanwhile") from exc
        for seq, tier in enumerate(terms.tiers, start=1):
            fast.create(
                PaymentTermsTier,
                terms=row,
                seq=seq,
                percent_bp=int(tier.percent * 100),
                days=tier.days,
            )
    return row


@lru_cache(maxsize=256)
def terms_of_text(text: str) -> Terms:
    """Parsed terms (a pure function of the text, so kept for the process)."""
    return parse_terms(text)


def customer_terms(customer: Customer) -> Terms:
    if customer.terms_id is None:
        return terms_of_text(setting("default_terms"))
    memo = _memo_values()
    key = f"terms {customer.terms_id}"
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    row = customer.terms
    assert row is not None
    terms = terms_of_text(row.text)
    if memo is not None:
        memo[key] = terms  # stored terms are never edited: their id names one text
    return terms
