"""Installed like a desktop application (issue 10): `acerto` on the user's PATH
(scripts/install-launcher, run by scripts/setup) and a freedesktop.org menu
entry with its icon (`acerto install-desktop`, `--remove`). HOME and
XDG_DATA_HOME point into a temporary folder: the user's own are never touched."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("ACERTO_BOOK", str(tmp_path / "no-book-here.sqlite"))
    return home


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_desktop_writes_the_entry_and_icon_and_remove_takes_them_away(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-desktop"]) == 0
    share = home / ".local" / "share"
    entry = share / "applications" / "acerto.desktop"
    icon = share / "icons" / "hicolor" / "scalable" / "apps" / "acerto.svg"
    out = capsys.readouterr().out
    assert str(entry) in out and str(icon) in out
    e = _entry(entry)
    assert (e["Type"], e["Name"], e["Icon"], e["Terminal"]) == (
        "Application",
        "Acerto",
        "acerto",
        "false",
    )
    assert "Office" in e["Categories"].split(";")
    program = e["Exec"].split(" ")[0]
    assert os.path.isabs(program) and os.access(program, os.X_OK), program
    assert ET.parse(icon).getroot().tag.endswith("svg")
    assert not (home.parent / "no-book-here.sqlite").exists(), "install-desktop made a book"
    if shutil.which("desktop-file-validate"):
        found = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True)
        assert found.returncode == 0, found.stdout

    assert main(["install-desktop", "--remove"]) == 0
    assert not entry.exists() and not icon.exists()
    assert main(["install-desktop", "--remove"]) == 0
    assert "nothing removed" in capsys.readouterr().out


def test_xdg_data_home_is_followed(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    assert main(["install-desktop"]) == 0
    assert (data / "applications" / "acerto.desktop").is_file()
    assert not (home / ".local").exists()


def _install_launcher(home: Path, path: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "PATH": path}
    return subprocess.run(
        [str(ROOT / "scripts" / "install-launcher"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def test_the_launcher_puts_acerto_on_path_and_says_when_path_lacks_it(home: Path) -> None:
    bin_dir = home / ".local" / "bin"
    done = _install_launcher(home, "/usr/bin:/bin")
    launcher = bin_dir / "acerto"
    assert os.access(launcher, os.X_OK)
    assert f'exec "{ROOT}/.venv/bin/acerto" "$@"' in launcher.read_text()
    assert "not on your PATH" in done.stderr and ".profile" in done.stderr
    assert _install_launcher(home, "/usr/bin:/bin").stderr == ""  # unchanged: said once
    launcher.write_text(launcher.read_text().replace(str(ROOT), "/elsewhere"))
    rewritten = _install_launcher(home, f"{bin_dir}:/usr/bin:/bin")
    assert "wrote" in rewritten.stderr and "not on your PATH" not in rewritten.stderr
    assert str(ROOT) in launcher.read_text()
    _install_launcher(home, "/usr/bin:/bin", "--remove")
    assert not launcher.exists()


def test_the_launcher_leaves_a_foreign_acerto_alone(home: Path) -> None:
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "acerto").write_text("#!/bin/sh\necho mine\n")
    done = _install_launcher(home, "/usr/bin:/bin")
    assert "left as it is" in done.stderr
    assert (bin_dir / "acerto").read_text() == "#!/bin/sh\necho mine\n"
