"""A command builds only its group's parser, and that parser is the one of `acerto --help`.

app.cli.GROUPS names the module that registers each command (issue 12: start of
small commands). These tests hold the table to the parsers the modules build:
the same commands in the same order, and for every command the parser built
alone prints the same help, recursively through its sub-commands, as the one
inside the whole parser.
"""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

import app.cli as cli


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _helps(parser: argparse.ArgumentParser, path: str) -> list[tuple[str, str]]:
    """Every parser's --help under `parser`, with the words that reach it."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        parser.print_help()
    found = [(path, text.getvalue())]
    for name, sub in _subcommands(parser).items():
        found += _helps(sub, f"{path} {name}")
    return found


WORDS = [word for _module, _function, words in cli.GROUPS for word in words]


def test_the_table_lists_every_command_of_the_whole_parser_in_its_order() -> None:
    assert list(_subcommands(cli.build_parser())) == WORDS
    assert len(set(WORDS)) == len(WORDS)


@pytest.mark.parametrize("word", WORDS)
def test_a_command_built_alone_has_the_help_of_the_whole_parser(word: str) -> None:
    whole = _subcommands(cli.build_parser())[word]
    alone = _subcommands(cli.build_parser(word))
    assert word in alone
    helps = _helps(alone[word], word)
    assert helps == _helps(whole, word)
    assert len(helps) >= 1


def test_acerto_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out == dict(_helps(cli.build_parser(), "acerto"))["acerto"]
    assert all(word in out for word in WORDS)


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["show", "invoice", "INV-1", "--json"], "show"),
        (["--book", "b.sqlite", "show", "invoice", "X"], "show"),
        (["--book=b.sqlite", "--lang", "es", "settle", "PAY-1"], "settle"),
        (["--lang=pt_BR", "--book", "show", "check"], "check"),  # the book is named "show"
        (["--book", "x", "pdf", "invoice", "INV-1"], "pdf"),
        (["--help"], None),
        (["-h", "show"], None),
        (["--bo", "x", "show"], None),  # an abbreviation: the whole parser decides
        (["no-such-command"], None),
        (["--book"], None),
        ([], None),
    ],
)
def test_the_command_word_is_found_after_the_book_and_language(
    argv: list[str], word: str | None
) -> None:
    assert cli._command_word(argv) == word


def test_an_unknown_command_is_refused_by_the_whole_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err and "'show'" in err and "'aging'" in err
