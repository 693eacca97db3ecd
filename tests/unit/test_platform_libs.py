"""The window opens on a real display: every library Qt's xcb platform
plugin links is installed by scripts/setup (issue 10: the README's first
command aborted with exit 134 for want of libxcb-icccm4 and libxcb-keysyms1,
while every test ran offscreen and never loaded the plugin)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _xcb_libraries() -> list[Path]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    found = [qt / "plugins" / "platforms" / "libqxcb.so", *(qt / "lib").glob("libQt6XcbQpa.so*")]
    return [p for p in found if p.exists()]


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="ldd")
def test_the_xcb_plugin_finds_every_library_it_links() -> None:
    libs = _xcb_libraries()
    assert libs, "PySide6 ships no xcb platform plugin"
    missing = set()
    for lib in libs:
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, check=True).stdout
        missing |= {line.split()[0] for line in out.splitlines() if "not found" in line}
    assert not missing, f"run scripts/setup: not installed: {sorted(missing)}"
