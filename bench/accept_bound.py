"""What SQLite alone costs to write what accept-all wrote (issue 11's floor for accepting).

`write_bound(before, after)`: on a fresh copy of the book `before`, the
rows accept-all added to `after` (every table but the text indexes) are
inserted and its changed rows (the invoices' figures, the lines' status)
updated, each table's rows in one `executemany`, the indexes in place, in one
transaction, committed. No rule, no matching, no Python per row beyond
sqlite3's own binding: no accept-all can write these rows for less on this
schema. Returns the CPU seconds by table and in all.

As accept-all writes them (models/references.py): SQLite's row-by-row
reference checks off for the transaction (each checking statement would
also keep a statement journal), the new rows' references then checked
once at the end, by the same query for every table.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

CHANGED = ("invoice", "bank_line", "customer_bank_account", "payment", "refund")


def _found(before: Path, after: Path) -> tuple[dict, dict]:
    a = sqlite3.connect(after)
    a.execute("ATTACH ? AS o", (str(before),))
    tables = [
        r[0]
        for r in a.execute(
            "SELECT name FROM o.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%\\_text%' ESCAPE '\\'"
        )
    ]
    inserted, updated = {}, {}
    for t in tables:
        cols = [r[1] for r in a.execute(f'PRAGMA table_info("{t}")')]
        (top,) = a.execute(f'SELECT coalesce(max(rowid), 0) FROM o."{t}"').fetchone()
        new = a.execute(f'SELECT * FROM main."{t}" WHERE rowid > ?', (top,)).fetchall()
        if new:
            inserted[t] = (cols, new)
        if t not in CHANGED:
            continue
        differs = " OR ".join(f'm."{c}" IS NOT x."{c}"' for c in cols)
        join = f'FROM main."{t}" m JOIN o."{t}" x ON m.rowid = x.rowid'
        moved = [
            c
            for c in cols
            if a.execute(f'SELECT 1 {join} WHERE m."{c}" IS NOT x."{c}" LIMIT 1').fetchone()
        ]
        if moved:
            picks = ", ".join(f'm."{c}"' for c in moved)
            updated[t] = (
                moved,
                a.execute(f"SELECT {picks}, m.rowid {join} WHERE {differs}").fetchall(),
            )
    a.close()
    return inserted, updated


def _check_references(d: sqlite3.Connection, inserted: dict) -> None:
    """The new rows' references, each one looked up in its parent (none may be missing):
    one query a table over its new rows, as accept-all's own check (models/references.py)."""
    for t, (_cols, rows) in inserted.items():
        first = min(r[0] for r in rows)  # every table's first column is its id
        fks = d.execute(f'PRAGMA foreign_key_list("{t}")').fetchall()
        if not fks:
            continue
        tests = " OR ".join(
            f'(c."{fk[3]}" IS NOT NULL AND NOT EXISTS'
            f' (SELECT 1 FROM "{fk[2]}" p WHERE p."{fk[4] or "id"}" = c."{fk[3]}"))'
            for fk in fks
        )
        missing = d.execute(
            f'SELECT c.rowid FROM "{t}" c WHERE c.rowid >= ? AND ({tests}) LIMIT 1', (first,)
        ).fetchone()
        assert missing is None, (t, missing)


def write_bound(before: Path, after: Path, work: Path) -> dict[str, float]:
    inserted, updated = _found(before, after)
    shutil.copy(before, work)
    d = sqlite3.connect(work, isolation_level=None)
    for pragma in ("cache_size = -262144", "synchronous = full", "foreign_keys = 0"):
        d.execute(f"PRAGMA {pragma}")
    out: dict[str, float] = {}
    start = time.process_time()
    d.execute("BEGIN IMMEDIATE")
    for t, (cols, rows) in inserted.items():  # the rows first: the updates name them
        at = time.process_time()
        names = ", ".join(f'"{c}"' for c in cols)
        d.executemany(f'INSERT INTO "{t}" ({names}) VALUES ({", ".join("?" * len(cols))})', rows)
        out[f"{t} ({len(rows):,} new)"] = time.process_time() - at
    for t, (cols, rows) in updated.items():
        at = time.process_time()
        sets = ", ".join(f'"{c}" = ?' for c in cols)
        d.executemany(f'UPDATE "{t}" SET {sets} WHERE rowid = ?', rows)
        out[f"{t} ({len(rows):,} changed)"] = time.process_time() - at
    at = time.process_time()
    _check_references(d, inserted)
    out["references checked"] = time.process_time() - at
    at = time.process_time()
    d.execute("COMMIT")
    out["commit"] = time.process_time() - at
    out["all"] = time.process_time() - start
    d.close()
    return out
