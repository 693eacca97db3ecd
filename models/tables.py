"""The book's tables. Money is integer minor units; quantities thousandths.

Cached figures (an invoice's `settled`, a payment's `applied`/`refunded`)
are kept in step by the services in the same transaction as the rows that
make them, and `acerto check` recomputes them from those rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from models.db import database


def audit_stamp() -> datetime:
    """When a row was posted: an audit record, never an input to a rule."""
    return datetime.now()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField()


class Setting(BaseModel):
    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class SettingChange(BaseModel):
    """A setting changed: what it was, what it became, and where in the posting history.

    `after_entry` is the last journal entry posted before the change (0 for
    none), so a replay of the history applies the change between the same
    two postings and the rules see the parameters they saw then.
    """

    id = AutoField()
    key = CharField(max_length=64)
    old_value = TextField(default="")
    new_value = TextField()
    after_entry = BigIntegerField(default=0)


class Counter(BaseModel):
    """Numbering series: INV, CN, CI, SO, PAY, REF."""

    name = CharField(primary_key=True, max_length=16)
    value = IntegerField(default=0)


class PaymentTerms(BaseModel):
    id = AutoField()
    text = CharField(unique=True, max_length=120)
    net_days = IntegerField()


class PaymentTermsTier(BaseModel):
    id = AutoField()
    terms = ForeignKeyField(PaymentTerms, backref="tiers", on_delete="CASCADE")
    seq = IntegerField()
    percent_bp = IntegerField()  # hundredths of a percent: 2% = 200
    days = IntegerField()


class Customer(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:  # attributes peewee adds at run time
        terms_id: int | None
        orders: Any
        invoices: Any
        payments: Any

    code = CharField(unique=True, max_length=40)
    name = CharField(max_length=200, index=True)
    address = TextField(default="")
    tax_id = CharField(default="", max_length=40)
    email = CharField(default="", max_length=200)
    terms = ForeignKeyField(PaymentTerms, null=True, on_delete="RESTRICT")
    # The language of the documents sent to the customer (en, pt_BR, es);
    # "" means the book's language (the setting `language`).
    language = CharField(default="", max_length=10)


class Order(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        customer_id: int
        lines: Any
        changes: Any
        invoices: Any
        payments: Any
        refunds: Any

    number = CharField(unique=True, max_length=40)
    customer = ForeignKeyField(Customer, backref="orders", on_delete="RESTRICT", index=True)
    date = DateField(index=True)
    status = CharField(
        max_length=24, index=True
    )  # draft/open/partially_invoiced/invoiced/cancelled
    discount = BigIntegerField(default=0)
    total = BigIntegerField(default=0)  # lines − discount, kept in step
    invoiced = BigIntegerField(default=0)
    paid = BigIntegerField(default=0)
    refunded = BigIntegerField(default=0)
    notes = TextField(default="")


class OrderLine(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        order_id: int

    order = ForeignKeyField(Order, backref="lines", on_delete="CASCADE", index=True)
    seq = IntegerField()
    description = CharField(max_length=300)
    quantity = BigIntegerField()  # thousandths
    unit_price = BigIntegerField()
    amount = BigIntegerField()
    invoiced_quantity = BigIntegerField(default=0)
    removed = BooleanField(default=False)


class OrderChange(BaseModel):
    """A posted change of an order: what changed and the totals around it."""

    id = AutoField()
    order = ForeignKeyField(Order, backref="changes", on_delete="RESTRICT", index=True)
    date = DateField()
    description = TextField()
    old_total = BigIntegerField()
    new_total = BigIntegerField()
    # The last journal entry posted before the change (None: recorded before
    # schema 3), so a replay makes the change between the same two postings.
    after_entry = BigIntegerField(null=True)
    # What changed, as data (JSON, app/services/order_change_text.py): the
    # description is written from it in the book's language, the workbook
    # reads it. None: recorded before schema 10, whose descriptions are English.
    facts = TextField(null=True)


class Invoice(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        customer_id: int
        order_id: int | None
        corrects_id: int | None
        credits_id: int | None
        lines: Any
        unbilled: Any
        settlements: Any
        corrections: Any
        credit_notes: Any

    number = CharField(unique=True, max_length=40)
    # kind and status: indexed with the date (models/schema.py, FILTER_INDEXES)
    kind = CharField(max_length=16)  # invoice/standalone/credit_note/corrective
    status = CharField(max_length=24)
    customer = ForeignKeyField(Customer, backref="invoices", on_delete="RESTRICT", index=True)
    order = ForeignKeyField(Order, null=True, backref="invoices", on_delete="RESTRICT", index=True)
    date = DateField(index=True)
    due_date = DateField(index=True)
    terms_text = CharField(max_length=120, default="")
    discount_date = DateField(null=True)
    discount_percent_bp = IntegerField(default=0)
    total = BigIntegerField(default=0)
    settled = BigIntegerField(default=0)
    discount_taken = BigIntegerField(default=0)
    corrects = ForeignKeyField("self", null=True, backref="corrections", on_delete="RESTRICT")
    credits = ForeignKeyField("self", null=True, backref="credit_notes", on_delete="RESTRICT")
    reason = TextField(default="")
    posted_at = DateTimeField(null=True)


class InvoiceLine(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        invoice_id: int
        order_line_id: int | None
        original_line_id: int | None

    invoice = ForeignKeyField(Invoice, backref="lines", on_delete="CASCADE", index=True)
    seq = IntegerField()
    description = CharField(max_length=300)
    quantity = BigIntegerField()  # thousandths, negative on credits and reversals
    unit_price = BigIntegerField()
    amount = BigIntegerField()
    order_line = ForeignKeyField(OrderLine, null=True, on_delete="RESTRICT")
    # On a corrective invoice: the original line this line reverses or re-bills.
    original_line = ForeignKeyField("self", null=True, on_delete="RESTRICT")
    role = CharField(max_length=12, default="bill")  # bill / reverse / credit


class UnbilledItem(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        customer_id: int
        invoice_id: int
        original_line_id: int | None
        billed_invoice_id: int | None

    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=True)
    invoice = ForeignKeyField(Invoice, backref="unbilled", on_delete="RESTRICT")
    original_line = ForeignKeyField(InvoiceLine, null=True, on_delete="RESTRICT")
    description = CharField(max_length=300)
    quantity = BigIntegerField()
    unit_price = BigIntegerField()
    amount = BigIntegerField()
    status = CharField(max_length=16, default="open")  # open/billed/not_chargeable
    billed_invoice = ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
    # The journal entry that billed it or wrote it off (None: open, or closed
    # before schema 10, whose entry text names the item in English).
    closed_entry = BigIntegerField(null=True)


class Payment(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        customer_id: int
        order_id: int | None
        split_of_id: int | None
        settlements: Any
        refunds: Any
        parts: Any

    number = CharField(unique=True, max_length=40)
    customer = ForeignKeyField(Customer, backref="payments", on_delete="RESTRICT", index=True)
    order = ForeignKeyField(Order, null=True, backref="payments", on_delete="RESTRICT", index=True)
    date = DateField(index=True)
    amount = BigIntegerField()
    applied = BigIntegerField(default=0)
    refunded = BigIntegerField(default=0)
    method = CharField(max_length=40, default="bank transfer")
    reference = CharField(max_length=120, default="")
    # One receipt split over several orders (issue 9): every part after the
    # first names the first; the parts add up to the money received.
    split_of = ForeignKeyField("self", null=True, backref="parts", on_delete="RESTRICT")


class Settlement(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        payment_id: int | None
        credit_note_id: int | None
        invoice_id: int
        reverses_id: int | None

    payment = ForeignKeyField(
        Payment, null=True, backref="settlements", on_delete="RESTRICT", index=True
    )
    credit_note = ForeignKeyField(
        Invoice, null=True, backref="applied_settlements", on_delete="RESTRICT", index=True
    )
    invoice = ForeignKeyField(Invoice, backref="settlements", on_delete="RESTRICT", index=True)
    date = DateField(index=True)
    amount = BigIntegerField()
    discount = BigIntegerField(default=0)
    writeoff = BigIntegerField(default=0)
    full_settlement = BigIntegerField(default=0)
    explanation = TextField(default="")
    reverses = ForeignKeyField(
        "self", null=True, backref="reversals", on_delete="RESTRICT", unique=True
    )
    automatic = BooleanField(default=False)  # from an order payment when an order invoice posts


class Refund(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        customer_id: int
        order_id: int | None
        payment_id: int | None
        credit_note_id: int | None

    number = CharField(unique=True, max_length=40)
    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=True)
    order = ForeignKeyField(Order, null=True, backref="refunds", on_delete="RESTRICT")
    payment = ForeignKeyField(Payment, null=True, backref="refunds", on_delete="RESTRICT")
    credit_note = ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
    date = DateField()
    amount = BigIntegerField()
    reason = TextField(default="")
    # Paid out (issue 9, `payout`): refunds payable cleared against the bank.
    paid_on = DateField(null=True)
    paid_reference = CharField(max_length=120, default="")
    # The order change or cancel that made this refund (None: made otherwise,
    # or before schema 10, when its English reason named the change).
    order_change = ForeignKeyField(OrderChange, null=True, on_delete="RESTRICT")


class BankAccount(BaseModel):
    """A bank account whose statements are read in (issue 11)."""

    id = AutoField()
    name = CharField(unique=True, max_length=60)
    number = CharField(max_length=60, default="")  # IBAN or the bank's account number
    currency = CharField(max_length=3)
    csv_mapping = TextField(default="")  # JSON of the CSV columns, kept from the last import


class BankStatement(BaseModel):
    """One statement read in: its balances, as the file gave them."""

    id = AutoField()
    if TYPE_CHECKING:
        account_id: int

    account = ForeignKeyField(BankAccount, backref="statements", on_delete="RESTRICT")
    ident = CharField(max_length=160)  # the bank's statement id, or the period
    file_name = CharField(max_length=255, default="")
    opening = BigIntegerField(null=True)
    closing = BigIntegerField(null=True)
    opening_date = DateField(null=True)
    closing_date = DateField(null=True)
    imported_at = DateTimeField(default=audit_stamp)

    class Meta:
        indexes = ((("account", "ident"), True),)


class BankLine(BaseModel):
    """A movement on a bank account, stored once (its key), matched or not."""

    id = AutoField()
    if TYPE_CHECKING:
        account_id: int
        statement_id: int
        payment_id: int | None
        refund_id: int | None

    account = ForeignKeyField(BankAccount, backref="lines", on_delete="RESTRICT")
    statement = ForeignKeyField(BankStatement, backref="lines", on_delete="RESTRICT", index=True)
    key = CharField(max_length=64)  # app/rules/statement.py: keyed
    booking_date = DateField(index=True)
    value_date = DateField()
    amount = BigIntegerField()  # > 0 money in
    currency = CharField(max_length=3)
    counterparty = CharField(max_length=200, default="")
    iban = CharField(max_length=40, default="")
    remittance = TextField(default="")
    end_to_end = CharField(max_length=60, default="")
    bank_ref = CharField(max_length=120, default="")
    status = CharField(max_length=12, default="unmatched", index=True)  # unmatched/matched
    payment = ForeignKeyField(Payment, null=True, on_delete="RESTRICT")
    refund = ForeignKeyField(Refund, null=True, on_delete="RESTRICT")

    class Meta:
        indexes = ((("account", "key"), True),)


class CustomerBankAccount(BaseModel):
    """A customer's bank account (IBAN), remembered when a bank line of it is accepted."""

    id = AutoField()
    if TYPE_CHECKING:
        customer_id: int

    customer = ForeignKeyField(Customer, backref="bank_accounts", on_delete="RESTRICT", index=True)
    iban = CharField(max_length=40, unique=True)


class JournalEntry(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        invoice_id: int | None
        payment_id: int | None
        settlement_id: int | None
        lines: Any

    date = DateField(index=True)
    description = TextField()
    invoice = ForeignKeyField(Invoice, null=True, on_delete="RESTRICT", index=True)
    payment = ForeignKeyField(Payment, null=True, on_delete="RESTRICT", index=True)
    settlement = ForeignKeyField(Settlement, null=True, on_delete="RESTRICT", index=True)
    refund = ForeignKeyField(Refund, null=True, on_delete="RESTRICT")
    order = ForeignKeyField(Order, null=True, on_delete="RESTRICT")


class JournalLine(BaseModel):
    id = AutoField()
    if TYPE_CHECKING:
        entry_id: int

    entry = ForeignKeyField(JournalEntry, backref="lines", on_delete="CASCADE", index=True)
    account = CharField(max_length=32, index=True)
    debit = BigIntegerField(default=0)
    credit = BigIntegerField(default=0)


class PayoutReversal(BaseModel):
    """A refund's payout taken back (`payouts.reverse_payout`, issue 11): which payout
    (its date, reference and journal entry), when and why it was taken back, and the
    entry that did it. The refund itself only says whether it is paid out now, so this
    row is what the exchange workbook and `check --replay` read to replay the history."""

    id = AutoField()
    if TYPE_CHECKING:
        refund_id: int
        paid_entry_id: int
        entry_id: int

    refund = ForeignKeyField(Refund, backref="payout_reversals", on_delete="RESTRICT", index=True)
    paid_on = DateField()  # the payout taken back
    paid_reference = CharField(max_length=120, default="")
    paid_entry = ForeignKeyField(JournalEntry, backref="+", on_delete="RESTRICT")
    date = DateField()  # when it was taken back
    reason = TextField(default="")
    entry = ForeignKeyField(JournalEntry, backref="+", on_delete="RESTRICT")


class DunningExclusion(BaseModel):
    """A customer who gets no payment reminders (`customer edit --no-dunning`)."""

    if TYPE_CHECKING:
        customer_id: int

    customer = ForeignKeyField(Customer, primary_key=True, on_delete="CASCADE")


class DunningNotice(BaseModel):
    """A reminder level sent for one invoice in one dunning run (issue 13)."""

    id = AutoField()
    if TYPE_CHECKING:
        customer_id: int
        invoice_id: int

    customer = ForeignKeyField(Customer, on_delete="RESTRICT", index=True)
    invoice = ForeignKeyField(Invoice, on_delete="RESTRICT", index=True)
    level = IntegerField()
    sent_on = DateField()


ALL_TABLES: list[type[BaseModel]] = [
    SchemaVersion,
    Setting,
    SettingChange,
    Counter,
    PaymentTerms,
    PaymentTermsTier,
    Customer,
    Order,
    OrderLine,
    OrderChange,
    Invoice,
    InvoiceLine,
    UnbilledItem,
    Payment,
    Settlement,
    Refund,
    JournalEntry,
    JournalLine,
    BankAccount,
    BankStatement,
    BankLine,
    CustomerBankAccount,
    DunningExclusion,
    DunningNotice,
    PayoutReversal,
]
