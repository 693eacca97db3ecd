"""What the window's start leaves until after its first paint (issue 12, start12d).

- PySide's `__feature__` import hook (it reads the source of every module imported
  after Shiboken) is put back to the import it wraps once `ui` is imported, and
  leaves any other hook alone;
- the shown pane's exact count waits for the first paint (its capped count and
  first page do not), then arrives as before; so does the search box's clear button
  (its icon loads the desktop's icon theme; the empty box looks the same without it);
- Python's cyclic collector is off while the window process starts and on again at
  the first paint, and `html` (for the detail's documents) was not imported for it
  (a whole `acerto --book B` process).
"""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ui
from app.read import panes
from tests.builders import day, make_customer, make_invoice
from ui.main import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_pysides_feature_hook_is_put_back() -> None:
    feature = getattr(builtins, "__feature_import__", None)
    if feature is None:  # a PySide without the hook: nothing to put back
        pytest.skip("this PySide installs no __feature__ import")
    assert builtins.__import__ is not feature
    # PySide's own lazy import stays (it is what the feature hook wrapped)
    assert builtins.__import__ is builtins.__orig_import__
    from PySide6.QtWidgets import QSplitter  # a class not imported yet still loads

    assert QSplitter.__name__ == "QSplitter"


def test_another_import_hook_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def mine(*args: Any, **kwargs: Any) -> Any:
        return builtins.__orig_import__(*args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", mine)
    ui._restore_import()
    assert builtins.__import__ is mine


def test_the_exact_count_and_the_clear_button_wait_for_the_first_paint(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(panes, "COUNT_CAP", 3)
    make_customer("C1", terms="net 30", name="Alpha")
    for i in range(6):
        make_invoice(f"{100 + i}.00", customer="C1", on=day(i))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    model = w.panes["invoices"].model
    search = w.panes["invoices"].search
    # built, not painted: the capped count and the first page, no exact count yet,
    # and no clear button in the (empty) search box
    assert (model.rowCount(), model.exact, model.exact_count.reads) == (4, False, 0)
    assert not search.isClearButtonEnabled()
    qtbot.wait(50)
    assert model.exact_count.reads == 0
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: model.exact, timeout=30_000)
    assert (model.rowCount(), model.exact_count.reads) == (6, 1)
    assert search.isClearButtonEnabled()
    qtbot.waitUntil(lambda: len(w.panes.made) == 3)
    assert all(p.search.isClearButtonEnabled() for p in w.panes.made.values())
    w.close()


PROBE = """
import gc, json, sys
import ui.main, ui.startup
seen = {}
built = ui.main.MainWindow.__init__

def init(self, *args, **kwargs):
    seen["collecting while built"] = gc.isenabled()
    built(self, *args, **kwargs)

painted = ui.startup.first_paint

def first_paint(totals):
    seen["collecting at the paint"] = gc.isenabled()
    seen["modules"] = sorted(sys.modules)
    return painted(totals)

ui.main.MainWindow.__init__ = init
ui.startup.first_paint = first_paint
from app.cli import main
seen["code"] = main(sys.argv[1:])
seen["collecting after"] = gc.isenabled()
print(json.dumps(seen), file=sys.stderr)
"""


def test_the_window_process_collects_again_at_its_first_paint(tmp_path, sqlite_book) -> None:  # type: ignore[no-untyped-def]
    make_customer("C1", terms="net 30")
    make_invoice("1234.50", customer="C1")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ACERTO_FIRST_PAINT": "paint",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--book", str(sqlite_book.path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen["code"] == 0 and "first-paint" in done.stdout, done.stderr
    assert seen["collecting while built"] is False
    assert seen["collecting at the paint"] is True
    assert seen["collecting after"] is True
    modules = set(seen["modules"])
    assert "ui.main" in modules
    assert {"html", "html.entities"}.isdisjoint(modules)
