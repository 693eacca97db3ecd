"""The command line (SPEC §8): every operation of the window, scriptable.

Shape of a command
------------------
Each subcommand is an argparse sub-parser whose handler is attached with
``parser.set_defaults(func=handler)``. A handler receives the parsed
``argparse.Namespace`` and returns the exit code (``int``). ``main`` opens
the book once (``book.open_book(url)``) before calling any handler, except
for the window (no command) and ``screenshot``, which open it themselves.
Handlers call the services of ``app/`` (one user action, one transaction)
and never catch ``UserError``: ``main`` turns it into one sentence on
stderr and exit code 1; anything else is a bug, shown as "Internal error"
with its traceback and exit code 3 (argparse's usage errors exit 2).

Report commands (``aging``, ``pdf``, ``import``, ``export``) live in
``app/cli/reports.py``, which exposes ``register(subparsers)`` adding its
sub-parsers with the same ``set_defaults(func=...)`` convention; this
module calls it when that module exists.

Commands that create a document print its number (a settlement: its id)
as the last line of stdout, so scripts can ``tail -n 1``. Dates default to
today: this is the one module that reads the clock; the domain receives
dates as parameters.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.read import queries
from app.rules.dates import parse_date
from app.rules.money import Currency, parse_quantity
from app.services import (
    book,
    credit_notes,
    customers,
    documents,
    invoices,
    orders,
    payments,
    refunds,
    settlements,
)

ENV_BOOK = "ACERTO_BOOK"
Handler = Callable[[argparse.Namespace], int]


# ---------------------------------------------------------------- helpers


def default_book() -> str:
    """The book used without --book: $ACERTO_BOOK, else the user's data folder."""
    env = os.environ.get(ENV_BOOK, "").strip()
    if env:
        return env
    import platformdirs

    return str(Path(platformdirs.user_data_dir("Acerto")) / "book.sqlite")


def _out(*lines: object) -> None:
    for line in lines:
        print(line)


def _day(text: str | None, what: str = "date") -> date:
    """A typed date, or today when none was given."""
    if text is None:
        return date.today()
    return parse_date(text, what)


def _opt_day(text: str | None, what: str = "date") -> date | None:
    return None if text is None else parse_date(text, what)


def _cur() -> Currency:
    return book.currency()


def _amount(text: str | None, what: str = "amount") -> Decimal | None:
    return None if text is None else _cur().parse(text, what)


def _whole(text: str, what: str) -> int:
    raw = str(text).strip()
    if not raw.isdigit():
        raise UserError(f'The {what} "{text}" is not a whole number such as 1, 2 or 3.')
    return int(raw)


def _pairs(items: Sequence[str] | None, what: str) -> dict[int, Decimal]:
    """'N=QTY' options (line number and quantity) into a mapping."""
    out: dict[int, Decimal] = {}
    for item in items or ():
        left, sep, right = str(item).partition("=")
        if not sep:
            raise UserError(f'"{item}" must be written as LINE=QUANTITY, e.g. 1=6.')
        seq = _whole(left, f'line number in {what} "{item}"')
        if seq in out:
            raise UserError(f"Line {seq} is named twice in {what}.")
        out[seq] = parse_quantity(right.strip(), f"quantity of line {seq}")
    return out


def _discount(text: str | None) -> Decimal:
    """An order's --discount; none given is no discount."""
    discount = _amount(text, "order discount")
    return discount if discount is not None else Decimal(0)


def _lines(items: Sequence[str] | None) -> list[invoices.LineInput]:
    cur = _cur()
    return [invoices.parse_line(text, cur) for text in items or ()]


def _money(value: str) -> str:
    """'1234.50' as the book shows it: '1,234.50'."""
    cur = _cur()
    return cur.display(Decimal(value))


def _table(
    rows: Sequence[Sequence[object]], right: set[int] | None = None, indent: str = "  "
) -> list[str]:
    """Rows as aligned text; columns in `right` (amounts) aligned right."""
    if not rows:
        return []
    right = right or set()
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    out = []
    for r in cells:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        out.append((indent + "  ".join(parts)).rstrip())
    return out


def _listing(
    headers: Sequence[str], rows: Sequence[Sequence[object]], right: set[int], empty: str
) -> int:
    """A list command's output: the rows under their headers, or `empty` when there are none."""
    if not rows:
        _out(empty)
        return 0
    _out(*_table([headers, *rows], right=right, indent=""))
    return 0


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- book and settings


def cmd_init(args: argparse.Namespace) -> int:
    book.initialise(args.currency, args.company or "")
    if args.address:
        book.set_setting("company_address", args.address)
    if args.tax_id:
        book.set_setting("company_tax_id", args.tax_id)
    if args.terms:
        book.set_setting("default_terms", args.terms)
    s = book.settings()
    _out(
        f"Book {args.book_url} ready: currency {s['currency']}, company "
        f'"{s["company_name"]}", default terms {s["default_terms"]}.'
    )
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    s = book.settings()
    if args.json:
        _print_json(s)
    else:
        _out(*_table([(k, v) for k, v in s.items()], indent=""))
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    stored = book.set_setting(args.key, args.value)
    _out(f"{args.key} = {stored}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.read.check import check_book

    if getattr(args, "replay", False):
        return _check_replay()
    report = check_book()
    for fact in report.facts:
        print(fact)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.ok:
        print("The book is consistent.")
        return 0
    print(f"The book has {len(report.problems)} problem(s).", file=sys.stderr)
    return 1


def _check_replay() -> int:
    from app.exchange import replay_check

    replay = replay_check()
    for difference in replay.differences:
        print(difference, file=sys.stderr)
    if replay.differences:
        print(f"Replay: {len(replay.differences)} difference(s).", file=sys.stderr)
        return 1
    c = replay.counts
    print(f"Replay: no difference ({c['documents']} documents, {c['settlements']} settlements, "
          f"{c['journal lines']} journal lines) in {replay.seconds:.1f} s.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.read.check import backup

    path = backup(args.dest)
    _out(f"Backup written to {path}.", str(path))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import make_demo

    today = _day(args.today, "demo date")
    last = [-1]

    def progress(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if pct // 10 != last[0] // 10 and not args.quiet:
            last[0] = pct
            print(f"  {done:,} of {total:,} invoices", file=sys.stderr)

    summary = make_demo(
        customers=args.customers,
        invoices=args.invoices,
        seed=args.seed,
        today=today,
        progress=progress,
    )
    _out(str(summary))
    return 0


# ---------------------------------------------------------------- customers


def cmd_customer_add(args: argparse.Namespace) -> int:
    c = customers.add_customer(
        args.code,
        args.name,
        terms=args.terms,
        address=args.address or "",
        tax_id=args.tax_id or "",
        email=args.email or "",
    )
    terms = (
        c.terms.text if c.terms is not None else f"{book.setting('default_terms')} (book default)"
    )
    _out(f"Customer {c.code} {c.name}, terms {terms}.", c.code)
    return 0


def cmd_customer_edit(args: argparse.Namespace) -> int:
    fields = {
        k: v
        for k, v in {
            "name": args.name,
            "terms": args.terms,
            "address": args.address,
            "tax_id": args.tax_id,
            "email": args.email,
        }.items()
        if v is not None
    }
    if not fields:
        raise UserError("Nothing to change: give --name, --terms, --address, --tax-id or --email.")
    c = customers.update_customer(args.code, **fields)
    _out(f"Customer {c.code} changed.", c.code)
    return 0


def cmd_customer_list(args: argparse.Namespace) -> int:
    rows = []
    for c in queries.find_customers(args.search or "", limit=args.limit):
        j = queries.show_customer(c.code)
        rows.append(
            (
                c.code,
                c.name,
                j["terms"],
                _money(j["open_balance"]),
                _money(j["credit"]),
                _money(j["net_balance"]),
            )
        )
    if args.json:
        _print_json([queries.show_customer(str(r[0])) for r in rows])
        return 0
    return _listing(
        ("Code", "Name", "Terms", "Open", "Credit", "Net"), rows, {3, 4, 5}, "No customers."
    )


# ---------------------------------------------------------------- orders


def cmd_order_add(args: argparse.Namespace) -> int:
    discount = _discount(args.discount)
    o = orders.create_order(
        args.customer,
        _day(args.date),
        _lines(args.line),
        discount=discount,
        draft=args.draft,
        notes=args.notes or "",
    )
    state = "draft" if args.draft else "order"
    _out(
        f"{state.capitalize()} {o.number} for {o.customer.code}: total {_cur().display(_cur().from_minor(o.total))}.",
        o.number,
    )
    return 0


def cmd_order_post(args: argparse.Namespace) -> int:
    o = orders.post_order(args.number)
    _out(f"Order posted as {o.number}.", o.number)
    return 0


def cmd_order_delete(args: argparse.Namespace) -> int:
    orders.delete_draft_order(args.number)
    _out(f"Draft order {args.number} deleted.")
    return 0


def cmd_order_change(args: argparse.Namespace) -> int:
    from peewee import fn

    from models.db import database
    from models.tables import Refund

    cur = _cur()
    remove = [_whole(n, "order line number") for n in args.remove_line or ()]
    discount = _discount(args.discount)
    with database.atomic():
        before = Refund.select(fn.MAX(Refund.id)).scalar() or 0
        change = orders.change_order(
            args.number,
            _day(args.date),
            remove_lines=remove,
            add_lines=_lines(args.line),
            discount=discount,
        )
        refunds = list(
            Refund.select()
            .where((Refund.order == documents.get_order(args.number).id) & (Refund.id > before))
            .order_by(Refund.id)
        )
    _out(
        f"Order {change.order.number} changed ({change.description}): total "
        f"{cur.display(cur.from_minor(change.old_total))} → {cur.display(cur.from_minor(change.new_total))}."
    )
    for r in refunds:
        reason = r.reason.removeprefix("Refund: ")
        _out(f"Refund {r.number}: {cur.display(cur.from_minor(r.amount))} ({reason}).")
    _out(refunds[-1].number if refunds else change.order.number)
    return 0


def cmd_order_cancel(args: argparse.Namespace) -> int:
    from models.tables import Refund

    cur = _cur()
    o = orders.cancel_order(args.number, _day(args.date))
    refunds = list(Refund.select().where(Refund.order == o.id).order_by(Refund.id))
    _out(f"Order {o.number} cancelled.")
    for r in refunds:
        _out(f"Refund {r.number}: {cur.display(cur.from_minor(r.amount))}.")
    _out(o.number)
    return 0


def cmd_order_list(args: argparse.Namespace) -> int:
    from models.tables import Customer, Order

    q = Order.select(Order, Customer).join(Customer).order_by(Order.date, Order.id)
    if args.customer:
        q = q.where(Customer.code == documents.get_customer(args.customer).code)
    cur = _cur()
    rows = [
        (
            o.number,
            o.date.isoformat(),
            o.customer.code,
            o.status,
            cur.display(cur.from_minor(o.total)),
            cur.display(cur.from_minor(o.invoiced)),
            cur.display(cur.from_minor(o.paid - o.refunded)),
        )
        for o in q.limit(args.limit)
    ]
    return _listing(
        ("Number", "Date", "Customer", "Status", "Total", "Invoiced", "Received"),
        rows,
        {4, 5, 6},
        "No orders.",
    )


# ---------------------------------------------------------------- invoices


def cmd_invoice_add(args: argparse.Namespace) -> int:
    cur = _cur()
    on = _day(args.date)
    amount = _amount(args.amount, "invoice amount")
    chosen = _pairs(args.order_line, "--order-line")
    if not args.customer and not args.order:
        raise UserError("Name the customer with --customer (or the order with --order).")
    if chosen and not args.order:
        raise UserError("--order-line invoices lines of an order; name the order with --order.")
    if args.order and not args.line:
        order = documents.get_order(args.order)
        if args.customer and documents.get_customer(args.customer).id != order.customer_id:
            raise UserError(
                f"Order {order.number} belongs to another customer than {args.customer}."
            )
        inv = orders.invoice_order(
            order.number, on, amount=amount, line_qty=chosen or None, draft=args.draft
        )
    else:
        customer = args.customer or documents.get_order(args.order).customer.code
        inv = invoices.create_invoice(
            customer,
            on,
            lines=_lines(args.line) if args.line else None,
            amount=amount,
            order=args.order,
            draft=args.draft,
        )
    inv = documents.get_invoice(inv.number)
    word = (
        "Draft invoice"
        if inv.status == "draft"
        else ("Standalone invoice" if inv.kind == "standalone" else "Invoice")
    )
    text = f"{word} {inv.number} for {inv.customer.code}: total {cur.display(cur.from_minor(inv.total))}"
    if inv.status != "draft":
        text += f", due {inv.due_date.isoformat()}"
        if inv.settled:
            text += (
                f", {cur.display(cur.from_minor(inv.settled))} settled from money received on "
                f"order {documents.get_order(args.order).number}"
            )
    _out(text + ".", inv.number)
    return 0


def cmd_invoice_post(args: argparse.Namespace) -> int:
    inv = invoices.post_invoice(args.number)
    _out(f"Invoice posted as {inv.number}.", inv.number)
    return 0


def cmd_invoice_delete(args: argparse.Namespace) -> int:
    invoices.delete_draft(args.number)
    _out(f"Draft {args.number} deleted.")
    return 0


def cmd_invoice_edit(args: argparse.Namespace) -> int:
    """Change a draft invoice: its date and/or replace its lines."""
    from models.db import database
    from models.tables import InvoiceLine

    invoices.refuse_if_posted(args.number)
    if args.date is None and not args.line:
        raise UserError("Nothing to change: give --date or --line.")
    cur = _cur()
    on = _opt_day(args.date)
    lines = _lines(args.line)
    with database.atomic():
        invoices.refuse_if_posted(args.number)
        inv = documents.get_invoice(args.number)
        if inv.kind == "corrective":
            raise UserError(f"{inv.number} is a draft correction; use `acerto correct` instead.")
        if on is not None:
            inv.date = on
            inv.due_date = on
        if lines:
            invoices._check_lines(lines)
            InvoiceLine.delete().where(InvoiceLine.invoice == inv.id).execute()
            inv.total = 0
            invoices.write_lines(inv, lines, cur, inv.order if inv.order_id else None)
        inv.save()
    _out(f"Draft {inv.number} changed: total {cur.display(cur.from_minor(inv.total))}.", inv.number)
    return 0


def cmd_invoice_list(args: argparse.Namespace) -> int:
    from models.tables import Customer, Invoice

    q = Invoice.select(Invoice, Customer).join(Customer).order_by(Invoice.due_date, Invoice.id)
    if args.customer:
        q = q.where(Invoice.customer == documents.get_customer(args.customer).id)
    if args.open:
        q = q.where((Invoice.status != "draft") & (Invoice.settled != Invoice.total))
    cur = _cur()
    rows = [
        (
            i.number,
            i.kind,
            i.status,
            i.customer.code,
            i.date.isoformat(),
            i.due_date.isoformat(),
            cur.display(cur.from_minor(i.total)),
            cur.display(cur.from_minor(i.total - i.settled)),
        )
        for i in q.limit(args.limit)
    ]
    return _listing(
        ("Number", "Kind", "Status", "Customer", "Date", "Due", "Total", "Balance"),
        rows,
        {6, 7},
        "No invoices.",
    )


# ---------------------------------------------------------------- payments and settling


def cmd_payment_add(args: argparse.Namespace) -> int:
    cur = _cur()
    amount = cur.parse(args.amount, "payment amount")
    pay = payments.create_payment(
        args.customer,
        _day(args.date),
        amount,
        order=args.order,
        reference=args.ref or "",
        method=args.method or "bank transfer",
    )
    pay = documents.get_payment(pay.number)
    text = f"Payment {pay.number} from {pay.customer.code}: {cur.display(amount)}"
    if pay.applied:
        text += f", {cur.display(cur.from_minor(pay.applied))} applied to invoices of order {documents.get_order(args.order).number}"
    _out(text + ".", pay.number)
    return 0


def _per_invoice(items: Sequence[str] | None) -> dict[str, Decimal] | None:
    """'--apply INVOICE=AMOUNT' options: the amount to settle per invoice."""
    if not items:
        return None
    out: dict[str, Decimal] = {}
    for item in items:
        number, sep, text = str(item).rpartition("=")
        if not sep or not number.strip():
            raise UserError(f'"{item}" must be written as INVOICE=AMOUNT, e.g. INV-000001=100.00.')
        inv = documents.get_invoice(number)
        if inv.number in out:
            raise UserError(f"Invoice {inv.number} is named twice in --apply.")
        out[inv.number] = _cur().parse(text, f"amount to apply to {inv.number}")
    return out


def cmd_settle(args: argparse.Namespace) -> int:
    cur = _cur()
    amounts = _per_invoice(args.apply)
    invoices = list(args.invoices)
    for number in amounts or ():
        if number not in invoices and invoices:
            invoices.append(number)
    rows = settlements.settle(
        args.source,
        invoices,
        amount=_amount(args.amount, "amount to apply"),
        full_settlement=args.full_settlement,
        on=_opt_day(args.date, "settlement date"),
        amounts=amounts,
    )
    for row in rows:
        _out(f"Settlement {row.id}: {row.explanation}")
    src = documents.get_source(args.source, cur)
    _out(f"{src.number} has {cur.display(src.available)} left to apply.")
    _out(*(str(row.id) for row in rows))
    return 0


def cmd_unsettle(args: argparse.Namespace) -> int:
    from models.tables import Settlement

    sid = _whole(args.settlement, "settlement")
    on = _opt_day(args.date, "unsettlement date")
    if on is None:
        row = Settlement.get_or_none(Settlement.id == sid)
        # Today, unless the settlement is dated later (a book kept ahead of the clock).
        on = max(date.today(), row.date) if row is not None else date.today()
    rev = settlements.unsettle(sid, on=on)
    _out(f"Settlement {rev.id}: {rev.explanation}", str(rev.id))
    return 0


def cmd_refund(args: argparse.Namespace) -> int:
    cur = _cur()
    r = refunds.refund_credit(
        args.source,
        _day(args.date),
        amount=_amount(args.amount, "refund amount"),
        reason=args.reason or "",
    )
    _out(
        f"Refund {r.number}: {cur.display(cur.from_minor(r.amount))} to {r.customer.code}.",
        r.number,
    )
    return 0


# ---------------------------------------------------------------- credit notes, corrections


def cmd_credit_note(args: argparse.Namespace) -> int:
    from models.tables import Settlement

    cur = _cur()
    amount = _amount(args.amount, "amount to credit")
    lines = _pairs(args.line, "--line") or None
    cn = credit_notes.create_credit_note(
        args.invoice, _day(args.date), amount=amount, lines=lines, reason=args.reason or ""
    )
    cn = documents.get_invoice(cn.number)
    owed = cn.settled - cn.total
    _out(
        f"Credit note {cn.number} on {cn.credits.number}: {cur.display(cur.from_minor(-cn.total))}."
    )
    for s in Settlement.select().where(Settlement.credit_note == cn.id).order_by(Settlement.id):
        _out(f"Settlement {s.id}: {s.explanation}")
    _out(f"Credit owed to {cn.customer.code}: {cur.display(cur.from_minor(owed))}.", cn.number)
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from app.services.corrections import correct

    cur = _cur()
    quantities = _pairs(args.qty, "--qty")
    remove = [_whole(n, "line number") for n in args.remove_line or ()]
    ci = correct(args.invoice, _day(args.date), quantities=quantities, remove=remove)
    ci = documents.get_invoice(ci.number)
    _out(
        f"Corrective invoice {ci.number} of {ci.corrects.number}: {cur.display(cur.from_minor(ci.total))}."
    )
    for u in ci.unbilled:
        _out(
            f"Unbilled item {u.id}: {u.description}, {_qty(u.quantity)} = {cur.display(cur.from_minor(u.amount))}."
        )
    _out(ci.number)
    return 0


def _qty(milli: int) -> str:
    from app.rules.money import fmt_qty, qty_from_milli

    return fmt_qty(qty_from_milli(milli))


def cmd_unbilled_list(args: argparse.Namespace) -> int:
    from models.tables import Customer, Invoice, UnbilledItem

    cur = _cur()
    q = (
        UnbilledItem.select(UnbilledItem, Customer, Invoice)
        .join(Customer)
        .switch(UnbilledItem)
        .join(Invoice, on=(UnbilledItem.invoice == Invoice.id))
        .order_by(UnbilledItem.id)
    )
    if args.customer:
        q = q.where(UnbilledItem.customer == documents.get_customer(args.customer).id)
    if not args.all:
        q = q.where(UnbilledItem.status == "open")
    rows = [
        (
            u.id,
            u.customer.code,
            u.invoice.number,
            u.description,
            _qty(u.quantity),
            cur.display(cur.from_minor(u.amount)),
            u.status,
        )
        for u in q
    ]
    return _listing(
        ("Id", "Customer", "From", "Description", "Qty", "Amount", "Status"),
        rows,
        {0, 4, 5},
        "No unbilled items.",
    )


def cmd_unbilled_bill(args: argparse.Namespace) -> int:
    from app.services.corrections import bill_unbilled

    cur = _cur()
    inv = bill_unbilled(_whole(args.id, "unbilled item"), _day(args.date))
    _out(
        f"Unbilled item {args.id} billed on invoice {inv.number}: {cur.display(cur.from_minor(inv.total))}.",
        inv.number,
    )
    return 0


def cmd_unbilled_write_off(args: argparse.Namespace) -> int:
    from app.services.corrections import write_off_unbilled

    item = write_off_unbilled(_whole(args.id, "unbilled item"), _day(args.date))
    _out(f"Unbilled item {item.id} marked not chargeable.")
    return 0


# ---------------------------------------------------------------- show


def cmd_show(args: argparse.Namespace) -> int:
    what = args.what
    if what == "settlement":
        from models.tables import Settlement

        row = Settlement.get_or_none(Settlement.id == _whole(args.key, "settlement"))
        if row is None:
            raise UserError(f"There is no settlement {args.key}.")
        data = queries.settlements_json([row], _cur())[0]
    else:
        data = {
            "customer": queries.show_customer,
            "order": queries.show_order,
            "invoice": queries.show_invoice,
            "payment": queries.show_payment,
        }[what](args.key)
    if args.json:
        _print_json(data)
    else:
        _out(*RENDER[what](data))
    return 0


def _m(value: str | None) -> str:
    return "" if value is None else _money(value)


def _kv(pairs: Sequence[tuple[str, object]]) -> list[str]:
    width = max(len(k) for k, _ in pairs)
    return [f"{k.ljust(width)}  {v}" for k, v in pairs if v not in (None, "")]


def _amounts(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """Labelled amounts with their decimal points under one another."""
    width = max(len(k) for k, _ in pairs)
    vals = [_money(v) for _, v in pairs]
    vw = max(len(v) for v in vals)
    return [f"{k.ljust(width)}  {v.rjust(vw)}" for (k, _), v in zip(pairs, vals, strict=True)]


def _settlement_lines(rows: Sequence[dict[str, Any]], show_invoice: bool) -> list[str]:
    if not rows:
        return []
    head = (
        "Id",
        "Date",
        "Invoice" if show_invoice else "Source",
        "Applied",
        "Discount",
        "Write-off",
        "Full settl.",
    )
    table = [head] + [
        (
            s["id"],
            s["date"],
            s["invoice"] if show_invoice else s["source"],
            _m(s["amount"]),
            _m(s["discount"]),
            _m(s["writeoff"]),
            _m(s["full_settlement"]),
        )
        for s in rows
    ]
    out = ["", "Settlements", *_table(table, right={0, 3, 4, 5, 6})]
    for s in rows:
        out.append(f"  [{s['id']}] {s['explanation']}")
    return out


def _journal_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    table = [("Date", "Entry", "Account", "Debit", "Credit")] + [
        (
            j["date"],
            j["description"],
            j["account"],
            _m(j["debit"]) if j["debit"] != _zero() else "",
            _m(j["credit"]) if j["credit"] != _zero() else "",
        )
        for j in rows
    ]
    return ["", "Journal", *_table(table, right={3, 4})]


def _zero() -> str:
    return _cur().fmt(Decimal(0))


def render_invoice(d: dict[str, Any]) -> list[str]:
    kind = {
        "invoice": "Invoice",
        "standalone": "Standalone invoice",
        "credit_note": "Credit note",
        "corrective": "Corrective invoice",
    }[d["kind"]]
    out = [f"{kind} {d['number']} ({d['status'].replace('_', ' ')})"]
    out += _kv(
        [
            ("Customer", f"{d['customer']} {d.get('customer_name', '')}".strip()),
            ("Order", d["order"]),
            ("Date", d["date"]),
            ("Due", d["due_date"]),
            ("Terms", d.get("terms")),
            (
                "Discount",
                f"{d['discount_percent']} % until {d['discount_date']}"
                if d.get("discount_percent")
                else None,
            ),
            ("Corrects", d["corrects"]),
            ("Credits", d.get("credits")),
            ("Reason", d.get("reason")),
        ]
    )
    if d["lines"]:
        out += [
            "",
            "Lines",
            *_table(
                [("#", "Description", "Qty", "Unit price", "Amount")]
                + [
                    (
                        ln["line"],
                        ln["description"],
                        ln["quantity"],
                        _m(ln["unit_price"]),
                        _m(ln["amount"]),
                    )
                    for ln in d["lines"]
                ],
                right={0, 2, 3, 4},
            ),
        ]
    out += [""] + _amounts(
        [("Total", d["total"]), ("Settled", d["settled"]), ("Balance", d["balance"])]
    )
    if d["unbilled"]:
        out += [
            "",
            "Unbilled",
            *_table(
                [("Id", "Description", "Qty", "Amount", "Status")]
                + [
                    (
                        u.get("id", ""),
                        u["description"],
                        u["quantity"],
                        _m(u["amount"]),
                        u.get("status", ""),
                    )
                    for u in d["unbilled"]
                ],
                right={0, 2, 3},
            ),
        ]
    out += _settlement_lines(d["settlements"], show_invoice=d["kind"] == "credit_note")
    out += _journal_lines(d["journal"])
    return out


def render_payment(d: dict[str, Any]) -> list[str]:
    out = [f"Payment {d['number']}"]
    out += _kv(
        [
            ("Customer", d["customer"]),
            ("Order", d["order"]),
            ("Date", d["date"]),
            ("Method", d.get("method")),
            ("Reference", d.get("reference")),
        ]
    )
    out += [""] + _amounts(
        [
            ("Amount", d["amount"]),
            ("Applied", d["applied"]),
            ("Refunded", d["refunded"]),
            ("Unapplied", d["unapplied"]),
        ]
    )
    out += _settlement_lines(d["settlements"], show_invoice=True)
    if d.get("refunds"):
        out += [
            "",
            "Refunds",
            *_table([(r["number"], r["date"], _m(r["amount"])) for r in d["refunds"]], right={2}),
        ]
    out += _journal_lines(d["journal"])
    return out


def render_customer(d: dict[str, Any]) -> list[str]:
    out = [f"Customer {d['code']} {d['name']}"]
    out += _kv(
        [
            ("Terms", d["terms"]),
            ("Address", d.get("address")),
            ("Tax id", d.get("tax_id")),
            ("E-mail", d.get("email")),
        ]
    )
    out += [""] + _amounts(
        [
            ("Open balance", d["open_balance"]),
            ("Credit", d["credit"]),
            ("Net balance", d["net_balance"]),
        ]
    )
    return out


def render_order(d: dict[str, Any]) -> list[str]:
    out = [f"Order {d['number']} ({d['status'].replace('_', ' ')})"]
    out += _kv([("Customer", d["customer"]), ("Date", d.get("date"))])
    if d.get("lines"):
        out += [
            "",
            "Lines",
            *_table(
                [("#", "Description", "Qty", "Unit price", "Amount", "Invoiced")]
                + [
                    (
                        ln["line"],
                        ln["description"] + (" (removed)" if ln["removed"] else ""),
                        ln["quantity"],
                        _m(ln["unit_price"]),
                        _m(ln["amount"]),
                        ln["invoiced_quantity"],
                    )
                    for ln in d["lines"]
                ],
                right={0, 2, 3, 4, 5},
            ),
        ]
    out += [""] + _amounts(
        [
            ("Discount", d.get("discount", _zero())),
            ("Total", d["total"]),
            ("Invoiced", d["invoiced"]),
            ("Paid", d["paid"]),
            ("Refunded", d["refunded"]),
        ]
    )
    out += _kv(
        [("Invoices", ", ".join(d["invoices"])), ("Payments", ", ".join(d.get("payments", [])))]
    )
    if d["refunds"]:
        out += [
            "",
            "Refunds",
            *_table([(r["number"], r["date"], _m(r["amount"])) for r in d["refunds"]], right={2}),
        ]
    if d.get("changes"):
        out += [
            "",
            "Changes",
            *_table(
                [
                    (c["date"], c["description"], f"{_m(c['old_total'])} → {_m(c['new_total'])}")
                    for c in d["changes"]
                ]
            ),
        ]
    return out


def render_settlement(d: dict[str, Any]) -> list[str]:
    out = [f"Settlement {d['id']}: {d['source']} → {d['invoice']} on {d['date']}"]
    out += _amounts(
        [
            ("Applied", d["amount"]),
            ("Discount", d["discount"]),
            ("Write-off", d["writeoff"]),
            ("Full settlement", d["full_settlement"]),
        ]
    )
    out += ["", d["explanation"]]
    if d.get("reverses"):
        out.append(f"Reverses settlement {d['reverses']}.")
    if d.get("reversed_by"):
        out.append(f"Undone by settlement {d['reversed_by']}.")
    return out


RENDER: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "invoice": render_invoice,
    "payment": render_payment,
    "customer": render_customer,
    "order": render_order,
    "settlement": render_settlement,
}


# ---------------------------------------------------------------- window


def run_window(book_url: str) -> int:
    try:
        from ui.main import run_window as window
    except Exception as exc:  # the window is optional; the command line still works
        print(f"The window is not available: {exc}", file=sys.stderr)
        return 1
    result = window(book_url)
    return int(result or 0)


def cmd_screenshot(args: argparse.Namespace) -> int:
    try:
        from ui.screenshot import take_screenshots
    except Exception as exc:
        print(f"The window is not available: {exc}", file=sys.stderr)
        return 1
    result = take_screenshots(args.book_url, args.dir)
    if isinstance(result, (list, tuple)):
        for path in result:
            print(path)
    return 0


# ---------------------------------------------------------------- parser


def _reports_unavailable(reason: str) -> Handler:
    def handler(args: argparse.Namespace) -> int:
        print(f"The reports are not available: {reason}", file=sys.stderr)
        return 1

    return handler


def _register_reports(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    try:
        present = (
            "app.cli.reports" in sys.modules
            or importlib.util.find_spec("app.cli.reports") is not None
        )
    except (ImportError, ValueError):
        present = False
    if not present:
        return
    try:
        cli_reports = importlib.import_module("app.cli.reports")
    except Exception as exc:
        handler = _reports_unavailable(f"{type(exc).__name__}: {exc}")
        for name in ("aging", "pdf", "import", "export"):
            p = sub.add_parser(name, help="(not available)")
            p.add_argument("rest", nargs=argparse.REMAINDER)
            p.set_defaults(func=handler)
        return
    cli_reports.register(sub)


def _date_opt(p: argparse.ArgumentParser, help_: str = "date (YYYY-MM-DD), default today") -> None:
    p.add_argument("--date", metavar="D", help=help_)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="acerto",
        description="Acerto: receivables reconciliation — orders, invoices, payments, settlements.",
        epilog=f"Without a command the window opens. The book defaults to ${ENV_BOOK} or "
        "book.sqlite in the user's data folder.",
    )
    parser.add_argument(
        "--book", metavar="PATH_OR_URL", help="SQLite file or postgresql://user@host:port/dbname"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="set a new book's currency and company")
    p.add_argument("--currency", default="EUR", help="ISO 4217 code (default EUR)")
    p.add_argument("--company", help="company name")
    p.add_argument("--address", help="company address")
    p.add_argument("--tax-id", help="company tax id")
    p.add_argument("--terms", help='default payment terms, e.g. "net 30"')
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="fill a new book with demonstration data")
    p.add_argument("--customers", type=int, default=20)
    p.add_argument("--invoices", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--today", metavar="D", help="the demo's 'today' (default: today)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_demo)

    # customers
    p = sub.add_parser("customer", help="customers: add, edit, list")
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = csub.add_parser("add", help="add a customer")
    c.add_argument("code")
    c.add_argument("name")
    c.add_argument("--terms", help='payment terms, e.g. "2%% 10, net 30" (default: the book\'s)')
    c.add_argument("--address")
    c.add_argument("--tax-id")
    c.add_argument("--email")
    c.set_defaults(func=cmd_customer_add)
    c = csub.add_parser("edit", help="change a customer's name, terms or details")
    c.add_argument("code")
    c.add_argument("--name")
    c.add_argument("--terms")
    c.add_argument("--address")
    c.add_argument("--tax-id")
    c.add_argument("--email")
    c.set_defaults(func=cmd_customer_edit)
    c = csub.add_parser("list", help="customers with their balances")
    c.add_argument("--search", help="part of the code or name")
    c.add_argument("--limit", type=int, default=200)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_customer_list)

    # orders
    p = sub.add_parser("order", help="orders: add, post, delete, change, cancel, list")
    osub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    o = osub.add_parser("add", help="add an order")
    o.add_argument("--customer", required=True, metavar="C")
    _date_opt(o)
    o.add_argument("--line", action="append", required=True, metavar='"DESC;QTY;PRICE"')
    o.add_argument("--discount", metavar="A")
    o.add_argument("--notes")
    o.add_argument("--draft", action="store_true", help="keep it as a draft")
    o.set_defaults(func=cmd_order_add)
    o = osub.add_parser("post", help="post a draft order")
    o.add_argument("number")
    o.set_defaults(func=cmd_order_post)
    o = osub.add_parser("delete", help="delete a draft order")
    o.add_argument("number")
    o.set_defaults(func=cmd_order_delete)
    o = osub.add_parser("change", help="remove or add lines, give a discount")
    o.add_argument("number", metavar="ORDER")
    o.add_argument("--remove-line", action="append", metavar="N")
    o.add_argument("--discount", metavar="A")
    o.add_argument("--line", action="append", metavar='"DESC;QTY;PRICE"')
    _date_opt(o)
    o.set_defaults(func=cmd_order_change)
    o = osub.add_parser("cancel", help="cancel an order with no invoice")
    o.add_argument("number", metavar="ORDER")
    _date_opt(o)
    o.set_defaults(func=cmd_order_cancel)
    o = osub.add_parser("list", help="orders")
    o.add_argument("--customer", metavar="C")
    o.add_argument("--limit", type=int, default=200)
    o.set_defaults(func=cmd_order_list)

    # invoices
    p = sub.add_parser("invoice", help="invoices: add, post, edit, delete, list")
    isub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    i = isub.add_parser("add", help="add an invoice (posted at once unless --draft)")
    i.add_argument("--customer", metavar="C")
    _date_opt(i)
    i.add_argument("--order", metavar="O")
    g = i.add_mutually_exclusive_group(required=True)
    g.add_argument("--line", action="append", metavar='"DESC;QTY;PRICE"')
    g.add_argument("--amount", metavar="A")
    g.add_argument(
        "--order-line", action="append", metavar="N=QTY", help="invoice QTY of line N of the order"
    )
    i.add_argument("--draft", action="store_true", help="keep it as a draft")
    i.set_defaults(func=cmd_invoice_add)
    i = isub.add_parser("post", help="post a draft invoice")
    i.add_argument("number")
    i.set_defaults(func=cmd_invoice_post)
    i = isub.add_parser("delete", help="delete a draft invoice")
    i.add_argument("number")
    i.set_defaults(func=cmd_invoice_delete)
    i = isub.add_parser("edit", help="change a draft invoice's date or lines")
    i.add_argument("number")
    _date_opt(i, "new date")
    i.add_argument("--line", action="append", metavar='"DESC;QTY;PRICE"', help="replaces all lines")
    i.set_defaults(func=cmd_invoice_edit)
    i = isub.add_parser("list", help="invoices, oldest due first")
    i.add_argument("--customer", metavar="C")
    i.add_argument("--open", action="store_true", help="only those with a balance")
    i.add_argument("--limit", type=int, default=200)
    i.set_defaults(func=cmd_invoice_list)

    # payments
    p = sub.add_parser("payment", help="payments: add")
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = psub.add_parser("add", help="record money received")
    a.add_argument("--customer", required=True, metavar="C")
    _date_opt(a)
    a.add_argument("--amount", required=True, metavar="A")
    a.add_argument("--order", metavar="O", help="a deposit or card payment on an order")
    a.add_argument("--ref", metavar="R", help="bank reference")
    a.add_argument(
        "--method", metavar="M", help="bank transfer, card, cash, ... (default bank transfer)"
    )
    a.set_defaults(func=cmd_payment_add)

    p = sub.add_parser("settle", help="apply a payment or credit note to invoices")
    p.add_argument("source", metavar="SOURCE", help="payment or credit-note number")
    p.add_argument(
        "invoices", metavar="INVOICE", nargs="*", help="default: open invoices, oldest due first"
    )
    p.add_argument("--amount", metavar="A", help="cap on what is applied from SOURCE")
    p.add_argument(
        "--full-settlement", action="store_true", help="waive the remainder as cash discount"
    )
    p.add_argument(
        "--apply",
        action="append",
        metavar="INVOICE=AMOUNT",
        help="amount to settle on one invoice (the discount is still computed from the money)",
    )
    _date_opt(p, "settlement date, decides the discount tier (default: the payment's date)")
    p.set_defaults(func=cmd_settle)

    p = sub.add_parser("unsettle", help="reverse a settlement")
    p.add_argument("settlement", metavar="SETTLEMENT")
    _date_opt(p, "date of the reversal (default today)")
    p.set_defaults(func=cmd_unsettle)

    p = sub.add_parser("refund", help="pay back unapplied credit of a payment or credit note")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--amount", metavar="A", help="default: all that is left")
    _date_opt(p)
    p.add_argument("--reason", metavar="R")
    p.set_defaults(func=cmd_refund)

    p = sub.add_parser("credit-note", help="credit an invoice by amount or by lines")
    p.add_argument("invoice", metavar="INVOICE")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--amount", metavar="A")
    g.add_argument("--line", action="append", metavar="N=QTY", help="credit QTY units of line N")
    p.add_argument("--reason", metavar="R")
    _date_opt(p)
    p.set_defaults(func=cmd_credit_note)

    p = sub.add_parser("correct", help="corrective invoice: new quantities for an invoice's lines")
    p.add_argument("invoice", metavar="INVOICE")
    p.add_argument(
        "--qty",
        action="append",
        metavar="LINE=QTY",
        help="new quantity of a line (lines not named are reversed to 0)",
    )
    p.add_argument("--remove-line", action="append", metavar="N", help="leave line N uncorrected")
    _date_opt(p)
    p.set_defaults(func=cmd_correct)

    p = sub.add_parser("unbilled", help="unbilled items left by corrections")
    usub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    u = usub.add_parser("list", help="open unbilled items")
    u.add_argument("--customer", metavar="C")
    u.add_argument("--all", action="store_true", help="also billed and not chargeable ones")
    u.set_defaults(func=cmd_unbilled_list)
    u = usub.add_parser("bill", help="bill an unbilled item on a new invoice")
    u.add_argument("id", metavar="ID")
    _date_opt(u)
    u.set_defaults(func=cmd_unbilled_bill)
    u = usub.add_parser("write-off", help="mark an unbilled item not chargeable")
    u.add_argument("id", metavar="ID")
    _date_opt(u)
    u.set_defaults(func=cmd_unbilled_write_off)

    p = sub.add_parser("show", help="one document or customer, as text or JSON")
    p.add_argument("what", choices=["customer", "order", "invoice", "payment", "settlement"])
    p.add_argument("key", metavar="KEY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("settings", help="show or change the book's settings")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_settings)
    ssub = p.add_subparsers(dest="action", metavar="ACTION")
    s = ssub.add_parser("set", help="change one setting")
    s.add_argument("key", metavar="KEY")
    s.add_argument("value", metavar="VALUE")
    s.set_defaults(func=cmd_settings_set)

    p = sub.add_parser("check", help="integrity: journal, balances, database")
    p.add_argument("--replay", action="store_true",
                   help="replay the history through the rules into a scratch book and compare")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help="copy the book to a new file")
    p.add_argument("dest", metavar="DEST")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("screenshot", help="main window and every dialog as PNG")
    p.add_argument("dir", metavar="DIR")
    p.set_defaults(func=cmd_screenshot, no_book=True)

    _register_reports(sub)
    return parser


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    url = args.book or default_book()
    args.book_url = url
    func: Handler | None = getattr(args, "func", None)
    try:
        if func is None:
            return run_window(url)
        if getattr(args, "no_book", False):
            return func(args)
        _open(url)
        try:
            return func(args)
        finally:
            from models.db import close_db

            close_db()
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; the book is unchanged by the unfinished action.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader closed our output (`acerto ... | head -1`): the action was
        # done; stop writing quietly instead of calling it a bug.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        print(f"Internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return 3


def _open(url: str) -> None:
    from peewee import DatabaseError, InterfaceError

    from models.migrations import NewerBookError

    try:
        book.open_book(url)
    except NewerBookError as exc:
        raise UserError(str(exc)) from None
    except (DatabaseError, InterfaceError, OSError) as exc:
        raise UserError(
            f"The book {url} cannot be opened: {str(exc).strip() or type(exc).__name__}."
        ) from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
