"""`check`, `settings`, `aging` and the commands' help as a pt_BR or es bookkeeper
reads them (trial 16): amounts with the decimal comma, yes and no in the reader's
words, counts that agree with their nouns, help for every argument. The JSON and
the book keep the plain figures and the English yes/no scripts read."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from app.cli import GROUPS, build_parser
from tests.integration.conftest import Cli

SAID = {"pt_BR": ("sim", "não"), "es": ("sí", "no")}


@pytest.fixture(autouse=True)
def wide_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one help line per option


@pytest.mark.parametrize("lang", ["pt_BR", "es"])
def test_settings_in_the_readers_words(cli: Cli, lang: str) -> None:
    yes, no = SAID[lang]
    assert cli.ok("--lang", lang, "settings", "set", "max_underpayment", "0,50") == (
        "max_underpayment = 0,50"
    )
    assert cli.ok("--lang", lang, "settings", "set", "full_settlement_allowed", no) == (
        f"full_settlement_allowed = {no}"
    )
    shown = cli.run("--lang", lang, "settings").out
    for key, value in (
        ("max_underpayment", "0,50"),
        ("discount_on_partial_payments", yes),
        ("full_settlement_allowed", no),
        ("discount_when_paid_in_full", no),
    ):
        assert re.search(rf"^{key} +{value}$", shown, re.M), (key, shown)
    assert not re.search(r" (yes|0\.50)$", shown, re.M), shown
    data = json.loads(cli.run("--lang", lang, "settings", "--json").out)
    assert (data["max_underpayment"], data["full_settlement_allowed"]) == ("0.50", "no")
    assert data["discount_on_partial_payments"] == "yes"
    # English stays English.
    assert cli.ok("settings", "set", "max_overpayment", "1,5") == "max_overpayment = 1.50"
    assert cli.ok("settings", "set", "discount_on_credit_notes", "off") == (
        "discount_on_credit_notes = no"
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "yes"),
        ("0", "no"),
        ("sim", "yes"),
        ("SIM", "yes"),
        ("não", "no"),
        ("nao", "no"),
        ("sí", "yes"),
        ("Si", "yes"),
    ],
)
def test_settings_set_takes_yes_and_no_in_each_language(cli: Cli, typed: str, stored: str) -> None:
    cli.ok("settings", "set", "discount_when_paid_in_full", "yes" if stored == "no" else "no")
    cli.ok("settings", "set", "discount_when_paid_in_full", typed)
    assert json.loads(cli.run("settings", "--json").out)["discount_when_paid_in_full"] == stored


def test_a_word_that_is_no_yes_or_no_is_refused(cli: Cli) -> None:
    cli.fails(
        "--lang", "pt_BR", "settings", "set", "discount_on_credit_notes", "talvez",
        match='discount_on_credit_notes aceita sim ou não .*"talvez"',
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "said"), [("pt_BR", "(12.345,60)"), ("es", "(12.345,60)"), ("en", "(12345.60)")]
)
def test_check_says_amounts_in_the_readers_format(cli: Cli, lang: str, said: str) -> None:
    cli.ok("customer", "add", "C1", "Padaria São João")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "12345.6")
    r = cli.run("--lang", lang, "check")
    assert r.code == 0 and said in r.out, r.out
    assert "(0.00)" not in r.out if lang != "en" else "(0.00)" in r.out
    replay = cli.run("--lang", lang, "check", "--replay").out
    one = {"pt_BR": "(1 documento, 0 liquidação, 2 linhas de diário) em ",  # CLDR: 0 is "one"
           "es": "(1 documento, 0 liquidaciones, 2 líneas de diario) en "}  # fmt: skip
    assert one.get(lang, "(1 document, 0 settlements, 2 journal lines) in ") in replay, replay


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "1 customer, open 100.00"), ("pt_BR", "1 cliente, em aberto 100,00"),
     ("es", "1 cliente, pendiente 100,00")],
)  # fmt: skip
def test_aging_counts_agree(cli: Cli, tmp_path: Path, lang: str, said: str) -> None:
    cli.ok("customer", "add", "C1", "Padaria São João")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "100")
    out = tmp_path / "aging.xlsx"
    r = cli.run("--lang", lang, "aging", "--as-of", "2026-03-31", "--out", str(out))
    assert r.code == 0 and said in r.out, r.out
    cli.ok("customer", "add", "C2", "Peña")
    cli.ok("invoice", "add", "--customer", "C2", "--date", "2026-03-01", "--amount", "1")
    r = cli.run("--lang", lang, "aging", "--as-of", "2026-03-31", "--out", str(out))
    assert re.search(r": 2 (customers|clientes),", r.out), r.out


# The bank commands' arguments are being worded on another branch (trial 16's report).
HELP_PENDING = {"bank", "show"}


def _arguments(parser: argparse.ArgumentParser, path: str) -> list[tuple[str, argparse.Action]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _arguments(sub, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction):
            found.append((path, action))
    return found


def test_every_argument_has_its_help() -> None:
    words = [w for _m, _f, ws in GROUPS for w in ws if w not in HELP_PENDING]
    bare = [
        (path, action.dest)
        for word in words
        for path, action in _arguments(build_parser(word), "acerto")
        if path.split()[1:2] == [word] and not action.help
    ]
    assert bare == []


def test_customer_edit_help_in_portuguese_and_spanish(cli: Cli) -> None:
    r = cli.run("--lang", "pt_BR", "customer", "edit", "--help")
    assert re.search(r"--name NAME +o novo nome do cliente", r.out), r.out
    assert re.search(r"^  code +o código do cliente$", r.out, re.M), r.out
    r = cli.run("--lang", "es", "settings", "set", "--help")
    assert "sí o no (también yes/no)" in r.out, r.out
