"""Guard against Qt bindings that leak references to None or the bools.

PySide6 6.12.0 returned None from void methods without a new reference; on
Python 3.11 (where None is not immortal) every `setValue`/`setText` call
drained None's count until the interpreter died in `none_dealloc`, at the
latest when it shut down. This test fails on any such binding.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel, QProgressDialog

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None and bools are immortal from Python 3.12"
)


def _drift(obj: object, call) -> int:
    before = sys.getrefcount(obj)
    for _ in range(200):
        call()
    return sys.getrefcount(obj) - before


def test_void_methods_keep_none_alive(qtbot) -> None:
    label = QLabel()
    dialog = QProgressDialog("Working", "Cancel", 0, 10)
    qtbot.addWidget(label)
    qtbot.addWidget(dialog)
    assert _drift(None, lambda: label.setText("x")) >= 0
    assert _drift(None, lambda: dialog.setValue(3)) >= 0


def test_bool_returning_methods_keep_bools_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    assert _drift(True, lambda: label.setEnabled(True)) >= 0
    assert _drift(False, label.isVisible) >= 0
