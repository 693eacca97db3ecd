"""Pictures of the window on a big book while a pane's exact count is still on its
thread (issue 12): the text box holds a short text, the pane shows its first
rows and "Rows: more than 10,000"; then Ctrl+End (the filter's real last rows,
still before the count); then once the count has arrived.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/shot_pane_capped.py BOOK OUT_DIR LANG [TEXT]

Writes OUT_DIR/pane-capped-LANG.png, pane-capped-end-LANG.png and
pane-counted-LANG.png. The book is bench/bench_pane_text.py's prepared one
(its today is 2026-06-30).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 6, 30)


def main() -> None:
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path, out, lang = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    text = sys.argv[4] if len(sys.argv) == 5 else "12"
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from app.services import book
    from ui import i18n
    from ui.context import BookContext
    from ui.main import MainWindow, make_application

    app = make_application()
    # the window's saved state (geometry, sorts) from a fresh folder, not the user's
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="shot-")
    )
    i18n.install(lang)
    book.open_book(path)
    window = MainWindow(BookContext(path, today=TODAY))
    window.show()
    while not window.status_totals.ready:
        app.processEvents()
    window.status_totals.settle()
    app.processEvents()  # the status bar's layout
    pane = window.panes["invoices"]
    pane.search.setText(text)
    pane._timer.stop()
    start = time.perf_counter()
    pane._filter_changed()  # as the text box's pause does
    shown = (time.perf_counter() - start) * 1000
    app.processEvents()  # the layout (the count's answer is still hundreds of ms away)
    out.mkdir(parents=True, exist_ok=True)
    model = pane.model
    print(
        f"{lang}: first rows of {text!r} in {shown:.0f} ms, exact={model.exact}, {window.pane_rows.text()!r}"
    )
    window.grab().save(str(out / f"pane-capped-{lang}.png"))
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    print(f"{lang}: Ctrl+End, exact={model.exact}, current row {pane.current_number()}")
    window.grab().save(str(out / f"pane-capped-end-{lang}.png"))
    while not model.exact and model.exact_count.busy():
        app.processEvents()
        time.sleep(0.01)
    window.status_totals.settle()
    app.processEvents()
    print(f"{lang}: counted, {model.rowCount():,} rows, current row {pane.current_number()}")
    window.grab().save(str(out / f"pane-counted-{lang}.png"))
    window.close()


if __name__ == "__main__":
    main()
