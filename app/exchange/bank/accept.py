"""Accepting bank lines (issue 11): a proposal, or the bookkeeper's own invoices, posted.

A proposal comes from the matcher over what is open now
(app/read/bank.py); what is posted is the services' own payment,
settlement and payout (app/services/bank.py: `accept_line`), so it obeys
every settlement rule exactly as `payment add` + `settle` would.
`accept_all` takes the unmatched lines one by one, oldest first, in one
transaction with the services' writes batched, and matches each against
the book as the lines before it left it: exactly what accepting them by
hand would post (tests/integration/test_bank_auto.py compares every row).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.errors import Cancelled, UserError
from app.i18n import _, said_money
from app.read import bank as bank_read
from app.rules.bank_follow import take
from app.rules.bank_match import Keys, MatchBook, Proposal, propose, read_ahead
from app.rules.money import Currency
from app.rules.settlement import SettlementPreview
from app.services import bank, bank_post, book
from models.tables import Payment, Refund


@dataclass
class Accepted:
    line: int
    proposal: Proposal
    document: str  # the payment (or refund) posted
    # The customer the matcher knows the line's payer as (by its bank account, else by
    # the payer's name) and how, in words, when the money was posted as another
    # customer's payment (a third party paying someone's invoice): said, never refused.
    known_payer: tuple[str, str] | None = None


@dataclass
class AutoReport:
    accepted: list[Accepted] = field(default_factory=list)
    below: int = 0  # proposals under the confidence asked
    refused: list[str] = field(default_factory=list)  # lines the services refused, in words


def _invoice_customer(numbers: Sequence[str]) -> str:
    owners = {bank_read.invoice_customer(n) for n in numbers}
    if len(owners) != 1:
        raise UserError(
            _("The invoices named belong to more than one customer: {numbers}.").format(
                numbers=", ".join(numbers)
            )
        )
    return owners.pop()


def accept(
    line_id: int,
    invoices: Sequence[str] = (),
    amounts: Mapping[str, Decimal] | None = None,
    *,
    refund: str | None = None,
    customer: str | None = None,
) -> Accepted:
    """Accept line `line_id`: money in as `customer`'s payment and against `invoices`
    (with `amounts` per invoice, when typed), either or both when given (without
    invoices the money stays on the customer's account; without a customer it is
    the invoices' customer's); money out as the payout of `refund`; else as
    proposed. What cannot be is refused, saying what to give instead."""
    row = bank_read.get_line(line_id)
    bank.held_line(row.id)  # an unknown or matched line refused first, as such
    ((_row, proposal),) = bank_read.proposals([row])
    if row.amount < 0:
        return _money_out(row, proposal, refund, given=bool(invoices) or customer is not None)
    if refund is not None:
        raise UserError(
            _(
                "Bank line {line} is money in ({amount}); --refund is for money out. Name the "
                "invoices it pays with --invoice, or the customer who paid it with --customer."
            ).format(line=row.id, amount=_said(row.amount))
        )
    if customer is None and not invoices:
        return _accept_proposal(row, proposal)
    code = _payer(customer, invoices)
    known, teach = _known_payer(row, code)
    done = bank.accept_line(row.id, customer=code, invoices=invoices, amounts=amounts, teach=teach)
    return Accepted(row.id, proposal, done.payment.number if done.payment else "", known)


def _said(minor: int) -> str:
    """A line's amount as the reader writes it."""
    cur = book.currency()
    return said_money(cur)(cur.from_minor(minor))


def _money_out(row: Any, p: Proposal, refund: str | None, given: bool) -> Accepted:
    """A money-out line accepted: the payout of `refund`, or of the refund proposed."""
    if given:
        raise UserError(
            _(
                "Bank line {line} is money out ({amount}); --invoice and --customer are for "
                "money in. Name the refund it paid out with --refund."
            ).format(line=row.id, amount=_said(row.amount))
        )
    if refund is None and p.kind != "refund":
        raise UserError(
            _(
                "Bank line {line} is money out ({amount}) that matches no open refund. If it "
                "paid out a refund, name it with --refund. A purchase, a bank fee or any other "
                "payment is no receivable: Acerto keeps receivables only, and such a line is "
                "left unmatched."
            ).format(line=row.id, amount=_said(row.amount))
        )
    if refund is None:
        return _accept_proposal(row, p)
    done = bank.accept_line(row.id, refund=refund)
    return Accepted(row.id, p, done.refund.number if done.refund else "")


def _payer(customer: str | None, invoices: Sequence[str]) -> str:
    """The customer whose payment the line is: `customer`, whose invoices `invoices`
    must be, or else the invoices' one customer."""
    if customer is None:
        return _invoice_customer(invoices)
    from app.services.documents import get_customer  # lazy: as app/read/bank.py does

    code = str(get_customer(customer).code)
    for number in invoices:
        owner = bank_read.invoice_customer(number)
        if owner != code:
            raise UserError(
                _(
                    "Invoice {number} is customer {owner}'s, not {customer}'s: with "
                    "--customer, name only that customer's invoices."
                ).format(number=number.strip(), owner=owner, customer=code)
            )
    return code


def _known_payer(row: Any, customer: str) -> tuple[tuple[str, str] | None, bool]:
    """The customer the line's payer is known as, and how, when not `customer`; and
    whether accepting it as `customer`'s payment teaches its bank account
    (app/rules/bank_customer.py `teaches`)."""
    known, teach = bank_read.payer_of(row, customer)
    return (known if known is not None and known[0] != customer else None), teach


def said_posted(
    done: Accepted, money: Callable[[Decimal], str], day: Callable[[date], str]
) -> list[str]:
    """What accepting a line posted, a sentence each, in the reader's language: the
    warning first when its payer is known as another customer, the payment and each
    of its settlements and the money left on the customer's account (or the refund
    paid out), then the line posted. `money` and `day` write figures and dates as the
    one saying it does (the command line, the window)."""
    row = bank_read.get_line(done.line)
    posted = _("Bank line {line}: {document} posted.").format(
        line=done.line, document=done.document
    )
    if row.refund is not None:
        cur = book.currency()
        return [
            _("Refund {number}: {amount} paid out on {date}.").format(
                number=row.refund.number,
                amount=money(-cur.from_minor(row.amount)),
                date=day(row.booking_date),
            ),
            posted,
        ]
    from app.read import queries  # lazy: the read model of `show payment`

    pay = queries.show_payment(done.document)
    said = []
    if done.known_payer is not None:
        known, how = done.known_payer
        said.append(
            _(
                "Warning: bank line {line} is posted as customer {customer}'s payment, but its "
                "payer is known as customer {known} ({how})."
            ).format(line=done.line, customer=pay["customer"], known=known, how=how)
        )
    said.append(
        _("Payment {number} of customer {customer}: {amount} received on {date}.").format(
            number=pay["number"],
            customer=pay["customer"],
            amount=money(Decimal(pay["amount"])),
            date=day(date.fromisoformat(pay["date"])),
        )
    )
    said += [
        "  "
        + _("{invoice}: {amount} applied, cash discount {discount}, write-off {writeoff}.").format(
            invoice=s["invoice"],
            amount=money(Decimal(s["amount"])),
            discount=money(Decimal(s["discount"])),
            writeoff=money(Decimal(s["writeoff"])),
        )
        for s in pay["settlements"]
    ]
    if Decimal(pay["unapplied"]):
        said.append(
            _("{amount} left on customer {customer}'s account.").format(
                amount=money(Decimal(pay["unapplied"])), customer=pay["customer"]
            )
        )
    return [*said, posted]


def preview(
    line_id: int,
    invoices: Sequence[str],
    amounts: Mapping[str, Decimal] | None = None,
    *,
    customer: str | None = None,
) -> SettlementPreview:
    """What `accept(line_id, invoices, amounts, customer=customer)` would settle
    (nothing posted)."""
    return bank.preview_accept(line_id, _payer(customer, invoices), invoices, amounts)


def _accept_proposal(row: Any, p: Proposal) -> Accepted:
    line_id = row.id
    if p.kind == "none":
        raise UserError(
            _(
                "Bank line {line_id} has no proposal ({reason}) Name the invoices it pays with "
                "--invoice, or the customer who paid it with --customer (without invoices, the "
                "money stays on that customer's account)."
            ).format(line_id=line_id, reason=p.reason)
        )
    if p.kind == "refund":
        done = bank.accept_line(line_id, refund=p.refund)
        return Accepted(line_id, p, done.refund.number if done.refund else "")
    known, _teach = _known_payer(row, p.customer or "")  # the proposal's own decides
    done = bank.accept_line(line_id, customer=p.customer, invoices=p.invoices, teach=p.teaches)
    return Accepted(line_id, p, done.payment.number if done.payment else "", known)


def accept_all(
    least: Decimal,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> AutoReport:
    """Accept every proposal at or above `least`, oldest line first, as accepting
    them one by one would (see the module doc). `dry_run`: the same proposals,
    each line's against the book as the lines before it would leave it, nothing
    posted (`_dry_run`).

    One transaction, the services' writes batched (`book.batch()`). The
    matcher reads no open invoice up front: it asks the book's indexes for
    those its lines name or may settle, a chunk of lines at a time
    (`FollowBook`, app/rules/bank_follow.py); after each proposal it takes
    what accepting it does (`take`: the rule's own figures, the invoices' new
    balances and discounts, the account learned, the refund paid), so each
    next line is matched against the book as it will be. The lines are posted a chunk
    at a time (`bank_post.post_lines`: what `accept_line` posts for each,
    by the services' many-at-once forms) and marked matched together
    (`bank.mark_matched`); a line the services refuse changes nothing.

    `progress(lines done, lines)` after each chunk; `cancelled()` answering True
    (the window's Cancel) ends the run with `Cancelled`, nothing accepted."""
    if dry_run:
        return _dry_run(least)
    report = AutoReport()
    # The page cache of a load (`large`): the invoices settled fall anywhere in the
    # book's indexes, and at 1,000,000 invoices the pages a run changes outgrow
    # the everyday 32 MB (each page pushed out is written and read again).
    # `threaded`: the batch's statements run on a thread of their own while the next
    # chunk is proposed and planned (models/batch_writer.py).
    with (
        book.transaction(references_at_end=True),
        book.batch(large=True, threaded=True, unchanged=UNCHANGED) as queue,
    ):
        side = queue.committed.reader if queue is not None and queue.committed else None
        cur = book.currency()
        # No cyclic garbage collection for the run (`bulk`): what it makes for a line is
        # freed by its count (none of it is left in a cycle: tests/integration/
        # test_bank_auto.py), what lives on is held to the end, and the collector
        # walked it again and again: 0.8 s of 11 at 1,000,000 invoices. The most
        # memory used is the same (792 MB there, with or without). What lives at
        # the end is set aside for the batch to give back (`set_aside`).
        with bank_read.bulk(set_aside=queue is not None):
            # The matcher asks the book as committed for the rows it does not hold
            # (nothing this transaction wrote: what it changes is held and followed).
            # The invoices it reads whole are kept for posting (`Kept`: read once).
            seen: dict[str, Any] | None = None if side is None else {}
            # The matcher's pass over every invoice (its terms and its numbers' lengths)
            # runs on a thread of its own while the lines are read (nothing written yet).
            with nullcontext() if side is None else bank_read.shapes_ahead() as shapes:
                rows = bank_read.unmatched_rows()
                matching = _Matching(
                    bank_read.match_book(follow=True, committed=side, rows=seen, shapes=shapes)
                )
            matching.kept = None if seen is None else bank_post.Kept(side, seen)
            at = 0
            while at < len(rows):
                if cancelled is not None and cancelled():
                    raise Cancelled(_("Accepting the proposals was cancelled; none was accepted."))
                at = _accept_chunk(rows, at, least, matching, cur, report)
                if progress is not None:
                    progress(at, len(rows))
    return report


# What accepting never writes: a read of these alone need not wait for the batch's
# writer thread (app/services/book.py `batch`).
UNCHANGED = ("customer",)

# Lines proposed, then posted together (bank_post.post_lines): enough for the
# services' many-at-once forms to pay, few enough that the write batch keeps
# their rows queued until they are settled.
CHUNK = 200


@dataclass
class _Matching:
    """The matcher, and the lines from the next chunk's first on that it was already
    asked about (`read_ahead`, a CHUNK of lines at a time): what a read beyond a
    chunk's last line found is kept for the next chunk, each line read ahead once."""

    book: MatchBook
    lines: list[Any] = field(default_factory=list)  # the lines, as the matcher reads them
    keys: list[Keys] = field(default_factory=list)  # the numbers each one's text names
    # The invoices posting has read, kept from chunk to chunk, the others read as
    # committed (bank_post.Kept); None after a refusal: read from the book.
    kept: bank_post.Kept | None = None


def _dry_run(least: Decimal) -> AutoReport:
    """What `accept_all(least)` would accept, proposed as it proposes (`_propose_chunk`:
    each proposal at or above `least` taken into the matcher), nothing posted. Only
    a line the services refuse when posting it can make the run differ."""
    report = AutoReport()
    with book.reading(), bank_read.bulk():
        cur = book.currency()
        rows = bank_read.unmatched_rows()
        matching = _Matching(bank_read.match_book(follow=True))
        at = 0
        while at < len(rows):
            plans, below, at = _propose_chunk(rows, at, least, matching, cur)
            report.below += len(below)
            report.accepted += [Accepted(rows[i].id, p, "") for i, p in plans]
    return report


def _propose_chunk(
    rows: Sequence[Any], at: int, least: Decimal, matching: _Matching, cur: Currency
) -> tuple[list[tuple[int, Proposal]], list[int], int]:
    """The proposals of the lines from `at` on, up to CHUNK at or above `least`, each
    taken into the matcher as if accepted: (place in rows, proposal) of those, the
    places of the lines below `least` or without a proposal, and where the next
    chunk starts."""
    plans: list[tuple[int, Proposal]] = []  # (place in rows, proposal)
    below: list[int] = []  # places of the lines under the confidence asked
    end = at
    matcher, lines, keys = matching.book, matching.lines, matching.keys
    while end < len(rows) and len(plans) < CHUNK:
        if end - at == len(lines):  # what the next lines will ask, asked of the book together
            ahead = bank_read.seen_lines(rows[end : end + CHUNK], cur.places)
            keys += read_ahead(ahead, matcher)
            lines += ahead
        row = rows[end]
        p = propose(lines[end - at], matcher, keys[end - at])
        if p.confidence < least or p.kind == "none":
            below.append(end)
        else:
            plans.append((end, p))
            take(matcher, p, row.iban)
        end += 1
    del lines[: end - at], keys[: end - at]  # the rest were read ahead for the next chunk
    return plans, below, end


def _accept_chunk(
    rows: Sequence[Any],
    at: int,
    least: Decimal,
    matching: _Matching,
    cur: Currency,
    report: AutoReport,
) -> int:
    """Propose and post the lines from `at` on, up to CHUNK accepted; returns
    where the next chunk starts (`matching`: the matcher to go on with).

    The matcher takes each proposal's effects as if it were accepted (each
    next line is proposed against the book as the lines before it leave
    it). A line the services refuse ends the chunk there: the lines before it
    are posted, it is reported, and the matcher is read again from the book."""
    plans, below, end = _propose_chunk(rows, at, least, matching, cur)
    items = [_post_of(rows[i], p) for i, p in plans]
    try:
        posted = bank_post.post_lines(items, matching.kept)
    except bank_post.LineRefused as refused:
        matching.kept = None  # its invoices' figures moved by the call refused
        k = refused.index
        posted = bank_post.post_lines(items[:k])
        _report(report, plans[:k], posted, rows)
        place = plans[k][0]
        report.below += sum(1 for i in below if i < place)
        report.refused.append(
            _("Bank line {line}: {why}").format(line=rows[place].id, why=refused.error)
        )
        with bank_read.bulk():  # a new matcher, asked about no line yet
            matching.book = bank_read.match_book(follow=True)
        matching.lines.clear()
        matching.keys.clear()
        return place + 1
    report.below += len(below)
    _report(report, plans, posted, rows)
    return end


def _post_of(row: Any, p: Proposal) -> bank_post.LinePost:
    if p.kind == "refund":
        return bank_post.LinePost(row, refund=p.refund)
    return bank_post.LinePost(row, customer=p.customer, invoices=tuple(p.invoices), teach=p.teaches)


def _report(
    report: AutoReport,
    plans: Sequence[tuple[int, Proposal]],
    posted: Sequence[Payment | Refund],
    rows: Sequence[Any],
) -> None:
    """Accepted lines counted and marked matched (one statement for them all)."""
    done = [(rows[i].id, doc) for (i, _p), doc in zip(plans, posted, strict=True)]
    report.accepted += [
        Accepted(rows[i].id, p, doc.number) for (i, p), doc in zip(plans, posted, strict=True)
    ]
    bank.mark_matched(done)
