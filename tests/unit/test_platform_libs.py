"""The window opens on a real display: every library Qt's xcb platform
plugin links is installed by scripts/setup (issue 10: the README's first
command aborted with exit 134 for want of libxcb-icccm4 and libxcb-keysyms1,
while every test ran offscreen and never loaded the plugin).

The list is read from the plugin with ldd (ui/platform_libs.py, no Qt
imported); these tests hold the check, the soname -> Debian package rule
scripts/setup installs by, and the sentence for a machine without a display."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui import platform_libs

linux_ldd = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="ldd"
)


@linux_ldd
def test_the_xcb_plugin_finds_every_library_it_links() -> None:
    libs = platform_libs.xcb_libraries()
    names = {p.name for p in libs}
    assert "libqxcb.so" in names, "PySide6 ships no xcb platform plugin"
    assert any(n.startswith("libQt6XcbQpa.so") for n in names)
    assert platform_libs.missing_libraries() == [], "run scripts/setup as root"
    assert platform_libs.main(["--check"]) == 0


@linux_ldd
def test_the_check_fails_naming_a_library_not_found(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = platform_libs.linked

    def one_missing(lib: Path) -> dict[str, str | None]:
        return {**real(lib), "libxcb-icccm.so.4": None}

    monkeypatch.setattr(platform_libs, "linked", one_missing)
    assert platform_libs.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4" in err and "apt-get install libxcb-icccm4" in err
    assert platform_libs.missing_packages() == ["libxcb-icccm4"]


@pytest.mark.skipif(not shutil.which("dpkg"), reason="a Debian machine")
@linux_ldd
def test_each_linked_library_belongs_to_the_package_the_rule_names() -> None:
    """The rule scripts/setup installs by, proved on the libraries that are here:
    dpkg says which package owns each file ldd resolved."""
    wanted: dict[str, str] = {}  # file -> soname
    for lib in platform_libs.xcb_libraries():
        for soname, path in platform_libs.linked(lib).items():
            if path is None or "PySide6" in path or soname.startswith("ld-linux"):
                continue
            real = str(Path(path).resolve())
            wanted[real] = wanted[real.replace("/usr/lib/", "/lib/", 1)] = soname
    # One dpkg call: it reads its whole database each time.
    found = subprocess.run(["dpkg", "-S", *wanted], capture_output=True, text=True).stdout
    owners: dict[str, set[str]] = {}
    for line in found.splitlines():
        packages, _, file = line.partition(": ")
        for package in packages.split(", "):
            owners.setdefault(wanted[file.strip()], set()).add(package.split(":")[0])
    for soname, packages in owners.items():
        assert platform_libs.debian_package(soname) in packages, (soname, packages)
    checked = len(owners)
    assert checked >= 10


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libEGL.so.1", "libegl1"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("not-a-library", None),
    ],
)
def test_debian_package_names(soname: str, package: str | None) -> None:
    assert platform_libs.debian_package(soname) == package


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland")
@pytest.mark.parametrize(
    ("env", "refused"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ],
)
def test_no_display_is_one_sentence_naming_the_choices(env: dict[str, str], refused: bool) -> None:
    problem = platform_libs.display_problem(env)
    assert (problem is not None) == refused
    if problem:
        assert problem.endswith(".") and ". " not in problem  # one sentence
        for choice in ("desktop session", "xvfb-run", "command line"):
            assert choice in problem


@linux_ldd
def test_a_start_remembers_a_check_that_found_everything(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The window's start runs ldd once; later starts read the remembered answer until
    the files or the loader's cache change (LD_LIBRARY_PATH stands in for them here)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    real = platform_libs.linked
    runs: list[Path] = []

    def counted(lib: Path) -> dict[str, str | None]:
        runs.append(lib)
        return real(lib)

    monkeypatch.setattr(platform_libs, "linked", counted)
    xcb = {"QT_QPA_PLATFORM": "xcb"}
    assert platform_libs.library_problem(xcb) is None
    first = len(runs)
    assert first == len(platform_libs.xcb_libraries()) >= 2
    assert platform_libs.remembered_file().is_file()
    assert platform_libs.library_problem(xcb) is None
    assert len(runs) == first  # remembered: no ldd
    assert platform_libs.missing_libraries() == []  # --check's way: always ldd
    assert len(runs) == 2 * first
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    assert platform_libs.library_problem(xcb) is None
    assert len(runs) == 3 * first  # another loader's path: checked again


@linux_ldd
def test_a_missing_library_is_never_remembered(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    real = platform_libs.linked
    monkeypatch.setattr(
        platform_libs, "linked", lambda lib: {**real(lib), "libxcb-icccm.so.4": None}
    )
    xcb = {"QT_QPA_PLATFORM": "xcb"}
    for _ in range(2):
        problem = platform_libs.library_problem(xcb)
        assert problem is not None and "libxcb-icccm.so.4" in problem
    assert not platform_libs.remembered_file().exists()


@linux_ldd
def test_the_check_names_what_ldd_finds_whatever_a_start_remembered(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A start remembered that every library was there; `--check` runs ldd and, finding
    one missing, names it (it printed "None": its sentence asked the remembered check)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    platform_libs._remember(platform_libs._found_key(platform_libs.xcb_libraries()))
    assert platform_libs.missing_libraries(remembered=True) == []
    real = platform_libs.linked
    monkeypatch.setattr(
        platform_libs, "linked", lambda lib: {**real(lib), "libxcb-icccm.so.4": None}
    )
    assert platform_libs.main(["--check"]) == 1
    assert "libxcb-icccm.so.4" in capsys.readouterr().err
