"""The house's shape (issue 7), held by a test rather than by review: no function of the
application over 80 lines, no module over 550 (CONTRIBUTING.md, "Style": aim for ~500)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "models", "reports", "ui")
MAX_FUNCTION = 80
MAX_MODULE = 550


def _modules() -> list[Path]:
    found = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    assert len(found) > 100  # the walk found the house, not an empty folder
    return found


def _long_functions(source: str, limit: int) -> list[tuple[str, int]]:
    """The functions of `source` longer than `limit` lines (decorators aside), with their lengths."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit:
                out.append((node.name, length))
    return out


def test_no_function_is_over_80_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {name} ({length} lines)"
        for path in _modules()
        for name, length in _long_functions(path.read_text(encoding="utf-8"), MAX_FUNCTION)
    ]
    assert long == []


def test_no_module_is_over_550_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)} ({n} lines)"
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE
    ]
    assert long == []


def test_the_measure_sees_a_long_function() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION))
    assert _long_functions(f"def f():\n{body}\n", MAX_FUNCTION) == [("f", MAX_FUNCTION + 1)]
    method = body.replace("\n", "\n    ")
    assert _long_functions(f"class C:\n    async def g(self):\n    {method}\n", 10) == [
        ("g", MAX_FUNCTION + 1)
    ]
