"""Import, second step: the rows against each other and against the book.

Duplicate keys, references (customer codes, order and invoice numbers,
sources of settlements and refunds) and idempotence: a row whose key is
already in the book must match it (customers, being master data, are
updated instead), so re-importing the same rows changes nothing. Rows that
pass and are new go to the replay. No rule of SPEC §3–§5 is checked here:
the services say what is allowed when the rows are replayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from app.errors import UserError
from app.exchange import export, plan_lines, plan_reversals, plan_settlements, plan_unbilled
from app.exchange.cells import (
    INVALID,
    Checker,
    ImportResult,
    Rec,
    in_book,
    reason_of,
    same,
    shown,
)
from app.exchange.schema import (
    INVOICE_KINDS,
    INVOICE_STATUSES,
    KEYS,
    ORDER_STATUSES,
    RECEIVABLE_KINDS,
    SHEET_ORDER,
    SHEETS,
)
from app.i18n import _
from app.rules.money import Currency
from app.rules.terms import parse_terms
from app.services.customers import customer_language
from models.tables import Customer, Invoice, Order, Payment, Refund


class Plan:
    """Checks the records against each other and the book: keys, references, idempotence.

    What is left in `new` (rows whose key is not in the book yet) is what
    the replay posts through the services; no rule is checked here.
    """

    def __init__(self, chk: Checker, cur: Currency) -> None:
        self.chk = chk
        self.cur = cur
        self.result_ = ImportResult(False)
        # Keys → ids of what is already in the book (only the keys the file names).
        self.customers: dict[str, Any] = {}  # code → Rec (new) or int id (book)
        self.new: dict[str, list[Rec]] = {name: [] for name in SHEETS}
        self.cust_updates: list[tuple[int, Rec]] = []
        # True once the Book sheet was adopted by an empty book (adopt_book): only
        # then does the replay apply the workbook's history of setting changes.
        self.adopted = False
        self.setting_changes: list[Rec] = []
        # Settings a book with documents has otherwise than the Book sheet: (key, ours, theirs).
        self.differing: list[tuple[str, str, str]] = []

    # ---------------------------------------------------------------- helpers

    def _dupes(self, sheet: str) -> list[Rec]:
        """Records with a readable key that is not repeated in the file."""
        keys = KEYS[sheet]
        recs = self.chk.recs[sheet]
        # A one-column key is the value itself; a longer one, the tuple of values.
        key_of: Callable[[Rec], Any] = itemgetter(*keys)
        first: dict[Any, Rec] = {}
        out = []
        for rec, key in zip(recs, map(key_of, recs), strict=True):
            if key is None or key is INVALID or (len(keys) > 1 and (None in key or INVALID in key)):
                continue
            seen = first.setdefault(key, rec)
            if seen is not rec:
                self.chk.fault(
                    rec, keys[-1], _("repeats the key of row {row}").format(row=seen.row)
                )
                continue
            out.append(rec)
        return out

    def _compare(
        self, rec: Rec, existing: Mapping[str, Any], skip: Sequence[str] = ()
    ) -> list[str]:
        """Columns where the file differs from the book (only filled, readable cells count)."""
        diff = []
        for name, value in rec.v.items():
            if (
                name in skip
                or name == "posted"
                or value is None
                or value is INVALID
                or name not in existing
            ):
                continue
            if same(value, existing[name]):
                continue
            diff.append(name)
        return diff

    def _existing(
        self,
        maker: Callable[..., Iterator[dict[str, Any]]],
        field_: Any,
        keys: Iterable[Any],
        key: str,
    ) -> dict[Any, dict[str, Any]]:
        out: dict[Any, dict[str, Any]] = {}
        keys = list(keys)
        if not keys or not field_.model.select().exists():
            return out
        for i in range(0, len(keys), 500):
            for d in maker(self.cur, field_.in_(keys[i : i + 500])):
                out[d[key]] = d
        return out

    # ---------------------------------------------------------------- checks

    def check(self) -> None:
        self._check_customers()
        self._check_orders()
        self._check_order_lines()
        self._check_order_changes()
        self._check_invoices()
        self._check_invoice_lines()
        self._check_payments()
        self._check_refunds_refs()
        self._check_settlements()
        self._check_unbilled()
        plan_reversals.check_reversals(self)

    def _same_or_refuse(
        self, rec: Rec, existing: Mapping[str, Any], what: str, skip: Sequence[str] = ()
    ) -> None:
        diff = self._compare(rec, existing, skip)
        for name in diff:
            self.chk.fault(
                rec,
                name,
                _(
                    "differs from {what} already in the book ({value}); posted documents are never changed by an import"
                ).format(what=what, value=shown(existing[name]) or "empty"),
            )

    def _check_customers(self) -> None:
        recs = self._dupes("Customers")
        codes = [r["code"] for r in recs]
        existing = self._existing(export._customers, Customer.code, codes, "code")
        ids = _ids_of(Customer, Customer.code, list(existing))
        for rec in recs:
            if rec["terms"] not in (None, INVALID):
                try:
                    rec.v["terms"] = parse_terms(rec["terms"]).text
                except UserError as e:
                    self.chk.fault(rec, "terms", reason_of(str(e)))
                    continue
            if rec["language"] not in (None, INVALID):
                try:
                    rec.v["language"] = customer_language(rec["language"])
                except UserError as e:
                    self.chk.fault(rec, "language", reason_of(str(e)))
                    continue
            if rec["code"] in existing:
                old = existing[rec["code"]]
                if self._compare(rec, old):
                    self.cust_updates.append((ids[rec["code"]], rec))
                    self.result_.updated["Customers"].append(rec["code"])
                else:
                    self.result_.unchanged["Customers"] += 1
                self.customers[rec["code"]] = ids[rec["code"]]
            else:
                self.customers[rec["code"]] = rec
                self.new["Customers"].append(rec)

    def _customer_ref(self, rec: Rec, column: str = "customer") -> bool:
        code = rec[column]
        if code is None or code is INVALID:
            return False
        if code in self.customers:
            return True
        cid = Customer.select(Customer.id).where(Customer.code == code).scalar()
        if cid is None:
            self.chk.fault(rec, column, _("is not a customer in this workbook or in the book"))
            return False
        self.customers[code] = cid
        return True

    def _check_orders(self) -> None:
        recs = self._dupes("Orders")
        existing = self._existing(
            export._orders, Order.number, [r["number"] for r in recs], "number"
        )
        self.orders: dict[str, Any] = {}  # number → Rec (new) or dict (book)
        for rec in recs:
            ok = self._customer_ref(rec)
            if rec["status"] not in (None, INVALID) and rec["status"] not in ORDER_STATUSES:
                self.chk.fault(
                    rec,
                    "status",
                    _("is not an order status ({values})").format(values=", ".join(ORDER_STATUSES)),
                )
            if rec["number"] in existing:
                self._same_or_refuse(
                    rec, existing[rec["number"]], _("the order"), skip=("total", "status")
                )
                self.orders[rec["number"]] = existing[rec["number"]]
                self.result_.unchanged["Orders"] += 1
            elif ok:
                self.orders[rec["number"]] = rec
                self.new["Orders"].append(rec)

    def _order_of(self, rec: Rec, column: str, customer: str | None) -> Any:
        number = rec[column]
        if number is None or number is INVALID:
            return None
        found = self.orders.get(number)
        if found is None:
            rows = list(export._orders(self.cur, Order.number == number))
            if not rows:
                self.chk.fault(rec, column, _("is not an order in this workbook or in the book"))
                return None
            found = self.orders[number] = rows[0]
        owner = found["customer"]
        if customer is not None and owner != customer:
            self.chk.fault(
                rec,
                column,
                _("belongs to customer {owner}, not {customer}").format(
                    owner=owner, customer=customer
                ),
            )
            return None
        return found

    def _check_order_lines(self) -> None:
        recs = self._dupes("OrderLines")
        self.order_lines: dict[tuple[str, int], Any] = {}
        book_lines: dict[tuple[str, int], dict[str, Any]] = {}
        numbers = {r["order"] for r in recs if in_book(self.orders.get(r["order"]))}
        for d in export._order_lines(self.cur, Order.number.in_(list(numbers) or [""])):
            book_lines[d["order"], d["line"]] = d
        for rec in recs:
            order = self._order_of(rec, "order", None)
            if order is None:
                continue
            key = (rec["order"], rec["line"])
            if in_book(order):
                if key not in book_lines:
                    self.chk.fault(
                        rec,
                        "line",
                        _(
                            "is a new line of order {order}, which is already in the book; change orders in Acerto"
                        ).format(order=rec["order"]),
                    )
                    continue
                self._same_or_refuse(rec, book_lines[key], _("the order line"))
                self.result_.unchanged["OrderLines"] += 1
            else:
                self.order_lines[key] = rec
                self.new["OrderLines"].append(rec)
        for o in self.new["Orders"]:
            if not any(k[0] == o["number"] for k in self.order_lines):
                self.chk.fault(o, "number", _("has no lines on the OrderLines sheet"))

    def _check_invoices(self) -> None:
        recs = self._dupes("Invoices")
        existing = self._existing(
            export._invoices, Invoice.number, [r["number"] for r in recs], "number"
        )
        self.invoices: dict[str, Any] = {}
        for rec in recs:
            if rec["number"] in existing:
                self._same_or_refuse(
                    rec, existing[rec["number"]], _("the invoice"), skip=("status",)
                )
                self.invoices[rec["number"]] = existing[rec["number"]]
                self.result_.unchanged["Invoices"] += 1
                continue
            ok = self._customer_ref(rec)
            kind, status = rec["kind"], rec["status"]
            if kind is not INVALID and kind not in INVOICE_KINDS:
                self.chk.fault(
                    rec,
                    "kind",
                    _("is not a kind of invoice ({values})").format(
                        values=", ".join(INVOICE_KINDS)
                    ),
                )
                ok = False
            if status == "draft":
                self.chk.fault(rec, "status", _("drafts are not imported; post the invoice first"))
            elif status not in (None, INVALID) and status not in INVOICE_STATUSES:
                self.chk.fault(
                    rec,
                    "status",
                    _("is not an invoice status ({values})").format(
                        values=", ".join(INVOICE_STATUSES)
                    ),
                )
            if rec["terms"] not in (None, INVALID):
                try:
                    rec.v["terms"] = parse_terms(rec["terms"]).text
                except UserError as e:
                    self.chk.fault(rec, "terms", reason_of(str(e)))
            if rec["order"] is not None and ok:
                self._order_of(rec, "order", rec["customer"])
            self.invoices[rec["number"]] = rec
            self.new["Invoices"].append(rec)
        # References between invoices, once every number is known.
        for rec in self.new["Invoices"]:
            for column in ("corrects", "credits"):
                ref = rec[column]
                if ref in (None, INVALID):
                    continue
                target = self._invoice(ref)
                if target is None:
                    self.chk.fault(
                        rec, column, _("is not an invoice in this workbook or in the book")
                    )
                elif target["customer"] != rec["customer"]:
                    self.chk.fault(
                        rec,
                        column,
                        _("belongs to customer {customer}, not {customer2}").format(
                            customer=target["customer"], customer2=rec["customer"]
                        ),
                    )
                elif target["kind"] not in RECEIVABLE_KINDS:
                    self.chk.fault(
                        rec, column, _("is a credit note; only invoices are credited or corrected")
                    )
            if rec["kind"] == "credit_note" and rec["credits"] is None:
                self.chk.fault(
                    rec, "credits", _("is empty; a credit note names the invoice it credits")
                )
            if rec["kind"] == "corrective" and rec["corrects"] is None:
                self.chk.fault(
                    rec,
                    "corrects",
                    _("is empty; a corrective invoice names the invoice it corrects"),
                )

    def _invoice(self, number: str) -> Any:
        found = self.invoices.get(number)
        if found is None:
            rows = list(export._invoices(self.cur, Invoice.number == number))
            if rows:
                found = self.invoices[number] = rows[0]
        return found

    def _check_invoice_lines(self) -> None:
        plan_lines.check_invoice_lines(self)

    def _check_payments(self) -> None:
        recs = self._dupes("Payments")
        existing = self._existing(
            export._payments, Payment.number, [r["number"] for r in recs], "number"
        )
        self.payments: dict[str, Any] = {}
        known, new = self.customers, self.new["Payments"]
        for rec in recs:
            number = rec["number"]
            if number in existing:
                self._same_or_refuse(rec, existing[number], _("the payment"))
                self.payments[number] = existing[number]
                self.result_.unchanged["Payments"] += 1
                continue
            if number in self.invoices:
                self.chk.fault(
                    rec, "number", _("is already the number of an invoice or credit note")
                )
            ok = rec["customer"] in known or self._customer_ref(rec)
            if ok and rec["order"] is not None:
                self._order_of(rec, "order", rec["customer"])
            self.payments[number] = rec
            new.append(rec)

    def _payment(self, number: str) -> Any:
        found = self.payments.get(number)
        if found is None:
            rows = list(export._payments(self.cur, Payment.number == number))
            if rows:
                found = self.payments[number] = rows[0]
        return found

    def _check_refunds_refs(self) -> None:
        recs = self._dupes("Refunds")
        existing = self._existing(
            export._refunds, Refund.number, [r["number"] for r in recs], "number"
        )
        for rec in recs:
            if rec["number"] in existing:
                self._same_or_refuse(rec, existing[rec["number"]], _("the refund"))
                self.result_.unchanged["Refunds"] += 1
                continue
            ok = self._customer_ref(rec)
            src = rec["source"]
            if src not in (None, INVALID):
                doc = self._payment(src) or self._invoice(src)
                if doc is None:
                    self.chk.fault(
                        rec,
                        "source",
                        _("is not a payment or credit note in this workbook or in the book"),
                    )
                elif ok and doc["customer"] != rec["customer"]:
                    self.chk.fault(
                        rec,
                        "source",
                        _("belongs to customer {customer}, not {customer2}").format(
                            customer=doc["customer"], customer2=rec["customer"]
                        ),
                    )
            if rec["order"] not in (None, INVALID) and ok:
                self._order_of(rec, "order", rec["customer"])
            self.new["Refunds"].append(rec)

    def _check_unbilled(self) -> None:
        self.unbilled_status: dict[tuple[str, int], Rec] = {}
        plan_unbilled.check_unbilled(self)

    def _check_order_changes(self) -> None:
        recs = self._dupes("OrderChanges")
        numbers = [r["order"] for r in recs if in_book(self.orders.get(r["order"]))]
        existing: dict[tuple[str, int], dict[str, Any]] = {}
        for i in range(0, len(numbers), 500):
            for d in export._order_changes(self.cur, Order.number.in_(numbers[i : i + 500])):
                existing[d["order"], d["seq"]] = d
        for rec in recs:
            key = (rec["order"], rec["seq"])
            if key in existing:
                self._same_or_refuse(rec, existing[key], _("the order change"), skip=("posted",))
                self.result_.unchanged["OrderChanges"] += 1
                continue
            if self._order_of(rec, "order", None) is None:
                continue
            self.new["OrderChanges"].append(rec)

    def _check_settlements(self) -> None:
        plan_settlements.check_settlements(self)

    def result(self, dry_run: bool) -> ImportResult:
        r = self.result_
        r.dry_run = dry_run
        for sheet in SHEET_ORDER:
            keys = KEYS[sheet]
            r.created[sheet] = [
                " ".join(str(rec[k]) for k in keys) if len(keys) > 1 else str(rec[keys[0]])
                for rec in self.new[sheet]
            ]
        return r


def _ids_of(model: Any, field_: Any, numbers: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(numbers), 500):
        q: Any = model.select(field_, model.id).where(field_.in_(numbers[i : i + 500])).tuples()
        out.update(dict(q))
    return out
