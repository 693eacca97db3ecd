"""The corrective-invoice PDF (issue 10): titled as one, reversal negative, re-billed
lines positive, "Corrects invoice N", and the unbilled items the correction created."""

from __future__ import annotations

import re
from pathlib import Path

from tests.integration.conftest import Cli
from tests.integration.test_reports_pdf import flat, text_of


def _corrected(cli: Cli, *qty: str) -> tuple[str, str]:
    cli.ok("customer", "add", "C1", "Peña Hermanos", "--terms", "net 30")
    inv = cli.ok(
        "invoice", "add", "--customer", "C1", "--date", "2026-03-01",
        "--line", "Horas de consultoria;10;50.00", "--line", "Deslocação;2;30.00",
    )  # fmt: skip
    args = [a for q in qty for a in ("--qty", q)]
    return inv, cli.ok("correct", inv, *args, "--date", "2026-03-10")


def test_a_lowering_correction_prints_reversal_negative_rebilled_positive_and_unbilled(
    cli: Cli, tmp_path: Path
) -> None:
    inv, ci = _corrected(cli, "1=6", "2=2")
    out = tmp_path / "ci.pdf"
    assert cli.ok("pdf", "corrective", ci, "--out", str(out)) == str(out)
    text = flat(text_of(out))
    assert text.count("Corrective invoice") >= 2 and "Credit" not in text  # title and footer
    assert f"Corrects invoice {inv} of 2026-03-01" in text
    # Line 1 reversed (10 × 50.00) and billed again at 6; line 2 left as it was.
    assert re.search(r"Reversal: Horas de consultoria .*-10 €50\.00 -€500\.00", text), text
    assert re.search(
        r"Horas de consultoria Billed again \(line 1 of INV-\d+\) 6 €50\.00 €300\.00", text
    )
    assert "Total of this corrective invoice -€200.00" in text
    assert f"Invoice {inv} was €560.00" in text and "after this correction €360.00" in text
    assert "Amount owed to the customer €0.00" in text  # all of it taken off the open balance
    assert "Unbilled items this correction created" in text
    assert re.search(r"Horas de consultoria 4 €50\.00 €200\.00 open, to be billed", text), text
    # The window's and the CLI's credit-note PDF prints a corrective invoice the same way.
    again = tmp_path / "again.pdf"
    cli.ok("pdf", "credit-note", ci, "--out", str(again))
    assert flat(text_of(again)) == text


def test_a_raising_correction_is_due_and_has_no_unbilled_items(cli: Cli, tmp_path: Path) -> None:
    _inv, ci = _corrected(cli, "1=12", "2=2")
    out = tmp_path / "ci.pdf"
    cli.ok("pdf", "corrective", ci, "--out", str(out))
    text = flat(text_of(out))
    assert "Total of this corrective invoice €100.00" in text
    assert "Amount due by 2026-" in text and "Unbilled" not in text


def test_only_a_posted_corrective_invoice_prints_as_one(cli: Cli, tmp_path: Path) -> None:
    inv, _ci = _corrected(cli, "1=6")
    cli.fails(
        "pdf", "corrective", inv, "--out", str(tmp_path / "x.pdf"), match="not a corrective invoice"
    )
    assert not (tmp_path / "x.pdf").exists()
