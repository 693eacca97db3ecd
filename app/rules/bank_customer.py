"""Matching a bank line by its customer (issue 11, rules 2 to 4, and money out), as
pure rules: the customer found by a bank account the book knows or by name, then
one open invoice the amount settles exactly, a combination of them, or the oldest
due; money out against the customer's open refund. app/rules/bank_match.py tries
the document numbers a text names first, and comes here when they find nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from app.i18n import _, ngettext, said_money
from app.rules import bank_quick
from app.rules.bank_combine import _combination, _reaching
from app.rules.bank_open import MatchBook
from app.rules.bank_proposal import (
    COMBINE_OLDEST,
    SURE,
    Line,
    Proposal,
    SeenLine,
    _as_money,
    _cap,
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

_ASK: Any = object()  # the line's customer not looked for yet


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
        hit = book.customer_by_name(text, free=not payer) if text else None
        if hit is not None:
            how = book.said.get((text, payer))
            if how is None:
                how = book.said[(text, payer)] = partial(_by_name_words, text, payer, hit, book)
            return hit[0], how, False
    return None


def teaches(line: Line, customer: str, book: MatchBook) -> bool:
    """Whether accepting `line` as `customer`'s payment teaches the book the line's bank
    account (IBAN) as `customer`'s: not when the line's payer is known as another
    customer — by an account the book knows, or by name as the matcher reads the
    line (`_customer`: the payer's name, then the free text). A third party paying
    someone's invoice does not make its account theirs: its next lines would be
    proposed for them. A line without an account teaches nothing either way (True,
    without looking). The one place this is decided: a proposal carries it
    (`Proposal.teaches`), and accepting by hand asks it (app/read/bank.py)."""
    if not line.iban:
        return True
    found = _customer(line, book)
    return found is None or found[0] == customer


def payer(line: Line, book: MatchBook) -> tuple[str, str] | None:
    """The customer a line's payer is known as, as the matcher reads the line
    (`_customer`: a bank account the book knows, the payer's name, then the free
    text), and how, in words: what accepting the line as another customer's
    payment warns of, and why it then teaches no account (`teaches`)."""
    found = _customer(line, book)
    return None if found is None else (found[0], found[1]())


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
        others=ngettext(
            " (and {count} other invoice of the same amount)",
            " (and {count} other invoices of the same amount)",
            others,
        ).format(count=others)
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
