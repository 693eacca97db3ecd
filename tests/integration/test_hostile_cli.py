"""Hostile command-line arguments: every amount, date and text argument ends in a
result or a sentence (exit 1, or 2 for a usage error), never a traceback, and
no message sends a control character raw to the terminal.

Fifty cases run in the fast lane, more in the slow one
(`ACERTO_FUZZ_CLI_EXAMPLES`).
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.conftest import Cli

SLOW_EXAMPLES = int(os.environ.get("ACERTO_FUZZ_CLI_EXAMPLES", "400"))
RAW_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

HOSTILE = [
    "",
    "abc",
    "-5",
    "0",
    "1e400",
    "NaN",
    "99999999999999999999",
    "999999999999.99",
    "1000000000000",
    "1,234",
    "3000-01-01",
    "1899-12-31",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "N" * 10_240,
    "\x00",
    "Evil\x1b[2J\x1b]0;title\x07",
    "bytes\udcff",
    "line\nbreak",
    "tab\there",
    "--help",
    "net 99999999999",
    "2% 99999, net 30",
    "x;99999999999;1",
    "x;1;99999999999999",
    "x;1e3;1",
    ";;",
]
argument = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))

# Each command with one argument left to fill ({}).
COMMANDS = [
    ("customer", "add", "{}", "Name"),
    ("customer", "add", "C9", "{}"),
    ("customer", "add", "C9", "Name", "--terms", "{}"),
    ("invoice", "add", "--customer", "C1", "--date", "{}", "--amount", "10"),
    ("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "{}"),
    ("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "{}"),
    ("invoice", "add", "--customer", "{}", "--date", "2026-03-01", "--amount", "10"),
    ("order", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "{}"),
    ("payment", "add", "--customer", "C1", "--date", "{}", "--amount", "10"),
    ("payment", "add", "--customer", "C1", "--date", "2026-03-05", "--amount", "{}"),
    ("payment", "add", "--customer", "C1", "--date", "2026-03-05", "--amount", "1", "--ref={}"),
    ("settle", "PAY-000001", "INV-000001", "--amount", "{}"),
    ("settle", "PAY-000001", "INV-000001", "--date", "{}"),
    ("settle", "{}", "INV-000001"),
    ("unsettle", "{}"),
    ("credit-note", "INV-000001", "--amount", "{}"),
    ("credit-note", "INV-000001", "--amount", "1", "--reason={}"),
    ("credit-note", "INV-000001", "--line", "{}"),
    ("correct", "INV-000001", "--qty", "{}"),
    ("settings", "set", "company_name", "{}"),
    ("settings", "set", "max_underpayment", "{}"),
    ("settings", "set", "default_terms", "{}"),
    ("settings", "set", "{}", "x"),
    ("show", "invoice", "{}"),
    ("show", "customer", "{}", "--json"),
    ("invoice", "list", "--limit", "{}"),
]


def fuzz(cli: Cli, examples: int) -> None:
    cli.ok("customer", "add", "C1", "Açores Pescas", "--terms", "2% 10, net 30")
    cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-01", "--line", "Hours;8;50")
    cli.ok("payment", "add", "--customer", "C1", "--date", "2026-03-05", "--amount", "100")

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.sampled_from(COMMANDS), argument)
    def one(command: tuple[str, ...], value: str) -> None:
        args = [value if part == "{}" else part for part in command]
        r = cli.run(*args)
        assert r.code in (0, 1, 2), (args, r.code, r.err)
        assert "Internal error" not in r.err and "Traceback" not in r.err, (args, r.err)
        assert not RAW_CONTROLS.search(r.err), (args, r.err)

    one()


def test_hostile_arguments_end_in_sentences(cli: Cli) -> None:
    fuzz(cli, 50)


@pytest.mark.slow
def test_hostile_arguments_end_in_sentences_many(cli: Cli) -> None:
    fuzz(cli, SLOW_EXAMPLES)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("customer", "add", "C1", "N" * 10_240), "10,240 characters long; at most 200"),
        (("customer", "add", "C1", "Evil\x1b[2J"), r"control character \\x1b"),
        (("customer", "add", "C\x00", "Nul"), "NUL"),
        (
            ("payment", "add", "--customer", "C1", "--date", "2026-03-01", "--amount", "1" * 20),
            "largest amount the book holds",
        ),
        (
            ("payment", "add", "--customer", "C1", "--date", "3000-01-01", "--amount", "1"),
            "outside the years 1900–2999",
        ),
        (("customer", "add", "C2", "Far", "--terms", "net 99999"), "at most 3,650"),
    ],
)
def test_limits_on_the_command_line(cli: Cli, args: tuple[str, ...], match: str) -> None:
    cli.ok("customer", "add", "C0", "Someone")
    if args[0] == "payment":
        cli.ok("customer", "add", "C1", "Payer")
    r = cli.fails(*args, match=match)
    assert not RAW_CONTROLS.search(r.err)
