"""Mutation test of the importer: one cell of an exported history changed at a time (issue 7).

The history (`mutation_history.HISTORY`) is explicit service calls. Its
exported workbook gets one cell changed and is imported into an empty book.
Either the import refuses it, and every problem names a sheet, a row and a
column; or it accepts it, and then the imported book must be exactly the
book the services give for the same history with the same change made to
the argument the cell came from (`_expected_history`): every `show --json`
(customer, order, invoice, payment, for every key) and the aging figures
are compared. A cell that is no service argument (totals, status, the
settlement's discount and explanation, line roles, unbilled items …) is
derived by the services, so the import must refuse a change to it; the
only accepted changes of such cells are no-ops (`_no_op`), compared with
the unchanged history's book.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

from app.errors import UserError
from app.exchange import ImportRefused, export_sheets, import_book, replay_check
from app.exchange.check_replay import _Rows
from app.exchange.schema import FREE_TEXT, KEYS, SHEETS
from app.read.check import check_book
from app.services import book
from models.db import close_db, init_db
from tests.integration.mutation_history import HISTORY, Step, run_history

Sheets = dict[str, list[list[Any]]]
Case = tuple[str, int, int, Any]

# Cell -> argument of the step that made the row, per kind of step.
# Customers, Orders, Payments, Refunds, OrderChanges, Settlements, Invoices:
ARGS: dict[str, dict[str, str]] = {
    "customer": {
        "name": "name",
        "terms": "terms",
        "address": "address",
        "tax_id": "tax_id",
        "email": "email",
    },
    "payment": {
        "customer": "customer",
        "order": "order",
        "date": "on",
        "amount": "amount",
        "method": "method",
        "reference": "reference",
        "number": "number",
    },
    "invoice": {
        "customer": "customer",
        "order": "order",
        "date": "on",
        "terms": "terms",
        "number": "number",
    },
    "credit": {"credits": "invoice", "date": "on", "reason": "reason", "number": "number"},
    "correct": {"corrects": "invoice", "date": "on", "number": "number"},
    "order_invoice": {"date": "on", "order": "order"},
    "order": {
        "customer": "customer",
        "date": "on",
        "notes": "notes",
        "discount": "discount",
        "number": "number",
    },
    "settle": {"date": "on", "amount": "amount", "full_settlement": "full_settlement"},
    "unsettle": {"date": "on"},
    "refund": {
        "source": "source",
        "date": "on",
        "amount": "amount",
        "reason": "reason",
        "number": "number",
    },
    "order_change": {"date": "on", "discount": "discount"},
}
# What a blank cell means for an argument: the service's own default (the
# import leaves the argument out, or passes the default).
OMITTED: dict[str, Any] = {
    "terms": None,
    "order": None,
    "method": "bank transfer",
    "amount": None,
    "full_settlement": False,
    "discount": Decimal(0),
}
LINE_FIELDS = ("description", "quantity", "unit_price", "order_line")


# ---------------------------------------------------------------- books


def _fresh(company: str) -> None:
    init_db(":memory:", backup=False)
    book.initialise("EUR", company)


def _export() -> Sheets:
    return {name: [list(r) for r in rows] for name, _cols, rows in export_sheets()}


def _state() -> dict[str, Any]:
    """Every `show --json` by key, and the aging figures at two dates."""
    from app.read import aging, queries
    from models.tables import Customer, Invoice, Order, Payment

    return {
        "customers": {c.code: queries.show_customer(c.code) for c in Customer.select()},
        "orders": {o.number: queries.show_order(o.number) for o in Order.select()},
        "invoices": {i.number: queries.show_invoice(i.number) for i in Invoice.select()},
        "payments": {p.number: queries.show_payment(p.number) for p in Payment.select()},
        "aging": [
            [(c.code, c.buckets, c.credit) for c in aging.compute_aging(on).customers]
            for on in (dt.date(2026, 1, 31), dt.date(2026, 6, 30))
        ],
    }


def _book_of(history: tuple[Step, ...] | list[Step]) -> dict[str, Any]:
    _fresh("Origem")
    try:
        run_history(history)
        return _state()
    finally:
        close_db()


# ---------------------------------------------------------------- cell -> argument


def _step_of(sheet: str, row: dict[str, Any]) -> int | None:
    """Index in HISTORY of the step that made this row (None: a consequence of another step)."""
    key: Any = {
        "Customers": row.get("code"),
        "Orders": row.get("number"),
        "OrderLines": row.get("order"),
        "Invoices": row.get("number"),
        "InvoiceLines": row.get("invoice"),
        "Payments": row.get("number"),
        "Refunds": row.get("number"),
        "Settlements": (row.get("source"), row.get("invoice"), row.get("seq")),
        "OrderChanges": (row.get("order"), row.get("seq")),
    }.get(sheet)
    return next((i for i, s in enumerate(HISTORY) if s.makes == key), None)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _changed_step(sheet: str, row: dict[str, Any], col: str, value: Any) -> tuple[int, Step] | None:
    """(index, step with the argument the changed cell stands for changed), or None."""
    i = _step_of(sheet, row)
    if i is None:
        return None
    step = HISTORY[i]
    if isinstance(value, str) and col not in FREE_TEXT:
        value = value.strip()  # the workbook reader trims every cell but free text
    if sheet in ("OrderLines", "InvoiceLines"):
        new = _line_step(step, row, col, value)
        return None if new is None else (i, new)
    name = ARGS[step.kind].get(col)
    if name is None:
        return None
    if _blank(value):
        value = OMITTED.get(name, "")
    if sheet == "Orders" and col == "discount":
        # The order's discount is its creation's plus its changes' (the import splits it so).
        changes = sum(
            s.args["discount"]
            for s in HISTORY
            if s.kind == "order_change" and s.makes[0] == row["number"]
        )
        value = value - changes
    if col == "full_settlement":
        value = bool(value)
    return i, step.with_arg((name,), value)


def _line_step(step: Step, row: dict[str, Any], col: str, value: Any) -> Step | None:
    if step.kind == "order_invoice" and col in ("description", "order_line"):
        step = _as_invoice(step)  # what the order invoice's line stands for, written out
    if step.kind in ("invoice", "order") and col in LINE_FIELDS[: 3 if step.kind == "order" else 4]:
        return step.with_arg(("lines", row["line"] - 1, col), value)
    if step.kind == "credit" and col == "amount" and value is not None:
        return step.with_arg(("amount",), -value)  # a credit note by amount: one line of -amount
    if step.kind == "order_invoice" and col == "unit_price" and row["quantity"] == 1:
        return step.with_arg(("amount",), value)  # an order invoiced by amount: one line of 1
    if step.kind == "correct" and col == "quantity" and row["role"] == "bill":
        return step.with_arg(("quantities", row["original_line"]), value)
    return None


def _as_invoice(step: Step) -> Step:
    """`invoice_order(number, on, amount=A)` as the invoice it posts: one line of quantity 1, price A."""
    customer = next(s for s in HISTORY if s.makes == step.args["order"]).args["customer"]
    terms = next(s for s in HISTORY if s.makes == customer).args["terms"]
    line = {
        "description": f"Partial invoice of order {step.args['order']}",
        "quantity": Decimal(1),
        "unit_price": step.args["amount"],
        "order_line": None,
    }
    return Step(
        "invoice",
        step.makes,
        {
            "customer": customer,
            "on": step.args["on"],
            "terms": terms,
            "order": step.args["order"],
            "lines": [line],
        },
    )


def _no_op(old: Any, new: Any, required: bool) -> bool:
    """A change the import may accept without it standing for any argument.

    - the same value written differently (None and "", surrounding spaces,
      1 and 1.00): nothing changed;
    - a blank optional cell: the workbook says nothing, so the import takes
      what the services compute (a derived column left empty), never a guess.
    """
    if isinstance(old, str | type(None)) and isinstance(new, str | type(None)):
        if (old or "").strip() == (new or "").strip():
            return True
    elif old == new:
        return True
    return _blank(new) and not required


def _expected_history(sheets: Sheets, case: Case) -> tuple[Step, ...] | None:
    """HISTORY with the changed argument, or None when the cell stands for no argument."""
    sheet, r, c, value = case
    cols = SHEETS[sheet]
    row = {cc.name: sheets[sheet][r][j] for j, cc in enumerate(cols)}
    found = _changed_step(sheet, row, cols[c].name, value)
    if found is None:
        return None
    history = list(HISTORY)
    history[found[0]] = found[1]
    if sheet == "Customers":
        # An order invoice takes its customer's terms when posted; its workbook
        # row states them, so it stands for the invoice with those terms.
        history = [_as_invoice(s) if s.kind == "order_invoice" else s for s in history]
    return tuple(history)


# ---------------------------------------------------------------- mutations


def _mutate(value: Any, kind: str, rng: random.Random) -> Any:
    if kind == "money":
        return (value or Decimal(0)) + rng.choice(
            [Decimal("1.00"), Decimal("-0.01"), Decimal("-5.00"), Decimal("0.10")]
        )
    if kind == "qty":
        return (value or Decimal(0)) + rng.choice([Decimal(1), Decimal("-0.5"), Decimal("0.25")])
    if kind == "date":
        return (value or dt.date(2026, 1, 1)) + dt.timedelta(days=rng.choice([1, -1, -3, 30]))
    if kind == "int":
        return (value or 0) + rng.choice([1, -1])
    if kind == "bool":
        return not value
    return rng.choice(
        ["X-1", "", "C9", "C1", "invoice", "2% 10, net 30", f"  {value or ''} ", "Nova Lda"]
    )


def _cases(sheets: Sheets, n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    cells = [
        (s, r, c)
        for s, rows in sheets.items()
        if s != "Book"
        for r in range(len(rows))
        for c in range(len(SHEETS[s]))
    ]
    # Cells that stand for a service argument drawn three times as often: most
    # changes of the others are refused, and the accepted ones are the point.
    cells += [
        cell
        for cell in cells
        if _expected_history(sheets, (*cell, sheets[cell[0]][cell[1]][cell[2]]))
    ] * 2
    out = []
    for _ in range(n):
        s, r, c = rng.choice(cells)
        out.append((s, r, c, _mutate(sheets[s][r][c], SHEETS[s][c].kind, rng)))
    return out


# ---------------------------------------------------------------- one case


def _one(sheets: Sheets, base: dict[str, Any], case: Case) -> str:
    sheet, r, c, value = case
    changed = {k: [list(row) for row in v] for k, v in sheets.items()}
    changed[sheet][r][c] = value
    _fresh("Destino")
    try:
        try:
            import_book(_Rows(changed))
        except ImportRefused as e:
            assert e.problems
            for p in e.problems:
                assert p.sheet in SHEETS and p.row >= 2 and p.column, p
            return "refused"
        got = _state()
        assert check_book().ok, case
        assert replay_check().differences == [], case
        _reads_back(changed, case)
    finally:
        close_db()
    history = _expected_history(sheets, case)
    if history is None:
        col = SHEETS[sheet][c]
        assert col.name in ORDERING or _no_op(sheets[sheet][r][c], value, col.required), (
            f"the import accepted a change of {sheet}.{col.name} {sheets[sheet][r][c]!r} -> {value!r}, "
            "a cell the services compute (no argument of theirs)"
        )
        # A no-op, or a place in the posting sequence (it only orders the replay):
        # the unchanged book.
        assert got == base, case
        return "no-op"
    try:
        expected = _book_of(history)
    except UserError as e:
        raise AssertionError(f"the import accepted {case}, the services refuse it: {e}") from None
    assert got == expected, case
    return "compared"


# Columns that only place a row in the replay's order (posted; `after`, for an order
# change that posted nothing); re-exported they are renumbered, not read back.
ORDERING = frozenset({"posted", "after"})


def _reads_back(changed: Sheets, case: Case) -> None:
    """Re-exported, a filled changed cell reads back as written (spaces aside)."""
    sheet, r, c, value = case
    if SHEETS[sheet][c].name in ORDERING or _blank(value):
        return
    again = _export()
    key_cols = [i for i, cc in enumerate(SHEETS[sheet]) if cc.name in KEYS[sheet]]
    key = tuple(_strip(changed[sheet][r][i]) for i in key_cols)
    match = [row for row in again[sheet] if tuple(row[i] for i in key_cols) == key]
    assert match, case
    back = match[0][c]
    assert back == value or (isinstance(value, str) and back == value.strip()), (case, match[0])


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _run(n: int, seed: int) -> dict[str, int]:
    base_history = list(HISTORY)
    _fresh("Origem")
    try:
        run_history(base_history)
        sheets = _export()
        base = _state()
    finally:
        close_db()
    seen = {"refused": 0, "compared": 0, "no-op": 0}
    for case in _cases(sheets, n, seed):
        seen[_one(sheets, base, case)] += 1
    return seen


def test_single_cell_changes_are_refused_or_give_the_services_book() -> None:
    seen = _run(40, seed=7)
    assert seen["refused"] >= 10 and seen["compared"] >= 5, seen


@pytest.mark.slow
def test_single_cell_changes_are_refused_or_give_the_services_book_many() -> None:
    seen = _run(320, seed=11)
    assert sum(seen.values()) == 320
    assert seen["refused"] >= 100 and seen["compared"] >= 40, seen
