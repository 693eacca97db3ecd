"""The least any import of a workbook's payments can cost on SQLite (issue 12's import row).

    python bench/import_bound.py IMPORTED EMPTY      # prints the seconds the writing took

What no import of a workbook can skip beyond reading it (python-calamine reading every
row, the import target's floor, measured apart): SQLite taking, from Python lists and
in one transaction, every row that `acerto import` wrote into IMPORTED (the same
tables, the same values) into EMPTY (a new book, left filled), and making those
tables' indexes after the rows, as a bulk load would. No validation, no rule, no
number, no journal worked out, no text index. The floor's whole process plus this
writing is a lower bound of the import's whole process.
"""

from __future__ import annotations

import sqlite3
import sys
import time


def new_rows(imported: str, empty: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables the import filled (the empty book's tables that are
    empty), text indexes (virtual tables and their own tables) left out."""
    src, dst = sqlite3.connect(imported), sqlite3.connect(empty)
    master = "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
    virtual = [
        n for n, sql in src.execute(master) if sql and sql.upper().startswith("CREATE VIRTUAL")
    ]
    rows = {}
    for (name,) in src.execute(master.replace("name, sql", "name")).fetchall():
        if name.startswith("sqlite_") or any(
            name == v or name.startswith(v + "_") for v in virtual
        ):
            continue
        if dst.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]:
            continue
        got = src.execute(f'SELECT * FROM "{name}"').fetchall()
        if got:
            rows[name] = got
    src.close()
    dst.close()
    return rows


def write(empty: str, rows: dict[str, list[tuple[object, ...]]]) -> None:
    db = sqlite3.connect(empty, isolation_level=None)
    names = ",".join(f"'{name}'" for name in rows)
    indexes = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({names})"
    ).fetchall()
    db.execute("BEGIN")
    for name, _sql in indexes:
        db.execute(f'DROP INDEX "{name}"')
    for name, got in rows.items():
        db.executemany(f'INSERT INTO "{name}" VALUES ({",".join("?" * len(got[0]))})', got)
    for _name, sql in indexes:
        db.execute(sql)
    db.execute("COMMIT")
    db.close()


def main() -> None:
    imported, empty = sys.argv[1:3]
    rows = new_rows(imported, empty)
    start = time.perf_counter()
    write(empty, rows)
    print(f"{time.perf_counter() - start:.4f}")


if __name__ == "__main__":
    main()
