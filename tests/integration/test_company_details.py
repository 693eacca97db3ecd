"""Company details on customer documents: IBAN and logo settings, checked when set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfReader

from tests.integration.conftest import Cli
from tests.integration.test_reports_pdf import flat, text_of


def _images(path: Path) -> int:
    count = 0
    for page in PdfReader(str(path)).pages:
        resources: Any = page["/Resources"]
        xobjects = resources.get("/XObject", {})
        count += sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")
    return count


def test_iban_and_logo_are_checked_and_print_on_every_customer_document(
    cli: Cli, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (30, 60, 120)).save(logo)
    cli.fails("settings", "set", "company_iban", "PT50 0002 0123 1234 5678 9015 5",
              match="IBAN .* is not valid")  # fmt: skip
    cli.fails("settings", "set", "company_logo", str(tmp_path / "none.png"), match="no logo file")
    (tmp_path / "fake.png").write_text("not an image")
    cli.fails("settings", "set", "company_logo", str(tmp_path / "fake.png"),
              match="not a PNG, JPEG or SVG")  # fmt: skip
    cli.ok("settings", "set", "company_iban", "pt50000201231234567890154")
    cli.ok("settings", "set", "company_logo", str(logo))
    shown = cli.run("settings", "--json").out
    assert "PT50 0002 0123 1234 5678 9015 4" in shown and str(logo.resolve()) in shown
    cli.ok("customer", "add", "C1", "Ana", "--terms", "net 30")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "50.00")
    cn = cli.ok("credit-note", inv, "--amount", "10.00")
    for kind, number in (("invoice", inv), ("credit-note", cn)):
        out = tmp_path / f"{number}.pdf"
        cli.ok("pdf", kind, number, "--out", str(out))
        assert "IBAN PT50 0002 0123 1234 5678 9015 4" in flat(text_of(out)), kind
        assert _images(out) == 1, kind
    statement = tmp_path / "s.pdf"
    cli.ok("pdf", "statement", "C1", "--from", "2026-03-01", "--to", "2026-03-31",
           "--out", str(statement))  # fmt: skip
    assert _images(statement) == 1
    # Where the logo file has gone, the documents print without it.
    logo.unlink()
    cli.ok("pdf", "invoice", inv, "--out", str(tmp_path / "again.pdf"))
    assert _images(tmp_path / "again.pdf") == 0
    cli.ok("settings", "set", "company_logo", "")


def test_an_svg_logo_prints_as_a_drawing_and_a_hostile_one_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    """Issue 13 names PNG and SVG logos. An SVG is drawn as vectors (svglib), read
    with DTDs and entities refused, so a logo can never expand or fetch anything."""
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
        '<rect x="0" y="0" width="300" height="100" fill="#1e3c78"/></svg>'
    )
    bomb = tmp_path / "bomb.svg"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    )
    cli.fails("settings", "set", "company_logo", str(bomb), match="not a PNG, JPEG or SVG")
    cli.ok("settings", "set", "company_logo", str(logo))
    cli.ok("customer", "add", "C1", "Ana", "--terms", "net 30")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "50.00")
    with_logo, without = tmp_path / "a.pdf", tmp_path / "b.pdf"
    cli.ok("pdf", "invoice", inv, "--out", str(with_logo))
    cli.ok("settings", "set", "company_logo", "")
    cli.ok("pdf", "invoice", inv, "--out", str(without))

    def filled_rects(path: Path) -> int:
        data = PdfReader(str(path)).pages[0].get_contents().get_data()  # type: ignore[union-attr]
        return data.count(b" re")

    assert _images(with_logo) == 0  # a drawing, not a picture
    assert filled_rects(with_logo) > filled_rects(without)
