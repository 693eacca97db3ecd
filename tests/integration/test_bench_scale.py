"""bench/scale.py, the one command for issue 12's targets, at a tiny size: every selected
target gets its row with numbers and a met / NOT met word, so the command cannot rot
unseen. No time is asserted."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bench import scale

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bench.scale", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_tiny_run_prints_a_row_per_target_with_numbers_and_a_verdict(tmp_path: Path) -> None:
    out = tmp_path / "scale.json"
    done = _run(tmp_path, "--invoices", "200", "--runs", "1", "--items", "200", "--payments",
                "200", "--only", "small,aging,import", "--keep", str(tmp_path / "books"),
                "--json", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(out.read_text())["rows"]
    assert [r["key"] for r in rows] == ["aging", "import", "import-bound", "small"]
    bound = rows.pop(2)  # calamine's process plus the import's rows written: a floor, no target
    assert bound["figure"][0] > bound["floor"][0] > 0
    assert bound["status"] == scale.ROWS["import-bound"].about
    figure = re.compile(r"\| [\d.,]+ / [\d.,]+ / [\d.,]+ s \| [\d.,]+ s \| [\d.]+× \| \d+ \|")
    for r in rows:
        assert len(r["figure"]) == 1 and r["figure"][0] > 0
        assert r["floor_median"] > 0 and r["peak_mb"] > 0
        assert r["status"] == "met" or r["status"].startswith("NOT met")
        line = next(x for x in done.stdout.splitlines() if x.startswith(f"| {r['what']}"))
        assert figure.search(line), line
        assert re.search(r"\| (met|NOT met[^|]*) \|$", line), line


def test_a_wrong_name_is_refused_before_any_book_is_built(tmp_path: Path) -> None:
    done = _run(tmp_path, "--only", "small,nonsense", "--keep", str(tmp_path / "books"))
    assert done.returncode != 0
    assert "no target nonsense" in done.stderr
    assert not (tmp_path / "books").exists()


def test_a_failed_bench_is_told_in_its_row_and_a_miss_names_its_profile() -> None:
    failed = scale.judge({"key": "check", "status": "failed: no book"})
    slow = scale.judge(
        {"key": "aging", "size": "1", "unit": "s", "figure": [6.0, 4.0, 7.0],
         "floor": [1.0, 2.0, 3.0], "peak_mb": 150.0}
    )  # fmt: skip
    heavy = scale.judge(
        {"key": "aging", "size": "1", "unit": "s", "figure": [1.0], "floor": None, "peak_mb": 250}
    )
    fast = scale.judge(
        {"key": "import", "size": "1", "unit": "s", "figure": [2.9], "floor": [1.0], "peak_mb": 1}
    )
    text = scale.table([failed, slow, heavy, fast])
    assert "| failed: no book |" in text
    assert (slow["median"], slow["ratio"], slow["met"]) == (6.0, 3.0, False)
    assert slow["status"].startswith("NOT met (time); profile: bench/README.md")
    assert heavy["status"].startswith("NOT met (memory)")
    assert fast["status"] == "met" and fast["ratio"] == 2.9


def test_every_profile_a_miss_names_is_a_heading_of_the_readme() -> None:
    readme = (ROOT / "bench" / "README.md").read_text()
    headings = {line.lstrip("#").strip() for line in readme.splitlines() if line.startswith("#")}
    for key, target in scale.ROWS.items():
        assert not target.profile or target.profile in headings, (key, target.profile)
