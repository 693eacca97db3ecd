"""What every command module shares: dates, amounts, line options and plain-text tables.

Dates default to today: the command line is the one place that reads the
clock; the domain receives dates as parameters.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app import i18n
from app.errors import UserError
from app.i18n import _, current
from app.rules.dates import parse_date
from app.rules.limits import MAX_WHOLE, check_whole, quote
from app.rules.money import Currency, parse_quantity
from app.services import book

if TYPE_CHECKING:
    from app.services.invoices import LineInput

Handler = Callable[[argparse.Namespace], int]
Subparsers = argparse._SubParsersAction  # type: ignore[type-arg]


def out(*lines: object) -> None:
    for line in lines:
        print(line)


def day(text: str | None, what: str | None = None) -> date:
    """A typed date, or today when none was given."""
    if text is None:
        return date.today()
    return parse_date(text, what)


def opt_day(text: str | None, what: str | None = None) -> date | None:
    return None if text is None else parse_date(text, what)


def book_currency() -> Currency:
    return book.currency()


def parse_amount(text: str | None, what: str = "") -> Decimal | None:
    return None if text is None else book_currency().parse(text, what)


def whole(text: str, what: str) -> int:
    raw = str(text).strip()
    if not (raw.isascii() and raw.isdigit()):
        raise UserError(
            _('The {what} "{text}" is not a whole number such as 1, 2 or 3.').format(
                what=what, text=quote(text)
            )
        )
    return check_whole(int(raw[:30]) if len(raw) <= 30 else MAX_WHOLE, what)


def count(text: str) -> int:
    """An argparse `type` for a count option (--limit, --invoices): refused past MAX_WHOLE."""
    raw = str(text).strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or int(raw) >= MAX_WHOLE:
        raise argparse.ArgumentTypeError(
            _('"{text}" is not a whole number from 0 to {value:,}').format(
                text=quote(text), value=MAX_WHOLE - 1
            )
        )
    return int(raw)


def line_quantities(items: Sequence[str] | None, what: str) -> dict[int, Decimal]:
    """'N=QTY' options (line number and quantity) into a mapping."""
    out: dict[int, Decimal] = {}
    for item in items or ():
        left, sep, right = str(item).partition("=")
        if not sep:
            raise UserError(
                _('"{item}" must be written as LINE=QUANTITY, e.g. 1=6.').format(item=item)
            )
        seq = whole(left, _('line number in {what} "{item}"').format(what=what, item=item))
        if seq in out:
            raise UserError(_("Line {seq} is named twice in {what}.").format(seq=seq, what=what))
        out[seq] = parse_quantity(right.strip(), _("quantity of line {seq}").format(seq=seq))
    return out


def order_discount(text: str | None) -> Decimal:
    """An order's --discount; none given is no discount."""
    discount = parse_amount(text, _("order discount"))
    return discount if discount is not None else Decimal(0)


def parse_lines(items: Sequence[str] | None) -> list[LineInput]:
    from app.services import invoices  # lazy: a command that reads needs no posting service

    cur = book_currency()
    return [invoices.parse_line(text, cur) for text in items or ()]


def money(value: str) -> str:
    """'1234.50' as the reader writes it: '1,234.50' in English, '1.234,50' in
    pt_BR and es (the JSON keeps the plain form)."""
    return said_amount(book_currency(), Decimal(value))


def said_amount(cur: Currency, value: Decimal) -> str:
    """An amount in a printed sentence or table: '1,234.50' in English, '1.234,50'
    in pt_BR and es."""
    lang = current()
    if lang == "en":
        return cur.display(value)
    from app.formats import amount  # lazy: Babel only for a reader who needs it

    return amount(value, cur, lang)


def said_day(value: date | str | None) -> str:
    """A date in a printed sentence or table: ISO in English, 31/03/2026 in pt_BR
    and es (the JSON and file names keep ISO); "" for none."""
    if value is None or value == "":
        return ""
    return i18n.said_day(value if isinstance(value, date) else date.fromisoformat(str(value)))


def word(key: str) -> str:
    """A stored status, account name or proposal kind in the language of the command."""
    words = {
        # document kinds
        "invoice": _("invoice"),
        "standalone": _("standalone invoice"),
        "credit_note": _("credit note"),
        "corrective": _("corrective invoice"),
        "payment": _("payment"),
        # statuses
        "draft": _("draft"),
        "posted": _("posted"),
        "partially_settled": _("partially settled"),
        "settled": _("settled"),
        "corrected": _("corrected"),
        "open": _("open"),
        "partially_invoiced": _("partially invoiced"),
        "invoiced": _("invoiced"),
        "cancelled": _("cancelled"),
        "billed": _("billed"),
        "not_chargeable": _("not chargeable"),
        "matched": _("matched"),
        "unmatched": _("unmatched"),
        "receivables": _("receivables"),
        "bank": _("bank"),
        "sales": _("sales"),
        "cash_discount": _("cash discount"),
        "over_underpayment": _("over/underpayment"),
        "refunds_payable": _("refunds payable"),
        "customer_advances": _("customer advances"),
        "unbilled": _("unbilled"),
        # payment methods the window offers (ui/dialogs/payment.py)
        "bank transfer": _("bank transfer"),
        "card": _("card"),
        "cash": _("cash"),
        "cheque": _("cheque"),
        "direct debit": _("direct debit"),
        # a bank proposal's kind (app/rules/bank_match.Proposal)
        "invoices": _("invoices"),
        "account": _("money on account"),
        "refund": _("refund"),
        "none": _("none"),
    }
    return words.get(key, key)  # a method the user typed stays as typed


def proposed(kind: str, targets: Sequence[str]) -> str:
    """A bank line's proposal in the reader's words: its kind, then what it settles
    ("invoices INV-000001, INV-000002", "refund REF-000001"); "money on account"
    and "none" name nothing after them (an empty target is none)."""
    return " ".join([word(kind), ", ".join(t for t in targets if t)]).rstrip()


def table(
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


def listing(
    headers: Sequence[str], rows: Sequence[Sequence[object]], right: set[int], empty: str
) -> int:
    """A list command's output: the rows under their headers, or `empty` when there are none."""
    if not rows:
        out(empty)
        return 0
    out(*table([headers, *rows], right=right, indent=""))
    return 0


def print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def date_option(p: argparse.ArgumentParser, help_: str | None = None) -> None:
    p.add_argument("--date", metavar="D", help=help_ or _("date (YYYY-MM-DD), default today"))


def lines_option(p: Any, help_: str, required: bool = False) -> None:
    """--line "DESC;QTY;PRICE", repeated (an invoice's or an order's lines)."""
    p.add_argument(
        "--line", action="append", required=required, metavar='"DESC;QTY;PRICE"', help=help_
    )


def limit_option(p: argparse.ArgumentParser) -> None:
    """--limit N of a list command."""
    p.add_argument(
        "--limit", type=count, default=200, help=_("list at most this many (default %(default)s)")
    )
