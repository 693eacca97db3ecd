"""A bank file a parsing library refuses is refused in our words, in the reader's language:
the file, the line when known, what is wrong in a bookkeeper's words, amounts in the
reader's figures; never a library's name or its English as the sentence (a tester read
"línea 14: expense (999.99) mismatch in summary (30)" and "não é um arquivo OFX que o
ofxtools consiga ler (OFX header is malformed: ...)")."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.bankfiles import WRITERS
from tests.integration.conftest import Cli
from tests.unit.test_bank_files import STMT

# What no refusal says: the libraries' names and their English words.
LEAKS = ("csb43", "ofxtools", "mt-940", "mt940.", "mismatch", "malformed", "Unable to parse")


def _refused(cli: Cli, tmp_path: Path, name: str, data: bytes, lang: str, *more: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    r = cli.fails(
        "--lang", lang, "bank", "import", str(path), "--account", "Caixa", *more, match=name
    )
    assert r.err.count("\n") == 1, r.err  # one sentence; nothing logged beside it
    for leak in LEAKS:
        assert leak not in r.err, r.err
    return r.err.strip()


def _closing_record(field: slice, value: str) -> bytes:
    lines = WRITERS["n43"](STMT).split(b"\r\n")
    closing = lines[-3]
    lines[-3] = closing[: field.start] + value.encode() + closing[field.stop :]
    return b"\r\n".join(lines)


# The closing record (33): debits' count and total, credits' count and total, balance.
# STMT has 1 debit of 50.00 and 4 credits of 1,430.56, from 1,000.00 to 2,380.56.
SUMS = [
    (slice(20, 25), "00007", "dá 7 como número de débitos, mas o extrato tem 1"),
    (slice(25, 39), "00000000099999", "dá 999,99 como total dos débitos, mas os débitos do "
     "extrato somam 50,00"),
    (slice(39, 44), "00002", "dá 2 como número de créditos, mas o extrato tem 4"),
    (slice(44, 58), "00000000123456", "dá 1.234,56 como total dos créditos, mas os créditos do "
     "extrato somam 1.430,56"),
    (slice(59, 73), "00000000000001", "dá 0,01 como saldo final, mas o saldo inicial e os "
     "movimentos dão 2.380,56"),
]  # fmt: skip


@pytest.mark.parametrize("field,value,said", SUMS)
def test_a_norma_43_closing_record_that_disagrees_is_said_in_words(
    cli: Cli, tmp_path: Path, field: slice, value: str, said: str
) -> None:
    err = _refused(cli, tmp_path, "sums.n43", _closing_record(field, value), "pt_BR")
    assert err == f"sums.n43: linha 12: o registro de fechamento (33) {said}.", err


def test_the_norma_43_sums_in_spanish(cli: Cli, tmp_path: Path) -> None:
    err = _refused(cli, tmp_path, "s.n43", _closing_record(*SUMS[1][:2]), "es")
    assert err == (
        "s.n43: línea 12: el registro final de cuenta (33) da 999,99 como total del Debe, pero "
        "los cargos del extracto suman 50,00."
    ), err


def test_a_file_read_as_ofx_that_has_no_ofx_header(cli: Cli, tmp_path: Path) -> None:
    data = WRITERS["mt940"](STMT).decode().encode("ascii", "replace")  # as the tester's
    err = _refused(cli, tmp_path, "nov.sta", data, "pt_BR", "--format", "ofx")
    assert err == "nov.sta: não começa com um cabeçalho OFX (OFXHEADER:100 ou <?OFX ...?>).", err
    assert ":20:" not in err  # not the file's own text either


def test_an_mt940_field_the_reader_cannot_read_is_named_with_its_line(
    cli: Cli, tmp_path: Path
) -> None:
    data = WRITERS["mt940"](STMT)
    start = data.index(b":60F:") + 5
    bad = data[:start] + b"X" + data[start + 1 :]
    err = _refused(cli, tmp_path, "bad.sta", bad, "es")
    assert err.startswith("bad.sta: línea 4: tiene un campo :60F: que no está escrito como "), err


def test_any_other_library_refusal_is_our_generic_sentence(cli: Cli, tmp_path: Path) -> None:
    """An OFX without its account: ofxtools refuses it with words of its own, which are at
    most a quoted detail after our sentence."""
    data = WRITERS["ofx1"](replace(STMT, account=""))
    err = _refused(cli, tmp_path, "x.ofx", data, "pt_BR")
    assert err.startswith(
        'x.ofx: não pode ser lido como OFX: está danificado ou não está nesse formato (detalhe: "'
    ), err
