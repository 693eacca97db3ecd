"""Bank statements stored (issue 11): each line once, gaps between statements named.

`store_statements` takes what app/exchange/bank read from a file and
writes, in one transaction, the statements and the lines the book does not
hold yet: which those are is app/rules/same_movement.py, one rule for every
format (the same file read twice, an overlapping statement, the same
statement in another format, overlapping CSV exports: nothing twice; a
Spanish account's Norma 43 digits and its IBAN are one account). A
statement whose opening balance does not follow what the book holds of the
account before it is reported as a gap, in words (app/services/bank_gaps.py);
it is still stored (the bookkeeper may load the missing statement later).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from app.errors import UserError
from app.i18n import B_, _, said_money
from app.rules import bank_account, limits, same_movement
from app.rules.money import Currency
from app.rules.same_movement import Movement
from app.rules.settlement import SettlementPreview
from app.rules.statement import Statement
from app.services import bank_gaps, book
from app.services.bank_gaps import as_day, statement_start
from models import fast, fast_bulk
from models.db import database
from models.tables import (
    BankAccount,
    BankLine,
    BankStatement,
    CustomerBankAccount,
    Payment,
    Refund,
)


@dataclass
class StoreReport:
    """What a statement import did (or, `dry_run`, would do)."""

    account: str
    statements: int = 0
    added: int = 0
    known: int = 0  # lines the book held already
    gaps: list[str] = field(default_factory=list)
    dry_run: bool = False


def _account(
    name: str | None, statement: Statement, cur: Currency, create: bool
) -> BankAccount | None:
    """The bank account named, else the one with the statement's account number, else a new
    one (named after that number)."""
    if name:
        acct = fast.get_by(BankAccount, BankAccount.name, name)
    else:
        acct = fast.get_where(BankAccount, number=statement.account) or _same_account(
            statement.account
        )
        name = statement.account[:60]
    if acct is None and create:
        acct = fast.create(BankAccount, name=name, number=statement.account, currency=cur.code)
    if acct is not None and acct.currency != cur.code:
        raise UserError(
            _("Bank account {name} keeps {currency}; the book keeps {code}.").format(
                name=name, currency=acct.currency, code=cur.code
            )
        )
    return acct


def _same_account(number: str) -> BankAccount | None:
    """The account held under another name of the same number (a Spanish account's
    IBAN for Norma 43's bank, branch and account digits, or the other way round)."""
    if bank_account.domestic(number) is None:
        return None
    for acct in BankAccount.select().order_by(BankAccount.id):
        if bank_account.same_account(acct.number, number):
            return acct
    return None


def _names_no_account(file_name: str) -> UserError:
    """A file that names no bank account (a CSV never does), read without one named: its
    lines would go into an account of their own, beside the same movements held."""
    held = sorted(str(a.name) for a in BankAccount.select(BankAccount.name))
    said = (
        _(
            "{file_name} names no bank account: say which account its lines belong to "
            "(--account NAME; in the Bank view, Account); the book's bank accounts are "
            "{accounts}. Nothing was imported."
        )
        if held
        else _(
            "{file_name} names no bank account: say which account its lines belong to "
            "(--account NAME; in the Bank view, Account). Nothing was imported."
        )
    )
    return UserError(said.format(file_name=file_name, accounts=", ".join(held)))


def store_statements(
    statements: Sequence[Statement],
    file_name: str,
    account: str | None = None,
    dry_run: bool = False,
    csv_mapping: str | None = None,
) -> StoreReport:
    """Store the statements' new lines under bank account `account` (default:
    the account number the file gives); see the module's doc."""
    if not statements:
        raise UserError(_("{file_name} holds no statement.").format(file_name=file_name))
    cur = book.currency()
    for s in statements:
        if s.currency and s.currency != cur.code:
            raise UserError(
                _(
                    "{file_name}: statement {statement_id} is in {currency}; the book keeps {code}. Nothing was imported."
                ).format(
                    file_name=file_name,
                    statement_id=s.statement_id,
                    currency=s.currency,
                    code=cur.code,
                )
            )
    name = (account or "").strip()[:60] or None
    if name is None and not all(s.account for s in statements):
        raise _names_no_account(file_name)
    with database.atomic() as tx:
        acct = _account(name, statements[0], cur, create=True)
        assert acct is not None
        report = StoreReport(acct.name, dry_run=dry_run)
        if csv_mapping is not None and csv_mapping != acct.csv_mapping:
            acct.csv_mapping = csv_mapping  # kept for the account's next CSV file
            fast.save(acct)
        for s in sorted(statements, key=statement_start):
            _store_one(acct, s, file_name, cur, report)
        if dry_run:
            tx.rollback()
    return report


def _store_one(
    acct: BankAccount, s: Statement, file_name: str, cur: Currency, report: StoreReport
) -> None:
    row, new = _statement_row(acct, s, file_name, cur, report)
    lines = [x for x, fresh in zip(s.lines, _fresh(acct, s, cur), strict=True) if fresh]
    report.known += len(s.lines) - len(lines)
    for line in lines:
        limits.check_amount(line.amount, f"amount of {line.where}")
        fast.insert(
            BankLine,
            account=acct.id,
            statement=row.id,
            key=line.key,
            booking_date=line.booking_date,
            value_date=line.value_date,
            amount=cur.to_minor(line.amount),
            currency=line.currency or cur.code,
            counterparty=line.counterparty[:200],
            iban=line.iban[:40],
            remittance=line.remittance[:2000],
            end_to_end=line.end_to_end[:60],
            bank_ref=line.bank_ref[:120],
        )
        report.added += 1
    later = bank_gaps.gap_after(acct, row, cur) if new else None
    if later:
        report.gaps.append(later)


def _statement_row(
    acct: BankAccount, s: Statement, file_name: str, cur: Currency, report: StoreReport
) -> tuple[BankStatement, bool]:
    """The statement `s` is: the one held (its id, or the same statement in another
    format), else a new one, its gap against what the book holds said first."""
    row = fast.get_where(BankStatement, account=acct.id, ident=s.statement_id[:160])
    row = row or _same_statement(acct, s, cur)
    if row is not None:
        return row, False
    gap = bank_gaps.opening_gap(acct, s, file_name, cur)
    if gap:
        report.gaps.append(gap)
    row = fast.create(
        BankStatement,
        account=acct.id,
        ident=s.statement_id[:160],
        file_name=file_name[:255],
        opening=None if s.opening is None else cur.to_minor(s.opening),
        closing=None if s.closing is None else cur.to_minor(s.closing),
        opening_date=s.opening_date,
        closing_date=s.closing_date,
    )
    report.statements += 1
    return row, True


def _fresh(acct: BankAccount, s: Statement, cur: Currency) -> list[bool]:
    """Which of the statement's lines are new to the account (app/rules/same_movement.py):
    read against the lines it holds on the statement's days and those holding its keys."""
    if not s.lines:
        return []
    days = [x.booking_date for x in s.lines]
    keys = [x.key for x in s.lines]
    on_days = (BankLine.booking_date >= min(days)) & (BankLine.booking_date <= max(days))
    query = BankLine.select(
        BankLine.key, BankLine.booking_date, BankLine.amount, BankLine.bank_ref, BankLine.end_to_end
    ).where((BankLine.account == acct.id) & (on_days | BankLine.key.in_(keys)))
    rows: list[tuple[str, object, int, str, str]] = list(query.tuples())  # type: ignore[arg-type]
    held = [
        Movement(str(key), as_day(day), int(amount), str(ref), str(e2e))
        for key, day, amount, ref, e2e in rows
    ]
    incoming = [
        Movement(x.key, x.booking_date, cur.to_minor(x.amount), x.bank_ref[:120], x.end_to_end[:60])
        for x in s.lines
    ]
    return same_movement.fresh(incoming, held)


def _same_statement(acct: BankAccount, s: Statement, cur: Currency) -> BankStatement | None:
    """The statement the account holds that `s` is, read before from a file of another
    format (its Norma 43 and its camt.053): the same period and the same opening and
    closing balances, under another statement id. Without balances and dates a
    statement is known by its id only."""
    if None in (s.opening, s.closing, s.opening_date, s.closing_date):
        return None
    assert s.opening is not None and s.closing is not None
    return (
        BankStatement.select()
        .where(
            (BankStatement.account == acct.id)
            & (BankStatement.opening_date == s.opening_date)
            & (BankStatement.closing_date == s.closing_date)
            & (BankStatement.opening == cur.to_minor(s.opening))
            & (BankStatement.closing == cur.to_minor(s.closing))
        )
        .order_by(BankStatement.id)
        .first()
    )


# ---------------------------------------------------------------- accepting a line


def stored_line(line_id: int) -> BankLine:
    """Bank line `line_id`, or a refusal saying there is none."""
    row = fast.get_by(BankLine, BankLine.id, line_id)
    if row is None:
        raise UserError(
            _('There is no bank line "{line_id}" (see `acerto bank lines`).').format(
                line_id=line_id
            )
        )
    return row


def held_line(line_id: int) -> BankLine:
    """Bank line `line_id`, unmatched: else a refusal saying it is unknown or matched."""
    row = stored_line(line_id)
    if row.status != "unmatched":
        what = (
            row.payment.number
            if row.payment is not None
            else (row.refund.number if row.refund is not None else "?")
        )
        raise UserError(
            _("Bank line {id} is already matched ({what}).").format(id=row.id, what=what)
        )
    return row


def reference_of(row: HeldLine) -> str:
    """The reference of the payment or payout a line posts."""
    words = row.bank_ref or row.end_to_end or row.remittance
    return B_("bank line {line}").format(line=row.id) + (f": {words}" if words else "")[:100]


class HeldLine(Protocol):
    """What posting a line reads of it: a stored `BankLine`, or the lean row
    app/read/bank.py reads 100,000 of for accept-all."""

    @property
    def id(self) -> int: ...
    @property
    def booking_date(self) -> date: ...
    @property
    def value_date(self) -> date: ...
    @property
    def amount(self) -> int: ...
    @property
    def iban(self) -> str: ...
    @property
    def remittance(self) -> str: ...
    @property
    def end_to_end(self) -> str: ...
    @property
    def bank_ref(self) -> str: ...


def accept_line(
    line_id: int,
    *,
    customer: str | None = None,
    invoices: Sequence[str] = (),
    refund: str | None = None,
    amounts: Mapping[str, Decimal] | None = None,
    teach: bool = False,
) -> BankLine:
    """Post what a bank line is and mark it matched, in one transaction (see `post_line`)."""
    with database.atomic():
        row = held_line(line_id)
        done = post_line(
            row, customer=customer, invoices=invoices, refund=refund, amounts=amounts, teach=teach
        )
        if isinstance(done, Refund):
            row.refund = done
        else:
            row.payment = done
        row.status = "matched"
        fast.save(row)
        return row


def post_line(
    row: HeldLine,
    *,
    customer: str | None = None,
    invoices: Sequence[str] = (),
    refund: str | None = None,
    amounts: Mapping[str, Decimal] | None = None,
    teach: bool = False,
) -> Payment | Refund:
    """Post what unmatched line `row` is, in one savepoint, without marking the line
    (`accept_line` marks it at once; accept-all marks its lines together at the end,
    `mark_matched`, so the write batch is not sent once more for each line).

    Money in: a payment of the customer dated the line's value date (the day
    the money counts, and the day the cash discount is judged on), with
    the line as its reference, then settled against `invoices` in that
    order under the normal rules (none: the money stays on account). Money
    out: refund `refund` paid out on the line's booking date. `teach`: the
    line's bank account (IBAN) is remembered as the customer's for the next
    match — the rule's decision (app/rules/bank_customer.py `teaches`: not when
    the line's payer is known as another customer), which the caller carries.
    """
    from app.services import payments, payouts, settlements
    from app.services.documents import get_customer

    with database.atomic():
        cur = book.currency()
        said = said_money(cur)
        amount = cur.from_minor(row.amount)
        if amount < 0:
            if refund is None:
                raise UserError(
                    _("Bank line {id} is money out ({amount}); name the refund it paid.").format(
                        id=row.id, amount=said(amount)
                    )
                )
            paid = payouts.pay_refund(refund, row.booking_date, reference_of(row))
            if cur.from_minor(paid.amount) != -amount:
                raise UserError(
                    _("Refund {number} is {from_minor}; bank line {id} paid out {fmt}.").format(
                        number=paid.number,
                        from_minor=said(cur.from_minor(paid.amount)),
                        id=row.id,
                        fmt=said(-amount),
                    )
                )
            return paid
        if refund is not None:
            raise UserError(
                _("Bank line {id} is money in ({amount}); it pays out no refund.").format(
                    id=row.id, amount=said(amount)
                )
            )
        if customer is None:
            raise UserError(_("Name the customer who paid bank line {id}.").format(id=row.id))
        cust = get_customer(customer)
        pay = payments.create_payment(
            cust.code, row.value_date, amount, reference=reference_of(row)
        )
        if invoices:
            settlements.settle(pay.number, list(invoices), on=row.value_date, amounts=amounts)
        if teach:
            remember_iban(row, cust.id)
        return pay


def remember_iban(row: HeldLine, customer: int) -> None:
    """The customer's bank account (IBAN) kept for the next match, unless known."""
    iban = row.iban.replace(" ", "").upper()
    if iban and fast.get_by(CustomerBankAccount, CustomerBankAccount.iban, iban) is None:
        fast.insert(CustomerBankAccount, customer=customer, iban=iban)


def mark_matched(done: Sequence[tuple[int, Payment | Refund]]) -> None:
    """Lines posted by `post_line` in this transaction marked matched to what they
    posted, in one statement for them all (a write batch's writer thread runs it)."""
    marks = [
        (d.id, None, "matched", line) if isinstance(d, Payment) else (None, d.id, "matched", line)
        for line, d in done
    ]
    fast_bulk.execute_many(
        'UPDATE "bank_line" SET "payment_id" = {p}, "refund_id" = {p}, "status" = {p} '
        'WHERE "id" = {p}',
        marks,
    )


def preview_accept(
    line_id: int,
    customer: str,
    invoices: Sequence[str],
    amounts: Mapping[str, Decimal] | None = None,
) -> SettlementPreview:
    """What accepting line `line_id` against `invoices` (with `amounts` per invoice,
    when the bookkeeper typed them) would settle: the payment `accept_line` posts
    is made and the settlement service's own preview asked of it, in a
    transaction rolled back: so the preview is what accepting posts, by the
    same code (the settle dialog's preview, for a payment not yet made)."""
    from app.services import payments, settlements

    with database.atomic() as tx:
        row = held_line(line_id)
        amount = book.currency().from_minor(row.amount)
        if amount <= 0:
            raise UserError(
                _("Bank line {line} is money out; it settles no invoice.").format(line=row.id)
            )
        pay = payments.create_payment(customer, row.value_date, amount, reference=reference_of(row))
        preview = settlements.preview_settlement(
            pay.number, list(invoices), on=row.value_date, amounts=amounts
        )
        tx.rollback()
    return preview


def csv_mapping_of(account: str) -> str:
    """The CSV mapping kept for bank account `account` ("" for none)."""
    acct = fast.get_by(BankAccount, BankAccount.name, account)
    return "" if acct is None else str(acct.csv_mapping)
