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
from app.rules.bank_combine import _combination, _reaching
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
_ASK: Any = object()  # the line's customer not looked for yet
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


def _minor(line: Line, book: MatchBook) -> int | None:
    """The line's amount in minor units (None: finer than the currency's unit)."""
    if isinstance(line, SeenLine):
        return line.minor
    try:
        return book.currency.to_minor(line.amount)
    except ValueError:
        return None


def _figures(line: Line, row: int, book: MatchBook, minor: int) -> tuple[int, int, int, int] | None:
    """What the settlement rule makes of the line's money (`minor`) on row `row` alone,
    in minor units (`bank_quick.single_minor`; the row loaded)."""
    f = book.facts
    assert f is not None and book.minor is not None
    on, terms = book._fixed.get(row) or book.fixed(row)
    return bank_quick.single_minor(
        f.balances[row],
        f.totals[row],
        f.taken[row],
        on,
        terms,
        minor,
        line.value_date.toordinal(),
        book.minor,
    )


def _later_row(line: Line, row: int, book: MatchBook) -> Callable[[], SettlementPreview | None]:
    """The rule's preview of the line on row `row` as it is now, made when first asked for
    (of a book whose rows never change, the row itself: no copy of it kept)."""
    if book.stored:
        return partial(_plan_of_row, line, row, book)
    return partial(_plan_of, line, book.snapshot(row), book)


def _plan_of_row(line: Line, row: int, book: MatchBook) -> SettlementPreview | None:
    return _plan_of(line, book.snapshot(row), book)


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
    if exact:
        words = partial(_names_said, named, n, amount, book, "exact", discount, writeoff)
        return _new(line, "invoices", SURE, words, customer, plan, one, effects)
    if left > 0:
        words = partial(_names_said, named, n, amount, book, "more", left, 0)
        return _new(line, "invoices", Decimal("0.85"), words, customer, plan, one, effects)
    words = partial(_names_said, named, n, amount, book, "part", 0, 0)
    return _new(line, "invoices", Decimal("0.90"), words, customer, plan, one, effects)


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
    return _new(line, "invoices", sure, words, f.customers[row], plan, (number,), effects)


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


def _one_of_customer(
    line: Line,
    customer: str,
    how: Callable[[], str],
    step: Decimal,
    book: MatchBook,
    sieved: set[int] | None,
) -> Proposal | None:
    """One open invoice of `customer` that the line's money settles exactly, oldest due
    first among those whose ask fits the amount."""
    minor = _minor(line, book)
    if minor is not None and book.minor is not None:
        lo, hi = minor - book.minor.over, minor + book.minor.under
        rows = book.single_rows(customer, lo, hi, line.value_date, sieved)
        f = book.facts
        assert f is not None
        for row in rows:
            got = _figures(line, row, book, minor)
            if got is None or got[3] or f.balances[row] - got[0] - got[1] - got[2]:
                continue
            number, balance = f.numbers[row], f.balances[row]
            return _new(
                line,
                "invoices",
                Decimal("0.90") + step - (Decimal("0.10") if len(rows) > 1 else ZERO),
                partial(
                    _settles_said, line.amount, how, number, got[1], got[2], len(rows) - 1, book
                ),
                customer,
                _later_row(line, row, book),
                (number,),
                ((number, book.money(balance), book.money(got[1])),),
            )
        return None
    lo, hi = _window(line, book)
    single = book.singles(customer, lo, hi, line.value_date)
    for item in single:
        figures = bank_quick.single(
            item.invoice, line.amount, line.value_date, book.params, book.currency
        )
        if bank_quick.exact(figures, item.invoice):
            assert figures is not None
            sure = Decimal("0.90") + step - (Decimal("0.10") if len(single) > 1 else ZERO)
            number = item.invoice.number
            return Proposal(
                line.key,
                "invoices",
                sure,
                partial(
                    _settles_said,
                    line.amount,
                    how,
                    number,
                    figures[1],
                    figures[2],
                    len(single) - 1,
                    book,
                ),
                customer,
                _later(line, [item], book),
                numbers=(number,),
                effects=((number, item.invoice.balance, figures[1]),),
            )
    return None


def _customer(line: Line, book: MatchBook) -> tuple[str, Callable[[], str], bool] | None:
    """(customer, how found — in words when called —, by bank account?)."""
    iban = line.iban.replace(" ", "").upper()
    if iban and iban in book.iban_keys:
        how = book.said.get(iban)
        if how is None:
            how = book.said[iban] = partial(_by_account_words, iban)
        return book.iban_keys[iban], how, True
    for text, payer in ((line.counterparty, True), (line.remittance, False)):
        hit = book.customer_by_name(text) if text else None
        if hit is not None:
            how = book.said.get((text, payer))
            if how is None:
                how = book.said[(text, payer)] = partial(_by_name_words, text, payer, hit, book)
            return hit[0], how, False
    return None


def _by_account_words(iban: str) -> str:
    return _("the account {iban} belongs to this customer").format(iban=iban)


def _by_name_words(text: str, payer: bool, hit: tuple[str, int], book: MatchBook) -> str:
    where = _("the payer's name") if payer else _("the text")
    return _('{where} "{text}" is the customer {name} ({score} %)').format(
        where=where, text=text, name=book.customers[hit[0]], score=hit[1]
    )


def _by_customer(
    line: Line, book: MatchBook, sieved: set[int] | None = None, who: Any = _ASK
) -> Proposal:
    found = _customer(line, book) if who is _ASK else who
    if found is None:
        return Proposal(
            line.key,
            "none",
            ZERO,
            _("No invoice number in the text, and no customer known by this account or name."),
        )
    customer, how, by_account = found
    step = Decimal("0.05") if by_account else ZERO
    name = book.customers[customer]
    if not book.has_open(customer):
        return Proposal(
            line.key,
            "account",
            Decimal("0.45") + step,
            _("{how}; nothing of {name} is open: the money goes on account.").format(
                how=_cap(how()), name=name
            ),
            customer,
        )
    one = _one_of_customer(line, customer, how, step, book, sieved)
    if one is not None:
        return one
    oldest = book.oldest(customer)
    combo = _combination(line, [book.item(r) for r in oldest[:COMBINE_OLDEST]], book)
    if combo is not None:
        return Proposal(
            line.key,
            "invoices",
            Decimal("0.75") + step,
            _("{how}; {amount} settles {numbers} together exactly{figures}.").format(
                how=_cap(how()),
                amount=said_money(book.currency)(line.amount),
                numbers=", ".join(a.invoice for a in combo.applications),
                figures=_how(combo, book.currency),
            ),
            customer,
            combo,
        )
    preview = _plan(line, _reaching(line, oldest, book), book)
    if preview is None:
        return Proposal(line.key, "account", Decimal("0.40") + step, f"{_cap(how())}.", customer)
    return Proposal(
        line.key,
        "invoices",
        Decimal("0.40") + step,
        _(
            "{how}; no invoice or combination matches {amount}: it goes to the oldest due first."
        ).format(how=_cap(how()), amount=said_money(book.currency)(line.amount)),
        customer,
        preview,
    )


def _settles_said(
    amount: Decimal,
    how: Callable[[], str],
    number: str,
    discount: Decimal | int,
    writeoff: Decimal | int,
    others: int,
    book: MatchBook,
) -> str:
    """The reason of a line settling one invoice of the customer found (said when asked)."""
    return _("{how}; {amount} settles {number} exactly{figures}{others}.").format(
        how=_cap(how()),
        amount=said_money(book.currency)(amount),
        number=number,
        figures=_how_figures(_as_money(discount, book), _as_money(writeoff, book), book.currency),
        others=_(" (and {count} other invoice(s) of the same amount)").format(count=others)
        if others
        else "",
    )


# ---------------------------------------------------------------- money out


def _money_out(line: Line, book: MatchBook) -> Proposal:
    out = -line.amount
    for key in numbers_in(line.remittance):
        refund = book.refund_keys.get(key)
        if refund is not None and refund.amount == out:
            return Proposal(
                line.key,
                "refund",
                SURE,
                _("The text names refund {number} of {amount}: paid out.").format(
                    number=refund.number, amount=said_money(book.currency)(out)
                ),
                refund.customer,
                refund=refund.number,
            )
    found = _customer(line, book)
    if found is not None:
        customer, how, _by_account = found
        same = book.refunds_of.get((customer, out), [])
        if same:
            return Proposal(
                line.key,
                "refund",
                Decimal("0.80"),
                _("{how}; refund {number} of {amount} is open: paid out.").format(
                    how=_cap(how()), number=same[0].number, amount=said_money(book.currency)(out)
                ),
                customer,
                refund=same[0].number,
            )
    same = book.refunds_by_amount.get(out, [])
    if len(same) == 1:
        return Proposal(
            line.key,
            "refund",
            Decimal("0.60"),
            _("Refund {number} is the only open refund of {amount}.").format(
                number=same[0].number, amount=said_money(book.currency)(out)
            ),
            same[0].customer,
            refund=same[0].number,
        )
    return Proposal(line.key, "none", ZERO, _("Money out that matches no open refund."))
