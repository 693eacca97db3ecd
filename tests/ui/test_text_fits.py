"""No cut text (issue 10): the main window at its default size and every dialog that
`acerto screenshot` renders, in en, pt_BR and es, with every label, button, check box,
group title, tab and table header / visible cell checked against its space
(tests/ui/fits.py). English runs in the fast lane, the two translations in the slow one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.fits import cut_texts


def _cut_in(language: str, out: Path) -> tuple[list[str], set[str]]:
    from models.db import close_db
    from ui import i18n
    from ui.screenshot import take_screenshots

    found: list[str] = []
    seen: set[str] = set()

    def inspect(widget: Any, name: str) -> None:
        seen.add(name)
        if name in ("main", "payments", "orders", "correction-chain"):
            assert (widget.width(), widget.height()) == (1360, 800), name  # the default size
        found.extend(f"{name} [{language}] {problem}" for problem in cut_texts(widget))

    try:
        take_screenshots(str(out / "empty.sqlite"), str(out / "shots"), language, inspect=inspect)
    finally:
        close_db()
        i18n.install("en")
    return found, seen


def _check(language: str, tmp_path: Path) -> None:
    found, seen = _cut_in(language, tmp_path)
    assert {"main", "settle", "first-start", "bank", "settings", "refund"} <= seen
    assert not found, "\n".join(found)


def test_no_text_is_cut_in_english(qtbot: Any, tmp_path: Path) -> None:
    _check("en", tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["pt_BR", "es"])
def test_no_text_is_cut_in_the_translations(qtbot: Any, tmp_path: Path, language: str) -> None:
    _check(language, tmp_path)


def test_the_check_sees_a_cut_label_and_a_cut_amount(qtbot: Any) -> None:
    """The checker itself: a label narrower than its text and a cut amount are named."""
    from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    label = QLabel("Parcialmente liquidada", root)
    label.setFixedWidth(40)
    table = QTableWidget(1, 1, root)
    table.setItem(0, 0, QTableWidgetItem("1.234.567,89"))
    table.setColumnWidth(0, 30)
    layout.addWidget(label)
    layout.addWidget(table)
    root.show()
    qtbot.waitExposed(root)
    found = cut_texts(root)
    assert any("'Parcialmente liquidada' needs" in f for f in found), found
    assert any("'1.234.567,89' needs" in f for f in found), found
    label.setFixedWidth(400)
    table.setColumnWidth(0, 200)
    assert cut_texts(root) == []
