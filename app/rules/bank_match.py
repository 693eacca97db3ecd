"""Matching bank statement lines to what is open in the book (issue 11), as pure rules.

No database: the caller passes a `MatchBook` (open invoices with their
customers, customers' names and bank accounts, open refunds, the book's
settlement parameters) and gets, for each statement line, one `Proposal`:
what to settle, how sure, and why, in words. What a settlement would do
(discount, partial-payment discount, tolerance, money left on account) is
never computed here: every candidate is put to `plan_settlement`, the
settlement rule itself, and judged by its result.

For money in, in this order (the first that finds something decides):
  1. document numbers in the remittance text (invoice or order numbers,
     tolerant of spaces, separators, a missing dash and leading zeros);
  2. the customer, found by a bank account (IBAN) the book knows, or by
     name (rapidfuzz, accents and case aside); then one open invoice the
     amount settles exactly: its balance, its balance less the cash
     discount valid on the value date, or within the underpayment and
     overpayment tolerance;
  3. a combination of that customer's open invoices that the amount
     settles exactly (oldest 16, up to 4 at a time);
  4. otherwise that customer's oldest-due invoices in order, or money on
     account when nothing is open.
Money out is proposed against an open refund: its number in the text, or
the same amount for the customer found as above.

`propose_all` proposes many lines at once: a first pass finds the
numbers their texts name and the invoices their amounts may settle, the
book's rows for all of them are read together (`MatchBook.load`, for a
book read lean), then each line is proposed. The one-invoice case is
decided in integers (`bank_quick.single_minor`); a Decimal is made only
for what a proposal keeps (`effects`) or says when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from app.i18n import _, ngettext, said_money
from app.rules import bank_quick
from app.rules.bank_customer import (
    _ASK,
    _by_customer,
    _customer,
    _figures,
    _later_row,
    _minor,
    _money_out,
    teaches,
)
from app.rules.bank_open import (  # noqa: F401 - the matcher's book, re-exported
    MatchBook,
    OpenFacts,
    OpenItem,
    OpenRefund,
    day,
    fold,
    number_key,
)
from app.rules.bank_proposal import (  # noqa: F401 - a proposal and its line, re-exported
    COMBINE_OLDEST,
    SURE,
    Line,
    Proposal,
    SeenLine,
    _as_money,
    _cap,
    _exact,
    _how,
    _how_figures,
    _later,
    _new,
    _plan,
    _plan_of,
    _window,
    numbers_in,
)
from app.rules.money import ZERO
from app.rules.settlement import SettlementPreview

_NONE: list[int] = []  # no rows named (shared, never changed)
# The document numbers a line's text names (`numbers_in`).
Keys = Sequence[tuple[str, int]]


def _money_in(line: Line, book: MatchBook) -> bool:
    return (not line.currency or line.currency == book.currency.code) and line.amount > 0


def propose_all(lines: Sequence[Line], book: MatchBook) -> list[Proposal]:
    """A proposal for each line, as `propose` makes it, with the book's rows that the
    lines touch read together first: the numbers their texts name, and the
    invoices of the customers they find whose amounts they may settle."""
    named, sieved, whos, _keys = _read_ahead(lines, book)
    return [
        _propose(line, book, found, got, who)
        for line, found, got, who in zip(lines, named, sieved, whos, strict=True)
    ]


def read_ahead(lines: Sequence[Line], book: MatchBook) -> list[Keys]:
    """Ask the book now, together, for what proposing `lines` will read (`propose_all`'s
    first pass): accept-all proposes them one by one after, each against the book
    as the lines before it leave it (a `FollowBook` keeps what it was given).
    Returns the numbers each line's text names (`numbers_in`, of the text alone:
    what `propose` takes as `keys`, not to read each text twice)."""
    return _read_ahead(lines, book)[3]


def _read_ahead(
    lines: Sequence[Line], book: MatchBook
) -> tuple[list[list[int]], list[set[int] | None], list[Any], list[Keys]]:
    """The rows each line's text names, the candidates of the customer it finds,
    what `_customer` says of it (`_ASK`: not looked for), read together; and the
    numbers each text names (none for a line that is not money in)."""
    keys: list[Keys] = [
        numbers_in(line.remittance) if _money_in(line, book) else [] for line in lines
    ]
    said = {key: book.first_spelling(key) for found in keys for key in found}
    wanted = {n for n in said.values() if n is not None}
    book.expect(wanted | {n for key in said for n in book.order_keys.get(key, ())})
    # each number's row, as `row_by_number` finds it: its first spelling's, or else
    # (another case, another width) the first of its other spellings, all looked for once
    by_key = {key: None if first is None else book.row_of(first) for key, first in said.items()}
    missed = [key for key, first in said.items() if first and by_key[key] is None]
    book.expect({n for key in missed for n in book.spellings(key)})
    by_key.update((key, book.row_by_number(key)) for key in missed)
    named = [_named_rows(found, book, by_key) if found else _NONE for found in keys]
    rows: set[int] = set()
    asks: list[tuple[str, int, int]] = []  # a customer's window of amounts, for `sieve`
    asked: list[int] = []  # the line of each ask
    whos: list[Any] = [_ASK] * len(lines)  # the customer each line finds, when looked for
    for at, (line, found) in enumerate(zip(lines, named, strict=True)):
        if found:
            rows.update(found)
        elif _money_in(line, book) and (minor := _minor(line, book)) is not None:
            who = whos[at] = _customer(line, book)
            if who is not None and book.minor is not None:
                asks.append((who[0], minor - book.minor.over, minor + book.minor.under))
                asked.append(at)
    sieved: list[set[int] | None] = [None] * len(lines)
    for at, got in zip(asked, book.sieve(asks), strict=True):
        sieved[at] = got
        rows |= got
    book.load(rows)
    return named, sieved, whos, keys


def propose(line: Line, book: MatchBook, keys: Keys | None = None) -> Proposal:
    """`keys`: `numbers_in(line.remittance)`, when `read_ahead` found them already."""
    return _propose(line, book, None, None, keys=keys)


def _propose(
    line: Line,
    book: MatchBook,
    named: list[int] | None,
    sieved: set[int] | None,
    who: Any = _ASK,
    keys: Keys | None = None,
) -> Proposal:
    """`named`: the rows the line's text names; `sieved`: the candidates of the customer
    it finds (`MatchBook.candidates`) and `who`: what `_customer` says of it, when
    `propose_all` found them already."""
    if line.currency and line.currency != book.currency.code:
        return Proposal(
            line.key,
            "none",
            ZERO,
            _("The line is in {line}; the book keeps {book}.").format(
                line=line.currency, book=book.currency.code
            ),
        )
    if line.amount < 0:
        return _money_out(line, book)
    if line.amount == 0:
        return Proposal(line.key, "none", ZERO, _("The line moves no money."))
    if named is None:
        named = _named_rows(numbers_in(line.remittance) if keys is None else keys, book)
    return _by_numbers(line, named, book) or _by_customer(line, book, sieved, who)


# ---------------------------------------------------------------- money in


def _named_rows(
    keys: Sequence[tuple[str, int]],
    book: MatchBook,
    by_key: Mapping[tuple[str, int], int | None] | None = None,
) -> list[int]:
    """The rows of the open invoices the text's numbers name, directly or by their order
    (`by_key`: `book.row_by_number` of each key, when known)."""
    found: list[int] = []
    for key in keys:
        row = book.row_by_number(key) if by_key is None else by_key[key]
        if row is not None:
            found.append(row)
        for number in book.order_keys.get(key, ()):
            row = book.row_of(number) if number_key(number) else None
            if row is not None and row not in found:
                found.append(row)
    return found


def _by_numbers(line: Line, found: Sequence[int], book: MatchBook) -> Proposal | None:
    if not found:
        return None
    f = book.facts
    assert f is not None
    if len(found) == 1 and book.minor is not None and (minor := _minor(line, book)) is not None:
        return _one_named(line, found[0], minor, book)
    numbers = [f.numbers[r] for r in found]
    if len({f.customers[r] for r in found}) > 1:
        return Proposal(
            line.key,
            "none",
            ZERO,
            _(
                "The text names invoices of more than one customer ({numbers}); "
                "choose them by hand."
            ).format(numbers=", ".join(numbers)),
        )
    customer = f.customers[found[0]]
    plan: SettlementPreview | Callable[[], SettlementPreview | None]
    effects: tuple[tuple[str, Decimal, Decimal], ...] = ()
    discount: Decimal | int
    writeoff: Decimal | int
    left: Decimal | int
    if len(found) == 1:
        inv = book.item(found[0]).invoice
        figures = bank_quick.single(inv, line.amount, line.value_date, book.params, book.currency)
        if figures is None:
            return None
        exact = bank_quick.exact(figures, inv)
        discount, writeoff, left = figures[1], figures[2], figures[3]
        plan = _later(line, [book.item(found[0])], book)
        effects = ((inv.number, figures[0] + discount + writeoff, discount),)
    else:
        preview = _plan(line, [book.item(r) for r in found], book)
        if preview is None:
            return None
        exact, plan = _exact(preview), preview
        discount, writeoff, left = preview.discount, preview.writeoff, preview.remaining_credit
    one = (numbers[0],) if len(found) == 1 else ()  # else: the preview's
    named, n, amount = ", ".join(numbers), len(found), line.amount
    learns = teaches(line, customer, book)  # the payer may be another customer
    if exact:
        words = partial(_names_said, named, n, amount, book, "exact", discount, writeoff)
        sure = SURE
    elif left > 0:
        words = partial(_names_said, named, n, amount, book, "more", left, 0)
        sure = Decimal("0.85")
    else:
        words = partial(_names_said, named, n, amount, book, "part", 0, 0)
        sure = Decimal("0.90")
    return _new(line, "invoices", sure, words, customer, plan, one, effects, learns)


def _one_named(line: Line, row: int, minor: int, book: MatchBook) -> Proposal | None:
    """`_by_numbers` for a text naming one open invoice, in minor units."""
    f = book.facts
    assert f is not None
    if book.lean and row not in f.dates:
        book.load((row,))
    got = _figures(line, row, book, minor)
    if got is None:
        return None
    amount, discount, writeoff, left = got
    number, places = f.numbers[row], -book.currency.places
    plan = _later_row(line, row, book)
    settles = Decimal(amount + discount + writeoff).scaleb(places)  # book.money, inline
    effects = ((number, settles, Decimal(discount).scaleb(places)),)
    if left == 0 and f.balances[row] - amount - discount - writeoff == 0:
        words = partial(_names_said, number, 1, line.amount, book, "exact", discount, writeoff)
        sure = SURE
    elif left > 0:
        words = partial(_names_said, number, 1, line.amount, book, "more", left, 0)
        sure = Decimal("0.85")
    else:
        words = partial(_names_said, number, 1, line.amount, book, "part", 0, 0)
        sure = Decimal("0.90")
    customer = f.customers[row]  # the payer may be another customer: `teaches`
    learns = teaches(line, customer, book)
    return _new(line, "invoices", sure, words, customer, plan, (number,), effects, learns)


def _names_said(
    named: str,
    n: int,
    amount: Decimal,
    book: MatchBook,
    how: str,
    first: Decimal | int,
    second: Decimal | int,
) -> str:
    """The reason of a line whose text names `n` invoices: settled exactly (`first` the
    discount, `second` the write-off), with money left (`first`), or in part."""
    cur = book.currency
    if how == "exact":
        return ngettext(
            "The text names {named}; {amount} settles it exactly{how}.",
            "The text names {named}; {amount} settles them exactly{how}.",
            n,
        ).format(
            named=named,
            amount=said_money(cur)(amount),
            how=_how_figures(_as_money(first, book), _as_money(second, book), cur),
        )
    if how == "more":
        return ngettext(
            "The text names {named}; {amount} more than it needs stays on the customer's account.",
            "The text names {named}; {amount} more than they need stays on the customer's account.",
            n,
        ).format(named=named, amount=said_money(cur)(_as_money(first, book)))
    return ngettext(
        "The text names {named}; {amount} pays part of it.",
        "The text names {named}; {amount} pays part of them.",
        n,
    ).format(named=named, amount=said_money(cur)(amount))
