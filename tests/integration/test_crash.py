"""Commands killed with SIGKILL at random moments leave a book that checks
and files that are old or complete (tests/crash.py; issue 8).

The full lane runs 24 points (three of each command); the long count is
`python -m tests.crash --points 300` (docs/reliability.md keeps its figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import crash


@pytest.mark.slow
def test_killed_commands_leave_a_sound_book_and_whole_files(tmp_path: Path) -> None:
    tally = crash.run(24, tmp_path, seed=7)
    assert tally.points == 24
    assert set(tally.by_action) == set(crash.ACTIONS)
    assert tally.killed > 0 and tally.finished > 0  # both kinds of ending were met
    assert tally.problems == []
