"""`acerto pdf invoice`: every receivable kind, its lines, totals and discount schedule."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pypdf import PdfReader

from app import i18n
from reports.doc_format import date_text
from tests.integration.conftest import Cli
from tests.integration.test_reports_pdf import HOSTILE, flat, text_of


def _pdf(cli: Cli, number: str, tmp_path: Path, lang: str = "") -> str:
    out = tmp_path / f"{number}.pdf"
    if lang:  # the customer's language is the document's
        customer = cli.json("invoice", number)["customer"]
        cli.ok("customer", "edit", customer, "--lang", lang)
    assert cli.ok("pdf", "invoice", number, "--out", str(out)) == str(out)
    return flat(text_of(out))


def _d(y: int, m: int, d: int, lang: str = "en") -> str:
    with i18n.language(lang):
        return date_text(dt.date(y, m, d))


def test_an_invoice_prints_lines_totals_and_the_discount_schedule(cli: Cli, tmp_path: Path) -> None:
    cli.ok("settings", "set", "company_address", "Rua da Alfândega 10\n1100-016 Lisboa")
    cli.ok("settings", "set", "company_tax_id", "PT500000000")
    cli.ok("settings", "set", "company_iban", "pt50 0002 0123 1234 5678 9015 4")
    cli.ok("customer", "add", "C1", HOSTILE, "--terms", "2% 10, 1% 20, net 30",
           "--address", "Calle Ñandú 3, Madrid")  # fmt: skip
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01",
                 "--line", "Café torrado <b>;4;25.00", "--line", "Açúcar & sal;3;10.50")  # fmt: skip
    text = _pdf(cli, inv, tmp_path)
    assert "Conceição & Filhos, Lda" in text and "Rua da Alfândega 10 1100-016 Lisboa" in text
    assert "Tax id PT500000000" in text and "IBAN PT50 0002 0123 1234 5678 9015 4" in text
    assert HOSTILE in text and "Calle Ñandú 3, Madrid" in text  # names print literally
    assert re.search(r"1 Café torrado <b> 4 25\.00 100\.00", text), text
    assert re.search(r"2 Açúcar & sal 3 10\.50 31\.50", text), text
    assert "Total (EUR) 131.50" in text
    assert "2% discount if paid within 10 days, 1% discount if paid within 20 days, net 30" in text
    # 131.50 × 2 % = 2.63 → 128.87 by 11 March; × 1 % = 1.32 (half up) → 130.18 by 21 March.
    assert (
        f"Pay 128.87 by {_d(2026, 3, 11)}, 130.18 by {_d(2026, 3, 21)}, "
        f"131.50 by {_d(2026, 3, 31)}."
    ) in text
    assert f"Due date {_d(2026, 3, 31)}" in text
    reader = PdfReader(str(tmp_path / f"{inv}.pdf"))
    assert reader.metadata is not None
    assert reader.metadata.title == f"Invoice {inv}"
    assert reader.metadata.author == "Conceição & Filhos, Lda"
    assert "book" not in str(dict(reader.metadata)).lower()  # no path, no URL, no password


def test_dates_and_amounts_follow_the_language_and_so_does_the_paper(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("customer", "add", "C1", "Ana", "--terms", "2% 10, net 30")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01",
                 "--line", "Serviço;1;1234.50")  # fmt: skip
    text = _pdf(cli, inv, tmp_path, lang="pt_BR")
    assert "1.209,81" in text and "1.234,50" in text  # 1234.50 − 2 % (24.69)
    assert "11/03/2026" in text and "31/03/2026" in text
    box = PdfReader(str(tmp_path / f"{inv}.pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = _pdf(cli, inv, tmp_path, lang="en")
    assert "1,209.81 by 2026-03-11" in text  # English dates are ISO (app/formats.py)
    box = PdfReader(str(tmp_path / f"{inv}.pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # Letter


def test_an_order_invoice_shows_its_order_and_the_order_money_applied(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("customer", "add", "C1", "Ana", "--terms", "net 30")
    order = cli.ok("order", "add", "--customer", "C1", "--date", "2026-03-01",
                   "--line", "Caixa;2;100.00")  # fmt: skip
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "150.00",
           "--order", order)  # fmt: skip
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-05", "--order", order,
                 "--amount", "200.00")  # fmt: skip
    text = _pdf(cli, inv, tmp_path)
    assert f"Order {order}" in text
    assert "Total (EUR) 200.00" in text
    assert f"Paid from order {order} -150.00" in text
    assert "Balance due 50.00" in text
    assert f"Pay 200.00 by {_d(2026, 4, 4)}." in text  # net 30: no discount tier


def test_standalone_and_corrective_invoices_print_and_credits_are_sent_elsewhere(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("customer", "add", "C1", "Ana", "--terms", "net 30")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01",
                 "--line", "Horas;10;50.00")  # fmt: skip
    ci = cli.ok("correct", inv, "--qty", "1=12", "--date", "2026-03-10")
    assert cli.json("invoice", ci)["total"] == "100.00"
    text = _pdf(cli, ci, tmp_path)
    assert text.startswith("Conceição") and "Corrective invoice" in text
    assert f"Corrects invoice {inv}" in text and "Total (EUR) 100.00" in text
    assert re.search(r"Horas -10 50\.00 -500\.00", text) and re.search(r"Horas 12 50\.00 600", text)
    standalone = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-02",
                        "--amount", "40.00")  # fmt: skip
    assert cli.json("invoice", standalone)["kind"] in ("standalone", "invoice")
    assert "Total (EUR) 40.00" in _pdf(cli, standalone, tmp_path)
    cn = cli.ok("credit-note", standalone, "--amount", "10.00")
    cli.fails("pdf", "invoice", cn, "--out", str(tmp_path / "cn.pdf"), match="pdf credit-note")
    assert not (tmp_path / "cn.pdf").exists()
    # A correction that credits points to its own PDF command (QA).
    other = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-03",
                   "--line", "Horas;10;50.00")  # fmt: skip
    down = cli.ok("correct", other, "--qty", "1=8", "--date", "2026-03-11")
    cli.fails("pdf", "invoice", down, "--out", str(tmp_path / "d.pdf"), match="pdf corrective")
