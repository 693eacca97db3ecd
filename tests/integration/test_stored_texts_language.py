"""Order-change descriptions, order refund reasons and the unbilled items' journal
texts are written in the book's language (issue 10), from facts the book keeps:
the workbook reads the facts, never the sentence, so a pt_BR book in BRL or JPY
goes export → import into an empty book with its order-change history intact; a
book whose rows were stored before the facts (English texts only) still exports
and imports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.exchange import replay_check
from app.read.check import check_book
from app.rules.order_changes import ChangeFacts, QuantityChange, describe, english, legacy_facts
from app.services import book as book_service
from app.services import corrections, orders
from app.services.invoices import LineInput
from models.tables import JournalEntry, OrderChange, Refund, UnbilledItem
from reports.exchange_xlsx import import_exchange, write_exchange
from tests.builders import (
    BookHandle,
    D,
    day,
    make_customer,
    make_invoice,
    make_order,
    pay,
    settle,
)
from tests.integration.test_book_sheet import _empty_book, _rows

# line prices, a discount, the whole order's money, the cancelled order's line price
PRICES = {
    "BRL": ("150.00", "80.50", "50.00", "1661.00"),
    "JPY": ("15000", "8050", "500", "166100"),
}


def _history(code: str, lang: str) -> dict[str, str]:
    """Orders changed (a quantity, a line removed and added, a discount) and cancelled,
    both refunding money; unbilled items billed and written off. Returns numbers."""
    p1, p2, discount, whole = PRICES[code]
    book_service.initialise(code, "Padaria Conceição")
    book_service.set_setting("language", lang)
    make_customer("C1", terms="net 30", name="Padaria")
    order = make_order([("Farinha", "10", p1), ("Peça", "2", p2)], customer="C1")
    pay(whole, customer="C1", on=day(1), order=order)
    orders.change_order(order.number, day(2), quantities={1: D("8")}, discount=D(discount))
    orders.change_order(
        order.number, day(3), remove_lines=[2], add_lines=[LineInput("Frete", D("1"), D(p2))]
    )
    gone = make_order([("Açúcar", "1", p2)], customer="C1", on=day(3))
    pay(p2, customer="C1", on=day(3), order=gone)
    orders.cancel_order(gone.number, day(4))
    inv = make_invoice(lines=[("Horas", "8", p1)], customer="C1", on=day(5))
    ci = corrections.correct(inv.number, day(6), {1: D("6")})
    inv2 = make_invoice(lines=[("Quilos", "5", p2)], customer="C1", on=day(5))
    ci2 = corrections.correct(inv2.number, day(6), {1: D("4")})
    [first] = UnbilledItem.select().where(UnbilledItem.invoice == ci.id)
    [second] = UnbilledItem.select().where(UnbilledItem.invoice == ci2.id)
    corrections.bill_unbilled(first.id, day(8))
    corrections.write_off_unbilled(second.id, day(9))
    return {"order": order.number, "gone": gone.number}


def _texts() -> tuple[list[str], list[str], list[str]]:
    changes = [c.description for c in OrderChange.select().order_by(OrderChange.id)]
    reasons = [r.reason for r in Refund.select().order_by(Refund.id)]
    journal = [
        e.description
        for e in JournalEntry.select()
        .where(JournalEntry.description.contains(" "))
        .order_by(JournalEntry.id)
    ]
    return changes, reasons, journal


def test_a_portuguese_book_stores_its_order_changes_and_refunds_in_portuguese(
    book: BookHandle,
) -> None:
    numbers = _history("BRL", "pt_BR")
    changes, reasons, journal = _texts()
    assert changes == [
        "linha 1 (Farinha) quantidade 10 -> 8; desconto 50,00",
        "linha 2 (Peça) removida; linha adicionada: Frete",
        "cancelado",
    ]
    order, gone = numbers["order"], numbers["gone"]
    assert f"Reembolso: pedido {order} alterado: {changes[0]}" in reasons
    assert f"Reembolso: pedido {gone} cancelado" in reasons
    assert not any("Refund" in r or "order" in r for r in reasons), reasons
    billed = [t for t in journal if t.startswith("Item não faturado ")]
    assert len(billed) == 2 and billed[0].split(" faturado em ")[1].startswith("INV")
    assert billed[1].endswith(" não cobrável")
    assert not any(t.startswith("Unbilled item") for t in journal)
    assert check_book().ok and replay_check().ok


def test_quantities_in_a_stored_sentence_follow_the_books_language(book: BookHandle) -> None:
    book_service.initialise("EUR", "Lda")
    facts = ChangeFacts(quantities=(QuantityChange(1, "Kilos", D("2.5"), D("1234.5")),))
    cur = book_service.currency()
    assert describe(facts, cur) == "line 1 (Kilos) quantity 2.5 -> 1234.5"
    book_service.set_setting("language", "es")
    assert describe(facts, cur) == "línea 1 (Kilos) cantidad 2,5 -> 1.234,5"
    assert english(facts, cur) == "line 1 (Kilos) quantity 2.5 -> 1234.5"
    # The facts travel as JSON and come back the same.
    assert ChangeFacts.from_json(facts.to_json()) == facts
    assert facts.quantities_text() == "1=2.5->1234.5"


@pytest.mark.parametrize("code", sorted(PRICES))
def test_a_portuguese_book_survives_export_then_import_into_an_empty_book(
    book: BookHandle, tmp_path: Path, code: str
) -> None:
    _history(code, "pt_BR")
    before = _rows()
    texts = _texts()
    # order, seq, date, removed_lines, added_lines, discount, cancelled, description, posted,
    # after, quantities
    quantity, lines, cancel = before["OrderChanges"]
    assert quantity[10] == "1=10->8" and quantity[5] == D(PRICES[code][2]) and quantity[8]
    assert lines[3] == "2" and lines[4] == 1 and lines[8] and lines[9] is None
    assert cancel[6] is True and cancel[8] and cancel[7] == "cancelado"
    path, _ = write_exchange(tmp_path / "book.xlsx", book_service.currency())
    _empty_book(book, tmp_path, "empty.sqlite")
    import_exchange(path)
    assert book_service.currency().code == code
    assert _rows() == before
    assert _texts() == texts
    assert check_book().ok
    assert replay_check().ok


def _make_english_only() -> None:
    """Turn the book's rows back into what schema 9 stored: English texts, no facts."""
    cur = book_service.currency()
    for change in OrderChange.select():
        facts = ChangeFacts.from_json(change.facts)
        OrderChange.update(description=english(facts, cur), facts=None).where(
            OrderChange.id == change.id
        ).execute()
    for ref in Refund.select().where(Refund.order_change.is_null(False)):
        change = OrderChange.get_by_id(ref.order_change_id)
        number = change.order.number
        what = (
            "cancelled" if change.description == "cancelled" else f"changed: {change.description}"
        )
        Refund.update(reason=f"Refund: order {number} {what}", order_change=None).where(
            Refund.id == ref.id
        ).execute()
    for item in UnbilledItem.select().where(UnbilledItem.closed_entry.is_null(False)):
        entry = JournalEntry.get_by_id(item.closed_entry)
        text = (
            f"Unbilled item {item.id} billed on {item.billed_invoice.number}"
            if item.status == "billed"
            else f"Unbilled item {item.id} not chargeable"
        )
        JournalEntry.update(description=text).where(JournalEntry.id == entry.id).execute()
        UnbilledItem.update(closed_entry=None).where(UnbilledItem.id == item.id).execute()


def test_an_older_book_with_english_texts_exports_and_imports(
    book: BookHandle, tmp_path: Path
) -> None:
    _history("BRL", "pt_BR")
    new = _rows()
    _make_english_only()
    old = _rows()
    # The older rows read the same facts from their English texts.
    for sheet in ("OrderChanges", "Unbilled"):
        strip = (lambda r: r[:7] + r[8:]) if sheet == "OrderChanges" else (lambda r: r)
        assert [strip(r) for r in old[sheet]] == [strip(r) for r in new[sheet]], sheet
    assert old["OrderChanges"][0][7] == "line 1 (Farinha) quantity 10 -> 8; discount 50.00"
    assert legacy_facts(old["OrderChanges"][0][7], book_service.currency()).discount == 5000
    path, _ = write_exchange(tmp_path / "old.xlsx", book_service.currency())
    _empty_book(book, tmp_path, "empty.sqlite")
    import_exchange(path)  # the English texts are accepted for the rows they describe
    imported = _rows()
    assert [r[:7] for r in imported["OrderChanges"]] == [r[:7] for r in new["OrderChanges"]]
    assert imported["OrderChanges"][0][7] == new["OrderChanges"][0][7]  # now in Portuguese
    assert imported["Unbilled"] == new["Unbilled"]
    assert check_book().ok


def test_an_older_book_gains_the_fact_columns(tmp_path: Path) -> None:
    """Schema 10 on a book of schema 9 with an order change: the new columns go in,
    the older row keeps its English text and no facts (the export reads the text)."""
    import sqlite3

    from models.db import close_db, init_db
    from models.migrations import LATEST, MIGRATIONS, _m10_structured_texts

    before = MIGRATIONS.index(_m10_structured_texts)  # the version just before it

    path = tmp_path / "v9.sqlite"
    init_db(str(path))
    book_service.initialise("EUR", "Lda")
    make_customer("C1", name="Cliente")
    orders.change_order(make_order(customer="C1").number, day(2), discount=D("5"))
    close_db()
    con = sqlite3.connect(path)
    con.execute("UPDATE order_change SET facts = NULL")
    con.execute("ALTER TABLE order_change DROP COLUMN facts")
    con.execute("ALTER TABLE unbilled_item DROP COLUMN closed_entry")
    con.execute("UPDATE schema_version SET version = ?", (before,))
    con.commit()
    con.close()
    init_db(str(path))
    try:
        [change] = OrderChange.select()
        assert change.facts is None and change.description == "discount 5.00"
        [row] = _rows()["OrderChanges"]
        assert row[5] == D("5.00") and row[7] == "discount 5.00"
        assert UnbilledItem.select().count() == 0
    finally:
        close_db()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version FROM schema_version").fetchall() == [(LATEST,)]
        assert "closed_entry" in {r[1] for r in con.execute("PRAGMA table_info(unbilled_item)")}
    finally:
        con.close()


# The explanations a book stored before trial 16 reworded them: the setting's raw name
# and value, and Spanish's "hasta" without "el". Per language: (the words now, then).
FORMER_WORDS = {
    "en": [
        (
            ", and the book grants no cash discount when an invoice is paid in full)",
            "; book setting discount_when_paid_in_full is no)",
        )
    ],
    "pt_BR": [
        (
            ", e o livro não concede desconto financeiro quando a fatura é paga integralmente)",
            "; a configuração do livro discount_when_paid_in_full é no)",
        )
    ],
    "es": [
        (
            ", y el libro no concede descuento por pronto pago cuando la factura se paga "
            "íntegramente)",
            "; el ajuste del libro discount_when_paid_in_full es no)",
        ),
        ("% hasta el ", "% hasta "),
    ],
}


@pytest.mark.parametrize("lang", ["en", "pt_BR", "es"])
def test_explanations_in_a_former_wording_replay_without_difference(book, lang: str) -> None:
    """`check --replay` compares the stored explanations with the rules' again: an
    older book's wording is the same explanation, a changed figure is not."""
    from models.tables import Settlement

    book_service.set_setting("language", lang)
    first = make_invoice("100.00", customer="C1", terms="2% 10, net 30")
    second = make_invoice("300.00", customer="C1")
    third = make_invoice("1000.00", customer="C1")
    # The whole balance: the discount paid back; the discounted amount; a part of it.
    settle(pay("100.00", customer="C1", on=day(5)), first)
    settle(pay("294.00", customer="C1", on=day(5)), second)
    settle(pay("499.00", customer="C1", on=day(5)), third)
    stored = {s.id: s.explanation for s in Settlement.select()}
    assert not any("discount_when_paid_in_full" in text for text in stored.values())
    assert replay_check().ok
    for now, then in FORMER_WORDS[lang]:
        assert any(now in text for text in stored.values()), (now, stored)
        stored = {sid: text.replace(now, then) for sid, text in stored.items()}
    for sid, text in stored.items():
        Settlement.update(explanation=text).where(Settlement.id == sid).execute()
    assert replay_check().ok, replay_check().differences
    # A figure changed behind the application's back is still a difference.
    sid = min(stored)
    Settlement.update(explanation=stored[sid].replace("100", "101", 1)).where(
        Settlement.id == sid
    ).execute()
    assert len(replay_check().differences) == 1
