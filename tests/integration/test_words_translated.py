"""Words a Portuguese or Spanish reader met in English (QA pass of issues 10 and 13).

`show` printed stored statuses and account names as stored ("posted", "receivables"),
`invoice add` said "Invoice …", the invoice PDF's "Payment terms:" sat in an f-string
the extractor does not read, and the statement's aging footer said "Current".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.bankfiles import Move, Stmt, n43
from tests.integration.conftest import Cli
from tests.integration.test_reports_pdf import flat, text_of


def _invoice(cli: Cli, lang: str) -> str:
    cli.ok("customer", "add", "C1", "Padaria São João", "--terms", "2% 10, net 30", "--lang", lang)
    return cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100")


def test_show_and_invoice_add_speak_portuguese(cli: Cli) -> None:
    _invoice(cli, "pt_BR")
    said = cli.run("--lang", "pt_BR", "invoice", "add", "--customer", "C1", "--amount", "5",
                   "--date", "2026-03-02").out  # fmt: skip
    assert said.startswith("Fatura INV-000002 para C1"), said
    text = cli.run("--lang", "pt_BR", "show", "invoice", "INV-000001").out
    assert "Fatura INV-000001 (lançada)" in text, text
    assert "contas a receber" in text and "vendas" in text, text
    listed = cli.run("--lang", "pt_BR", "invoice", "list").out
    assert listed.startswith("Número") and "fatura" in listed and "lançada" in listed, listed
    listed = cli.run("--lang", "pt_BR", "customer", "list").out
    assert listed.startswith("Código  Nome"), listed
    # The line and the journal texts are stored in the book's language (en here).
    for english in ("Invoice INV-000001 (", "posted", "receivables", " sales "):
        assert english not in text, (english, text)


def test_show_speaks_spanish_for_a_settled_invoice(cli: Cli) -> None:
    _invoice(cli, "es")
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-05", "--amount", "98")
    cli.ok("settle", "PAY-000001", "INV-000001")
    text = cli.run("--lang", "es", "show", "invoice", "INV-000001").out
    assert "Factura INV-000001 (liquidada)" in text, text
    assert "clientes" in text and "descuento por pronto pago" in text, text
    assert "Ajuste" in text and "Write-off" not in text, text
    text = cli.run("--lang", "es", "show", "payment", "PAY-000001").out
    assert "transferencia bancaria" in text and "bank transfer" not in text, text


def test_invoice_pdf_and_statement_footer_in_the_customers_language(
    cli: Cli, tmp_path: Path
) -> None:
    inv = _invoice(cli, "pt_BR")
    out = tmp_path / "inv.pdf"
    cli.ok("pdf", "invoice", inv, "--out", str(out))
    text = flat(text_of(out))
    assert "Condições de pagamento:" in text and "Payment terms" not in text, text
    out = tmp_path / "st.pdf"
    cli.ok("pdf", "statement", "C1", "--from", "2026-01-01", "--to", "2026-03-31",
           "--out", str(out))  # fmt: skip
    text = flat(text_of(out))
    assert "A vencer" in text and "Current" not in text, text


def test_a_bad_bank_file_is_refused_in_the_readers_language(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "extrato.n43"
    bad.write_bytes(b"x" * 50 + b"\n")
    r = cli.run("--lang", "pt_BR", "bank", "import", str(bad), "--format", "n43")
    assert r.code != 0
    assert "extrato.n43: linha 1: tem 50 caracteres; registros Norma 43 têm 80." in r.err, r.err
    r = cli.run("--lang", "es", "bank", "import", str(bad), "--format", "n43")
    assert "extrato.n43: línea 1: tiene 50 caracteres" in r.err, r.err
    good = tmp_path / "extracto.n43"
    moves = [Move(date(2026, 3, 2), Decimal("10.00"), "Ana", "", "fra 1", "R1")]
    good.write_bytes(n43(Stmt("ES9121000418450200051332", "EUR", Decimal(0),
                              date(2026, 3, 1), date(2026, 3, 3), moves)))  # fmt: skip
    cli.ok("bank", "import", str(good))
    r = cli.run("--lang", "es", "bank", "lines")
    assert "Línea  Fecha operación  Importe  Estado" in r.out, r.out
    assert "sin conciliar" in r.out and "unmatched" not in r.out, r.out


def test_a_refused_date_names_its_field_in_the_readers_language(cli: Cli) -> None:
    cli.ok("customer", "add", "C1", "Ana")
    r = cli.run("--lang", "pt_BR", "invoice", "add", "--customer", "C1", "--amount", "5",
                "--date", "2026-13-01")  # fmt: skip
    assert 'O campo data "2026-13-01" não existe no calendário.' in r.err, r.err
    r = cli.run("--lang", "es", "dunning", "--as-of", "2026-1-1", "--dry-run")
    assert 'El campo fecha de referencia "2026-1-1" no es una fecha' in r.err, r.err
