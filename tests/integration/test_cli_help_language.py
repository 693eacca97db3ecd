"""`acerto --help`, a command's help and argparse's usage errors in the reader's
language (issue 10): --lang (before the command), else the environment. The
command names, flags and choices stay as they are: they are the interface."""

from __future__ import annotations

import re

import pytest

from app import i18n
from app.cli import argparse_texts


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "200")  # one help line per option


def test_the_top_help_in_portuguese(cli) -> None:
    r = cli.run("--lang", "pt_BR", "--help")
    assert r.code == 0
    assert r.out.startswith("uso: acerto [-h] [--book PATH_OR_URL] [--lang L] COMMAND ...")
    assert "argumentos posicionais:" in r.out and "opções:" in r.out
    assert "mostrar esta ajuda e sair" in r.out
    assert "faturas: incluir, lançar, alterar, excluir, listar" in r.out
    assert "Sem comando, abre-se a janela." in r.out
    # The interface stays: command names and flags.
    for word in ("credit-note", "unsettle", "--book", "--lang", "COMMAND"):
        assert word in r.out
    assert "usage:" not in r.out and "show this help" not in r.out


def test_a_commands_help_in_spanish(cli) -> None:
    r = cli.run("--lang", "es", "import", "--help")
    assert r.code == 0
    assert r.out.startswith("uso: acerto import [-h] [--dry-run] [--take-settings] file")
    assert "argumentos posicionales:" in r.out and "opciones:" in r.out
    assert "el libro .xlsx que se importa" in r.out
    assert re.search(r"--dry-run +comprobar y decir lo que se crearía; no escribir nada", r.out)


def test_the_environment_chooses_when_there_is_no_lang(cli, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    r = cli.run("payment", "add", "--help")
    assert "opciones:" in r.out and "mostrar esta ayuda y salir" in r.out
    assert "referencia bancaria" in r.out


def test_usage_errors_are_translated(cli) -> None:
    r = cli.run("--lang", "pt_BR", "customer", "list", "--bogus")
    assert r.code == 2
    assert "uso: acerto" in r.err
    assert "acerto: erro: argumentos não reconhecidos: --bogus" in r.err
    r = cli.run("--lang", "es", "invoice", "add")
    assert r.code == 2
    assert "se requiere uno de los argumentos --line --amount --order-line" in r.err
    r = cli.run("--lang", "pt_BR", "show", "nothing", "X")
    assert "argumento what: opção inválida: 'nothing' (escolha entre" in r.err
    r = cli.run("--lang", "es", "customer", "add")
    assert "error: se requieren los siguientes argumentos: code, name" in r.err
    r = cli.run("--lang", "pt_BR", "invoice", "list", "--limit")
    assert "argumento --limit: esperado um argumento" in r.err


def test_a_commands_own_lang_option_is_not_the_messages_language(cli) -> None:
    """`customer add ... --lang es` is the customer's language, not the reader's."""
    r = cli.run("customer", "add", "--lang", "es")
    assert r.code == 2
    assert "the following arguments are required: code, name" in r.err


def test_english_is_unchanged(cli) -> None:
    r = cli.run("--help")
    assert r.out.startswith("usage: acerto [-h]")
    assert "positional arguments:" in r.out and "options:" in r.out
    assert "invoices: add, post, edit, delete, list" in r.out
    r = cli.run("customer", "list", "--bogus")
    assert "acerto: error: unrecognized arguments: --bogus" in r.err
    assert i18n.current() == "en"


@pytest.mark.parametrize("lang", ["pt_BR", "es"])
def test_argparse_placeholders_survive_translation(lang: str) -> None:
    """A translated argparse sentence keeps its %-placeholders (argparse fills them)."""
    with i18n.language(lang):
        for text in argparse_texts.TEXTS:
            said = i18n._(text)
            assert said != text or text == "%(prog)s: error: %(message)s\n"
            assert sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", said)) == sorted(
                re.findall(r"%\(\w+\)[sr]|%[sr]", text)
            ), (text, said)


def test_argparse_plural_is_translated() -> None:
    with i18n.language("pt_BR"):
        assert argparse_texts.plural(2) == "esperados %s argumentos"
    with i18n.language("es"):
        assert argparse_texts.plural(1) == "se esperaba %s argumento"
    assert argparse_texts.plural(2) == "expected %s arguments"
