"""The panes' text box: which documents a text keeps, found through an index.

A document is kept when the text (trimmed) is part of its number, of its
customer's code or name, or (a payment) of its reference: LIKE '%text%' on
SQLite (ASCII letters in either case, other characters as typed),
ILIKE on PostgreSQL, with % and _ in the text meaning themselves. The
customers are matched first, in their own table, and the documents through
their customer's id: no join of every document to its customer, and a
renamed customer is found by its new name at once.

Where the text is found (models/text_search.py):

- SQLite with FTS5's trigram index: the index (and the latest rows, not in
  it yet) gives the candidates, a superset (it folds case beyond
  ASCII), and the LIKE above is still applied to them, so the rows kept are
  exactly LIKE's. A trigram index cannot look
  up fewer than three characters; each value is indexed padded, so a text of
  one or two ASCII characters is looked up among the terms it begins (a
  document's rows; the customers, a few thousand, are read whole). Such a
  text in many rows (the terms' rows say so), one of other characters (the
  index folds their case as LIKE does not) and a SQLite without the
  tokenizer are the LIKE scan, which for a page stops as soon as it has the
  page (it walks the sort's index) but must read every row for a count.
- PostgreSQL: ILIKE itself, which pg_trgm's GIN indexes answer; the
  customers' ids come as an array, so the plan can OR two index scans. A
  text without letters is LIKE. A text of one or two characters, which no
  trigram index can look up, is looked up in the grams' indexes (`_in_grams`:
  the rows whose lower case holds the text's, exactly ILIKE's rows) by a
  count, a total or a page starting from its matches; a page walking the
  sort's index, and a count of a text a quarter of the customers hold
  (`_dense`: a scan finds the cap's rows at once), test ILIKE on each row, in
  the same collation. Where those indexes are missing (a role that may not
  create their function), one of ASCII characters is compared in the "C"
  collation (`_short`), tested on every row.

A page is read one of two ways: from the matches (looked up, then sorted)
when they are few, or by walking the sort's index and testing each row when
they are many (they are then dense enough to fill a page quickly, where
sorting them all would not be).
"""

from __future__ import annotations

import re
from typing import Any

from peewee import SQL, Case, NodeList, PostgresqlDatabase, Table, Value, fn

from models.db import database
from models.tables import Customer, Payment
from models.text_search import (
    GRAMS,
    available,
    gram_common,
    has_grams,
    index_name,
    padded,
    short_terms,
    upto_sql,
)

# At most this many matches are read and sorted for a page; more, and the page
# walks the sort's index instead (they are then at least 1 row in 100 of a
# million: a page of 200 fills within some 20,000 rows).
DRIVE_MAX = 10_000
# A count or total starts from the trigram index's candidates when they are at
# most this many; more (a text in every number, "INV"), and it scans the table
# with LIKE, which then costs less than looking up every candidate's row to
# apply LIKE to it (1,000,000 invoices: 100,000 candidates 140 ms, all of them
# 870 ms, the scan 250-500 ms).
COUNT_MAX = 250_000
TRIGRAM = 3  # the shortest text a trigram index can look up


def escaped(text: str) -> str:
    """The LIKE pattern finding `text` anywhere, its %, _ and \\ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# How a short text is compared on PostgreSQL where the grams' indexes are there
# (`_grams`): looked up in them (a count, a total, a page's matches first), or
# tested on each row a walk reads.
LOOKED_UP, TESTED = "looked up", "tested"


def _like(column: Any, pattern: str, how: str | None = None) -> Any:
    """`how`: PostgreSQL, a short text and the grams' indexes there, LOOKED_UP or
    TESTED (None: no grams' indexes, or not a short text)."""
    if how == LOOKED_UP:
        return _in_grams(column, pattern)
    op = "ILIKE" if _postgres() and _cased(pattern) else "LIKE"
    # Tested, the column as no trigram index can take it (`|| ''`: for LIKE '%12%'
    # the planner ANDed in the trigram index's every entry), in its own collation.
    tested = NodeList((column, SQL("|| ''")), parens=True) if how else column
    parts = [tested, SQL(op), Value(pattern)]
    if _postgres() and _short(pattern) and not how:
        parts.append(SQL('COLLATE "C"'))
    return NodeList((*parts, SQL("ESCAPE '\\'")))


def _in_grams(column: Any, pattern: str) -> Any:
    """The rows whose grams hold the text's lower case, which the column's grams index
    answers: ILIKE lowers both sides in the column's collation and compares them, so
    a text whose lower case is one or two characters is in a row's text exactly when
    it is one of the row's grams (the condition is then only that, once the planner
    has folded the constants: testing ILIKE as well would compute each match's grams
    again, 13 us a row). Should lowering lengthen the text, every gram of its lower
    case is looked up and ILIKE tests the rows found."""
    text = Value(_unescaped(pattern))
    lowered = fn.lower(text)
    pair = fn.length(lowered) <= 2
    wanted = NodeList(
        (SQL("CASE WHEN"), pair, SQL("THEN ARRAY["), lowered, SQL("] ELSE"))
        + (getattr(fn, GRAMS)(text), SQL("END"))
    )
    found = NodeList((getattr(fn, GRAMS)(column), SQL("@>"), wanted))
    return found & (pair | _like(column, pattern, TESTED))


# PostgreSQL, a text no trigram index answers (fewer than three characters; for
# 'zq' the planner took the trigram index anyway, read every entry of it and tested
# every row again: 2 s at a million invoices): every row is tested, so how each is
# tested is what it costs.


def _cased(pattern: str) -> bool:
    """Whether case matters to `pattern`: a text of ASCII digits, spaces and
    punctuation ('12', '7', '-0') is looked for with LIKE, which keeps the same rows
    as ILIKE without lowering every row's text first."""
    return not pattern.isascii() or any(c.isalpha() for c in pattern)


def _short(pattern: str) -> bool:
    """A text of one or two ASCII characters ('zq', '12') is compared in the "C"
    collation: no index can then be taken for it (the trigram index's collation is
    the column's), and ILIKE folds ASCII letters byte by byte, as SQLite's LIKE does
    (the database's collation lowers every row's text through wide characters: 4x
    slower). The same rows as ILIKE but for two letters outside ASCII whose lower
    case is ASCII (the Kelvin sign, a dotted capital I)."""
    return pattern.isascii() and len(_unescaped(pattern)) < TRIGRAM


def _unescaped(pattern: str) -> str:
    """The text `escaped` made `pattern` of."""
    return re.sub(r"\\(.)", r"\1", pattern[1:-1])


def _grams(model: Any, text: str) -> bool:
    """PostgreSQL: a text of one or two characters, and `model`'s grams' indexes
    there (models/text_search.py) to look it up."""
    if not _postgres() or len(text) >= TRIGRAM:
        return False
    return has_grams(database.obj, _table(model))


COUNT, MATCHES, WALK = "count", "matches", "walk"  # condition's `short`


DENSE = 0.25  # a text in this share of the rows is counted by a scan


def _dense(model: Any, pattern: str) -> bool:
    """Whether at least a quarter of `model`'s rows (by the grams' statistics) or of
    the customers hold the text: a count then finds its rows within a few of a scan
    (it stops at the cap), where a bitmap of all of them, built before the first
    row, costs more ('a' in every customer's name: 1,000,000 documents by the
    customer index, 60-100 ms; '0' in every number: 210-330 ms)."""
    gram = _unescaped(pattern).lower()
    if gram_common(database.obj, _table(model), gram, DENSE):
        return True
    cond = _like(Customer.code, pattern, TESTED) | _like(Customer.name, pattern, TESTED)
    held = fn.SUM(Case(None, [(cond, 1)], 0))
    return bool(Customer.select(held >= fn.COUNT(SQL("*")) * DENSE).scalar())


def served(model: Any, text: str) -> bool:
    """PostgreSQL: an index finds `text`'s matches among `model`'s rows (a trigram
    index from three characters; the grams' indexes for fewer, when there)."""
    return _postgres() and (len(text) >= TRIGRAM or _grams(model, text))


def _postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)


def _table(model: Any) -> str:
    return str(model._meta.table_name)


def _uses_index(model: Any, text: str) -> bool:
    """SQLite's trigram index answers this text: three characters or more, or one or
    two ASCII ones where the index holds its values padded (`_short_ascii`)."""
    if _postgres() or len(text) < TRIGRAM and not _short_ascii(text):
        return False
    db = database.obj
    if len(text) < TRIGRAM:  # the customers (a few thousand) are read whole for it
        return model is not Customer and padded(db, _table(model))
    return available(db, _table(model)) and available(db, _table(Customer))


def _short_ascii(text: str) -> bool:
    """A text (of one or two characters) in ASCII, looked up among the index's terms
    beginning with it (models/text_search.py `short_terms`); a non-ASCII one would be
    folded by the index as LIKE does not fold it."""
    return text.isascii()


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _matching(model: Any, text: str, terms: list[str] | None = None) -> Any:
    """Candidates for `text` among `model`'s ids: those its trigram index holds in
    any case, and the latest rows, not in the index yet (models/text_search.py). A
    text of one or two characters: the rows holding any term that begins with it
    (`terms`, when the caller has read them already)."""
    table = _table(model)
    name = index_name(table)
    latest = model.select(model.id).where(model.id > SQL(upto_sql(table)))
    if len(text) >= TRIGRAM:
        query = _phrase(text)
    else:
        if terms is None:
            terms = short_terms(database.obj, table, text.lower())[0]
        if not terms:
            return latest
        query = " OR ".join(_phrase(t) for t in terms)
    found = Table(name).select(SQL("rowid")).where(SQL(f'"{name}" MATCH ?', [query]))
    return found.union_all(latest)


def _own(model: Any, pattern: str, how: str | None = None) -> Any:
    """The document's own columns hold the text."""
    cond = _like(model.number, pattern, how)
    if model is Payment:
        cond |= _like(Payment.reference, pattern, how)
    return cond


def customers(text: str, grams: bool = False) -> Any:
    """The ids of the customers whose code or name holds the text. `grams`: the
    documents' short text is compared through their grams' indexes, in the
    database's collation: so are the customers, each row tested (a few thousand:
    3 ms for 2,000; their grams computed instead, 50 ms when every name holds the
    text)."""
    pattern = escaped(text)
    how = TESTED if grams else None
    cond = _like(Customer.code, pattern, how) | _like(Customer.name, pattern, how)
    if _uses_index(Customer, text):
        cond = Customer.id.in_(_matching(Customer, text)) & cond
    return Customer.select(Customer.id).where(cond)


def condition(model: Any, text: str, drive: bool = True, short: str = COUNT) -> Any:
    """The text box's condition on `model`'s rows (`text` trimmed, not empty).

    `drive`: the query may start from the matches (the index's candidates, and
    the matching customers' documents by the customer index) and sort them;
    otherwise the condition is tested row by row while the query walks the sort's
    index or the table. `short` (PostgreSQL, a text of one or two characters, the
    grams' indexes there): the query is a COUNT or total, a page's MATCHES first
    (found in the grams' indexes) or a WALK (each row it reads tested with ILIKE)."""
    pattern = escaped(text)
    grams = _grams(model, text)
    how = None
    if grams:
        dense = short == WALK or (short == COUNT and _dense(model, pattern))
        how = TESTED if dense else LOOKED_UP
    own = _own(model, pattern, how)
    of_customer = customers(text, grams)
    if _postgres() and how == TESTED:
        # Tested on each row: IN (SELECT ...), a hashed subplan, where = ANY of an
        # array (not a constant) searches it (2,000 customers: 5 us a row).
        return own | model.customer.in_(of_customer)
    if _postgres():
        # = ANY(ARRAY(...)): an array computed once, which an index scan can take
        # (IN (SELECT ...) would be a filter tested on every row). A page of few
        # rows starts from the filter's matches (conditions._matches_first).
        return own | (model.customer == fn.ANY(fn.ARRAY(of_customer)))
    if not drive or not _uses_index(model, text):
        return own | model.customer.in_(of_customer)
    # Each side of the OR has its index (SQLite's multi-index OR): the trigram
    # index's candidates kept by LIKE, and the customers' documents.
    return (model.id.in_(_matching(model, text)) & own) | model.customer.in_(of_customer)


def indexed(model: Any, text: str, limit: int, with_customers: bool = False) -> bool:
    """Whether the trigram index answers `text` with at most `limit` candidates
    (counted up to limit + 1 only): `model`'s own, and the matching customers'
    documents too when `with_customers`."""
    if not _uses_index(model, text):
        return False
    terms = None
    if len(text) < TRIGRAM:
        terms, rows = short_terms(database.obj, _table(model), text.lower())
        if rows > limit:
            return False  # the terms' rows say so: no count of their many candidates
    found = _matching(model, text, terms)
    if with_customers:
        found = found.union_all(model.select(model.id).where(model.customer.in_(customers(text))))
    bounded = found.limit(limit + 1)
    n = model.select(fn.COUNT(SQL("*"))).from_(bounded.alias("c")).scalar()
    return int(n or 0) <= limit
