"""Two workbooks compared cell by cell (python-calamine), and part by part.

    .venv/bin/python bench/compare_xlsx.py BEFORE.xlsx AFTER.xlsx

Prints each sheet's rows and cells, the rows that differ (the first ten),
the zip parts whose XML differs and both files' compressed sizes; exits 1
when a cell differs. Used to show that a faster writer gives the same
workbook (issue 12: the aging's, bench/README.md "Issue 12 (aging12c)";
its Parameters sheet's "Generated at" differs by design).
"""

from __future__ import annotations

import sys
import zipfile

from python_calamine import CalamineWorkbook


def main(before: str, after: str) -> int:
    a, b = CalamineWorkbook.from_path(before), CalamineWorkbook.from_path(after)
    if a.sheet_names != b.sheet_names:
        print("sheets differ:", a.sheet_names, b.sheet_names)
        return 1
    differing = 0
    for name in a.sheet_names:
        rows_a, rows_b = (wb.get_sheet_by_name(name).to_python() for wb in (a, b))
        print(f"{name}: {len(rows_a)} rows, {sum(map(len, rows_a))} cells; {len(rows_b)} rows")
        for i, (x, y) in enumerate(zip(rows_a, rows_b, strict=False), 1):
            if x != y:
                differing += 1
                if differing <= 10:
                    print(f"  row {i}: {x} != {y}")
        differing += len(rows_a) != len(rows_b)
    print("rows differing:", differing)
    with zipfile.ZipFile(before) as za, zipfile.ZipFile(after) as zb:
        for info in za.infolist():
            if info.filename not in zb.namelist() or za.read(info) != zb.read(info.filename):
                print("part differs:", info.filename)
        sizes = [sum(i.compress_size for i in z.infolist()) for z in (za, zb)]
    print(f"compressed: {sizes[0]:,} and {sizes[1]:,} bytes")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
