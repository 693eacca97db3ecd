"""A CSV mapping given with `bank import --map` is kept with the bank account: the
account's next CSV files are read with it (and say so), and a different --map
replaces it (and says what it was)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import Cli

ODD = "Fecha Op.;Concepto Mov.;Importe EUR;Ordenante\n04/11/2026;INV-000001;98,00;Pena\n"
OTHER = "Dia;Texto;Cantidad;Quien\n05/11/2026;INV-000002;50,00;Acores\n"
SPEC = "date=Fecha Op.,reference=Concepto Mov.,amount=Importe EUR,counterparty=Ordenante"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_mapping_is_kept_per_account_reused_and_replaced(cli: Cli, tmp_path: Path) -> None:
    nov = _write(tmp_path, "nov.csv", ODD)
    out = cli.run("bank", "import", nov, "--account", "Santander", "--map", SPEC).out
    assert "added 1 line" in out and "replaced" not in out

    dec = _write(tmp_path, "dec.csv", ODD.replace("04/11/2026", "02/12/2026"))
    out = cli.run("bank", "import", dec, "--account", "Santander").out  # no --map
    assert "Read with the CSV mapping kept for bank account Santander: date=Fecha Op." in out
    assert "added 1 line" in out

    # Another account keeps no mapping: the same file is refused there.
    cli.fails("bank", "import", dec, "--account", "Caixa", match="CSV mapping")

    # A file of other columns, with its own mapping: the kept one is replaced, and said so.
    other = _write(tmp_path, "other.csv", OTHER)
    spec2 = "date=Dia,reference=Texto,amount=Cantidad,counterparty=Quien"
    out = cli.run("bank", "import", other, "--account", "Santander", "--map", spec2).out
    assert "The CSV mapping kept for bank account Santander is replaced" in out
    assert "it was date=Fecha Op." in out and "it is now date=Dia" in out
    assert "added 1 line" in out
    # ... and the next file of those columns needs no --map; the first columns now do.
    later = _write(tmp_path, "later.csv", OTHER.replace("05/11/2026", "06/11/2026"))
    assert "added 1 line" in cli.run("bank", "import", later, "--account", "Santander").out
    jan = _write(tmp_path, "jan.csv", ODD.replace("04/11/2026", "04/01/2027"))
    cli.fails("bank", "import", jan, "--account", "Santander", match='has no column "Dia"')

    # The same --map again replaces nothing.
    again = _write(tmp_path, "again.csv", OTHER.replace("05/11/2026", "07/11/2026"))
    out = cli.run("bank", "import", again, "--account", "Santander", "--map", spec2).out
    assert "replaced" not in out and "added 1 line" in out


def test_a_file_without_the_kept_mappings_columns_says_the_kept_mapping_was_used(
    cli: Cli, tmp_path: Path
) -> None:
    """A tester's garbage.txt, read with the account's kept mapping, was refused as
    'has no column "Dt Mov"' without a word of where that column came from."""
    cli.ok(
        "bank", "import", _write(tmp_path, "nov.csv", ODD), "--account", "Santander", "--map", SPEC
    )
    junk = _write(tmp_path, "junk.txt", "nothing here;really\n1;2\n")
    r = cli.fails("bank", "import", junk, "--account", "Santander", match="junk.txt: line 1: ")
    assert (
        'has no column "Fecha Op.", which the CSV mapping kept for bank account Santander '
        "names; give --map to read it with other columns." in r.err
    ), r.err
    # A mapping given now is the bookkeeper's own: the sentence says only that.
    r = cli.fails(
        "bank",
        "import",
        junk,
        "--account",
        "Santander",
        "--map",
        SPEC,
        match="the mapping names it",
    )
    assert "kept" not in r.err, r.err
    r = cli.fails(
        "--lang", "es", "bank", "import", junk, "--account", "Santander", match="junk.txt"
    )
    assert "Santander" in r.err and "--map" in r.err and "has no column" not in r.err, r.err
