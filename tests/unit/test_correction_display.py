"""Issue 9 QA: how correction chains and kept correction drafts read (SPEC §5, §9).

A chain's netting rows read the same wherever one is shown: alone (`show
settlement`), in the list of the invoice it settles (window detail), in the
list of the correction that made it, and in the settlement report (PDF).
"""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.read import lookups, queries
from app.read.report_data import settlement_report
from app.services import corrections, drafts
from tests.builders import D, balance, day, fresh, make_invoice, pay, settle

# The same 8 h invoice, and the check of the whole book after each test.
from tests.unit.test_correction_chains import (  # noqa: F401
    _book_is_consistent_after_each_test,
    eight_hours,
)


def paid_chain_8_10_4():  # type: ignore[no-untyped-def]
    """8 h paid 392 + 8.00 discount; corrected to 10 h, paid 98 + 2.00; corrected to 4 h."""
    inv = eight_hours()
    settle(pay("392.00", on=day(4)), inv)
    ci = corrections.correct(inv.number, day(5), {1: D("10")})
    settle(pay("98.00", on=day(7)), ci)
    ci2 = corrections.correct(ci.number, day(8), {1: D("4")})
    return inv, ci, ci2


def _rows(shown: list[dict[str, str]], source: str) -> list[tuple[str, str, str]]:
    return [(s["invoice"], s["amount"], s["discount"]) for s in shown if s["source"] == source]


def test_each_chain_netting_row_reads_the_same_wherever_it_is_shown() -> None:
    inv, ci, ci2 = paid_chain_8_10_4()
    expected = [(ci.number, "-98.00", "-2.00"), (inv.number, "-196.00", "-4.00")]
    assert _rows(queries.show_invoice(ci2.number)["settlements"], ci2.number) == expected
    # Each row alone, as `show settlement N` and its JSON read it.
    ids = [s["id"] for s in queries.show_invoice(ci2.number)["settlements"]]
    alone = [lookups.show_settlement(i) for i in ids]
    assert [(s["invoice"], s["amount"], s["discount"]) for s in alone] == expected
    # In the list of the invoice each row settles (the window's detail reads this).
    assert _rows(queries.show_invoice(ci.number)["settlements"], ci2.number) == expected[:1]
    assert _rows(queries.show_invoice(inv.number)["settlements"], ci2.number) == expected[1:]
    # The settlement report (the PDF), also for one customer.
    for report in (settlement_report(day(8), day(8)), settlement_report(day(0), day(30), "C1")):
        block = next(s for s in report.sources if s.number == ci2.number)
        assert [(ln.invoice, ln.applied, ln.discount) for ln in block.lines] == [
            (ci.number, D("-98.00"), D("-2.00")),
            (inv.number, D("-196.00"), D("-4.00")),
        ]
    # What the rows hand back adds up to the credit the customer is owed.
    assert queries.show_customer("C1")["credit"] == "294.00"


def test_a_single_credit_note_on_a_paid_invoice_still_reads_minus_98() -> None:
    inv = make_invoice(lines=[("Hours", "2", "50.00")], terms="2% 10, net 30")
    settle(pay("98.00", on=day(3)), inv)
    ci = corrections.correct(inv.number, day(5), {1: D("0")})
    row = queries.show_invoice(ci.number)["settlements"][0]
    assert (row["amount"], row["discount"]) == ("-98.00", "-2.00")
    assert lookups.show_settlement(row["id"])["amount"] == "-98.00"


def test_kept_draft_reads_what_posting_it_would_make() -> None:
    inv = make_invoice(lines=[("Hours", "8", "50.00"), ("Parts", "2", "10.00")])
    draft = corrections.correct(inv.number, day(3), {1: D("6")}, remove=[2], draft=True)
    shown = queries.show_invoice(draft.number)
    assert (shown["status"], shown["total"]) == ("draft", "-100.00")
    assert [
        (ln["line"], ln["original_quantity"], ln["quantity"], ln["new_amount"], ln["amount"])
        for ln in shown["lines"]
    ] == [(1, "8", "6", "300.00", "-100.00")]
    assert corrections.preview_draft(draft.number).total == D("-100.00")
    corrections.edit_correction(draft.number, {1: D("9"), 2: D("0")})
    shown = queries.show_invoice(draft.number)
    assert shown["total"] == "30.00"  # +50.00 hours, −20.00 parts
    assert [ln["amount"] for ln in shown["lines"]] == ["50.00", "-20.00"]
    ci = drafts.post_invoice(draft.number)
    assert fresh(ci).total == 3000
    assert (balance(inv), balance(ci)) == (D("420.00"), D("30.00"))  # 30.00 newly due


def test_a_correction_does_not_overwrite_a_kept_draft() -> None:
    inv = eight_hours()
    draft = corrections.correct(inv.number, day(3), {1: D("6")}, draft=True)
    for keep in (False, True):
        with pytest.raises(UserError, match=f"already has a correction draft, {draft.number}"):
            corrections.correct(inv.number, day(3), {1: D("7")}, draft=keep)
    # Nothing changed: the draft still holds 6 h and the invoice is still open in full.
    assert corrections.draft_quantities(fresh(draft))[0] == {1: D("6")}
    assert balance(inv) == D("400.00")
    assert lookups.correction_draft_of(inv.number) == draft.number
    drafts.delete_draft(draft.number)
    assert lookups.correction_draft_of(inv.number) is None
    ci = corrections.correct(inv.number, day(3), {1: D("7")})
    assert fresh(ci).total == -5000
