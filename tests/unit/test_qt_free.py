"""app/, models/ and reports/ import with PySide6 unimportable (STYLE: Qt-free core).

Runs in a fresh interpreter so no earlier import of Qt hides a stray one.
app.cli may import ui/ lazily inside a command, never at import time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import importlib
    import pkgutil
    import sys

    BLOCKED = ("PySide6", "shiboken6")

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"Qt is not importable here: {name}")
            return None

    sys.meta_path.insert(0, NoQt())
    for name in BLOCKED:
        sys.modules.pop(name, None)

    imported = []
    for package in ("app", "models", "reports"):
        root = importlib.import_module(package)
        imported.append(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue  # running it would start the program
            importlib.import_module(info.name)
            imported.append(info.name)
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED or m.split(".")[0] == "ui")
    assert not leaked, f"imported at import time: {leaked}"
    print("\\n".join(imported))
    """
)


def test_core_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    # The walk really covered the packages, the command line included.
    assert {
        "app.services.settlements",
        "app.rules.settlement",
        "app.cli",
        "models.tables",
        "models.migrations",
    } <= imported
    assert any(name.startswith("reports.") for name in imported)


def test_the_blocker_really_blocks() -> None:
    probe = SCRIPT.split("imported = []")[0] + "\nimport PySide6.QtCore\n"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "Qt is not importable here" in result.stderr
