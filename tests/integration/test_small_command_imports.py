"""A small command loads only what it needs (issue 12: start of small commands).

`acerto show invoice X --json` runs in a fresh interpreter; afterwards none of
the heavy libraries (Qt, the PDF and workbook writers and readers, the bank
file readers, fuzzy matching, Babel) and none of the spreadsheet exchange is in
sys.modules. A command that needs one imports it inside the command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.integration.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "PySide6",
    "shiboken6",
    "reportlab",
    "xlsxwriter",
    "python_calamine",
    "openpyxl",
    "ofxtools",
    "rapidfuzz",
    "babel",
    "app.exchange",
    "app.demo",
    "reports",
    "ui",
)

SCRIPT = """
import json, sys
from app.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _loaded_by(*args: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    modules: list[str] = report["modules"]
    return modules


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def _book_with_an_invoice(cli: Cli) -> str:
    cli.ok("init", "--currency", "EUR")
    cli.ok("customer", "add", "C1", "Cliente")
    number = cli.ok("invoice", "add", "--customer", "C1", "--date", "2026-03-02",
                    "--line", "Horas;2;50.00")  # fmt: skip
    return number


def test_show_invoice_json_loads_no_heavy_module(cli: Cli) -> None:
    number = _book_with_an_invoice(cli)
    modules = _loaded_by("--book", str(cli.path), "show", "invoice", number, "--json")
    assert "peewee" in modules and "app.cli.show" in modules  # the probe sees imports
    assert _heavy(modules) == []


def test_the_probe_sees_a_heavy_import(cli: Cli) -> None:
    """The same probe on `demo` names app.demo: the check above can fail."""
    modules = _loaded_by("--book", str(cli.path), "demo", "--invoices", "0", "--customers",
                         "1", "--quiet")  # fmt: skip
    assert "app.demo" in _heavy(modules)


# What `show invoice` does not need (issue 12: a command registered without
# importing the other command groups, their services, and the look-ups of
# other documents; the SQLite path without playhouse's URL parser, its
# migrator or urllib.request).
UNNEEDED = (
    "app.cli.bank",
    "app.cli.corrections",
    "app.cli.customers",
    "app.cli.invoices",
    "app.cli.orders",
    "app.cli.payments",
    "app.cli.reports",
    "app.cli.desktop",
    "app.services.invoices",
    "app.services.settlements",
    "app.services.corrections",
    "app.services.credit_notes",
    "app.services.chains",
    "app.services.orders",
    "app.services.payments",
    "app.services.bank",
    "app.read.lookups",
    "app.read.bank",
    "app.read.panes",
    "playhouse.db_url",
    "playhouse.migrate",
    "urllib.request",
    "babel",
)


def test_show_invoice_json_loads_no_service_it_does_not_need(cli: Cli) -> None:
    number = _book_with_an_invoice(cli)
    modules = _loaded_by("--book", str(cli.path), "show", "invoice", number, "--json")
    assert "app.read.queries" in modules and "app.services.book" in modules
    assert [m for m in UNNEEDED if m in modules] == []


def test_the_same_probe_sees_the_services_of_a_posting_command(cli: Cli) -> None:
    """`invoice add` loads its services: the check above can fail."""
    cli.ok("init", "--currency", "EUR")
    cli.ok("customer", "add", "C1", "Cliente")
    modules = _loaded_by("--book", str(cli.path), "invoice", "add", "--customer", "C1",
                         "--date", "2026-03-02", "--line", "Horas;2;50.00")  # fmt: skip
    assert {"app.cli.invoices", "app.services.invoices"} <= set(modules)
