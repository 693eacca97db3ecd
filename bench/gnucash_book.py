"""Build a GnuCash book of given invoices through GnuCash's Python bindings (issue 12's peer).

Run by bench/bench_gnucash.py with Debian's /usr/bin/python3 (package
python3-gnucash, GnuCash 4.13), never by the project's venv or its tests:

    /usr/bin/python3 bench/gnucash_book.py INVOICES.json BOOK.gnucash

INVOICES.json: {"currency": "EUR", "invoices": [[number, customer code, customer
name, date, due date, total in minor units, settled in minor units, paid on], ...]}.
Each invoice gets one line of its total on a Sales account, is posted to
Accounts Receivable with its due date, and what was settled on it is paid
from a Bank account on its last settlement's date. The book is GnuCash XML
(the SQLite backend of Debian's 4.13 fails to save a new book through the
bindings: "UNIQUE constraint failed: books.guid").
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime


def main(source: str, target: str) -> None:
    from gnucash import Account, GncNumeric, Session, SessionOpenMode
    from gnucash.gnucash_business import Customer, Entry, Invoice
    from gnucash.gnucash_core_c import ACCT_TYPE_BANK, ACCT_TYPE_INCOME, ACCT_TYPE_RECEIVABLE

    with open(source, encoding="utf-8") as f:
        spec = json.load(f)
    session = Session(f"xml://{target}", SessionOpenMode.SESSION_NEW_OVERWRITE)
    book = session.book
    root = book.get_root_account()
    cur = book.get_table().lookup("CURRENCY", spec["currency"])
    scale = 10 ** spec.get("places", 2)

    def account(name: str, kind: int) -> object:
        a = Account(book)
        a.SetName(name)
        a.SetType(kind)
        a.SetCommodity(cur)
        root.append_child(a)
        return a

    receivable = account("Accounts Receivable", ACCT_TYPE_RECEIVABLE)
    sales = account("Sales", ACCT_TYPE_INCOME)
    bank = account("Bank", ACCT_TYPE_BANK)
    customers: dict[str, object] = {}
    for number, code, name, on, due, total, settled, paid_on in spec["invoices"]:
        cust = customers.get(code)
        if cust is None:
            cust = customers[code] = Customer(book, code, cur, name)
        day = _day(on)
        inv = Invoice(book, number, cur, cust)
        inv.SetDateOpened(day)
        line = Entry(book, inv)
        line.SetDateEntered(day)
        line.SetDescription("Sale")
        line.SetQuantity(GncNumeric(1))
        line.SetInvAccount(sales)
        line.SetInvPrice(GncNumeric(total, scale))
        inv.PostToAccount(receivable, day, _day(due), "", True, False)
        if settled:
            inv.ApplyPayment(None, bank, GncNumeric(settled, scale), GncNumeric(1),
                             _day(paid_on or on), "", "")  # fmt: skip
    session.save()
    session.end()
    print(f"{len(spec['invoices'])} invoices, {len(customers)} customers: {target}")


def _day(text: str) -> datetime:
    d = date.fromisoformat(text)
    return datetime(d.year, d.month, d.day, 10, 59)  # GnuCash's neutral time of a date


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
