"""The import replays the workbook through the services (issue 7), and `check --replay`.

- the drift case: an unsettlement `acerto unsettle` refuses is refused by
  the import too, with the service's sentence, and nothing is written;
- `check --replay` finds a settlement's discount or a journal line changed
  with SQL behind the application's back;
- a property: random histories exported and imported into an empty book
  give identical `show --json` and aging, and `check --replay` finds no
  difference in either book.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.errors import UserError
from tests.integration.conftest import Cli

DRIFT_SENTENCE = (
    "Settlement 1 cannot be undone: credit note CN-000001 has since reversed the cash discount "
    "it granted. Refund or apply the customer's credit instead."
)


def _drift_book(cli: Cli) -> None:
    cli.ok("customer", "add", "C1", "Açores Pescas", "--terms", "2% 10, net 30")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100.00")
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-08", "--amount", "98.00")
    cli.ok("settle", "PAY-000001", "INV-000001")
    assert cli.json("invoice", "INV-000001")["settlements"][0]["discount"] == "2.00"
    cli.ok("credit-note", "INV-000001", "--amount", "100.00", "--date", "2026-03-20")


def test_the_drift_case_is_refused_by_unsettle_and_by_import(cli: Cli, tmp_path: Path) -> None:
    _drift_book(cli)
    r = cli.fails("unsettle", "1", match="cannot be undone")
    assert DRIFT_SENTENCE in r.err
    out = tmp_path / "book.xlsx"
    cli.ok("export", str(out))
    wb = openpyxl.load_workbook(out)
    ws = wb["Settlements"]
    header = [c.value for c in ws[1]]
    row = dict.fromkeys(header)
    row.update(
        source="PAY-000001",
        invoice="INV-000001",
        seq=2,
        date="2026-03-21",
        amount=-98,
        discount=-2,
        writeoff=0,
        full_settlement=0,
        reverses=1,
        automatic="no",
    )
    ws.append([row[h] for h in header])
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    net_before = cli.json("customer", "C1")["net_balance"]
    r = cli.fails("import", str(edited), match="was not imported")
    letter = openpyxl.utils.get_column_letter(header.index("reverses") + 1)
    assert (
        f'Settlements row {ws.max_row}, column {letter} (reverses): "1" {DRIFT_SENTENCE}' in r.err
    )
    assert cli.json("customer", "C1")["net_balance"] == net_before == "-98.00"
    # The same workbook without the edit imports as 'nothing new'.
    cli.ok("import", str(out))


def test_check_replay_on_a_clean_book(cli: Cli) -> None:
    _drift_book(cli)
    r = cli.run("check", "--replay")
    assert r.code == 0, r.err
    assert r.out.startswith(
        "Replay: no difference (3 documents, 2 settlements, 11 journal lines) in "
    )


def test_settings_changed_mid_history_replay_as_they_were(cli: Cli, tmp_path: Path) -> None:
    """A tolerance write-off made under max_underpayment 0.50, then the tolerance
    lowered: the replay meets each settlement with the parameters of its time."""
    cli.ok("settings", "set", "max_underpayment", "0.50")
    cli.ok("customer", "add", "C1", "Cliente")
    for n, day in ((1, "01"), (2, "06")):
        cli.ok("invoice", "add", "--customer", "C1", "--date", f"2026-03-{day}", "--amount", "1000")
        cli.ok(
            "payment", "add", "--customer", "C1", "--date", f"2026-03-{day}", "--amount", "999.90"
        )
        cli.ok("settle", f"PAY-00000{n}", f"INV-00000{n}")
        cli.ok("settings", "set", "max_underpayment", "0.00")
    # The first settlement wrote 0.10 off, the second left it open.
    assert cli.json("invoice", "INV-000001")["balance"] == "0.00"
    assert cli.json("invoice", "INV-000002")["balance"] == "0.10"
    assert "no difference" in cli.ok("check", "--replay")
    out = tmp_path / "book.xlsx"
    cli.ok("export", str(out))
    before = {n: cli.json("invoice", n) for n in ("INV-000001", "INV-000002")}
    other = ["--book", str(tmp_path / "other.sqlite")]
    cli.ok(*other, "init", "--currency", "EUR")
    cli.ok(*other, "import", str(out))
    for number, shown in before.items():
        r = cli.run(*other, "show", "invoice", number, "--json")
        assert json.loads(r.out) == shown
    r = cli.run(*other, "settings", "--json")
    assert json.loads(r.out)["max_underpayment"] == "0.00"
    assert "no difference" in cli.ok(*other, "check", "--replay")


def test_check_replay_finds_a_discount_changed_with_sql(cli: Cli, book_path: Path) -> None:
    _drift_book(cli)
    from models.db import close_db, init_db
    from models.tables import Settlement

    init_db(str(book_path), migrate=False)
    Settlement.update(discount=500).where(Settlement.id == 1).execute()
    close_db()
    r = cli.run("check", "--replay")
    assert r.code == 1
    assert "settlement PAY-000001 → INV-000001 #1: discount stored 5.00, replayed 2.00" in r.err


def test_check_replay_finds_a_journal_line_changed_with_sql(cli: Cli, book_path: Path) -> None:
    _drift_book(cli)
    from models.db import close_db, init_db
    from models.tables import JournalEntry, JournalLine

    init_db(str(book_path), migrate=False)
    entry = JournalEntry.get(JournalEntry.description == "Payment PAY-000001")
    JournalLine.update(debit=9900).where(
        (JournalLine.entry == entry.id) & (JournalLine.debit > 0)
    ).execute()
    JournalLine.update(credit=9900).where(
        (JournalLine.entry == entry.id) & (JournalLine.credit > 0)
    ).execute()
    close_db()
    r = cli.run("check", "--replay")
    assert r.code == 1
    assert "(Payment PAY-000001, 2026-03-08): stored only: bank debit 99.00, credit 0.00" in r.err


# ---------------------------------------------------------------- the round trip property

DAY = dt.date(2026, 1, 5)
TERMS = ["2% 10, net 30", "net 15", "3% 5, 1% 14, net 45"]
cents = st.integers(1_00, 900_00)
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "invoice",
                "lines",
                "payment",
                "settle",
                "unsettle",
                "credit",
                "credit_lines",
                "correct",
                "refund",
                "order",
                "order_pay",
                "order_invoice",
                "order_change",
                "order_cancel",
                "settle_part",
                "full",
                "setting",
                "payout",
                "unpay",
            ]
        ),
        st.integers(0, 50),
        st.integers(0, 3),
        cents,
    ),
    min_size=1,
    max_size=25,
)


SETTINGS = [
    ("max_underpayment", ["0.00", "0.50", "5.00"]),
    ("max_overpayment", ["0.00", "1.00"]),
    ("discount_on_partial_payments", ["yes", "no"]),
    ("discount_on_credit_notes", ["yes", "no"]),
    ("full_settlement_allowed", ["yes", "no"]),
]


def _c(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _run_ops(ops: list[tuple[str, int, int, int]]) -> None:
    """A history through the services, dates never going back (as a book is kept)."""
    from app.services import (
        book,
        corrections,
        credit_notes,
        customers,
        invoices,
        orders,
        payments,
        refunds,
        settlements,
    )
    from app.services.invoices import LineInput
    from models.tables import Invoice, Order, Payment, Settlement

    for i, terms in enumerate(TERMS):
        customers.add_customer(f"C{i}", f"Cliente {i}", terms)
    on = DAY
    for n, (what, pick, later, amount) in enumerate(ops):
        on += dt.timedelta(days=later)
        money = Decimal(amount).scaleb(-2)
        c = f"C{pick % len(TERMS)}"
        invs = list(
            Invoice.select()
            .where(Invoice.kind.in_(("invoice", "standalone", "corrective")) & (Invoice.total > 0))
            .order_by(Invoice.id)
        )
        pays = list(Payment.select().order_by(Payment.id))
        ords = list(Order.select().order_by(Order.id))
        inv = invs[pick % len(invs)] if invs else None
        pay = pays[pick % len(pays)] if pays else None
        order = ords[pick % len(ords)] if ords else None
        try:
            if what == "invoice":
                invoices.create_invoice(c, on, amount=money)
            elif what == "lines":
                invoices.create_invoice(
                    c,
                    on,
                    lines=[
                        LineInput("Horas", Decimal(pick % 7 + 1), _c(money / 10)),
                        LineInput("Peças", Decimal("2.5"), Decimal("12.34")),
                    ],
                )
            elif what == "payment":
                payments.create_payment(c, on, money)
            elif what in ("settle", "settle_part", "full") and pay and inv:
                part = money if what == "settle_part" else None
                settlements.settle(
                    pay.number,
                    [inv.number],
                    amount=part,
                    full_settlement=what == "full",
                    on=max(on, pay.date),
                )
            elif what == "unsettle":
                rows = list(Settlement.select().order_by(Settlement.id))
                if rows:
                    settlements.unsettle(rows[pick % len(rows)].id, on=on)
            elif what == "credit" and inv:
                credit_notes.create_credit_note(inv.number, max(on, inv.date), amount=_c(money / 4))
            elif what == "credit_lines" and inv:
                credit_notes.create_credit_note(
                    inv.number, max(on, inv.date), lines={1: Decimal(1)}
                )
            elif what == "correct" and inv:
                corrections.correct(inv.number, max(on, inv.date), {1: Decimal(pick % 3)})
            elif what == "refund" and pay:
                refunds.refund_credit(pay.number, max(on, pay.date), _c(money / 10))
            elif what == "order":
                orders.create_order(
                    c,
                    on,
                    [
                        LineInput("Caixa", Decimal(pick % 4 + 1), _c(money / 5)),
                        LineInput("Tampa", Decimal(2), Decimal("7.50")),
                    ],
                )
            elif what == "order_pay" and order:
                payments.create_payment(order.customer.code, on, _c(money / 3), order=order.number)
            elif what == "order_invoice" and order:
                orders.invoice_order(order.number, max(on, order.date), amount=_c(money / 4))
            elif what == "order_change" and order:
                orders.change_order(order.number, on, discount=_c(money / 20))
            elif what == "order_cancel" and order:
                orders.cancel_order(order.number, on)
            elif what == "setting":
                # The parameters change mid-history, as a bookkeeper changes them.
                key, values = SETTINGS[pick % len(SETTINGS)]
                book.set_setting(key, values[amount % len(values)])
            elif what in ("payout", "unpay"):
                _payout_op(what == "unpay", pick, on, later, n)
        except UserError:
            pass


def _payout_op(reverse: bool, pick: int, on: dt.date, later: int, n: int) -> None:
    """A refund paid out; `reverse`: paid out (if it was not) and the payout taken
    back `later` days on (issue 11: the workbook's PayoutReversals sheet)."""
    from app.services import payouts
    from models.tables import Refund

    rows = list(Refund.select().order_by(Refund.id))
    if not rows:
        return
    ref = rows[pick % len(rows)]
    if ref.paid_on is None:
        payouts.pay_refund(ref.number, max(on, ref.date), f"TRF {n}")
        if not reverse:
            return
    elif not reverse:
        return
    paid_on = payouts.get_refund(ref.number).paid_on
    payouts.reverse_payout(ref.number, paid_on + dt.timedelta(days=later), f"line {n} was not it")


def _state() -> dict[str, Any]:
    from app.exchange.export_reversals import payout_reversals
    from app.read import aging, queries
    from app.services import book
    from models.tables import Customer, Invoice, Order, Payment

    return {
        "customers": [
            queries.show_customer(c.code) for c in Customer.select().order_by(Customer.id)
        ],
        "orders": [queries.show_order(o.number) for o in Order.select().order_by(Order.id)],
        "invoices": [queries.show_invoice(i.number) for i in Invoice.select().order_by(Invoice.id)],
        "payments": [queries.show_payment(p.number) for p in Payment.select().order_by(Payment.id)],
        "aging": [
            (c.code, c.buckets, c.credit)
            for c in aging.compute_aging(dt.date(2026, 6, 30)).customers
        ],
        "payout_reversals": [
            {k: v for k, v in d.items() if k not in ("posted", "paid_posted")}
            for d in payout_reversals(book.currency())
        ],
    }


def round_trip(tmp: Path, ops: list[tuple[str, int, int, int]]) -> None:
    from app.exchange import replay_check
    from app.services import book
    from models.db import close_db, init_db
    from reports.exchange_xlsx import import_exchange, write_exchange

    for name in ("a.sqlite", "b.sqlite", "a.xlsx"):
        (tmp / name).unlink(missing_ok=True)
    init_db(str(tmp / "a.sqlite"), backup=False)
    try:
        book.initialise("EUR", "Origem")
        book.set_setting("max_underpayment", "0.50")
        book.set_setting("max_overpayment", "0.30")
        _run_ops(ops)
        before = _state()
        report = replay_check()
        assert report.differences == []
        write_exchange(tmp / "a.xlsx", book.currency())
        init_db(str(tmp / "b.sqlite"), backup=False)
        book.initialise("EUR", "Destino")
        import_exchange(tmp / "a.xlsx")
        after = _state()
        assert after == before
        assert replay_check().differences == []
    finally:
        close_db()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
@example(
    ops=[
        ("payment", 0, 0, 500_00),
        ("refund", 0, 1, 100_00),
        ("unpay", 0, 1, 1_00),
        ("unpay", 0, 2, 1_00),
        ("payout", 0, 1, 1_00),
        ("invoice", 0, 1, 200_00),
    ]
)
def test_round_trip_of_random_histories(
    tmp_path: Path, ops: list[tuple[str, int, int, int]]
) -> None:
    round_trip(tmp_path, ops)


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_round_trip_of_random_histories_long(
    tmp_path: Path, ops: list[tuple[str, int, int, int]]
) -> None:
    round_trip(tmp_path, ops)
