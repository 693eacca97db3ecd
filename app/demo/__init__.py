"""Demonstration books: a story that walks every rule, then bulk history.

`make_demo` first tells a short story through the real services — cash
discounts, partial payments, tolerance and full-settlement write-offs,
tiers, order deposits, partial invoicing, an order change with its refund,
a cancelled order, credit notes that net the discount, corrections that
leave unbilled items, an unsettlement, unapplied credit — then adds
ordinary history (invoices, some from orders, and the payments that settle
them) until the book holds the invoices asked for, with open and overdue
items in every aging bucket relative to `today`.

The history is planned first (pure, seeded), then either posted through
the services or, for large books, written directly with `insert_many`.
The direct writer stores exactly the rows the services would store — the
same numbers, ids, cached figures, settlement explanations (from the same
pure `plan_settlement`) and journal — so `acerto check` passes and
tests/integration compare the two writers row by row.

Everything runs in one transaction: a cancelled or failed demo leaves the
book as it was. The domain does not read the clock: the caller passes
`today`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from peewee import PostgresqlDatabase, fn

from app.errors import Cancelled, UserError
from app.rules.money import ZERO, Currency, qty_to_milli
from app.rules.settlement import (
    ADVANCES,
    BANK,
    PAYMENT,
    RECEIVABLES,
    SALES,
    OpenInvoice,
    journal_for,
    plan_settlement,
)
from app.rules.settlement import JournalLine as Line
from app.rules.terms import Terms
from app.services import book, credit_notes, invoices, orders, payments, settlements
from app.services.corrections import bill_unbilled, correct, write_off_unbilled
from app.services.customers import add_customer
from app.services.invoices import LineInput
from app.services.journal import dr_cr
from models.db import database
from models.tables import (
    Counter,
    Customer,
    Invoice,
    InvoiceLine,
    JournalEntry,
    JournalLine,
    Order,
    OrderLine,
    Payment,
    Refund,
    Settlement,
    UnbilledItem,
    audit_stamp,
)

DEMO_TODAY = date(2026, 3, 31)
"""The demo's 'today' when the caller gives none (reproducible books)."""

BULK_THRESHOLD = 1000
"""History larger than this many invoices is written directly (auto mode)."""

STORY_CUSTOMERS: list[tuple[str, str, str, str]] = [
    (
        "Conceição & Filhos, Lda",
        "2% 10, net 30",
        "Rua das Flores 12, 4050-262 Porto",
        "PT501234567",
    ),
    ("Peña Hermanos S.L.", "net 30", "Calle Mayor 7, 28013 Madrid", "ESB12345678"),
    (
        "Açores Pescas, Lda",
        "2% 5, 1% 14, net 30",
        "Av. Infante D. Henrique 21, 9500-150 Ponta Delgada",
        "PT509876543",
    ),
    (
        "Distribuidora Paulista Ltda.",
        "net 30",
        "Rua Augusta 1500, 01304-001 São Paulo - SP",
        "12.345.678/0001-90",
    ),
    (
        "Ferragens Guimarães, Lda",
        "1% 14, net 30",
        "Largo do Toural 3, 4800-153 Guimarães",
        "PT502223334",
    ),
    (
        "Hernández y Asociados S.A.",
        "net 30",
        "Avenida de la Constitución 20, 41004 Sevilla",
        "ESA87654321",
    ),
    (
        "Mercearia São João, Lda",
        "2% 10, net 30",
        "Rua de São João 88, 1100-500 Lisboa",
        "PT507778889",
    ),
    (
        "Café Brasília Comércio Ltda.",
        "net 15",
        "SCS Quadra 2, 70300-902 Brasília - DF",
        "98.765.432/0001-10",
    ),
]

_SURNAMES = [
    "Almeida",
    "Barbosa",
    "Cardoso",
    "Carvalho",
    "Castro",
    "Correia",
    "Costa",
    "Díaz",
    "Fernandes",
    "Ferreira",
    "Figueiredo",
    "Gomes",
    "González",
    "Gonçalves",
    "Jiménez",
    "Lima",
    "Lopes",
    "López",
    "Marques",
    "Martín",
    "Martins",
    "Medeiros",
    "Mendes",
    "Moreira",
    "Muñoz",
    "Nogueira",
    "Núñez",
    "Oliveira",
    "Pereira",
    "Pinto",
    "Ramos",
    "Ribeiro",
    "Rodrigues",
    "Romero",
    "Sánchez",
    "Santos",
    "Silva",
    "Soares",
    "Sousa",
    "Teixeira",
    "Vasconcelos",
    "Vieira",
    "Araújo",
    "Brandão",
    "Peña",
]
_TRADES = [
    ("Padaria", "pt"),
    ("Mercearia", "pt"),
    ("Talho", "pt"),
    ("Ferragens", "pt"),
    ("Restaurante", "pt"),
    ("Pastelaria", "pt"),
    ("Construções", "pt"),
    ("Transportes", "pt"),
    ("Farmácia", "pt"),
    ("Panificadora", "br"),
    ("Distribuidora", "br"),
    ("Comércio de Alimentos", "br"),
    ("Autopeças", "br"),
    ("Materiais de Construção", "br"),
    ("Supermercado", "br"),
    ("Panadería", "es"),
    ("Ferretería", "es"),
    ("Distribuciones", "es"),
    ("Bodegas", "es"),
    ("Construcciones", "es"),
    ("Transportes", "es"),
    ("Alimentación", "es"),
]
_SUFFIX = {
    "pt": ["Lda", "& Filhos, Lda", "Unipessoal, Lda", "S.A."],
    "br": ["Ltda.", "ME", "EIRELI", "S.A."],
    "es": ["S.L.", "Hermanos S.L.", "S.A.", "e Hijos S.L."],
}
_CITIES = {
    "pt": ["Porto", "Lisboa", "Braga", "Coimbra", "Faro", "Aveiro", "Évora", "Funchal"],
    "br": [
        "São Paulo - SP",
        "Rio de Janeiro - RJ",
        "Belo Horizonte - MG",
        "Curitiba - PR",
        "Recife - PE",
    ],
    "es": ["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "A Coruña", "Málaga"],
}
TERMS_MIX = [
    "net 30",
    "2% 10, net 30",
    "2% 5, 1% 14, net 30",
    "1% 14, net 30",
    "net 30",
    "net 15",
    "2% 10, net 45",
]

# description, low price, high price, quantity kind ("n" whole units, "kg" three decimals, "h" half hours)
PRODUCTS: list[tuple[str, str, str, str]] = [
    ("Bacalhau graúdo (kg)", "9.50", "18.90", "kg"),
    ("Azeite virgem extra 5 L", "24.00", "39.00", "n"),
    ("Vinho do Porto tawny 75 cl", "8.90", "32.00", "n"),
    ("Café torrado em grão (kg)", "11.00", "22.00", "kg"),
    ("Queijo da Serra (kg)", "19.00", "29.50", "kg"),
    ("Jamón ibérico de bellota (kg)", "45.00", "89.00", "kg"),
    ("Aceite de oliva virgen 1 L", "5.20", "9.80", "n"),
    ("Arroz carolino 1 kg", "1.10", "1.90", "n"),
    ("Feijão preto 1 kg", "1.40", "2.60", "n"),
    ("Farinha de mandioca (kg)", "2.10", "4.80", "kg"),
    ("Guaraná 2 L (caixa 6)", "9.00", "15.00", "n"),
    ("Conservas de atum (caixa 24)", "28.00", "44.00", "n"),
    ("Parafusos inox M6 (caixa 100)", "4.50", "9.90", "n"),
    ("Tinta acrílica branca 15 L", "39.00", "72.00", "n"),
    ("Cimento Portland 25 kg", "4.10", "6.90", "n"),
    ("Horas de consultoria", "45.00", "95.00", "h"),
    ("Horas de manutenção", "28.00", "55.00", "h"),
    ("Transporte e entrega", "15.00", "120.00", "n"),
    ("Embalagens de cartão (fardo)", "12.00", "30.00", "n"),
    ("Pão de queijo congelado (cx)", "18.00", "32.00", "n"),
]


class DemoCancelled(Cancelled):
    """The demo was cancelled; nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    orders: int
    invoices: int
    credit_notes: int
    corrective_invoices: int
    payments: int
    settlements: int
    refunds: int
    unbilled_items: int
    today: date
    bulk: bool

    def __str__(self) -> str:
        return (
            f"Demo book as of {self.today.isoformat()}: {self.customers:,} customers, {self.orders:,} orders, "
            f"{self.invoices:,} invoices, {self.credit_notes:,} credit notes, "
            f"{self.corrective_invoices:,} corrective invoices, {self.payments:,} payments, "
            f"{self.settlements:,} settlements, {self.refunds:,} refunds, "
            f"{self.unbilled_items:,} unbilled items"
            + (" (history written in bulk)." if self.bulk else ".")
        )


# ---------------------------------------------------------------- the plan of the history


@dataclass
class PlannedPayment:
    on: date
    amount: Decimal
    reference: str
    settle: bool  # False: money on account, left as customer credit


@dataclass
class PlannedInvoice:
    customer: int  # index into the customer codes
    on: date
    lines: list[LineInput]
    order_on: date | None = None  # invoiced in full from an order placed that day
    payments: list[PlannedPayment] = field(default_factory=list)


def customer_names(count: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(name, terms, address, tax id) for `count` customers; the story's come first."""
    out = list(STORY_CUSTOMERS[:count])
    seen = {name for name, *_ in out}
    while len(out) < count:
        trade, country = rng.choice(_TRADES)
        surname = rng.choice(_SURNAMES)
        if country == "es":
            name = f"{trade} {surname} {rng.choice(_SUFFIX['es'])}"
        else:
            name = f"{trade} {surname} {rng.choice(_SUFFIX[country])}"
        if name in seen:
            name = f"{name} ({len(out) + 1})"
        seen.add(name)
        city = rng.choice(_CITIES[country])
        address = f"{rng.choice(['Rua', 'Avenida', 'Calle', 'Travessa'])} {rng.choice(_SURNAMES)} {rng.randint(1, 400)}, {city}"
        tax = {
            "pt": f"PT5{rng.randrange(10**8):08d}",
            "br": f"{rng.randrange(10**8):08d}/0001-{rng.randrange(100):02d}",
            "es": f"ESB{rng.randrange(10**8):08d}",
        }[country]
        out.append((name, rng.choice(TERMS_MIX), address, tax))
    return out


def _random_line(rng: random.Random, cur: Currency) -> LineInput:
    desc, low, high, kind = rng.choice(PRODUCTS)
    lo, hi = cur.to_minor(Decimal(low)), cur.to_minor(Decimal(high))
    price = cur.from_minor(rng.randint(lo, hi))
    if kind == "kg":
        qty = Decimal(rng.randint(500, 25000)) / 1000
    elif kind == "h":
        qty = Decimal(rng.randint(1, 16)) / 2
    else:
        qty = Decimal(rng.choice([1, 1, 2, 3, 4, 5, 6, 10, 12, 20, 24, 50]))
    return LineInput(desc, qty.quantize(Decimal("0.001")), price)


def plan_history(
    count: int,
    terms: Sequence[Terms],
    today: date,
    rng: random.Random,
    cur: Currency,
    span_days: int = 400,
) -> list[PlannedInvoice]:
    """Ordinary invoices over the last `span_days`, with the payments customers made.

    Older invoices are mostly paid (early payers take the cash discount, a
    few pay a little short or over, within the tolerance), some partially;
    recent ones mostly open — so every aging bucket has items.
    """
    dates = sorted(today - timedelta(days=rng.randint(0, span_days)) for _ in range(count))
    plan: list[PlannedInvoice] = []
    ref = 0
    for on in dates:
        c = rng.randrange(len(terms))
        t = terms[c]
        lines = [_random_line(rng, cur) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
        total = sum((cur.round(x.quantity * x.unit_price) for x in lines), ZERO)
        item = PlannedInvoice(c, on, lines)
        if rng.random() < 0.15:
            item.order_on = max(
                on - timedelta(days=rng.randint(0, 10)), today - timedelta(days=span_days + 10)
            )
        age = (today - on).days
        paid_share = 0.9 if age > 90 else 0.75 if age > 45 else 0.5 if age > 20 else 0.25
        roll = rng.random()
        if roll < paid_share:
            early = bool(t.tiers) and rng.random() < 0.5
            if early:
                pay_on = on + timedelta(days=rng.randint(1, t.tiers[-1].days))
            else:
                pay_on = on + timedelta(
                    days=rng.randint(t.tiers[-1].days + 1 if t.tiers else 5, t.net_days + 45)
                )
            if pay_on <= today:
                tier = t.tier_on(on, pay_on)
                discount = cur.round(total * tier.percent / 100) if tier else ZERO
                money = total - discount
                quirk = rng.random()
                if quirk < 0.03:
                    money -= Decimal("0.20")  # short by cents: written off (tolerance 0.50)
                elif quirk < 0.05:
                    money += Decimal("0.30")  # over by cents: written off
                elif quirk < 0.07:
                    money += Decimal("5.00")  # over: stays as customer credit
                ref += 1
                item.payments.append(
                    PlannedPayment(pay_on, money, f"TRF {pay_on:%Y%m%d}-{ref:06d}", True)
                )
        elif roll < paid_share + 0.08:
            pay_on = on + timedelta(days=rng.randint(3, 40))
            if pay_on <= today:
                money = cur.round(total * Decimal(rng.randint(20, 80)) / 100)
                if money > 0:
                    ref += 1
                    item.payments.append(
                        PlannedPayment(pay_on, money, f"TRF {pay_on:%Y%m%d}-{ref:06d}", True)
                    )
        if rng.random() < 0.01:
            pay_on = min(on + timedelta(days=rng.randint(0, 30)), today)
            ref += 1
            item.payments.append(
                PlannedPayment(
                    pay_on, cur.from_minor(rng.randint(1000, 50000)), f"ON ACCOUNT {ref:06d}", False
                )
            )
        plan.append(item)
    return plan


# ---------------------------------------------------------------- writing the history


def post_history(
    plan: Sequence[PlannedInvoice], codes: Sequence[str], tick: Callable[[int], None]
) -> None:
    """Post the planned history through the services, one action at a time."""
    for n, item in enumerate(plan, start=1):
        code = codes[item.customer]
        if item.order_on is not None:
            order = orders.create_order(code, item.order_on, item.lines)
            qty = {seq: line.quantity for seq, line in enumerate(item.lines, start=1)}
            inv = orders.invoice_order(order.number, item.on, line_qty=qty)
        else:
            inv = invoices.create_invoice(code, item.on, lines=item.lines)
        for p in item.payments:
            pay = payments.create_payment(code, p.on, p.amount, reference=p.reference)
            if p.settle:
                settlements.settle(pay.number, [inv.number], on=p.on)
        tick(n)


class BulkWriter:
    """Writes the planned history as the services would, with `insert_many`."""

    CHUNK = 2000  # planned invoices between flushes
    # parents before children: foreign keys are checked at once
    MODELS = (
        Order,
        OrderLine,
        Invoice,
        InvoiceLine,
        Payment,
        Settlement,
        JournalEntry,
        JournalLine,
    )

    def __init__(self, customers: Sequence[Customer], cur: Currency) -> None:
        self.cur = cur
        self.params = book.params()
        self.customers = customers
        self.terms = [book.customer_terms(c) for c in customers]
        self.stamp = str(audit_stamp())
        self.ids = {m: self._next_id(m) for m in self.MODELS}
        self.counters = {name: self._counter(name) for name in ("INV", "DRAFT", "SO", "PAY")}
        self.rows: dict[Any, list[tuple[Any, ...]]] = {m: [] for m in self.ids}

    @staticmethod
    def _next_id(model: Any) -> int:
        return int(model.select(fn.COALESCE(fn.MAX(model.id), 0)).scalar()) + 1

    @staticmethod
    def _counter(name: str) -> int:
        row = Counter.get_or_none(Counter.name == name)
        return row.value if row else 0

    def _id(self, model: Any) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def _number(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}-{self.counters[prefix]:06d}"

    def _entry(
        self, on: date, description: str, lines: Iterable[Line | None], **refs: int | None
    ) -> None:
        kept = [x for x in lines if x is not None and (x.debit or x.credit)]
        if not kept:
            return
        entry = self._id(JournalEntry)
        self.rows[JournalEntry].append(
            (
                entry,
                on.isoformat(),
                description,
                refs.get("invoice"),
                refs.get("payment"),
                refs.get("settlement"),
                None,
                None,
            )
        )
        to_minor = self.cur.to_minor
        for x in kept:
            self.rows[JournalLine].append(
                (self._id(JournalLine), entry, x.account, to_minor(x.debit), to_minor(x.credit))
            )

    def add(self, item: PlannedInvoice) -> None:
        cur = self.cur
        cust = self.customers[item.customer]
        terms = self.terms[item.customer]
        amounts = [cur.to_minor(cur.round(x.quantity * x.unit_price)) for x in item.lines]
        total = sum(amounts)
        order_id: int | None = None
        order_lines: list[int] = []
        if item.order_on is not None:
            order_id = self._id(Order)
            self.rows[Order].append(
                (
                    order_id,
                    self._number("SO"),
                    cust.id,
                    item.order_on.isoformat(),
                    "invoiced",
                    0,
                    total,
                    total,
                    0,
                    0,
                    "",
                )
            )
            for seq, (x, amount) in enumerate(zip(item.lines, amounts, strict=True), start=1):
                ol = self._id(OrderLine)
                order_lines.append(ol)
                q = qty_to_milli(x.quantity)
                self.rows[OrderLine].append(
                    (
                        ol,
                        order_id,
                        seq,
                        x.description,
                        q,
                        cur.to_minor(x.unit_price),
                        amount,
                        q,
                        False,
                    )
                )
        self.counters["DRAFT"] += 1  # the services number the draft before posting it
        inv_id = self._id(Invoice)
        number = self._number("INV")
        for seq, (x, amount) in enumerate(zip(item.lines, amounts, strict=True), start=1):
            self.rows[InvoiceLine].append(
                (
                    self._id(InvoiceLine),
                    inv_id,
                    seq,
                    x.description,
                    qty_to_milli(x.quantity),
                    cur.to_minor(x.unit_price),
                    amount,
                    order_lines[seq - 1] if order_lines else None,
                    None,
                    "bill",
                )
            )
        discount_date = terms.discount_until(terms.tiers[0], item.on) if terms.tiers else None
        percent_bp = int(terms.tiers[0].percent * 100) if terms.tiers else 0
        money_total = cur.from_minor(total)
        self._entry(
            item.on, f"Invoice {number}", dr_cr(RECEIVABLES, SALES, money_total), invoice=inv_id
        )
        settled = 0
        discount_taken = 0
        for p in item.payments:
            pay_id = self._id(Payment)
            pay_number = self._number("PAY")
            self._entry(
                p.on, f"Payment {pay_number}", dr_cr(BANK, ADVANCES, p.amount), payment=pay_id
            )
            applied = 0
            settlement_row: tuple[Any, ...] | None = None
            if p.settle:
                state = OpenInvoice(
                    number=number,
                    date=item.on,
                    due_date=terms.due_date(item.on),
                    total=money_total,
                    balance=cur.from_minor(total - settled),
                    terms=terms,
                    discount_taken=cur.from_minor(discount_taken),
                )
                preview = plan_settlement(
                    source=pay_number,
                    source_kind=PAYMENT,
                    available=p.amount,
                    invoices=[state],
                    on=p.on,
                    params=self.params,
                    currency=cur,
                )
                app = preview.applications[0]
                sid = self._id(Settlement)
                settlement_row = (
                    sid,
                    pay_id,
                    None,
                    inv_id,
                    p.on.isoformat(),
                    cur.to_minor(app.amount),
                    cur.to_minor(app.discount),
                    cur.to_minor(app.writeoff),
                    cur.to_minor(app.full_settlement),
                    app.explanation,
                    None,
                    False,
                )
                settled += cur.to_minor(app.settles)
                discount_taken += cur.to_minor(app.discount + app.full_settlement)
                applied = cur.to_minor(app.amount)
                self._entry(
                    p.on,
                    f"Settlement {sid}: {pay_number} → {number}",
                    journal_for([app], PAYMENT),
                    settlement=sid,
                    invoice=inv_id,
                    payment=pay_id,
                )
            self.rows[Payment].append(
                (
                    pay_id,
                    pay_number,
                    cust.id,
                    None,
                    p.on.isoformat(),
                    cur.to_minor(p.amount),
                    applied,
                    0,
                    "bank transfer",
                    p.reference,
                )
            )
            if settlement_row is not None:
                self.rows[Settlement].append(settlement_row)
        status = (
            "posted" if settled == 0 else "settled" if settled == total else "partially_settled"
        )
        self.rows[Invoice].append(
            (
                inv_id,
                number,
                "invoice",
                status,
                cust.id,
                order_id,
                item.on.isoformat(),
                terms.due_date(item.on).isoformat(),
                terms.text,
                discount_date.isoformat() if discount_date else None,
                percent_bp,
                total,
                settled,
                discount_taken,
                None,
                None,
                "",
                self.stamp,
            )
        )

    FIELDS: dict[Any, list[Any]] = {
        Order: [
            Order.id,
            Order.number,
            Order.customer,
            Order.date,
            Order.status,
            Order.discount,
            Order.total,
            Order.invoiced,
            Order.paid,
            Order.refunded,
            Order.notes,
        ],
        OrderLine: [
            OrderLine.id,
            OrderLine.order,
            OrderLine.seq,
            OrderLine.description,
            OrderLine.quantity,
            OrderLine.unit_price,
            OrderLine.amount,
            OrderLine.invoiced_quantity,
            OrderLine.removed,
        ],
        Invoice: [
            Invoice.id,
            Invoice.number,
            Invoice.kind,
            Invoice.status,
            Invoice.customer,
            Invoice.order,
            Invoice.date,
            Invoice.due_date,
            Invoice.terms_text,
            Invoice.discount_date,
            Invoice.discount_percent_bp,
            Invoice.total,
            Invoice.settled,
            Invoice.discount_taken,
            Invoice.corrects,
            Invoice.credits,
            Invoice.reason,
            Invoice.posted_at,
        ],
        InvoiceLine: [
            InvoiceLine.id,
            InvoiceLine.invoice,
            InvoiceLine.seq,
            InvoiceLine.description,
            InvoiceLine.quantity,
            InvoiceLine.unit_price,
            InvoiceLine.amount,
            InvoiceLine.order_line,
            InvoiceLine.original_line,
            InvoiceLine.role,
        ],
        Payment: [
            Payment.id,
            Payment.number,
            Payment.customer,
            Payment.order,
            Payment.date,
            Payment.amount,
            Payment.applied,
            Payment.refunded,
            Payment.method,
            Payment.reference,
        ],
        Settlement: [
            Settlement.id,
            Settlement.payment,
            Settlement.credit_note,
            Settlement.invoice,
            Settlement.date,
            Settlement.amount,
            Settlement.discount,
            Settlement.writeoff,
            Settlement.full_settlement,
            Settlement.explanation,
            Settlement.reverses,
            Settlement.automatic,
        ],
        JournalEntry: [
            JournalEntry.id,
            JournalEntry.date,
            JournalEntry.description,
            JournalEntry.invoice,
            JournalEntry.payment,
            JournalEntry.settlement,
            JournalEntry.refund,
            JournalEntry.order,
        ],
        JournalLine: [
            JournalLine.id,
            JournalLine.entry,
            JournalLine.account,
            JournalLine.debit,
            JournalLine.credit,
        ],
    }

    def flush(self) -> None:
        """Insert what is pending, parents before children (foreign keys are checked at once)."""
        for model in self.MODELS:
            rows = self.rows[model]
            if rows:
                _insert_rows(model, self.FIELDS[model], rows)
            rows.clear()

    def finish(self) -> None:
        self.flush()
        for name, value in self.counters.items():
            Counter.insert(name=name, value=value).on_conflict(
                conflict_target=[Counter.name], update={Counter.value: value}
            ).execute()
        db = database.obj
        if isinstance(db, PostgresqlDatabase):
            # Rows were written with their ids: move the id sequences past them.
            for model in self.ids:
                table = model._meta.table_name
                db.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
                )


def _insert_rows(model: Any, fields: Sequence[Any], rows: list[tuple[Any, ...]]) -> None:
    """Plain DB-API inserts: peewee's per-value SQL building would cost 4x the time.

    Values are already in their stored form (minor units, ISO dates).
    """
    db = database.obj
    cols = ", ".join(f'"{f.column_name}"' for f in fields)
    head = f'INSERT INTO "{model._meta.table_name}" ({cols}) VALUES '
    if isinstance(db, PostgresqlDatabase):
        from psycopg2.extras import execute_values

        execute_values(db.cursor(), head + "%s", rows, page_size=1000)
    else:
        db.cursor().executemany(head + "(" + ", ".join("?" * len(fields)) + ")", rows)


def write_history(
    plan: Sequence[PlannedInvoice],
    customers: Sequence[Customer],
    cur: Currency,
    tick: Callable[[int], None],
) -> None:
    writer = BulkWriter(customers, cur)
    for n, item in enumerate(plan, start=1):
        writer.add(item)
        if n % writer.CHUNK == 0:
            writer.flush()
            tick(n)
    writer.finish()
    tick(len(plan))


# ---------------------------------------------------------------- the story


def _story(codes: Sequence[str], today: date, cur: Currency) -> None:
    """Every rule once, through the services (SPEC §3–§5), dated relative to `today`."""

    def d(days: int) -> date:
        return today - timedelta(days=days)

    def c(i: int) -> str:
        return codes[i % len(codes)]

    def m(text: str) -> Decimal:
        return cur.parse(text)

    def line(text: str) -> LineInput:
        return invoices.parse_line(text, cur)

    def pay(
        i: int,
        on: int,
        amount: str,
        ref: str = "",
        order: str | None = None,
        method: str = "bank transfer",
    ) -> str:
        return payments.create_payment(
            c(i), d(on), m(amount), order=order, reference=ref, method=method
        ).number

    def inv(i: int, on: int, *lines: str) -> str:
        return invoices.create_invoice(c(i), d(on), lines=[line(x) for x in lines]).number

    # §3.2 cash discount within the period; §3.3 a partial payment with its discount.
    a = inv(0, 40, "Bacalhau graúdo (kg);4;25.00")
    settlements.settle(pay(0, 33, "98.00", "TRF CONCEICAO 0412"), [a])
    a = inv(0, 25, "Azeite virgem extra 5 L;4;25.00")
    settlements.settle(pay(0, 20, "49.00", "TRF CONCEICAO 0433"), [a])
    # §3.5 under- and overpayment within the tolerance; §3.6 full settlement.
    a = inv(1, 70, "Jamón ibérico de bellota (kg);4;250.00")
    settlements.settle(pay(1, 42, "999.60", "TRANSF PEÑA 2231"), [a])
    a = inv(1, 65, "Aceite de oliva virgen 1 L;50;10.00")
    settlements.settle(pay(1, 40, "500.30", "TRANSF PEÑA 2240"), [a])
    a = inv(1, 100, "Vino Rioja crianza 75 cl;50;20.00")
    settlements.settle(pay(1, 75, "990.00", "TRANSF PEÑA 2198"), [a], full_settlement=True)
    # §3.7 tiers: 294.00 on day 3 settles 300.00, 693.00 on day 10 the remaining 700.00.
    a = inv(2, 50, "Conservas de atum (caixa 24);25;40.00")
    settlements.settle(pay(2, 47, "294.00", "TRF ACORES 118"), [a])
    settlements.settle(pay(2, 40, "693.00", "TRF ACORES 121"), [a])
    # §3.7 one payment, several invoices, oldest due first; the last stays partly open.
    inv(2, 95, "Conservas de atum (caixa 24);3;40.00")
    inv(2, 88, "Embalagens de cartão (fardo);4;20.00")
    inv(2, 62, "Transporte e entrega;2;100.00")
    settlements.settle(pay(2, 30, "300.00", "TRF ACORES 130"))
    # §4 the order example: paid 300.00 in advance, invoiced 100.00, a 50.00 discount
    # refunds 50.00, a second invoice of 150.00 completes it; a later one is standalone.
    o = orders.create_order(
        c(3),
        d(60),
        [
            line("Café torrado em grão (kg);10;15.00"),
            line("Açúcar mascavo (kg);20;5.00"),
            line("Embalagens de cartão (fardo);1;50.00"),
        ],
    ).number
    pay(3, 60, "300.00", "CARTÃO 4417", order=o, method="card")
    orders.invoice_order(o, d(55), amount=m("100.00"))
    orders.change_order(o, d(50), discount=m("50.00"))
    orders.invoice_order(o, d(45), amount=m("150.00"))
    invoices.create_invoice(c(3), d(40), lines=[line("Frete;1;35.00")], order=o)
    # An order invoiced by lines, with a deposit; another cancelled and its deposit refunded.
    o = orders.create_order(
        c(3),
        d(20),
        [
            line("Guaraná 2 L (caixa 6);12;18.00"),
            line("Farinha de mandioca (kg);25;4.20"),
        ],
    ).number
    pay(3, 19, "100.00", "PIX 77120", order=o, method="pix")
    orders.invoice_order(o, d(15), line_qty={1: Decimal(6)})
    o = orders.create_order(c(7), d(30), [line("Pão de queijo congelado (cx);10;12.00")]).number
    pay(7, 29, "60.00", "PIX 90211", order=o, method="pix")
    orders.cancel_order(o, d(25))
    # §3.4 a credit note nets the discount taken: the customer is owed 99.00, not 100.00.
    a = inv(4, 60, "Parafusos inox M6 (caixa 100);40;5.00")
    settlements.settle(pay(4, 50, "198.00", "TRF GUIMARAES 77"), [a])
    credit_notes.create_credit_note(a, d(45), amount=m("100.00"), reason="Devolução de mercadoria")
    a = inv(4, 35, "Tinta acrílica branca 15 L;10;12.00")
    credit_notes.create_credit_note(a, d(30), lines={1: Decimal(2)}, reason="Duas latas danificadas")
    # §5 corrections: 8 hours corrected to 6 (2 unbilled); a paid invoice corrected
    # (customer credit, the unbilled part not chargeable); one billed later.
    a = inv(5, 35, "Horas de consultoria;8;50.00")
    correct(a, d(30), {1: Decimal(6)})
    a = inv(5, 75, "Tradução (páginas);10;30.00")
    settlements.settle(pay(5, 60, "300.00", "TRANSF HDZ 5521"), [a])
    ci = correct(a, d(50), {1: Decimal(8)})
    write_off_unbilled(UnbilledItem.get(UnbilledItem.invoice == ci.id).id, d(48))
    a = inv(5, 28, "Formação (horas);4;80.00")
    ci = correct(a, d(26), {1: Decimal(3)})
    bill_unbilled(UnbilledItem.get(UnbilledItem.invoice == ci.id).id, d(20))
    # Open and overdue items in every aging bucket; money on account; an unsettlement.
    for days, text in [
        (200, "Queijo da Serra (kg);12;25.00"),
        (150, "Arroz carolino 1 kg;200;1.10"),
        (105, "Feijão preto 1 kg;90;2.00"),
        (75, "Café torrado em grão (kg);6;15.00"),
        (45, "Vinho do Porto tawny 75 cl;5;12.00"),
        (12, "Azeite virgem extra 5 L;3;25.00"),
    ]:
        inv(6, days, text)
    pay(6, 5, "150.00", "TRF SAO JOAO 0090")
    a = inv(6, 18, "Bacalhau graúdo (kg);10;13.00")
    done = settlements.settle(pay(6, 8, "127.40", "TRF SAO JOAO 0087"), [a])
    settlements.unsettle(done[0].id, on=d(6))


# ---------------------------------------------------------------- entry point


def _has_documents() -> bool:
    return any(m.select().exists() for m in (Customer, Order, Invoice, Payment))


def make_demo(
    customers: int = 20,
    invoices: int = 200,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    bulk: bool | None = None,
) -> DemoSummary:
    """Fill a new book with a story and `invoices` invoices in all (at least the story's).

    `today` is the date the book is 'as of' (default DEMO_TODAY; the window
    and command line pass the clock's date). `progress(done, total)` is
    called as invoices are written, `cancelled()` polled between steps.
    `bulk` forces the direct writer on or off (default: on above
    BULK_THRESHOLD history invoices).
    """
    if customers < 1:
        raise UserError("The demo needs at least one customer.")
    if invoices < 0:
        raise UserError("The number of demo invoices cannot be negative.")
    when = today or DEMO_TODAY
    rng = random.Random(seed)
    with database.atomic():
        if _has_documents():
            raise UserError(
                "The book already has documents; make the demo in a new book with --book."
            )
        cur = book.currency()
        if cur.places != 2:
            raise UserError(
                f"The demo is written in a currency with cents; this book uses {cur.code}."
            )
        if not book.setting("company_name"):
            book.set_setting("company_name", "Distribuidora Atlântica, Lda")
            book.set_setting("company_address", "Rua do Comércio 45, 1100-150 Lisboa")
            book.set_setting("company_tax_id", "PT500000000")
        book.set_setting("max_underpayment", "0.50")
        book.set_setting("max_overpayment", "0.50")
        people = customer_names(customers, rng)
        width = max(4, len(str(customers)))
        rows = [
            add_customer(
                f"C{i:0{width}d}",
                name,
                terms=terms,
                address=address,
                tax_id=tax,
                email=f"contas{i}@example.com",
            )
            for i, (name, terms, address, tax) in enumerate(people, start=1)
        ]
        codes = [r.code for r in rows]
        _story(codes, when, cur)
        story_invoices = Invoice.select().where(Invoice.kind.in_(("invoice", "standalone"))).count()
        count = max(invoices - story_invoices, 0)
        total = story_invoices + count

        def tick(done: int) -> None:
            if cancelled is not None and cancelled():
                raise DemoCancelled("The demo was cancelled; the book is unchanged.")
            if progress is not None:
                progress(story_invoices + done, total)

        tick(0)
        terms = [book.customer_terms(r) for r in rows]
        plan = plan_history(count, terms, when, rng, cur)
        use_bulk = count > BULK_THRESHOLD if bulk is None else bulk
        if use_bulk:
            write_history(plan, rows, cur, tick)
        else:
            post_history(plan, codes, tick)
        return DemoSummary(
            customers=Customer.select().count(),
            orders=Order.select().count(),
            invoices=Invoice.select().where(Invoice.kind.in_(("invoice", "standalone"))).count(),
            credit_notes=Invoice.select().where(Invoice.kind == "credit_note").count(),
            corrective_invoices=Invoice.select().where(Invoice.kind == "corrective").count(),
            payments=Payment.select().count(),
            settlements=Settlement.select().count(),
            refunds=Refund.select().count(),
            unbilled_items=UnbilledItem.select().count(),
            today=when,
            bulk=use_bulk,
        )
