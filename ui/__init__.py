"""The window (PySide6).

Loading Shiboken replaces Python's `__import__` with PySide's own, which serves
only `from __feature__ import snake_case, true_property` (never used here): it
then reads the whole source file of every module an import statement returns
afterwards, looking for the word "PySide6" (about 140 modules and 25-30 ms of
CPU before the window's first paint; issue 12). The window puts the saved
import back, once Shiboken is loaded and before anything else of ui/ is.
"""

from __future__ import annotations

import builtins

import shiboken6  # noqa: F401  (installs PySide's import; PySide6 loads it anyway)


def _restore_import() -> None:
    """Python's own `__import__` again, if PySide's is the one installed."""
    original = getattr(builtins, "__orig_import__", None)
    feature = getattr(builtins, "__feature_import__", None)
    if original is not None and feature is not None and builtins.__import__ is feature:
        builtins.__import__ = original


_restore_import()
