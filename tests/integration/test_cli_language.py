"""The command line in the bookkeeper's language: --lang, else the environment.

Refusals and printed sentences follow the reader's language; sentences the
book stores (settlement explanations, journal texts) follow the book's
setting `language`, so a replay writes them again the same whatever
language the replay is run in.
"""

from __future__ import annotations

import pytest

from app import i18n

MISSING = {
    "en": 'There is no customer with code "NOPE".',
    "pt_BR": 'Não existe cliente com o código "NOPE".',
    "es": 'No existe ningún cliente con el código "NOPE".',
}


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def _partial_settlement(cli, on: str = "2026-03-05") -> tuple[str, str]:
    if cli.run("show", "customer", "C1").code != 0:
        cli.ok("customer", "add", "C1", "Açores Pescas", "--terms", "2% 10, net 30")
    inv = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100")
    pay = cli.ok("payment", "add", "--customer", "C1", "--date", on, "--amount", "49.00")
    return inv, pay


def test_english_by_default(cli) -> None:
    cli.fails("invoice", "add", "--customer", "NOPE", "--amount", "10", match=MISSING["en"])
    assert i18n.current() == "en"


@pytest.mark.parametrize("flag", ["pt_BR", "pt", "pt-BR", "pt_BR.UTF-8"])
def test_lang_option_portuguese(cli, flag: str) -> None:
    r = cli.fails(
        "--lang", flag, "invoice", "add", "--customer", "NOPE", "--amount", "10", match="Não"
    )
    assert MISSING["pt_BR"] in r.err
    assert i18n.current() == "en", "the caller's language is restored after the command"


def test_environment_spanish(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    r = cli.fails("invoice", "add", "--customer", "NOPE", "--amount", "10", match="No existe")
    assert MISSING["es"] in r.err
    # --lang wins over the environment.
    r = cli.fails("--lang", "en", "invoice", "add", "--customer", "NOPE", "--amount", "1", match="")
    assert MISSING["en"] in r.err


def test_language_setting_of_the_environment_order(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    monkeypatch.setenv("LANGUAGE", "pt_BR:en")  # LANGUAGE comes first, as gettext reads it
    r = cli.fails("invoice", "add", "--customer", "NOPE", "--amount", "10", match="Não")
    assert MISSING["pt_BR"] in r.err


def test_unknown_language_refused(cli) -> None:
    r = cli.run("--lang", "fr", "customer", "list")
    assert r.code == 2
    assert '"fr" is not a language of Acerto' in r.err


def test_printed_sentences_follow_the_reader(cli) -> None:
    inv, pay = _partial_settlement(cli)
    r = cli.run("--lang", "es", "settle", pay, inv)
    assert r.code == 0, r.err
    # The line is Spanish; the explanation is the book's (English) stored text.
    assert "Liquidación " in r.out
    assert "49.00 × 2 / 98 = 1.00, partial-payment discount, 2 % until 2026-03-11" in r.out


def test_stored_explanation_in_the_books_language(cli) -> None:
    cli.ok("settings", "set", "language", "pt-BR")
    inv, pay = _partial_settlement(cli)
    cli.ok("settle", pay, inv)  # the reader's language is English
    expl = cli.json("invoice", inv)["settlements"][0]["explanation"]
    # Amounts and dates as a Brazilian reads them (issue 10: no "1000.00" or ISO
    # date inside a Portuguese sentence); an English book keeps the plain form.
    assert expl.startswith("49,00 de PAY-")
    assert "49,00 × 2 / 98 = 1,00, desconto sobre pagamento parcial, 2 % até 11/03/2026" in expl
    assert "saldo agora 50,00" in expl
    assert "49.00" not in expl and "2026-03" not in expl
    # Shown in Spanish it is still the book's Portuguese text: it is stored, not composed.
    r = cli.run("--lang", "es", "show", "invoice", inv, "--json")
    assert expl in r.out
    # A replay writes the same texts again, whatever language it runs in.
    r = cli.run("--lang", "es", "check", "--replay")
    assert r.code == 0, r.err + r.out


def test_book_language_setting_refuses_others(cli) -> None:
    cli.fails("settings", "set", "language", "klingon", match='There is no language "klingon"')


def test_round_trip_keeps_the_books_language(cli, tmp_path) -> None:
    cli.ok("settings", "set", "language", "es")
    inv, pay = _partial_settlement(cli)
    cli.ok("--lang", "pt_BR", "settle", pay, inv)
    expl = cli.json("invoice", inv)["settlements"][0]["explanation"]
    assert "descuento sobre pago parcial" in expl
    assert "49,00 × 2 / 98 = 1,00" in expl and "11/03/2026" in expl
    out = tmp_path / "book.xlsx"
    cli.ok("export", str(out))
    other = tmp_path / "other.sqlite"
    cli.ok("--book", str(other), "init", "--currency", "EUR")
    cli.ok("--lang", "pt_BR", "--book", str(other), "import", str(out))
    r = cli.run("--book", str(other), "show", "invoice", inv, "--json")
    assert expl in r.out
    r = cli.run("--book", str(other), "check", "--replay")
    assert r.code == 0, r.err + r.out


def test_init_takes_the_language_of_the_command(book_path, capsys, tmp_path) -> None:
    from tests.integration.conftest import Cli

    cli = Cli(book_path, capsys)
    r = cli.run("--lang", "pt_BR", "init", "--currency", "BRL")
    assert r.code == 0, r.err
    assert "Livro " in r.out and "pronto" in r.out
    assert cli.run("settings", "--json").out.count('"language": "pt_BR"') == 1
    other = tmp_path / "es.sqlite"
    assert cli.run("--book", str(other), "init", "--language", "es").code == 0
    assert '"language": "es"' in cli.run("--book", str(other), "settings", "--json").out
    # A book with postings keeps its language when init is run again without --language.
    cli.ok("customer", "add", "C1", "Cliente")
    cli.ok("invoice", "add", "--customer", "C1", "--amount", "10")
    assert cli.run("--lang", "en", "init", "--currency", "BRL").code == 0
    assert '"language": "pt_BR"' in cli.run("settings", "--json").out
