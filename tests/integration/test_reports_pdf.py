"""`acerto pdf credit-note` and `acerto pdf settlement`: the text the PDFs print."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.integration.conftest import Cli

HOSTILE = "<b>&amp; =1+1 Conceição"


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture
def discounted(cli: Cli) -> dict[str, str]:
    """Invoice 100.00 on 2 % 10 paid 98.00 on day 8, then fully credited: owed 98.00 (SPEC §3.4)."""
    cli.ok("settings", "set", "company_address", "Rua da Alfândega 10\n1100-016 Lisboa")
    cli.ok("settings", "set", "company_tax_id", "PT500000000")
    cli.ok(
        "customer",
        "add",
        "C1",
        HOSTILE,
        "--terms",
        "2% 10, net 30",
        "--address",
        "Calle Ñandú 3, Madrid",
    )
    inv = cli.ok(
        "invoice",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-01",
        "--line",
        "Café torrado ç ã é ñ;4;25.00",
    )
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-09", "--amount", "98.00")
    cli.ok("settle", pay, inv)
    cn = cli.ok("credit-note", inv, "--line", "1=4", "--reason", "Devolução <i>partida</i> & > 5 €")
    return {"invoice": inv, "payment": pay, "cn": cn}


def test_credit_note_prints_its_figures_and_text_literally(
    cli: Cli, discounted: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "cn.pdf"
    assert cli.ok("pdf", "credit-note", discounted["cn"], "--out", str(out)) == str(out)
    pages = text_of(out)
    text = flat(pages)
    assert len(pages) == 1
    for expected in (
        "Credit note",
        discounted["cn"],
        f"Credits invoice {discounted['invoice']}",
        "Conceição & Filhos, Lda",
        "Rua da Alfândega 10",
        "PT500000000",
        HOSTILE,
        "Calle Ñandú 3, Madrid",
        "Devolução <i>partida</i> & > 5 €",
        "Café torrado ç ã é ñ",
        "€25.00",
        "Total credited €100.00",
        "Cash discount reversed €2.00",
        "Amount owed to the customer €98.00",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    assert "<b>" in text  # the markup printed, not obeyed


def test_credit_note_of_an_invoice_number_is_refused(
    cli: Cli, discounted: dict[str, str], tmp_path: Path
) -> None:
    cli.fails(
        "pdf",
        "credit-note",
        discounted["invoice"],
        "--out",
        str(tmp_path / "x.pdf"),
        match="not a credit note",
    )
    cli.fails(
        "pdf",
        "credit-note",
        "CN-999999",
        "--out",
        str(tmp_path / "x.pdf"),
        match="no invoice or credit note",
    )


def test_settlement_report_lists_sources_parts_and_totals(cli: Cli, tmp_path: Path) -> None:
    cli.ok("settings", "set", "max_underpayment", "0.50")
    cli.ok("customer", "add", "C1", HOSTILE, "--terms", "2% 10, net 30")
    cli.ok("customer", "add", "C2", "Peña Hermanos", "--terms", "net 30")
    a = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100.00")
    b = cli.ok("invoice", "add", "--customer", "C2", "--date", "2026-03-01", "--amount", "1000.00")
    c = cli.ok("invoice", "add", "--customer", "C2", "--date", "2026-03-02", "--amount", "1000.00")
    p1 = cli.ok(
        "payment",
        "add",
        "--customer",
        "C1",
        "--date",
        "2026-03-09",
        "--amount",
        "98.00",
        "--ref",
        "<ref&1>",
    )
    cli.ok("settle", p1, a)  # 2.00 cash discount
    p2 = cli.ok("payment", "add", "--customer", "C2", "--date", "2026-03-10", "--amount", "999.90")
    cli.ok("settle", p2, b)  # 0.10 written off
    p3 = cli.ok("payment", "add", "--customer", "C2", "--date", "2026-03-12", "--amount", "990.00")
    cli.ok("settle", p3, c, "--full-settlement")  # 10.00 waived
    out = tmp_path / "settlements.pdf"
    cli.ok("pdf", "settlement", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(out))
    text = flat(text_of(out))
    for expected in (
        "Settlement report",
        "2026-03-01 to 2026-03-31",
        f"Payment {p1}",
        f"Payment {p2}",
        f"Payment {p3}",
        HOSTILE,
        "Peña Hermanos",
        "<ref&1>",
        "98.00",
        "2.00",
        "999.90",
        "0.10",
        "10.00",
        "full settlement: the remaining 10.00 is waived",
        "underpayment 0.10 ≤ maximum 0.50, written off",
        "Money received (3 settlements) 2,087.90 2.00 0.10 10.00",
        "Page 1 of 1",
    ):
        assert expected in text, expected

    only = tmp_path / "c2.pdf"
    cli.ok(
        "pdf",
        "settlement",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--customer",
        "C2",
        "--out",
        str(only),
    )
    text = flat(text_of(only))
    assert p3 in text and p1 not in text
    assert "Money received (2 settlements) 1,989.90 0.00 0.10 10.00" in text


@pytest.mark.slow
def test_long_settlement_report_repeats_its_header_and_counts_pages(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("customer", "add", "C1", "Muñoz", "--terms", "net 30")
    for day in range(1, 29):
        inv = cli.ok(
            "invoice",
            "add",
            "--customer",
            "C1",
            "--date",
            f"2026-02-{day:02d}",
            "--amount",
            "10.00",
        )
        pay = cli.ok(
            "payment", "add", "--customer", "C1", "--date", f"2026-02-{day:02d}", "--amount", "6.00"
        )
        cli.ok("settle", pay, inv)
    out = tmp_path / "long.pdf"
    cli.ok("pdf", "settlement", "--from", "2026-02-01", "--to", "2026-02-28", "--out", str(out))
    pages = text_of(out)
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
        assert "Applied" in page and "Balance after" in page  # the header on every page
    assert "Money received (28 settlements) 168.00" in flat(pages)


def test_settlement_report_refuses_a_reversed_range(cli: Cli, tmp_path: Path) -> None:
    cli.fails(
        "pdf",
        "settlement",
        "--from",
        "2026-03-31",
        "--to",
        "2026-03-01",
        "--out",
        str(tmp_path / "x.pdf"),
        match="before the start",
    )


def _report(blocks: int, lines_each: int) -> Any:
    from app.read.report_data import Party, SettledLine, SettlementReport, SourceBlock
    from app.rules.money import Currency

    d = dt.date(2026, 3, 2)
    sources = []
    for b in range(1, blocks + 1):
        lines = [
            SettledLine(
                b * 10 + k,
                d,
                f"F-{b}-{k}",
                d,
                d,
                Decimal("10.00"),
                Decimal("6.00"),
                Decimal(0),
                Decimal(0),
                Decimal(0),
                Decimal("4.00"),
                "part payment",
                None,
                False,
            )
            for k in range(1, lines_each + 1)
        ]
        sources.append(
            SourceBlock(f"PAY-{b:04d}", "payment", d, "C1", "Muñoz", Decimal("6.00"), "", lines)
        )
    return SettlementReport(Currency.of("EUR"), Party("Conceição Lda"), d, d, None, sources)


@pytest.mark.parametrize("lines_each", [1, 3])
def test_a_payment_heading_never_ends_a_page(tmp_path: Path, lines_each: int) -> None:
    from reports.settlement_pdf import write_settlement_report

    # Without the keep-together rule, each of these sizes leaves a heading alone
    # at the foot of page 1 or 2.
    for blocks in (35, 41, 47):
        out = write_settlement_report(tmp_path / f"s{blocks}.pdf", _report(blocks, lines_each))
        for page in text_of(out):
            rows = [ln for ln in page.splitlines() if ln.startswith(("Payment PAY-", "2026-03-02"))]
            headings = [i for i, ln in enumerate(rows) if ln.startswith("Payment PAY-")]
            if headings:
                assert headings[-1] < len(rows) - 1, f"{blocks} blocks: a heading ends a page"


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Every font a PDF names, and whether its program is embedded."""
    out: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            out[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return out


def test_both_pdfs_name_only_embedded_fonts(
    cli: Cli, discounted: dict[str, str], tmp_path: Path
) -> None:
    cn, st = tmp_path / "cn.pdf", tmp_path / "st.pdf"
    cli.ok("pdf", "credit-note", discounted["cn"], "--out", str(cn))
    cli.ok("pdf", "settlement", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(st))
    for path in (cn, st):
        fonts = embedded_fonts(path)
        assert fonts and all(fonts.values()), fonts  # no Helvetica left unembedded
        assert all("DejaVu" in name for name in fonts), fonts


def test_a_corrective_invoice_in_the_settlement_report_is_called_one(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("customer", "add", "C1", "Peña Hermanos", "--terms", "net 30")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Hours;8;50")
    cli.ok("correct", "INV-000001", "--qty", "1=6", "--date", "2026-03-05")  # nets 100.00 off it
    out = tmp_path / "settlements.pdf"
    cli.ok("pdf", "settlement", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(out))
    text = flat(text_of(out))
    assert "Corrective invoice CI-000001" in text
    assert "Credit note CI-000001" not in text
