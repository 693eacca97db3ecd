"""peewee without psycopg2 at start, given the driver when a PostgreSQL book opens
(models/pg_driver.py; issue 12, start12d).

The command line imports peewee with psycopg2 hidden; `pg_driver.load()` must leave
peewee exactly as its own import with psycopg2 leaves it: every name of its module
and every plain constant of its classes (the adapter's transaction states), and
psycopg2's UUID adapter registered. Compared in two fresh processes, so a peewee
that sets anything more at import fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import PG_URL, fresh_postgres_book

ROOT = Path(__file__).resolve().parents[2]

STATE = """
import inspect, json, sys, uuid

def described(value):
    module = getattr(value, "__module__", None)
    module = module if isinstance(module, str) else ""
    name = getattr(value, "__name__", None)
    name = name if isinstance(name, str) else type(value).__name__
    if inspect.ismodule(value):
        return "module " + value.__name__
    if module.startswith("psycopg2") or name.startswith("psycopg2"):
        return "psycopg2 " + module + "." + name
    if isinstance(value, (int, str, bool, type(None))):
        return repr(value)
    return None

def state():
    import peewee
    import psycopg2.extensions
    out = {}
    for name, value in vars(peewee).items():
        text = described(value)
        if text is not None:
            out[name] = text
        if inspect.isclass(value) and value.__module__ == "peewee":
            for attr, inner in vars(value).items():
                if isinstance(inner, (int, str, bool, type(None))):
                    out[name + "." + attr] = repr(inner)
    out["uuid adapted"] = any(k[0] is uuid.UUID for k in psycopg2.extensions.adapters)
    return out
"""

HIDDEN = """
sys.modules["psycopg2"] = None
import peewee
del sys.modules["psycopg2"]
assert peewee.psycopg2 is None
from models import pg_driver
pg_driver.load()
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def _state(prelude: str) -> dict[str, object]:
    done = _run(STATE + prelude + "\nprint(json.dumps(state()))")
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_loading_the_driver_later_leaves_peewee_as_its_own_import_does() -> None:
    usual = _state("import peewee")
    later = _state(HIDDEN)
    assert usual["psycopg2"] == "module psycopg2" and usual["uuid adapted"] is True
    assert later == usual


def test_the_command_line_imports_peewee_without_the_driver() -> None:
    done = _run(
        "import sys, peewee\n"
        "import app.cli\n"
        "print(peewee.psycopg2 is None, 'psycopg2' in sys.modules)\n"
        "import psycopg2\n"  # importable again
        "print(psycopg2.__name__)"
    )
    assert done.returncode == 0, done.stderr
    # peewee imported before app.cli: nothing hidden, nothing changed
    assert done.stdout.split() == ["False", "True", "psycopg2"]
    done = _run(
        "import sys\n"
        "import app.cli, peewee\n"
        "print(peewee.psycopg2 is None, 'psycopg2' in sys.modules)\n"
        "import psycopg2\n"
        "print(psycopg2.__name__)"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "psycopg2"]


@pytest.mark.skipif(not PG_URL, reason="set ACERTO_TEST_PG=postgresql://... to run")
def test_a_postgresql_book_from_the_command_line() -> None:
    """The whole `acerto` process on a server's book: peewee got the driver."""
    fresh_postgres_book(PG_URL)
    code = "import sys\nfrom app.cli import main\nsys.exit(main())"
    done = _run(code, "--book", PG_URL, "customer", "add", "C1", "Alpha")
    assert done.returncode == 0, done.stderr
    done = _run(code, "--book", PG_URL, "show", "customer", "C1", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["code"] == "C1"
