"""`bank match --auto --dry-run` says what `--auto` then accepts (issue 16, defect B).

The dry run once proposed every line against the book as it was, while the
real run proposes each line against the book as the lines before it leave
it: two lines quoting one invoice, a customer paying by name twice, an IBAN
learned from one line and used by the next. On a book of three customers it
promised 14 lines and the run then posted 9. The property, on generated
books and statements: the dry run's accepted lines, their proposals and the
count below the confidence are the real run's, and the dry run writes nothing.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.exchange.bank import accept
from app.rules.statement import Statement, StatementLine, keyed
from app.services import bank
from models.db import close_db, init_db
from tests.builders import DAY0, dump_book, make_customer, make_invoice

D = Decimal
EXAMPLES = int(os.environ.get("ACERTO_BANK_DRY_EXAMPLES", "20"))
CUSTOMERS = [
    ("C1", "Peña Hermanos S.L.", "ES9121000418450200051332"),
    ("C2", "Açores Pescas", "PT50000201231234567890154"),
    ("C3", "Padaria Bom Dia", "PT50000201231234567890155"),
]
TERMS = ["net 30", "2% 10, net 30", "3% 5, 1% 15, net 45"]
# How a line's amount stands to its invoice's total: all of it, less 2 %, half, a
# little more, a little less.
SHAPES = ["total", "discount", "half", "more", "less"]
# How a line names whom it pays: the invoice's number, the payer's name, the payer's
# IBAN, the number and the IBAN (which teaches the account), nothing.
SAYS = ["number", "name", "iban", "number+iban", "nothing"]


@st.composite
def cases(draw: Any) -> dict[str, Any]:
    invoices = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(CUSTOMERS) - 1),
                st.integers(1000, 30000),  # cents
                st.integers(0, 10),  # days after DAY0
            ),
            min_size=1,
            max_size=8,
        )
    )
    n = len(invoices)
    lines = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.sampled_from(SHAPES),
                st.sampled_from(SAYS),
                st.integers(1, 25),  # days after the invoice
            ),
            min_size=1,
            max_size=14,
        )
    )
    return {
        "terms": [draw(st.sampled_from(TERMS)) for _c in CUSTOMERS],
        "invoices": invoices,
        "lines": lines,
        "least": draw(st.sampled_from(["0", "0.4", "0.9"])),
        "chunk": draw(st.sampled_from([accept.CHUNK, 2])),
    }


def _amount(total: Decimal, shape: str) -> Decimal:
    return {
        "total": total,
        "discount": total - (total * D("0.02")).quantize(D("0.01")),
        "half": (total / 2).quantize(D("0.01")),
        "more": total + D("3.00"),
        "less": total - D("0.30"),
    }[shape]


def _book(case: dict[str, Any]) -> None:
    for (code, name, _iban), terms in zip(CUSTOMERS, case["terms"], strict=True):
        make_customer(code, terms, name)
    posted = []
    for who, cents, days in case["invoices"]:
        on = DAY0 + timedelta(days=days)
        inv = make_invoice(D(cents).scaleb(-2), customer=CUSTOMERS[who][0], on=on)
        posted.append((inv.number, who, D(cents).scaleb(-2), on))
    lines = []
    for k, (i, shape, says, after) in enumerate(case["lines"]):
        number, who, total, on = posted[i]
        _code, name, iban = CUSTOMERS[who]
        text = number if "number" in says else "transferencia"
        payer = name.upper() if says == "name" else ""
        account = iban if "iban" in says else ""
        when = on + timedelta(days=after)
        amount = _amount(total, shape)
        lines.append(StatementLine(when, when, amount, "EUR", payer, account, f"{text} {k}"))
    lines.sort(key=lambda line: line.booking_date)
    statement = Statement("PT50X", "S1", "EUR", lines=keyed("PT50X", lines))
    bank.store_statements([statement], "s.xml")


def _said(report: accept.AutoReport) -> tuple[object, ...]:
    lines = [(a.line, a.proposal, a.proposal.invoices) for a in report.accepted]
    return lines, report.below, report.refused


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=cases())
def test_the_dry_run_accepts_what_the_run_accepts(case: dict[str, Any]) -> None:
    chunk = accept.CHUNK
    with tempfile.TemporaryDirectory() as folder:
        init_db(str(Path(folder) / "book.sqlite"))
        accept.CHUNK = case["chunk"]  # lines proposed and posted together
        try:
            _book(case)
            least = D(case["least"])
            before = dump_book()
            dry = accept.accept_all(least, dry_run=True)
            assert dump_book() == before  # nothing written
            real = accept.accept_all(least)
            assert [d.document for d in dry.accepted] == [""] * len(dry.accepted)
            assert _said(dry) == _said(real)
        finally:
            accept.CHUNK = chunk
            close_db()


def test_two_lines_quoting_one_invoice_are_counted_as_the_run_accepts_them() -> None:
    """The tester's case in small: the second line quoting an invoice the first one
    settles is no longer a sure proposal. The dry run counted both."""
    case = {
        "terms": ["net 30"] * len(CUSTOMERS),
        "invoices": [(0, 10000, 0), (1, 5000, 0)],
        "lines": [(0, "total", "number", 3), (0, "total", "number", 4), (1, "total", "number", 5)],
        "least": "0.9",
        "chunk": accept.CHUNK,
    }
    with tempfile.TemporaryDirectory() as folder:
        init_db(str(Path(folder) / "book.sqlite"))
        try:
            _book(case)
            dry = accept.accept_all(D("0.9"), dry_run=True)
            assert (len(dry.accepted), dry.below) == (2, 1)
            real = accept.accept_all(D("0.9"))
            assert _said(dry) == _said(real)
        finally:
            close_db()
